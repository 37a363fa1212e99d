"""Composing an email: one text part, one HTML part, attachments, and safe headers.

What a message says is decided by its renderer (`portal.messages.content`); how it is
handed over by a transport (`portal.services.mail.transports`). Every header is set
through `portal.services.mail.headers`, the guard the letter drafts share.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime

from portal.models import utcnow
from portal.services.mail import headers


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (e.g. the interview's calendar file)."""

    filename: str
    content_type: str  # e.g. "text/calendar; method=REQUEST"
    data: bytes


def message_id(key: str, *, domain: str) -> str:
    """The Message-ID for an outbox key (`:` becomes `/`, which a Message-ID allows)."""
    local = re.sub(r"[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]", "-", key.replace(":", "/"))
    host = re.sub(r"[^A-Za-z0-9.-]", "-", headers.one_line(domain)) or "debrief.invalid"
    return f"<{local}@{host}>"


def build_email(
    *,
    key: str,
    sender: str,
    to_address: str,
    to_name: str,
    subject: str,
    text: str,
    html: str,
    reply_to: str = "",
    reply_to_name: str = "",
    attachments: tuple[Attachment, ...] = (),
    unsubscribe_url: str = "",
    domain: str = "",
    now: dt.datetime | None = None,
) -> EmailMessage:
    """A multipart (text + HTML, then attachments) message whose headers are exactly
    the ones set here: no value can add a header, a recipient or a body."""
    sender_address = headers.parse_mailbox(sender)
    if sender_address is None:
        raise ValueError("the sender (DEBRIEF_SMTP_FROM) is not one address")
    recipient = headers.mailbox(to_name, to_address)
    if recipient is None:
        raise ValueError("the recipient is not one address")
    msg = EmailMessage()  # email.policy.default: RFC 5322, headers folded safely
    headers.write_headers(
        msg,
        {
            "From": sender_address,
            "To": recipient,
            "Reply-To": headers.mailbox(reply_to_name, reply_to) if reply_to else None,
            "Subject": subject,
            "Date": format_datetime((now or utcnow()).replace(tzinfo=dt.UTC)),
            "Message-ID": message_id(key, domain=domain),
            "Auto-Submitted": "auto-generated",
            "List-Unsubscribe": f"<{headers.one_line(unsubscribe_url)}>"
            if unsubscribe_url
            else None,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" if unsubscribe_url else None,
        },
    )
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    for item in attachments:
        kind, _, params = item.content_type.partition(";")
        maintype, subtype = kind.strip().split("/", 1)
        msg.add_attachment(
            item.data,
            maintype=maintype,
            subtype=subtype,
            filename=headers.header_text(item.filename),
            params=_params(params),
        )
    headers.checked_bytes(msg)  # refuses a message whose headers read back otherwise
    return msg


def _params(text: str) -> dict[str, str]:
    """ "method=REQUEST; charset=utf-8" as a dict of Content-Type parameters."""
    pairs = (part.split("=", 1) for part in text.split(";") if "=" in part)
    return {name.strip(): value.strip() for name, value in pairs}
