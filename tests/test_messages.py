"""Every message: its trigger, its content and its link, seen in a real SMTP server.

Reminders run against a frozen clock (the `now` every service takes): quiet hours,
reschedules and settings are checked at exact moments.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

import pytest

from portal import tasks
from portal.models import Interview
from portal.models import OutboxMessage
from portal.models import ShareLink
from portal.models import ThankYouLetter
from portal.models import User
from portal.models import frozen_at
from portal.services.journey import debrief_versions
from portal.services.journey import interviews
from portal.services.letters import kept
from portal.services.mail import notices
from tests.support import mail_html
from tests.support import mail_text

PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"
BASE = "https://portal.agency.example"
# A fixed booking: 10:00-11:00 UTC on Monday 10 June 2030 (11:00 in London, summer time).
START = dt.datetime(2030, 6, 10, 10, 0)
END = START + dt.timedelta(hours=1)
# A week before, 10:00 in London: changes made then reach Ana at once (made in her night,
# they would wait for 08:00), whatever the hour the suite runs.
DAYTIME = dt.datetime(2030, 6, 3, 9, 0)


@pytest.fixture
def booked(make, people):
    """Ana's interview at the fixed time, its booking message already out of the way."""
    recruiter, candidate = people
    interview = make.make_interview(
        candidate=candidate, recruiter=recruiter, starts_at=START, ends_at=END
    )
    OutboxMessage.delete().execute()
    return interview


def _kinds() -> list[str]:
    return [m.kind for m in OutboxMessage.select().order_by(OutboxMessage.id)]


def _remind(app, now) -> list[str]:
    tasks.run_reminders(app, now=now)
    return _kinds()


def _deliver(app, now=None):
    return tasks.run_delivery(app, now=now)


def _only(smtp, address):
    (message,) = smtp.to(address)
    return message, mail_text(message)


def _common(text: str) -> None:
    """Every candidate message names the agency and the recruiter with their phone."""
    assert "Debrief Recruiting" in text
    assert "Your recruiter: Rae Recruiter, +44 20 7946 0001" in text


# ---------------------------------------------------------------------------
# Account messages
# ---------------------------------------------------------------------------


def test_an_invite_is_emailed_and_the_recruiter_can_still_copy_the_link(
    mail_app, client, make, login_as, smtp, people
):
    """Inviting a candidate emails them a one-time link; the link the recruiter is shown
    works too (the email's has a token of its own, made as it was written: the outbox
    never holds one)."""
    recruiter, _ = people
    login_as(recruiter)
    response = client.post(
        "/recruiter/candidates",
        data={"email": "new@example.com", "name": "Nia New", "phone": ""},
    )
    shown = re.search(r'value="(http[^"]+/invite/[^"]+)"', response.get_data(as_text=True))
    assert shown, "the link page still shows the link"
    _deliver(mail_app)
    message, text = _only(smtp, "new@example.com")
    assert message["Subject"] == "Your account with Debrief Recruiting"
    token = shown.group(1).rsplit("/", 1)[1]
    mailed = re.search(rf"{re.escape(BASE)}/invite/([\w\-]+)", text)[1]
    assert "Rae Recruiter" in text
    assert client.get(f"/invite/{token}").status_code == 200
    assert client.get(f"/invite/{mailed}").status_code == 200
    assert OutboxMessage.get().secret == ""  # no token is kept in the outbox


def test_a_password_reset_is_emailed(mail_app, client, login_as, smtp, people):
    """A reset link made by the recruiter reaches the candidate."""
    recruiter, candidate = people
    login_as(recruiter)
    client.post(f"/recruiter/candidates/{candidate.id}/reset")
    _deliver(mail_app)
    message, text = _only(smtp, "ana@example.com")
    assert message["Subject"] == "Reset your Debrief Recruiting password"
    assert f"{BASE}/reset/" in text


def test_a_replaced_link_is_not_sent(mail_app, client, login_as, smtp, people):
    """Two resets before delivery: only the newest link (the one that works) goes out."""
    recruiter, candidate = people
    login_as(recruiter)
    client.post(f"/recruiter/candidates/{candidate.id}/reset")
    client.post(f"/recruiter/candidates/{candidate.id}/reset")
    outcome = _deliver(mail_app)
    assert (outcome["sent"], outcome["skipped"]) == (1, 1)


# ---------------------------------------------------------------------------
# Booking messages
# ---------------------------------------------------------------------------


def _update(interview, by, **changes):
    local = {
        "starts_at": interview.starts_at + dt.timedelta(hours=1),  # London summer time
        "ends_at": interview.ends_at + dt.timedelta(hours=1),
    }
    args = {
        "interview": interview,
        "by": by,
        "position": interview.position,
        "time_zone": "Europe/London",
        "format": interview.format,
        "location": interview.location,
        "round": interview.round,
        **local,
        **changes,
    }
    return interviews.update(**args)


def test_a_changed_interview_is_emailed_with_a_new_calendar_file(mail_app, smtp, people, booked):
    """Moving the interview sends "Changed" with the .ics at the new time; saving with no
    change sends nothing."""
    recruiter, _ = people
    with frozen_at(DAYTIME):
        _update(booked, recruiter)  # the same times: nothing the candidate sees changed
        assert _kinds() == []
        moved = Interview.get_by_id(booked.id)
        _update(
            moved,
            recruiter,
            starts_at=dt.datetime(2030, 6, 11, 14, 0),
            ends_at=dt.datetime(2030, 6, 11, 15, 0),
        )
        _deliver(mail_app)
    message, text = _only(smtp, "ana@example.com")
    assert (
        message["Subject"]
        == f"Changed: your interview at {booked.position.client.name}, now Tuesday 11 June"
    )
    assert "Tuesday 11 June 2030, 14:00–15:00 (BST)" in text
    assert f"{BASE}/candidate/interviews/{booked.id}/prep" in text
    _common(text)
    (ics,) = list(message.iter_attachments())
    assert "DTSTART:20300611T130000Z" in ics.get_content()


def test_a_cancelled_interview_is_emailed(mail_app, smtp, people, booked):
    """Cancelling tells the candidate, once."""
    recruiter, _ = people
    with frozen_at(DAYTIME):
        interviews.cancel(interview=booked, by=recruiter)
        interviews.cancel(interview=booked, by=recruiter)
        _deliver(mail_app)
    message, text = _only(smtp, "ana@example.com")
    assert message["Subject"].startswith("Cancelled: your interview at")
    _common(text)


# ---------------------------------------------------------------------------
# Candidate reminders (frozen clock)
# ---------------------------------------------------------------------------


def test_the_prep_reminder_goes_24_hours_before_and_once(mail_app, smtp, booked):
    """25 h before: nothing; 23 h 30 before: the reminder; later runs: nothing more."""
    assert _remind(mail_app, START - dt.timedelta(hours=25)) == []
    assert _remind(mail_app, START - dt.timedelta(hours=23, minutes=30)) == ["prep_reminder"]
    assert _remind(mail_app, START - dt.timedelta(hours=2)) == ["prep_reminder"]
    _deliver(mail_app, now=START - dt.timedelta(hours=2))
    message, text = _only(smtp, "ana@example.com")
    assert (
        message["Subject"] == f"Tomorrow at 11:00: your interview at {booked.position.client.name}"
    )
    assert f"{BASE}/candidate/interviews/{booked.id}/prep" in text
    _common(text)
    assert message["List-Unsubscribe"].strip().startswith(f"<{BASE}/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    key = OutboxMessage.get(OutboxMessage.kind == "prep_reminder").key
    assert key == f"prep-reminder:{booked.id}:20300610T1000Z"


def test_a_rescheduled_interview_gets_a_new_prep_reminder(mail_app, people, booked):
    """The reminder's key holds the start: a new start is a new reminder, the old one stays one."""
    recruiter, _ = people
    _remind(mail_app, START - dt.timedelta(hours=20))
    new_start_utc = START + dt.timedelta(days=1)
    _update(
        booked,
        recruiter,
        starts_at=new_start_utc + dt.timedelta(hours=1),
        ends_at=new_start_utc + dt.timedelta(hours=2),
    )
    _remind(mail_app, new_start_utc - dt.timedelta(hours=20))
    keys = sorted(
        m.key for m in OutboxMessage.select().where(OutboxMessage.kind == "prep_reminder")
    )
    assert keys == [
        f"prep-reminder:{booked.id}:20300610T1000Z",
        f"prep-reminder:{booked.id}:20300611T1000Z",
    ]


def test_reminders_wait_for_the_end_of_quiet_hours_in_the_recipients_zone(make, mail_app, people):
    """22:00 in Tokyo is quiet (nothing queued); at 08:00 Tokyo time the reminder goes."""
    recruiter, _ = people
    night_owl = make.make_candidate(email="kei@example.com", time_zone="Asia/Tokyo")
    make.make_interview(candidate=night_owl, recruiter=recruiter, starts_at=START, ends_at=END)
    OutboxMessage.delete().execute()
    assert _remind(mail_app, dt.datetime(2030, 6, 9, 13, 0)) == []  # 22:00 in Tokyo
    assert _remind(mail_app, dt.datetime(2030, 6, 9, 22, 59)) == []  # 07:59 in Tokyo
    assert _remind(mail_app, dt.datetime(2030, 6, 9, 23, 0)) == ["prep_reminder"]  # 08:00


def test_debrief_now_at_the_end_then_one_nudge_two_hours_later(mail_app, smtp, booked):
    """At the end: "debrief now"; 2 h later with nothing sent: one nudge; then nothing."""
    assert "debrief_now" not in _remind(mail_app, END - dt.timedelta(minutes=1))
    assert _remind(mail_app, END + dt.timedelta(minutes=1)) == ["debrief_now"]
    assert _remind(mail_app, END + dt.timedelta(minutes=90)) == ["debrief_now"]
    assert _remind(mail_app, END + dt.timedelta(hours=2, minutes=1)) == [
        "debrief_now",
        "debrief_nudge",
    ]
    assert _remind(mail_app, END + dt.timedelta(hours=5)) == ["debrief_now", "debrief_nudge"]
    _deliver(mail_app, now=END + dt.timedelta(hours=5))
    now_message, nudge = smtp.to("ana@example.com")
    assert now_message["Subject"] == f"How did your interview at {booked.position.client.name} go?"
    assert "Then call Rae Recruiter on +44 20 7946 0001." in mail_text(now_message)
    assert f"{BASE}/candidate/interviews/{booked.id}/debrief" in mail_text(nudge)
    assert "Write your debrief</a>" in mail_html(nudge)


def test_no_debrief_reminder_once_the_debrief_is_sent(mail_app, make, booked):
    """A sent debrief stops both the "debrief now" and the nudge."""
    make.make_debrief(interview=booked, submitted_at=END + dt.timedelta(minutes=5))
    assert _remind(mail_app, END + dt.timedelta(minutes=10)) == []
    assert _remind(mail_app, END + dt.timedelta(hours=3)) == []


def test_letters_due_at_20_hours_when_a_letter_is_unsent(mail_app, smtp, make, booked):
    """20 h after the end with a draft letter: the reminder; with every letter sent: none."""
    make.make_debrief(interview=booked, submitted_at=END + dt.timedelta(minutes=5))
    kept.ensure_drafts(interview=booked, candidate=booked.candidate)
    assert _remind(mail_app, END + dt.timedelta(hours=19)) == []
    assert _remind(mail_app, END + dt.timedelta(hours=20, minutes=1)) == ["letters_due"]
    _deliver(mail_app, now=END + dt.timedelta(hours=20, minutes=1))
    message, text = _only(smtp, "ana@example.com")
    assert message["Subject"] == "Thank-you letters: Dana Decider and Pat Peer still waiting"
    assert "3 hours left" in text
    assert f"{BASE}/candidate/interviews/{booked.id}/letters" in text
    OutboxMessage.delete().execute()
    ThankYouLetter.update(status="sent").execute()
    assert _remind(mail_app, END + dt.timedelta(hours=21)) == []


# ---------------------------------------------------------------------------
# Messages to the recruiter
# ---------------------------------------------------------------------------


def test_a_call_request_reaches_the_recruiter_at_once(mail_app, smtp, booked):
    """A debrief asking for a call: the recruiter gets "call" (with phone and times) and
    "debrief sent" in the same delivery, straight after the submit."""
    debrief_versions.submit(
        interview=booked,
        candidate=booked.candidate,
        answers={"call_me": True, "call_times": "After 17:00", "candidate_interest": 5},
        people=[],
        idempotency_key=secrets.token_hex(16),
    )
    assert sorted(_kinds()) == ["call_booked", "call_request", "debrief_sent"]
    _deliver(mail_app)
    subjects = {m["Subject"]: mail_text(m) for m in smtp.to("rae@agency.example")}
    call = next(text for subject, text in subjects.items() if subject.startswith("Call Ana"))
    assert "Their note: After 17:00" in call and "Phone:" in call
    assert f"{BASE}/recruiter/interviews/{booked.id}" in call
    assert any(s.startswith("Debrief from Ana Costa") for s in subjects)


def test_a_call_request_autosaved_before_send_still_reaches_the_recruiter(mail_app, smtp, booked):
    """Autosave stored the call before Send: the request is compared with the last sent
    version (none), not the draft, so the recruiter is still asked to call; an amendment
    that keeps the same call asks nothing new, a changed time asks again."""
    from portal.services.journey import debriefs

    answers = {"call_me": True, "call_times": "After 17:00", "candidate_interest": 5}
    debriefs.save_draft(interview=booked, candidate=booked.candidate, answers=answers, people=[])
    args = {"interview": booked, "candidate": booked.candidate, "people": []}
    debrief_versions.submit(answers=answers, idempotency_key=secrets.token_hex(16), **args)
    assert sorted(_kinds()) == ["call_booked", "call_request", "debrief_sent"]
    debrief_versions.submit(
        answers={**answers, "key_points": "Roadmap"}, idempotency_key=secrets.token_hex(16), **args
    )
    assert _kinds().count("call_request") == 1
    later = {**answers, "call_times": "I am free all morning"}
    debrief_versions.submit(answers=later, idempotency_key=secrets.token_hex(16), **args)
    assert _kinds().count("call_request") == 2
    _deliver(mail_app)
    calls = [m for m in smtp.to("rae@agency.example") if m["Subject"].startswith("Call Ana")]
    assert len(calls) == 2


def test_an_amended_debrief_is_a_new_message_and_a_repeat_is_not(mail_app, booked):
    """Each new version of a debrief tells the recruiter; a double submit does not."""
    key = secrets.token_hex(16)
    args = {"interview": booked, "candidate": booked.candidate, "people": []}
    debrief_versions.submit(answers={"key_points": "Roadmap"}, idempotency_key=key, **args)
    debrief_versions.submit(answers={"key_points": "Roadmap"}, idempotency_key=key, **args)
    debrief_versions.submit(
        answers={"key_points": "Roadmap, team"}, idempotency_key=secrets.token_hex(16), **args
    )
    assert _kinds() == ["debrief_sent", "debrief_sent"]


def test_client_feedback_missing_a_day_after_the_end(mail_app, smtp, make, booked):
    """24 h after the end with no client side: the recruiter is reminded; with one, not."""
    assert "feedback_missing" not in _remind(mail_app, END + dt.timedelta(hours=23))
    OutboxMessage.delete().execute()
    kinds = _remind(mail_app, END + dt.timedelta(hours=24, minutes=1))
    assert "feedback_missing" in kinds
    _deliver(mail_app, now=END + dt.timedelta(hours=24, minutes=1))
    (message,) = smtp.to("rae@agency.example")
    OutboxMessage.delete().execute()
    from portal.services.sharing import client_feedback

    client_feedback.record(interview=booked, by=booked.recruiter, client_interest=4)
    assert "feedback_missing" not in _remind(mail_app, END + dt.timedelta(hours=25))
    assert message["Subject"] == f"No word from {booked.position.client.name} yet: Ana Costa"


def test_a_share_links_first_opening_by_a_person_tells_the_recruiter_once(
    mail_app, client, make, smtp, people, booked
):
    """A bot opening tells nobody; the first person does; the second person does not."""
    recruiter, _ = people
    link = make.make_share_link(interview=booked, created_by=recruiter)
    raw = link.raw_token
    client.get(f"/s/{raw}", headers={"User-Agent": "curl/8.0"})
    client.get(f"/s/{raw}/seen.css", headers={"User-Agent": "curl/8.0"})
    assert "share_opened" not in _kinds()
    for _ in range(2):
        client.get(f"/s/{raw}", headers={"User-Agent": PHONE_UA})
        client.get(f"/s/{raw}/seen.css", headers={"User-Agent": PHONE_UA})
    assert _kinds().count("share_opened") == 1
    _deliver(mail_app)
    (message,) = [m for m in smtp.to("rae@agency.example") if "opened" in m["Subject"]]
    assert message["Subject"] == "Harper Manager opened Ana Costa's packet"
    assert f"{BASE}/recruiter/interviews/{booked.id}" in mail_text(message)
    # Two openings minutes apart from the same phone are one visit: one view.
    assert ShareLink.get_by_id(link.id).view_count == 1


def test_the_client_answer_email_shows_the_answer(mail_app, client, make, smtp, people, booked):
    """The recruiter's email carries everything the client answered, in words."""
    from portal.services.sharing import client_answers

    recruiter, _ = people
    link = make.make_share_link(interview=booked, created_by=recruiter)
    client_answers.give(
        raw=link.raw_token,
        token=client_answers.form_token(link_id=link.id, secret=mail_app.secret_key),
        secret=mail_app.secret_key,
        values={
            "interest": "4",
            "next_step": "Meet the CTO",
            "concerns": "Notice period of three months",
            "comment": "Could she start in May?",
            "enough_exchanged": "partly",
        },
        address="203.0.113.9",
    )
    _deliver(mail_app)
    (message,) = smtp.to("rae@agency.example")
    text = mail_text(message)
    assert message["Subject"] == "Harper Manager answered about Ana Costa"
    assert "Interest: 4 of 5" in text and "Proposed next step: Meet the CTO" in text
    # Everything the client wrote, concerns and question included, in words.
    assert "Concerns: Notice period of three months" in text
    assert "Anything else: Could she start in May?" in text
    assert "Enough exchanged: Partly" in text and "partly\n" not in text
    assert f"{BASE}/recruiter/interviews/{booked.id}#three-tests" in text


def test_a_recruiter_can_turn_updates_off(mail_app, client, login_as, people, booked):
    """With updates off, a debrief sent queues no update; a call request still comes."""
    recruiter, _ = people
    login_as(recruiter)
    client.post("/recruiter/settings", data={"reminders": "1"})
    debrief_versions.submit(
        interview=booked,
        candidate=booked.candidate,
        answers={"call_me": True},
        people=[],
        idempotency_key=secrets.token_hex(16),
    )
    assert _kinds() == ["call_booked", "call_request"]


# ---------------------------------------------------------------------------
# Settings and unsubscribe
# ---------------------------------------------------------------------------


def test_one_click_unsubscribe_stops_reminders_but_not_bookings(mail_app, client, smtp, booked):
    """The List-Unsubscribe POST (no session, no CSRF cookie) turns reminders off at once."""
    _remind(mail_app, START - dt.timedelta(hours=20))
    _deliver(mail_app, now=START - dt.timedelta(hours=20))
    (reminder,) = smtp.to("ana@example.com")
    url = reminder["List-Unsubscribe"].strip().strip("<>")
    path = url.replace(BASE, "")
    page = client.get(path).get_data(as_text=True)
    assert "Stop reminder emails?" in page
    # A forwarded email's link must not show the address in full.
    assert "ana@example.com" not in page and "a\u2022\u2022\u2022@example.com" in page
    assert notices.preference(user=booked.candidate).reminders  # GET changed nothing
    response = client.post(
        path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        csrf=False,
    )
    assert response.status_code == 200 and "No more reminder emails" in response.get_data(
        as_text=True
    )
    assert "ana@example.com" not in response.get_data(as_text=True)
    assert not notices.preference(user=User.get_by_id(booked.candidate_id)).reminders
    assert _remind(mail_app, END + dt.timedelta(minutes=5)) == ["prep_reminder"]
    assert client.post("/unsubscribe/forged-token", csrf=False).status_code == 404


def test_reminders_turned_off_after_queueing_are_not_sent(mail_app, smtp, booked):
    """A reminder queued before the person turned reminders off is skipped at delivery."""
    _remind(mail_app, START - dt.timedelta(hours=20))
    notices.set_preference(user=booked.candidate, reminders=False)
    outcome = _deliver(mail_app, now=START - dt.timedelta(hours=20))
    assert outcome["skipped"] == 1 and smtp.received == []


def test_the_candidate_turns_reminders_off_and_on_on_the_account_page(
    app, client, login_as, people
):
    """The account page's Emails form saves the setting and shows it."""
    _, candidate = people
    login_as(candidate)
    client.post("/candidate/account", data={"form": "mail"})
    assert not notices.preference(user=candidate).reminders
    page = client.get("/candidate/account").get_data(as_text=True)
    assert 'name="reminders" value="1">' in page
    client.post("/candidate/account", data={"form": "mail", "reminders": "1"})
    assert notices.preference(user=candidate).reminders


def test_every_kind_of_message_has_a_trigger_and_a_builder():
    """The table of messages, the words the settings page shows of each and the renderer
    agree (no kind without a trigger or content)."""
    from portal.messages import content

    assert set(notices.KINDS) == set(notices.KIND_TRIGGERS) == set(content.BUILDERS)


def test_an_unsubscribe_from_email_changes_the_account_pages_etag(app, client, login_as, people):
    """One click in a mail client (no session) turns reminders off, and the candidate's
    account page, revalidated with its old ETag, is sent anew showing it (not a 304)."""
    _, candidate = people
    login_as(candidate)
    client.get("/candidate/account")  # the first drawing makes the CSRF token: no ETag yet
    first = client.get("/candidate/account")
    etag = first.headers.get("ETag")
    assert etag and 'name="reminders" value="1" checked' in first.get_data(as_text=True)
    token = notices.unsubscribe_token(user=candidate, secret=app.secret_key)
    mail_client = app.test_client()
    assert mail_client.post(f"/unsubscribe/{token}", csrf=False).status_code == 200
    again = client.get("/candidate/account", headers={"If-None-Match": etag})
    assert again.status_code == 200
    assert 'name="reminders" value="1" checked' not in again.get_data(as_text=True)
