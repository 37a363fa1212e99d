"""People's time zones and working hours: taken from the browser, chosen, kept."""

from __future__ import annotations

import datetime as dt

from portal.models import User
from portal.services.accounts import users
from portal.services.accounts import working_hours
from tests import factories


def test_sign_in_takes_the_browser_zone_when_none_was_set(client, make):
    """A candidate who never set a zone gets their browser's at sign-in; the account page
    then says which zone times are shown in."""
    candidate = make.make_candidate()
    assert candidate.time_zone_set_at is None
    client.post(
        "/login",
        data={
            "email": candidate.email,
            "password": factories.PASSWORD,
            "browser_zone": "America/Los_Angeles",
        },
    )
    assert User.get_by_id(candidate.id).time_zone == "America/Los_Angeles"
    html = client.get("/candidate/account").get_data(as_text=True)
    assert "Times are shown in <strong>Los Angeles time</strong>" in html


def test_a_zone_already_set_is_not_moved_by_another_browser(client, make):
    """Signing in from a laptop set to another zone leaves the zone the person chose."""
    candidate = make.make_candidate(time_zone="America/Chicago", time_zone_set_at=dt.datetime.now())
    client.post(
        "/login",
        data={
            "email": candidate.email,
            "password": factories.PASSWORD,
            "browser_zone": "Europe/London",
        },
    )
    assert User.get_by_id(candidate.id).time_zone == "America/Chicago"


def test_a_bogus_browser_zone_is_ignored(client, make):
    """A made-up zone in the hidden field changes nothing (the agency's zone stands)."""
    candidate = make.make_candidate()
    client.post(
        "/login",
        data={
            "email": candidate.email,
            "password": factories.PASSWORD,
            "browser_zone": "Moon/Base",
        },
    )
    saved = User.get_by_id(candidate.id)
    assert (saved.time_zone, saved.time_zone_set_at) == ("Europe/London", None)


def test_accepting_an_invite_takes_the_browser_zone(client, make):
    """The invite's password page carries the browser's zone; accepting it sets it."""
    recruiter = make.make_recruiter()
    candidate = make.make_candidate(password=None)
    raw = users.issue_token(user=candidate, purpose="invite", hours=48, created_by=recruiter)
    page = client.get(f"/invite/{raw}").get_data(as_text=True)
    assert 'name="browser_zone"' in page
    client.post(
        f"/invite/{raw}",
        data={
            "password": "a long new phrase",
            "confirm": "a long new phrase",
            "browser_zone": "Australia/Sydney",
        },
    )
    assert User.get_by_id(candidate.id).time_zone == "Australia/Sydney"


def test_a_recruiter_sets_working_hours_and_a_bad_range_is_refused(client, make, login_as):
    """Hours and days are saved from the account page; an end before the start is refused
    beside the field, with what was typed kept."""
    recruiter = make.make_recruiter()
    login_as(recruiter)
    bad = client.post(
        "/recruiter/account",
        data={"form": "hours", "starts": "18:00", "ends": "09:00", "days": ["1", "2"]},
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "Your day must end after it starts." in html and 'value="18:00"' in html
    client.post(
        "/recruiter/account",
        data={"form": "hours", "starts": "08:30", "ends": "17:00", "days": ["1", "2", "3", "4"]},
    )
    hours = working_hours.of(User.get_by_id(recruiter.id))
    assert hours.describe() == "08:30–17:00, Mon–Thu, London time"


def test_slots_keep_to_the_wall_clock_on_the_days_the_clocks_change():
    """09:00-17:00 London every day: the Saturday before the clocks go back, 09:00 is
    08:00 UTC; on the Sunday they go back (02:00 BST to 01:00 GMT) and in winter, 09:00 UTC;
    the Sunday they go forward, 08:00 UTC again."""
    hours = working_hours.Hours(
        starts=9 * 60, ends=17 * 60, days=frozenset(range(1, 8)), time_zone="Europe/London"
    )

    def first_two(after):
        return [
            f"{t:%a %d %b %H:%M}"
            for t in working_hours.slots(hours, after=after, minutes=60, count=2)
        ]

    assert first_two(dt.datetime(2026, 10, 24, 6, 0)) == ["Sat 24 Oct 08:00", "Sat 24 Oct 08:30"]
    assert first_two(dt.datetime(2026, 10, 24, 15, 0)) == ["Sun 25 Oct 09:00", "Sun 25 Oct 09:30"]
    assert first_two(dt.datetime(2026, 12, 7, 20, 0)) == ["Tue 08 Dec 09:00", "Tue 08 Dec 09:30"]
    assert first_two(dt.datetime(2027, 3, 27, 17, 0)) == ["Sun 28 Mar 08:00", "Sun 28 Mar 08:30"]
