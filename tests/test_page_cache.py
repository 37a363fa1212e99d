"""Kept pages (portal.page_cache): fast on a second opening, never out of date or someone else's.

Each test drives the real app through HTTP and reads what a person would see.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re

import pytest

from portal import page_cache
from portal.models import ChecklistItem, Interview, ShareView
from tests.conftest import login


def _html(response) -> str:
    return response.get_data(as_text=True)


def _queries(response) -> int:
    return int(response.headers["X-Query-Count"])


def _url(interview, tail: str = "") -> str:
    return f"/candidate/interviews/{interview.id}{tail}"


@pytest.fixture(autouse=True)
def one_minute(monkeypatch):
    """Each test runs within one minute of the page keys (a test that straddled the turn
    of a minute would see its page drawn anew and fail for nothing)."""
    now = page_cache.minute()
    monkeypatch.setattr(page_cache, "minute", lambda: now)


@pytest.fixture
def recruiter(make):
    return make.make_recruiter(name="Rae Recruiter")


@pytest.fixture
def upcoming(make, client, login_as, recruiter):
    """A signed-in candidate with an interview tomorrow at 1 Main Street."""
    candidate = make.make_candidate(name="Noor Haddad")
    interview = make.make_interview(
        candidate=candidate, recruiter=recruiter, starts_in=dt.timedelta(days=1)
    )
    login_as(candidate)
    # Signing in starts a new CSRF token; the first page drawn after it makes one.
    client.get("/candidate/account")
    return interview


@pytest.fixture
def ended(make, client, login_as, recruiter):
    """A signed-in candidate whose interview ended 40 minutes ago."""
    candidate = make.make_candidate(name="Noor Haddad")
    interview = make.make_interview(
        candidate=candidate, recruiter=recruiter, starts_in=dt.timedelta(minutes=-100)
    )
    login_as(candidate)
    # Signing in starts a new CSRF token; the first page drawn after it makes one.
    client.get("/candidate/account")
    return interview


def test_a_page_opened_again_comes_back_the_same_without_reading_the_data(client, upcoming):
    """The second opening reads only the signed-in user (one query) and shows the same page."""
    first = client.get("/candidate/")
    again = client.get("/candidate/")
    assert _html(again) == _html(first)
    assert _queries(first) > 1
    assert _queries(again) == 1


def test_nothing_is_kept_when_keeping_is_turned_off(app, client, upcoming):
    """PAGE_CACHE_BYTES = 0: every opening renders the page from the data."""
    app.config["PAGE_CACHE_BYTES"] = 0
    app.extensions.pop("page_cache")
    first = client.get("/candidate/")
    again = client.get("/candidate/")
    assert _queries(again) == _queries(first) > 1


def test_a_tick_shows_on_the_next_opening_of_the_list(client, upcoming):
    """Open the list, tick an item by script, open the list again: it is ticked."""
    before = _html(client.get(_url(upcoming, "/prep")))
    assert "1 of" not in before
    item = ChecklistItem.select().where(ChecklistItem.interview == upcoming).first()
    answer = client.post(
        _url(upcoming, f"/prep/{item.id}"),
        data={"done": "1"},
        headers={"Accept": "application/json"},
    )
    assert answer.get_json()["ok"] is True
    after = _html(client.get(_url(upcoming, "/prep")))
    assert "1 of" in after and 'aria-pressed="true"' in after


def test_autosaved_typing_is_on_the_debrief_when_it_is_opened_again(client, ended):
    """Open the debrief, type (autosave), leave and come back: the text is there."""
    assert "Roadmap and team size" not in _html(client.get(_url(ended, "/debrief")))
    saved = client.post(
        _url(ended, "/debrief/autosave"),
        data={"key_points": "Roadmap and team size"},
        headers={"Accept": "application/json"},
    )
    assert saved.get_json()["ok"] is True
    assert "Roadmap and team size" in _html(client.get(_url(ended, "/debrief")))
    assert "Pick up where you left off" in _html(client.get("/candidate/"))


def test_a_recruiters_change_shows_on_the_candidates_page_at_once(app, client, upcoming, recruiter):
    """The recruiter moves the interview; the candidate's already opened page shows the new place."""
    assert "1 Main Street" in _html(client.get(_url(upcoming)))
    desk = app.test_client()
    login(desk, recruiter)
    response = desk.post(
        f"/recruiter/interviews/{upcoming.id}/edit",
        data={
            "position": str(upcoming.position_id),
            "round": "1",
            "starts_at": "2030-05-06T09:00",
            "ends_at": "2030-05-06T10:00",
            "time_zone": "Europe/London",
            "format": "onsite",
            "location": "5 Rue Example",
        },
    )
    assert response.status_code == 302, _html(response)[:300]
    page = _html(client.get(_url(upcoming)))
    assert "5 Rue Example" in page and "1 Main Street" not in page


def test_each_candidate_sees_only_their_own_page(app, make, recruiter):
    """Two candidates open the same address in turn: each sees their own name and interviews."""
    pages = {}
    for name, place in (("Ada Alpha", "Alpha House"), ("Bo Beta", "Beta Tower")):
        candidate = make.make_candidate(name=name)
        make.make_interview(candidate=candidate, recruiter=recruiter, location=place)
        browser = app.test_client()
        login(browser, candidate)
        browser.get("/candidate/")
        pages[name] = _html(browser.get("/candidate/"))
    assert "Hello, Ada Alpha" in pages["Ada Alpha"] and "Bo Beta" not in pages["Ada Alpha"]
    assert "Hello, Bo Beta" in pages["Bo Beta"] and "Ada Alpha" not in pages["Bo Beta"]


def _key(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)


def test_two_openings_of_the_debrief_never_share_a_send_key(client, ended):
    """A second tab opened from a kept page gets its own key, so its send is not a twin."""
    first_tab = _html(client.get(_url(ended, "/debrief")))
    second_tab = _html(client.get(_url(ended, "/debrief")))
    assert _key(first_tab) != _key(second_tab)
    # Everything else on the two pages is the same.
    assert first_tab.replace(_key(first_tab), "") == second_tab.replace(_key(second_tab), "")
    sent = client.post(
        _url(ended, "/debrief"),
        data={"action": "submit", "idempotency_key": _key(first_tab), "key_points": "Roadmap"},
    )
    assert sent.status_code == 302
    amended = client.post(
        _url(ended, "/debrief"),
        data={"action": "submit", "idempotency_key": _key(second_tab), "key_points": "Budget"},
    )
    assert amended.status_code == 302
    letters = _html(client.get(amended.headers["Location"]))
    assert "Changes sent to your recruiter (version 2)" in letters


def test_a_message_after_saving_shows_once(client, ended):
    """The "Draft saved" message shows on the page after saving, not on the next opening."""
    client.get(_url(ended, "/debrief"))
    saved = client.post(_url(ended, "/debrief"), data={"action": "save", "concerns": "Commute"})
    after_saving = _html(client.get(saved.headers["Location"]))
    assert 'class="flash flash-success">Draft saved' in after_saving
    assert 'class="flash' not in _html(client.get(_url(ended, "/debrief")))


def test_a_change_made_outside_the_portal_shows_within_the_minute(client, upcoming, monkeypatch):
    """A kept page lives at most until the minute turns (a CLI task changed the data, say)."""
    assert "1 Main Street" in _html(client.get(_url(upcoming)))
    Interview.update(location="Moved Without A Request").where(
        Interview.id == upcoming.id
    ).execute()
    assert "1 Main Street" in _html(client.get(_url(upcoming)))  # the kept copy, same minute
    later = page_cache.minute() + 1
    monkeypatch.setattr(page_cache, "minute", lambda: later)
    assert "Moved Without A Request" in _html(client.get(_url(upcoming)))


def test_signing_in_again_gives_pages_with_the_new_sessions_form_token(app, client, ended):
    """After signing out and in, a form from the next opening sends fine (no stale token)."""
    client.get(_url(ended, "/debrief"))
    candidate = ended.candidate
    client.post("/logout")
    login(client, candidate)
    page = _html(client.get(_url(ended, "/debrief")))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    saved = client.post(
        _url(ended, "/debrief"), data={"action": "save", "concerns": "Late", "csrf_token": token}
    )
    assert saved.status_code == 302


def test_every_opening_of_a_kept_share_page_is_counted(make, app):
    """The packet may come from the kept copy, but each opening is still logged."""
    link = make.make_share_link(sections=("summary",))
    client = app.test_client()
    first = client.get(f"/s/{link.raw_token}")
    again = client.get(f"/s/{link.raw_token}")
    assert _html(first) == _html(again)
    assert ShareView.select().where(ShareView.link == link.id).count() == 2


def test_a_revoked_link_is_gone_even_when_its_page_was_kept(make, app, recruiter):
    """Revoking wins over the kept copy on the very next request."""
    link = make.make_share_link(sections=("summary",), created_by=recruiter)
    client = app.test_client()
    assert client.get(f"/s/{link.raw_token}").status_code == 200
    desk = app.test_client()
    login(desk, recruiter)
    assert desk.post(f"/recruiter/shares/{link.id}/revoke").status_code == 302
    gone = client.get(f"/s/{link.raw_token}")
    assert gone.status_code == 404
    assert "no longer available" in _html(gone)


def test_the_next_person_on_a_shared_phone_never_sees_the_last_ones_page(client, make, recruiter):
    """A signs in, opens home, signs out; B signs in on the same browser: B's home, not A's."""
    for name in ("Ada Alpha", "Bo Beta"):
        candidate = make.make_candidate(name=name)
        make.make_interview(candidate=candidate, recruiter=recruiter)
        login(client, candidate)
        page = _html(client.get("/candidate/"))
        assert f"Hello, {name}" in page
        client.post("/logout")
    assert "Ada Alpha" not in page


def test_a_kept_page_comes_compressed_to_a_phone_that_asks(client, upcoming):
    """Compressed once when kept: the same page, gzipped, to a browser that accepts gzip."""
    gzip_ok = {"Accept-Encoding": "gzip, deflate, br"}
    first = client.get("/candidate/", headers=gzip_ok)
    again = client.get("/candidate/", headers=gzip_ok)
    plain = client.get("/candidate/")
    assert again.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in again.headers["Vary"]
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(again.data) == gzip.decompress(first.data) == plain.data
