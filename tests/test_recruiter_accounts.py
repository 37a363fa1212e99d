"""Recruiters' own accounts: the README's first-recruiter path ends with a Call button,
the account page (name, phone, time zone, password), and the Recruiters page."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest

from portal import tasks
from portal.models import AuditEvent
from portal.models import User
from tests import factories
from tests.support import page_text


def _link_token(text: str, kind: str) -> str:
    match = re.search(rf"/{kind}/([A-Za-z0-9_\-]+)", text)
    assert match, "no one-time link shown"
    return match.group(1)


def _actions(**where) -> list[tuple[str, int | None]]:
    query = AuditEvent.select().order_by(AuditEvent.id)
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return [(e.action, e.target_id) for e in query]


@pytest.fixture
def recruiter(make, login_as):
    """A signed-in recruiter."""
    user = make.make_recruiter(name="Rae Recruiter")
    login_as(user)
    return user


def test_the_readme_path_ends_with_candidates_seeing_a_call_button(app, db, runner, client):
    """create-recruiter without a phone says so; the board asks for it until it is set; then
    a candidate's interview page offers "Call" to that number."""
    result = runner.invoke(args=["create-recruiter", "boss@agency.example", "--name", "Bo Boss"])
    assert result.exit_code == 0, result.output
    assert "No phone number yet" in result.output and "/recruiter/account" in result.output
    token = _link_token(result.output, "invite")
    client.post(f"/invite/{token}", data={"password": "first boss pw", "confirm": "first boss pw"})
    board = page_text(client.get("/recruiter/"))
    assert "Candidates cannot call you yet" in board
    assert 'href="/recruiter/account#phone"' in board

    boss = User.get(User.email == "boss@agency.example")
    candidate = factories.make_candidate()
    interview = factories.make_ended_interview(minutes_ago=30, candidate=candidate, recruiter=boss)
    saved = client.post(
        "/recruiter/account",
        data={
            "form": "profile",
            "name": "Bo Boss",
            "phone": "+44 20 7946 0123",
            "time_zone": "Europe/London",
        },
    )
    assert saved.headers["Location"].endswith("/recruiter/account")
    assert "Candidates cannot call you yet" not in page_text(client.get("/recruiter/"))

    phone = app.test_client()
    signed_in = phone.post(
        "/login", data={"email": candidate.email, "password": factories.PASSWORD}
    )
    assert signed_in.status_code == 302
    page = page_text(phone.get(f"/candidate/interviews/{interview.id}"))
    assert 'href="tel:+442079460123"' in page


def test_the_account_page_saves_details_and_keeps_what_was_typed_on_an_error(client, recruiter):
    """A bad phone is refused beside the field with the typed values kept; a good one saves."""
    bad = client.post(
        "/recruiter/account",
        data={"form": "profile", "name": "Rae R.", "phone": "call me!", "time_zone": "Asia/Tokyo"},
    )
    html = page_text(bad)
    assert bad.status_code == 400
    assert "Use digits, spaces and + ( ) - . only." in html
    assert 'value="call me!"' in html and 'value="Rae R."' in html
    assert 'value="Tokyo, Japan"' in html
    assert User.get_by_id(recruiter.id).name == "Rae Recruiter"

    client.post(
        "/recruiter/account",
        data={
            "form": "profile",
            "name": "Rae R.",
            "phone": "+1 555 0100",
            "time_zone": "Asia/Tokyo",
        },
    )
    saved = User.get_by_id(recruiter.id)
    assert (saved.name, saved.phone, saved.time_zone) == ("Rae R.", "+1 555 0100", "Asia/Tokyo")
    assert ("profile.updated", recruiter.id) in _actions(actor=recruiter.id)


def test_a_recruiter_changes_their_password_and_other_sessions_end(app, client, recruiter):
    """A wrong current password is refused; the right one changes it and signs out copies."""
    other = app.test_client()
    other.post("/login", data={"email": recruiter.email, "password": factories.PASSWORD})
    assert other.get("/recruiter/").status_code == 200

    wrong = client.post(
        "/recruiter/account",
        data={
            "form": "password",
            "current_password": "not it at all",
            "new_password": "a brand new phrase",
            "confirm": "a brand new phrase",
        },
    )
    assert wrong.status_code == 400
    assert "Your current password is not right." in page_text(wrong)

    done = client.post(
        "/recruiter/account",
        data={
            "form": "password",
            "current_password": factories.PASSWORD,
            "new_password": "a brand new phrase",
            "confirm": "a brand new phrase",
        },
    )
    assert done.headers["Location"].endswith("/recruiter/account")
    assert client.get("/recruiter/").status_code == 200
    assert "/login" in other.get("/recruiter/").headers["Location"]


def test_a_recruiter_invites_resets_and_deactivates_colleagues_with_audit_entries(
    app, client, make, recruiter
):
    """Invite makes an account and a one-time link; reset and deactivate act on the other
    recruiter (ending their sessions); each is audited without the token."""
    invited = client.post(
        "/recruiter/recruiters",
        data={"name": "Nia New", "email": "nia@agency.example", "phone": ""},
    )
    token = _link_token(page_text(invited), "invite")
    nia = User.get(User.email == "nia@agency.example")
    assert nia.role == "recruiter" and nia.invited_by_id == recruiter.id

    colleague = make.make_recruiter(name="Cal Colleague")
    theirs = app.test_client()
    theirs.post("/login", data={"email": colleague.email, "password": factories.PASSWORD})
    reset = client.post(f"/recruiter/recruiters/{colleague.id}/reset")
    assert reset.headers["Location"].endswith("/recruiter/recruiters")
    deactivated = client.post(f"/recruiter/recruiters/{colleague.id}/active", data={"active": "0"})
    assert deactivated.headers["Location"].endswith("/recruiter/recruiters")
    assert not User.get_by_id(colleague.id).active
    assert "/login" in theirs.get("/recruiter/").headers["Location"]

    mine = _actions(actor=recruiter.id)
    assert ("recruiter.invited", nia.id) in mine and ("invite.issued", nia.id) in mine
    assert ("reset.issued", colleague.id) in mine and ("user.deactivated", colleague.id) in mine
    for event in AuditEvent.select():
        assert token not in event.detail

    page = page_text(client.get("/recruiter/recruiters"))
    assert "Nia New" in page and "Invited" in page and "Deactivated" in page


def test_a_colleagues_reset_link_goes_to_their_email_never_to_the_screen(
    app, client, make, recruiter
):
    """Resetting a colleague shows no link to the recruiter who pressed the button (who
    could otherwise sign in as them); the link is in the email to the colleague's own
    address (a file in instance/outbox/ with no mail server), works for them, and the
    audit says who asked."""
    colleague = make.make_recruiter(name="Cal Colleague", email="cal@agency.example")
    pressed = client.post(f"/recruiter/recruiters/{colleague.id}/reset", follow_redirects=True)
    page = page_text(pressed)
    assert "/reset/" not in page
    assert "Cal Colleague has a new password reset link, for their eyes only." in page
    assert "instance/outbox/" in page

    assert tasks.run_delivery(app)["sent"] == 1
    (mail,) = (Path(app.instance_path) / "outbox").glob("*.eml")
    message = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "cal@agency.example"
    token = _link_token(message.get_body(("plain",)).get_content(), "reset")
    assert token not in page

    event = AuditEvent.get(AuditEvent.action == "reset.issued")
    assert (event.actor_id, event.target_id) == (recruiter.id, colleague.id)

    theirs = app.test_client()
    done = theirs.post(
        f"/reset/{token}", data={"password": "a brand new phrase", "confirm": "a brand new phrase"}
    )
    assert done.headers["Location"].endswith("/recruiter/")


def test_a_recruiter_cannot_deactivate_themselves_and_a_candidate_is_not_a_recruiter(
    client, make, recruiter
):
    """Deactivating yourself is refused with a message; a candidate's id answers 404."""
    response = client.post(
        f"/recruiter/recruiters/{recruiter.id}/active", data={"active": "0"}, follow_redirects=True
    )
    assert "You cannot deactivate your own account here." in page_text(response)
    assert User.get_by_id(recruiter.id).active
    candidate = make.make_candidate()
    assert client.post(f"/recruiter/recruiters/{candidate.id}/reset").status_code == 404
    assert client.post(f"/recruiter/recruiters/{candidate.id}/active").status_code == 404
    assert User.get_by_id(candidate.id).active


def test_inviting_an_email_already_in_use_keeps_the_form(client, recruiter):
    """A taken email is refused beside the field, with the name and phone kept."""
    response = client.post(
        "/recruiter/recruiters",
        data={"name": "Twin", "email": recruiter.email.upper(), "phone": "+44 1"},
    )
    html = page_text(response)
    assert response.status_code == 400
    assert "An account with this email already exists." in html
    assert 'value="Twin"' in html and 'value="+44 1"' in html


def test_wrong_current_passwords_are_throttled_on_the_recruiter_page_too(client, recruiter):
    """After the allowed wrong tries, the account page answers 429 with a message."""
    data = {
        "form": "password",
        "current_password": "not it at all",
        "new_password": "a brand new phrase",
        "confirm": "a brand new phrase",
    }
    statuses = [client.post("/recruiter/account", data=data).status_code for _ in range(6)]
    assert statuses[0] == 400 and statuses[-1] == 429
    assert "Too many tries" in page_text(client.post("/recruiter/account", data=data))
