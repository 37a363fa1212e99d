"""A call request always reaches the recruiter: typed, autosaved, then sent at a normal
pace in a real Chromium, it arrives in the real SMTP server."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from portal import tasks
from portal.models import User
from tests.browser.test_after_interview_phone import _ended_interview
from tests.browser.test_after_interview_phone import _sign_in
from tests.support import mail_text

SAVED = re.compile(r"^Saved (?!on this phone)")


def test_a_call_request_autosaved_before_send_reaches_the_recruiter(live_server, phone, smtp):
    """Tick 'Please call me', type the times, let autosave store them, then Send: the
    recruiter gets the call request email (before, the draft already held the call and
    no request was sent)."""
    live_server.app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, SMTP_STARTTLS=False)
    candidate, interview = _ended_interview(live_server)
    _sign_in(phone, candidate)
    phone.goto(f"/candidate/interviews/{interview.id}/debrief")
    phone.locator('input[name="candidate_interest"][value="4"]').check()
    phone.get_by_label("Please call me").check()
    phone.get_by_label("A note for the call").fill("after 17:00")
    expect(phone.locator("#save-status")).to_have_text(SAVED)

    phone.get_by_role("button", name="Send to Rae Recruiter").click()
    phone.wait_for_url("**/debrief/sent")
    with live_server.data():
        tasks.run_delivery(live_server.app)
        recruiter = User.get_by_id(interview.recruiter_id)
    recruiter_mail = smtp.to(recruiter.email)
    # The outbox key names the kind of message, and is the Message-ID.
    calls = [m for m in recruiter_mail if m["Message-ID"].startswith("<call-request/")]
    assert len(calls) == 1, [m["Subject"] for m in recruiter_mail]
    assert "after 17:00" in mail_text(calls[0])
    assert candidate.phone in mail_text(calls[0])
