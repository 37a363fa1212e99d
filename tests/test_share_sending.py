"""Share links sent from the portal, sent again, and the one nudge to a silent client.

Seen in a real SMTP server; times are frozen where they matter (every service takes `now`).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal import tasks
from portal.models import ClientAnswer
from portal.models import Interviewer
from portal.models import OutboxMessage
from portal.models import ShareLink
from portal.models import utcnow
from portal.services.sharing import sending
from portal.services.sharing import working_hours
from tests.support import mail_text

PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"


@pytest.fixture
def desk(make, login_as):
    """A signed-in recruiter, and an interview that ended two hours ago with a panel."""
    recruiter = make.make_recruiter(
        name="Rae Recruiter", email="rae@agency.example", phone="+44 20 7946 0001"
    )
    login_as(recruiter)
    return make.make_ended_interview(minutes_ago=120, recruiter=recruiter)


def _form(desk) -> str:
    return f"/recruiter/shares/new?candidate_id={desk.candidate_id}&interview_id={desk.id}"


def _send(client, desk, **values):
    data = {
        "sections": ["summary"],
        "summary": "Strong on data.",
        "days": "14",
        "action": "send",
        **values,
    }
    return client.post(_form(desk), data=data)


def _link_in(message) -> str:
    return re.search(r"https?://\S+/s/[A-Za-z0-9_-]{43}", mail_text(message)).group(0)


def test_the_panel_is_offered_and_the_link_is_emailed_with_the_recruiter_as_reply_to(
    mail_app, client, desk, smtp
):
    """Pick Dana from the panel: no name or email typed; she gets the link, Reply-To Rae."""
    dana = Interviewer.get(
        (Interviewer.interview == desk.id) & (Interviewer.name == "Dana Decider")
    )
    form = client.get(_form(desk)).get_data(as_text=True)
    assert "dana@client.example" in form and 'value="send"' in form
    response = _send(client, desk, send_to=str(dana.id))
    link = ShareLink.get()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/recruiter/shares/{link.id}/preview")
    assert (link.recipient_name, link.recipient_email) == ("Dana Decider", "dana@client.example")
    tasks.run_delivery(mail_app)
    (message,) = smtp.to("dana@client.example")
    assert message["Reply-To"].addresses[0].addr_spec == "rae@agency.example"
    assert "profile from Rae Recruiter" in message["Subject"]
    opened = client.application.test_client().get(
        _link_in(message).split("example", 1)[1], headers={"User-Agent": PHONE_UA}
    )
    assert opened.status_code == 200 and 'id="decision"' in opened.get_data(as_text=True)
    assert OutboxMessage.get(OutboxMessage.kind == "share_link").secret == ""


def test_a_bad_address_is_refused_beside_its_field(client, desk):
    """Someone else, with a mistyped address: the message is beside the field; nothing made."""
    response = _send(client, desk, recipient_name="Sam Other", recipient_email="sam@")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="recipient_email-error"' in html and 'value="Sam Other"' in html
    assert ShareLink.select().count() == 0


def test_sending_again_revokes_the_old_link_and_emails_a_new_one(mail_app, client, desk, smtp):
    """The old address stops working, a new one arrives, and the client's answer follows."""
    dana = Interviewer.get(
        (Interviewer.interview == desk.id) & (Interviewer.name == "Dana Decider")
    )
    _send(client, desk, send_to=str(dana.id))
    tasks.run_delivery(mail_app)
    old = ShareLink.get()
    now = utcnow()
    ClientAnswer.create(
        share_link=old.id, interview=desk.id, decision="hold", created_at=now, updated_at=now
    )
    response = client.post(f"/recruiter/shares/{old.id}/send-again")
    new = ShareLink.select().order_by(ShareLink.id.desc()).get()
    assert new.id != old.id
    assert response.headers["Location"].endswith(f"/recruiter/shares/{new.id}/preview")
    assert ShareLink.get_by_id(old.id).revoked_at is not None
    assert ClientAnswer.get().share_link_id == new.id
    tasks.run_delivery(mail_app)
    first, second = smtp.to("dana@client.example")
    visitor = client.application.test_client()
    old_page = visitor.get(_link_in(first).split("example", 1)[1])
    new_page = visitor.get(
        _link_in(second).split("example", 1)[1], headers={"User-Agent": PHONE_UA}
    )
    assert old_page.status_code == 404 and new_page.status_code == 200
    assert "Sent: Hold" in new_page.get_data(as_text=True)


def test_sending_again_keeps_the_language_chosen_for_the_client(mail_app, client, desk, smtp):
    """A link made in Spanish and sent again: the new link's page and email are Spanish too."""
    _send(
        client,
        desk,
        recipient_name="Ana Cliente",
        recipient_email="ana@client.example",
        language="es",
    )
    tasks.run_delivery(mail_app)
    old = ShareLink.get()
    assert old.language == "es"
    again = client.post(f"/recruiter/shares/{old.id}/send-again")
    new = ShareLink.select().order_by(ShareLink.id.desc()).get()
    assert again.status_code == 302
    assert new.id != old.id and new.language == "es"
    tasks.run_delivery(mail_app)
    first, second = smtp.to("ana@client.example")
    assert first["Subject"] == second["Subject"] and "profile from" not in second["Subject"]
    page = client.application.test_client().get(
        _link_in(second).split("example", 1)[1], headers={"User-Agent": PHONE_UA}
    )
    assert '<html lang="es">' in page.get_data(as_text=True)


def test_working_hours_move_a_time_to_the_next_weekday_morning_in_the_zone():
    """Saturday 14:00 UTC in New York waits for Monday 09:00 there; Tuesday 15:00 in
    London (summer) goes at once; 19:00 waits for the next morning."""
    saturday = dt.datetime(2030, 6, 8, 14, 0)
    assert working_hours.next_working_moment(saturday, time_zone="America/New_York") == (
        dt.datetime(2030, 6, 10, 13, 0)
    )
    tuesday = dt.datetime(2030, 6, 11, 14, 0)
    assert working_hours.next_working_moment(tuesday, time_zone="Europe/London") == tuesday
    evening = dt.datetime(2030, 6, 11, 18, 0)
    assert working_hours.next_working_moment(evening, time_zone="Europe/London") == (
        dt.datetime(2030, 6, 12, 8, 0)
    )


def test_the_client_is_nudged_once_24_hours_after_the_round_in_working_hours(
    mail_app, client, desk, smtp
):
    """Held back until 24 h after the round (then into working hours), sent once; a client
    who answered first is not nudged at all."""
    dana = Interviewer.get(
        (Interviewer.interview == desk.id) & (Interviewer.name == "Dana Decider")
    )
    _send(client, desk, send_to=str(dana.id))
    nudge = OutboxMessage.get(OutboxMessage.kind == "client_nudge")
    due = working_hours.next_working_moment(
        desk.ends_at + sending.NUDGE_AFTER, time_zone=desk.time_zone
    )
    assert nudge.next_attempt_at == due
    tasks.run_delivery(mail_app, now=due - dt.timedelta(minutes=1))
    assert not [m for m in smtp.to("dana@client.example") if "Your decision" in m["Subject"]]
    tasks.run_delivery(mail_app, now=due + dt.timedelta(minutes=1))
    nudges = [m for m in smtp.to("dana@client.example") if "Your decision on" in m["Subject"]]
    assert len(nudges) == 1 and nudges[0]["Reply-To"].addresses[0].addr_spec == "rae@agency.example"
    tasks.run_delivery(mail_app, now=due + dt.timedelta(hours=5))
    assert len([m for m in smtp.to("dana@client.example") if "Your decision" in m["Subject"]]) == 1


def test_a_client_who_answered_is_not_nudged(mail_app, client, desk, smtp):
    """Their answer stops the nudge: it is dropped at delivery, never sent."""
    dana = Interviewer.get(
        (Interviewer.interview == desk.id) & (Interviewer.name == "Dana Decider")
    )
    _send(client, desk, send_to=str(dana.id))
    link = ShareLink.get()
    now = utcnow()
    ClientAnswer.create(
        share_link=link.id, interview=desk.id, decision="advance", created_at=now, updated_at=now
    )
    due = OutboxMessage.get(OutboxMessage.kind == "client_nudge").next_attempt_at
    tasks.run_delivery(mail_app, now=due + dt.timedelta(minutes=1))
    assert not [m for m in smtp.to("dana@client.example") if "Your decision" in m["Subject"]]
