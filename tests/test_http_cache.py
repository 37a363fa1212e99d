"""HTTP caching of candidate pages (portal.http_cache): 304 when nothing changed, never stale,
never someone else's.

Each test drives the real app and sends what a phone's browser sends on a second
opening: the page's ETag in If-None-Match.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal import http_cache
from portal.models import ChecklistItem
from portal.models import Interview
from portal.models import Interviewer
from portal.models import ShareView
from portal.models import ThankYouLetter
from tests.support import candidate_url
from tests.support import idempotency_key
from tests.support import login
from tests.support import page_text


def _sign_in(client, user) -> None:
    answer = login(client, user)
    assert answer.status_code == 302, page_text(answer)[:300]
    if user.is_candidate:
        # Signing in starts a new CSRF token; the first page with a form drawn after it
        # makes one (and so is sent without an ETag).
        client.get("/candidate/account")


def _again(client, path: str, first):
    """Open `path` again as a browser holding `first` does: sending its ETag."""
    return client.get(path, headers={"If-None-Match": first.headers["ETag"]})


@pytest.fixture(autouse=True)
def one_minute(monkeypatch):
    """Each test runs within one minute of the ETags (a test that straddled the turn of a
    minute would see its page drawn anew and fail for nothing)."""
    now = http_cache.minute()
    monkeypatch.setattr(http_cache, "minute", lambda: now)


@pytest.fixture
def recruiter(make):
    return make.make_recruiter(name="Rae Recruiter")


@pytest.fixture
def upcoming(make, client, recruiter):
    """A signed-in candidate with an interview tomorrow at 1 Main Street."""
    candidate = make.make_candidate(name="Noor Haddad")
    interview = make.make_interview(
        candidate=candidate, recruiter=recruiter, starts_in=dt.timedelta(days=1)
    )
    _sign_in(client, candidate)
    return interview


@pytest.fixture
def ended(make, client, recruiter):
    """A signed-in candidate whose interview ended 40 minutes ago."""
    candidate = make.make_candidate(name="Noor Haddad")
    interview = make.make_interview(
        candidate=candidate, recruiter=recruiter, starts_in=dt.timedelta(minutes=-100)
    )
    _sign_in(client, candidate)
    return interview


PAGES = ["", "/prep", "/letters", "account", "home"]


def _path(interview, page: str) -> str:
    if page == "home":
        return "/candidate/"
    if page == "account":
        return "/candidate/account"
    return candidate_url(interview, page)


@pytest.mark.parametrize("page", PAGES, ids=["interview", "prep", "letters", "account", "home"])
def test_a_page_opened_again_unchanged_answers_304_with_no_body(client, upcoming, page):
    """The second opening sends no page: 304, empty body, the same ETag, revalidated next time."""
    path = _path(upcoming, page)
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["ETag"].startswith('W/"')
    assert first.headers["Cache-Control"] == "private, no-cache"
    again = _again(client, path, first)
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "private, no-cache"


def test_a_letter_opened_again_unchanged_answers_304(client, ended, make):
    """One letter's page, too, is not sent again while nothing on it changed."""
    make.make_debrief(interview=ended, key_points="Roadmap")
    person = Interviewer.select().where(Interviewer.interview == ended).first()
    letter = ThankYouLetter.create(interview=ended, interviewer=person, body="Thank you, Dana")
    path = candidate_url(ended, f"/letters/{letter.id}")
    first = client.get(path)
    assert "Thank you, Dana" in page_text(first)
    assert _again(client, path, first).status_code == 304


def test_a_gzipped_page_answers_304_too(client, upcoming):
    """A phone that takes gzip keeps the same ETag for the page and gets 304 on it."""
    gzip_ok = {"Accept-Encoding": "gzip"}
    first = client.get("/candidate/", headers=gzip_ok)
    assert first.headers["Content-Encoding"] == "gzip"
    again = client.get("/candidate/", headers={**gzip_ok, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_after_a_tick_the_list_is_sent_again_ticked(client, upcoming):
    """Open the list, tick an item by script, open it again: 200, and the item is ticked."""
    path = candidate_url(upcoming, "/prep")
    first = client.get(path)
    assert "1 of" not in page_text(first)
    item = ChecklistItem.select().where(ChecklistItem.interview == upcoming).first()
    answer = client.post(
        candidate_url(upcoming, f"/prep/{item.id}"),
        data={"done": "1"},
        headers={"Accept": "application/json"},
    )
    assert answer.get_json()["ok"] is True
    after = _again(client, path, first)
    assert after.status_code == 200
    assert "1 of" in page_text(after) and 'aria-pressed="true"' in page_text(after)


def test_after_an_autosave_home_is_sent_again_with_the_draft(client, ended):
    """Home, then typing in the debrief (autosave), then home again: 200 with the draft."""
    first = client.get("/candidate/")
    assert "Pick up where you left off" not in page_text(first)
    saved = client.post(
        candidate_url(ended, "/debrief/autosave"),
        data={"key_points": "Roadmap and team size"},
        headers={"Accept": "application/json"},
    )
    assert saved.get_json()["ok"] is True
    after = _again(client, "/candidate/", first)
    assert after.status_code == 200
    assert "Pick up where you left off" in page_text(after)
    assert "Roadmap and team size" in page_text(client.get(candidate_url(ended, "/debrief")))


def test_after_a_recruiters_edit_the_candidates_page_is_sent_again(app, client, upcoming):
    """The recruiter moves the interview; the candidate's next opening shows the new place."""
    path = candidate_url(upcoming)
    first = client.get(path)
    assert "1 Main Street" in page_text(first)
    desk = app.test_client()
    _sign_in(desk, upcoming.recruiter)
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
    assert response.status_code == 302, page_text(response)[:300]
    after = _again(client, path, first)
    assert after.status_code == 200
    assert "5 Rue Example" in page_text(after) and "1 Main Street" not in page_text(after)


def test_a_page_with_a_message_is_sent_whole_once_and_not_kept(client, upcoming):
    """After saving settings, the page with "saved" comes whole (no ETag); the next opening
    comes whole again, without the message, and is then revalidated as usual."""
    first = client.get("/candidate/account")
    saved = client.post(
        "/candidate/account",
        data={"form": "profile", "time_zone": "Europe/Paris", "phone": "+33 1 23 45 67 89"},
    )
    assert saved.status_code == 302
    with_message = _again(client, "/candidate/account", first)
    assert with_message.status_code == 200
    assert "Your time zone and phone are saved." in page_text(with_message)
    assert "ETag" not in with_message.headers
    plain = _again(client, "/candidate/account", first)
    assert plain.status_code == 200
    assert "are saved" not in page_text(plain) and "Paris time" in page_text(plain)
    assert _again(client, "/candidate/account", plain).status_code == 304


def test_another_users_etag_never_matches(app, make, recruiter):
    """Bo sends the ETag of Ada's home: Bo gets his own page, whole."""
    pages = {}
    for name in ("Ada Alpha", "Bo Beta"):
        candidate = make.make_candidate(name=name)
        make.make_interview(candidate=candidate, recruiter=recruiter)
        browser = app.test_client()
        _sign_in(browser, candidate)
        pages[name] = (browser, browser.get("/candidate/"))
    bo, _ = pages["Bo Beta"]
    answer = _again(bo, "/candidate/", pages["Ada Alpha"][1])
    assert answer.status_code == 200
    assert "Hello, Bo Beta" in page_text(answer) and "Ada Alpha" not in page_text(answer)


def test_signed_out_a_cached_pages_etag_gets_the_sign_in_page(app, client, upcoming):
    """After signing out, or from a browser never signed in, the old ETag gets no 304."""
    first = client.get("/candidate/")
    client.post("/logout")
    for browser in (client, app.test_client()):
        answer = _again(browser, "/candidate/", first)
        assert answer.status_code == 302
        assert answer.headers["Location"].startswith("/login")
        assert "ETag" not in answer.headers


def test_signing_in_again_gets_the_page_whole_with_the_new_form_token(client, upcoming):
    """Sign out and in again: the page comes whole, carrying the new session's CSRF token."""
    first = client.get("/candidate/account")
    client.post("/logout")
    _sign_in(client, upcoming.candidate)
    answer = _again(client, "/candidate/account", first)
    assert answer.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page_text(answer)).group(1)
    saved = client.post(
        "/candidate/account",
        data={"form": "profile", "time_zone": "UTC", "csrf_token": token},
        csrf=False,
    )
    assert saved.status_code == 302


def test_a_change_made_outside_any_request_shows_when_the_minute_turns(
    client, upcoming, monkeypatch
):
    """A script edits the row: within the minute the phone's copy stands, after it the page
    is sent again with the change."""
    path = candidate_url(upcoming)
    first = client.get(path)
    Interview.update(location="Moved Without A Request").where(
        Interview.id == upcoming.id
    ).execute()
    assert _again(client, path, first).status_code == 304
    later = http_cache.minute() + 1
    monkeypatch.setattr(http_cache, "minute", lambda: later)
    after = _again(client, path, first)
    assert after.status_code == 200 and "Moved Without A Request" in page_text(after)


def test_the_debrief_is_sent_whole_each_time_so_two_tabs_never_share_a_send_key(client, ended):
    """The debrief has no ETag: a second tab gets its own key, and its send is kept too."""
    first_tab = client.get(candidate_url(ended, "/debrief"))
    assert "ETag" not in first_tab.headers
    second_tab = client.get(candidate_url(ended, "/debrief"), headers={"If-None-Match": "*"})
    assert second_tab.status_code == 200
    assert idempotency_key(page_text(first_tab)) != idempotency_key(page_text(second_tab))
    sent = client.post(
        candidate_url(ended, "/debrief"),
        data={
            "action": "submit",
            "idempotency_key": idempotency_key(page_text(first_tab)),
            "key_points": "A",
        },
    )
    assert sent.status_code == 302
    amended = client.post(
        candidate_url(ended, "/debrief"),
        data={
            "action": "submit",
            "idempotency_key": idempotency_key(page_text(second_tab)),
            "key_points": "B",
        },
    )
    confirmation = page_text(client.get(amended.headers["Location"]))
    assert "has your debrief (version 2)" in confirmation


def test_the_share_page_is_never_cached_and_every_opening_is_counted(make, app):
    """No ETag, no-store, an If-None-Match changes nothing: each opening is drawn and logged."""
    link = make.make_share_link(sections=("summary",))
    client = app.test_client()
    first = client.get(f"/s/{link.raw_token}")
    again = client.get(f"/s/{link.raw_token}", headers={"If-None-Match": "*"})
    assert first.status_code == again.status_code == 200
    assert page_text(first) == page_text(again)
    assert "ETag" not in again.headers and again.headers["Cache-Control"] == "no-store"
    assert ShareView.select().where(ShareView.link == link.id).count() == 2


def test_a_revoked_link_is_gone_on_the_next_opening(make, app, recruiter):
    """Revoking shows on the very next request for the link."""
    link = make.make_share_link(sections=("summary",), created_by=recruiter)
    client = app.test_client()
    assert client.get(f"/s/{link.raw_token}").status_code == 200
    desk = app.test_client()
    _sign_in(desk, recruiter)
    assert desk.post(f"/recruiter/shares/{link.id}/revoke").status_code == 302
    gone = client.get(f"/s/{link.raw_token}")
    assert gone.status_code == 404
    assert "no longer available" in page_text(gone)


def test_a_new_release_sends_every_page_again(app, client, upcoming):
    """After a deploy (new code, templates or settings) the phone's copy is not reused."""
    first = client.get("/candidate/")
    assert _again(client, "/candidate/", first).status_code == 304
    app.config["DEBRIEF_OVERDUE_MINUTES"] = 90  # a restart with another setting
    app.extensions.pop("page_release")
    assert _again(client, "/candidate/", first).status_code == 200


def test_another_users_etag_never_matches_before_either_opened_a_form(app, make, recruiter):
    """Ada and Bo have just signed in and opened only their home (no form, so no CSRF
    token in either session): Bo sending Ada's ETag still gets his own page, whole."""
    pages = {}
    for name in ("Ada Alpha", "Bo Beta"):
        candidate = make.make_candidate(name=name)
        make.make_interview(candidate=candidate, recruiter=recruiter)
        browser = app.test_client()
        assert login(browser, candidate).status_code == 302
        home = browser.get("/candidate/")
        assert home.headers.get("ETag"), "home has no form: it is tagged at once"
        pages[name] = (browser, home)
    bo, _ = pages["Bo Beta"]
    answer = _again(bo, "/candidate/", pages["Ada Alpha"][1])
    assert answer.status_code == 200
    assert "Hello, Bo Beta" in page_text(answer) and "Ada Alpha" not in page_text(answer)


def test_a_wildcard_if_none_match_never_answers_for_another_candidates_page(
    app, make, recruiter, client, upcoming
):
    """`If-None-Match: *` on another candidate's interview is a 404, as without it: the
    304 for "any version" would tell that the page exists."""
    other = make.make_interview(candidate=make.make_candidate(), recruiter=recruiter)
    theirs = client.get(candidate_url(other, ""), headers={"If-None-Match": "*"})
    assert theirs.status_code == 404
    mine = client.get(candidate_url(upcoming, ""), headers={"If-None-Match": "*"})
    assert mine.status_code == 200 and "1 Main Street" in page_text(mine)
