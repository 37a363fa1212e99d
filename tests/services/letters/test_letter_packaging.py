"""Packaging a letter to send it yourself: mailto:, .eml, file names (drafting.packaging)."""

from __future__ import annotations

import email
from email import policy
from urllib.parse import unquote

from portal.services.letters.drafting import Person
from portal.services.letters.drafting import compose_letter
from portal.services.letters.drafting import eml_bytes
from portal.services.letters.drafting import mailto_url
from portal.services.letters.drafting import text_filename
from tests.letter_samples import CONTEXT
from tests.letter_samples import PANEL


def test_mailto_is_percent_encoded():
    """mailto uses %20 for spaces, %0D%0A for line breaks and contains no raw spaces."""
    url = mailto_url(
        to="jane.doe@acme.example",
        subject="Thank you — Analyst interview",
        body="Dear Jane,\n\nThanks & see you?\r\nAlex",
    )
    assert url.startswith("mailto:jane.doe@acme.example?subject=")
    assert "%20" in url and "+" not in url
    assert "%0D%0A%0D%0A" in url
    assert " " not in url and "\n" not in url and "\r" not in url
    query = url.split("?", 1)[1]
    fields = dict(part.split("=", 1) for part in query.split("&"))
    assert unquote(fields["subject"]) == "Thank you — Analyst interview"
    assert unquote(fields["body"]) == "Dear Jane,\r\n\r\nThanks & see you?\r\nAlex"


def test_mailto_with_empty_recipient():
    """An empty To still gives a usable mailto link."""
    assert mailto_url(to="", subject="Hi", body="x").startswith("mailto:?subject=Hi&body=")


def test_eml_round_trips_with_unsent_header_and_unicode():
    """The .eml parses back, carries X-Unsent: 1, and non-ASCII names survive."""
    draft = compose_letter(person=PANEL[1], context=CONTEXT, tone="warm")
    raw = eml_bytes(to="Zoë Müller <zoe@acme.example>", subject=draft.subject, body=draft.body)
    assert isinstance(raw, bytes)
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == "Thank you — Senior Data Analyst interview"
    assert message["To"].addresses[0].display_name == "Zoë Müller"
    assert message["From"] is None
    assert message.get_content_charset() == "utf-8"
    content = message.get_content()
    assert "Dear Zoë," in content
    assert content.replace("\r\n", "\n") == draft.body


def test_eml_headers_stay_on_one_line():
    """Line breaks typed into To or Subject cannot add headers to the .eml."""
    raw = eml_bytes(to="a@example.com\r\nBcc: x@example.com", subject="Hi\nBcc: y", body="x")
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Bcc"] is None
    assert message["Subject"] == "Hi Bcc: y"


def test_eml_with_empty_to():
    """An .eml may have no recipient yet."""
    message = email.message_from_bytes(eml_bytes(to="", subject="Hi", body="Hello"))
    assert message["To"] is None
    assert message["X-Unsent"] == "1"


def test_text_filename_is_safe_ascii():
    """File names are lower-case ASCII slugs with the given extension."""
    assert text_filename(person=Person("Jane Doe"), ext="txt") == "thank-you-jane-doe.txt"
    assert text_filename(person=Person("Zoë Ødegård"), ext=".EML") == "thank-you-zoe-odegard.eml"
    assert text_filename(person=Person("../../etc/passwd"), ext="txt") == (
        "thank-you-etc-passwd.txt"
    )
    assert text_filename(person=Person("李雷"), ext="txt") == "thank-you-interviewer.txt"
