"""Handing composed messages over: to an SMTP server, or, with none configured, to
`.eml` files in a folder (the embedded default)."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Literal
from typing import Protocol

from portal.services.mail import headers


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to hand messages over. An empty `host` means: write .eml files."""

    host: str = ""
    port: int = 587
    username: str = ""
    password: str = ""
    starttls: bool = True
    sender: str = "Debrief <no-reply@localhost>"
    timeout: float = 20.0


class Transport(Protocol):
    """What delivery needs of a transport: a name, and `send` inside a `with` block."""

    name: str

    def __enter__(self) -> Transport: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool: ...

    def send(self, msg: EmailMessage, *, filename: str) -> None: ...


class SmtpTransport:
    """One SMTP connection for a batch of messages (STARTTLS and login when configured)."""

    name = "smtp"

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.connection: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        s = self.settings
        self.connection = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        if s.starttls:
            self.connection.starttls(context=ssl.create_default_context())
        if s.username:
            self.connection.login(s.username, s.password)
        return self

    def send(self, msg: EmailMessage, *, filename: str = "") -> None:
        """Send `msg` on the open connection (`filename` is for the file transport)."""
        if self.connection is None:
            raise RuntimeError("send() outside the 'with' block that opens the connection")
        self.connection.send_message(msg)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> Literal[False]:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
        return False


class FileTransport:
    """The embedded default: each message becomes `<folder>/<filename>`."""

    name = "file"

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def __enter__(self) -> FileTransport:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def send(self, msg: EmailMessage, *, filename: str) -> None:
        """Write `msg` whole: a reader of the folder never sees half a message."""
        path = self.folder / filename
        partial = path.with_suffix(".partial")
        partial.write_bytes(headers.checked_bytes(msg))
        partial.replace(path)

    def __exit__(self, *exc_info: object) -> Literal[False]:
        return False  # nothing to close: each message was written whole


def is_permanent(exc: BaseException) -> bool:
    """True for a refusal retrying cannot fix: the server answered 5xx."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500 and exc.smtp_code not in (530, 535)  # auth: our setup
    return False
