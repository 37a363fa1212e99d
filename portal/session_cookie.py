"""Flask's signed-cookie session with two lifetimes, and a clock that may step back.

- Idle: a cookie not re-signed for `PERMANENT_SESSION_LIFETIME` is empty. A
  session in use is re-signed at most once an hour, so idle means idle.
- Absolute: `SESSION_MAX_DAYS` after signing in, the session is empty however
  busy it was (a phone left signed in does not stay so for ever). A signed-in
  session with no sign-in time (made before this existed) is empty too.
- A cookie signed "in the future" (the server's clock stepped back, e.g. an NTP
  correction) is accepted and re-signed; itsdangerous's own age check would
  reject it and sign everybody out.

Signing in or out also starts a new CSRF token (Flask-WTF makes one on the
next form), so a token seen before sign-in is worth nothing after it.
"""

from __future__ import annotations

import hashlib
import time

from flask import Flask
from flask import session
from flask.sessions import SecureCookieSessionInterface
from flask_login import user_logged_in
from flask_login import user_logged_out
from itsdangerous import BadSignature

from portal.signing import KeptSerializer

SIGNED_IN_AT = "_signed_in_at"
RESIGN_AFTER = 60 * 60


class SessionCookie(SecureCookieSessionInterface):
    """Signed-cookie sessions with an idle and an absolute lifetime, tolerant of clock steps."""

    def get_signing_serializer(self, app):
        """Flask's serializer, made once per secret key (Flask makes one per request), its
        signer made once and its keys derived once too (portal.signing)."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        made = app.extensions.get("session_serializer")
        if made is None or made[0] != keys:
            flasks = super().get_signing_serializer(app)
            kept = flasks and KeptSerializer(
                flasks.secret_keys,
                salt=flasks.salt,
                serializer=flasks.serializer,
                # SHA-1, as Flask signs, named by hashlib's own function: Flask's lazy
                # wrapper of it sends every HMAC down Python's slow path.
                signer_kwargs={**flasks.signer_kwargs, "digest_method": hashlib.sha1},
            )
            made = app.extensions["session_serializer"] = (keys, kept)
        return made[1]

    def open_session(self, app, request):
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        try:
            # No max_age here: its check refuses a signing time in the future.
            data, signed_at = serializer.loads(cookie, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        now = time.time()
        age = now - signed_at.timestamp()
        if age > app.permanent_session_lifetime.total_seconds():
            return self.session_class()
        started = data.get(SIGNED_IN_AT)
        if isinstance(started, int | float):
            if now - started > max_age_of(app):
                return self.session_class()
        elif "_user_id" in data:
            # Signed in before sign-ins were stamped: when is unknown, so it is over
            # (one sign-in more), rather than uncapped for as long as it stays in use.
            return self.session_class()
        opened = self.session_class(data)
        opened.resign = age > RESIGN_AFTER or age < 0
        return opened

    def should_set_cookie(self, app, session) -> bool:
        return super().should_set_cookie(app, session) or getattr(session, "resign", False)


def max_age_of(app: Flask) -> float:
    """The absolute session lifetime in seconds."""
    return float(app.config["SESSION_MAX_DAYS"]) * 86400


def _signed_in(sender, user, **extra) -> None:
    session[SIGNED_IN_AT] = time.time()
    session.pop("csrf_token", None)


def _signed_out(sender, user, **extra) -> None:
    session.pop(SIGNED_IN_AT, None)
    session.pop("csrf_token", None)


def init_app(app: Flask) -> None:
    """Use these sessions in `app`; start lifetimes and CSRF tokens at sign-in and sign-out."""
    app.session_interface = SessionCookie()
    user_logged_in.connect(_signed_in, app)
    user_logged_out.connect(_signed_out, app)
