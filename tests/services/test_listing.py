"""The interview list and the audit log: filters, search, stages and keyset pagination."""

from __future__ import annotations

import datetime as dt

from portal.models import AuditEvent
from portal.models import Interview
from portal.models import utcnow
from portal.services.accounts import audit
from portal.services.board import listing
from portal.services.board.listing import Cursor
from portal.services.board.listing import InterviewFilters
from portal.services.journey import interviews
from portal.services.sharing import client_feedback


def _walk(filters: InterviewFilters, *, size: int, between_pages=None) -> list[int]:
    """Page forward to the end, calling `between_pages(n)` after page n; return every id seen."""
    seen: list[int] = []
    after = None
    n = 0
    while True:
        page = listing.interview_page(filters=filters, after=after, size=size)
        seen += [row.id for row in page.rows]
        n += 1
        if between_pages is not None:
            between_pages(n)
        if page.next_cursor is None:
            return seen
        after = page.next_cursor


def test_keyset_pages_return_every_row_exactly_once_while_rows_are_added(make):
    """New interviews arriving between pages never repeat or hide the rows already there."""
    recruiter = make.make_recruiter(password=None)
    position = make.make_position()
    candidate = make.make_candidate(password=None)
    base = utcnow().replace(microsecond=0)
    # Several share a start time: the id breaks the tie.
    originals = [
        make.make_interview(
            candidate=candidate,
            recruiter=recruiter,
            position=position,
            people=[],
            starts_at=base + dt.timedelta(hours=(k // 3) - 10),
        ).id
        for k in range(23)
    ]
    added: list[int] = []

    def add_some(page_number: int) -> None:
        # One far in the past, one far in the future, one right in the middle of the order.
        for hours in (-100 - page_number, 100 + page_number, -5):
            added.append(
                make.make_interview(
                    candidate=candidate,
                    recruiter=recruiter,
                    position=position,
                    people=[],
                    starts_at=base + dt.timedelta(hours=hours),
                ).id
            )

    for newest_first in (True, False):
        added.clear()
        seen = _walk(InterviewFilters(newest_first=newest_first), size=4, between_pages=add_some)
        assert len(seen) == len(set(seen)), "a row appeared twice"
        assert set(originals) <= set(seen), "a row went missing"
        starts = dict(Interview.select(Interview.id, Interview.starts_at).tuples())
        keys = [(starts[i], i) for i in seen]
        assert keys == sorted(keys, reverse=newest_first)


def test_previous_page_shows_the_same_rows_as_before(make):
    """Next then Previous lands on the first page again, in the same order."""
    candidate = make.make_candidate(password=None)
    for k in range(7):
        make.make_interview(candidate=candidate, starts_in=dt.timedelta(hours=k), people=[])
    filters = InterviewFilters()
    first = listing.interview_page(filters=filters, size=3)
    second = listing.interview_page(filters=filters, after=first.next_cursor, size=3)
    back = listing.interview_page(filters=filters, before=second.prev_cursor, size=3)
    assert [r.id for r in back.rows] == [r.id for r in first.rows]
    assert first.prev_cursor is None and back.prev_cursor is None
    assert back.next_cursor is not None
    third = listing.interview_page(filters=filters, after=second.next_cursor, size=3)
    assert len(third.rows) == 1 and third.next_cursor is None


def test_stages_filter_what_each_row_says(make):
    """Every stage filter returns exactly the rows whose stage it names."""
    recruiter = make.make_recruiter(password=None)
    upcoming = make.make_interview(starts_in=dt.timedelta(days=1))
    awaiting = make.make_ended_interview(minutes_ago=60)
    debriefed = make.make_ended_interview(minutes_ago=60)
    make.make_debrief(interview=debriefed)
    with_feedback = make.make_ended_interview(minutes_ago=60)
    make.make_debrief(interview=with_feedback)
    client_feedback.record(interview=with_feedback, by=recruiter, client_interest=4)
    decided = make.make_ended_interview(minutes_ago=60)
    interviews.decide(interview=decided, by=recruiter, decision="forward")
    cancelled = make.make_interview(starts_in=dt.timedelta(days=1))
    interviews.cancel(interview=cancelled, by=recruiter)
    expected = {
        "upcoming": upcoming,
        "awaiting_debrief": awaiting,
        "debriefed": debriefed,
        "client_feedback": with_feedback,
        "decision": decided,
        "cancelled": cancelled,
    }
    everything = {r.id: r.stage for r in listing.interview_page(filters=InterviewFilters()).rows}
    for stage, interview in expected.items():
        rows = listing.interview_page(filters=InterviewFilters(stage=stage)).rows
        assert [r.id for r in rows] == [interview.id], stage
        assert everything[interview.id] == stage


def test_search_matches_candidate_client_and_position_ignoring_case(make):
    """Words match names anywhere, in any case; every word must match; wildcards are text."""
    ana = make.make_candidate(name="Ana Müller", password=None)
    ben = make.make_candidate(name="Ben Okafor", password=None)
    acme = make.make_position(client=make.make_client(name="Acme Analytics"), title="Data Lead")
    other = make.make_position(client=make.make_client(name="Northwind"), title="PM")
    a = make.make_interview(candidate=ana, position=acme)
    b = make.make_interview(candidate=ben, position=other)

    def ids(q):
        return {r.id for r in listing.interview_page(filters=InterviewFilters(q=q)).rows}

    assert ids("ana") == {a.id}
    assert ids("OKAFOR") == {b.id}
    assert ids("acme") == {a.id}
    assert ids("data ana") == {a.id}
    assert ids("data ben") == set()
    assert ids("%") == {a.id, b.id}  # a bare wildcard is dropped, not matched as "anything"
    assert ids("_na") == {a.id}


def test_filters_by_candidate_client_position_recruiter_and_dates(make):
    """Each filter narrows to its rows; date bounds are inclusive of the start, exclusive of the end."""
    me = make.make_recruiter(password=None)
    client = make.make_client()
    position = make.make_position(client=client)
    candidate = make.make_candidate(password=None)
    a = make.make_interview(
        candidate=candidate, position=position, recruiter=me, starts_in=dt.timedelta(days=3)
    )
    b = make.make_interview(starts_in=dt.timedelta(days=10))

    def ids(**kw):
        return [r.id for r in listing.interview_page(filters=InterviewFilters(**kw)).rows]

    assert ids(candidate_id=candidate.id) == [a.id]
    assert ids(client_id=client.id) == [a.id]
    assert ids(position_id=position.id) == [a.id]
    assert ids(recruiter_id=me.id) == [a.id]
    day = utcnow() + dt.timedelta(days=5)
    assert ids(starts_from=day) == [b.id]
    assert ids(starts_before=day) == [a.id]
    assert ids(starts_from=a.starts_at, starts_before=a.starts_at + dt.timedelta(seconds=1)) == [
        a.id
    ]


def test_a_broken_cursor_means_the_first_page(make):
    """Junk in the cursor is ignored, not an error."""
    make.make_interview()
    for junk in ("", "x", "2026-01-01", "99999999T999999999999-1", "1" * 100):
        assert Cursor.decode(junk) is None
        assert len(listing.interview_page(filters=InterviewFilters(), after=junk).rows) == 1
    cursor = Cursor(dt.datetime(2026, 1, 2, 3, 4, 5, 678), 42)
    assert Cursor.decode(cursor.encode()) == cursor


def test_audit_log_pages_and_filters_by_actor_action_and_date(make):
    """Newest first; an action family matches its members; dates bound the page."""
    alice = make.make_recruiter(password=None)
    bob = make.make_recruiter(password=None)
    start = utcnow() - dt.timedelta(days=3)
    for n in range(9):
        event = audit.record(
            alice if n % 2 else bob,
            ("interview.scheduled", "interview.cancelled", "client.created")[n % 3],
            ("interview", n),
        )
        AuditEvent.update(created_at=start + dt.timedelta(hours=n)).where(
            AuditEvent.id == event.id
        ).execute()

    def walk(**kw):
        seen, after = [], None
        while True:
            page = listing.audit_page(filters=listing.AuditFilters(**kw), after=after, size=2)
            seen += [r.target_id for r in page.rows]
            if not page.next_cursor:
                return seen
            after = page.next_cursor

    assert walk() == list(range(8, -1, -1))
    assert walk(actor_id=alice.id) == [7, 5, 3, 1]
    assert walk(action="interview") == [7, 6, 4, 3, 1, 0]
    assert walk(action="interview.cancelled") == [7, 4, 1]
    assert walk(since=start + dt.timedelta(hours=6)) == [8, 7, 6]
    assert walk(before=start + dt.timedelta(hours=2)) == [1, 0]
