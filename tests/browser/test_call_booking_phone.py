"""Booking the call from the debrief on a 390 x 844 phone, in a real Chromium: the
recruiter's free times in the candidate's zone, one tap, Send, and both sides' emails
with the calendar file in a real SMTP server."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar
from playwright.sync_api import expect

from portal import tasks
from portal.db import database
from portal.models import CallBooking
from portal.models import OutboxMessage
from portal.models import User
from portal.models import utcnow
from portal.services import clock
from portal.services.journey import calls
from tests.browser.helpers import audit
from tests.browser.helpers import sign_in
from tests.browser.test_after_interview_phone import _ended_interview
from tests.browser.test_after_interview_phone import _sign_in

PHONE_WIDTH = 390


def _calendar_of(message) -> Calendar:
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    return Calendar.from_ical(part.get_payload(decode=True))


def test_the_candidate_books_a_slot_on_a_phone_and_both_get_the_calendar_file(
    live_server, phone, smtp
):
    """Tick 'Please call me': the recruiter's free times show in Los Angeles time with
    London's beside them; tap the second, Send: the call is booked at that time, the
    confirmation says so, the page never outgrows the screen, and candidate and
    recruiter each get a REQUEST calendar file for the same event."""
    live_server.app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, SMTP_STARTTLS=False)
    candidate, interview = _ended_interview(live_server)
    with live_server.data():
        User.update(
            time_zone="America/Los_Angeles", time_zone_set_at=utcnow(), phone="+1 213 555 0100"
        ).where(User.id == candidate.id).execute()
        # Every day, all day: the slots then depend only on the candidate's waking hours.
        User.update(
            time_zone="Europe/London", work_starts=0, work_ends=24 * 60, work_days="1,2,3,4,5,6,7"
        ).where(User.id == interview.recruiter_id).execute()
    _sign_in(phone, candidate)
    phone.goto(f"/candidate/interviews/{interview.id}/debrief")
    when = phone.get_by_role("group", name="When can Rae call you?")
    expect(when).to_be_hidden()  # folded until a call is asked for
    phone.get_by_label("Please call me").check()
    expect(when).to_be_visible()
    expect(phone.get_by_text("Rae’s free times, in Los Angeles time.")).to_be_visible()
    choices = when.get_by_role("radio")
    expect(choices).to_have_count(5)  # four times and "as soon as you can"
    second = choices.nth(1)
    expect(when.locator("label").nth(1)).to_contain_text("London time for Rae")
    value = second.get_attribute("value")
    second.check()
    phone.get_by_label("A note for the call").fill("I am on a train until 9")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH
    audit(phone, label="candidate debrief (call times open)")

    phone.get_by_role("button", name="Send to Rae Recruiter").click()
    phone.wait_for_url("**/debrief/sent")
    expect(phone.locator("#call-booked")).to_contain_text("at the time you chose")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH

    with live_server.data():
        booking = CallBooking.get(CallBooking.interview == interview.id)
        assert booking.starts_at.strftime("%Y-%m-%dT%H:%M") == value
        assert booking.note == "I am on a train until 9"
        tasks.run_delivery(live_server.app)
        recruiter = User.get_by_id(interview.recruiter_id)
    [booked] = smtp.to(candidate.email)
    [request] = [
        m for m in smtp.to(recruiter.email) if m["Message-ID"].startswith("<call-request/")
    ]
    uids = set()
    for message in (booked, request):
        calendar = _calendar_of(message)
        event = next(c for c in calendar.walk() if c.name == "VEVENT")
        assert calendar["METHOD"] == "REQUEST" and event["SEQUENCE"] == 0
        assert event.decoded("DTSTART").strftime("%Y-%m-%dT%H:%M") == value
        uids.add(str(event["UID"]))
    assert uids == {f"call-{booking.id}@debrief"}


def _booked_call(live_server, interview, *, days_ahead: int = 2) -> CallBooking:
    """A call the candidate booked from their debrief, `days_ahead` days from now at 15:00 UTC."""
    starts_at = (utcnow() + dt.timedelta(days=days_ahead)).replace(
        hour=15, minute=0, second=0, microsecond=0
    )
    with live_server.data(), database.atomic():
        booking = calls.book(interview=interview, starts_at=starts_at, note="After 3 is best")
    assert booking is not None
    return booking


def test_the_recruiter_moves_then_cancels_the_call_on_a_phone(live_server, phone):
    """From the email on their phone, the recruiter opens the booked call, moves it by
    typing a time in their own zone, then cancels it with a reason: each page fits
    390 px and passes axe, the flash says what happened, the booking keeps the new time
    and then its cancellation, and the candidate's emails about both are queued with
    the calendar file's next sequence and the reason."""
    candidate, interview = _ended_interview(live_server)
    booking = _booked_call(live_server, interview)
    with live_server.data():
        recruiter = User.get_by_id(interview.recruiter_id)  # Europe/London, works all hours
    sign_in(phone, recruiter.email)
    phone.wait_for_url("**/recruiter/")

    phone.goto(f"/recruiter/interviews/{interview.id}/call")
    expect(phone.get_by_role("heading", name="Move the call with Noor Haddad")).to_be_visible()
    expect(phone.get_by_text("Their note: After 3 is best")).to_be_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH
    audit(phone, label="recruiter move call (phone)", budget=None)
    new_local = clock.to_local(booking.starts_at, recruiter.time_zone) + dt.timedelta(hours=2)
    phone.get_by_label("New time").fill(new_local.strftime("%Y-%m-%dT%H:%M"))
    phone.get_by_role("button", name="Move the call").click()
    phone.wait_for_url(f"**/recruiter/interviews/{interview.id}*")
    expect(phone.get_by_text("Call moved.")).to_be_visible()
    with live_server.data():
        moved = CallBooking.get_by_id(booking.id)
    assert moved.starts_at == booking.starts_at + dt.timedelta(hours=2)
    assert moved.sequence == booking.sequence + 1

    phone.goto(f"/recruiter/interviews/{interview.id}/call/cancel")
    expect(phone.get_by_role("heading", name="Cancel the call with Noor Haddad?")).to_be_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH
    audit(phone, label="recruiter cancel call (phone)", budget=None)
    phone.get_by_label("Reason for the candidate").fill("Priya is travelling that day")
    phone.get_by_role("button", name="Cancel the call").click()
    phone.wait_for_url(f"**/recruiter/interviews/{interview.id}*")
    expect(phone.get_by_text("Call cancelled.")).to_be_visible()
    # Called off: the move page is gone rather than offering to move a cancelled call.
    assert phone.request.get(f"/recruiter/interviews/{interview.id}/call").status == 404

    with live_server.data():
        cancelled = CallBooking.get_by_id(booking.id)
        to_candidate = list(
            OutboxMessage.select()
            .where(OutboxMessage.user == candidate.id)
            .order_by(OutboxMessage.id)
        )
    assert cancelled.cancelled_at is not None and cancelled.sequence == booking.sequence + 2
    kinds = [message.kind for message in to_candidate]
    assert kinds.index("call_moved") < kinds.index("call_cancelled"), kinds
    reason = next(m for m in to_candidate if m.kind == "call_cancelled").context
    assert "Priya is travelling that day" in reason
