"""The attention board: what shows, in which order, when it becomes due, and marking handled."""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager

import pytest

from portal.models import AttentionMark
from portal.models import AuditEvent
from portal.models import ChecklistItem
from portal.models import Debrief
from portal.models import Interview
from portal.models import Interviewer
from portal.models import ThankYouLetter
from portal.models import utcnow
from portal.services.board import attention
from portal.services.errors import NotFound
from portal.services.journey.interviews import PanelEntry
from portal.services.sharing import client_feedback


def kinds(result: attention.Board, interview: Interview | None = None) -> list[str]:
    return [r.kind for r in result.rows if interview is None or r.interview_id == interview.id]


def _reviewed(debrief: Debrief) -> None:
    Debrief.update(reviewed_at=debrief.submitted_at + dt.timedelta(minutes=1)).where(
        Debrief.id == debrief.id
    ).execute()


def _thank(interview: Interview, *, role: str = "decision_maker") -> None:
    person = Interviewer.get((Interviewer.interview == interview) & (Interviewer.role == role))
    ThankYouLetter.create(
        interview=interview,
        interviewer=person,
        status="sent",
        sent_at=interview.ends_at + dt.timedelta(hours=2),
    )


@contextmanager
def counting_queries():
    """Count the SQL statements peewee runs inside the block."""
    counted = []

    class Handler(logging.Handler):
        def emit(self, record):
            counted.append(record)

    logger = logging.getLogger("peewee")
    handler = Handler(level=logging.DEBUG)
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield counted
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def test_overdue_items_come_first_then_by_due_time(make):
    """The recruiter's own work first, then the candidate's chores; in each, overdue items,
    longest overdue first, then the rest by when they fall due."""
    recruiter = make.make_recruiter(password=None)

    waiting = make.make_ended_interview(minutes_ago=30, recruiter=recruiter)
    call = make.make_ended_interview(minutes_ago=300, recruiter=recruiter)
    _reviewed(make.make_debrief(interview=call, call_me=True, call_times="any time"))
    overdue = make.make_ended_interview(minutes_ago=180, recruiter=recruiter)
    review = make.make_ended_interview(minutes_ago=60, recruiter=recruiter)
    make.make_debrief(interview=review, submitted_at=utcnow() - dt.timedelta(minutes=10))
    prep = make.make_interview(starts_in=dt.timedelta(hours=10), recruiter=recruiter)
    letters = make.make_ended_interview(minutes_ago=30 * 60, recruiter=recruiter)
    _reviewed(make.make_debrief(interview=letters))
    client_feedback.record(interview=letters, by=recruiter, client_interest=4)
    client = make.make_ended_interview(minutes_ago=30 * 60 - 1, recruiter=recruiter)
    _reviewed(make.make_debrief(interview=client))
    _thank(client)

    result = attention.attention(now=utcnow(), overdue_minutes=120)

    assert [(r.kind, r.interview_id, r.overdue) for r in result.rows] == [
        ("client_feedback", client.id, True),  # due 5 h 59 min ago
        ("call_request", call.id, True),  # "as soon as you can", asked 4 h 30 min ago
        ("review", review.id, False),  # due in 110 minutes
        ("letters", letters.id, True),  # the candidate's: due 6 hours ago
        ("debrief_missing", overdue.id, True),  # due an hour ago
        ("debrief_missing", waiting.id, False),  # due in 90 minutes
        ("prep", prep.id, False),  # due at the start, in 10 hours
    ]
    assert result.rows[1].detail == "Asked 4 h 30 min ago: as soon as you can"
    assert result.truncated == []


def test_within_a_kind_the_longest_waiting_comes_first(make):
    """Two overdue debriefs: the one that ended earlier is above the other."""
    later = make.make_ended_interview(minutes_ago=200)
    earlier = make.make_ended_interview(minutes_ago=400)
    result = attention.attention(now=utcnow(), overdue_minutes=120)
    assert [r.interview_id for r in result.rows if r.kind == "debrief_missing"] == [
        earlier.id,
        later.id,
    ]


def test_a_debrief_is_overdue_after_the_configured_minutes(make):
    """Ended 100 minutes ago: waiting under a 120-minute threshold, overdue under a 90-minute one."""
    interview = make.make_ended_interview(minutes_ago=100)
    now = utcnow()
    relaxed = attention.attention(now=now, overdue_minutes=120).rows
    strict = attention.attention(now=now, overdue_minutes=90).rows
    assert [(r.kind, r.overdue) for r in relaxed] == [("debrief_missing", False)]
    assert [(r.kind, r.overdue) for r in strict] == [("debrief_missing", True)]
    assert relaxed[0].interview_id == interview.id


def test_a_sent_debrief_clears_the_missing_row_but_a_draft_does_not(make):
    """A draft is not a debrief yet; once sent, the row turns into one to read."""
    drafted = make.make_ended_interview(minutes_ago=200)
    make.make_debrief(interview=drafted, draft=True, call_me=True)
    sent = make.make_ended_interview(minutes_ago=200)
    make.make_debrief(interview=sent)
    result = attention.attention(now=utcnow())
    assert kinds(result, drafted) == ["debrief_missing"]
    assert kinds(result, sent) == ["review"]


def test_letters_and_client_feedback_are_due_24_hours_after_the_end(make):
    """At 23 hours neither shows; at 25 hours both do."""
    recent = make.make_ended_interview(minutes_ago=23 * 60)
    _reviewed(make.make_debrief(interview=recent))
    due = make.make_ended_interview(minutes_ago=25 * 60)
    _reviewed(make.make_debrief(interview=due))
    result = attention.attention(now=utcnow())
    assert kinds(result, recent) == []
    assert kinds(result, due) == ["client_feedback", "letters"]
    letters_row = next(r for r in result.rows if r.kind == "letters")
    assert letters_row.detail == "0 of 1 decision maker thanked"


def test_letters_count_decision_makers_or_anyone_on_a_panel_without_one(make):
    """Thanking the decision maker clears the row; a panel of peers needs one letter sent."""
    thanked = make.make_ended_interview(minutes_ago=30 * 60)
    _reviewed(make.make_debrief(interview=thanked))
    _thank(thanked)
    peers = make.make_ended_interview(
        minutes_ago=30 * 60, people=[PanelEntry("Pat Peer", "Engineer", "peer")]
    )
    _reviewed(make.make_debrief(interview=peers))
    nobody = make.make_ended_interview(minutes_ago=30 * 60, people=[])
    _reviewed(make.make_debrief(interview=nobody))
    for interview in (thanked, peers, nobody):
        client_feedback.record(interview=interview, by=interview.recruiter, client_interest=3)

    before = attention.attention(now=utcnow())
    assert kinds(before, thanked) == []
    assert [r.detail for r in before.rows if r.interview_id == peers.id] == [
        "No thank-you letter sent"
    ]
    assert [r.detail for r in before.rows if r.interview_id == nobody.id] == [
        "No thank-you letter sent; nobody listed on the panel"
    ]
    _thank(peers, role="peer")
    assert kinds(attention.attention(now=utcnow()), peers) == []


def test_prep_shows_within_48_hours_when_under_half_done(make):
    """Seven of sixteen done shows; eight does not; an interview 49 hours away never does."""
    soon = make.make_interview(starts_in=dt.timedelta(hours=20))
    later = make.make_interview(starts_in=dt.timedelta(hours=49))
    items = list(ChecklistItem.select().where(ChecklistItem.interview == soon))
    assert len(items) == 15
    ids = [item.id for item in items[:7]]
    ChecklistItem.update(done_at=utcnow()).where(ChecklistItem.id.in_(ids)).execute()
    result = attention.attention(now=utcnow())
    assert kinds(result, soon) == ["prep"]
    assert next(r for r in result.rows if r.kind == "prep").detail.startswith("7 of 15 done")
    assert kinds(result, later) == []
    ChecklistItem.update(done_at=utcnow()).where(ChecklistItem.id == items[7].id).execute()
    assert kinds(attention.attention(now=utcnow()), soon) == []


def test_cancelled_and_old_interviews_never_show(make):
    """A cancelled interview and one that ended beyond the window are left out."""
    cancelled = make.make_ended_interview(minutes_ago=180, status="cancelled")
    old = make.make_ended_interview(minutes_ago=(attention.WINDOW_DAYS + 1) * 24 * 60)
    cancelled_soon = make.make_interview(starts_in=dt.timedelta(hours=5), status="cancelled")
    result = attention.attention(now=utcnow())
    for interview in (cancelled, old, cancelled_soon):
        assert kinds(result, interview) == []


def test_marking_a_row_handled_records_who_and_when_and_hides_it(make):
    """The mark keeps the recruiter and the time; a second mark keeps the first; it is audited."""
    recruiter = make.make_recruiter(password=None)
    other = make.make_recruiter(password=None)
    interview = make.make_ended_interview(minutes_ago=180)
    first = utcnow()
    attention.mark_handled(
        interview_id=interview.id, kind="debrief_missing", by=recruiter, now=first
    )
    attention.mark_handled(
        interview_id=interview.id,
        kind="debrief_missing",
        by=other,
        now=first + dt.timedelta(minutes=5),
    )
    mark = AttentionMark.get(AttentionMark.interview == interview)
    assert (mark.kind, mark.handled_by_id, mark.handled_at) == (
        "debrief_missing",
        recruiter.id,
        first,
    )
    assert kinds(attention.attention(now=utcnow()), interview) == []
    actions = [
        (e.actor_id, e.action, e.detail)
        for e in AuditEvent.select().where(AuditEvent.target_id == interview.id)
        if e.action == "board.handled"
    ]
    assert actions[0] == (recruiter.id, "board.handled", "debrief_missing")


def test_calls_and_reviews_are_handled_on_the_debrief_and_an_amendment_comes_back(make):
    """Handling a call or a review sets the debrief's fields; an amendment shows it again."""
    recruiter = make.make_recruiter(password=None)
    interview = make.make_ended_interview(minutes_ago=90)
    debrief = make.make_debrief(interview=interview, call_me=True)
    assert kinds(attention.attention(now=utcnow()), interview) == ["call_request", "review"]

    attention.mark_handled(interview_id=interview.id, kind="call_request", by=recruiter)
    attention.mark_handled(interview_id=interview.id, kind="review", by=recruiter)
    debrief = Debrief.get_by_id(debrief.id)
    assert debrief.call_handled_by_id == recruiter.id and debrief.call_handled_at is not None
    assert debrief.reviewed_by_id == recruiter.id and debrief.reviewed_at is not None
    assert kinds(attention.attention(now=utcnow()), interview) == []

    Debrief.update(submitted_at=utcnow() + dt.timedelta(seconds=1), version=2).where(
        Debrief.id == debrief.id
    ).execute()
    rows = [r for r in attention.attention(now=utcnow()).rows if r.interview_id == interview.id]
    assert [r.kind for r in rows] == ["review"]
    assert rows[0].detail.startswith("Amended since you read it")


def test_unknown_rows_are_not_found(make):
    """An unknown kind or interview raises NotFound and records nothing."""
    recruiter = make.make_recruiter(password=None)
    interview = make.make_ended_interview(minutes_ago=180)
    with pytest.raises(NotFound):
        attention.mark_handled(interview_id=interview.id, kind="nonsense", by=recruiter)
    with pytest.raises(NotFound):
        attention.mark_handled(interview_id=interview.id + 999, kind="prep", by=recruiter)
    assert AttentionMark.select().count() == 0


def test_only_my_interviews(make):
    """A recruiter filter keeps that recruiter's rows only."""
    mine = make.make_recruiter(password=None)
    theirs = make.make_recruiter(password=None)
    a = make.make_ended_interview(minutes_ago=180, recruiter=mine)
    make.make_ended_interview(minutes_ago=180, recruiter=theirs)
    rows = attention.attention(now=utcnow(), recruiter_id=mine.id).rows
    assert [r.interview_id for r in rows] == [a.id]


def test_each_kind_is_capped_and_says_so(make):
    """Past the limit a kind is cut to the oldest rows and named as truncated."""
    for minutes in (200, 300, 400):
        make.make_ended_interview(minutes_ago=minutes)
    result = attention.attention(now=utcnow(), limit=2)
    assert len([r for r in result.rows if r.kind == "debrief_missing"]) == 2
    assert result.truncated == ["debrief_missing"]


def test_sides_that_agree_do_not_use_up_the_gaps_limit(make):
    """Interviews whose sides agree are not read against the gap's limit (those naming
    concerns on both sides are, to be compared here): a diverging one past them still
    shows, and the kind is not cut."""
    recruiter = make.make_recruiter(password=None)
    for minutes, concerns in ((50 * 60, ""), (49 * 60, "Travel"), (48 * 60, "")):
        agreed = make.make_ended_interview(minutes_ago=minutes, recruiter=recruiter)
        make.make_debrief(interview=agreed, candidate_interest=4, concerns=concerns)
        client_feedback.record(
            interview=agreed, by=recruiter, client_interest=5, concerns="The notice period"
        )
    apart = make.make_ended_interview(minutes_ago=47 * 60, recruiter=recruiter)
    make.make_debrief(interview=apart, candidate_interest=5)
    client_feedback.record(interview=apart, by=recruiter, client_interest=2)
    result = attention.attention(now=utcnow(), kinds=("gap",), limit=3)
    assert [(r.interview_id, r.detail) for r in result.rows] == [
        (apart.id, "interest: candidate 5, client 2")
    ]
    assert result.truncated == []


def test_the_board_runs_eight_queries_however_much_data(make):
    """No N+1: the same eight queries with 3 rows or 30 (one per kind)."""
    for minutes in (200, 300, 30 * 60):
        make.make_ended_interview(minutes_ago=minutes)
    with counting_queries() as few:
        small = attention.attention(now=utcnow())
    for n in range(9):
        interview = make.make_ended_interview(minutes_ago=26 * 60 + n)
        make.make_debrief(interview=interview, call_me=True)
        make.make_interview(starts_in=dt.timedelta(hours=3 + n))
    with counting_queries() as many:
        large = attention.attention(now=utcnow())
    assert len(large.rows) > len(small.rows) + 20
    assert len(few) == len(many) == 8
