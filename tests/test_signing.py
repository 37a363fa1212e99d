"""The session cookie and the CSRF token signed by serializers made once (portal.signing):
what they sign is what Flask and Flask-WTF sign, and a rotated secret key still opens
the cookies the old one signed."""

from __future__ import annotations

import secrets

from flask import g
from flask import session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf
from flask_wtf.csrf import validate_csrf
from itsdangerous import URLSafeTimedSerializer

from portal import create_app
from portal.signing import csrf_token
from tests.support import PortalClient


def _same_second(make_ours, make_theirs) -> tuple[str, str]:
    """Both tokens, made until they fall in the same second (a token carries its time)."""
    for _ in range(5):
        ours, theirs = make_ours(), make_theirs()
        if ours.split(".")[1] == theirs.split(".")[1]:
            return ours, theirs
    raise AssertionError("the clock kept crossing a second")


def test_the_csrf_token_is_the_one_flask_wtf_makes_and_checks(app):
    """The form's token is byte for byte Flask-WTF's for this session, and Flask-WTF takes it."""
    raw = secrets.token_hex(20)  # as Flask-WTF starts one: 40 random hex digits
    with app.test_request_context():
        session["csrf_token"] = raw

        def ours():
            g.pop("csrf_token", None)
            return csrf_token()

        def theirs():
            g.pop("csrf_token", None)
            return generate_csrf()

        mine, flask_wtfs = _same_second(ours, theirs)
        assert mine == flask_wtfs
        validate_csrf(mine)  # raises when refused
        plain = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
        assert plain.loads(mine) == raw


def test_a_session_without_a_token_gets_one_and_keeps_it_for_the_request(app):
    """The first form of a session starts its token; every form of one page carries the same."""
    with app.test_request_context():
        first = csrf_token()
        assert session["csrf_token"]
        assert csrf_token() == first == generate_csrf()


def test_the_session_cookie_is_signed_as_flask_signs_it(app):
    """A cookie of the portal's opens with Flask's own serializer, and Flask's with the portal."""
    flasks = SecureCookieSessionInterface().get_signing_serializer(app)
    portals = app.session_interface.get_signing_serializer(app)
    data = {"_user_id": "7:1", "_signed_in_at": 1.5}
    mine, theirs = _same_second(lambda: portals.dumps(data), lambda: flasks.dumps(data))
    assert mine == theirs
    assert flasks.loads(mine) == data == portals.loads(theirs)


def test_a_rotated_secret_key_keeps_everyone_signed_in(app_config, make):
    """A new secret key with the old one in SECRET_KEY_FALLBACKS opens the old cookies; a
    cookie signed by neither is refused."""
    user = make.make_candidate()
    old = create_app(app_config)
    old.test_client_class = PortalClient
    browser = old.test_client()
    browser.post("/login", data={"email": user.email, "password": make.PASSWORD})
    cookie = browser.get_cookie("session").value

    rotated = create_app(
        {**app_config, "SECRET_KEY": "the-new-secret", "SECRET_KEY_FALLBACKS": [old.secret_key]}
    )
    rotated.test_client_class = PortalClient
    for app, expected in ((rotated, 200), (create_app({**app_config, "SECRET_KEY": "x"}), 302)):
        app.test_client_class = PortalClient
        phone = app.test_client()
        phone.set_cookie("session", cookie)
        assert phone.get("/candidate/").status_code == expected
