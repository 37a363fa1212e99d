"""Security headers, CSRF on every POST, and error pages that never leak a trace."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD


def test_every_page_sends_strict_security_headers(client, make, login_as):
    """CSP without inline script, nosniff, no framing, a referrer policy."""
    login_as(make.make_candidate())
    for path in ("/login", "/candidate/", "/no-such-page"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_no_page_contains_inline_script(client, make, login_as):
    """Every <script> has a src (the CSP would block inline code anyway)."""
    login_as(make.make_recruiter())
    for path in ("/login", "/recruiter/", "/recruiter/candidates"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and "onclick=" not in html


def test_session_cookie_is_httponly_and_lax(client, make):
    """The session cookie cannot be read by scripts and is not sent cross-site on POST."""
    user = make.make_candidate()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_secure_when_configured_for_https(app, app_config):
    """With HTTPS on, signing in sets a Secure `__Host-` session cookie (host-only, path /)
    and HSTS covers subdomains."""
    from portal import create_app
    from portal.db import connected
    from tests import factories
    from tests.support import PortalClient

    app = create_app({**app_config, "HTTPS": True})
    app.test_client_class = PortalClient
    with connected():
        user = factories.make_candidate()
    browser = app.test_client()
    https = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost/login"}}
    browser.get("/login", **https)
    signed_in = browser.post("/login", data={"email": user.email, "password": PASSWORD}, **https)
    assert signed_in.status_code == 302
    cookies = signed_in.headers.getlist("Set-Cookie")
    cookie = next(v for v in cookies if v.startswith("__Host-session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "Path=/;" in cookie + ";"
    assert "Domain=" not in cookie
    assert signed_in.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert browser.get("/candidate/", **https).status_code == 200


@pytest.mark.parametrize(
    "production", [{"HTTPS": True}, {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}]
)
def test_a_production_deployment_without_a_secret_refuses_to_start(tmp_path, production):
    """Behind HTTPS or on a shared database, a generated per-host secret would sign
    sessions the other hosts reject: starting without DEBRIEF_SECRET_KEY is an error."""
    from portal import create_app

    with pytest.raises(RuntimeError, match="DEBRIEF_SECRET_KEY"):
        create_app({"DATABASE": str(tmp_path / "debrief.sqlite3"), **production})


def test_post_without_csrf_token_is_refused_and_shows_what_was_typed(client, make):
    """A post with no or a foreign token changes nothing and echoes the text back."""
    response = client.post("/login", data={"email": "me@example.com", "password": "x"}, csrf=False)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "me@example.com" in html and "Your session ended" in html


def test_csrf_tokens_do_not_expire_within_a_session(app):
    """A form opened hours before it is sent still submits (token lives with the session)."""
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None


@pytest.mark.parametrize("path", ["/candidate/99999", "/recruiter/candidates/abc", "/x" * 50])
def test_unknown_pages_get_a_friendly_404(client, path):
    """Unknown addresses get the site's own page, not a stack trace."""
    response = client.get(path)
    assert response.status_code in (302, 404)
    assert "Traceback" not in response.get_data(as_text=True)


def test_oversized_body_gets_413_page(client):
    """A body larger than the limit gets a clear message."""
    response = client.post("/login", data={"email": "a" * 300_000, "password": "x"})
    assert response.status_code == 413
    assert "too much to send" in response.get_data(as_text=True)


def test_control_characters_are_removed_from_form_input(client, make, login_as, db):
    """NUL and other control characters never reach the database (PostgreSQL refuses NUL)."""
    from portal.models import User

    login_as(make.make_recruiter())
    response = client.post(
        "/recruiter/candidates",
        data={"name": "Ada\x00 Love\x1blace", "email": "ada\x00@example.com", "phone": ""},
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    stored = User.get(User.email == "ada@example.com")
    assert stored.name == "Ada Lovelace"


def test_nul_in_login_is_a_clear_refusal_not_an_error(client):
    """A NUL byte in the sign-in form gets the normal wrong-password answer."""
    response = client.post("/login", data={"email": "a\x00@example.com", "password": "x\x00y"})
    assert response.status_code == 401


def test_invite_and_reset_tokens_are_cut_out_of_logged_paths(app, client, caplog):
    """An error logged on an invite or reset page names the path without its token."""
    import logging

    with caplog.at_level(logging.INFO):
        app.logger.error("Unhandled error on %s %s", "GET", "/invite/SeCrEtToKeN123")
        logging.getLogger("werkzeug").info('"GET /reset/SeCrEtToKeN456 HTTP/1.1" 200 -')
    assert "SeCrEtToKeN" not in caplog.text
    assert "/invite/…" in caplog.text and "/reset/…" in caplog.text
