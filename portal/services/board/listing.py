"""Recruiter lists: interviews and candidates (filters, search, sort) and the audit log,
keyset-paged.

Keyset pagination: a page is "the `size` rows after (or before) this cursor" in a
fixed order over an indexed pair of columns — (starts_at, id) for interviews,
(name, id) or (created_at, id) for candidates, (created_at, id) for audit events.
Page 500 is then an index seek, as fast as page 1, and no page runs a COUNT. Rows
added while someone pages never make a row appear twice or go missing among those
already there.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from typing import TypeVar

from peewee import JOIN
from peewee import Case
from peewee import fn

from portal.models import AuditEvent
from portal.models import Client
from portal.models import ClientFeedback
from portal.models import Debrief
from portal.models import Interview
from portal.models import Position
from portal.models import ShareLink
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import users
from portal.services.board import attention
from portal.services.vocabulary import N_

PAGE_SIZE = 25
# Each stage's English label, marked for the catalog: pages show it in the reader's language.
STAGES = {
    "upcoming": N_("Upcoming"),
    "awaiting_debrief": N_("Awaiting debrief"),
    "debriefed": N_("Debriefed"),
    "client_feedback": N_("Client feedback in"),
    "decision": N_("Decision made"),
    "cancelled": N_("Cancelled"),
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
        found = _decode(
            raw,
            longest=60,
            pattern=r"(\d{8}T\d{12})-(\d{1,18})",
            read=lambda text: dt.datetime.strptime(text, _STAMP),
        )
        return cls(*found) if found else None


Value = TypeVar("Value")


def _decode(
    raw: str | None, *, longest: int, pattern: str, read: Callable[[str], Value]
) -> tuple[Value, int] | None:
    """The (value, id) a cursor's text holds: `pattern`'s two groups, the first made a
    value by `read` (ValueError when it cannot). None when `raw` is missing, longer than
    `longest`, or malformed."""
    if not raw or len(raw) > longest:
        return None
    match = re.fullmatch(pattern, raw)
    if not match:
        return None
    try:
        return read(match.group(1)), int(match.group(2))
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


def _after(time_col, id_col, cursor: Cursor | NameCursor, *, descending: bool):
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
    after: Cursor | NameCursor | None,
    before: Cursor | NameCursor | None,
    size: int,
    key,
    make=tuple,
):
    """Run `query` for one page. Returns (rows, next_cursor, prev_cursor).

    `after` pages forward, `before` pages back; `make(row)` turns each row (a tuple of
    the selected columns) into what the page holds, and `key(made)` gives its Cursor.
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
    rows = [make(row) for row in query.limit(size + 1)]
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


# The interview's own columns the interview list and the CSV export both open with: which
# one, when, its round and format (the export reads its `Cursor` from the first two).
INTERVIEW_COLUMNS = (
    Interview.id,
    Interview.starts_at,
    Interview.ends_at,
    Interview.time_zone,
    Interview.round,
    Interview.format,
)

LIST_COLUMNS = (
    *INTERVIEW_COLUMNS,
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


def interviews_in_order(
    *columns,
    filters: InterviewFilters,
    now: dt.datetime,
    after: Cursor | None,
    before: Cursor | None,
    size: int,
    key,
    make=tuple,
):
    """One page of the interviews `filters` select, as rows of `columns`, in the interview
    list's order: by start time, then id, newest first when the filters ask. The list and
    the CSV export both page through this, so the export keeps the list's order.

    Returns (rows, next_cursor, prev_cursor); `key` and `make` as for `keyset_page`.
    """
    return keyset_page(
        interview_query(*columns, filters=filters, now=now).tuples(),
        time_col=Interview.starts_at,
        id_col=Interview.id,
        descending=filters.newest_first,
        after=after,
        before=before,
        size=size,
        key=key,
        make=make,
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
    records, next_cursor, prev_cursor = interviews_in_order(
        *LIST_COLUMNS,
        filters=filters,
        now=now,
        after=Cursor.decode(after),
        before=Cursor.decode(before),
        size=size,
        key=lambda row: Cursor(row.starts_at, row.id),
        make=lambda record: _interview_row(record, now),
    )
    return Page(rows=records, next_cursor=next_cursor, prev_cursor=prev_cursor)


def _interview_row(record: tuple, now: dt.datetime) -> InterviewRow:
    """A row of `LIST_COLUMNS` as a list line, with its stage worked out."""
    row = InterviewRow(*record, stage="")
    stage = stage_of(
        status=row.status,
        decision=row.decision,
        feedback_at=row.feedback_at,
        debrief_at=row.debrief_at,
        ends_at=row.ends_at,
        now=now,
    )
    return replace(row, stage=stage)


# ---------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------

CANDIDATE_STATES = {
    "active": N_("Active"),
    "invited": N_("Invited"),
    "deactivated": N_("Deactivated"),
}
CANDIDATE_SORTS = {
    "name": N_("Name, A to Z"),
    "name_desc": N_("Name, Z to A"),
    "newest": N_("Newest first"),
    "oldest": N_("Oldest first"),
}


@dataclass(frozen=True)
class NameCursor:
    """A position in a by-name order: the (name, id) of a row, encoded URL-safe."""

    at: str
    id: int

    def encode(self) -> str:
        name = base64.urlsafe_b64encode(self.at.encode()).decode().rstrip("=")
        return f"{name}.{self.id}"

    @classmethod
    def decode(cls, raw: str | None) -> NameCursor | None:
        """The cursor in `raw`, or None when it is missing or malformed."""
        found = _decode(
            raw, longest=400, pattern=r"([A-Za-z0-9_\-]*)\.(\d{1,18})", read=_unpadded_name
        )
        return cls(*found) if found else None


def _unpadded_name(text: str) -> str:
    """The name a cursor wrote as URL-safe base64 without its padding (ValueError, its
    subclasses binascii.Error and UnicodeDecodeError included, when it is not one)."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()


@dataclass(frozen=True)
class CandidateFilters:
    """What the candidate list shows. `with_open_items` keeps candidates with something
    on the attention attention."""

    q: str = ""
    state: str = ""
    with_open_items: bool = False
    sort: str = "name"


@dataclass(frozen=True)
class CandidateRow:
    """One line of the candidate list: what `candidate_query` selects, in its order, and
    the board's chips for the candidate."""

    id: int
    name: str
    email: str
    phone: str
    active: bool
    invited: bool
    created_at: dt.datetime
    next_interview_at: dt.datetime | None
    open_items: tuple = ()  # the board's chips for this candidate, most urgent first

    @property
    def state(self) -> str:
        if not self.active:
            return "deactivated"
        return "invited" if self.invited else "active"

    @property
    def state_label(self) -> str:
        return users.ACCOUNT_STATES[self.state]

    @property
    def overdue_items(self) -> int:
        return sum(1 for chip in self.open_items if chip.overdue)


def _candidate_row(record: tuple) -> CandidateRow:
    """A row of `candidate_query` as a list line (its chips come later)."""
    user_id, name, email, phone, active, invited, created_at, next_start = record
    # A subquery's MIN comes back untyped on SQLite: read it as the column would.
    next_interview_at = Interview.starts_at.python_value(next_start)
    return CandidateRow(
        user_id, name, email, phone, bool(active), bool(invited), created_at, next_interview_at
    )


def candidate_query(*, filters: CandidateFilters, now: dt.datetime, only_ids=None):
    """Candidates with their next interview's start, filtered (not ordered, not paged)."""
    upcoming = Interview.alias("upcoming")
    next_start = (
        upcoming.select(fn.MIN(upcoming.starts_at))
        .where(
            (upcoming.candidate == User.id)
            & (upcoming.status == "scheduled")
            & (upcoming.starts_at > now)
        )
        .alias("next_start")
    )
    query = User.select(
        User.id,
        User.name,
        User.email,
        User.phone,
        User.active,
        User.password_hash.is_null().alias("invited"),
        User.created_at,
        next_start,
    ).where(User.role == "candidate")
    state = filters.state
    if state == "active":
        query = query.where((User.active == True) & User.password_hash.is_null(False))  # noqa: E712
    elif state == "invited":
        query = query.where((User.active == True) & User.password_hash.is_null())  # noqa: E712
    elif state == "deactivated":
        query = query.where(User.active == False)  # noqa: E712
    if only_ids is not None:
        query = query.where(User.id.in_(list(only_ids)) if only_ids else (User.id < 0))
    for word in search_words(filters.q):
        pattern = f"%{word}%"
        query = query.where((User.name**pattern) | (User.email**pattern) | (User.phone**pattern))
    return query


def candidate_page(
    *,
    filters: CandidateFilters,
    after: str | None = None,
    before: str | None = None,
    size: int | None = None,
    now: dt.datetime | None = None,
    overdue_minutes: int = 120,
) -> Page:
    """One page of the candidate list, each row with its open board items.

    A fixed number of queries whatever the page or the data: the list (one), and the
    board's six, run once — over every candidate when filtering on open items (to know
    who has any), else over this page's candidates only.
    """
    now = now or utcnow()
    by_name = filters.sort in ("name", "name_desc")
    cursor_type = NameCursor if by_name else Cursor
    found = None
    if filters.with_open_items:
        found = attention.attention(now=now, overdue_minutes=overdue_minutes)
        only_ids = {chip.interview.candidate_id for chip in found.rows}
    else:
        only_ids = None
    query = candidate_query(filters=filters, now=now, only_ids=only_ids).tuples()
    records, next_cursor, prev_cursor = keyset_page(
        query,
        time_col=User.name if by_name else User.created_at,
        id_col=User.id,
        descending=filters.sort in ("name_desc", "newest"),
        after=cursor_type.decode(after),
        before=cursor_type.decode(before),
        size=size or PAGE_SIZE,
        key=(lambda r: NameCursor(r.name, r.id))
        if by_name
        else (lambda r: Cursor(r.created_at, r.id)),
        make=_candidate_row,
    )
    if records and found is None:
        found = attention.attention(
            now=now, overdue_minutes=overdue_minutes, candidate_ids=tuple(r.id for r in records)
        )
    chips: dict[int, list] = {}
    for chip in found.rows if found is not None else ():
        chips.setdefault(chip.interview.candidate_id, []).append(chip)
    rows = [replace(r, open_items=tuple(chips.get(r.id, ()))) for r in records]
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
    # Who acted without an account (a client, by the name on their link).
    client_name: str = ""
    # The person the event is about, by name (the candidate of an interview or a link).
    about_name: str | None = None


def _about_name():
    """The name of the person an event is about: the user it names, or the candidate of
    the interview or share link it names (an erased candidate's name is already gone)."""
    person = User.alias("about")
    of_user = person.select(person.name).where(person.id == AuditEvent.target_id)
    of_interview = (
        person.select(person.name)
        .join(Interview, on=(Interview.candidate == person.id))
        .where(Interview.id == AuditEvent.target_id)
    )
    of_link = (
        person.select(person.name)
        .join(ShareLink, on=(ShareLink.candidate == person.id))
        .where(ShareLink.id == AuditEvent.target_id)
    )
    return Case(
        AuditEvent.target_type,
        (("user", of_user), ("interview", of_interview), ("share_link", of_link)),
        None,
    )


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
            AuditEvent.actor_name,
            _about_name(),
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
        key=lambda row: Cursor(row.created_at, row.id),
        make=lambda record: AuditRow(*record),
    )
    return Page(rows=records, next_cursor=next_cursor, prev_cursor=prev_cursor)


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
        "debrief.sent",
        "letter.marked_sent",
        "share.viewed",
        "share.sent",
        "client.answered",
        "debrief.reviewed",
        "debrief.call_handled",
        "board.handled",
        "client",
        "position",
        "template",
        "invite.issued",
        "reset.issued",
        "recruiter.invited",
        "profile.updated",
        "password.changed",
        "user.deactivated",
        "user.reactivated",
        "export.interviews",
        "share",
    )
