"""Retention on a frozen clock: inactive candidates are warned, then erased after the grace
period; anyone active again is spared."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.models import AuditEvent
from portal.models import Interview
from portal.models import User
from portal.models import utcnow
from portal.services.privacy import retention
from tests.support import find_text

# A fixed "now", years after anything the factories make: all of it looks inactive
# unless a test gives it recent activity.
NOW = dt.datetime(2040, 1, 1, 9, 0)
DAYS = 730
GRACE = 30


def _run(at: dt.datetime) -> retention.Outcome:
    return retention.run(now=at, days=DAYS, grace_days=GRACE)


@pytest.fixture
def stale(make):
    """A candidate with an interview, a debrief and a share link, all long ago."""
    return make.make_candidate_world()


def test_an_inactive_candidate_is_warned_then_erased_after_the_grace_period(
    app, client, login_as, make, stale
):
    """Warned at NOW (audit entry, on the board); untouched 29 days on; erased on day 30."""
    outcome = _run(NOW)
    assert stale.candidate.id in outcome.warned and outcome.erased == []
    person = User.get_by_id(stale.candidate.id)
    assert person.retention_warned_at == NOW and person.erased_at is None
    event = AuditEvent.get(AuditEvent.action == "retention.warned")
    assert (event.target_id, event.created_at, event.detail) == (
        stale.candidate.id,
        NOW,
        "erase after 2040-01-31",
    )
    login_as(stale.recruiter)
    board = client.get("/recruiter/").get_data(as_text=True)
    assert "erased automatically after" in board and stale.name in board

    assert _run(NOW + dt.timedelta(days=GRACE - 1)).erased == []
    assert User.get_by_id(stale.candidate.id).erased_at is None

    outcome = _run(NOW + dt.timedelta(days=GRACE))
    assert outcome.erased == [stale.candidate.id]
    erased = User.get_by_id(stale.candidate.id)
    assert erased.erased_at == NOW + dt.timedelta(days=GRACE) and not erased.active
    event = AuditEvent.get(AuditEvent.action == "candidate.erased")
    assert event.actor_id is None and event.detail == "retention"
    assert find_text(stale.name, stale.email, stale.phrase) == {}
    # Erased people are not warned or erased again.
    assert _run(NOW + dt.timedelta(days=GRACE + 1)) == retention.Outcome()


def test_coming_back_during_the_grace_period_withdraws_the_warning(stale):
    """A sign-in after the warning: not erased, the warning withdrawn (and audited)."""
    _run(NOW)
    User.update(last_login_at=NOW + dt.timedelta(days=5)).where(
        User.id == stale.candidate.id
    ).execute()
    outcome = _run(NOW + dt.timedelta(days=GRACE))
    assert outcome.withdrawn == [stale.candidate.id] and outcome.erased == []
    person = User.get_by_id(stale.candidate.id)
    assert person.retention_warned_at is None and person.erased_at is None
    assert AuditEvent.select().where(AuditEvent.action == "retention.withdrawn").count() == 1


def test_activity_of_every_kind_keeps_a_candidate(make):
    """Recent sign-in, a future interview, a recent debrief save: none of them is warned."""
    recent = NOW - dt.timedelta(days=10)
    make.make_candidate(last_login_at=recent)  # signed in 10 days ago
    booked = make.make_candidate()
    upcoming = make.make_interview(candidate=booked)
    Interview.update(
        starts_at=NOW + dt.timedelta(days=3), ends_at=NOW + dt.timedelta(days=3, hours=1)
    ).where(Interview.id == upcoming.id).execute()
    wrote = make.make_candidate()
    debrief = make.make_debrief(interview=make.make_interview(candidate=wrote))
    type(debrief).update(updated_at=recent).where(type(debrief).id == debrief.id).execute()
    idle = make.make_candidate()
    outcome = _run(NOW)
    assert outcome.warned == [idle.id]


def test_the_limit_comes_from_the_setting(make):
    """Days and grace are the caller's: 731 days idle is stale at 730, not at 800."""
    person = make.make_candidate(created_at=NOW - dt.timedelta(days=731))
    assert retention.run(now=NOW, days=800, grace_days=GRACE).warned == []
    assert retention.run(now=NOW, days=730, grace_days=GRACE).warned == [person.id]


def test_flask_privacy_retention_command_uses_the_settings(app, runner, make):
    """The daily command warns with DEBRIEF_RETENTION_DAYS and says what it did."""
    app.config["RETENTION_DAYS"] = 100
    person = make.make_candidate(created_at=utcnow() - dt.timedelta(days=101))
    make.make_candidate()  # made today
    result = runner.invoke(args=["privacy", "retention"])
    assert result.exit_code == 0, result.output
    assert "Warned 1, erased 0, warnings withdrawn 0." in result.output
    assert User.get_by_id(person.id).retention_warned_at is not None


def test_the_warning_is_emailed_once_with_the_erasure_date(mail_app, smtp, make):
    """Retention's warning reaches the candidate by email, with the date, and only once."""
    from portal import tasks
    from tests.support import mail_text

    candidate = make.make_candidate(name="Ivo Idle", email="ivo@example.com")
    retention.run(now=NOW, days=DAYS, grace_days=GRACE)
    retention.run(now=NOW + dt.timedelta(hours=1), days=DAYS, grace_days=GRACE)
    tasks.run_delivery(mail_app, now=NOW + dt.timedelta(hours=1))
    [message] = smtp.to(candidate.email)
    assert (
        message["Subject"] == "Your data with Debrief Recruiting will be erased on 31 January 2040"
    )
    assert "just sign in before then" in mail_text(message)


def test_no_warning_is_sent_to_a_candidate_who_came_back(mail_app, smtp, make):
    """A warning still queued when the candidate signs in again is not sent."""
    from portal import tasks

    candidate = make.make_candidate(name="Ivo Idle", email="ivo@example.com")
    retention.run(now=NOW, days=DAYS, grace_days=GRACE)
    User.update(retention_warned_at=None).where(User.id == candidate.id).execute()
    tasks.run_delivery(mail_app, now=NOW)
    assert smtp.to(candidate.email) == []
