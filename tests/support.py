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


class SmtpSink:
    """A real SMTP server (aiosmtpd) in the test process that keeps what it receives.

    Set `reply` to an SMTP answer such as "451 4.3.0 try later" or "550 5.1.1 no such
    user" to make it refuse messages; `None` accepts them.
    """

    def __init__(self):
        import socket

        from aiosmtpd.controller import Controller

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.received: list = []
        self.reply: str | None = None
        self._controller = Controller

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.reply:
            return self.reply
        self.received.append(envelope)
        return "250 OK"

    def start(self) -> SmtpSink:
        # A stopped controller cannot start again: each start gets a new one.
        self.controller = self._controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def messages(self):
        """What arrived, parsed (email.message.EmailMessage), oldest first."""
        from email import message_from_bytes, policy

        return [message_from_bytes(e.content, policy=policy.default) for e in self.received]

    def to(self, address: str):
        """The parsed messages sent to `address`."""
        return [m for m in self.messages() if address in str(m["To"])]


def mail_text(message) -> str:
    """The plain-text part of a parsed message."""
    return message.get_body(preferencelist=("plain",)).get_content()


def mail_html(message) -> str:
    """The HTML part of a parsed message."""
    return message.get_body(preferencelist=("html",)).get_content()
