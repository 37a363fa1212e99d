"""The attention board: who needs the recruiter now, most urgent first.

Six kinds of row, each found by one bounded query over a recent window of
interviews (ended in the last `window_days`, or starting in the next 48 hours),
so the board costs the same at 100 or 100,000 interviews:

- call_request     a sent debrief asks for a call and nobody has marked it handled;
- debrief_missing  the interview ended and no debrief was submitted (overdue after
                   the configured minutes);
- review           a debrief was submitted or amended since the recruiter last read it;
- prep             the interview starts within 48 hours and prep is under half done;
- letters          24 hours after the end, the decision makers (or, on a panel without
                   one, anybody) have not all been thanked;
- client_feedback  24 hours after the end, nothing recorded from the client.

Marking a row handled records who and when: on the debrief for calls and reviews,
as an `AttentionMark` for the rest. Cancelled interviews never appear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import OP, SQL, Expression, fn

from portal.db import database
from portal.models import (
    AttentionMark,
    ChecklistItem,
    Client,
    ClientFeedback,
    Debrief,
    Interview,
    Interviewer,
    Position,
    ThankYouLetter,
    User,
    utcnow,
)
from portal.services import audit, clock, letter_drafting
from portal.services.errors import NotFound

KINDS = {
    "call_request": "Asked for a call",
    "debrief_missing": "No debrief yet",
    "review": "Debrief to read",
    "prep": "Prep under half done",
    "letters": "Thank-you letters not sent",
    "client_feedback": "No client feedback",
}
# Kinds whose "handled" lives in an AttentionMark (the others live on the debrief).
MARKED_KINDS = ("debrief_missing", "prep", "letters", "client_feedback")
WINDOW_DAYS = 14
PREP_AHEAD = dt.timedelta(hours=48)
# The one 24-hour follow-up rule: letters sent, the client called back.
FOLLOW_UP_AFTER = letter_drafting.SEND_WITHIN
LIMIT = 100

# Urgency tiers, lowest first. Within a tier, the longest-waiting row comes first
# (for prep: the soonest interview).
TIER_CALL = 0
TIER_DEBRIEF_OVERDUE = 1
TIER_REVIEW = 2
TIER_PREP = 3
TIER_LETTERS = 4
TIER_FEEDBACK = 5
TIER_DEBRIEF_WAITING = 6


@dataclass(frozen=True)
class Row:
    """One thing that needs the recruiter, about one interview."""

    kind: str
    tier: int
    since: dt.datetime
    overdue: bool
    detail: str
    interview_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    candidate_id: int
    candidate_name: str
    candidate_phone: str
    position_title: str
    client_name: str

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def sort_key(self) -> tuple:
        return (self.tier, self.since, self.interview_id, self.kind)


@dataclass(frozen=True)
class Board:
    """The rows, most urgent first; `counts` per kind looked at; `truncated` names kinds
    that hit the row limit (their count is a floor)."""

    rows: list[Row]
    truncated: list[str]
    counts: dict[str, int]


Candidate = User.alias("candidate")


def _select(*extra):
    """Interviews with their candidate, position and client, plus `extra` columns."""
    return (
        Interview.select(
            Interview.id,
            Interview.starts_at,
            Interview.ends_at,
            Interview.time_zone,
            Candidate.id,
            Candidate.name,
            Candidate.phone,
            Position.title,
            Client.name,
            *extra,
        )
        .join(Candidate, on=(Interview.candidate == Candidate.id))
        .switch(Interview)
        .join(Position, on=(Interview.position == Position.id))
        .join(Client, on=(Position.client == Client.id))
        .switch(Interview)
    )


def _exists(query):
    return fn.EXISTS(query)


def _unmarked(query, kind: str):
    """Leave out interviews whose `kind` row was marked handled (checked before any join)."""
    marked = AttentionMark.select(SQL("1")).where(
        (AttentionMark.interview == Interview.id) & (AttentionMark.kind == kind)
    )
    return query.where(~_exists(marked))


def _scope(query, recruiter_id: int | None):
    query = query.where(Interview.status == "scheduled")
    if recruiter_id is not None:
        query = query.where(Interview.recruiter == recruiter_id)
    return query


def _row(kind: str, tier: int, since, overdue: bool, detail: str, base: tuple) -> Row:
    (iid, starts, ends, tz, cid, cname, cphone, title, client) = base[:9]
    return Row(
        kind=kind,
        tier=tier,
        since=since,
        overdue=overdue,
        detail=detail,
        interview_id=iid,
        starts_at=starts,
        ends_at=ends,
        time_zone=tz,
        candidate_id=cid,
        candidate_name=cname,
        candidate_phone=cphone,
        position_title=title,
        client_name=client,
    )


def _ago(now: dt.datetime, then: dt.datetime) -> str:
    return clock.duration((now - then).total_seconds())


def _calls(*, now, since, recruiter_id, limit) -> list[Row]:
    query = _scope(
        _select(Debrief.call_times, Debrief.submitted_at, Debrief.updated_at)
        .join(Debrief, on=(Debrief.interview == Interview.id))
        .where(
            (Interview.ends_at > since)
            & (Interview.ends_at <= now + PREP_AHEAD)
            & (Debrief.status == "submitted")
            & (Debrief.call_me == True)  # noqa: E712 - SQL, not Python truthiness
            & Debrief.call_handled_at.is_null()
        ),
        recruiter_id,
    )
    rows = []
    for record in query.order_by(Interview.ends_at, Interview.id).limit(limit).tuples():
        call_times, submitted_at, updated_at = record[9:]
        asked = submitted_at or updated_at
        waited = (now - asked).total_seconds()
        detail = f"Asked {_ago(now, asked)} ago" if waited >= 60 else "Asked just now"
        if call_times.strip():
            detail += f"; suits: {call_times.strip()}"
        rows.append(_row("call_request", TIER_CALL, asked, True, detail, record))
    return rows


def _debriefs_missing(*, now, since, overdue_after, recruiter_id, limit) -> list[Row]:
    sent = Debrief.select(SQL("1")).where(
        (Debrief.interview == Interview.id) & Debrief.first_submitted_at.is_null(False)
    )
    query = _scope(
        _unmarked(
            _select().where(
                (Interview.ends_at > since) & (Interview.ends_at <= now) & ~_exists(sent)
            ),
            "debrief_missing",
        ),
        recruiter_id,
    )
    rows = []
    for record in query.order_by(Interview.ends_at, Interview.id).limit(limit).tuples():
        ends = record[2]
        overdue = now - ends > overdue_after
        detail = f"Ended {_ago(now, ends)} ago" + ("; overdue" if overdue else "")
        tier = TIER_DEBRIEF_OVERDUE if overdue else TIER_DEBRIEF_WAITING
        rows.append(_row("debrief_missing", tier, ends, overdue, detail, record))
    return rows


def _reviews(*, now, since, recruiter_id, limit) -> list[Row]:
    query = _scope(
        _select(Debrief.submitted_at, Debrief.version, Debrief.reviewed_at)
        .join(Debrief, on=(Debrief.interview == Interview.id))
        .where(
            (Debrief.submitted_at > since)
            & (Debrief.reviewed_at.is_null() | (Debrief.submitted_at > Debrief.reviewed_at))
        ),
        recruiter_id,
    )
    rows = []
    for record in query.order_by(Debrief.submitted_at, Interview.id).limit(limit).tuples():
        submitted_at, version, reviewed_at = record[9:]
        what = "Amended" if reviewed_at is not None or (version or 0) > 1 else "Submitted"
        if reviewed_at is not None:
            what += " since you read it"
        detail = f"{what}, {_ago(now, submitted_at)} ago"
        rows.append(_row("review", TIER_REVIEW, submitted_at, False, detail, record))
    return rows


def _prep(*, now, recruiter_id, limit) -> list[Row]:
    items = ChecklistItem.alias("items")
    total = items.select(fn.COUNT(items.id)).where(items.interview == Interview.id)
    done = items.select(fn.COUNT(items.done_at)).where(items.interview == Interview.id)
    query = _scope(
        _unmarked(
            _select(done, total).where(
                (Interview.starts_at > now)
                & (Interview.starts_at <= now + PREP_AHEAD)
                & (total > 0)
                & (Expression(done, OP.MUL, 2) < total)
            ),
            "prep",
        ),
        recruiter_id,
    )
    rows = []
    for record in query.order_by(Interview.starts_at, Interview.id).limit(limit).tuples():
        n_done, n_total = record[9:]
        starts = record[1]
        left = clock.duration((starts - now).total_seconds())
        detail = f"{n_done} of {n_total} done; starts in {left}"
        rows.append(_row("prep", TIER_PREP, starts, False, detail, record))
    return rows


def _letters(*, now, since, recruiter_id, limit) -> list[Row]:
    person = Interviewer.alias("person")
    letter = ThankYouLetter.alias("letter")
    on_panel = person.interview == Interview.id
    is_dm = person.role == "decision_maker"
    sent_to = (letter.interviewer == person.id) & (letter.status == "sent")
    # A decision maker without a sent letter; or no decision maker and no letter sent at all.
    unthanked_dm = person.select(SQL("1")).where(
        on_panel & is_dm & ~_exists(letter.select(SQL("1")).where(sent_to))
    )
    any_dm = person.select(SQL("1")).where(on_panel & is_dm)
    any_sent = letter.select(SQL("1")).where(
        (letter.interview == Interview.id) & (letter.status == "sent")
    )
    # Counts for the row's words, computed only for the rows shown.
    n_dm = person.select(fn.COUNT(person.id)).where(on_panel & is_dm)
    n_dm_sent = person.select(fn.COUNT(person.id)).join(letter, on=sent_to).where(on_panel & is_dm)
    n_people = person.select(fn.COUNT(person.id)).where(on_panel)
    query = _scope(
        _unmarked(
            _select(n_dm, n_dm_sent, n_people).where(
                (Interview.ends_at > since)
                & (Interview.ends_at <= now - FOLLOW_UP_AFTER)
                & (_exists(unthanked_dm) | (~_exists(any_dm) & ~_exists(any_sent)))
            ),
            "letters",
        ),
        recruiter_id,
    )
    rows = []
    for record in query.order_by(Interview.ends_at, Interview.id).limit(limit).tuples():
        dms, dms_sent, people = (int(v or 0) for v in record[9:])
        if dms:
            plural = "s" if dms != 1 else ""
            detail = f"{dms_sent} of {dms} decision maker{plural} thanked"
        elif people:
            detail = "No thank-you letter sent"
        else:
            detail = "No thank-you letter sent; nobody listed on the panel"
        since_due = record[2] + FOLLOW_UP_AFTER
        rows.append(_row("letters", TIER_LETTERS, since_due, True, detail, record))
    return rows


def _feedback(*, now, since, recruiter_id, limit) -> list[Row]:
    recorded = ClientFeedback.select(SQL("1")).where(ClientFeedback.interview == Interview.id)
    query = _scope(
        _unmarked(
            _select().where(
                (Interview.ends_at > since)
                & (Interview.ends_at <= now - FOLLOW_UP_AFTER)
                & ~_exists(recorded)
            ),
            "client_feedback",
        ),
        recruiter_id,
    )
    rows = []
    for record in query.order_by(Interview.ends_at, Interview.id).limit(limit).tuples():
        ends = record[2]
        detail = f"Ended {_ago(now, ends)} ago; nothing recorded from the client"
        rows.append(
            _row("client_feedback", TIER_FEEDBACK, ends + FOLLOW_UP_AFTER, True, detail, record)
        )
    return rows


def attention(
    *,
    now: dt.datetime | None = None,
    overdue_minutes: int = 120,
    recruiter_id: int | None = None,
    kinds: tuple[str, ...] | None = None,
    window_days: int = WINDOW_DAYS,
    limit: int = LIMIT,
) -> Board:
    """Every row that needs a recruiter, most urgent first (one bounded query per kind).

    `recruiter_id` keeps only that recruiter's interviews; `kinds` only those kinds (all
    by default). Each kind returns at most `limit` rows; kinds that hit it are named in
    `Board.truncated`.
    """
    now = now or utcnow()
    since = now - dt.timedelta(days=window_days)
    overdue_after = dt.timedelta(minutes=overdue_minutes)
    common = {"now": now, "recruiter_id": recruiter_id, "limit": limit}
    finders = {
        "call_request": lambda: _calls(since=since, **common),
        "debrief_missing": lambda: _debriefs_missing(
            since=since, overdue_after=overdue_after, **common
        ),
        "review": lambda: _reviews(since=since, **common),
        "prep": lambda: _prep(**common),
        "letters": lambda: _letters(since=since, **common),
        "client_feedback": lambda: _feedback(since=since, **common),
    }
    found = {kind: find() for kind, find in finders.items() if kinds is None or kind in kinds}
    rows = sorted(
        (row for kind_rows in found.values() for row in kind_rows), key=lambda r: r.sort_key
    )
    truncated = [kind for kind, kind_rows in found.items() if len(kind_rows) >= limit]
    counts = {kind: len(kind_rows) for kind, kind_rows in found.items()}
    return Board(rows=rows, truncated=truncated, counts=counts)


def mark_handled(
    *, interview_id: int, kind: str, by: User, now: dt.datetime | None = None
) -> Interview:
    """Record that `by` handled the `kind` row of an interview; NotFound for unknown ones.

    Calls set the debrief's call_handled_*, reviews its reviewed_* (a later amendment
    brings the row back); the other kinds get an AttentionMark. Marking twice keeps
    the first mark.
    """
    if kind not in KINDS:
        raise NotFound("There is no such row on the board.")
    now = now or utcnow()
    with database.atomic():
        interview = Interview.get_or_none(Interview.id == interview_id)
        if interview is None:
            raise NotFound("That interview does not exist.")
        if kind == "call_request":
            Debrief.update(call_handled_at=now, call_handled_by=by).where(
                (Debrief.interview == interview) & Debrief.call_handled_at.is_null()
            ).execute()
            action = "debrief.call_handled"
        elif kind == "review":
            Debrief.update(reviewed_at=now, reviewed_by=by).where(
                (Debrief.interview == interview) & Debrief.submitted_at.is_null(False)
            ).execute()
            action = "debrief.reviewed"
        else:
            AttentionMark.insert(
                interview=interview, kind=kind, handled_by=by, handled_at=now
            ).on_conflict_ignore().execute()
            action = "board.handled"
        audit.record(
            actor=by, action=action, target_type="interview", target_id=interview.id, detail=kind
        )
    return interview
