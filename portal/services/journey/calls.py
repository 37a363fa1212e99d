"""The call a candidate books with their recruiter right after the interview.

The debrief offers the recruiter's next free slots (`slots_to_offer`): inside the
recruiter's working hours, outside the candidate's night (08:00–21:00 their time), and
clear of the recruiter's other booked calls; or "as soon as you can". Sending the
debrief books the choice (`book`, inside the send's transaction): one `CallBooking`
per interview, written again only when the time or the note changes, so a resend
books nothing twice. The recruiter can then move the call (`move`) or cancel it
(`cancel`).

Every change raises the booking's `sequence`, which its calendar file carries
(`calendar_files.call_calendar`): both calendars replace the event they hold, and a
cancel takes it out. Who is told what, with which file, is `notices`' job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from portal.db import Prepared
from portal.db import database
from portal.db import param
from portal.models import CallBooking
from portal.models import Debrief
from portal.models import Interview
from portal.models import User
from portal.models import utcnow
from portal.services import clock
from portal.services.accounts import audit
from portal.services.accounts import working_hours
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.mail import notices
from portal.services.vocabulary import N_

CALL_MINUTES = 30
OFFERED = 4  # slots the debrief shows
# The candidate's waking hours: no slot is offered in their night.
AWAKE_FROM = dt.time(8, 0)
AWAKE_UNTIL = dt.time(21, 0)
NOTE_MAX = 200
TAKEN = N_("That time is no longer free: choose another.")


@dataclass(frozen=True)
class Slot:
    """A time offered for the call; the page words it in the candidate's zone and, when
    the recruiter's zone differs (`across`), in theirs beside it."""

    starts_at: dt.datetime  # naive UTC
    value: str  # the form's value: "2030-06-11T15:00"
    across: bool


def stamp(when: dt.datetime) -> str:
    """A slot as the form sends it (UTC, to the minute)."""
    return when.isoformat(timespec="minutes")  # strftime's "%Y-%m-%dT%H:%M", faster


def parse_stamp(value: str) -> dt.datetime | None:
    """The UTC time a form's slot value names; None for "as soon as you can" (blank).

    ValueError for anything else, so a view can say so beside the field."""
    value = (value or "").strip()
    if not value or value == "asap":
        return None
    when = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M")
    if not clock.in_range(when):
        raise ValueError("out of range")
    return when


def _awake_in(time_zone: str, minutes: int) -> Callable[[dt.datetime], bool]:
    """A test of a start (naive UTC): is someone in `time_zone` awake for all of a call
    of `minutes` from it? The search asks it of every half hour through a night."""
    zone, length, utc = clock.zone(time_zone), dt.timedelta(minutes=minutes), clock.UTC
    # Most UTC days one offset holds all day: an addition, not a zone conversion per time.
    offsets: dict[dt.date, dt.timedelta | None] = {}

    def local(when: dt.datetime) -> dt.time:
        day = when.date()
        if day not in offsets:
            offsets[day] = clock.steady_utc_offset(day, time_zone)
        offset = offsets[day]
        if offset is None:
            return when.replace(tzinfo=utc).astimezone(zone).time()
        return (when + offset).time()

    def awake(when: dt.datetime) -> bool:
        start = local(when)
        if not AWAKE_FROM <= start < AWAKE_UNTIL:  # asleep at the start: the end cannot help
            return False
        end = local(when + length)
        return end <= AWAKE_UNTIL and start < end

    return awake


def _taken(recruiter_id: int, *, besides: int) -> list[tuple[dt.datetime, int]]:
    """The recruiter's booked calls still on (start, minutes), leaving out interview
    `besides` (its own booking is free to keep)."""
    rows = _booked_calls.run(recruiter_id=recruiter_id, besides=besides)
    return [(starts_at, minutes) for starts_at, minutes in rows if starts_at is not None]


# The debrief page runs this on every opening: prepared (portal.db.Prepared).
_booked_calls = Prepared(
    lambda: (
        CallBooking.select(CallBooking.starts_at, CallBooking.minutes)
        .where(
            (CallBooking.recruiter == param("recruiter_id"))
            & CallBooking.starts_at.is_null(False)
            & CallBooking.cancelled_at.is_null()
            & (CallBooking.interview != param("besides"))
        )
        .tuples()
    )
)


def slots_to_offer(
    *,
    interview_id: int,
    recruiter_id: int,
    hours: working_hours.Hours,
    candidate_zone: str,
    chosen: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> list[Slot]:
    """The slots the debrief offers for interview `interview_id`, soonest first: its
    recruiter's (`recruiter_id`, working `hours`) next free times that the candidate, in
    `candidate_zone`, is awake for; a time already chosen and still ahead stays among them
    (a resend must not lose it). One query: the recruiter's booked calls."""
    now = now or utcnow()
    times = working_hours.slots(
        hours,
        after=now,
        minutes=CALL_MINUTES,
        count=OFFERED,
        taken=_taken(recruiter_id, besides=interview_id),
        keep=_awake_in(candidate_zone, CALL_MINUTES),
    )
    if chosen is not None and chosen > now and chosen not in times:
        times = sorted([chosen, *times])
    across = clock.zone(hours.time_zone).key != clock.zone(candidate_zone).key
    return [Slot(t, stamp(t), across) for t in times]


def booking_for(*, interview_id: int) -> CallBooking | None:
    """The interview's booked call (cancelled or not), or None."""
    return CallBooking.get_or_none(CallBooking.interview == interview_id)


def is_on(booking: CallBooking | None) -> bool:
    """True for a booking that is not cancelled."""
    return booking is not None and booking.cancelled_at is None


def _check_free(interview: Interview, starts_at: dt.datetime, now: dt.datetime) -> None:
    """ServiceError (on the slot field) unless `starts_at` is still a free slot."""
    recruiter = User.get_by_id(interview.recruiter_id)
    hours = working_hours.of(recruiter)
    end = starts_at + dt.timedelta(minutes=CALL_MINUTES)
    inside = working_hours.is_working(hours, starts_at) and working_hours.is_working(
        hours, end - dt.timedelta(minutes=1)
    )
    clash = any(
        start < end and starts_at < start + dt.timedelta(minutes=minutes)
        for start, minutes in _taken(recruiter.id, besides=interview.id)
    )
    if starts_at <= now or not inside or clash:
        raise ServiceError(TAKEN, field="call_at")


def book(
    *,
    interview: Interview,
    starts_at: dt.datetime | None,
    note: str,
    now: dt.datetime | None = None,
) -> CallBooking | None:
    """Book the call the debrief asks for (the caller holds the transaction).

    The same time and note as the booking on file change nothing and tell no one (a
    resend); a new time or note is a change (`sequence` + 1) and the candidate gets
    the calendar file again. Returns the booking, or None when nothing changed.
    ServiceError (field "call_at") when the slot is no longer free.
    """
    now = now or utcnow()
    note = (note or "").strip()[:NOTE_MAX]
    current = booking_for(interview_id=interview.id)
    if (
        is_on(current)
        and current is not None
        and current.starts_at == starts_at
        and current.note == note
    ):
        return None
    if starts_at is not None and not (
        is_on(current) and current is not None and current.starts_at == starts_at
    ):
        _check_free(interview, starts_at, now)
    if current is None:
        booking = CallBooking(
            interview=interview.id,
            candidate=interview.candidate_id,
            recruiter=interview.recruiter_id,
            minutes=CALL_MINUTES,
            created_at=now,
        )
    else:
        booking = current
        booking.sequence += 1
    # Booked for the first time or again, it holds the same: this time and note, asked now.
    booking.starts_at = starts_at
    booking.note = note
    booking.asked_at = now
    booking.cancelled_at = None
    booking.moved_at = None
    booking.updated_at = now
    booking.save()
    notices.call_booked(booking=booking)
    return booking


def _on_booking(booking_id: int) -> CallBooking:
    booking = CallBooking.get_or_none(CallBooking.id == booking_id)
    if booking is None or not is_on(booking):
        raise NotFound("This call is not booked.")
    return booking


def move(
    *, booking_id: int, starts_at: dt.datetime, by: User, now: dt.datetime | None = None
) -> CallBooking:
    """The recruiter moves the call to `starts_at` (naive UTC); both are told old → new,
    with the calendar file at the next sequence. Moving it to its own time does nothing."""
    now = now or utcnow()
    booking = _on_booking(booking_id)
    if starts_at <= now:
        raise ServiceError("Choose a time that is still ahead.", field="starts_at")
    if booking.starts_at == starts_at:
        return booking
    with database.atomic():
        before = booking.starts_at
        booking.starts_at = starts_at
        booking.sequence += 1
        booking.moved_at = now
        booking.updated_at = now
        booking.save()
        notices.call_moved(booking=booking, before=before, now=now)
        audit.record(
            actor=by,
            action="call.moved",
            target=("interview", booking.interview_id),
            detail=f"{stamp(before) if before else 'as soon as you can'} -> {stamp(starts_at)}",
            at=now,
        )
    return booking


def cancel(
    *, booking_id: int, by: User, reason: str = "", now: dt.datetime | None = None
) -> CallBooking:
    """Call the booking off (the recruiter, or the candidate who no longer asks for it):
    both get a cancelling calendar file, with the reason when given."""
    now = now or utcnow()
    booking = _on_booking(booking_id)
    with database.atomic():
        if by.id != booking.candidate_id:
            # The recruiter called it off: the request is dealt with, off the board.
            Debrief.update(call_handled_at=now, call_handled_by=by.id).where(
                Debrief.interview == booking.interview_id
            ).execute()
        booking.cancelled_at = now
        booking.sequence += 1
        booking.updated_at = now
        booking.save()
        notices.call_cancelled(
            booking=booking, by=by, reason=(reason or "").strip()[:NOTE_MAX], now=now
        )
        audit.record(by, "call.cancelled", ("interview", booking.interview_id), at=now)
    return booking
