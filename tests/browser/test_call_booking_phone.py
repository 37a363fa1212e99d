"""Booking the call from the debrief on a 390 x 844 phone, in a real Chromium: the
recruiter's free times in the candidate's zone, one tap, Send, and both sides' emails
with the calendar file in a real SMTP server."""

from __future__ import annotations

from icalendar import Calendar
from playwright.sync_api import expect

from portal import tasks
from portal.models import CallBooking, User, utcnow
from tests.browser.helpers import audit
from tests.browser.test_after_interview_phone import _ended_interview, _sign_in

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
