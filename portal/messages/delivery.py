"""Delivery: each due outbox message rendered, composed and handed to SMTP or a file.

Settings (`DEBRIEF_SMTP_HOST`, `_PORT`, `_USERNAME`, `_PASSWORD`, `_STARTTLS`,
`_FROM`): with no host, messages are written to `instance/outbox/*.eml` (the
embedded default) and the pages that would send one say so. The task queue
(`portal.tasks`) runs `deliver_due`; nothing here knows about the queue.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from pathlib import Path

from flask import Flask

from portal.db import connected
from portal.messages import content
from portal.models import OutboxMessage
from portal.services.mail import compose
from portal.services.mail import notices
from portal.services.mail import outbox
from portal.services.mail.transports import FileTransport
from portal.services.mail.transports import SmtpSettings
from portal.services.mail.transports import SmtpTransport
from portal.services.mail.transports import Transport
from portal.services.mail.transports import is_permanent

log = logging.getLogger("portal.mail")

Outcome = dict[str, int]


def settings(app: Flask) -> SmtpSettings:
    """The SMTP settings from the app's config (host empty: write files)."""
    cfg = app.config
    return SmtpSettings(
        host=cfg.get("SMTP_HOST", "") or "",
        port=int(cfg.get("SMTP_PORT", 587) or 587),
        username=cfg.get("SMTP_USERNAME", "") or "",
        password=cfg.get("SMTP_PASSWORD", "") or "",
        starttls=_truthy(cfg.get("SMTP_STARTTLS", True)),
        sender=cfg.get("SMTP_FROM", "") or f"{cfg['AGENCY_NAME']} <no-reply@{content.domain(app)}>",
    )


def writes_files(app: Flask) -> bool:
    """True when no SMTP server is configured: messages land in `instance/outbox/`."""
    return not app.config.get("SMTP_HOST")


def outbox_folder(app: Flask) -> Path:
    """Where messages are written when no SMTP server is configured."""
    return Path(app.instance_path) / "outbox"


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "off")
    return bool(value)


def deliver_due(app: Flask, *, now: dt.datetime | None = None, limit: int = 50) -> Outcome:
    """Deliver what is due now; return counts by outcome. Safe to run in several workers:
    each message is claimed on its own, right before it is sent."""
    outcome = {"sent": 0, "retry": 0, "dead": 0, "skipped": 0}
    stuck_after = dt.timedelta(seconds=float(app.config.get("MAIL_CLAIM_SECONDS", 600)))
    with app.app_context(), connected():
        due = outbox.due_ids(now=now, limit=limit, stuck_after=stuck_after)
        if not due:
            return outcome
        smtp = settings(app)
        transport: Transport = (
            SmtpTransport(smtp) if smtp.host else FileTransport(outbox_folder(app))
        )
        try:
            transport.__enter__()
        except (smtplib.SMTPException, OSError) as exc:
            # No server reachable: every due message waits for its next attempt.
            log.warning("mail: cannot reach the SMTP server: %s", _describe(exc))
            for message_id in due:
                message = outbox.claim(message_id=message_id, now=now, stuck_after=stuck_after)
                if message is not None:
                    status = outbox.mark_failed(
                        message=message, error=_describe(exc), permanent=is_permanent(exc)
                    )
                    outcome["dead" if status == "dead" else "retry"] += 1
            return outcome
        try:
            for message_id in due:
                message = outbox.claim(message_id=message_id, now=now, stuck_after=stuck_after)
                if message is not None:  # None: another worker has it
                    outcome[_deliver_one(app, transport, message, smtp.sender, now)] += 1
        finally:
            transport.__exit__(None, None, None)
    return outcome


def _deliver_one(
    app: Flask,
    transport: Transport,
    message: OutboxMessage,
    sender: str,
    now: dt.datetime | None,
) -> str:
    if not notices.still_wanted(message=message):
        outbox.mark_skipped(message=message, reason="turned off by the recipient")
        return "skipped"
    subject = ""
    try:
        rendered = content.render(app, message, now=now)
        subject = rendered.subject
        email = compose.build_email(
            key=message.key,
            sender=sender,
            to_address=message.to_address,
            to_name=message.to_name,
            subject=rendered.subject,
            text=content.plain_text(rendered, agency=app.config["AGENCY_NAME"]),
            html=content.html_body(rendered),
            reply_to=rendered.reply_to,
            reply_to_name=rendered.reply_to_name,
            attachments=rendered.attachments,
            unsubscribe_url=rendered.unsubscribe_url,
            domain=content.domain(app),
            now=now,
        )
        transport.send(email, filename=f"{message.id:06d}-{message.kind}.eml")
    except content.Gone:
        outbox.mark_skipped(message=message, reason="what it was about is gone")
        return "skipped"
    except Exception as exc:  # noqa: BLE001 - one bad message must not stop the others
        status = outbox.mark_failed(
            message=message,
            error=_describe(exc),
            permanent=is_permanent(exc),
            subject=subject,
            now=now,
        )
        log.warning("mail: message %s failed (%s): %s", message.id, status, _describe(exc))
        return "dead" if status == "dead" else "retry"
    outbox.mark_sent(message=message, via=transport.name, subject=subject, now=now)
    return "sent"


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]
