"""Erasure: the candidate asks (with their password), the recruiter carries it out or erases
directly; afterwards nothing personal is left in any text column of any table."""

from __future__ import annotations

import pytest

from portal.models import AuditEvent
from portal.models import ChecklistItem
from portal.models import Debrief
from portal.models import DebriefRevision
from portal.models import Interview
from portal.models import ShareLink
from portal.models import ShareView
from portal.models import ThankYouLetter
from portal.models import ThrottleEvent
from portal.models import User
from portal.services.accounts import users
from tests.factories import PASSWORD
from tests.support import PortalClient
from tests.support import find_text

ASK = "/candidate/account/erase"


@pytest.fixture
def world(make):
    """Candidate A with a row in every table; candidate B beside them."""
    a = make.make_candidate_world()
    a.other = make.make_candidate(name="Bernadette Other", email="bern@example.org")
    make.make_interview(candidate=a.other, recruiter=a.recruiter)
    return a


def _erase_url(world) -> str:
    return f"/recruiter/candidates/{world.candidate.id}/erase"


def _needles(world) -> tuple[str, ...]:
    first, last = world.name.split(" ", 1)
    return (world.name, first, last, world.email, world.phrase)


def _as(app, user) -> PortalClient:
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_candidate_asks_for_erasure_confirming_with_their_password(client, login_as, world):
    """A wrong password is refused and changes nothing; the right one records the request."""
    login_as(world.candidate)
    page = client.get(ASK).get_data(as_text=True)
    assert "This cannot be undone" in page and 'autocomplete="current-password"' in page
    wrong = client.post(ASK, data={"password": "not my password"})
    assert wrong.status_code == 400
    assert "That password is not right." in wrong.get_data(as_text=True)
    assert User.get_by_id(world.candidate.id).erasure_requested_at is None
    right = client.post(ASK, data={"password": PASSWORD})
    assert right.status_code == 302 and right.headers["Location"].endswith(ASK)
    assert User.get_by_id(world.candidate.id).erasure_requested_at is not None
    assert "You asked on" in client.get(ASK).get_data(as_text=True)
    event = AuditEvent.get(AuditEvent.action == "erasure.requested")
    assert event.actor_id == world.candidate.id and event.target_id == world.candidate.id


def test_erasure_password_check_is_throttled(client, login_as, world):
    """Five wrong passwords on the erasure form, then even the right one waits (429): a
    stolen session is no way to guess the password, here as on the password change."""
    login_as(world.candidate)
    for _ in range(5):
        assert client.post(ASK, data={"password": "not my password"}).status_code == 400
    refused = client.post(ASK, data={"password": PASSWORD})
    assert refused.status_code == 429
    assert "Too many tries of your current password" in refused.get_data(as_text=True)
    assert User.get_by_id(world.candidate.id).erasure_requested_at is None


def test_the_board_shows_the_request_and_leads_to_the_erase_page(app, client, login_as, world):
    """The recruiter's board lists who asked, linked to the confirm page."""
    _as(app, world.candidate).post(ASK, data={"password": PASSWORD})
    login_as(world.recruiter)
    board = client.get("/recruiter/").get_data(as_text=True)
    assert "Personal data to erase" in board
    assert f'href="{_erase_url(world)}">{world.name}</a>:\nasked to be erased' in board
    person = client.get(f"/recruiter/candidates/{world.candidate.id}").get_data(as_text=True)
    assert "Asked to be erased" in person


def test_recruiter_erases_after_a_confirm_step_and_nothing_personal_is_left(
    app, client, login_as, world
):
    """GET shows what will happen and changes nothing; the POST erases: a scan of every text
    column of every table then finds neither name, email nor a phrase from the debrief."""
    assert set(find_text(*_needles(world))) == set(_needles(world))  # the scan can find them
    login_as(world.recruiter)
    confirm = client.get(_erase_url(world))
    assert confirm.status_code == 200
    assert f"Erase {world.name}?" in confirm.get_data(as_text=True)
    assert User.get_by_id(world.candidate.id).erased_at is None
    done = client.post(_erase_url(world))
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/recruiter/candidates/{world.candidate.id}")
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert f"Erased candidate {world.candidate.id}" in page and "Erased <time" in page
    assert find_text(*_needles(world)) == {}
    # Candidate B is untouched.
    assert find_text("Bernadette Other", "bern@example.org") != {}


def test_erasure_keeps_counts_dates_and_ratings(client, login_as, world):
    """What is not personal stays: interviews, versions, letters sent, views, ticks, ratings."""
    login_as(world.recruiter)
    before_audit = AuditEvent.select().count()
    client.post(_erase_url(world))
    cid = world.candidate.id
    interview = Interview.get_by_id(world.interview.id)
    assert interview.candidate_id == cid and interview.decision == "forward"
    assert interview.starts_at == world.interview.starts_at
    debrief = Debrief.get(Debrief.candidate == cid)
    assert (debrief.status, debrief.candidate_interest, debrief.employer_interest) == (
        "submitted",
        5,
        4,
    )
    assert debrief.submitted_at is not None and debrief.key_points == ""
    revisions = DebriefRevision.select().where(DebriefRevision.debrief == debrief)
    assert revisions.count() == 2
    assert all(r.snapshot and '"candidate_interest": 5' in r.snapshot for r in revisions)
    letter = ThankYouLetter.get_by_id(world.letter.id)
    assert letter.status == "sent" and letter.sent_at is not None and letter.body == ""
    assert ShareView.select().where(ShareView.link == world.link.id).count() == 1
    ticked = ChecklistItem.select().where(
        (ChecklistItem.interview == interview) & ChecklistItem.done_at.is_null(False)
    )
    assert ticked.count() == 1 and ticked.get().note == ""
    assert AuditEvent.select().count() == before_audit + 1


def test_erasure_revokes_links_ends_sessions_and_sign_in(app, client, login_as, world):
    """Share links are withdrawn, the candidate's session dies, sign-in and reset links fail."""
    phone = _as(app, world.candidate)
    assert phone.get("/candidate/").status_code == 200
    token = users.issue_token(user=world.candidate, purpose="reset", hours=2)
    login_as(world.recruiter)
    client.post(_erase_url(world))
    link = ShareLink.get_by_id(world.link.id)
    assert link.revoked_at is not None and link.revoked_by_id == world.recruiter.id
    after = phone.get("/candidate/")
    assert after.status_code == 302 and "/login" in after.headers["Location"]
    stranger = app.test_client()
    again = stranger.post("/login", data={"email": world.email, "password": PASSWORD})
    assert again.status_code == 401
    assert stranger.get(f"/reset/{token}").status_code == 404
    assert User.get_by_id(world.candidate.id).session_version > world.candidate.session_version


def test_share_link_to_an_erased_candidate_answers_like_a_revoked_one(app, client, make, world):
    """Same status and same page as a withdrawn link: the client learns nothing more."""
    revoked = make.make_share_link(candidate=world.other)
    ShareLink.update(revoked_at=revoked.created_at).where(ShareLink.id == revoked.id).execute()
    recruiter = _as(app, world.recruiter)
    recruiter.post(_erase_url(world))
    erased = client.get(f"/s/{world.link.raw_token}")
    withdrawn = client.get(f"/s/{revoked.raw_token}")
    assert erased.status_code == withdrawn.status_code == 404
    assert erased.get_data() == withdrawn.get_data()
    assert world.name not in erased.get_data(as_text=True)


def test_erasure_audit_entry_names_nobody(client, login_as, world):
    """The entry says who erased which id and why; no name, email or address."""
    login_as(world.recruiter)
    client.post(_erase_url(world))
    event = AuditEvent.get(AuditEvent.action == "candidate.erased")
    assert (event.actor_id, event.target_type, event.target_id) == (
        world.recruiter.id,
        "user",
        world.candidate.id,
    )
    assert event.detail == "recruiter" and event.address == ""


def test_a_requested_erasure_is_recorded_as_such(app, client, login_as, world):
    """When the candidate asked, the audit entry says so."""
    _as(app, world.candidate).post(ASK, data={"password": PASSWORD})
    login_as(world.recruiter)
    client.post(_erase_url(world))
    assert AuditEvent.get(AuditEvent.action == "candidate.erased").detail == "request"
    board = client.get("/recruiter/").get_data(as_text=True)
    assert "Personal data to erase" not in board


def test_throttle_rows_that_single_the_candidate_out_are_deleted(client, login_as, world):
    """The sign-in throttle's rows for the account, from anywhere or one address, go."""
    account_key, per_address = users.throttle_keys_of(world.email)
    theirs = (ThrottleEvent.key == account_key) | ThrottleEvent.key.startswith(per_address)
    assert ThrottleEvent.select().where(theirs).count() == 2
    login_as(world.recruiter)
    client.post(_erase_url(world))
    assert ThrottleEvent.select().where(theirs).count() == 0


def test_an_erased_account_cannot_be_revived(client, login_as, world):
    """No reactivation, no invite or reset link, no second erasure: all say it is gone."""
    login_as(world.recruiter)
    client.post(_erase_url(world))
    base = f"/recruiter/candidates/{world.candidate.id}"
    assert client.post(f"{base}/active", data={"active": "1"}).status_code == 404
    assert client.post(f"{base}/invite").status_code == 404
    assert client.post(f"{base}/reset").status_code == 404
    again = client.post(_erase_url(world))
    assert again.status_code == 302
    assert "erased already" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert not User.get_by_id(world.candidate.id).active


def test_one_candidate_cannot_erase_another(app, client, login_as, world):
    """B's request (with B's password) marks only B; A's password does nothing for B;
    the recruiter's erase page is closed to candidates."""
    login_as(world.other)
    assert client.post(ASK, data={"password": "wrong for B"}).status_code == 400
    assert client.post(ASK, data={"password": PASSWORD}).status_code == 302
    assert User.get_by_id(world.other.id).erasure_requested_at is not None
    assert User.get_by_id(world.candidate.id).erasure_requested_at is None
    assert client.get(_erase_url(world)).status_code == 403
    assert client.post(_erase_url(world)).status_code == 403
    assert User.get_by_id(world.candidate.id).erased_at is None


def test_erasing_a_recruiter_or_unknown_id_is_not_found(client, login_as, world):
    """Only candidates can be erased through the page."""
    login_as(world.recruiter)
    assert client.get(f"/recruiter/candidates/{world.recruiter.id}/erase").status_code == 404
    assert client.post("/recruiter/candidates/999999/erase").status_code == 404


def test_recruiter_pages_about_an_erased_candidate_still_work(client, login_as, world):
    """Interview, lists, shares and audit pages render after erasure, without the candidate."""
    login_as(world.recruiter)
    client.post(_erase_url(world))
    for path in (
        f"/recruiter/interviews/{world.interview.id}",
        "/recruiter/interviews",
        "/recruiter/candidates",
        f"/recruiter/candidates/{world.candidate.id}",
        "/recruiter/shares",
        f"/recruiter/shares/{world.link.id}/preview",
        "/recruiter/audit",
        "/recruiter/",
    ):
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        for needle in _needles(world):
            assert needle not in html, (path, needle)


def _file_holds(app, *needles: str) -> list[str]:
    from pathlib import Path

    from portal.db import database

    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = Path(app.config["DATABASE"]).read_bytes()
    return [needle for needle in needles if needle.encode() in raw]


def test_erased_text_is_gone_from_the_sqlite_file_itself(app, client, login_as, world):
    """Not only unreadable through SQL: the bytes are overwritten in the file (secure_delete)."""
    from portal.db import database
    from portal.db import is_sqlite

    if not is_sqlite():
        pytest.skip("SQLite's file")
    assert database.execute_sql("PRAGMA secure_delete").fetchone()[0] == 1
    login_as(world.recruiter)
    client.post(_erase_url(world))
    assert _file_holds(app, world.name, world.email, world.phrase) == []


def test_without_secure_delete_sqlite_would_keep_erased_text_in_the_file(app, make):
    """Why the portal sets the pragma: with it off, overwritten text stays in free space."""
    from portal.db import database
    from portal.db import is_sqlite
    from portal.services.privacy import erasure

    if not is_sqlite():
        pytest.skip("SQLite's file")
    database.execute_sql("PRAGMA secure_delete=0")
    try:
        world = make.make_candidate_world()
        erasure.erase_candidate(candidate_id=world.candidate.id, by=None, reason="recruiter")
        assert world.phrase in _file_holds(app, world.phrase)
    finally:
        database.execute_sql("PRAGMA secure_delete=1")
