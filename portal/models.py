"""Every table of the portal, as peewee models.

Times are naive UTC datetimes (`utcnow()`); each interview also keeps the IANA
time zone it was booked in. Business rules live in `portal.services`, not here:
models hold fields and query-returning classmethods only.

Each foreign key `x` is followed by `x_id: int`: the raw column peewee reads without a
query, declared so type checkers know it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager

from peewee import BlobField
from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from portal.db import BaseModel
from portal.services.vocabulary import CLIENT_DECISIONS
from portal.services.vocabulary import DECISION_MAKERS
from portal.services.vocabulary import ENOUGH_EXCHANGED
from portal.services.vocabulary import choices

# A fixed "now" while a test or a rehearsal of a whole day runs (`frozen_at`); None: the
# real clock. Every module reads the time through `utcnow`, so one switch moves them all.
_frozen: list[dt.datetime] = []


def utcnow() -> dt.datetime:
    """The current time as a naive UTC datetime (how every time is stored)."""
    if _frozen:
        return _frozen[-1]
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@contextmanager
def frozen_at(when: dt.datetime) -> Iterator[Callable[[dt.datetime], None]]:
    """Hold `utcnow()` at `when` (naive UTC) inside the block; the block gets a function
    that moves the held clock to another moment. For tests and scripted rehearsals."""
    _frozen.append(when)

    def move_to(moment: dt.datetime) -> None:
        _frozen[-1] = moment

    try:
        yield move_to
    finally:
        _frozen.pop()


ROLES = ("recruiter", "candidate")
SEARCH_TYPES = ("retained", "contingency")
INTERVIEW_STATUSES = ("scheduled", "cancelled")
DEBRIEF_STATUSES = ("draft", "submitted")
LETTER_STATUSES = ("draft", "sent")
TOKEN_PURPOSES = ("invite", "reset")
SHARE_SECTIONS = ("summary", "schedule", "highlights", "contact")


class User(BaseModel):
    """A recruiter or a candidate. `email` is stored lower-cased, so unique ignoring case."""

    role = CharField(max_length=16, index=True)
    email = CharField(max_length=254, unique=True)
    name = CharField(max_length=120)
    phone = CharField(max_length=40, default="")
    password_hash = CharField(max_length=255, null=True)
    time_zone = CharField(max_length=64, default="Europe/London")
    # The language they read pages and emails in (portal.i18n.LANGUAGES); "" when never
    # chosen: pages follow their browser, emails are in English.
    language = CharField(max_length=8, default="")
    # When `time_zone` was taken from their browser or chosen (None: never; the agency's
    # zone stands in, and the next sign-in takes the browser's).
    time_zone_set_at = DateTimeField(null=True)
    # Working hours in their own zone (minutes after midnight; ISO weekdays, Monday 1):
    # a recruiter's calls are booked in them, their updates wait outside them.
    work_starts = IntegerField(default=9 * 60)
    work_ends = IntegerField(default=18 * 60)
    work_days = CharField(max_length=20, default="1,2,3,4,5")
    active = BooleanField(default=True)
    # Bumped by logout, password change and deactivation: every session
    # cookie carries it, so a copied cookie dies with the others.
    session_version = IntegerField(default=1)
    # Bumped after each request of theirs that may have changed something
    # (portal.http_cache): part of their pages' ETags.
    pages_version = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    last_login_at = DateTimeField(null=True)
    invited_by = ForeignKeyField("self", null=True, backref="invitees", on_delete="SET NULL")
    invited_by_id: int | None
    # Privacy (portal.services.privacy.erasure, portal.services.privacy.retention): when the
    # candidate asked to be erased, when retention warned them, when erased.
    erasure_requested_at = DateTimeField(null=True)
    retention_warned_at = DateTimeField(null=True)
    erased_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("role", "name"), False),)

    @property
    def is_recruiter(self) -> bool:
        return self.role == "recruiter"

    @property
    def is_candidate(self) -> bool:
        return self.role == "candidate"

    # Flask-Login protocol, written out so the id carries the session version.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class Client(BaseModel):
    """An employer the agency recruits for."""

    name = CharField(max_length=160, index=True)
    notes = TextField(default="")
    created_at = DateTimeField(default=utcnow)


class Position(BaseModel):
    """An open role at a client, on a retained or contingency search."""

    client = ForeignKeyField(Client, backref="positions", on_delete="CASCADE")
    client_id: int
    title = CharField(max_length=160)
    search_type = CharField(max_length=16, default="contingency")
    open = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("client", "title"), False),)


class ChecklistTemplate(BaseModel):
    """A recruiter-kept prep checklist; copied into each interview when scheduled."""

    name = CharField(max_length=120)
    is_default = BooleanField(default=False, index=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class ChecklistTemplateItem(BaseModel):
    """One line of a template, in a section, in order."""

    template = ForeignKeyField(ChecklistTemplate, backref="items", on_delete="CASCADE")
    template_id: int
    section = CharField(max_length=80)
    text = CharField(max_length=300)
    sort_order = IntegerField(default=0)
    formats = CharField(max_length=40, default="")  # "" every format, else e.g. "video,phone"

    class Meta:
        indexes = ((("template", "sort_order"), False),)


class Interview(BaseModel):
    """One interview of one candidate for one position. Times in UTC."""

    candidate = ForeignKeyField(User, backref="interviews", on_delete="CASCADE")
    candidate_id: int
    recruiter = ForeignKeyField(User, backref="managed_interviews", on_delete="RESTRICT")
    recruiter_id: int
    position = ForeignKeyField(Position, backref="interviews", on_delete="RESTRICT")
    position_id: int
    round = IntegerField(default=1)
    starts_at = DateTimeField()
    ends_at = DateTimeField()
    time_zone = CharField(max_length=64, default="Europe/London")
    format = CharField(max_length=16, default="onsite")
    location = CharField(max_length=500, default="")
    recruiter_note = TextField(default="")  # shown to the candidate on the prep page
    status = CharField(max_length=16, default="scheduled")
    decision = CharField(max_length=16, default="")
    decision_next_step = TextField(default="")
    decided_at = DateTimeField(null=True)
    # The calendar file's SEQUENCE: raised on every change the candidate is told of, so
    # their calendar replaces the event (and removes it on cancel) instead of adding one.
    calendar_sequence = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("candidate", "starts_at"), False),
            (("recruiter", "starts_at"), False),
            (("position", "starts_at"), False),
            (("starts_at", "id"), False),
            (("ends_at", "id"), False),
            (("status", "ends_at"), False),
        )


class Interviewer(BaseModel):
    """A person the candidate meets at an interview."""

    interview = ForeignKeyField(Interview, backref="interviewers", on_delete="CASCADE")
    interview_id: int
    name = CharField(max_length=120)
    title = CharField(max_length=160, default="")
    email = CharField(max_length=254, default="")
    role = CharField(max_length=16, default="peer")
    sort_order = IntegerField(default=0)
    added_by = CharField(max_length=16, default="recruiter")  # recruiter | candidate
    # The debrief's key points the candidate tied to this person, one per line.
    letter_point = TextField(default="")
    # How to address them ("Dr" / "Wei Ling" / "Goh"); blank: read from `name`.
    address_title = CharField(max_length=40, default="")
    given_names = CharField(max_length=120, default="")
    family_name = CharField(max_length=120, default="")
    topics = TextField(default="")  # "What did you talk about?", short topics, one per line
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("interview", "sort_order"), False),
            # The board's letters rows: is there a decision maker, how many people.
            (("interview", "role"), False),
        )


class ChecklistItem(BaseModel):
    """One prep item of one interview, copied from a template at scheduling."""

    interview = ForeignKeyField(Interview, backref="checklist_items", on_delete="CASCADE")
    interview_id: int
    section = CharField(max_length=80)
    text = CharField(max_length=300)
    sort_order = IntegerField(default=0)
    formats = CharField(max_length=40, default="")  # "" every format, else e.g. "video,phone"
    done_at = DateTimeField(null=True)
    note = TextField(default="")

    class Meta:
        indexes = ((("interview", "sort_order"), False),)


class Debrief(BaseModel):
    """The candidate's account of one interview: a draft, then submitted (and amendable).

    The current answers live here; every submission is also kept whole in
    `DebriefRevision`, so nothing a candidate wrote is overwritten without a trace.
    """

    interview = ForeignKeyField(Interview, backref="debriefs", unique=True, on_delete="CASCADE")
    interview_id: int
    candidate = ForeignKeyField(User, backref="debriefs", on_delete="CASCADE")
    candidate_id: int
    status = CharField(max_length=16, default="draft")
    candidate_interest = IntegerField(null=True)
    employer_interest = IntegerField(null=True)
    enough_exchanged = CharField(max_length=8, default="", choices=choices(ENOUGH_EXCHANGED))
    decision_makers = CharField(max_length=16, default="", choices=choices(DECISION_MAKERS))
    still_open = TextField(default="")
    others_involved = TextField(default="")
    key_points = TextField(default="")
    qualifications = TextField(default="")
    concerns = TextField(default="")
    next_steps = TextField(default="")
    call_me = BooleanField(default=False)
    call_times = CharField(max_length=200, default="")  # the note for the call
    call_at = DateTimeField(null=True)  # the slot chosen; None with call_me: as soon as you can
    call_handled_at = DateTimeField(null=True)
    call_handled_by = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    call_handled_by_id: int | None
    version = IntegerField(default=0)
    draft_rev = IntegerField(default=0)  # bumped by every draft save: a stale tab is refused
    first_submitted_at = DateTimeField(null=True)
    submitted_at = DateTimeField(null=True, index=True)
    reviewed_at = DateTimeField(null=True)
    reviewed_by = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    reviewed_by_id: int | None
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class CallBooking(BaseModel):
    """The call a debrief booked with the recruiter: at a slot, or as soon as they can.

    The recruiter can move it; `sequence` rises with each change, as the calendar
    file's SEQUENCE does, so calendars replace the old event.
    """

    interview = ForeignKeyField(Interview, unique=True, backref="+", on_delete="CASCADE")
    interview_id: int  # the raw columns peewee reads without a query (for type checkers)
    candidate = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    candidate_id: int
    recruiter = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    recruiter_id: int
    starts_at = DateTimeField(null=True)  # None: as soon as you can
    minutes = IntegerField(default=30)
    note = CharField(max_length=200, default="")
    sequence = IntegerField(default=0)
    asked_at = DateTimeField()
    moved_at = DateTimeField(null=True)
    cancelled_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("recruiter", "starts_at"), False),)


class DebriefRevision(BaseModel):
    """A whole snapshot (JSON) of a debrief at each submission or amendment."""

    debrief = ForeignKeyField(Debrief, backref="revisions", on_delete="CASCADE")
    debrief_id: int
    number = IntegerField()
    snapshot = TextField()
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("debrief", "number"), True),)


class IdempotencyKey(BaseModel):
    """A write already done: a retried or double submit with the same key does nothing twice."""

    key = CharField(max_length=64, unique=True)
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    user_id: int
    scope = CharField(max_length=40)
    result = CharField(max_length=200, default="")
    created_at = DateTimeField(default=utcnow, index=True)


class ClientFeedback(BaseModel):
    """The client's side of an interview, recorded by the recruiter from a call."""

    interview = ForeignKeyField(
        Interview, backref="client_feedback", unique=True, on_delete="CASCADE"
    )
    interview_id: int
    recorded_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    recorded_by_id: int
    client_interest = IntegerField(null=True)
    enough_exchanged = CharField(max_length=8, default="", choices=choices(ENOUGH_EXCHANGED))
    still_open = TextField(default="")
    decision_makers = TextField(default="")  # who they are, in the recruiter's words
    decision_makers_involved = CharField(
        max_length=16, default="", choices=choices(DECISION_MAKERS)
    )
    concerns = TextField(default="")
    next_step = TextField(default="")
    recorded_at = DateTimeField(default=utcnow, index=True)
    updated_at = DateTimeField(default=utcnow)


class ThankYouLetter(BaseModel):
    """One thank-you letter, to one interviewer, drafted from the debrief."""

    interview = ForeignKeyField(Interview, backref="letters", on_delete="CASCADE")
    interview_id: int
    interviewer = ForeignKeyField(Interviewer, backref="letters", unique=True, on_delete="CASCADE")
    interviewer_id: int
    tone = CharField(max_length=16, default="formal")
    # The letter's own language (drafting.LANGUAGES), chosen per letter: not the
    # candidate's, which is only the default for new drafts.
    language = CharField(max_length=8, default="en")
    subject = CharField(max_length=200, default="")
    body = TextField(default="")
    status = CharField(max_length=16, default="draft")
    sent_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("interview", "status"), False),
            # Whether a person's letter was sent, read from the index alone (the board);
            # unique like `interviewer`, so that the database prefers it for that.
            (("interviewer", "status"), True),
        )


class ShareLink(BaseModel):
    """A read-only, expiring, revocable link to one candidate's packet, for one recipient.

    Only the SHA-256 of the token is stored; the raw token is shown once.
    """

    token_hash = CharField(max_length=64, unique=True)
    candidate = ForeignKeyField(User, backref="share_links", on_delete="CASCADE")
    candidate_id: int
    interview = ForeignKeyField(Interview, null=True, backref="share_links", on_delete="CASCADE")
    interview_id: int | None
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    created_by_id: int
    recipient_name = CharField(max_length=120)
    recipient_company = CharField(max_length=160, default="")
    # Set when the portal emailed the link (portal.services.sharing.sending): the
    # address it went to, which the hiring-manager nudge also uses.
    recipient_email = CharField(max_length=254, default="")
    sent_at = DateTimeField(null=True)
    sections = CharField(max_length=200, default="")  # comma-separated SHARE_SECTIONS
    # The language the recruiter chose for the client's page and emails; "" follows the
    # client's browser (emails: English).
    language = CharField(max_length=8, default="")
    summary = TextField(default="")
    highlights = TextField(default="")
    expires_at = DateTimeField(index=True)
    revoked_at = DateTimeField(null=True)
    revoked_by = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    revoked_by_id: int | None
    # Openings a person made (the page's stylesheet loaded); bot openings are
    # counted from ShareView rows when a list shows them.
    view_count = IntegerField(default=0)
    last_viewed_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow, index=True)

    @property
    def section_list(self) -> list[str]:
        return [s for s in self.sections.split(",") if s]


class ShareView(BaseModel):
    """One opening of a share link: when, a coarse client hint, person or bot."""

    link = ForeignKeyField(ShareLink, backref="views", on_delete="CASCADE")
    link_id: int
    viewed_at = DateTimeField(default=utcnow)
    client_hint = CharField(max_length=80, default="")
    is_bot = BooleanField(default=False)
    confirmed = BooleanField(default=False)  # the page's own assets loaded

    class Meta:
        indexes = ((("link", "viewed_at"), False),)


class OneTimeToken(BaseModel):
    """An invite or password-reset token: stored hashed, expiring, used once."""

    token_hash = CharField(max_length=64, unique=True)
    # The hash of the token in the link's email, made when the email is written: the
    # outbox never holds a usable token (`accounts.users.mail_token`).
    mailed_hash = CharField(max_length=64, null=True, unique=True)
    user = ForeignKeyField(User, backref="tokens", on_delete="CASCADE")
    user_id: int
    purpose = CharField(max_length=16)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)
    created_by = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    created_by_id: int | None
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("user", "purpose"), False),)


class AuditEvent(BaseModel):
    """Append-only record of recruiter actions and sign-ins. Never secrets or debrief text."""

    actor = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    actor_id: int | None
    action = CharField(max_length=60)
    target_type = CharField(max_length=40, default="")
    target_id = IntegerField(null=True)
    detail = CharField(max_length=300, default="")
    address = CharField(max_length=64, default="")
    # Who acted when they have no account: a client, by the name on their link.
    actor_name = CharField(max_length=120, default="")
    created_at = DateTimeField(default=utcnow, index=True)

    class Meta:
        indexes = (
            (("actor", "created_at"), False),
            (("action", "created_at"), False),
        )


class ThrottleEvent(BaseModel):
    """One counted attempt (a failed login, a bad share token) under a throttle key.

    Counting rows in the database keeps a limit exact across gunicorn workers.
    """

    key = CharField(max_length=200)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("key", "created_at"), False),)


class AttentionMark(BaseModel):
    """A recruiter marked one attention-board row handled: who and when."""

    interview = ForeignKeyField(Interview, backref="attention_marks", on_delete="CASCADE")
    interview_id: int
    kind = CharField(max_length=40)
    handled_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    handled_by_id: int
    handled_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("interview", "kind"), True),)


class SiteVersion(BaseModel):
    """One row, bumped after each recruiter request that may have changed something.

    Part of every candidate page's ETag (portal.http_cache): a recruiter's edit may show
    on any candidate's page.
    """

    version = IntegerField(default=0)

    @classmethod
    def current(cls):
        """The version as a subquery, to select along with a user or a share link."""
        return cls.select(cls.version).where(cls.id == 1)


class ScheduledRun(BaseModel):
    """One run of a periodic task: the task's name and the slot of its schedule it ran for.

    Unique per (task, slot): of several task consumers, the one that inserts the row runs
    that slot's work, the others skip it (`portal.services.schedule`).
    """

    task = CharField(max_length=40)
    slot = DateTimeField()
    ran_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("task", "slot"), True),)


# held: an update waiting for its recipient's digest; digested: told in that digest.
OUTBOX_STATES = ("pending", "sending", "sent", "dead", "skipped", "held", "digested")


class OutboxMessage(BaseModel):
    """One email to send, written in the same transaction as the change that caused it.

    `key` names the message (e.g. `prep-reminder:<interview>:<start-iso>`): unique, so
    nothing is queued twice; it is also the message's Message-ID. The worker renders the
    content when it delivers (subject kept for the recruiter's list of failures).

    Personal fields (erase with the person): `to_address`, `to_name`, `subject`,
    `secret` (the raw one-time token of an invite or reset, cleared once sent),
    `last_error` (may quote the address), `context` (what changed, a cancel reason); the
    rows themselves via `user`.
    """

    key = CharField(max_length=200, unique=True)
    kind = CharField(max_length=40)
    user = ForeignKeyField(User, null=True, backref="+", on_delete="CASCADE")
    user_id: int | None
    interview = ForeignKeyField(Interview, null=True, backref="+", on_delete="CASCADE")
    interview_id: int | None
    share_link = ForeignKeyField(ShareLink, null=True, backref="+", on_delete="CASCADE")
    share_link_id: int | None
    to_address = CharField(max_length=254)
    to_name = CharField(max_length=120, default="")
    subject = CharField(max_length=200, default="")
    secret = CharField(max_length=100, default="")
    status = CharField(max_length=16, default="pending")
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(default=utcnow)
    claimed_at = DateTimeField(null=True)
    sent_at = DateTimeField(null=True)
    delivered_to = CharField(max_length=16, default="")  # smtp | file
    last_error = CharField(max_length=300, default="")
    # What the message must remember from the moment of the change, as JSON (what
    # changed, old -> new; a cancellation's reason): content is rendered at delivery.
    context = TextField(default="")
    digest_id = IntegerField(null=True)  # the digest message a held update was told in
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("status", "next_attempt_at"), False),
            (("status", "created_at"), False),
        )


class MailPreference(BaseModel):
    """What one person wants by email: reminders, and (recruiters) updates.

    A missing row means the defaults (everything on). Personal: the whole row, via `user`.
    """

    user = ForeignKeyField(User, unique=True, backref="+", on_delete="CASCADE")
    user_id: int
    reminders = BooleanField(default=True)
    updates = BooleanField(default=True)
    # "at_once": updates go at once in working hours (else in the morning's digest);
    # "digest": all of them in one digest at the start of the working day.
    updates_when = CharField(max_length=8, default="at_once")
    updated_at = DateTimeField(default=utcnow)


class ClientAnswer(BaseModel):
    """The client's own answer about one interview round, given through a share link.

    One per link and round (`interview`), editable until the candidate's next round with
    the same position starts or the link stops working; reading it changes nothing.
    Personal fields (the client's words, erase with the candidate's packet): `headline`,
    `concerns`, `next_step`, `comment`, `question`, `decision_makers_note`; the row goes
    with its share link.
    """

    share_link = ForeignKeyField(ShareLink, backref="+", on_delete="CASCADE")
    share_link_id: int
    interview = ForeignKeyField(Interview, backref="+", on_delete="CASCADE")
    interview_id: int
    decision = CharField(max_length=16, default="", choices=choices(CLIENT_DECISIONS))
    interest = IntegerField(null=True)
    headline = CharField(max_length=200, default="")
    enough_exchanged = CharField(max_length=8, default="", choices=choices(ENOUGH_EXCHANGED))
    decision_makers = CharField(max_length=16, default="", choices=choices(DECISION_MAKERS))
    decision_makers_note = TextField(default="")
    concerns = TextField(default="")
    next_step = TextField(default="")
    comment = TextField(default="")
    question = TextField(default="")
    version = IntegerField(default=1)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("interview", "updated_at"), False),
            (("share_link", "interview"), True),
            # The board's recent answers (portal.services.board.attention).
            (("updated_at",), False),
        )


class Document(BaseModel):
    """A file the recruiter attached to a candidate (a CV, a portfolio): PDF or Word.

    The bytes live in `DocumentBlob`, in the database every app server reaches, so
    lists never read them. Personal: `filename` and `title`, and the bytes.
    """

    candidate = ForeignKeyField(User, backref="documents", on_delete="CASCADE")
    candidate_id: int
    title = CharField(max_length=120)
    filename = CharField(max_length=200)
    kind = CharField(max_length=8)  # pdf | docx | doc
    size = IntegerField()
    sha256 = CharField(max_length=64)
    uploaded_by = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    uploaded_by_id: int | None
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("candidate", "created_at"), False),)


class DocumentBlob(BaseModel):
    """The bytes of one document, apart from its description."""

    document = ForeignKeyField(Document, unique=True, backref="+", on_delete="CASCADE")
    document_id: int
    data = BlobField()


class ShareDocument(BaseModel):
    """A document a share link includes: the client downloads it only through that link."""

    link = ForeignKeyField(ShareLink, backref="+", on_delete="CASCADE")
    link_id: int
    document = ForeignKeyField(Document, backref="+", on_delete="CASCADE")
    document_id: int

    class Meta:
        indexes = ((("link", "document"), True),)


MODELS = [
    User,
    Client,
    Position,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Interview,
    Interviewer,
    ChecklistItem,
    Debrief,
    CallBooking,
    DebriefRevision,
    IdempotencyKey,
    ClientFeedback,
    ThankYouLetter,
    ShareLink,
    ShareView,
    OneTimeToken,
    AuditEvent,
    ThrottleEvent,
    AttentionMark,
    SiteVersion,
    ScheduledRun,
    OutboxMessage,
    MailPreference,
    ClientAnswer,
    Document,
    DocumentBlob,
    ShareDocument,
]
