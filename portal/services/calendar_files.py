"""Calendar files (.ics, built with `icalendar`): made here once, for the candidate's
interview page and for the booking emails.

An interview is one event (one UID) that the candidate's calendar keeps up to date:

- `METHOD:REQUEST` with the interview's `SEQUENCE` (raised on every change the
  candidate is told of, `Interview.calendar_sequence`): the calendar replaces the
  event it holds instead of adding a second one;
- `METHOD:CANCEL` once it is cancelled: the event, and its "debrief now" alarm at the
  interview's end, leave the calendar;
- the recruiter is the ORGANIZER (a reply reaches them), the candidate an ATTENDEE,
  and the panel members with an address attendees who need no reply, so the
  candidate's calendar shows whom they will meet.

Times are written in UTC, which every calendar converts to its own zone. The files
are UTF-8: send them as `CONTENT_TYPE` plus the method (`content_type`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from icalendar import Alarm
from icalendar import Calendar
from icalendar import Event
from icalendar import vCalAddress
from icalendar import vText

from portal.models import CallBooking
from portal.models import Interview
from portal.models import Interviewer
from portal.models import User
from portal.services import vocabulary
from portal.services.vocabulary import N_

PRODID = "-//Debrief//Interview//EN"


def content_type(method: str) -> str:
    """The MIME type of a calendar file sent with `method` (REQUEST or CANCEL)."""
    return f"text/calendar; charset=utf-8; method={method}"


def interview_uid(interview: Interview) -> str:
    """The one UID the candidate's calendar knows the interview by."""
    return f"interview-{interview.id}@debrief"


def _same(text: str) -> str:
    return text


def interview_summary(interview: Interview, translate: Callable[[str], str] = _same) -> str:
    """ "Interview: <position> at <client>" (the event's title), in the reader's language
    through `translate` (gettext)."""
    return translate(N_("Interview: %(role)s at %(company)s")) % {
        "role": interview.position.title,
        "company": interview.position.client.name,
    }


def interview_method(interview: Interview) -> str:
    """CANCEL for a cancelled interview, else REQUEST."""
    return "CANCEL" if interview.status == "cancelled" else "REQUEST"


def interview_calendar(
    *,
    interview: Interview,
    debrief_url: str,
    panel: list[Interviewer] | None = None,
    translate: Callable[[str], str] = _same,
) -> bytes:
    """The interview's .ics file as it stands (REQUEST, or CANCEL once cancelled).

    `interview` comes with its position, client, candidate and recruiter; `panel` (the
    interviewers) defaults to the interview's own. Its words are in the candidate's
    language through `translate` (gettext, under their locale).
    """
    from portal.services.journey import interviews

    position = interview.position
    recruiter = interview.recruiter
    method = interview_method(interview)
    people = panel if panel is not None else interviews.panel_of(interview_id=interview.id)
    contact = " · ".join(p for p in (recruiter.name, recruiter.phone, recruiter.email) if p)
    how = translate(vocabulary.label(vocabulary.FORMAT_IN_WORDS, interview.format))

    event = _event(
        method,
        uid=interview_uid(interview),
        sequence=interview.calendar_sequence,
        stamp=interview.updated_at or interview.created_at,
        starts=interview.starts_at,
        ends=interview.ends_at,
        summary=interview_summary(interview, translate),
    )
    if interview.location:
        event.add("location", interview.location)
    event.add(
        "description",
        translate(
            N_(
                "%(role)s at %(company)s, round %(round)s (%(how)s). Your recruiter: "
                "%(contact)s. Debrief right after: %(url)s"
            )
        )
        % {
            "role": position.title,
            "company": position.client.name,
            "round": interview.round,
            "how": how,
            "contact": contact,
            "url": debrief_url,
        },
    )
    event.add("url", debrief_url)
    event.add("organizer", _address(recruiter.email, recruiter.name), encode=False)
    event.add(
        "attendee",
        _address(interview.candidate.email, interview.candidate.name, rsvp=True),
        encode=False,
    )
    for person in people:
        if person.email:
            event.add("attendee", _address(person.email, person.name, rsvp=False), encode=False)
    if method == "REQUEST":
        # The debrief reminder rides on the interview itself (one UID per iTIP message),
        # so a cancel takes it away with the interview.
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add(
            "description",
            translate(N_("Debrief now: call your recruiter and send your notes")),
        )
        alarm.add("trigger", dt.timedelta(0), parameters={"RELATED": "END"})
        event.add_component(alarm)
    return _file(method, event)


def call_uid(booking: CallBooking) -> str:
    """The one UID both calendars know a booked call by."""
    return f"call-{booking.id}@debrief"


def call_method(booking: CallBooking) -> str:
    """CANCEL for a cancelled call, else REQUEST."""
    return "CANCEL" if booking.cancelled_at is not None else "REQUEST"


def call_calendar(
    *, booking: CallBooking, interview: Interview, translate: Callable[[str], str] = _same
) -> bytes | None:
    """The booked call's .ics file as it stands (REQUEST at its sequence, or CANCEL);
    None for a call "as soon as you can", which has no time to put in a calendar.

    The same event goes to both: the recruiter organises, the candidate attends, and the
    description says who calls whom on which number; each gets it worded in their own
    language through `translate` (gettext, under the recipient's locale).
    """
    if booking.starts_at is None:
        return None
    recruiter = User.get_by_id(booking.recruiter_id)
    candidate = User.get_by_id(booking.candidate_id)
    position = interview.position
    method = call_method(booking)
    event = _event(
        method,
        uid=call_uid(booking),
        sequence=booking.sequence,
        stamp=booking.updated_at,
        starts=booking.starts_at,
        ends=booking.starts_at + dt.timedelta(minutes=booking.minutes),
        summary=translate(N_("Call: %(recruiter)s and %(candidate)s"))
        % {"recruiter": recruiter.name, "candidate": candidate.name},
    )
    words = {
        "recruiter": recruiter.name,
        "candidate": candidate.name,
        "phone": candidate.phone,
        "role": position.title,
        "company": position.client.name,
    }
    description = (
        translate(
            N_(
                "%(recruiter)s calls %(candidate)s on %(phone)s after the interview for "
                "%(role)s at %(company)s."
            )
            if candidate.phone
            else N_(
                "%(recruiter)s calls %(candidate)s after the interview for %(role)s at %(company)s."
            )
        )
        % words
    )
    if booking.note:
        description += " " + translate(N_("Note: %(note)s")) % {"note": booking.note}
    event.add("description", description)
    event.add("organizer", _address(recruiter.email, recruiter.name), encode=False)
    event.add("attendee", _address(candidate.email, candidate.name, rsvp=True), encode=False)
    return _file(method, event)


def _event(
    method: str,
    *,
    uid: str,
    sequence: int,
    stamp: dt.datetime,
    starts: dt.datetime,
    ends: dt.datetime,
    summary: str,
) -> Event:
    """An event with what each of ours starts with: its UID and sequence, its times (stored
    naive UTC, written as UTC), its title, and its status (CANCELLED when `method` is)."""
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp.replace(tzinfo=dt.UTC))
    event.add("dtstart", starts.replace(tzinfo=dt.UTC))
    event.add("dtend", ends.replace(tzinfo=dt.UTC))
    event.add("summary", summary)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    return event


def _file(method: str, event: Event) -> bytes:
    """The .ics file that sends `event` with `method` (REQUEST or CANCEL)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(event)
    return calendar.to_ical()


def _address(email: str, name: str, *, rsvp: bool | None = None) -> vCalAddress:
    """A calendar address (`mailto:`) with the person's name."""
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    if rsvp is not None:
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params["RSVP"] = "TRUE" if rsvp else "FALSE"
    return address
