"""Quiet hours for updates: a recruiter's updates go at once in their working hours and
otherwise wait for one morning digest; a night call request goes at once and leads the
digest; each recruiter can choose the digest for everything. A real SMTP server, a
frozen clock."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from portal import tasks
from portal.models import OutboxMessage
from portal.models import frozen_at
from portal.services.journey import debrief_versions
from portal.services.mail import notices
from tests import factories
from tests.support import mail_text
from tests.support import page_text

# Tuesday 8 June 2027 (London on summer time, UTC+1): the round ended 16:00 London.
END = dt.datetime(2027, 6, 8, 15, 0)
EVENING = dt.datetime(2027, 6, 8, 18, 20)  # 19:20 London: the day is over
NIGHT = dt.datetime(2027, 6, 9, 0, 37)  # 01:37 London
MORNING = dt.datetime(2027, 6, 9, 8, 0)  # 09:00 London: Rae's day starts
NOON = dt.datetime(2027, 6, 9, 11, 0)  # 12:00 London


@pytest.fixture
def rae(make):
    return make.make_recruiter(
        name="Rae Recruiter",
        email="rae@agency.example",
        time_zone="Europe/London",
        **factories.OFFICE_HOURS,
    )


def _round(make, rae, name: str):
    candidate = make.make_candidate(name=name, time_zone="America/Los_Angeles")
    interview = make.make_interview(
        candidate=candidate,
        recruiter=rae,
        starts_at=END - dt.timedelta(hours=1),
        ends_at=END,
    )
    OutboxMessage.delete().where(OutboxMessage.interview == interview.id).execute()
    return interview


def _send(interview, now, **answers):
    debrief_versions.submit(
        interview=interview,
        candidate=interview.candidate,
        answers={"candidate_interest": 4, **answers},
        people=[],
        idempotency_key=secrets.token_hex(16),
        now=now,
    )


def _subjects(smtp):
    return [m["Subject"] for m in smtp.to("rae@agency.example")]


def test_updates_in_the_evening_wait_for_one_digest_at_the_start_of_the_day(
    mail_app, smtp, make, rae
):
    """Two debriefs and a first opening after 18:00 London reach Rae as one email at
    09:00, listing each at its London time; nothing goes twice if the task runs again."""
    first, second = _round(make, rae, "Noor Haddad"), _round(make, rae, "Ana Costa")
    _send(first, EVENING)
    link = make.make_share_link(interview=first, created_by=rae, recipient_name="Harper")
    with frozen_at(EVENING + dt.timedelta(hours=2)):  # 21:20 London
        notices.share_first_opened(link_id=link.id)
    _send(second, NIGHT)
    tasks.run_delivery(mail_app, now=NIGHT)
    assert _subjects(smtp) == []

    assert tasks.run_digests(mail_app, now=MORNING - dt.timedelta(minutes=1)) == 0
    assert tasks.run_digests(mail_app, now=MORNING) == 1
    assert tasks.run_digests(mail_app, now=MORNING + dt.timedelta(minutes=1)) == 0
    tasks.run_delivery(mail_app, now=MORNING)
    [digest] = smtp.to("rae@agency.example")
    assert digest["Subject"] == "Your morning digest · 3 updates"
    text = mail_text(digest)
    lines = [line for line in text.splitlines() if line.startswith(("Tue ", "Wed "))]
    assert [line.split(":", 2)[0] + ":" + line.split(":", 2)[1][:2] for line in lines] == [
        "Tue 19:20",
        "Tue 21:20",
        "Wed 01:37",
    ]
    assert "Debrief from Noor Haddad" in lines[0] and "Harper opened" in lines[1]
    assert "Debrief from Ana Costa" in lines[2]
    assert {m.status for m in OutboxMessage.select().where(OutboxMessage.kind != "digest")} == {
        "digested"
    }


def test_an_update_in_working_hours_goes_at_once(mail_app, smtp, make, rae):
    """At 12:00 London the debrief reaches Rae at once, and no digest is made."""
    _send(_round(make, rae, "Noor Haddad"), NOON)
    tasks.run_delivery(mail_app, now=NOON)
    assert [s.split(":")[0] for s in _subjects(smtp)] == ["Debrief from Noor Haddad"]
    assert tasks.run_digests(mail_app, now=NOON + dt.timedelta(days=1)) == 0


def test_a_call_asked_for_in_the_night_goes_at_once_and_leads_the_digest(mail_app, smtp, make, rae):
    """At 01:37 London the call request still reaches Rae at once (as the settings page
    promises); the morning digest names the call first, above the updates."""
    _send(_round(make, rae, "Ana Costa"), EVENING)
    _send(_round(make, rae, "Noor Haddad"), NIGHT, call_me=True, call_times="Any time")
    tasks.run_delivery(mail_app, now=NIGHT)
    assert [s.split(", as soon")[0] for s in _subjects(smtp)] == ["Call Noor Haddad"]

    tasks.run_digests(mail_app, now=MORNING)
    tasks.run_delivery(mail_app, now=MORNING)
    digest = smtp.to("rae@agency.example")[-1]
    assert digest["Subject"] == "Your morning digest: call Noor Haddad first · 2 updates"
    text = mail_text(digest)
    call = text.index("Call first (asked 01:37): Call Noor Haddad, as soon as you can")
    assert call < text.index("Debrief from Ana Costa") < text.index("Debrief from Noor Haddad")


def test_a_recruiter_who_chooses_the_digest_gets_updates_only_in_it(
    mail_app, smtp, make, rae, client, login_as
):
    """On the settings page Rae chooses the digest: a debrief at noon waits for the next
    morning's digest."""
    login_as(rae)
    page = page_text(client.get("/recruiter/settings"))
    assert "09:00–18:00, Mon–Fri, London time" in page
    client.post(
        "/recruiter/settings", data={"updates": "1", "reminders": "1", "updates_when": "digest"}
    )
    assert 'value="digest" checked' in page_text(client.get("/recruiter/settings"))
    _send(_round(make, rae, "Noor Haddad"), NOON)
    tasks.run_delivery(mail_app, now=NOON)
    assert _subjects(smtp) == []
    assert tasks.run_digests(mail_app, now=MORNING + dt.timedelta(days=1)) == 1
    tasks.run_delivery(mail_app, now=MORNING + dt.timedelta(days=1))
    assert _subjects(smtp) == ["Your morning digest · 1 update"]
