"""Calendar files that update and cancel: parsed with icalendar from the emails the real
SMTP server received (METHOD, SEQUENCE, UID, organiser, attendees, the debrief alarm)."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from portal import tasks
from portal.models import Interview, OutboxMessage
from portal.services.journey import interviews
from tests.support import mail_text

START = dt.datetime(2030, 6, 10, 10, 0)  # 11:00 in London (summer time)
END = START + dt.timedelta(hours=1)


@pytest.fixture
def people(make):
    recruiter = make.make_recruiter(
        name="Rae Recruiter", email="rae@agency.example", phone="+44 20 7946 0001"
    )
    candidate = make.make_candidate(
        name="Ana Costa", email="ana@example.com", time_zone="Europe/London"
    )
    return recruiter, candidate


@pytest.fixture
def booked(make, people):
    recruiter, candidate = people
    client = make.make_client(name="Halcyon Health")
    position = make.make_position(client=client, title="Data Engineer")
    return make.make_interview(
        candidate=candidate, recruiter=recruiter, position=position, starts_at=START, ends_at=END
    )


def _calendars(smtp) -> list[tuple[object, Calendar]]:
    """(message, parsed .ics) for every email to the candidate, oldest first."""
    found = []
    for message in smtp.to("ana@example.com"):
        for part in message.iter_attachments():
            if part.get_content_type() == "text/calendar":
                assert part.get_param("charset") == "utf-8"
                found.append((message, Calendar.from_ical(part.get_payload(decode=True))))
    return found


def _move(interview, by, *, hours: int, location: str | None = None):
    """Move the interview `hours` later (London wall clock, as the recruiter types it)."""
    local = dt.timedelta(hours=1)  # London is UTC+1 in June
    interviews.update(
        interview=Interview.get_by_id(interview.id),
        by=by,
        position=interview.position,
        time_zone="Europe/London",
        format=interview.format,
        location=interview.location if location is None else location,
        round=interview.round,
        starts_at=interview.starts_at + local + dt.timedelta(hours=hours),
        ends_at=interview.ends_at + local + dt.timedelta(hours=hours),
    )


def test_booking_change_and_cancel_update_one_calendar_event(mail_app, smtp, people, booked):
    """Booked (REQUEST, SEQUENCE 0), changed twice (REQUEST, 1 then 2), cancelled (CANCEL,
    3): one UID throughout, so the candidate's calendar keeps one event and then drops it
    with its debrief alarm."""
    recruiter, _ = people
    tasks.run_delivery(mail_app)
    _move(booked, recruiter, hours=24)
    tasks.run_delivery(mail_app)
    _move(booked, recruiter, hours=24, location="2 High Street")
    tasks.run_delivery(mail_app)
    interviews.cancel(interview=Interview.get_by_id(booked.id), by=recruiter)
    tasks.run_delivery(mail_app)

    sent = _calendars(smtp)
    methods = [str(cal["method"]) for _, cal in sent]
    events = [cal.walk("VEVENT")[0] for _, cal in sent]
    assert methods == ["REQUEST", "REQUEST", "REQUEST", "CANCEL"]
    assert [int(e["sequence"]) for e in events] == [0, 1, 2, 3]
    assert len({str(e["uid"]) for e in events}) == 1
    assert [len(e.walk("VALARM")) for e in events] == [1, 1, 1, 0]
    assert [len(cal.walk("VEVENT")) for _, cal in sent] == [1, 1, 1, 1]
    first = events[0]
    assert str(first["organizer"]) == "mailto:rae@agency.example"
    assert first["organizer"].params["CN"] == "Rae Recruiter"
    attendees = {str(a): a.params for a in first["attendee"]}
    assert attendees["mailto:ana@example.com"]["RSVP"] == "TRUE"
    assert attendees["mailto:dana@client.example"]["CN"] == "Dana Decider"
    assert Interview.get_by_id(booked.id).calendar_sequence == 3


def test_subjects_carry_the_date_and_the_change_says_old_and_new(mail_app, smtp, people, booked):
    """Booked and changed subjects name the day; the change email shows old → new."""
    recruiter, _ = people
    tasks.run_delivery(mail_app)
    _move(booked, recruiter, hours=24, location="2 High Street")
    tasks.run_delivery(mail_app)
    booked_mail, changed_mail = smtp.to("ana@example.com")
    assert booked_mail["Subject"] == "Booked: your interview at Halcyon Health on Monday 10 June"
    assert (
        changed_mail["Subject"] == "Changed: your interview at Halcyon Health, now Tuesday 11 June"
    )
    text = mail_text(changed_mail)
    assert (
        "When: Monday 10 June 2030, 11:00–12:00 (BST) → Tuesday 11 June 2030, 11:00–12:00 (BST)"
        in text
    )
    assert "Where: 1 Main Street → 2 High Street" in text
    assert "Format: on site" in text  # a stored value shown as words


def test_no_booked_email_for_an_interview_that_already_ended(mail_app, smtp, make):
    """Recording an interview after the fact books nothing in the candidate's calendar."""
    make.make_interview(
        candidate=make.make_candidate(email="late@example.com"),
        starts_in=dt.timedelta(hours=-3),
    )
    tasks.run_delivery(mail_app)
    assert OutboxMessage.select().count() == 0
    assert smtp.to("late@example.com") == []


def test_cancelling_asks_first_and_the_reason_reaches_the_candidate(
    mail_app, client, login_as, smtp, people, booked
):
    """The button opens a confirmation with an optional reason; confirming cancels and
    emails the reason with a CANCEL calendar file."""
    recruiter, _ = people
    OutboxMessage.delete().execute()
    login_as(recruiter)
    page = client.get(f"/recruiter/interviews/{booked.id}")
    assert f'href="/recruiter/interviews/{booked.id}/cancel"' in page.get_data(as_text=True)
    confirm = client.get(f"/recruiter/interviews/{booked.id}/cancel")
    assert confirm.status_code == 200
    html = confirm.get_data(as_text=True)
    assert "Reason for the candidate" in html and "Keep it" in html
    assert Interview.get_by_id(booked.id).status == "scheduled"  # asking changed nothing
    too_long = client.post(f"/recruiter/interviews/{booked.id}/cancel", data={"reason": "x" * 501})
    assert too_long.status_code == 422
    assert "under 500 characters" in too_long.get_data(as_text=True)
    assert Interview.get_by_id(booked.id).status == "scheduled"
    done = client.post(
        f"/recruiter/interviews/{booked.id}/cancel",
        data={"reason": "The client filled the role internally."},
    )
    assert done.status_code == 302
    assert Interview.get_by_id(booked.id).status == "cancelled"
    tasks.run_delivery(mail_app)
    ((message, calendar),) = _calendars(smtp)
    assert message["Subject"] == "Cancelled: your interview at Halcyon Health on Monday 10 June"
    assert "The client filled the role internally." in mail_text(message)
    assert str(calendar["method"]) == "CANCEL"
