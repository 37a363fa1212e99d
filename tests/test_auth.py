"""Sign-in, sign-out, invites, resets, throttling and session revocation."""

from __future__ import annotations

import datetime as dt
import re

from portal.models import AuditEvent
from portal.models import OneTimeToken
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import users
from tests.factories import PASSWORD
from tests.support import PortalClient


def _link_token(html: str, kind: str) -> str:
    match = re.search(rf"/{kind}/([A-Za-z0-9_\-]+)", html)
    assert match, "no one-time link on the page"
    return match.group(1)


def test_login_with_right_password_lands_on_role_home(client, make):
    """A candidate signs in and lands on the candidate home; a recruiter on the board."""
    candidate = make.make_candidate()
    recruiter = make.make_recruiter()
    response = client.post("/login", data={"email": candidate.email.upper(), "password": PASSWORD})
    assert response.headers["Location"].endswith("/candidate/")
    client.post("/logout")
    response = client.post("/login", data={"email": recruiter.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/recruiter/")


def test_wrong_password_and_unknown_email_get_the_same_message(client, make):
    """No account enumeration: a wrong password and an unknown email read the same."""
    user = make.make_candidate()
    wrong = client.post("/login", data={"email": user.email, "password": "not the password"})
    unknown = client.post("/login", data={"email": "nobody@example.com", "password": "whatever1"})
    assert wrong.status_code == unknown.status_code == 401
    assert "Email or password is not right." in wrong.get_data(as_text=True)
    assert "Email or password is not right." in unknown.get_data(as_text=True)
    # What was typed stays in the email field.
    assert 'value="nobody@example.com"' in unknown.get_data(as_text=True)


def test_empty_login_shows_errors_beside_fields(client, make):
    """Empty fields get an error summary and inline messages, not a 500."""
    response = client.post("/login", data={"email": "", "password": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html
    assert 'aria-invalid="true"' in html
    assert "Enter your email address." in html


def test_login_is_throttled_per_account_with_a_clear_message(app, client, make):
    """After five failures from one address, that address waits, even with the right password."""
    user = make.make_candidate()
    for _ in range(app.config["LOGIN_FAILURES_PER_ACCOUNT"]):
        client.post("/login", data={"email": user.email, "password": "wrong-password"})
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.get_data(as_text=True)


def test_login_is_throttled_per_address(app, client, make):
    """Many failures from one address across accounts lock that address out."""
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = 3
    victim = make.make_candidate()
    for n in range(3):
        client.post("/login", data={"email": f"guess{n}@example.com", "password": "wrong-pass"})
    response = client.post("/login", data={"email": victim.email, "password": PASSWORD})
    assert response.status_code == 429


def test_throttle_counts_are_shared_across_app_instances(app_config, make, db):
    """The count lives in the database, so two workers see the same total."""
    from portal import create_app

    user = make.make_candidate()
    first, second = create_app(app_config), create_app(app_config)
    for worker in (first, second):
        worker.test_client_class = PortalClient
    for worker in (first, second, first, second, first):
        failed = worker.test_client().post(
            "/login", data={"email": user.email, "password": "wrong-password"}
        )
        assert failed.status_code == 401
    response = second.test_client().post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429


def test_logout_is_a_post_and_kills_a_copied_cookie(app, client, make):
    """Logging out ends every session of the user, including a copy of the cookie."""
    user = make.make_candidate()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    copied = app.test_client()
    cookie = client.get_cookie("session")
    copied.set_cookie("session", cookie.value, domain=cookie.domain)
    assert copied.get("/candidate/").status_code == 200
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    response = copied.get("/candidate/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_deactivation_ends_sessions_and_blocks_login(app, client, make, login_as):
    """A deactivated candidate is signed out everywhere and cannot sign in again."""
    candidate = make.make_candidate()
    recruiter = make.make_recruiter()
    login_as(candidate)
    assert client.get("/candidate/").status_code == 200
    other = app.test_client()
    other.post("/login", data={"email": recruiter.email, "password": PASSWORD})
    other.post(f"/recruiter/candidates/{candidate.id}/active", data={"active": "0"})
    assert client.get("/candidate/").status_code == 302
    response = client.post("/login", data={"email": candidate.email, "password": PASSWORD})
    assert response.status_code == 401


def test_recruiter_invites_candidate_who_sets_password_and_signs_in(app, client, make, login_as):
    """The whole invite: recruiter makes a link, candidate opens it, sets a password, signs in."""
    recruiter = make.make_recruiter()
    login_as(recruiter)
    response = client.post(
        "/recruiter/candidates",
        data={"name": "Zoë Adébáyọ̀", "email": "Zoe@Example.com", "phone": ""},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Invite link for Zoë Adébáyọ̀" in html
    token = _link_token(html, "invite")
    assert OneTimeToken.get_or_none(OneTimeToken.token_hash == token) is None  # stored hashed

    candidate_client = app.test_client()
    page = candidate_client.get(f"/invite/{token}")
    assert "Welcome, Zoë Adébáyọ̀" in page.get_data(as_text=True)
    # Opening the link (as a mail scanner would) spends nothing.
    assert candidate_client.get(f"/invite/{token}").status_code == 200
    done = candidate_client.post(
        f"/invite/{token}",
        data={"password": "river stone lantern", "confirm": "river stone lantern"},
    )
    assert done.headers["Location"].endswith("/candidate/")
    assert candidate_client.get("/candidate/").status_code == 200
    # The link is single use.
    again = app.test_client().get(f"/invite/{token}")
    assert again.status_code == 404 and "not valid any more" in again.get_data(as_text=True)
    fresh = app.test_client()
    signed = fresh.post(
        "/login", data={"email": "zoe@example.com", "password": "river stone lantern"}
    )
    assert signed.headers["Location"].endswith("/candidate/")


def test_inviting_an_existing_email_keeps_what_was_typed(client, make, login_as):
    """A duplicate email gets a message beside the field and the form keeps the values."""
    login_as(make.make_recruiter())
    existing = make.make_candidate()
    response = client.post(
        "/recruiter/candidates",
        data={"name": "Same Person", "email": existing.email.upper(), "phone": "0123"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "already exists" in html and 'value="Same Person"' in html


def test_weak_and_mismatched_passwords_are_refused_with_reasons(app, client, make, db):
    """Common, short and mismatched passwords get clear messages; the token survives."""
    user = make.make_candidate(password=None)
    token = users.issue_token(user=user, purpose="invite", hours=1)
    short = client.post(f"/invite/{token}", data={"password": "abc", "confirm": "abc"})
    assert "at least 8 characters" in short.get_data(as_text=True)
    common = client.post(
        f"/invite/{token}", data={"password": "password123", "confirm": "password123"}
    )
    assert "too common" in common.get_data(as_text=True)
    mismatch = client.post(f"/invite/{token}", data={"password": "one two three", "confirm": "x"})
    assert "not the same" in mismatch.get_data(as_text=True)
    ok = client.post(
        f"/invite/{token}", data={"password": "one two three", "confirm": "one two three"}
    )
    assert ok.status_code == 302


def test_expired_and_reused_reset_links_are_refused(client, make, db):
    """An expired reset link and a spent one both say the link is not valid any more."""
    user = make.make_candidate()
    expired = users.issue_token(user=user, purpose="reset", hours=1)
    OneTimeToken.update(expires_at=utcnow() - dt.timedelta(minutes=1)).execute()
    response = client.get(f"/reset/{expired}")
    assert response.status_code == 404 and "not valid any more" in response.get_data(as_text=True)
    live = users.issue_token(user=user, purpose="reset", hours=1)
    client.post(
        f"/reset/{live}", data={"password": "new pass phrase", "confirm": "new pass phrase"}
    )
    reused = client.post(
        f"/reset/{live}", data={"password": "other phrase 1", "confirm": "other phrase 1"}
    )
    assert reused.status_code == 404
    assert User.get_by_id(user.id).password_hash  # the first reset stuck


def test_reset_ends_other_sessions(app, client, make, login_as, db):
    """Setting a new password through a reset signs out the old sessions."""
    user = make.make_candidate()
    login_as(user)
    token = users.issue_token(user=user, purpose="reset", hours=1)
    app.test_client().post(
        f"/reset/{token}", data={"password": "fresh phrase here", "confirm": "fresh phrase here"}
    )
    assert client.get("/candidate/").status_code == 302


def test_next_parameter_cannot_send_users_off_site(client, make):
    """A crafted ?next= to another site lands on the user's own home instead."""
    user = make.make_candidate()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(
            f"/login?next={target}", data={"email": user.email, "password": PASSWORD}
        )
        assert response.headers["Location"].endswith("/candidate/")
        client.post("/logout")


def test_sign_in_is_audited_without_secrets(client, make):
    """A sign-in is in the audit log; the password is not."""
    user = make.make_recruiter()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    events = list(AuditEvent.select().where(AuditEvent.actor == user))
    assert [e.action for e in events] == ["sign_in"]
    assert all(PASSWORD not in (e.detail or "") for e in events)


def test_create_recruiter_prints_a_working_one_time_link(app, runner, client):
    """`flask create-recruiter` makes the account and a link that sets its password."""
    result = runner.invoke(args=["create-recruiter", "Boss@Agency.example", "--name", "Boss"])
    assert result.exit_code == 0, result.output
    token = _link_token(result.output, "invite")
    response = client.post(
        f"/invite/{token}", data={"password": "first recruiter pw", "confirm": "first recruiter pw"}
    )
    assert response.headers["Location"].endswith("/recruiter/")


def _copy_session(app, client):
    """A second browser holding a byte-for-byte copy of `client`'s session cookie."""
    copied = app.test_client()
    cookie = client.get_cookie("session")
    copied.set_cookie("session", cookie.value, domain=cookie.domain)
    return copied


def test_password_change_kills_a_copied_cookie(app, client, make, login_as):
    """After a password change, a copy of the old session cookie no longer signs anyone in."""
    user = make.make_candidate()
    login_as(user)
    copied = _copy_session(app, client)
    assert copied.get("/candidate/").status_code == 200
    client.post(
        "/candidate/account",
        data={
            "form": "password",
            "current_password": PASSWORD,
            "new_password": "granite kettle morning",
            "confirm": "granite kettle morning",
        },
    )
    assert client.get("/candidate/").status_code == 200
    assert "/login" in copied.get("/candidate/").headers["Location"]


def test_deactivation_kills_a_copied_cookie(app, client, make, login_as):
    """Deactivating a candidate ends a copied session cookie too."""
    candidate = make.make_candidate()
    login_as(candidate)
    copied = _copy_session(app, client)
    recruiter_browser = app.test_client()
    recruiter = make.make_recruiter()
    recruiter_browser.post("/login", data={"email": recruiter.email, "password": PASSWORD})
    recruiter_browser.post(f"/recruiter/candidates/{candidate.id}/active", data={"active": "0"})
    assert "/login" in copied.get("/candidate/").headers["Location"]
