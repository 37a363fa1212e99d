"""Mail delivery through a real SMTP server: the outbox, retries, dead letters, files."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import smtplib
import threading
import time
from pathlib import Path

import pytest

from portal import tasks
from portal.db import connected
from portal.db import database
from portal.models import AuditEvent
from portal.models import OutboxMessage
from portal.models import frozen_at
from portal.models import utcnow
from portal.services.accounts import users
from portal.services.errors import NotFound
from portal.services.mail import compose
from portal.services.mail import outbox
from portal.services.mail import transports
from tests.support import SmtpSink
from tests.support import mail_html
from tests.support import mail_text
from tests.support import schedule_form

# Monday 25 February 2030, 10:00 in London, the test candidates' zone. Tests that book an
# interview to have a message to deliver run on this clock (`daytime`): a booking made in
# the candidate's night waits for 08:00 their time, and the suite runs at any hour.
DAYTIME = dt.datetime(2030, 2, 25, 10, 0)


@pytest.fixture
def daytime():
    with frozen_at(DAYTIME):
        yield


def _deliver(app, now=None):
    return tasks.run_delivery(app, now=now)


def test_scheduling_in_the_ui_emails_the_candidate_the_calendar_file(
    mail_app, client, make, login_as, smtp, daytime
):
    """A booking made on the recruiter's form reaches the candidate with the .ics and prep link."""
    recruiter = make.make_recruiter(name="Rae Recruiter", phone="+44 20 7946 0000")
    candidate = make.make_candidate(name="Ana Candidate", email="ana@example.com")
    login_as(recruiter)
    booking = schedule_form(
        candidate,
        make.make_position(),
        round="1",
        time_zone="Europe/London",
        format="onsite",
        location="1 Main Street",
    )
    response = client.post("/recruiter/interviews/new", data=booking)
    assert response.status_code == 302
    assert _deliver(mail_app)["sent"] == 1
    (message,) = smtp.to("ana@example.com")
    assert message["Subject"].startswith("Booked: your interview at Client ")
    assert message["Subject"].endswith(" on Monday 4 March")
    text = mail_text(message)
    assert "Rae Recruiter, +44 20 7946 0000" in text
    assert "Debrief Recruiting" in text
    interview_id = OutboxMessage.get().interview_id
    assert f"https://portal.agency.example/candidate/interviews/{interview_id}/prep" in text
    assert "Dana Decider (CTO)" in text and "Monday 4 March 2030, 10:00–11:30 (GMT)" in text
    (ics,) = [part for part in message.iter_attachments()]
    assert ics.get_content_type() == "text/calendar"
    assert ics.get_filename() == f"interview-{interview_id}.ics"
    assert "DTSTART:20300304T100000Z" in ics.get_content()
    html = mail_html(message)
    assert '<html lang="en">' in html and "Open your prep checklist</a>" in html
    assert message["Message-ID"] == f"<interview-scheduled/{interview_id}@portal.agency.example>"


def test_a_message_is_delivered_once_however_often_the_worker_runs(mail_app, make, smtp, daytime):
    """Sent messages are never claimed again: two more runs send nothing more."""
    make.make_interview()
    assert _deliver(mail_app)["sent"] == 1
    assert _deliver(mail_app)["sent"] == 0
    assert _deliver(mail_app, now=utcnow() + dt.timedelta(days=1))["sent"] == 0
    assert len(smtp.received) == 1


def test_the_same_key_queued_twice_is_one_message(app, db, make):
    """Queueing under a key already used does nothing (even inside another transaction)."""
    user = make.make_candidate()
    for _ in range(2):
        with database.atomic():
            outbox.queue(key="k:1", kind="invite", to_address=user.email, user=user)
    assert OutboxMessage.select().where(OutboxMessage.key == "k:1").count() == 1


def test_a_rolled_back_change_queues_no_message(app, db, make):
    """The message is part of its change's transaction: a rollback takes it back too."""
    user = make.make_candidate()
    try:
        with database.atomic():
            outbox.queue(key="k:rollback", kind="invite", to_address=user.email, user=user)
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    assert not OutboxMessage.select().where(OutboxMessage.key == "k:rollback").exists()


def test_a_crash_after_claiming_sends_the_message_once_later(mail_app, make, smtp, daytime):
    """A worker that died after claiming leaves the row 'sending'; it is retried only after
    STUCK_AFTER, once, by one worker, with the same Message-ID."""
    make.make_interview()
    now = utcnow()
    with mail_app.app_context():
        database.connect(reuse_if_open=True)
        (due,) = outbox.due_ids(now=now)
        claimed = outbox.claim(message_id=due, now=now)  # the worker dies here, before sending
        assert outbox.due_ids(now=now + dt.timedelta(minutes=1)) == []  # nobody else takes it
    assert _deliver(mail_app, now=now + dt.timedelta(minutes=5))["sent"] == 0
    assert _deliver(mail_app, now=now + outbox.STUCK_AFTER + dt.timedelta(seconds=1))["sent"] == 1
    assert _deliver(mail_app, now=now + dt.timedelta(hours=2))["sent"] == 0
    assert len(smtp.received) == 1
    assert OutboxMessage.get_by_id(claimed.id).status == "sent"


def test_a_crash_between_commit_and_send_neither_loses_nor_doubles(mail_app, make, smtp, daytime):
    """The change committed with its message; no worker ran (the web process died): the next
    run sends it, and later runs never send it again."""
    make.make_interview()  # committed, then "crash": nothing delivered yet
    assert OutboxMessage.get().status == "pending"
    _deliver(mail_app)
    _deliver(mail_app)
    assert len(smtp.received) == 1


def test_a_refused_message_retries_with_growing_waits_then_dies(mail_app, make, smtp, daytime):
    """A temporary refusal (4xx) waits 1 min, 5 min, 15 min, …; after the last attempt the
    message is dead, listed for the recruiter, and a resend (audited) delivers it."""
    make.make_interview()
    smtp.reply = "451 4.3.0 Try again later"
    now = utcnow()
    outcome = _deliver(mail_app, now=now)
    assert outcome == {"sent": 0, "retry": 1, "dead": 0, "skipped": 0}
    message = OutboxMessage.get()
    assert message.next_attempt_at == now + dt.timedelta(seconds=60)
    assert "451" in message.last_error
    assert _deliver(mail_app, now=now + dt.timedelta(seconds=30))["retry"] == 0  # not yet due
    when = now
    for attempt in range(2, outbox.MAX_ATTEMPTS + 1):
        when = OutboxMessage.get().next_attempt_at
        outcome = _deliver(mail_app, now=when)
        if attempt < outbox.MAX_ATTEMPTS:
            assert outcome["retry"] == 1
            waited = OutboxMessage.get().next_attempt_at - when
            assert waited == dt.timedelta(seconds=outbox.BACKOFF[attempt - 1])
    assert outcome["dead"] == 1
    dead = OutboxMessage.get()
    assert dead.status == "dead" and dead.attempts == outbox.MAX_ATTEMPTS
    assert smtp.received == []


def test_a_permanent_refusal_is_dead_at_once(mail_app, make, smtp, daytime):
    """A 5xx answer will not change by retrying: the message is dead after one attempt."""
    make.make_interview()
    smtp.reply = "550 5.1.1 No such user"
    assert _deliver(mail_app)["dead"] == 1
    assert OutboxMessage.get().status == "dead"


def test_an_unreachable_server_retries_every_message(mail_app, make, smtp, daytime):
    """With the SMTP server down, claimed messages wait for their next attempt (not dead)."""
    make.make_interview()
    smtp.stop()
    try:
        assert _deliver(mail_app)["retry"] == 1
    finally:
        smtp.start()
    assert OutboxMessage.get().status == "pending"
    assert _deliver(mail_app, now=utcnow() + dt.timedelta(minutes=2))["sent"] == 1


def test_the_recruiter_sees_failed_messages_and_resends_them(
    mail_app, client, make, login_as, smtp, daytime
):
    """The outbox page lists dead messages; Resend puts one back (audited) and it arrives."""
    recruiter = make.make_recruiter()
    make.make_interview(candidate=make.make_candidate(email="zed@example.com"))
    smtp.reply = "550 5.1.1 No such user"
    _deliver(mail_app)
    login_as(recruiter)
    page = client.get("/recruiter/outbox").get_data(as_text=True)
    assert "zed@example.com" in page and "No such user" in page
    message = OutboxMessage.get()
    smtp.reply = None
    response = client.post(f"/recruiter/outbox/{message.id}/resend")
    assert response.headers["Location"].endswith("/recruiter/outbox")
    assert AuditEvent.get(AuditEvent.action == "mail.resent").actor_id == recruiter.id
    assert _deliver(mail_app)["sent"] == 1
    assert len(smtp.to("zed@example.com")) == 1
    assert "zed@example.com" not in client.get("/recruiter/outbox").get_data(as_text=True)


def test_without_smtp_messages_are_written_as_eml_files(app, make, client, login_as, daytime):
    """The embedded default writes each message to instance/outbox/, and says so."""
    from pathlib import Path

    make.make_interview(candidate=make.make_candidate(email="file@example.com"))
    assert _deliver(app)["sent"] == 1
    (path,) = (Path(app.instance_path) / "outbox").glob("*.eml")
    assert path.name.endswith("-interview_scheduled.eml")
    assert b"file@example.com" in path.read_bytes()
    assert OutboxMessage.get().delivered_to == "file"
    login_as(make.make_recruiter())
    page = client.get("/recruiter/outbox").get_data(as_text=True)
    assert "instance/outbox" in page


def test_header_values_cannot_add_headers(mail_app, make, smtp, daytime):
    """A name with line breaks stays inside its own header: no Bcc sneaks in."""
    candidate = make.make_candidate(name="Eve\r\nBcc: victim@example.com", email="eve@example.com")
    make.make_interview(candidate=candidate)
    _deliver(mail_app)
    (message,) = smtp.received
    assert message.rcpt_tos == ["eve@example.com"]
    assert b"\r\nBcc:" not in message.content
    headers = compose.build_email(
        key="k:1",
        sender="A <a@example.com>",
        to_address="b@example.com",
        to_name="B",
        subject="Hi\nBcc: c@example.com",
        text="t",
        html="<p>t</p>",
    )
    assert headers["Bcc"] is None and headers["Subject"] == "Hi Bcc: c@example.com"


def test_smtp_login_and_permanent_errors_are_told_apart():
    """5xx answers are permanent except authentication trouble (our own setup, retried)."""
    assert transports.is_permanent(smtplib.SMTPResponseException(550, b"no"))
    assert not transports.is_permanent(smtplib.SMTPResponseException(451, b"later"))
    assert not transports.is_permanent(smtplib.SMTPResponseException(535, b"auth"))
    assert not transports.is_permanent(OSError("connection refused"))


def test_the_link_page_says_whether_the_link_was_emailed(app, client, make, login_as):
    """With SMTP the page says the link is being emailed; without, that it must be sent by hand."""
    candidate = make.make_candidate(email="cara@example.com")
    login_as(make.make_recruiter())
    page = client.post(f"/recruiter/candidates/{candidate.id}/reset").get_data(as_text=True)
    assert "this link is not emailed" in page and "instance/outbox/" in page
    app.config["SMTP_HOST"] = "127.0.0.1"
    page = client.post(f"/recruiter/candidates/{candidate.id}/reset").get_data(as_text=True)
    assert "We are emailing this link to cara@example.com now." in page


class SlowSmtpSink(SmtpSink):
    """A real SMTP server that takes `delay` seconds to accept each message."""

    delay = 0.5

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


def test_a_slow_mail_server_gets_each_message_once(mail_app, make):
    """Eight invites, a server taking half a second each and a two-second claim: a second
    worker starting while the first is busy sends none of them again (each message is
    claimed right before it is sent, not with its whole batch)."""
    slow = SlowSmtpSink().start()
    try:
        mail_app.config.update(SMTP_PORT=slow.port, MAIL_CLAIM_SECONDS=2)
        recruiter = make.make_recruiter()
        for n in range(8):  # account messages: they go at once, at any hour
            users.invite_candidate(
                email=f"new{n}@example.com", name=f"New {n}", phone="", by=recruiter, hours=72
            )
        first = threading.Thread(target=tasks.run_delivery, args=(mail_app,))
        first.start()
        for _ in range(600):  # until the first worker is five messages in (at most 60 s)
            if len(slow.received) >= 5 or not first.is_alive():
                break
            time.sleep(0.1)
        second = threading.Thread(target=tasks.run_delivery, args=(mail_app,))
        second.start()
        first.join(60)
        second.join(60)
    finally:
        slow.stop()
    ids = [m["Message-ID"] for m in slow.messages()]
    assert len(ids) == 8 and len(set(ids)) == 8, sorted(ids)
    assert OutboxMessage.select().where(OutboxMessage.status == "sent").count() == 8


def _outbox_text() -> str:
    """Every text column of every outbox row, as one string."""
    return repr([row for row in OutboxMessage.select().tuples()])


def test_the_outbox_never_holds_a_usable_one_time_token(app, make, smtp):
    """An invite and a reset wait in the outbox with no token in them; the email gets its
    own token as it is written, kept only as a hash; both that link and the one the
    recruiter was shown work, and a failed message keeps no token either."""
    recruiter = make.make_recruiter()
    ada = make.make_candidate(email="ada@example.com")
    shown = users.issue_token(user=ada, purpose="reset", hours=2, created_by=recruiter)
    _user, invite_shown = users.invite_candidate(
        email="zed@example.com", name="Zed New", phone="", by=recruiter, hours=72
    )
    for raw in (shown, invite_shown):
        assert raw not in _outbox_text()
    assert {m.secret for m in OutboxMessage.select()} == {""}

    # No mail server reachable: the invite's first attempt fails and waits, holding nothing.
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=1, SMTP_STARTTLS=False)
    assert tasks.run_delivery(app)["sent"] == 0
    assert shown not in _outbox_text() and invite_shown not in _outbox_text()

    app.config.update(SMTP_HOST="")  # the embedded default: .eml files
    assert tasks.run_delivery(app, now=utcnow() + dt.timedelta(hours=1))["sent"] == 2
    (reset_mail,) = (Path(app.instance_path) / "outbox").glob("*-reset.eml")
    mailed = re.search(r"/reset/([\w\-]+)", reset_mail.read_text())[1]
    assert mailed != shown
    assert mailed not in _outbox_text()
    assert users.find_token(raw=mailed, purpose="reset").user_id == ada.id
    assert users.find_token(raw=shown, purpose="reset").user_id == ada.id
    users.spend_token(raw=mailed, purpose="reset", password="a brand new phrase")
    with pytest.raises(NotFound):
        users.find_token(raw=shown, purpose="reset")


def test_two_workers_that_selected_the_same_message_send_it_once(app, make, db, daytime):
    """Two workers, real threads on the real database, both find the same due message
    before either claims it: exactly one of them gets it to send."""
    make.make_interview()
    (message_id,) = outbox.due_ids()
    db.close()
    both_looked = threading.Barrier(2)
    won: list[bool] = []

    def worker() -> None:
        with app.app_context(), connected():
            assert outbox.due_ids() == [message_id]
            both_looked.wait(timeout=30)
            won.append(outbox.claim(message_id=message_id) is not None)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(won) == [False, True]
