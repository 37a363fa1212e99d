"""The client's answer through a share link ("Your view"): no account, no session."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest

from portal.models import ClientAnswer
from portal.models import OutboxMessage
from portal.models import utcnow
from portal.services.sharing import client_answers

PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"
GONE = "This link is no longer available"


@pytest.fixture
def shared(make):
    """A link made from an ended interview, as the client receives it."""
    recruiter = make.make_recruiter(
        name="Rae Recruiter", email="rae@agency.example", phone="+44 20 7946 0001"
    )
    interview = make.make_ended_interview(minutes_ago=120, recruiter=recruiter)
    make.make_debrief(interview=interview, candidate_interest=5, employer_interest=4)
    link = make.make_share_link(interview=interview, created_by=recruiter)
    return link


def _form_token(client, raw: str) -> str:
    page = client.get(f"/s/{raw}", headers={"User-Agent": PHONE_UA}).get_data(as_text=True)
    return re.search(r'name="form_token" value="([0-9a-f]+)"', page).group(1)


def _answer(client, raw: str, token: str, **values):
    data = {
        "form_token": token,
        "decision": "advance",
        "interest": "4",
        "enough_exchanged": "partly",
        "decision_makers": "scheduled",
        "concerns": "Little experience with our scale",
        "next_step": "Meet the CTO next week",
        "comment": "Strong communicator",
        **values,
    }
    return client.post(f"/s/{raw}/answer", data=data, csrf=False, headers={"User-Agent": PHONE_UA})


def test_the_share_page_opens_on_the_decision_card_and_the_recruiters_contact(client, shared):
    """The decision card (Advance / Hold / Pass, interest, one line, Send) comes before the
    packet; the page names the recruiter and is not labelled "Read only." above a form."""
    html = client.get(f"/s/{shared.raw_token}", headers={"User-Agent": PHONE_UA}).get_data(
        as_text=True
    )
    assert "Rae Recruiter" in html and "mailto:rae@agency.example" in html
    assert 'href="tel:+442079460001"' in html
    card = html.index('id="decision"')
    assert card < html.index('id="packet-summary"')
    for word in ("Advance", "Hold", "Pass", "Your interest", "In one line, why", ">Send<"):
        assert html.index(word) > card
    assert "Read only." not in html


def test_a_client_answers_without_an_account_and_the_recruiter_sees_both_sides(
    app, client, make, shared, login_as
):
    """A valid answer is saved, notifies the recruiter, and fills the client's side of the
    tests marked as given by the client; the recruiter reading it changes nothing, so the
    client can still change it."""
    token = _form_token(client, shared.raw_token)
    response = _answer(client, shared.raw_token, token, question="Can they start in May?")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/s/{shared.raw_token}#decision")
    assert "Set-Cookie" not in response.headers
    answer = ClientAnswer.get()
    assert (answer.decision, answer.interest, answer.enough_exchanged) == (
        "advance",
        4,
        "partly",
    )
    assert answer.interview_id == shared.interview_id
    note = OutboxMessage.get(OutboxMessage.kind == "client_answer")
    assert note.to_address == "rae@agency.example"
    assert note.key == f"client-answer:{shared.id}:{shared.interview_id}"
    page = client.get(f"/s/{shared.raw_token}", headers={"User-Agent": PHONE_UA}).get_data(
        as_text=True
    )
    assert "Sent: Advance, interest 4 of 5" in page and "Meet the CTO next week" in page

    reader = app.test_client()
    reader_login = reader.post(
        "/login", data={"email": "rae@agency.example", "password": make.PASSWORD}
    )
    assert reader_login.status_code == 302
    sheet = reader.get(f"/recruiter/interviews/{shared.interview_id}").get_data(as_text=True)
    assert "given by the client" in sheet
    assert "4 of 5" in sheet
    assert "Strong communicator" in sheet and "Meet the CTO next week" in sheet
    assert "Can they start in May?" in sheet

    later = _answer(client, shared.raw_token, token, decision="hold", interest="3")
    assert later.status_code == 303
    assert (ClientAnswer.get().decision, ClientAnswer.get().interest) == ("hold", 3)


def test_an_answer_can_be_changed_while_its_round_is_open(client, shared):
    """A second post changes the one answer of the round (version 2), notified once."""
    token = _form_token(client, shared.raw_token)
    _answer(client, shared.raw_token, token)
    _answer(client, shared.raw_token, token, interest="5", comment="Even better on reflection")
    answer = ClientAnswer.get()
    assert (answer.interest, answer.comment, answer.version) == (
        5,
        "Even better on reflection",
        2,
    )
    assert OutboxMessage.select().where(OutboxMessage.kind == "client_answer").count() == 1


def test_a_replayed_answer_is_kept_once(client, shared):
    """The same post twice (a double tap, a resent request) leaves one answer, version 1."""
    token = _form_token(client, shared.raw_token)
    first = _answer(client, shared.raw_token, token)
    second = _answer(client, shared.raw_token, token)
    assert first.status_code == second.status_code == 303
    assert ClientAnswer.select().count() == 1 and ClientAnswer.get().version == 1


def test_an_answer_without_the_links_own_form_token_is_refused(client, make, shared):
    """No token, a made-up one, or another link's token: 409, nothing saved."""
    other = make.make_share_link(interview=shared.interview)
    for token in ("", "0" * 64, _form_token(client, other.raw_token)):
        response = _answer(client, shared.raw_token, token)
        assert response.status_code == 409
        assert "out of date" in response.get_data(as_text=True)
    assert ClientAnswer.select().count() == 0


def test_bad_values_are_refused_and_what_was_typed_stays(client, shared):
    """An interest of 7 is refused beside its field; the typed text comes back."""
    token = _form_token(client, shared.raw_token)
    response = _answer(client, shared.raw_token, token, interest="7", comment="Keep me")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose from 1 to 5." in html and "Keep me" in html
    too_long = _answer(client, shared.raw_token, token, concerns="x" * 2001)
    assert too_long.status_code == 400
    assert ClientAnswer.select().count() == 0


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("answered", [False, True], ids=["blank", "answered"])
def test_the_share_page_opens_the_same_as_from_wtforms(app, client, shared, language, answered):
    """The page as it opens, its form drawn from the answer on file (portal.form_view), is
    the page YourViewForm holding that answer draws: the same HTML, in both languages."""
    from portal.share import views
    from portal.share.forms import YourViewForm

    shared.language = language
    shared.save()
    if answered:
        token = _form_token(client, shared.raw_token)
        _answer(client, shared.raw_token, token, headline='Yes & <b>"no"</b>', interest="3")
    with app.test_request_context(f"/s/{shared.raw_token}"):
        opened = views._packet_page(shared.id, shared.raw_token)
        answer = ClientAnswer.get_or_none()
        real = YourViewForm(formdata=None, obj=answer) if answer else YourViewForm(formdata=None)
        if answer:
            real.interest.data = str(answer.interest)
        from_wtforms = views._packet_page(shared.id, shared.raw_token, real)
    assert ("&lt;b&gt;" in opened) is answered and 'name="form_token" value="' in opened
    assert ('value="3" checked' in opened) is answered
    assert opened == from_wtforms


def test_hostile_text_in_an_answer_is_shown_as_text(app, client, make, shared):
    """Markup typed by the client is escaped on the recruiter's page and in the email."""
    token = _form_token(client, shared.raw_token)
    _answer(client, shared.raw_token, token, comment='<script>alert("x")</script>')
    reader = app.test_client()
    reader.post("/login", data={"email": "rae@agency.example", "password": make.PASSWORD})
    sheet = reader.get(f"/recruiter/interviews/{shared.interview_id}").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in sheet
    assert "&lt;script&gt;" in sheet


def test_a_revoked_or_expired_link_refuses_an_answer_like_a_visit(client, make, shared):
    """After revoke or expiry, the answer gets the same gone page as any dead link."""
    from portal.models import ShareLink

    token = _form_token(client, shared.raw_token)
    ShareLink.update(revoked_at=utcnow()).where(ShareLink.id == shared.id).execute()
    revoked = _answer(client, shared.raw_token, token)
    unknown = _answer(client, "x" * len(shared.raw_token), token)
    assert revoked.status_code == unknown.status_code == 404
    assert GONE in revoked.get_data(as_text=True)
    assert revoked.get_data() == unknown.get_data()
    expired = make.make_share_link(
        interview=shared.interview, expires_at=utcnow() - dt.timedelta(minutes=1)
    )
    assert _answer(client, expired.raw_token, token).status_code == 404
    assert ClientAnswer.select().count() == 0


def test_a_link_without_an_interview_offers_no_answer(client, make):
    """A packet made without an interview has no decision card and refuses an answer."""
    link = make.make_share_link()
    html = client.get(f"/s/{link.raw_token}", headers={"User-Agent": PHONE_UA}).get_data(
        as_text=True
    )
    assert "Your decision" not in html and "<form" not in html
    token = client_answers.form_token(link_id=link.id, secret=client.application.secret_key)
    assert _answer(client, link.raw_token, token).status_code == 404


def test_two_answers_at_once_make_one(app, shared):
    """Two phones answering the same link at the same moment leave one answer."""
    token = client_answers.form_token(link_id=shared.id, secret=app.secret_key)
    results = []
    start = threading.Barrier(2)

    def post(interest):
        c = app.test_client()
        start.wait()
        results.append(_answer(c, shared.raw_token, token, interest=interest).status_code)

    threads = [threading.Thread(target=post, args=(str(n),)) for n in (2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [303, 303]
    assert ClientAnswer.select().count() == 1
    assert ClientAnswer.get().version in (1, 2)


def test_a_second_round_gets_its_own_answer(client, make, shared):
    """Once round 2 starts, the page asks about round 2; round 1's answer is shown, kept,
    and closed: a form still drawn for round 1 is refused rather than filed under round 2."""
    token = _form_token(client, shared.raw_token)
    assert _answer(client, shared.raw_token, token, headline="Sharp").status_code == 303
    first = shared.interview
    second = make.make_interview(
        candidate=first.candidate,
        recruiter=first.recruiter,
        position=first.position,
        starts_in=dt.timedelta(minutes=-30),
        round=2,
    )
    page = client.get(f"/s/{shared.raw_token}", headers={"User-Agent": PHONE_UA}).get_data(
        as_text=True
    )
    assert "Your decision after round 2" in page
    assert "Round 1: Advance, interest 4 of 5: “Sharp”" in page
    stale = _answer(client, shared.raw_token, token, round_id=str(first.id), decision="pass")
    assert stale.status_code == 409 and "next round has started" in stale.get_data(as_text=True)
    fresh = _answer(client, shared.raw_token, token, round_id=str(second.id), decision="hold")
    assert fresh.status_code == 303
    answers = {a.interview_id: a.decision for a in ClientAnswer.select()}
    assert answers == {first.id: "advance", second.id: "hold"}
    keys = {m.key for m in OutboxMessage.select().where(OutboxMessage.kind == "client_answer")}
    assert keys == {
        f"client-answer:{shared.id}:{first.id}",
        f"client-answer:{shared.id}:{second.id}",
    }


def test_a_visit_and_its_answer_count_as_one_view_and_the_audit_names_the_client(client, shared):
    """Open, answer, land back on the page: one view, no bot openings; the audit log names
    the client (not an id) for the view and for the answer."""
    from portal.models import AuditEvent
    from portal.models import ShareLink
    from portal.models import ShareView

    token = _form_token(client, shared.raw_token)
    client.get(f"/s/{shared.raw_token}/seen.css", headers={"User-Agent": PHONE_UA})
    answered = _answer(client, shared.raw_token, token)
    client.get(answered.headers["Location"], headers={"User-Agent": PHONE_UA})
    client.get(f"/s/{shared.raw_token}/seen.css", headers={"User-Agent": PHONE_UA})
    assert ShareLink.get_by_id(shared.id).view_count == 1
    assert ShareView.select().where(ShareView.confirmed == False).count() == 0  # noqa: E712
    events = {e.action: e.actor_name for e in AuditEvent.select().where(AuditEvent.actor.is_null())}
    assert events == {
        "share.viewed": "Harper Manager (Client Co)",
        "client.answered": "Harper Manager (Client Co)",
    }


def test_the_audit_log_names_people_and_forgets_them_after_erasure(app, client, make, shared):
    """Views and answers name the client; events about the candidate name the candidate;
    after erasure neither name is on the page."""
    from portal.services.privacy import erasure
    from tests.support import login

    token = _form_token(client, shared.raw_token)
    client.get(f"/s/{shared.raw_token}/seen.css", headers={"User-Agent": PHONE_UA})
    _answer(client, shared.raw_token, token)
    reader = app.test_client()
    login(reader, shared.created_by)
    candidate = shared.candidate
    page = reader.get("/recruiter/audit").get_data(as_text=True)
    assert "Harper Manager (Client Co)" in page and "client.answered" in page
    assert candidate.name in page and "User " + str(candidate.id) not in page
    erasure.erase_candidate(candidate_id=candidate.id, by=None, reason="recruiter")
    page = reader.get("/recruiter/audit").get_data(as_text=True)
    assert "Harper Manager" not in page and candidate.name not in page
