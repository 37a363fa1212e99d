"""Recruiter lists: interviews (filters, search, sort) and the audit log, keyset-paged.

Keyset pagination: a page is "the `size` rows after (or before) this cursor" in a
fixed order over an indexed pair of columns — (starts_at, id) for interviews,
(created_at, id) for audit events. Page 500 is then an index seek, as fast as page
1, and no page runs a COUNT. Rows added while someone pages never make a row
appear twice or go missing among those already there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from peewee import JOIN

from portal.models import (
    AuditEvent,
    Client,
    ClientFeedback,
    Debrief,
    Interview,
    Position,
    User,
    utcnow,
)

PAGE_SIZE = 25
STAGES = {
    "upcoming": "Upcoming",
    "awaiting_debrief": "Awaiting debrief",
    "debriefed": "Debriefed",
    "client_feedback": "Client feedback in",
    "decision": "Decision made",
    "cancelled": "Cancelled",
}
_STAMP = "%Y%m%dT%H%M%S%f"

Candidate = User.alias("candidate")


@dataclass(frozen=True)
class Cursor:
    """A position in a keyset order: the (time, id) of a row."""

    at: dt.datetime
    id: int

    def encode(self) -> str:
        return f"{self.at.strftime(_STAMP)}-{self.id}"

    @classmethod
    def decode(cls, raw: str | None) -> Cursor | None:
        """The cursor in `raw`, or None when it is missing or malformed."""
        if not raw or len(raw) > 60:
            return None
        match = re.fullmatch(r"(\d{8}T\d{12})-(\d{1,18})", raw)
        if not match:
            return None
        try:
            return cls(dt.datetime.strptime(match.group(1), _STAMP), int(match.group(2)))
        except ValueError:
            return None


@dataclass(frozen=True)
class InterviewFilters:
    """What the interview list shows. Dates are naive UTC bounds on the start."""

    candidate_id: int | None = None
    client_id: int | None = None
    position_id: int | None = None
    recruiter_id: int | None = None
    stage: str = ""
    starts_from: dt.datetime | None = None
    starts_before: dt.datetime | None = None
    q: str = ""
    newest_first: bool = True


@dataclass(frozen=True)
class InterviewRow:
    """One line of the interview list."""

    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    round: int
    format: str
    status: str
    decision: str
    candidate_id: int
    candidate_name: str
    position_id: int
    position_title: str
    client_id: int
    client_name: str
    debrief_at: dt.datetime | None
    feedback_at: dt.datetime | None
    # Not a column: worked out from the ones above, so always passed by name.
    stage: str = field(kw_only=True)

    @property
    def stage_label(self) -> str:
        return STAGES[self.stage]


@dataclass(frozen=True)
class Page:
    """One page of rows and the cursors of the pages around it (None: no such page)."""

    rows: list = field(default_factory=list)
    next_cursor: str | None = None
    prev_cursor: str | None = None


def stage_of(
    *,
    status: str,
    decision: str,
    feedback_at: dt.datetime | None,
    debrief_at: dt.datetime | None,
    ends_at: dt.datetime,
    now: dt.datetime,
) -> str:
    """Where an interview stands: the furthest stage it reached (see STAGES)."""
    if status == "cancelled":
        return "cancelled"
    if decision:
        return "decision"
    if feedback_at is not None:
        return "client_feedback"
    if debrief_at is not None:
        return "debriefed"
    if ends_at <= now:
        return "awaiting_debrief"
    return "upcoming"


def _stage_condition(stage: str, now: dt.datetime):
    """The SQL twin of `stage_of` for one stage (joined Debrief and ClientFeedback)."""
    live = (Interview.status == "scheduled") & (Interview.decision == "")
    no_feedback = ClientFeedback.id.is_null()
    no_debrief = Debrief.first_submitted_at.is_null()
    return {
        "cancelled": Interview.status == "cancelled",
        "decision": (Interview.status == "scheduled") & (Interview.decision != ""),
        "client_feedback": live & ClientFeedback.id.is_null(False),
        "debriefed": live & no_feedback & Debrief.first_submitted_at.is_null(False),
        "awaiting_debrief": live & no_feedback & no_debrief & (Interview.ends_at <= now),
        "upcoming": live & no_feedback & no_debrief & (Interview.ends_at > now),
    }[stage]


def search_words(q: str) -> list[str]:
    """The words of a search, without LIKE wildcards, at most five."""
    cleaned = re.sub(r"[%_\\]", " ", q or "")
    return [w for w in cleaned.split() if w][:5]


def interview_query(*columns, filters: InterviewFilters, now: dt.datetime):
    """Interviews joined to candidate, position, client, debrief and client feedback,
    filtered (not ordered, not paged). `columns` are the columns to select."""
    query = (
        Interview.select(*columns)
        .join(Candidate, on=(Interview.candidate == Candidate.id))
        .switch(Interview)
        .join(Position, on=(Interview.position == Position.id))
        .join(Client, on=(Position.client == Client.id))
        .switch(Interview)
        .join(Debrief, JOIN.LEFT_OUTER, on=(Debrief.interview == Interview.id))
        .switch(Interview)
        .join(ClientFeedback, JOIN.LEFT_OUTER, on=(ClientFeedback.interview == Interview.id))
        .switch(Interview)
    )
    f = filters
    if f.candidate_id is not None:
        query = query.where(Interview.candidate == f.candidate_id)
    if f.position_id is not None:
        query = query.where(Interview.position == f.position_id)
    if f.client_id is not None:
        query = query.where(Position.client == f.client_id)
    if f.recruiter_id is not None:
        query = query.where(Interview.recruiter == f.recruiter_id)
    if f.stage in STAGES:
        query = query.where(_stage_condition(f.stage, now))
    if f.starts_from is not None:
        query = query.where(Interview.starts_at >= f.starts_from)
    if f.starts_before is not None:
        query = query.where(Interview.starts_at < f.starts_before)
    for word in search_words(f.q):
        pattern = f"%{word}%"
        query = query.where(
            (Candidate.name**pattern) | (Position.title**pattern) | (Client.name**pattern)
        )
    return query


def _after(time_col, id_col, cursor: Cursor, *, descending: bool):
    """Rows strictly after `cursor` in the order; written so the index range is a seek.

    `t <= x AND (t < x OR id < y)` rather than a row-value or plain OR: both
    databases then seek the (time, id) index to x instead of scanning to it.
    """
    if descending:
        return (time_col <= cursor.at) & ((time_col < cursor.at) | (id_col < cursor.id))
    return (time_col >= cursor.at) & ((time_col > cursor.at) | (id_col > cursor.id))


def keyset_page(
    query,
    *,
    time_col,
    id_col,
    descending: bool,
    after: Cursor | None,
    before: Cursor | None,
    size: int,
    key,
):
    """Run `query` for one page. Returns (rows, next_cursor, prev_cursor).

    `after` pages forward, `before` pages back; `key(row)` gives a row's Cursor.
    One extra row is read to know whether another page exists.
    """
    backwards = before is not None and after is None
    cursor = before if backwards else after
    # Going back walks the order in reverse, then flips the page round.
    walk_descending = descending != backwards
    if cursor is not None:
        query = query.where(_after(time_col, id_col, cursor, descending=walk_descending))
    if walk_descending:
        query = query.order_by(time_col.desc(), id_col.desc())
    else:
        query = query.order_by(time_col, id_col)
    rows = list(query.limit(size + 1))
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        next_cursor = key(rows[-1]).encode() if rows else None
        prev_cursor = key(rows[0]).encode() if more and rows else None
    else:
        next_cursor = key(rows[-1]).encode() if more and rows else None
        prev_cursor = key(rows[0]).encode() if cursor is not None and rows else None
    return rows, next_cursor, prev_cursor


LIST_COLUMNS = (
    Interview.id,
    Interview.starts_at,
    Interview.ends_at,
    Interview.time_zone,
    Interview.round,
    Interview.format,
    Interview.status,
    Interview.decision,
    Candidate.id,
    Candidate.name,
    Position.id,
    Position.title,
    Client.id,
    Client.name,
    Debrief.first_submitted_at,
    ClientFeedback.recorded_at,
)


def interview_page(
    *,
    filters: InterviewFilters,
    after: str | None = None,
    before: str | None = None,
    size: int = PAGE_SIZE,
    now: dt.datetime | None = None,
) -> Page:
    """One page of the interview list (one query). `after`/`before` are encoded cursors."""
    now = now or utcnow()
    query = interview_query(*LIST_COLUMNS, filters=filters, now=now).tuples()
    records, next_cursor, prev_cursor = keyset_page(
        query,
        time_col=Interview.starts_at,
        id_col=Interview.id,
        descending=filters.newest_first,
        after=Cursor.decode(after),
        before=Cursor.decode(before),
        size=size,
        key=lambda r: Cursor(r[1], r[0]),
    )
    rows = []
    for r in records:
        rows.append(
            InterviewRow(
                *r,
                stage=stage_of(
                    status=r[6],
                    decision=r[7],
                    feedback_at=r[15],
                    debrief_at=r[14],
                    ends_at=r[2],
                    now=now,
                ),
            )
        )
    return Page(rows=rows, next_cursor=next_cursor, prev_cursor=prev_cursor)


# ---------------------------------------------------------------------------
# The audit log
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    """Which audit events to show. `action` matches exactly, or a whole family:
    "interview" matches "interview.scheduled", "interview.cancelled", …"""

    actor_id: int | None = None
    action: str = ""
    since: dt.datetime | None = None
    before: dt.datetime | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    created_at: dt.datetime
    action: str
    target_type: str
    target_id: int | None
    detail: str
    address: str
    actor_id: int | None
    actor_name: str | None
    actor_email: str | None


def audit_page(
    *,
    filters: AuditFilters,
    after: str | None = None,
    before: str | None = None,
    size: int = 50,
) -> Page:
    """One page of the audit log, newest first (one query)."""
    actor = User.alias("actor")
    query = (
        AuditEvent.select(
            AuditEvent.id,
            AuditEvent.created_at,
            AuditEvent.action,
            AuditEvent.target_type,
            AuditEvent.target_id,
            AuditEvent.detail,
            AuditEvent.address,
            actor.id,
            actor.name,
            actor.email,
        )
        .join(actor, JOIN.LEFT_OUTER, on=(AuditEvent.actor == actor.id))
        .tuples()
    )
    if filters.actor_id is not None:
        query = query.where(AuditEvent.actor == filters.actor_id)
    action = (filters.action or "").strip()
    if action:
        family = re.sub(r"[%_\\]", "", action.rstrip(".*"))
        query = query.where(
            (AuditEvent.action == action) | (AuditEvent.action.startswith(family + "."))
        )
    if filters.since is not None:
        query = query.where(AuditEvent.created_at >= filters.since)
    if filters.before is not None:
        query = query.where(AuditEvent.created_at < filters.before)
    records, next_cursor, prev_cursor = keyset_page(
        query,
        time_col=AuditEvent.created_at,
        id_col=AuditEvent.id,
        descending=True,
        after=Cursor.decode(after),
        before=Cursor.decode(before),
        size=size,
        key=lambda r: Cursor(r[1], r[0]),
    )
    return Page(
        rows=[AuditRow(*r) for r in records], next_cursor=next_cursor, prev_cursor=prev_cursor
    )


def known_actions() -> tuple[str, ...]:
    """Action names the audit filter suggests (families first)."""
    return (
        "sign_in",
        "interview",
        "interview.scheduled",
        "interview.edited",
        "interview.rescheduled",
        "interview.cancelled",
        "interview.decided",
        "client_feedback.recorded",
        "debrief.reviewed",
        "debrief.call_handled",
        "board.handled",
        "client",
        "position",
        "template",
        "invite.issued",
        "reset.issued",
        "user.deactivated",
        "user.reactivated",
        "export.interviews",
        "share",
    )
