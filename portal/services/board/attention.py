"""The attention board: who needs the recruiter now, their own work first.

Eight kinds of open item, each found by one bounded query over a recent window of
interviews (ended in the last `window_days`, or starting in the next 48 hours),
so the board costs the same at 100 or 100,000 interviews. Each item has a due time:

- call_request     a sent debrief asks for a call and nobody has marked it handled; due
                   at the booked call's time (`journey.calls`), or when asked for
                   "as soon as you can"; overdue `CALL_GRACE` after it;
- debrief_missing  the interview ended and no debrief was sent; due the configured
                   minutes after the end;
- review           a debrief was sent or amended since the recruiter last read it; due
                   the same minutes after it arrived;
- prep             the interview starts within 48 hours and prep is under half done; due
                   at the start (never overdue: it leaves the board when the interview starts);
- letters          the decision makers (or, on a panel without one, anybody) have not all
                   been thanked; due 24 hours after the end;
- client_feedback  nothing recorded from the client; due 24 hours after the end;
- client_answer    the client answered (or changed their answer) through a share link
                   since the recruiter last marked it read; due the configured minutes after;
- gap              the sides diverge (`comparison.divergence`); due the same minutes after
                   the later side arrived.

The board shows one `Item` per interview with its open items as chips. The recruiter's
own work (a call, a client's answer, a gap, a debrief to read, the client to call)
comes before chores the candidate owns (their debrief, letters, prep); within each,
overdue items first, the longest overdue at the top, then the others by due time.
Erasure requests are listed above the board (`privacy.erasure.pending`). Each item
carries both sides' interest figures.

Marking a row handled records who and when: on the debrief for calls and reviews,
as an `AttentionMark` for the rest. Cancelled interviews never appear.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from typing import NamedTuple

from peewee import JOIN
from peewee import OP
from peewee import SQL
from peewee import Case
from peewee import Expression
from peewee import fn

from portal.db import Prepared
from portal.db import database
from portal.db import param
from portal.models import AttentionMark
from portal.models import CallBooking
from portal.models import ChecklistItem
from portal.models import Client
from portal.models import ClientAnswer
from portal.models import ClientFeedback
from portal.models import Debrief
from portal.models import Interview
from portal.models import Interviewer
from portal.models import Position
from portal.models import ShareLink
from portal.models import ThankYouLetter
from portal.models import User
from portal.models import utcnow
from portal.services import clock
from portal.services import vocabulary
from portal.services.accounts import audit
from portal.services.errors import NotFound
from portal.services.letters import drafting
from portal.services.mail import notices
from portal.services.sharing import comparison
from portal.services.vocabulary import N_
from portal.services.vocabulary import Moment
from portal.services.vocabulary import Phrase
from portal.services.vocabulary import joined

# Each kind's label: English as it stands, worded in the reader's language where shown.
KINDS = {
    "call_request": Phrase(N_("Asked for a call")),
    "client_answer": Phrase(N_("Client answered")),
    "gap": Phrase(N_("Gap")),
    "review": Phrase(N_("Debrief to read")),
    "client_feedback": Phrase(N_("No client feedback")),
    "debrief_missing": Phrase(N_("No debrief yet")),
    "letters": Phrase(N_("Thank-you letters not sent")),
    "prep": Phrase(N_("Prep under half done")),
}
# The recruiter's own work: it ranks above the chores the candidate owns.
RECRUITER_KINDS = frozenset({"call_request", "client_answer", "gap", "review", "client_feedback"})
# The chip's button that marks it handled ("Mark handled" where a kind has none here).
MARK_HANDLED = Phrase(N_("Mark handled"))
DONE_LABELS = {
    "review": Phrase(N_("Mark read")),
    "call_request": Phrase(N_("Mark called")),
    "client_answer": Phrase(N_("Mark read")),
    "gap": Phrase(N_("Mark read")),
}


class Action(NamedTuple):
    """The row's button: its words, the word before the candidate's name for screen
    readers ("Read debrief of Ana"), and the part of the interview page it opens."""

    label: str
    about: str
    anchor: str


# Kinds with no action here get "Call" (the candidate's phone), or "See the interview".
OF = Phrase(N_("of"))  # "See prep of Ana", for screen readers
ACTIONS = {
    "client_answer": Action(Phrase(N_("Read the answer")), Phrase(N_("about")), "client-answer"),
    "gap": Action(Phrase(N_("See the gap")), Phrase(N_("for")), "three-tests"),
    "review": Action(Phrase(N_("Read debrief")), OF, "debrief"),
    "client_feedback": Action(
        Phrase(N_("Record client feedback")), Phrase(N_("for")), "client-side"
    ),
    "prep": Action(Phrase(N_("See prep")), OF, "prep"),
    "letters": Action(Phrase(N_("See letters")), OF, "letters"),
}
# Kinds whose "handled" lives in an AttentionMark (the others live on the debrief).
MARKED_KINDS = ("debrief_missing", "prep", "letters", "client_feedback", "client_answer", "gap")
# Marks that hold only until something newer arrives (a changed answer, a new gap).
RENEWED_KINDS = ("client_answer", "gap")
WINDOW_DAYS = 14
PREP_AHEAD = dt.timedelta(hours=48)
# The one 24-hour follow-up rule: letters sent, the client called back.
FOLLOW_UP_AFTER = drafting.SEND_WITHIN
# A call is overdue this long after the time the candidate asked for.
CALL_GRACE = dt.timedelta(minutes=30)
# Rows read per kind. A fortnight's window rarely holds this many of one kind; a kind
# that does is named in `Board.truncated`, and its oldest (most overdue) rows are kept.
LIMIT = 500
# The order chips of one interview are listed in when they are due at the same moment.
KIND_ORDER = tuple(KINDS)
_KIND_RANK = {kind: n for n, kind in enumerate(KIND_ORDER)}


class Found(NamedTuple):
    """The interview a row is about, as the board shows it: the columns `_select` reads
    first, in its order, for every kind."""

    interview_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    candidate_id: int
    candidate_name: str
    candidate_phone: str
    position_title: str
    client_name: str
    candidate_interest: int | None
    client_interest: int | None


class Row(NamedTuple):
    """One open item (a chip): one thing that needs the recruiter, about one interview.

    A named tuple, not a frozen dataclass: a board makes thousands, and a frozen
    dataclass sets each field through `object.__setattr__`."""

    kind: str
    due_at: dt.datetime
    overdue: bool
    detail: str
    interview: Found

    @property
    def interview_id(self) -> int:
        """The interview's id: with `kind`, what names the chip (marking it handled)."""
        return self.interview.interview_id

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def candidates_chore(self) -> bool:
        """True for what the candidate owns (their debrief, letters, prep)."""
        return self.kind not in RECRUITER_KINDS

    @property
    def done_label(self) -> str:
        return DONE_LABELS.get(self.kind, MARK_HANDLED)

    @property
    def action(self) -> Action | None:
        return ACTIONS.get(self.kind)

    @property
    def sort_key(self) -> tuple:
        kind = self.kind
        return (kind not in RECRUITER_KINDS, not self.overdue, self.due_at, _KIND_RANK[kind])


@dataclass(frozen=True)
class Item:
    """One interview on the board with its open items (`chips`), most urgent chip first.

    `first` is that chip; `interview` is the interview (candidate, position, times)
    every chip of the item is about.
    """

    chips: tuple[Row, ...]

    @property
    def first(self) -> Row:
        return self.chips[0]

    @property
    def interview(self) -> Found:
        return self.chips[0].interview

    @property
    def overdue(self) -> bool:
        return self.first.overdue

    @property
    def due_at(self) -> dt.datetime:
        """When the most urgent chip is (or was) due."""
        return self.first.due_at

    @property
    def sort_key(self) -> tuple:
        first = self.chips[0]
        return (
            first.kind not in RECRUITER_KINDS,
            not first.overdue,
            first.due_at,
            first.interview_id,
        )


@dataclass(frozen=True)
class Board:
    """The items (one per interview), overdue first then by due time; `counts` of open
    items per kind looked at; `truncated` names kinds that hit the row limit (their
    count is a floor)."""

    items: list[Item]
    truncated: list[str]
    counts: dict[str, int]

    @property
    def rows(self) -> list[Row]:
        """Every open item, item by item, in board order."""
        return [chip for item in self.items for chip in item.chips]

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.items if item.overdue)


Candidate = User.alias("candidate")
Recruiter = User.alias("recruiter")


def _answered_interest():
    """The client's interest in their newest answer through a link that gives one."""
    return (
        ClientAnswer.select(ClientAnswer.interest)
        .where((ClientAnswer.interview == Interview.id) & ClientAnswer.interest.is_null(False))
        .order_by(ClientAnswer.updated_at.desc())
        .limit(1)
    )


def _interest_columns():
    """Both sides' interest, as subqueries: the candidate's (sent debrief) and the
    client's (recorded from a call, else their newest answer through a link)."""
    mine = Debrief.select(Debrief.candidate_interest).where(
        (Debrief.interview == Interview.id) & Debrief.first_submitted_at.is_null(False)
    )
    recorded = ClientFeedback.select(ClientFeedback.client_interest).where(
        ClientFeedback.interview == Interview.id
    )
    return mine, fn.COALESCE(recorded, _answered_interest())


def _select(*extra, interests=None):
    """Interviews with their candidate, position, client and both interest figures, plus
    `extra` columns (`_finder` joins the candidate, position and client). `interests`
    replaces the figures' subqueries with a query's own joined columns (the same values)."""
    return Interview.select(
        Interview.id,
        Interview.starts_at,
        Interview.ends_at,
        Interview.time_zone,
        Candidate.id,
        Candidate.name,
        Candidate.phone,
        Position.title,
        Client.name,
        *(interests or _interest_columns()),
        *extra,
    )


def _with_names(query):
    """`query` joined to the candidate, position and client its rows show, after its own
    joins: SQLite joins in the order written where it can, so it looks them up only for
    the interviews those joins keep (a gap query reads a third as many)."""
    return (
        query.switch(Interview)
        .join(Candidate, on=(Interview.candidate == Candidate.id))
        .switch(Interview)
        .join(Position, on=(Interview.position == Position.id))
        .join(Client, on=(Position.client == Client.id))
    )


def _exists(query):
    return fn.EXISTS(query)


def _unmarked(query, kind: str):
    """Leave out interviews whose `kind` row was marked handled (checked before any join)."""
    marked = AttentionMark.select(SQL("1")).where(
        (AttentionMark.interview == Interview.id) & (AttentionMark.kind == kind)
    )
    return query.where(~_exists(marked))


def _scope(query, recruiter_id: int | None, candidate_ids: tuple[int, ...] | None = None):
    query = query.where(Interview.status == "scheduled")
    if recruiter_id is not None:
        query = query.where(Interview.recruiter == RECRUITER)
    if candidate_ids is not None:
        query = query.where(Interview.candidate.in_(candidate_ids))
    return query


# What the finders' queries compare with, as placeholders: each kind's SQL is written
# once per database (and with or without a recruiter) and run with this call's values
# (`_read`); writing it took about as long as running it.
NOW = param("now", Interview.ends_at)
SINCE = param("since", Interview.ends_at)
PREP_UNTIL = param("prep_until", Interview.starts_at)  # now + PREP_AHEAD
FOLLOWED_UP = param("followed_up", Interview.ends_at)  # now - FOLLOW_UP_AFTER
RECRUITER = param("recruiter_id")
READ_LIMIT = param("limit")
_WRITTEN: dict[tuple[str, bool], Prepared] = {}


def _read(kind: str, build, *, now, since, recruiter_id, candidate_ids, limit):
    """The rows of a finder's query (`build` makes it, with the placeholders above): its
    SQL written once per kind and scope, except with `candidate_ids`, which are written
    into the SQL itself. Rows come as the driver gives them: times are read with `_when`
    (peewee converting every column of a thousand rows took as long as finding them)."""
    values = {
        "now": now,
        "since": since,
        "prep_until": now + PREP_AHEAD,
        "followed_up": now - FOLLOW_UP_AFTER,
        "recruiter_id": recruiter_id,
        "limit": limit,
    }
    if candidate_ids is not None:
        return Prepared(build).driver_rows(**values)
    key = (kind, recruiter_id is not None)
    prepared = _WRITTEN.get(key)
    if prepared is None:
        prepared = _WRITTEN[key] = Prepared(build)
    return prepared.driver_rows(**values)


# A stored time from the driver (SQLite's text, PostgreSQL's datetime), as peewee reads it.
_read_time = Interview.ends_at.python_value
_from_text = dt.datetime.fromisoformat


def _when(value):
    """A stored time as peewee reads it: SQLite's text through `fromisoformat` directly,
    as peewee does first, without its three calls a value (a board reads thousands)."""
    if value.__class__ is str:
        try:
            return _from_text(value)
        except ValueError:
            pass
    return _read_time(value)


def _found(records) -> Iterator[tuple[Found, tuple[Any, ...]]]:
    """Each row of a `_select` query (`_read`'s): the interview's columns, and the
    `extra` ones as the driver gave them (read times with `_when`)."""
    width = len(Found._fields)
    for record in records:
        yield (
            Found(record[0], _when(record[1]), _when(record[2]), *record[3:width]),
            record[width:],
        )


def _row(kind: str, due_at, now, detail: str, found: Found, *, grace=dt.timedelta(0)) -> Row:
    return Row(kind, due_at, now > due_at + grace, detail, found)


def _ago(now: dt.datetime, then: dt.datetime) -> str:
    return clock.duration((now - then).total_seconds())


def _finder(kind: str, select, order, *, unmarked: bool = True, **scope):
    """The rows of one kind: `select()` makes the query (a `_select` with its joins and
    conditions, on the placeholders above), ordered by the columns `order()` returns,
    kept to the scope's interviews and limit, without those whose `kind` row was marked
    handled (unless `unmarked` is False), each as `_found` gives it.

    Both are called only when the kind's SQL is first written (`_read`): making peewee's
    expressions on every board took about as long as running the queries.
    """

    def query():
        found = _with_names(select())
        found = _unmarked(found, kind) if unmarked else found
        return (
            _scope(found, scope["recruiter_id"], scope["candidate_ids"])
            .order_by(*order())
            .limit(READ_LIMIT)
            .tuples()
        )

    return _found(_read(kind, query, **scope))


def _by_end():
    return Interview.ends_at, Interview.id


def _calls(*, now, **scope) -> list[Row]:
    def select():
        booked = CallBooking.alias("booked")
        return (
            _select(
                Debrief.submitted_at,
                Debrief.updated_at,
                Candidate.time_zone,
                Recruiter.time_zone,
                booked.starts_at,
                booked.asked_at,
            )
            .join(Debrief, on=(Debrief.interview == Interview.id))
            .switch(Interview)
            .join(Recruiter, on=(Interview.recruiter == Recruiter.id))
            .switch(Interview)
            .join(
                booked,
                JOIN.LEFT_OUTER,
                on=(booked.interview == Interview.id) & booked.cancelled_at.is_null(),
            )
            .where(
                (Interview.ends_at > SINCE)
                & (Interview.ends_at <= PREP_UNTIL)
                & (Debrief.status == "submitted")
                & (Debrief.call_me == True)  # noqa: E712 - SQL, not Python truthiness
                & Debrief.call_handled_at.is_null()
            )
        )

    rows = []
    for found, extra in _finder("call_request", select, _by_end, unmarked=False, now=now, **scope):
        submitted_at, updated_at, zone, their_zone, starts_at, asked_at = extra
        starts_at = _when(starts_at)
        asked = _when(asked_at) or _when(submitted_at) or _when(updated_at)
        waited = (now - asked).total_seconds()
        detail = (
            Phrase(N_("Asked %(ago)s ago"), ago=_ago(now, asked))
            if waited >= 60
            else Phrase(N_("Asked just now"))
        )
        if starts_at is None:
            detail = Phrase(N_("%(asked)s: as soon as you can"), asked=detail)
            due = asked
        else:
            detail = Phrase(
                N_("Booked for %(when)s %(zone)s"),
                when=Moment(clock.to_local(starts_at, their_zone)),
                zone=clock.zone_label(their_zone),
            )
            if clock.zone(zone).key != clock.zone(their_zone).key:
                detail = Phrase(
                    N_("%(booked)s (%(time)s %(zone)s for the candidate)"),
                    booked=detail,
                    time=Moment(clock.to_local(starts_at, zone), "HH:mm"),
                    zone=clock.zone_label(zone),
                )
            due = starts_at
        rows.append(_row("call_request", due, now, detail, found, grace=CALL_GRACE))
    return rows


def _ended_without(
    kind: str,
    missing,
    *,
    until,
    due_after: dt.timedelta,
    words: str = N_("Ended %(ago)s ago"),
    now,
    **scope,
) -> list[Row]:
    """Interviews that ended after `since` and by `until` (NOW or FOLLOWED_UP) with nothing
    in `missing()` (a subquery on the interview): rows of `kind`, due `due_after` the end,
    saying in `words` how long ago it ended."""

    def select():
        return _select().where(
            (Interview.ends_at > SINCE) & (Interview.ends_at <= until) & ~_exists(missing())
        )

    rows = []
    for found, _ in _finder(kind, select, _by_end, now=now, **scope):
        detail = Phrase(words, ago=_ago(now, found.ends_at))
        rows.append(_row(kind, found.ends_at + due_after, now, detail, found))
    return rows


def _debriefs_missing(*, overdue_after, **scope) -> list[Row]:
    def sent():
        return Debrief.select(SQL("1")).where(
            (Debrief.interview == Interview.id) & Debrief.first_submitted_at.is_null(False)
        )

    return _ended_without("debrief_missing", sent, until=NOW, due_after=overdue_after, **scope)


def _reviews(*, now, overdue_after, **scope) -> list[Row]:
    def select():
        return (
            _select(Debrief.submitted_at, Debrief.version, Debrief.reviewed_at)
            .join(Debrief, on=(Debrief.interview == Interview.id))
            .where(
                (Debrief.submitted_at > SINCE)
                & (Debrief.reviewed_at.is_null() | (Debrief.submitted_at > Debrief.reviewed_at))
            )
        )

    def order():
        return Debrief.submitted_at, Interview.id

    rows = []
    for found, extra in _finder("review", select, order, unmarked=False, now=now, **scope):
        submitted_at, version, reviewed_at = extra
        submitted_at, reviewed_at = _when(submitted_at), _when(reviewed_at)
        if reviewed_at is not None:
            what = N_("Amended since you read it, %(ago)s ago")
        elif (version or 0) > 1:
            what = N_("Amended, %(ago)s ago")
        else:
            what = N_("Submitted, %(ago)s ago")
        detail = Phrase(what, ago=_ago(now, submitted_at))
        rows.append(_row("review", submitted_at + overdue_after, now, detail, found))
    return rows


def _prep(*, now, **scope) -> list[Row]:
    def select():
        items = ChecklistItem.alias("items")
        total = items.select(fn.COUNT(items.id)).where(items.interview == Interview.id)
        done = items.select(fn.COUNT(items.done_at)).where(items.interview == Interview.id)
        return _select(done, total).where(
            (Interview.starts_at > NOW)
            & (Interview.starts_at <= PREP_UNTIL)
            & (total > 0)
            & (Expression(done, OP.MUL, 2) < total)
        )

    def order():
        return Interview.starts_at, Interview.id

    rows = []
    for found, (n_done, n_total) in _finder("prep", select, order, now=now, since=now, **scope):
        left = clock.duration((found.starts_at - now).total_seconds())
        detail = Phrase(
            N_("%(done)s of %(total)s done; starts in %(left)s"),
            done=n_done,
            total=n_total,
            left=left,
        )
        rows.append(_row("prep", found.starts_at, now, detail, found))
    return rows


def _letters(*, now, **scope) -> list[Row]:
    def select():
        person = Interviewer.alias("person")
        letter = ThankYouLetter.alias("letter")
        on_panel = person.interview == Interview.id
        is_dm = person.role == "decision_maker"
        sent_to = (letter.interviewer == person.id) & (letter.status == "sent")
        # A decision maker without a sent letter; or no decision maker and no letter sent.
        unthanked_dm = person.select(SQL("1")).where(
            on_panel & is_dm & ~_exists(letter.select(SQL("1")).where(sent_to))
        )
        any_dm = person.select(SQL("1")).where(on_panel & is_dm)
        any_sent = letter.select(SQL("1")).where(
            (letter.interview == Interview.id) & (letter.status == "sent")
        )
        # Counts for the row's words, computed only for the rows shown.
        n_dm = person.select(fn.COUNT(person.id)).where(on_panel & is_dm)
        n_dm_sent = (
            person.select(fn.COUNT(person.id)).join(letter, on=sent_to).where(on_panel & is_dm)
        )
        n_people = person.select(fn.COUNT(person.id)).where(on_panel)
        return _select(n_dm, n_dm_sent, n_people).where(
            (Interview.ends_at > SINCE)
            & (Interview.ends_at <= FOLLOWED_UP)
            & (_exists(unthanked_dm) | (~_exists(any_dm) & ~_exists(any_sent)))
        )

    rows = []
    for found, counts in _finder("letters", select, _by_end, now=now, **scope):
        dms, dms_sent, people = (int(v or 0) for v in counts)
        if dms:
            thanked = (
                N_("%(sent)s of %(n)s decision maker thanked")
                if dms == 1
                else N_("%(sent)s of %(n)s decision makers thanked")
            )
            detail = Phrase(thanked, sent=dms_sent, n=dms)
        elif people:
            detail = Phrase(N_("No thank-you letter sent"))
        else:
            detail = Phrase(N_("No thank-you letter sent; nobody listed on the panel"))
        rows.append(_row("letters", found.ends_at + FOLLOW_UP_AFTER, now, detail, found))
    return rows


def _feedback(**scope) -> list[Row]:
    def recorded():
        return ClientFeedback.select(SQL("1")).where(ClientFeedback.interview == Interview.id)

    return _ended_without(
        "client_feedback",
        recorded,
        until=FOLLOWED_UP,
        due_after=FOLLOW_UP_AFTER,
        words=N_("Ended %(ago)s ago; nothing recorded from the client"),
        **scope,
    )


def _client_answers(*, now, overdue_after, **scope) -> list[Row]:
    def select():
        recent = ClientAnswer.select(ClientAnswer.interview).where(ClientAnswer.updated_at > SINCE)
        read = AttentionMark.select(SQL("1")).where(
            (AttentionMark.interview == Interview.id)
            & (AttentionMark.kind == "client_answer")
            & (AttentionMark.handled_at >= ClientAnswer.updated_at)
        )
        return (
            _select(
                ClientAnswer.decision,
                ClientAnswer.interest,
                ClientAnswer.headline,
                ClientAnswer.updated_at,
                ShareLink.recipient_name,
            )
            .join(ClientAnswer, on=(ClientAnswer.interview == Interview.id))
            .join(ShareLink, on=(ClientAnswer.share_link == ShareLink.id))
            .where(
                (ClientAnswer.updated_at > SINCE)
                # The recent answers find their interviews (by key): without this the
                # database walks every scheduled interview looking for an answer.
                & Interview.id.in_(recent)
                & ~_exists(read)
            )
        )

    def order():
        return ClientAnswer.updated_at, Interview.id

    rows = []
    for found, extra in _finder("client_answer", select, order, unmarked=False, now=now, **scope):
        decision, interest, headline, updated_at, who = extra
        updated_at = _when(updated_at)
        words = [Phrase(DECISION_WORDS.get(decision, N_("No decision")))]
        if interest:
            words.append(Phrase(N_("interest %(n)s of 5"), n=interest))
        # Punctuation around words already said: nothing for the catalog.
        detail = Phrase("%(who)s: %(answer)s", who=who, answer=joined(words, ", "))
        if headline:
            detail = Phrase("%(answer)s (%(headline)s)", answer=detail, headline=headline)
        rows.append(_row("client_answer", updated_at + overdue_after, now, detail, found))
    return rows


DECISION_WORDS = vocabulary.CLIENT_DECISIONS


def _gaps(*, now, overdue_after, limit, **scope) -> tuple[list[Row], bool]:
    """Sent debriefs whose client side diverges from them (`comparison.divergence`).

    The client's side is what the recruiter recorded, else the newest answer through a
    link (`comparison.client_side_of`; the answer's decision counts either way). The
    database keeps only interviews where the sides can diverge: interests on either side
    of `comparison.KEEN`, the client passing on a keen candidate, or concerns on both
    sides (whether they share one is read here). The limit counts those interviews (not
    every interview with both sides); the flag says it was reached.
    """

    def select():
        newest = ClientAnswer.alias("newest")
        answer = ClientAnswer.alias("answer")
        seen = AttentionMark.select(AttentionMark.handled_at).where(
            (AttentionMark.interview == Interview.id) & (AttentionMark.kind == "gap")
        )
        recorded = ClientFeedback.id.is_null(False)
        # The client's side: the recorded one when there is one, else the newest answer's.
        theirs = Case(None, [(recorded, ClientFeedback.client_interest)], answer.interest)
        their_concerns = Case(None, [(recorded, ClientFeedback.concerns)], answer.concerns)
        mine = Debrief.candidate_interest
        keen = comparison.KEEN
        # Both interest figures from the rows joined here (the debrief is a sent one, the
        # recorded side is the interview's only one), not read again by subqueries.
        interests = (mine, fn.COALESCE(ClientFeedback.client_interest, _answered_interest()))
        return (
            _select(
                mine,
                Debrief.concerns,
                Debrief.submitted_at,
                seen,
                theirs,
                their_concerns,
                answer.decision,
                ClientFeedback.updated_at,
                answer.updated_at,
                interests=interests,
            )
            .join(Debrief, on=(Debrief.interview == Interview.id))
            .switch(Interview)
            .join(ClientFeedback, JOIN.LEFT_OUTER, on=(ClientFeedback.interview == Interview.id))
            .switch(Interview)
            .join(
                answer,
                JOIN.LEFT_OUTER,
                on=(
                    answer.id
                    == newest.select(newest.id)
                    .where(newest.interview == Interview.id)
                    .order_by(newest.updated_at.desc(), newest.id.desc())
                    .limit(1)
                ),
            )
            .where(
                (Interview.ends_at > SINCE)
                & Debrief.first_submitted_at.is_null(False)
                & (recorded | answer.id.is_null(False))
                & (
                    ((mine > 0) & (mine < keen) & (theirs >= keen))
                    | ((mine >= keen) & (theirs > 0) & (theirs < keen))
                    | ((answer.decision == "pass") & (mine >= keen))
                    | (
                        (fn.COALESCE(Debrief.concerns, "") != "")
                        & (fn.COALESCE(their_concerns, "") != "")
                    )
                )
            )
        )

    records = list(_finder("gap", select, _by_end, unmarked=False, now=now, limit=limit, **scope))
    rows = []
    for found, extra in records:
        interest, concerns, submitted_at, seen_at, client_interest = extra[:5]
        client_concerns, decision, recorded_at, answered_at = extra[5:]
        reasons = comparison.divergence(
            candidate=comparison.Side(candidate_interest=interest, concerns=concerns or ""),
            client=comparison.ClientSide(
                client_interest=client_interest,
                concerns=client_concerns or "",
                decision=decision or "",
            ),
        )
        seen_at, submitted_at = _when(seen_at), _when(submitted_at)
        client_at = max(_when(t) for t in (recorded_at, answered_at) if t is not None)
        arrived = max(submitted_at or client_at, client_at)
        if not reasons or (seen_at is not None and seen_at >= arrived):
            continue
        rows.append(_row("gap", arrived + overdue_after, now, joined(reasons, "; "), found))
    return rows, len(records) >= limit


def attention(
    *,
    now: dt.datetime | None = None,
    overdue_minutes: int = 120,
    recruiter_id: int | None = None,
    candidate_ids: tuple[int, ...] | None = None,
    kinds: tuple[str, ...] | None = None,
    window_days: int = WINDOW_DAYS,
    limit: int = LIMIT,
) -> Board:
    """Every interview that needs a recruiter, with its open items: overdue first, then
    by due time (one bounded query per kind).

    `recruiter_id` keeps only that recruiter's interviews, `candidate_ids` only those
    candidates'; `kinds` only those kinds (all by default). Each kind returns at most
    `limit` rows; kinds that hit it are named in `Board.truncated`.
    """
    now = now or utcnow()
    since = now - dt.timedelta(days=window_days)
    overdue_after = dt.timedelta(minutes=overdue_minutes)
    common = {
        "now": now,
        "recruiter_id": recruiter_id,
        "candidate_ids": candidate_ids,
        "limit": limit,
    }

    def whole(rows: list[Row]) -> tuple[list[Row], bool]:
        # Rows as read, and whether the limit was reached (a kind's count is then a floor).
        return rows, len(rows) >= limit

    finders = {
        "call_request": lambda: whole(_calls(since=since, **common)),
        "debrief_missing": lambda: whole(
            _debriefs_missing(since=since, overdue_after=overdue_after, **common)
        ),
        "review": lambda: whole(_reviews(since=since, overdue_after=overdue_after, **common)),
        "prep": lambda: whole(_prep(**common)),
        "letters": lambda: whole(_letters(since=since, **common)),
        "client_feedback": lambda: whole(_feedback(since=since, **common)),
        "client_answer": lambda: whole(
            _client_answers(since=since, overdue_after=overdue_after, **common)
        ),
        # Its limit counts the interviews read, some of which a closer look drops.
        "gap": lambda: _gaps(since=since, overdue_after=overdue_after, **common),
    }
    read = {kind: find() for kind, find in finders.items() if kinds is None or kind in kinds}
    found = {kind: rows for kind, (rows, _full) in read.items()}
    by_interview: dict[int, list[Row]] = {}
    for kind_rows in found.values():
        for row in kind_rows:
            by_interview.setdefault(row.interview_id, []).append(row)
    items = sorted(
        (
            Item(chips=tuple(sorted(chips, key=lambda r: r.sort_key)))
            for chips in by_interview.values()
        ),
        key=lambda item: item.sort_key,
    )
    truncated = [kind for kind, (_rows, full) in read.items() if full]
    counts = {kind: len(kind_rows) for kind, kind_rows in found.items()}
    return Board(items=items, truncated=truncated, counts=counts)


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
        elif kind in RENEWED_KINDS:
            # Read again later: the newer mark hides only what came before it.
            AttentionMark.insert(
                interview=interview, kind=kind, handled_by=by, handled_at=now
            ).on_conflict(
                conflict_target=[AttentionMark.interview, AttentionMark.kind],
                update={AttentionMark.handled_at: now, AttentionMark.handled_by: by.id},
            ).execute()
            action = "board.handled"
        else:
            AttentionMark.insert(
                interview=interview, kind=kind, handled_by=by, handled_at=now
            ).on_conflict_ignore().execute()
            action = "board.handled"
        audit.record(by, action, interview, detail=kind)
    return interview


def nudge_letters(*, interview_id: int, by: User, now: dt.datetime | None = None) -> Interview:
    """The letters row's action: email the candidate a nudge from the recruiter (at most
    once a day), and take the row off the board (the chore is the candidate's)."""
    now = now or utcnow()
    with database.atomic():
        interview = Interview.get_or_none(Interview.id == interview_id)
        if interview is None:
            raise NotFound("That interview does not exist.")
        notices.letters_nudge(interview=interview, by=by, now=now)
        AttentionMark.insert(
            interview=interview, kind="letters", handled_by=by, handled_at=now
        ).on_conflict_ignore().execute()
        audit.record(by, "letters.nudged", interview, at=now)
    return interview
