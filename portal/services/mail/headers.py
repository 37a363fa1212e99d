"""Header safety: the one place every header of every message the portal writes is made.

Both the outbox's email (`portal.services.mail.compose`) and the candidate's unsent
letter drafts (`portal.services.letters.drafting.eml_bytes`) set their headers here,
so one guard keeps any value (a position title, a person's name, an address, a
subject) from adding a header, a recipient or a body:

- a value is reduced to one line (every line and paragraph separator, CR and LF
  included, becomes a space);
- no RFC 2047 encoded word survives: on some Python releases (3.11.7 among them)
  `email` decodes `=?utf-8?q?=0D=0AReply-To:…?=` when the header is set and writes
  what it holds, line breaks included, back out raw. With no "=?" left, nothing is
  ever decoded;
- addresses are `Address` objects, which quote display names;
- `checked_bytes` serialises a message and refuses it unless the headers read back
  are exactly the headers that were set, whatever the Python release does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import SMTP
from email.policy import Policy
from email.policy import compat32

HeaderValue = str | Address | None


def one_line(value: str | None) -> str:
    """`value` with every line separator (CR, LF, VT, FF, NEL, U+2028/9…) made one space."""
    # str.split() breaks on every Unicode line and paragraph separator too.
    return " ".join((value or "").split())


def header_text(value: str | None) -> str:
    """`value` as a safe unstructured header value: one line, and no encoded word."""
    return one_line(value).replace("=?", "= ?")


def mailbox(display_name: str | None, address: str | None) -> Address | None:
    """One address with a safe display name, or None when `address` is not a single
    plain address (empty, two recipients, an encoded word, a group)."""
    spec = one_line(address)
    if not spec or "=?" in spec or "," in spec or spec.count("@") != 1:
        return None
    try:
        return Address(display_name=header_text(display_name), addr_spec=spec)
    except (ValueError, IndexError, HeaderParseError):
        return None


_NAMED_ADDRESS = re.compile(r"(?P<name>[^<>]*)<(?P<address>[^<>]*)>")


def parse_mailbox(text: str | None) -> Address | None:
    """`text` ("a@b.example" or "Name <a@b.example>") as one safe address, or None
    when it is anything else (two recipients, a group, an encoded word)."""
    line = one_line(text)
    named = _NAMED_ADDRESS.fullmatch(line)
    if named is None:
        return mailbox("", line)
    return mailbox(named["name"].strip().strip('"'), named["address"])


def write_headers(message: EmailMessage, fields: Mapping[str, HeaderValue]) -> None:
    """Set each header of `fields` on `message`, in order, through the guard.

    Text values become `header_text`; an `Address` gets a safe display name; a None or
    empty value is left out (an optional header such as Reply-To).
    """
    for name, value in fields.items():
        if isinstance(value, Address):
            safe = mailbox(value.display_name, value.addr_spec)
            if safe is None:
                raise ValueError(f"{name}: not a single address")
            message[name] = safe
        elif value:
            message[name] = header_text(value)


def checked_bytes(message: EmailMessage, *, policy: Policy = SMTP) -> bytes:
    """`message` serialised, refused unless its headers read back exactly as set."""
    data = message.as_bytes(policy=policy)
    written = BytesHeaderParser(policy=compat32).parsebytes(data).keys()
    if sorted(name.lower() for name in written) != sorted(k.lower() for k in message):
        raise ValueError(f"unexpected headers in a message: {written}")
    return data
