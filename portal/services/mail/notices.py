"""Which email goes to whom, when: every message's trigger and its idempotency key.

Event messages are queued by the services that make the change, inside their
transaction (`invite`, `interview_scheduled`, …). Reminders are computed from the
data by `enqueue_due_reminders`, run every minute by the task queue: each has a key
built from what it reminds of (e.g. `prep-reminder:<interview>:<start>`), so a
rescheduled interview gets a new reminder and nothing is sent twice.

Reminders respect the recipient's quiet hours (21:00-08:00 in their time zone: they
wait until 08:00) and their settings (`MailPreference`). Updates to a recruiter (a
debrief sent, a link opened, a client's answer) go at once inside their working hours
and otherwise are held ("held") for one digest at the start of their next working day
(`make_digests`, run every minute by the task queue); a recruiter who chose "digest"
gets every update that way. A call request always goes at once, and one asked outside
working hours also leads the morning digest. Account and interview messages always go;
an interview booked, changed or cancelled, or a call moved or cancelled, in the night of
the person told waits for 08:00 their time, unless what it is about comes before then
(`after_the_night`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from itsdangerous import BadSignature
from itsdangerous import URLSafeSerializer
from peewee import fn

from portal.db import Prepared
from portal.db import database
from portal.db import param
from portal.db import tuples
from portal.models import CallBooking
from portal.models import ClientAnswer
from portal.models import ClientFeedback
from portal.models import Debrief
from portal.models import Interview
from portal.models import MailPreference
from portal.models import OutboxMessage
from portal.models import ShareLink
from portal.models import ThankYouLetter
from portal.models import User
from portal.models import utcnow
from portal.services import clock
from portal.services.accounts import working_hours
from portal.services.errors import NotFound
from portal.services.mail import outbox
from portal.services.vocabulary import N_

QUIET_FROM = 21  # local hour at which reminders stop
QUIET_UNTIL = 8  # local hour at which they start again


@dataclass(frozen=True)
class Kind:
    """One kind of message: who gets it, which of their settings lets it through (its
    category), and what sends it (`trigger`)."""

    name: str
    audience: str  # candidate | recruiter | client | both (candidate and recruiter)
    category: str  # account | interview | urgent | reminder | update

    @property
    def label(self) -> str:
        """'Call request' for "call_request"."""
        return KIND_LABELS.get(self.name, self.name.replace("_", " ").capitalize())

    @property
    def trigger(self) -> str:
        """What sends it, marked for the catalog like the label: worded where shown."""
        return KIND_TRIGGERS[self.name]


# Each kind's name as the settings page lists it.
KIND_LABELS = {
    "invite": N_("Invite"),
    "reset": N_("Reset"),
    "retention_warning": N_("Retention warning"),
    "interview_scheduled": N_("Interview scheduled"),
    "interview_changed": N_("Interview changed"),
    "interview_cancelled": N_("Interview cancelled"),
    "prep_reminder": N_("Prep reminder"),
    "debrief_now": N_("Debrief now"),
    "debrief_nudge": N_("Debrief nudge"),
    "letters_due": N_("Letters due"),
    "call_request": N_("Call request"),
    "call_booked": N_("Call booked"),
    "call_moved": N_("Call moved"),
    "call_cancelled": N_("Call cancelled"),
    "debrief_sent": N_("Debrief sent"),
    "night_call": N_("Night call"),
    "digest": N_("Digest"),
    "feedback_missing": N_("Feedback missing"),
    "share_opened": N_("Share opened"),
    "client_answer": N_("Client answer"),
    "share_link": N_("Share link"),
    "client_nudge": N_("Client nudge"),
    "letters_nudge": N_("Letters nudge"),
}

# What sends each kind, as the settings page says it after the kind's name.
KIND_TRIGGERS = {
    "invite": N_("the recruiter invites a candidate"),
    "reset": N_("the recruiter makes a password reset link"),
    "retention_warning": N_("no activity for the retention period: their data will be erased"),
    "interview_scheduled": N_("an interview is booked"),
    "interview_changed": N_("its time, place or panel changes"),
    "interview_cancelled": N_("the interview is cancelled"),
    "prep_reminder": N_("24 h before the interview starts"),
    "debrief_now": N_("the interview's end, no debrief sent"),
    "debrief_nudge": N_("2 h after the end, no debrief sent"),
    "letters_due": N_("20 h after the end, a letter unsent"),
    "call_request": N_("a debrief asks for a call (at once), with the booked call's calendar file"),
    "call_booked": N_("the debrief books a call: its time and calendar file"),
    "call_moved": N_("the recruiter moves a booked call (old → new)"),
    "call_cancelled": N_("a booked call is called off"),
    "debrief_sent": N_("a debrief is sent or amended"),
    "night_call": N_("a call asked for outside working hours: it leads the next morning digest"),
    "digest": N_("the start of the working day: the updates held since the day before"),
    "feedback_missing": N_("24 h after the end, no client view"),
    "share_opened": N_("a share link's first opening by a person"),
    "client_answer": N_("the client answers through the link"),
    "share_link": N_("the recruiter sends a share link from the portal"),
    "client_nudge": N_("24 h after the round, in working hours, while the client has not answered"),
    "letters_nudge": N_("the recruiter nudges about letters"),
}


# Every kind of message. The recruiter's settings page lists theirs (audience "recruiter"
# or "both") in this order.
KINDS = {
    k.name: k
    for k in (
        Kind("invite", "candidate", "account"),
        Kind("reset", "candidate", "account"),
        Kind("retention_warning", "candidate", "account"),
        Kind("interview_scheduled", "candidate", "interview"),
        Kind("interview_changed", "candidate", "interview"),
        Kind("interview_cancelled", "candidate", "interview"),
        Kind("prep_reminder", "candidate", "reminder"),
        Kind("debrief_now", "candidate", "reminder"),
        Kind("debrief_nudge", "candidate", "reminder"),
        Kind("letters_due", "candidate", "reminder"),
        Kind("call_request", "recruiter", "urgent"),
        Kind("call_booked", "candidate", "interview"),
        Kind("call_moved", "both", "interview"),
        Kind("call_cancelled", "both", "interview"),
        Kind("debrief_sent", "recruiter", "update"),
        Kind("night_call", "recruiter", "urgent"),
        Kind("digest", "recruiter", "update"),
        Kind("feedback_missing", "recruiter", "reminder"),
        Kind("share_opened", "recruiter", "update"),
        Kind("client_answer", "recruiter", "update"),
        Kind("share_link", "client", "account"),
        Kind("client_nudge", "client", "account"),
        Kind("letters_nudge", "candidate", "interview"),
    )
}


def stamp(when: dt.datetime) -> str:
    """A time as it appears in keys: compact ISO, UTC."""
    return when.strftime("%Y%m%dT%H%MZ")


# ---------------------------------------------------------------------------
# Settings, quiet hours, unsubscribe
# ---------------------------------------------------------------------------


# Every message a person may turn off asks (`wants`): prepared (portal.db.Prepared).
_preference_of = Prepared(
    lambda: MailPreference.select().where(MailPreference.user == param("user_id")).limit(1)
)


def preference(*, user: User) -> MailPreference:
    """The person's settings (defaults when never set; not saved until changed)."""
    found = _preference_of.first(user_id=user.id)
    return found or MailPreference(user=user.id, reminders=True, updates=True)


# The account page runs this on every opening: prepared (portal.db.Prepared), and the one
# setting that page shows.
_reminders_of = Prepared(
    lambda: (
        MailPreference.select(MailPreference.reminders)
        .where(MailPreference.user == param("user_id"))
        .limit(1)
        .tuples()
    )
)


def wants_reminders(*, user: User) -> bool:
    """True when the person's settings let reminders through (as `preference(...).reminders`:
    yes when never set)."""
    found = _reminders_of.first(user_id=user.id)
    return True if found is None else bool(found[0])


UPDATES_WHEN = {
    "at_once": N_("At once in your working hours; outside them, in the next morning's digest"),
    "digest": N_("All in one digest at the start of your working day"),
}


def set_preference(
    *,
    user: User,
    reminders: bool,
    updates: bool | None = None,
    updates_when: str | None = None,
) -> None:
    """Save the person's settings (`updates_when`: a key of UPDATES_WHEN)."""
    now = utcnow()
    values: dict = {"reminders": bool(reminders), "updated_at": now}
    if updates is not None:
        values["updates"] = bool(updates)
    if updates_when is not None:
        values["updates_when"] = updates_when if updates_when in UPDATES_WHEN else "at_once"
    with database.atomic():
        MailPreference.insert(user=user.id, **{"updates": True, **values}).on_conflict(
            conflict_target=[MailPreference.user], update=values
        ).execute()
        # Their account page shows the setting: its validator (ETag) must change, even
        # when the change came from an unsubscribe link, without a session.
        User.update(pages_version=User.pages_version + 1).where(User.id == user.id).execute()


def wants(*, user: User, kind: str) -> bool:
    """True when `user`'s settings let `kind` through (account, interview, urgent: always)."""
    category = KINDS[kind].category
    if category not in ("reminder", "update"):
        return True
    pref = preference(user=user)
    return bool(pref.reminders if category == "reminder" else pref.updates)


def is_quiet(*, time_zone: str, now: dt.datetime) -> bool:
    """True between 21:00 and 08:00 in `time_zone`."""
    hour = clock.to_local(now, time_zone).hour
    return hour >= QUIET_FROM or hour < QUIET_UNTIL


def after_the_night(
    *, user: User, now: dt.datetime, unless_by: dt.datetime | None = None
) -> dt.datetime | None:
    """When a message that can wait reaches `user`: None (at once) outside their quiet
    hours, else 08:00 their time; at once all the same when what it is about comes
    before then (`unless_by`: a call that starts before they wake must be told now)."""
    if not is_quiet(time_zone=user.time_zone, now=now):
        return None
    local = clock.to_local(now, user.time_zone).replace(tzinfo=None)
    day = local.date() + dt.timedelta(days=1 if local.hour >= QUIET_FROM else 0)
    wake = clock.to_utc(dt.datetime.combine(day, dt.time(QUIET_UNTIL)), user.time_zone)
    if unless_by is not None and unless_by <= wake:
        return None
    return wake


def unsubscribe_token(*, user: User, secret: str) -> str:
    """A signed token that turns `user`'s reminders off (no sign-in needed)."""
    return URLSafeSerializer(secret, salt="unsubscribe-reminders").dumps(user.id)


def unsubscribe(*, token: str, secret: str) -> User:
    """Turn reminders off for the token's person; NotFound for a token we did not sign."""
    user = user_for_unsubscribe(token=token, secret=secret)
    set_preference(user=user, reminders=False)
    return user


def user_for_unsubscribe(*, token: str, secret: str) -> User:
    """The person an unsubscribe token names (for the confirmation page), or NotFound."""
    try:
        user_id = URLSafeSerializer(secret, salt="unsubscribe-reminders").loads(token)
    except BadSignature as exc:
        raise NotFound("This unsubscribe link is not valid.") from exc
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound("This unsubscribe link is not valid.")
    return user


# ---------------------------------------------------------------------------
# Event messages: called inside the transaction of the change
# ---------------------------------------------------------------------------


def _to(user: User, **kwargs) -> None:
    outbox.queue(to_address=user.email, to_name=user.name, user=user.id, **kwargs)


def digest_moment(*, user: User, now: dt.datetime) -> dt.datetime | None:
    """When an update to `user` made at `now` is told: None for at once (inside their
    working hours, unless they chose the digest), else the start of their next working
    day, when the digest goes."""
    hours = working_hours.of(user)
    at_once = preference(user=user).updates_when != "digest"
    if at_once and working_hours.is_working(hours, now):
        return None
    return working_hours.next_start(hours, now)


def _update(user: User, **kwargs) -> None:
    """An update to a recruiter: at once, or held for their morning digest."""
    now = kwargs.pop("now", None) or utcnow()
    _to(user, held_until=digest_moment(user=user, now=now), now=now, **kwargs)


def one_time_link(*, user: User, purpose: str, token_id: int) -> None:
    """An invite or reset link to its owner. No token is queued: the email gets its own
    when it is written (`accounts.users.mail_token`)."""
    _to(user, key=f"{purpose}:{token_id}", kind=purpose)


def retention_warning(*, candidate: User, erase_after: dt.datetime) -> None:
    """Tell an inactive candidate their data goes after `erase_after` unless they sign in."""
    _to(
        candidate,
        key=f"retention-warning:{candidate.id}:{stamp(erase_after)}",
        kind="retention_warning",
    )


def _to_candidate(
    interview: Interview,
    *,
    kind: str,
    again: str = "",
    context: str = "",
    send_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> None:
    """A message of `kind` about `interview` to its candidate, keyed by the kind and the
    interview, and by `again` where the same kind may go more than once; held back until
    `send_at` when given."""
    key = f"{kind.replace('_', '-')}:{interview.id}" + (f":{again}" if again else "")
    _to(
        interview.candidate,
        key=key,
        kind=kind,
        interview=interview.id,
        context=context,
        send_at=send_at,
        now=now,
    )


BOOKING_KINDS = ("interview_scheduled", "interview_changed", "interview_cancelled")


def _about_the_booking(
    interview: Interview, *, kind: str, unless_by: dt.datetime, now: dt.datetime | None, **kwargs
) -> None:
    """A booking, change or cancel to the candidate: held until 08:00 their time when it
    is made in their night, unless the interview comes before then (`unless_by`, see
    `after_the_night`). One that goes at once takes the ones still held about the same
    interview with it, so they arrive in the order they were made."""
    now = now or utcnow()
    send_at = after_the_night(user=interview.candidate, now=now, unless_by=unless_by)
    if send_at is None:
        OutboxMessage.update(next_attempt_at=now).where(
            (OutboxMessage.interview == interview.id)
            & (OutboxMessage.user == interview.candidate_id)
            & OutboxMessage.kind.in_(BOOKING_KINDS)
            & (OutboxMessage.status == "pending")
            & (OutboxMessage.next_attempt_at > now)
        ).execute()
    _to_candidate(interview, kind=kind, send_at=send_at, now=now, **kwargs)


def interview_scheduled(*, interview: Interview, now: dt.datetime | None = None) -> None:
    """The candidate's booking, with the calendar file and the prep link (none for an
    interview recorded after it ended: there is nothing to book); in the morning when
    booked in their night for a later time."""
    now = now or utcnow()
    if interview.ends_at <= now:
        return
    _about_the_booking(
        interview, kind="interview_scheduled", unless_by=interview.starts_at, now=now
    )


def interview_changed(
    *,
    interview: Interview,
    changes: list[tuple[str, str, str]],
    before: dt.datetime,
    now: dt.datetime | None = None,
) -> None:
    """The candidate's booking changed (one message per saved change, at its calendar
    sequence), saying what changed: `changes` is (label, old, new) in words. In the
    morning when changed in their night, unless the interview, at its old start
    (`before`) or its new one, comes before then."""
    _about_the_booking(
        interview,
        kind="interview_changed",
        unless_by=min(before, interview.starts_at),
        now=now,
        again=str(interview.calendar_sequence),
        context=json.dumps({"changes": changes}, ensure_ascii=False),
    )


def interview_cancelled(
    *, interview: Interview, reason: str = "", now: dt.datetime | None = None
) -> None:
    """The candidate's interview is off, with the recruiter's reason when given; in the
    morning when cancelled in their night, unless it was to start before then."""
    _about_the_booking(
        interview,
        kind="interview_cancelled",
        unless_by=interview.starts_at,
        now=now,
        context=json.dumps({"reason": reason}, ensure_ascii=False) if reason else "",
    )


def context_of(message) -> dict:
    """What `message` remembered from the moment of its change ({} when nothing)."""
    try:
        found = json.loads(message.context or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def debrief_sent(
    *,
    debrief: Debrief,
    interview: Interview,
    call_requested: bool,
    now: dt.datetime | None = None,
) -> None:
    """The recruiter hears of a sent (or amended) debrief (at once or in their digest),
    and always at once of a call request; one asked outside their working hours also
    leads their next morning digest."""
    now = now or utcnow()
    recruiter = User.get_by_id(interview.recruiter_id)
    if call_requested:
        _to(
            recruiter,
            key=f"call-request:{debrief.id}:{debrief.version}",
            kind="call_request",
            interview=interview.id,
            now=now,
        )
        if not working_hours.is_working(working_hours.of(recruiter), now):
            _to(
                recruiter,
                key=f"night-call:{debrief.id}:{debrief.version}",
                kind="night_call",
                interview=interview.id,
                now=now,
                held_until=working_hours.next_start(working_hours.of(recruiter), now),
            )
    if wants(user=recruiter, kind="debrief_sent"):
        _update(
            recruiter,
            key=f"debrief-sent:{debrief.id}:{debrief.version}",
            kind="debrief_sent",
            interview=interview.id,
            now=now,
        )


def call_booked(*, booking: CallBooking) -> None:
    """The candidate's booked call, with its calendar file (at its sequence: a rebooking
    replaces the event). The recruiter hears of it in the call request itself."""
    _to(
        User.get_by_id(booking.candidate_id),
        key=f"call-booked:{booking.id}:{booking.sequence}",
        kind="call_booked",
        interview=booking.interview_id,
    )


def call_moved(
    *, booking: CallBooking, before: dt.datetime | None, now: dt.datetime | None = None
) -> None:
    """Both sides hear that the call moved, old → new, with the updated calendar file
    (in the morning, for one who is asleep and whose call is not before then)."""
    times = [t for t in (before, booking.starts_at) if t is not None]
    _to_both(
        booking,
        kind="call_moved",
        context=json.dumps({"before": stamp(before) if before else ""}),
        unless_by=min(times, default=None),
        now=now or utcnow(),
    )


def call_cancelled(
    *, booking: CallBooking, by: User, reason: str = "", now: dt.datetime | None = None
) -> None:
    """Both sides hear that the call is off, with a calendar file that takes it out (in
    the morning, for one who is asleep and whose call was not before then)."""
    _to_both(
        booking,
        kind="call_cancelled",
        context=json.dumps({"by": by.name, "reason": reason}, ensure_ascii=False),
        unless_by=booking.starts_at,
        now=now or utcnow(),
    )


def _to_both(
    booking: CallBooking,
    *,
    kind: str,
    context: str,
    unless_by: dt.datetime | None,
    now: dt.datetime,
) -> None:
    """One message of `kind` about the booked call to each side, keyed by the booking's
    sequence and the side; held until the morning for one who is asleep, unless the call
    comes before then (`unless_by`, see `after_the_night`)."""
    for role, user_id in (("candidate", booking.candidate_id), ("recruiter", booking.recruiter_id)):
        person = User.get_by_id(user_id)
        _to(
            person,
            key=f"{kind.replace('_', '-')}:{booking.id}:{booking.sequence}:{role}",
            kind=kind,
            interview=booking.interview_id,
            context=context,
            send_at=after_the_night(user=person, now=now, unless_by=unless_by),
            now=now,
        )


def share_first_opened(*, link_id: int) -> None:
    """The recruiter who made the link hears that a person opened it (once per link)."""
    link = ShareLink.get_by_id(link_id)
    _to_maker(
        link, key=f"share-opened:{link_id}", kind="share_opened", interview_id=link.interview_id
    )


def client_answered(*, link: ShareLink, interview_id: int) -> None:
    """The recruiter hears of the client's answer (once per link and round; it shows
    the latest)."""
    _to_maker(
        link,
        key=f"client-answer:{link.id}:{interview_id}",
        kind="client_answer",
        interview_id=interview_id,
    )


def _to_maker(link: ShareLink, *, key: str, kind: str, interview_id: int | None) -> None:
    """An update about `link` to the recruiter who made it, when they want this kind."""
    maker = User.get_by_id(link.created_by_id)
    if wants(user=maker, kind=kind):
        _update(maker, key=key, kind=kind, share_link=link.id, interview=interview_id)


def _to_client(link: ShareLink, raw: str, *, kind: str, send_at: dt.datetime | None = None):
    """A message about `link` to the person it is for (its raw token rides in `secret`
    until sent), keyed by its kind and the link."""
    outbox.queue(
        key=f"{kind.replace('_', '-')}:{link.id}",
        kind=kind,
        to_address=link.recipient_email,
        to_name=link.recipient_name,
        share_link=link.id,
        interview=link.interview_id,
        secret=raw,
        send_at=send_at,
    )


def share_link_sent(*, link: ShareLink, raw: str) -> None:
    """The link itself, to the person it is for."""
    _to_client(link, raw, kind="share_link")


def client_nudge(*, link: ShareLink, raw: str, send_at: dt.datetime) -> None:
    """One nudge to a client who has not answered, held back until `send_at`; dropped at
    delivery if they answered by then (`portal.messages.content` checks)."""
    _to_client(link, raw, kind="client_nudge", send_at=send_at)


def letters_nudge(*, interview: Interview, by: User, now: dt.datetime) -> None:
    """The recruiter asks the candidate to send their thank-you letters (once a day at most)."""
    _to_candidate(interview, kind="letters_nudge", again=f"{now:%Y%m%d}")


# ---------------------------------------------------------------------------
# The morning digest
# ---------------------------------------------------------------------------


def make_digests(*, now: dt.datetime | None = None) -> int:
    """Gather each recruiter's held updates that are due into one digest message, queued
    now; the updates become "digested" (told in it). Returns how many digests.

    Safe to run again: a digest's key names its recipient and moment, and an update is
    gathered only while still held.
    """
    now = now or utcnow()
    due: list[tuple[int, dt.datetime]] = tuples(
        OutboxMessage.select(OutboxMessage.user, fn.MIN(OutboxMessage.next_attempt_at))
        .where(
            (OutboxMessage.status == "held")
            & (OutboxMessage.next_attempt_at <= now)
            & OutboxMessage.user.is_null(False)
        )
        .group_by(OutboxMessage.user)
    )
    made = 0
    for user_id, moment in due:
        user = User.get_or_none(User.id == user_id)
        if user is None:
            continue
        key = f"digest:{user_id}:{stamp(moment)}"
        with database.atomic():
            _to(user, key=key, kind="digest", now=now)
            digest_id = OutboxMessage.select(OutboxMessage.id).where(OutboxMessage.key == key)
            OutboxMessage.update(status="digested", digest_id=digest_id).where(
                (OutboxMessage.user == user_id)
                & (OutboxMessage.status == "held")
                & (OutboxMessage.next_attempt_at <= now)
            ).execute()
        made += 1
    return made


def digested(*, digest: OutboxMessage) -> list[OutboxMessage]:
    """The updates told in `digest`: calls asked for in the night first, then the others
    in the order they happened."""
    rows = list(
        OutboxMessage.select()
        .where(OutboxMessage.digest_id == digest.id)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return sorted(rows, key=lambda m: m.kind != "night_call")


# ---------------------------------------------------------------------------
# Reminders, computed from the data
# ---------------------------------------------------------------------------


def _scheduled_between(column, start: dt.datetime, end: dt.datetime):
    candidate = User.alias("candidate")
    recruiter = User.alias("recruiter")
    return (
        Interview.select(Interview, candidate, recruiter)
        .join(candidate, on=(Interview.candidate == candidate.id))
        .switch(Interview)
        .join(recruiter, on=(Interview.recruiter == recruiter.id))
        .where(
            (Interview.status == "scheduled")
            & (column > start)
            & (column <= end)
            & (candidate.active == True)  # noqa: E712 - SQL
        )
    )


def _no_sent_debrief():
    return ~Interview.id.in_(
        Debrief.select(Debrief.interview).where(Debrief.first_submitted_at.is_null(False))
    )


def due_reminders(*, now: dt.datetime) -> list[tuple[str, str, Interview, User]]:
    """Every reminder due at `now` (key, kind, interview, recipient), before settings."""
    unsent = ThankYouLetter.select(ThankYouLetter.interview).where(ThankYouLetter.status == "draft")
    answered = ClientAnswer.select(ClientAnswer.interview)
    recorded = ClientFeedback.select(ClientFeedback.interview)
    # kind; the time it counts from and the window (hours from now) that time falls in;
    # what else must hold; who gets it. Its key names the interview and that time.
    reminders = (
        ("prep_reminder", Interview.starts_at, (0, 24), None, "candidate"),
        ("debrief_now", Interview.ends_at, (-2, 0), _no_sent_debrief(), "candidate"),
        ("debrief_nudge", Interview.ends_at, (-48, -2), _no_sent_debrief(), "candidate"),
        ("letters_due", Interview.ends_at, (-72, -20), Interview.id.in_(unsent), "candidate"),
        (
            "feedback_missing",
            Interview.ends_at,
            (-7 * 24, -24),
            ~Interview.id.in_(recorded) & ~Interview.id.in_(answered),
            "recruiter",
        ),
    )
    due: list[tuple[str, str, Interview, User]] = []
    hour = dt.timedelta(hours=1)
    for kind, column, (start, end), condition, to in reminders:
        found = _scheduled_between(column, now + start * hour, now + end * hour)
        for interview in found if condition is None else found.where(condition):
            key = (
                f"{kind.replace('_', '-')}:{interview.id}:{stamp(getattr(interview, column.name))}"
            )
            due.append((key, kind, interview, getattr(interview, to)))
    return due


def enqueue_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Queue every due reminder whose recipient is awake and wants it; return how many.

    A reminder in its recipient's quiet hours is not queued: the next run after 08:00
    (their time) queues it, if it is still due then.
    """
    now = now or utcnow()
    queued = 0
    for key, kind, interview, person in due_reminders(now=now):
        if not person.active or is_quiet(time_zone=person.time_zone, now=now):
            continue
        if not wants(user=person, kind=kind):
            continue
        with database.atomic():
            _to(person, key=key, kind=kind, interview=interview.id, now=now)
        queued += 1
    return queued


def still_wanted(*, message) -> bool:
    """At delivery: False when the person turned this kind of message off since it was queued."""
    if message.user_id is None:
        return True
    user = User.get_or_none(User.id == message.user_id)
    if user is None or (not user.active and KINDS[message.kind].category == "reminder"):
        return False
    return wants(user=user, kind=message.kind)
