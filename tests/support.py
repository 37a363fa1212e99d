"""Test helpers that are not fixtures: a CSRF-aware test client."""

from __future__ import annotations

import secrets

from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer


class PortalClient(FlaskClient):
    """A test client that signs its form posts with a valid CSRF token, as a browser would.

    Pass `csrf=False` to send a post without one, or your own `csrf_token` in `data`.
    """

    def csrf_token(self) -> str:
        """A token valid for this client's session."""
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", secrets.token_hex(20))
        return URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token").dumps(raw)

    def open(self, *args, **kwargs):
        add_token = kwargs.pop("csrf", True)
        method = (kwargs.get("method") or "GET").upper()
        data = kwargs.get("data")
        if add_token and method == "POST" and (data is None or isinstance(data, dict)):
            data = dict(data or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        return super().open(*args, **kwargs)
