"""Calendar files (.ics): built here once, for the candidate's page and for the email.

`interview_calendar` is the interview, then a short "debrief" event at its end with an
alarm. Times are written in UTC, which every calendar converts to its own zone.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event

from portal.models import Interview


def interview_summary(interview: Interview) -> str:
    """ "Interview: <position> at <client>" (the event's title)."""
    return f"Interview: {interview.position.title} at {interview.position.client.name}"


def interview_calendar(*, interview: Interview, debrief_url: str) -> bytes:
    """The interview's .ics file. `interview` comes with its position, client and recruiter."""
    position = interview.position
    recruiter = interview.recruiter
    contact = " · ".join(p for p in (recruiter.name, recruiter.phone, recruiter.email) if p)
    what = f"{position.title} at {position.client.name}"

    calendar = Calendar()
    calendar.add("prodid", "-//Debrief//Interview//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    start = interview.starts_at.replace(tzinfo=dt.UTC)
    end = interview.ends_at.replace(tzinfo=dt.UTC)
    stamp = (interview.updated_at or interview.created_at).replace(tzinfo=dt.UTC)

    meeting = Event()
    meeting.add("uid", f"interview-{interview.id}@debrief")
    meeting.add("dtstamp", stamp)
    meeting.add("dtstart", start)
    meeting.add("dtend", end)
    meeting.add("summary", interview_summary(interview))
    if interview.location:
        meeting.add("location", interview.location)
    meeting.add(
        "description",
        f"{what}, round {interview.round} ({interview.format}). Your recruiter: {contact}.",
    )
    calendar.add_component(meeting)

    debrief = Event()
    debrief.add("uid", f"interview-{interview.id}-debrief@debrief")
    debrief.add("dtstamp", stamp)
    debrief.add("dtstart", end)
    debrief.add("dtend", end + dt.timedelta(minutes=15))
    debrief.add("summary", "Debrief: call your recruiter and send your notes")
    debrief.add("description", f"Debrief right after the interview: {debrief_url}")
    debrief.add("url", debrief_url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Debrief now: call your recruiter")
    alarm.add("trigger", dt.timedelta(0))
    debrief.add_component(alarm)
    calendar.add_component(debrief)
    return calendar.to_ical()
