"""The session cookie's and the CSRF token's signatures, with serializers made once.

Flask signs the session cookie, and Flask-WTF the CSRF token, with itsdangerous's
`URLSafeTimedSerializer`. Used as they use it, every request makes a new serializer
and signer, derives the signing key again (an HMAC) and, for the token, tries to
zlib-compress 42 bytes that never come out shorter: together about 3 % of a drawn
page. Here the serializers are made once per secret key, each signer keeps the keys
it derived, and the token skips the compression that cannot win. What is signed is
byte for byte what Flask and Flask-WTF would sign (tests/test_signing.py checks it),
so cookies and tokens from before keep working, and Flask-WTF checks the tokens.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import current_app
from flask import g
from flask import session
from flask_wtf.csrf import generate_csrf
from itsdangerous import TimestampSigner
from itsdangerous import URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode
from itsdangerous.serializer import Serializer

# Flask-WTF's names: the session's raw token, the request's signed one in `g`, the salt.
CSRF_KEY = "csrf_token"
CSRF_SALT = "wtf-csrf-token"


class KeptKeysSigner(TimestampSigner):
    """itsdangerous's timestamp signer, deriving each secret's key once, not per signature."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._derived: dict[Any, bytes] = {}

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        return _made_once(self._derived, secret_key, super().derive_key)


class KeptSerializer(URLSafeTimedSerializer):
    """A URL-safe timed serializer that makes its signer once per salt (itsdangerous
    makes one for every `dumps` and `loads`)."""

    default_signer = KeptKeysSigner

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._signers: dict[Any, Any] = {}

    def make_signer(self, salt: str | bytes | None = None) -> Any:
        return _made_once(self._signers, salt, super().make_signer)


def _made_once(kept: dict[Any, Any], key: Any, make: Callable[[Any], Any]) -> Any:
    """`kept[key]`, made by `make(key)` the first time it is asked for."""
    found = kept.get(key)
    if found is None:
        found = kept[key] = make(key)
    return found


class _TokenSerializer(KeptSerializer):
    """Signs a CSRF token without trying zlib first: compressing 40 random hex digits
    never comes out shorter, so itsdangerous would send them as they are anyway."""

    def dump_payload(self, obj: Any) -> bytes:
        return base64_encode(Serializer.dump_payload(self, obj))


def csrf_token() -> str:
    """This session's CSRF token, exactly what Flask-WTF's `generate_csrf()` gives (and
    checks), signed by a serializer made once per secret key."""
    space = g._get_current_object()  # each of g and the app read through its proxy once
    token = space.get(CSRF_KEY)
    if token is not None:
        return token
    raw = session.get(CSRF_KEY)
    if not isinstance(raw, str):
        return generate_csrf()  # Flask-WTF starts the session's token
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
    made = app.extensions.get("csrf_serializer")
    if made is None or made[0] != secret:
        made = app.extensions["csrf_serializer"] = (
            secret,
            # SHA-1, as Flask-WTF signs (itsdangerous's default, through a lazy wrapper
            # that sends every HMAC down Python's slow path).
            _TokenSerializer(secret, salt=CSRF_SALT, signer_kwargs={"digest_method": hashlib.sha1}),
        )
    token = made[1].dumps(raw)
    setattr(space, CSRF_KEY, token)  # Flask-WTF's own place: its forms reuse it
    return token
