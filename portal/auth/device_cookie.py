"""The device cookie: a browser that signed in before is known, and nobody can hold it out.

OWASP's "device cookie" pattern against account lockout: a successful sign-in
leaves a signed token in the browser, naming the account and a random nonce.
When that browser signs in to the same account again, the account-wide
slow-down (which anyone guessing the password can trigger) does not apply to
it; only the nonce's own failure count does (`users.authenticate`). A browser
without one (a new phone, a cleared cookie jar) is treated as before, and its
way in when someone keeps the account slowed is a password reset link.

The cookie holds up to `KEEP` accounts (a shared laptop), newest first, is
signed with the app's secret (a forged or altered one is ignored) and lives
`MAX_AGE_DAYS`. It holds ids and nonces only: nothing personal, no password.
"""

from __future__ import annotations

import secrets

from flask import Flask
from flask import Request
from itsdangerous import BadSignature
from itsdangerous import URLSafeTimedSerializer
from werkzeug.wrappers import Response

KEEP = 5
MAX_AGE_DAYS = 180
_SALT = "device-cookie"


def cookie_name(app: Flask) -> str:
    """`__Host-` behind HTTPS (this host only, Secure, path /), as the session cookie."""
    return "__Host-device" if app.config["HTTPS"] else "device"


def _serializer(app: Flask) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(app.secret_key or "", salt=_SALT)


def known_devices(app: Flask, request: Request) -> dict[int, str]:
    """{user id: nonce} for every account this browser signed in to (empty when none or forged)."""
    raw = request.cookies.get(cookie_name(app))
    if not raw:
        return {}
    try:
        entries = _serializer(app).loads(raw, max_age=MAX_AGE_DAYS * 86400)
    except BadSignature:
        return {}
    known: dict[int, str] = {}
    for entry in entries if isinstance(entries, list) else []:
        if (
            isinstance(entry, list)
            and len(entry) == 2
            and isinstance(entry[0], int)
            and isinstance(entry[1], str)
        ):
            known.setdefault(entry[0], entry[1])
    return known


def remember(app: Flask, response: Response, *, known: dict[int, str], user_id: int) -> None:
    """Mark this browser as known for `user_id` (keeping its nonce if it had one)."""
    nonce = known.get(user_id) or secrets.token_urlsafe(16)
    entries = [[user_id, nonce]] + [[uid, n] for uid, n in known.items() if uid != user_id]
    response.set_cookie(
        cookie_name(app),
        _serializer(app).dumps(entries[:KEEP]),
        max_age=MAX_AGE_DAYS * 86400,
        path="/",
        secure=bool(app.config["HTTPS"]),
        httponly=True,
        samesite="Lax",
    )
