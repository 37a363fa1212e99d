"""Every candidate and share page fits a 390 x 844 phone: nothing sideways to scroll.

The page list is read from the URL map, so a new candidate page is measured the day it
is added (or this test says which one it could not reach).
"""

from __future__ import annotations

import datetime as dt

from portal.models import Debrief
from portal.models import ThankYouLetter
from tests import factories
from tests.browser.helpers import sign_in

SCREEN_WIDTH = 390
# Answers as long as people write them: long labels, long words, several lines.
LONG_ANSWERS = {
    "key_points": "Event streams for billing\nA 40-dashboard migration\nOn-call rota",
    "still_open": "Whether the team is remote-first or hybrid-with-Tuesdays-in-the-office",
    "concerns": "https://careers.example.com/engineering/platform/data-infrastructure-lead",
    "next_steps": "Second round with the VP of Engineering\nA take-home exercise",
}
NOT_PAGES = ("calendar", "letter_download")  # files, not pages


def _page_width(page) -> int:
    """How wide the page is laid out (CSS px): wider than the screen means sideways scroll."""
    return page.evaluate("() => document.documentElement.scrollWidth")


def _candidate_paths(app, ids: dict) -> list[str]:
    """Every GET page of the candidate blueprint, with this world's ids filled in."""
    paths = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            blueprint, _, view = rule.endpoint.partition(".")
            if blueprint != "candidate" or "GET" not in rule.methods or view in NOT_PAGES:
                continue
            missing = set(rule.arguments) - set(ids)
            assert not missing, f"{rule.rule}: no value for {missing} in this test's world"
            paths.append(url_for(rule.endpoint, **{a: ids[a] for a in rule.arguments}))
    return sorted(paths)


def test_every_candidate_and_share_page_fits_a_phone(live_server, phone):
    """At 390 px, each candidate page (the 'Debrief sent' page with long answers among
    them) and the client's share page are no wider than the screen."""
    with live_server.data():
        world = factories.make_candidate_world()
        Debrief.update(**LONG_ANSWERS).where(Debrief.id == world.debrief.id).execute()
        letter = ThankYouLetter.get(ThankYouLetter.interview == world.interview.id)
        upcoming = factories.make_interview(
            candidate=world.candidate, recruiter=world.recruiter, starts_in=dt.timedelta(days=1)
        )
    ids = {"interview_id": world.interview.id, "letter_id": letter.id}
    sign_in(phone, world.email)
    phone.wait_for_url("**/candidate/**")

    paths = _candidate_paths(live_server.app, ids)
    paths += [f"/candidate/interviews/{upcoming.id}", "/privacy", f"/s/{world.link.raw_token}"]
    assert f"/candidate/interviews/{world.interview.id}/debrief/sent" in paths
    too_wide = {}
    for path in paths:
        phone.goto(path)
        width = _page_width(phone)
        if width > SCREEN_WIDTH:
            too_wide[path] = width
    assert not too_wide, f"pages wider than a {SCREEN_WIDTH} px phone: {too_wide}"

    # On the 'Debrief sent' page each label sits above its value, and the candidate's
    # line breaks are kept (one key point per line).
    phone.goto(f"/candidate/interviews/{world.interview.id}/debrief/sent")
    label = phone.locator("dl.sent dt", has_text="Key points").bounding_box()
    value = phone.locator("dl.sent dd", has_text="Event streams for billing")
    assert label["y"] + label["height"] <= value.bounding_box()["y"]
    # innerText follows the CSS: collapsed white space would join the lines.
    assert "Event streams for billing\nA 40-dashboard migration" in value.inner_text()
