"""Emails that read as from a person: first names, their recruiter to reply to, words
instead of stored values, subjects a person understands, phone numbers to tap, and the
recruiter's "Debrief sent" with the three tests at a glance (the real SMTP server)."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from portal import tasks
from portal.models import OutboxMessage
from portal.services.journey import debrief_versions
from portal.services.mail import notices
from tests.support import mail_html
from tests.support import mail_text

START = dt.datetime(2030, 6, 10, 10, 0)
END = START + dt.timedelta(hours=1)


@pytest.fixture
def booked(make):
    recruiter = make.make_recruiter(
        name="Rae Recruiter", email="rae@agency.example", phone="+44 20 7946 0001"
    )
    candidate = make.make_candidate(
        name="Ana Costa", email="ana@example.com", phone="+1 213 555 0100", time_zone="UTC"
    )
    position = make.make_position(
        client=make.make_client(name="Halcyon Health"), title="Data Engineer"
    )
    interview = make.make_interview(
        candidate=candidate,
        recruiter=recruiter,
        position=position,
        starts_at=START,
        ends_at=END,
        format="video",
    )
    OutboxMessage.delete().execute()
    return interview


def test_every_candidate_message_greets_by_first_name_and_answers_to_the_recruiter(
    mail_app, smtp, booked
):
    """Booking and reminders: "Hi Ana,", Reply-To Rae, a subject a person understands,
    the format in words and the recruiter's phone as a tel: link."""
    notices.interview_scheduled(interview=booked)  # the booking, queued again for this test
    tasks.run_delivery(mail_app, now=START - dt.timedelta(days=1))
    notices.enqueue_due_reminders(now=END + dt.timedelta(minutes=1))
    tasks.run_delivery(mail_app, now=END + dt.timedelta(minutes=1))
    booking, debrief_now = smtp.to("ana@example.com")
    for message in (booking, debrief_now):
        assert mail_text(message).splitlines()[2] == "Hi Ana,"
        assert [a.addr_spec for a in message["Reply-To"].addresses] == ["rae@agency.example"]
        assert message["Reply-To"].addresses[0].display_name == "Rae Recruiter"
    assert debrief_now["Subject"] == "How did your interview at Halcyon Health go?"
    assert "Format: video call" in mail_text(booking)
    assert "video" not in mail_text(booking).replace("video call", "")
    assert '<a href="tel:+442079460001">+44 20 7946 0001</a>' in mail_html(debrief_now)


def test_debrief_sent_gives_the_three_tests_and_the_flags(mail_app, smtp, booked):
    """The recruiter sees the three tests at a glance and what needs them, without a click;
    the call request's phone is a tel: link."""
    debrief_versions.submit(
        interview=booked,
        candidate=booked.candidate,
        answers={
            "candidate_interest": 5,
            "employer_interest": 2,
            "enough_exchanged": "partly",
            "concerns": "The team seemed stretched",
            "call_me": True,
            "call_times": "after 17:00",
        },
        people=[],
        idempotency_key=secrets.token_hex(16),
    )
    tasks.run_delivery(mail_app, now=END + dt.timedelta(minutes=30))
    mail = {m["Message-ID"].split("/")[0]: m for m in smtp.to("rae@agency.example")}
    sent = mail["<debrief-sent"]
    text = mail_text(sent)
    assert sent["Subject"].startswith("Debrief from Ana Costa: Halcyon Health (flagged)")
    assert "Hi Rae," in text
    assert "1. High mutual interest" in text and "3. Key decision makers involved" in text
    assert "Candidate: " in text
    assert "Asks for a call, as soon as you can (their note: after 17:00)" in text
    assert "Concerns: The team seemed stretched" in text
    call = mail["<call-request"]
    assert '<a href="tel:+12135550100">+1 213 555 0100</a>' in mail_html(call)
