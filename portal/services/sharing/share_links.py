"""Client share links: a read-only candidate packet for one recipient, by an unguessable link.

Rules held here:

- A link shows only the sections the recruiter chose (`SHARE_SECTIONS`); a section's text is
  stored only when it is chosen, and the packet is built from the chosen sections alone.
  Letters are never shared; the debrief never raw: the highlights start from the
  candidate's qualifications alone, in the third person, and the recruiter edits them.
- The token is 256 random bits from `secrets`, returned once at creation and stored only as
  its SHA-256. Unknown, malformed, expired, revoked and deactivated-candidate links all raise
  the same `NotFound`; bad tokens are counted per address and throttled in the database.
- Views are counted as people only when the page's own stylesheet (`seen.css`) confirms them;
  link-preview bots (by user agent), HEAD checks and unconfirmed openings count as bots.

What a link shows is built in `packets`; who opened it is told by `visitors`.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from dataclasses import replace
from typing import Any
from typing import NamedTuple

from peewee import JOIN
from peewee import fn

from portal.db import Prepared
from portal.db import database
from portal.db import param
from portal.db import tuples
from portal.models import SHARE_SECTIONS
from portal.models import Client
from portal.models import Debrief
from portal.models import Interview
from portal.models import Position
from portal.models import ShareDocument
from portal.models import ShareLink
from portal.models import ShareView
from portal.models import ThrottleEvent
from portal.models import User
from portal.models import utcnow
from portal.services import idempotency
from portal.services.accounts.users import audit
from portal.services.accounts.users import hash_token
from portal.services.accounts.users import throttle
from portal.services.errors import Conflict
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.errors import Throttled
from portal.services.letters import third_person
from portal.services.letters.drafting import split_points
from portal.services.mail import notices
from portal.services.sharing import documents
from portal.services.sharing import packets
from portal.services.sharing import visitors
from portal.services.vocabulary import LANGUAGES
from portal.services.vocabulary import N_

DEFAULT_DAYS = 14
MAX_DAYS = 90
TOKEN_BYTES = 32
# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
MAX_TEXT = 4000
BAD_TOKENS_PER_ADDRESS = 20
BAD_TOKEN_WINDOW = 15 * 60
# A page's stylesheet arrives within seconds of the page; ten minutes allows a slow phone.
CONFIRM_WINDOW = dt.timedelta(minutes=10)
# Openings by the same kind of browser this close to the last counted one are the same
# visit (reading, answering, landing back on the page): one view, not three.
VISIT_GAP = dt.timedelta(minutes=30)
IDEMPOTENCY_SCOPE = "share.create"
GONE_MESSAGE = N_("This link is no longer available.")

SECTION_LABELS = {
    "summary": N_("Candidate summary"),
    "schedule": N_("Interview schedule"),
    "highlights": N_("Interview highlights"),
    "contact": N_("Contact details"),
}
# What a section the recruiter ticked but left empty says (a whole sentence each).
WRITE_SECTION = {
    "summary": N_("Write the candidate summary the client will read, or untick it."),
    "highlights": N_("Write the interview highlights the client will read, or untick it."),
}


class AlreadyMade(Conflict):
    """The same form was sent twice: the link exists (its address was shown once)."""

    def __init__(self, message: str, *, link_id: int):
        super().__init__(message)
        self.link_id = link_id


@dataclass(frozen=True)
class ShareDraft:
    """What the "new link" form starts from."""

    candidate: User
    interview: Interview | None
    highlights: str
    sections: tuple[str, ...]

    @property
    def offered(self) -> tuple[str, ...]:
        """Sections this link may show: the schedule only when made from an interview."""
        if self.interview is None:
            return tuple(s for s in SHARE_SECTIONS if s != "schedule")
        return SHARE_SECTIONS


@dataclass(frozen=True)
class LinkRow:
    """One link in a list, with what the list shows of its candidate and interview."""

    link: ShareLink
    status: str  # live | expired | revoked
    position_title: str
    client_name: str
    documents: tuple[str, ...] = ()  # titles of the documents it includes (where listed)


# ---------------------------------------------------------------------------
# Making links
# ---------------------------------------------------------------------------


def _candidate(candidate_id: int) -> User:
    user = User.get_or_none((User.id == candidate_id) & (User.role == "candidate"))
    if user is None:
        raise NotFound("That candidate does not exist.")
    return user


def _interview_of(candidate: User, interview_id: int | None) -> Interview | None:
    if interview_id is None:
        return None
    interview = (
        Interview.select(Interview, Position, Client)
        .join(Position)
        .join(Client)
        .where((Interview.id == interview_id) & (Interview.candidate == candidate.id))
        .first()
    )
    if interview is None:
        raise NotFound("That interview does not exist for this candidate.")
    return interview


def highlight_prefill(*, interview: Interview | None, candidate_name: str = "") -> str:
    """Highlights for the recruiter to edit: the qualifications the candidate asked to
    reinforce, one per line, in the third person ("Ana led …", never "I led …").

    Only the qualifications: the rest of the debrief (key points, concerns, what is still
    open) is the candidate's own notes, never offered to a client. Only a submitted debrief
    counts (a draft is unfinished writing), and only the one of the link's own interview
    (never another employer's). Without `candidate_name` the points say "The candidate".
    """
    if interview is None:
        return ""
    debrief = Debrief.get_or_none(
        (Debrief.interview == interview.id) & (Debrief.status == "submitted")
    )
    if debrief is None:
        return ""
    first_name = candidate_name.split()[0] if candidate_name.split() else "The candidate"
    points: list[str] = []
    for point in split_points(debrief.qualifications):
        written = third_person.rewrite(point, name=first_name)
        if written.casefold() not in {p.casefold() for p in points}:
            points.append(written)
    return "\n".join(f"- {p}" for p in points)


def draft(*, candidate_id: int, interview_id: int | None = None) -> ShareDraft:
    """The starting point of a new link for a candidate (and optionally one interview)."""
    candidate = _candidate(candidate_id)
    interview = _interview_of(candidate, interview_id)
    sections = ("summary", "schedule", "highlights") if interview else ("summary",)
    return ShareDraft(
        candidate=candidate,
        interview=interview,
        highlights=highlight_prefill(interview=interview, candidate_name=candidate.name),
        sections=sections,
    )


def _clean_sections(sections, *, interview: Interview | None) -> tuple[str, ...]:
    chosen = set(sections or ())
    unknown = chosen - set(SHARE_SECTIONS)
    if unknown:
        raise ServiceError("Choose only from the sections offered.", field="sections")
    if not chosen:
        raise ServiceError("Choose at least one thing for the link to show.", field="sections")
    if "schedule" in chosen and interview is None:
        raise ServiceError(
            "The schedule can only be shared from one interview's page.", field="sections"
        )
    return tuple(s for s in SHARE_SECTIONS if s in chosen)


def _clean_text(text: str, *, section: str, chosen: tuple[str, ...], field: str) -> str:
    text = (text or "").strip().replace("\r\n", "\n")
    if section not in chosen:
        return ""
    if not text:
        raise ServiceError(WRITE_SECTION[section], field=field)
    if len(text) > MAX_TEXT:
        raise ServiceError("Keep it under %(n)s characters.", field=field, n=MAX_TEXT)
    return text


def _clean_days(days: int) -> int:
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        raise ServiceError("Choose between 1 and %(n)s days.", field="days", n=MAX_DAYS)
    return days


@dataclass(frozen=True)
class _Checked:
    candidate: User
    interview: Interview | None
    sections: tuple[str, ...]
    summary: str
    highlights: str
    recipient_name: str
    recipient_company: str
    days: int
    document_ids: tuple[int, ...] = ()


def _check(
    *,
    candidate_id: int,
    interview_id: int | None = None,
    recipient_name: str,
    recipient_company: str = "",
    sections,
    summary: str = "",
    highlights: str = "",
    days: int = DEFAULT_DAYS,
    document_ids=(),
) -> _Checked:
    """The answers a link is made from (the share form's), checked and cleaned: the same
    for a preview and for the link itself. ServiceError names the field at fault."""
    candidate = _candidate(candidate_id)
    interview = _interview_of(candidate, interview_id)
    recipient_name = (recipient_name or "").strip()
    if not recipient_name:
        raise ServiceError("Enter the name of the person the link is for.", field="recipient_name")
    chosen = _clean_sections(sections, interview=interview)
    return _Checked(
        candidate=candidate,
        interview=interview,
        sections=chosen,
        summary=_clean_text(summary, section="summary", chosen=chosen, field="summary"),
        highlights=_clean_text(highlights, section="highlights", chosen=chosen, field="highlights"),
        recipient_name=recipient_name[:120],
        recipient_company=(recipient_company or "").strip()[:160],
        days=_clean_days(days),
        document_ids=documents.check_choice(candidate_id=candidate.id, document_ids=document_ids),
    )


def answers_of(link: ShareLink) -> dict:
    """What `link` was made from, as `create_link` takes it (all but its expiry): to make
    another link with the same contents, for the same person."""
    document_ids = ShareDocument.select(ShareDocument.document).where(ShareDocument.link == link.id)
    return {
        "candidate_id": link.candidate_id,
        "interview_id": link.interview_id,
        "recipient_name": link.recipient_name,
        "recipient_company": link.recipient_company,
        "sections": link.section_list,
        "summary": link.summary,
        "highlights": link.highlights,
        "document_ids": tuple(row[0] for row in tuples(document_ids)),
    }


def preview(
    *, now: dt.datetime | None = None, recruiter: User | None = None, **answers
) -> packets.Packet:
    """Exactly the packet a link made from these `answers` (`_check`'s: candidate_id,
    interview_id, recipient_name, sections, …) would show, without making it."""
    checked = _check(**answers)
    return packets.build_packet(
        candidate=packets.person_of(checked.candidate),
        interview=packets.meeting_of(checked.interview) if checked.interview else None,
        sections=checked.sections,
        summary=checked.summary,
        highlights=checked.highlights,
        recipient_name=checked.recipient_name,
        recipient_company=checked.recipient_company,
        expires_at=(now or utcnow()) + dt.timedelta(days=checked.days),
        recruiter=packets.person_of(recruiter) if recruiter else None,
        document_ids=checked.document_ids,
    )


def create_link(
    *,
    created_by: User,
    idempotency_key: str = "",
    address: str = "",
    recipient_email: str = "",
    language: str = "",
    **answers,
) -> tuple[ShareLink, str]:
    """Make a link from the share form's `answers` (`_check`'s: candidate_id, interview_id,
    recipient_name, sections, …); return it and its raw token (shown once, never stored).
    `language` is the one its page and emails speak ("" follows the client's browser;
    emails: English).

    A second call with the same `idempotency_key` (a double submit, a retried post) makes
    nothing and raises `AlreadyMade` naming the first link.
    """
    if not created_by.is_recruiter:
        raise ServiceError("Only recruiters make share links.")
    if language and language not in LANGUAGES:
        raise ServiceError("Choose a language from the list.", field="language")
    checked = _check(**answers)
    if not checked.candidate.active:
        raise ServiceError("This candidate's account is deactivated: a link would not open.")
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()

    def make() -> int:
        link = ShareLink.create(
            token_hash=hash_token(raw),
            candidate=checked.candidate,
            interview=checked.interview,
            created_by=created_by,
            recipient_name=checked.recipient_name,
            recipient_company=checked.recipient_company,
            sections=",".join(checked.sections),
            summary=checked.summary,
            highlights=checked.highlights,
            expires_at=now + dt.timedelta(days=checked.days),
            created_at=now,
            recipient_email=(recipient_email or "").strip().lower()[:254],
            language=language,
        )
        documents.include(link_id=link.id, document_ids=checked.document_ids)
        shared = f"; {len(checked.document_ids)} documents" if checked.document_ids else ""
        audit.record(
            actor=created_by,
            action="share.created",
            target=link,
            detail=f"for {checked.recipient_name}; shows {','.join(checked.sections)}"
            f"{shared}; {checked.days} days",
            address=address,
        )
        return link.id

    link_id, made = idempotency.once(
        key=(idempotency_key or "").strip(),
        user=created_by,
        scope=IDEMPOTENCY_SCOPE,
        make=make,
        refused=N_("That form was already used. Open it again to make a link."),
    )
    if not made:
        raise AlreadyMade(
            N_(
                "This link was already made. Its address is shown only once: if you did not "
                "copy it, revoke the link and make a new one."
            ),
            link_id=link_id,
        )
    link = ShareLink.get_by_id(link_id)
    return link, raw


def revoke_link(*, link_id: int, by: User, address: str = "", now=None) -> ShareLink:
    """Withdraw a link at once (the next request, open pages included, gets the gone page).

    Revoking twice changes nothing and records nothing the second time.
    """
    now = now or utcnow()
    with database.atomic():
        link = ShareLink.get_or_none(ShareLink.id == link_id)
        if link is None:
            raise NotFound("That share link does not exist.")
        changed = (
            ShareLink.update(revoked_at=now, revoked_by=by)
            .where((ShareLink.id == link_id) & ShareLink.revoked_at.is_null())
            .execute()
        )
        if changed:
            audit.record(by, "share.revoked", link, address=address)
            link.revoked_at, link.revoked_by = now, by
    return link


# ---------------------------------------------------------------------------
# The client's side
# ---------------------------------------------------------------------------


def _throttle_key(address: str) -> str:
    return f"share:addr:{address or 'unknown'}"


# Every opening of a share page runs this one: prepared (portal.db.Prepared).
_link_state = Prepared(
    lambda: (
        ShareLink.select(
            ShareLink.id,
            ShareLink.revoked_at,
            ShareLink.expires_at,
            User.active,
            throttle.recent_attempts(param("key"), param("since", ThrottleEvent.created_at)),
        )
        .join(User, on=(ShareLink.candidate == User.id))
        .where(ShareLink.token_hash == param("token_hash"))
        .limit(1)
        .tuples()
    )
)


def _live_link(*, raw: str, address: str, limit: int, window: int, now: dt.datetime) -> int:
    """The id of the live link for `raw`; NotFound for any dead one (counted against `address`).

    Throttled once `address` has sent `limit` bad tokens in `window` seconds: past the
    limit even a right token gets no answer, or guessing could go on.
    """
    key = _throttle_key(address)
    found = None
    if isinstance(raw, str) and TOKEN_PATTERN.fullmatch(raw):
        # Plain values (the packet's rows load only when its page is drawn), and the
        # address's recent bad tokens counted in the same round trip.
        found = _link_state.first(
            key=key, since=now - dt.timedelta(seconds=window), token_hash=hash_token(raw)
        )
    if found is None or found[-1] >= limit:
        # No link came back, or the address is at its limit: the throttle answers first.
        wait = throttle.retry_after(key=key, limit=limit, window=window, now=now)
        if wait:
            raise Throttled(GONE_MESSAGE, retry_after=wait)
    if found is None:
        dead = True
    else:
        link_id, revoked_at, expires_at, candidate_active, _ = found
        dead = revoked_at is not None or expires_at <= now or not candidate_active
    if dead:
        # Its own statement, outside any transaction: the count must survive the NotFound.
        throttle.record(key=key, now=now)
        raise NotFound(GONE_MESSAGE)
    return link_id


def live_link(*, raw: str, address: str, limit: int, window: int, now: dt.datetime) -> int:
    """The live link's id for `raw`, without logging an opening (an answer posted through it)."""
    return _live_link(raw=raw, address=address, limit=limit, window=window, now=now)


# Every opening of a share page writes one: prepared (portal.db.Prepared).
_log_opening = Prepared(
    lambda: ShareView.insert(
        link=param("link_id"),
        viewed_at=param("viewed_at", ShareView.viewed_at),
        client_hint=param("client_hint"),
        is_bot=True,
        confirmed=False,
    ).as_rowcount()
)


@dataclass(frozen=True)
class Visit:
    """One request for a share page by its token: who asks (address, browser), how (a
    HEAD check, a recruiter checking the link), and the bad-token throttle it answers to.

    `open_link` and `confirm_view` both take one.
    """

    raw: str
    address: str
    user_agent: str
    head: bool = False
    staff: bool = False
    limit: int = BAD_TOKENS_PER_ADDRESS
    window: int = BAD_TOKEN_WINDOW
    now: dt.datetime | None = None

    def live_link(self, now: dt.datetime) -> int:
        """The live link's id (`_live_link`: NotFound, Throttled)."""
        return _live_link(
            raw=self.raw, address=self.address, limit=self.limit, window=self.window, now=now
        )


def open_link(visit: Visit) -> int:
    """Open a link: the live link's id, with the opening logged (`packet_for` gives its packet).

    Raises NotFound for every kind of dead link and Throttled when the visit's address sent
    too many bad tokens. An opening counts as a bot until the page's stylesheet confirms it
    (`confirm_view`); a recruiter checking a link (`staff`) is not counted at all.
    """
    now = visit.now or utcnow()
    link_id = visit.live_link(now)
    if not visit.staff:
        # One row per opening, nothing else: bot counts are counted from these rows
        # when a list shows them.
        hint = "Link check (HEAD)" if visit.head else visitors.client_hint(visit.user_agent)
        _log_opening.run(link_id=link_id, viewed_at=now, client_hint=hint)
    return link_id


def packet_for(link_id: int) -> packets.Packet:
    """The packet of the link with id `link_id` (found live a moment ago)."""
    return packet_and_link(link_id)[0]


class PageLink(NamedTuple):
    """What a share page reads of its link beside the packet: the rounds a client may
    answer are found from it, and the page speaks its language."""

    id: int
    candidate_id: int
    interview_id: int | None
    position_id: int | None
    language: str


def _packet_link_query():
    """The link with what its packet shows (see `packet_and_link`), by `link_id`, one
    row of `_PacketRow`'s columns."""
    creator = User.alias("creator")
    return (
        ShareLink.select(
            ShareLink.id,
            ShareLink.candidate,
            ShareLink.interview,
            ShareLink.sections,
            ShareLink.summary,
            ShareLink.highlights,
            ShareLink.recipient_name,
            ShareLink.recipient_company,
            ShareLink.expires_at,
            # The language its page speaks (portal.i18n).
            ShareLink.language,
            User.name,
            User.email,
            User.phone,
            Interview.time_zone,
            Interview.position,
            Position.title,
            Position.client,
            Client.name,
            creator.id,
            creator.name,
            creator.email,
            creator.phone,
            # Whether it includes any document: most include none, and their page then
            # asks for none.
            fn.EXISTS(
                ShareDocument.select(ShareDocument.id).where(ShareDocument.link == ShareLink.id)
            ),
        )
        .join(User, on=(ShareLink.candidate == User.id))
        .switch(ShareLink)
        .join(Interview, JOIN.LEFT_OUTER)
        .join(Position, JOIN.LEFT_OUTER)
        .join(Client, JOIN.LEFT_OUTER)
        .join_from(ShareLink, creator, on=(ShareLink.created_by == creator.id))
        .where(ShareLink.id == param("link_id"))
        .limit(1)
    )


class _PacketRow(NamedTuple):
    """`_packet_link_query`'s row, as the database driver gives it."""

    id: int
    candidate_id: int
    interview_id: int | None
    sections: str
    summary: str
    highlights: str
    recipient_name: str
    recipient_company: str
    expires_at: Any
    language: str
    candidate_name: str
    candidate_email: str
    candidate_phone: str
    time_zone: str | None
    position_id: int | None
    position_title: str | None
    client_id: int | None
    client_name: str | None
    creator_id: int
    creator_name: str
    creator_email: str
    creator_phone: str
    shares_documents: Any


# Every opening of a share page runs this one: prepared (portal.db.Prepared). Its row is
# read as the driver gives it: peewee would make six models of it, each value passed
# through its field, where one time needs converting.
_packet_link = Prepared(_packet_link_query)
_read_time = ShareLink.expires_at.python_value


def packet_and_link(link_id: int) -> tuple[packets.Packet, PageLink]:
    """The packet of the link with id `link_id` (found live a moment ago).

    One query, and only what the page shows: of the link, what it shares and with whom;
    of the candidate and the recruiter who made it, the name and ways to reach them; of
    the interview, its position and client (and what finds its schedule).
    """
    found = _packet_link.driver_rows(link_id=link_id).fetchone()
    if found is None:
        # Erased between finding the link live and drawing its page.
        raise NotFound(GONE_MESSAGE)
    row = _PacketRow(*found)
    meeting = None
    if row.interview_id is not None:
        meeting = packets.Meeting(
            row.interview_id,
            row.candidate_id,
            row.time_zone or "",
            row.position_title or "",
            row.client_id or 0,
            row.client_name or "",
        )
    packet = packets.build_packet(
        candidate=packets.Person(
            row.candidate_id, row.candidate_name, row.candidate_email, row.candidate_phone
        ),
        interview=meeting,
        sections=tuple(s for s in row.sections.split(",") if s in SHARE_SECTIONS),
        summary=row.summary,
        highlights=row.highlights,
        recipient_name=row.recipient_name,
        recipient_company=row.recipient_company,
        expires_at=_read_time(row.expires_at),
        recruiter=packets.Person(
            row.creator_id, row.creator_name, row.creator_email, row.creator_phone
        ),
        link_id=row.id,
        any_documents=bool(row.shares_documents),
    )
    link = PageLink(row.id, row.candidate_id, row.interview_id, row.position_id, row.language)
    return packet, link


def confirm_view(visit: Visit) -> bool:
    """The page's stylesheet loaded: count the matching recent opening as a person.

    Raises NotFound/Throttled like `open_link` (a revoked link's open page is gone too).
    Returns True when an opening was confirmed. Bots, HEAD checks and staff never confirm; each
    opening confirms at most once (the one from the same kind of browser, most recent first).
    """
    now = visit.now or utcnow()
    link_id = visit.live_link(now)
    if visit.head or visit.staff or visitors.is_bot(visit.user_agent):
        return False
    hint = visitors.client_hint(visit.user_agent)
    with database.atomic():
        pending = (
            ShareView.select(ShareView.id)
            .where(
                (ShareView.link == link_id)
                & (ShareView.confirmed == False)  # noqa: E712
                & (ShareView.client_hint == hint)
                & (ShareView.viewed_at >= now - CONFIRM_WINDOW)
            )
            .order_by(ShareView.viewed_at.desc(), ShareView.id.desc())
            .first()
        )
        if pending is None:
            return False
        # Conditional: two stylesheet loads racing for one opening confirm it once.
        claimed = (
            ShareView.update(confirmed=True, is_bot=False)
            .where((ShareView.id == pending.id) & (ShareView.confirmed == False))  # noqa: E712
            .execute()
        )
        if not claimed:
            return False
        same_visit = (
            ShareView.select(ShareView.id)
            .where(
                (ShareView.link == link_id)
                & (ShareView.id != pending.id)
                & (ShareView.confirmed == True)  # noqa: E712
                & (ShareView.client_hint == hint)
                & (ShareView.viewed_at >= now - VISIT_GAP)
            )
            .exists()
        )
        if same_visit:
            return True
        ShareLink.update(
            view_count=ShareLink.view_count + 1,
            last_viewed_at=now,
        ).where(ShareLink.id == link_id).execute()
        # Read under the row lock the update holds: exactly one opening sees 1.
        count, name, company = tuples(
            ShareLink.select(
                ShareLink.view_count, ShareLink.recipient_name, ShareLink.recipient_company
            ).where(ShareLink.id == link_id)
        )[0]
        audit.record(
            actor=None,
            actor_name=f"{name} ({company})" if company else name,
            action="share.viewed",
            target=("share_link", link_id),
            detail=hint,
            address=visit.address,
            at=now,
        )
        if count == 1:
            notices.share_first_opened(link_id=link_id)
    return True


# ---------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------


def status_of(link: ShareLink, *, now: dt.datetime | None = None) -> str:
    """'revoked', 'expired' or 'live'."""
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= (now or utcnow()):
        return "expired"
    return "live"


def _rows(query, now: dt.datetime) -> list[LinkRow]:
    rows = []
    for link in query:
        interview = link.interview if link.interview_id else None
        rows.append(
            LinkRow(
                link=link,
                status=status_of(link, now=now),
                position_title=interview.position.title if interview else "",
                client_name=interview.position.client.name if interview else "",
            )
        )
    return rows


def _bot_views():
    """How many openings of the link no page's stylesheet confirmed (bots and link checks)."""
    return (
        ShareView.select(fn.COUNT(ShareView.id))
        .where((ShareView.link == ShareLink.id) & (ShareView.confirmed == False))  # noqa: E712
        .alias("bot_view_count")
    )


def _listing(*, counted: bool = True):
    """Links with their candidate and interview; `counted` adds the bot openings count."""
    columns = [ShareLink, User, Interview, Position, Client]
    return (
        ShareLink.select(*columns, *([_bot_views()] if counted else []))
        .join(User, on=(ShareLink.candidate == User.id))
        .switch(ShareLink)
        .join(Interview, JOIN.LEFT_OUTER)
        .join(Position, JOIN.LEFT_OUTER)
        .join(Client, JOIN.LEFT_OUTER)
    )


def list_links(
    *, before: int | None = None, candidate_id: int | None = None, per_page: int = 50
) -> tuple[list[LinkRow], int | None]:
    """Every link, newest first, expired and revoked ones included (for the record).

    Keyset pagination on the id: returns the page and the id to pass as `before` for the
    next one (None on the last page).
    """
    query = _listing()
    if candidate_id is not None:
        query = query.where(ShareLink.candidate == candidate_id)
    if before is not None:
        query = query.where(ShareLink.id < before)
    links = list(query.order_by(ShareLink.id.desc()).limit(per_page + 1))
    more = len(links) > per_page
    links = links[:per_page]
    return _rows(links, utcnow()), (links[-1].id if more else None)


def links_for_candidate(*, candidate: User, limit: int = 100) -> list[LinkRow]:
    """The candidate's own links, newest first: who has one, what it shows, when viewed."""
    query = (
        _listing()
        .where(ShareLink.candidate == candidate.id)
        .order_by(ShareLink.id.desc())
        .limit(limit)
    )
    rows = _rows(query, utcnow())
    titles: dict[int, list[str]] = {}
    for shared in documents.shared_with_whom(candidate_id=candidate.id):
        titles.setdefault(shared.link_id, []).append(shared.title)
    return [replace(row, documents=tuple(titles.get(row.link.id, ()))) for row in rows]


def link_preview(*, link_id: int) -> tuple[LinkRow, packets.Packet]:
    """A stored link and exactly what its client sees (whether or not it still opens)."""
    link = _listing().where(ShareLink.id == link_id).first()
    if link is None:
        raise NotFound("That share link does not exist.")
    return _rows([link], utcnow())[0], packets.packet_of(link)
