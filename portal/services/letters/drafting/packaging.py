"""Packaging a letter for sending it yourself: a mailto: link, an unsent .eml draft, a
.txt file name; text for copying is the body as it is."""

from __future__ import annotations

import re
import unicodedata
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import SMTP, compat32
from urllib.parse import quote

from portal.services.letters.drafting.people import Person


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def _one_line(text: str) -> str:
    # A line break in a header would end it (or start a forged one); headers are one line.
    # str.split() breaks on every Unicode line and paragraph separator too (U+2028, U+0085…).
    return " ".join(text.split())


def header_text(text: str) -> str:
    """`text` made safe as an unstructured header value: one line, and no RFC 2047
    encoded word (`=?charset?q?…?=`) that a mail parser would decode into new lines.

    Some Python releases (3.11.7 among them) decode such a word when the header
    is set and write what it holds, line breaks included, back out raw: a
    subject could add a Bcc. With no "=?" left, no value is ever decoded.
    """
    return _one_line(text).replace("=?", "= ?")


def mailto_url(*, to: str, subject: str, body: str) -> str:
    """A mailto: link (RFC 6068) that opens the draft in the user's mail program.

    Spaces become %20 (never "+", which mail programs show literally) and line breaks
    become %0D%0A.
    """
    # RFC 6068 lets "@" and "," (address separator) stand unencoded in the address part;
    # everything else outside the unreserved set is percent-encoded.
    address = quote(to.strip(), safe="@,")
    query = f"subject={quote(subject, safe='')}&body={quote(_crlf(body), safe='')}"
    return f"mailto:{address}?{query}"


def eml_bytes(*, to: str, subject: str, body: str) -> bytes:
    """An unsent draft as .eml bytes (UTF-8, header X-Unsent: 1) that mail programs open.

    No From header is set (the mail program fills it in); `to` may be empty.
    """
    message = EmailMessage(policy=SMTP)
    address = _single_address(to)
    if address is not None:
        message["To"] = address
    message["Subject"] = header_text(subject)
    # Outlook and others open a message with X-Unsent: 1 as a draft ready to send.
    message["X-Unsent"] = "1"
    # Quoted-printable keeps the file 7-bit clean, which every mail program opens intact.
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    # CRLF line endings: what .eml files conventionally use and what Outlook expects.
    data = message.as_bytes(policy=SMTP)
    # Whatever the Python release, a draft with any other header is never handed out.
    headers = BytesHeaderParser(policy=compat32).parsebytes(data).keys()
    if sorted(headers) != sorted(message.keys()):
        raise ValueError(f"unexpected headers in a letter draft: {headers}")
    return data


_NAMED_ADDRESS = re.compile(r"(?P<name>[^<>]*)<(?P<address>[^<>]*)>")


def _single_address(to: str) -> Address | None:
    """`to` ("a@b.example" or "Name <a@b.example>") as one address, or None when it is
    anything else (two recipients, a group, an encoded word)."""
    text = _one_line(to)
    named = _NAMED_ADDRESS.fullmatch(text)
    name, spec = (named["name"].strip().strip('"'), named["address"]) if named else ("", text)
    if not spec or "=?" in spec:
        return None
    try:
        return Address(display_name=header_text(name), addr_spec=spec.strip())
    except (ValueError, IndexError, HeaderParseError):
        return None


_SPELL_OUT = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
    }
)


def text_filename(*, person: Person, ext: str) -> str:
    """A safe ASCII file name such as "thank-you-jane-doe.txt" for `person`'s letter."""
    # NFKD splits "ë" into "e" plus an accent; letters it cannot split ("ø", "ß") are
    # spelled out first so they are not simply lost.
    spelled = person.name.translate(_SPELL_OUT)
    ascii_name = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    extension = re.sub(r"[^a-z0-9]+", "", ext.lower())[:10] or "txt"
    return f"thank-you-{slug or 'interviewer'}.{extension}"
