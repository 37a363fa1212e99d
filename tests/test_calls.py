"""A booked call: the recruiter's free slots in the candidate's zone, booked by the debrief,
moved and cancelled by the recruiter, each change mailed to both sides with a calendar
file (parsed with icalendar) through a real SMTP server, on a frozen clock."""

from __future__ import annotations

import datetime as dt
import re
import secrets

import pytest
from icalendar import Calendar

from portal import tasks
from portal.models import CallBooking
from portal.models import OutboxMessage
from portal.models import frozen_at
from portal.services import clock
from portal.services.board import attention
from portal.services.errors import ServiceError
from portal.services.journey import calls
from portal.services.journey import debrief_versions
from tests import factories
from tests import support
from tests.support import mail_text

# Tuesday 8 June 2027: 09:00-10:00 in Los Angeles (PDT, UTC-7) = 17:00-18:00 London (BST).
START = dt.datetime(2027, 6, 8, 16, 0)
END = START + dt.timedelta(hours=1)
SENT = END + dt.timedelta(minutes=20)  # 10:20 Los Angeles, 18:20 London


@pytest.fixture
def day(make):
    """Noor in Los Angeles, Rae in London (09:00-18:00, Mon-Fri); the interview just ended."""
    recruiter = make.make_recruiter(
        name="Rae Recruiter",
        email="rae@agency.example",
        time_zone="Europe/London",
        **factories.OFFICE_HOURS,
    )
    candidate = make.make_candidate(
        name="Noor Haddad",
        email="noor@example.com",
        phone="+1 213 555 0100",
        time_zone="America/Los_Angeles",
    )
    interview = make.make_interview(
        candidate=candidate, recruiter=recruiter, starts_at=START, ends_at=END
    )
    OutboxMessage.delete().execute()
    return interview


def _send(interview, **answers):
    return debrief_versions.submit(
        interview=interview,
        candidate=interview.candidate,
        answers={"call_me": True, **answers},
        people=[],
        idempotency_key=secrets.token_hex(16),
        now=SENT,
    )


def _calendars(smtp, address):
    """(subject, parsed .ics or None) for each email to `address`, oldest first."""
    found = []
    for message in smtp.to(address):
        files = [
            Calendar.from_ical(part.get_payload(decode=True))
            for part in message.walk()
            if part.get_content_type() == "text/calendar"
        ]
        found.append((message["Subject"], files[0] if files else None))
    return found


def _calls_on_board(now):
    return attention.attention(now=now, kinds=("call_request",)).rows


def _in_la(when):
    return f"{clock.to_local(when, 'America/Los_Angeles'):%a %-d %b, %H:%M}"


def _event(calendar):
    return next(c for c in calendar.walk() if c.name == "VEVENT")


def test_the_slots_are_the_recruiters_free_hours_outside_the_candidates_night(day):
    """Sent at 18:20 London: today's hours are over, and Wednesday 09:00-16:00 London is
    00:00-08:00 in Los Angeles, so the first slots are 16:00-17:30 London = 08:00-09:30 LA,
    each labelled in Noor's zone with Rae's time beside it; a booked call takes its slot."""
    slots = support.offered_slots(interview=day, now=SENT)
    assert [_in_la(s.starts_at) for s in slots] == [
        "Wed 9 Jun, 08:00",
        "Wed 9 Jun, 08:30",
        "Wed 9 Jun, 09:00",
        "Wed 9 Jun, 09:30",
    ]
    assert slots[0].across and slots[0].starts_at == dt.datetime(2027, 6, 9, 15, 0)

    with frozen_at(SENT):
        _send(day, call_at=slots[1].starts_at)
    other = day.__class__.get_by_id(day.id)
    # Another candidate of Rae's no longer gets 08:30 (Rae's 16:30).
    second = factories.make_interview(
        candidate=factories.make_candidate(time_zone="America/Los_Angeles"),
        recruiter=other.recruiter,
        starts_at=START,
        ends_at=END,
    )
    labels = [_in_la(s.starts_at) for s in support.offered_slots(interview=second, now=SENT)]
    assert labels == [
        "Wed 9 Jun, 08:00",
        "Wed 9 Jun, 09:00",
        "Wed 9 Jun, 09:30",
        "Thu 10 Jun, 08:00",
    ]


def test_the_debrief_offers_the_slots_in_the_candidates_time_with_the_recruiters_beside(
    client, login_as, day
):
    """On the page: each time in Noor's words and zone, Rae's London time beside it, and
    "as soon as you can" chosen until she picks one."""
    login_as(day.candidate)
    with frozen_at(SENT):
        page = client.get(f"/candidate/interviews/{day.id}/debrief").get_data(as_text=True)
    assert "Rae’s free times, in Los Angeles time." in page
    assert (
        'value="2027-06-09T15:00" id="call_at"> <span>tomorrow 08:00 <span class="muted">'
        "(tomorrow 16:00 London time for Rae)</span>"
    ) in page
    assert 'value="" checked> <span>As soon as you can</span>' in page


def test_booking_a_slot_mails_both_a_calendar_file_and_a_resend_books_nothing_twice(
    mail_app, smtp, day
):
    """Choosing a slot books it: Noor gets "Booked" with a REQUEST at SEQUENCE 0, Rae the
    call request with the same event; sending the same debrief again changes nothing."""
    slot = support.offered_slots(interview=day, now=SENT)[0].starts_at
    with frozen_at(SENT):
        _send(day, call_at=slot, call_times="Mornings are best")
        _send(day, call_at=slot, call_times="Mornings are best", candidate_interest=4)
    booking = CallBooking.get(CallBooking.interview == day.id)
    assert (booking.starts_at, booking.sequence, booking.note) == (slot, 0, "Mornings are best")
    tasks.run_delivery(mail_app, now=SENT)

    [(subject, ics)] = _calendars(smtp, "noor@example.com")
    assert subject == "Booked: your call with Rae, Wed 9 Jun 08:00"
    assert ics["METHOD"] == "REQUEST"
    event = _event(ics)
    assert (event["SEQUENCE"], event.decoded("DTSTART")) == (0, slot.replace(tzinfo=dt.UTC))
    assert str(event["UID"]) == f"call-{booking.id}@debrief"
    booked = mail_text(smtp.to("noor@example.com")[0])
    assert "Wednesday 9 June, 08:00 (Los Angeles time; 16:00 London time for Rae)" in booked

    requests = [
        (s, c) for s, c in _calendars(smtp, "rae@agency.example") if s.startswith("Call Noor")
    ]
    assert len(requests) == 1  # the second send kept the same call: no second request
    subject, ics = requests[0]
    assert subject.startswith("Call Noor Haddad, Wed 9 Jun 16:00: ")
    assert _event(ics)["UID"] == event["UID"] and ics["METHOD"] == "REQUEST"
    text = mail_text(next(m for m in smtp.to("rae@agency.example") if m["Subject"] == subject))
    assert "Mornings are best" in text and "+1 213 555 0100" in text


def test_as_soon_as_you_can_books_no_calendar_event_and_the_board_shows_it_due_now(
    mail_app, smtp, day
):
    """No slot chosen: the call is booked "as soon as you can", without a calendar file,
    and the recruiter's board has it due from the moment it was asked."""
    with frozen_at(SENT):
        _send(day, call_at=None)
    tasks.run_delivery(mail_app, now=SENT)
    assert [(s, c) for s, c in _calendars(smtp, "noor@example.com")] == [
        ("Booked: your call with Rae, as soon as you can", None)
    ]
    [call] = _calls_on_board(SENT + dt.timedelta(minutes=5))
    assert call.due_at == SENT and "as soon as you can" in call.detail


def test_the_board_shows_a_booked_call_at_its_time(day):
    """A booked call is due at its slot, not when it was asked."""
    slot = support.offered_slots(interview=day, now=SENT)[0].starts_at
    with frozen_at(SENT):
        _send(day, call_at=slot)
    [call] = _calls_on_board(SENT)
    assert call.due_at == slot and not call.overdue
    assert "Booked for Wed 9 Jun 16:00" in call.detail


def test_a_slot_taken_meanwhile_is_refused_with_a_clear_message(day, make):
    """Two candidates choose the same slot: the second is told to choose another, and
    nothing of that send is kept."""
    slot = support.offered_slots(interview=day, now=SENT)[0].starts_at
    rival = make.make_interview(recruiter=day.recruiter, starts_at=START, ends_at=END)
    with frozen_at(SENT):
        debrief_versions.submit(
            interview=rival,
            candidate=rival.candidate,
            answers={"call_me": True, "call_at": slot},
            people=[],
            idempotency_key=secrets.token_hex(16),
            now=SENT,
        )
        with pytest.raises(ServiceError) as refused:
            _send(day, call_at=slot)
    assert refused.value.message == calls.TAKEN
    assert CallBooking.get_or_none(CallBooking.interview == day.id) is None


def test_the_recruiter_moves_then_cancels_and_both_calendars_follow(mail_app, smtp, day):
    """A move raises SEQUENCE and tells both sides old → new in their own zones; a cancel
    sends METHOD:CANCEL with a higher SEQUENCE to both."""
    slot = support.offered_slots(interview=day, now=SENT)[0].starts_at
    with frozen_at(SENT):
        _send(day, call_at=slot)
    tasks.run_delivery(mail_app, now=SENT)
    booking = CallBooking.get(CallBooking.interview == day.id)
    later = slot + dt.timedelta(hours=1)
    calls.move(booking_id=booking.id, starts_at=later, by=day.recruiter, now=SENT)
    tasks.run_delivery(mail_app, now=SENT)
    calls.cancel(booking_id=booking.id, by=day.recruiter, reason="Client on hold", now=SENT)
    tasks.run_delivery(mail_app, now=SENT)

    noor = _calendars(smtp, "noor@example.com")
    assert [s for s, _ in noor] == [
        "Booked: your call with Rae, Wed 9 Jun 08:00",
        "Moved: your call with Rae, now Wed 9 Jun 09:00",
        "Cancelled: your call with Rae",
    ]
    assert [(c["METHOD"], _event(c)["SEQUENCE"]) for _, c in noor] == [
        ("REQUEST", 0),
        ("REQUEST", 1),
        ("CANCEL", 2),
    ]
    moved = mail_text(smtp.to("noor@example.com")[1])
    assert (
        "When: Wednesday 9 June, 08:00 (Los Angeles time; 16:00 London time for Rae) → "
        "Wednesday 9 June, 09:00 (Los Angeles time; 17:00 London time for Rae)"
    ) in moved
    assert "Client on hold" in mail_text(smtp.to("noor@example.com")[2])
    rae = [(s, c) for s, c in _calendars(smtp, "rae@agency.example") if c is not None]
    assert [(c["METHOD"], _event(c)["SEQUENCE"]) for _, c in rae] == [
        ("REQUEST", 0),
        ("REQUEST", 1),
        ("CANCEL", 2),
    ]
    assert "16:00 (London time; 08:00 Los Angeles time for Noor) → " in mail_text(
        next(m for m in smtp.to("rae@agency.example") if m["Subject"].startswith("Moved"))
    )
    assert _calls_on_board(SENT) == []  # cancelled by the recruiter: handled


def test_the_recruiter_moves_and_cancels_the_call_from_the_interview_page(
    mail_app, client, login_as, smtp, day
):
    """The interview page links to the call; the recruiter types a new time in their own
    zone (London), both are emailed the move, then a confirmed cancel with a reason
    (at 17:20 London, 09:20 in Los Angeles: nobody is asleep)."""
    slot = support.offered_slots(interview=day, now=SENT)[0].starts_at
    with frozen_at(SENT):
        _send(day, call_at=slot)
        login_as(day.recruiter)
        page = client.get(f"/recruiter/interviews/{day.id}").get_data(as_text=True)
        assert f'href="/recruiter/interviews/{day.id}/call"' in page
        form = client.get(f"/recruiter/interviews/{day.id}/call").get_data(as_text=True)
        assert 'value="2027-06-09T16:00"' in form  # the booked time, in London
        assert "Wednesday 9 June 2027, 08:00 (Los Angeles time) for Noor Haddad" in form

        bad = client.post(f"/recruiter/interviews/{day.id}/call", data={"starts_at": "tomorrow"})
        assert bad.status_code == 422 and 'value="tomorrow"' in bad.get_data(as_text=True)
        moved = client.post(
            f"/recruiter/interviews/{day.id}/call", data={"starts_at": "2030-06-12T17:30"}
        )
        assert moved.headers["Location"].endswith(f"/recruiter/interviews/{day.id}#debrief")
        booking = CallBooking.get(CallBooking.interview == day.id)
        assert (booking.starts_at, booking.sequence) == (dt.datetime(2030, 6, 12, 16, 30), 1)
        tasks.run_delivery(mail_app)
        assert "Moved: your call with Rae, now Wed 12 Jun 09:30" in [
            m["Subject"] for m in smtp.to("noor@example.com")
        ]

        confirm = client.get(f"/recruiter/interviews/{day.id}/call/cancel").get_data(as_text=True)
        assert "Cancel the call with Noor Haddad?" in confirm
        client.post(f"/recruiter/interviews/{day.id}/call/cancel", data={"reason": "Role paused"})
        tasks.run_delivery(mail_app)
        cancelled = [m for m in smtp.to("noor@example.com") if m["Subject"].startswith("Cancelled")]
        assert len(cancelled) == 1 and "Role paused" in mail_text(cancelled[0])
        assert client.get(f"/recruiter/interviews/{day.id}/call").status_code == 404


def test_a_call_no_longer_asked_for_is_called_off_for_both(mail_app, smtp, day):
    """An amendment that unticks "Please call me" cancels the booked call: both get the
    cancelling calendar file, and the board drops the request."""
    slot = support.offered_slots(interview=day, now=SENT)[0].starts_at
    with frozen_at(SENT):
        _send(day, call_at=slot)
        tasks.run_delivery(mail_app, now=SENT)
        _send(day, call_me=False, call_at=slot)
        tasks.run_delivery(mail_app, now=SENT)
    booking = CallBooking.get(CallBooking.interview == day.id)
    assert booking.cancelled_at == SENT and booking.sequence == 1
    [(subject, ics)] = [c for c in _calendars(smtp, "noor@example.com") if c[0].startswith("Canc")]
    assert subject == "Cancelled: your call with Rae"
    assert ics["METHOD"] == "CANCEL" and _event(ics)["SEQUENCE"] == 1
    assert "Noor Haddad cancelled the call" in mail_text(
        next(m for m in smtp.to("rae@agency.example") if m["Subject"].startswith("Cancelled"))
    )
    assert _calls_on_board(SENT) == []


def test_a_move_in_the_candidates_night_reaches_them_at_eight_unless_the_call_is_sooner(
    mail_app, smtp, day
):
    """Rae moves the call at 10:00 London (02:00 in Los Angeles): Rae's copy goes at
    once, Noor's waits for 08:00 her time; moved to a time before 08:00 LA, it goes now."""
    slot = support.offered_slots(interview=day, now=SENT)[1].starts_at  # Wed 16:30 London
    with frozen_at(SENT):
        _send(day, call_at=slot)
    tasks.run_delivery(mail_app, now=SENT)
    booking = CallBooking.get(CallBooking.interview == day.id)
    night = dt.datetime(2027, 6, 9, 9, 0)  # Wed 10:00 London, 02:00 LA
    calls.move(
        booking_id=booking.id, starts_at=slot + dt.timedelta(hours=1), by=day.recruiter, now=night
    )
    tasks.run_delivery(mail_app, now=night)
    moved = [m for m in smtp.messages() if m["Subject"].startswith("Moved")]
    assert [str(m["To"]) for m in moved] == ["Rae Recruiter <rae@agency.example>"]
    eight = dt.datetime(2027, 6, 9, 15, 0)  # 08:00 LA
    tasks.run_delivery(mail_app, now=eight - dt.timedelta(minutes=1))
    assert len([m for m in smtp.messages() if m["Subject"].startswith("Moved")]) == 1
    tasks.run_delivery(mail_app, now=eight)
    assert [m["Subject"] for m in smtp.to("noor@example.com")][-1] == (
        "Moved: your call with Rae, now Wed 9 Jun 09:30"
    )

    soon = dt.datetime(2027, 6, 9, 11, 0)  # 04:00 LA; 05:00 LA is before she wakes
    calls.move(
        booking_id=booking.id, starts_at=soon + dt.timedelta(hours=1), by=day.recruiter, now=soon
    )
    tasks.run_delivery(mail_app, now=soon)
    assert [m["Subject"] for m in smtp.to("noor@example.com")][-1] == (
        "Moved: your call with Rae, now Wed 9 Jun 05:00"
    )


def test_offered_times_keep_to_the_candidates_waking_hours_when_their_clocks_change(make):
    """Rae works 09:00-18:00 London; Noor is in New York, whose clocks go forward at 07:00
    UTC on Sunday 8 March 2026 (02:00 EST to 03:00 EDT) while London's stay put. Noor is
    offered nothing before 08:00 her time: on the Friday that is 13:00 UTC, and on the
    Monday after the change, 12:00 UTC."""
    recruiter = make.make_recruiter(
        time_zone="Europe/London",
        work_starts=9 * 60,
        work_ends=18 * 60,
        work_days="1,2,3,4,5,6,7",
    )
    candidate = make.make_candidate(time_zone="America/New_York")
    interview = make.make_interview(
        candidate=candidate,
        recruiter=recruiter,
        starts_at=dt.datetime(2026, 3, 6, 9, 0),
        ends_at=dt.datetime(2026, 3, 6, 10, 0),
    )

    def first_times(now):
        return [
            f"{s.starts_at:%a %H:%M}"
            for s in support.offered_slots(interview=interview, now=now)[:2]
        ]

    assert first_times(dt.datetime(2026, 3, 6, 10, 0)) == ["Fri 13:00", "Fri 13:30"]
    # Sunday, the change day: 08:00 New York is 12:00 UTC (EDT) by then.
    assert first_times(dt.datetime(2026, 3, 8, 5, 0)) == ["Sun 12:00", "Sun 12:30"]
    assert first_times(dt.datetime(2026, 3, 9, 5, 0)) == ["Mon 12:00", "Mon 12:30"]
    # And Saturday, the day before: still EST, 13:00 UTC.
    assert first_times(dt.datetime(2026, 3, 7, 5, 0)) == ["Sat 13:00", "Sat 13:30"]


def test_the_recruiter_reads_the_chosen_call_time_in_their_own_zone_and_language(
    client, login_as, day
):
    """Noor chooses a time, then another, and says talks went partly: Rae, in London,
    reads both times on her clock (16:00 and 16:30 London, 15:00 and 15:30 UTC), never
    a UTC time, in the answers and in what changed between versions; in Spanish, the
    answers and the changes are Spanish too."""
    first, second = support.offered_slots(interview=day, now=SENT)[:2]
    with frozen_at(SENT):
        _send(day, call_at=first.starts_at)
        _send(day, call_at=second.starts_at, enough_exchanged="partly")
        login_as(day.recruiter)
        page = client.get(f"/recruiter/interviews/{day.id}").get_data(as_text=True)
    assert not re.search(r"\d\d:\d\d UTC", page)
    assert "Wednesday 9 June 2027, 16:30 (London time)" in page  # the answer on file
    history = page.split('<details class="history">', 1)[1].split("</details>", 1)[0]
    assert "Time chosen for the call:</strong> <del>Wednesday 9 June 2027, 16:00" in history
    assert "<ins>Wednesday 9 June 2027, 16:30 (London time)</ins>" in history
    assert "<ins>Partly</ins>" in history

    day.recruiter.language = "es"
    day.recruiter.save()
    with frozen_at(SENT):
        page = client.get(f"/recruiter/interviews/{day.id}").get_data(as_text=True)
    history = page.split('<details class="history">', 1)[1].split("</details>", 1)[0]
    assert not re.search(r"\d\d:\d\d UTC", page)
    assert "Partly" not in history and "London time" not in page
    assert "<ins>En parte</ins>" in history
    assert "16:30 (hora de London)</ins>" in history
