"""Calendar files that update and cancel: parsed with icalendar from the emails the real
SMTP server received (METHOD, SEQUENCE, UID, organiser, attendees, the debrief alarm)."""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime

import pytest
from icalendar import Calendar

from portal import tasks
from portal.models import Interview
from portal.models import OutboxMessage
from portal.models import frozen_at
from portal.services.journey import interviews
from portal.services.journey.interviews import PanelEntry
from tests.support import mail_text

START = dt.datetime(2030, 6, 10, 10, 0)  # 11:00 in London (summer time)
END = START + dt.timedelta(hours=1)
# A week before, 10:00 in London: what is booked, changed or cancelled then reaches Ana at
# once. Every test here runs on this clock unless it sets its own (made in her night, the
# email would wait for 08:00), so the suite passes at any hour.
DAYTIME = dt.datetime(2030, 6, 3, 9, 0)


@pytest.fixture(autouse=True)
def daytime():
    with frozen_at(DAYTIME):
        yield


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


# The candidate's night: Ana is in London (BST, UTC+1 in June 2030); times stored in UTC.
NIGHT = dt.datetime(2030, 6, 3, 0, 0)  # Monday 3 June, 01:00 in London
EIGHT = dt.datetime(2030, 6, 3, 7, 0)  # 08:00 in London, when Ana wakes


def _book_at(make, people, *, at: dt.datetime, london: dt.datetime) -> Interview:
    """The recruiter books Ana at `at` (UTC) for an hour from `london` (her wall clock)."""
    recruiter, candidate = people
    position = make.make_position(client=make.make_client(name="Halcyon Health"))
    with frozen_at(at):
        return interviews.schedule(
            candidate=candidate,
            recruiter=recruiter,
            position=position,
            starts_at=london,
            ends_at=london + dt.timedelta(hours=1),
            time_zone="Europe/London",
            location="1 Main Street",
            interviewers=[PanelEntry("Dana Decider", "CTO", "decision_maker")],
        )


def _move_at(interview, by, *, at: dt.datetime, london: dt.datetime) -> None:
    """At `at` (UTC) the recruiter moves the interview to an hour from `london`."""
    interview = Interview.get_by_id(interview.id)
    with frozen_at(at):
        interviews.update(
            interview=interview,
            by=by,
            position=interview.position,
            time_zone="Europe/London",
            format=interview.format,
            location=interview.location,
            round=interview.round,
            starts_at=london,
            ends_at=london + dt.timedelta(hours=1),
        )


def _mail_to_ana(smtp) -> list[tuple[str, dt.datetime]]:
    """(subject, when it was sent, UTC) for each email Ana got, oldest first."""
    return [
        (
            str(m["Subject"]),
            parsedate_to_datetime(m["Date"]).astimezone(dt.UTC).replace(tzinfo=None),
        )
        for m in smtp.to("ana@example.com")
    ]


def test_a_booking_made_in_the_candidates_night_reaches_them_at_eight(mail_app, smtp, make, people):
    """Booked at 01:00 Ana's time for next week: the email waits for 08:00 her time, and
    the outbox delivers it then, not a minute before."""
    _book_at(make, people, at=NIGHT, london=dt.datetime(2030, 6, 10, 11, 0))
    assert OutboxMessage.get().next_attempt_at == EIGHT
    tasks.run_delivery(mail_app, now=NIGHT)
    tasks.run_delivery(mail_app, now=EIGHT - dt.timedelta(minutes=1))
    assert smtp.to("ana@example.com") == []
    tasks.run_delivery(mail_app, now=EIGHT)
    assert _mail_to_ana(smtp) == [
        ("Booked: your interview at Halcyon Health on Monday 10 June", EIGHT)
    ]


def test_a_change_in_the_night_goes_at_once_when_the_interview_is_before_eight(
    mail_app, smtp, make, people
):
    """At 23:30 Ana's time the interview moves to 07:00 the next morning: she must know
    before she wakes, so it goes at once; so does moving it on from 07:00 (she could be
    on her way to the old time). A move between two times after 08:00 waits for 08:00."""
    recruiter, _ = people
    booked = _book_at(
        make, people, at=dt.datetime(2030, 6, 10, 9, 0), london=dt.datetime(2030, 6, 11, 10, 0)
    )
    late = dt.datetime(2030, 6, 10, 22, 30)  # Monday 23:30 in London
    eight = dt.datetime(2030, 6, 11, 7, 0)  # Tuesday 08:00 in London
    _move_at(booked, recruiter, at=late, london=dt.datetime(2030, 6, 11, 7, 0))
    tasks.run_delivery(mail_app, now=late)
    later = late + dt.timedelta(minutes=15)
    _move_at(booked, recruiter, at=later, london=dt.datetime(2030, 6, 11, 12, 0))
    tasks.run_delivery(mail_app, now=later)
    latest = later + dt.timedelta(minutes=15)
    _move_at(booked, recruiter, at=latest, london=dt.datetime(2030, 6, 11, 13, 0))
    tasks.run_delivery(mail_app, now=latest)
    changed = "Changed: your interview at Halcyon Health, now Tuesday 11 June"
    assert _mail_to_ana(smtp)[1:] == [(changed, late), (changed, later)]
    tasks.run_delivery(mail_app, now=eight)
    assert _mail_to_ana(smtp)[1:] == [(changed, late), (changed, later), (changed, eight)]
    moved = mail_text(smtp.to("ana@example.com")[1])
    assert "Tuesday 11 June 2030, 10:00–11:00 (BST) → Tuesday 11 June 2030, 07:00–08:00" in moved


def test_a_cancellation_in_the_night_waits_for_eight(mail_app, smtp, make, people):
    """Cancelled at 02:00 Ana's time, for an interview later in the week: the cancelling
    calendar file reaches her at 08:00."""
    recruiter, _ = people
    booked = _book_at(
        make, people, at=dt.datetime(2030, 6, 1, 10, 0), london=dt.datetime(2030, 6, 5, 11, 0)
    )
    tasks.run_delivery(mail_app, now=dt.datetime(2030, 6, 1, 10, 0))
    night = NIGHT + dt.timedelta(hours=1)  # 02:00 in London
    with frozen_at(night):
        interviews.cancel(interview=Interview.get_by_id(booked.id), by=recruiter)
    tasks.run_delivery(mail_app, now=night)
    assert len(smtp.to("ana@example.com")) == 1  # the booking only
    tasks.run_delivery(mail_app, now=EIGHT)
    [_, (_, cancel)] = _calendars(smtp)
    assert _mail_to_ana(smtp)[1] == (
        "Cancelled: your interview at Halcyon Health on Wednesday 5 June",
        EIGHT,
    )
    assert str(cancel["method"]) == "CANCEL"


def test_a_held_booking_goes_with_a_change_that_cannot_wait(mail_app, smtp, make, people):
    """Booked at 01:00 for next week (held for 08:00), then moved at 01:30 to 07:00 that
    morning: the change goes at once and takes the booking with it, booking first."""
    recruiter, _ = people
    booked = _book_at(make, people, at=NIGHT, london=dt.datetime(2030, 6, 10, 11, 0))
    soon = NIGHT + dt.timedelta(minutes=30)
    _move_at(booked, recruiter, at=soon, london=dt.datetime(2030, 6, 3, 7, 0))
    tasks.run_delivery(mail_app, now=soon)
    assert _mail_to_ana(smtp) == [
        ("Booked: your interview at Halcyon Health on Monday 3 June", soon),
        ("Changed: your interview at Halcyon Health, now Monday 3 June", soon),
    ]
