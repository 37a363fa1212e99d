"""Packaging a letter for sending it yourself: a mailto: link, an unsent .eml draft, a
.txt file and its name, each in the letter's language; text for copying is the body as
it is."""

from __future__ import annotations

import re
import unicodedata
from email.message import EmailMessage
from email.policy import SMTP
from urllib.parse import quote

from portal.services.letters.drafting import languages
from portal.services.letters.drafting.people import Person
from portal.services.mail import headers


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def text_file(*, subject: str, body: str, language: str = "en") -> bytes:
    """The letter as a UTF-8 .txt file: "Subject: …" (in Spanish "Asunto: …"), a blank
    line, the body."""
    label = languages.get(language).bank["formal"]["subject_label"]
    return f"{label}: {subject}\n\n{body}".encode()


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


def eml_bytes(*, to: str, subject: str, body: str, language: str = "en") -> bytes:
    """An unsent draft as .eml bytes (UTF-8, header X-Unsent: 1) that mail programs open,
    marked with the letter's language (Content-Language: es) for their spelling checks.

    No From header is set (the mail program fills it in); `to` may be empty, and is
    left out when it is not one plain address. Headers go through the portal's one
    header guard (`portal.services.mail.headers`), as every outgoing email's do.
    """
    message = EmailMessage(policy=SMTP)
    headers.write_headers(
        message,
        {
            "To": headers.parse_mailbox(to),
            "Subject": subject,
            # Outlook and others open a message with X-Unsent: 1 as a draft ready to send.
            "X-Unsent": "1",
        },
    )
    # Quoted-printable keeps the file 7-bit clean, which every mail program opens intact.
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    # After set_content, which clears every Content-* header it did not set itself.
    headers.write_headers(message, {"Content-Language": languages.get(language).code})
    # CRLF line endings: what .eml files conventionally use and what Outlook expects.
    return headers.checked_bytes(message, policy=SMTP)


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


def text_filename(*, person: Person, ext: str, language: str = "en") -> str:
    """A safe ASCII file name such as "thank-you-jane-doe.txt" (in Spanish
    "gracias-jane-doe.txt") for `person`'s letter."""
    # NFKD splits "ë" into "e" plus an accent; letters it cannot split ("ø", "ß") are
    # spelled out first so they are not simply lost.
    spelled = person.name.translate(_SPELL_OUT)
    ascii_name = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    extension = re.sub(r"[^a-z0-9]+", "", ext.lower())[:10] or "txt"
    prefix = languages.get(language).bank["formal"]["file_name"]
    return f"{prefix}-{slug or 'interviewer'}.{extension}"
