"""A downloaded .eml draft has exactly its own headers: no subject, position title or
address can add one (RFC 2047 encoded words, CR/LF, Unicode line separators)."""

from __future__ import annotations

import email
from email import policy

import pytest

from portal.models import Interviewer
from portal.models import ThankYouLetter
from portal.services.letters.drafting import eml_bytes

HEADERS = [
    "To",
    "Subject",
    "X-Unsent",
    "Content-Type",
    "Content-Transfer-Encoding",
    "MIME-Version",
    "Content-Language",
]
SMUGGLED = [
    "Thanks =?utf-8?q?x=0ABcc=3A_evil=40attacker=2Eexample?=",
    "=?utf-8?b?eAoNQmNjOiBldmlsQGF0dGFja2VyLmV4YW1wbGU=?=",
    "=?iso-8859-1?q?x=0D=0ABcc=3A_evil=40attacker=2Eexample?= tail",
    "Thanks\r\nBcc: evil@attacker.example",
    "Thanks\rBcc: evil@attacker.example",
    "Thanks\nBcc: evil@attacker.example",
    "Thanks\u2028Bcc: evil@attacker.example",
    "Thanks\u2029Bcc: evil@attacker.example",
    "Thanks\x85Bcc: evil@attacker.example",
    "Thanks\x0bBcc: evil@attacker.example\x0cX-Other: 1",
    "Thanks\x1cBcc: evil@attacker.example",
]


def _parsed(raw: bytes):
    return email.message_from_bytes(raw, policy=policy.default)


@pytest.mark.parametrize("subject", SMUGGLED)
def test_a_subject_adds_no_header(subject):
    """Whatever the subject holds, the draft has exactly To, Subject, X-Unsent, MIME and
    Content-Language headers, and the subject reads back as one line."""
    message = _parsed(eml_bytes(to="dana@client.example", subject=subject, body="Thank you."))
    assert message.keys() == HEADERS
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    assert message["To"] == "dana@client.example"
    assert message.get_content().strip() == "Thank you."


@pytest.mark.parametrize(
    "to",
    [
        '"=?utf-8?q?x=0ABcc=3A_evil=40attacker=2Eexample?=" <dana@client.example>',
        "=?utf-8?q?dana=40client=2Eexample=0ABcc=3A_evil=40attacker=2Eexample?=",
        "Dana\u2028Bcc: evil@attacker.example <dana@client.example>",
        "dana@client.example\r\nBcc: evil@attacker.example",
    ],
)
def test_an_address_adds_no_header_nor_recipient(to):
    """An address field cannot add a header or a second recipient: at most one To remains."""
    message = _parsed(eml_bytes(to=to, subject="Thanks", body="Thank you."))
    assert set(message.keys()) <= set(HEADERS) and "Bcc" not in message
    if message["To"] is not None:
        assert [a.addr_spec for a in message["To"].addresses] == ["dana@client.example"]


def test_a_second_recipient_is_not_added():
    """ "a, b" in the address gives a draft with no To rather than two recipients."""
    message = _parsed(eml_bytes(to="dana@client.example, evil@x.example", subject="Hi", body="x"))
    assert message["To"] is None


def test_the_downloaded_draft_has_exactly_its_headers(client, make, login_as, db):
    """A letter whose subject carries an encoded word downloads as a draft with no Bcc."""
    interview = make.make_ended_interview(minutes_ago=30)
    person = Interviewer.get((Interviewer.interview == interview) & (Interviewer.email != ""))
    letter = ThankYouLetter.create(
        interview=interview,
        interviewer=person,
        subject=SMUGGLED[0],
        body="Thank you for your time.",
    )
    login_as(interview.candidate)
    response = client.get(f"/candidate/interviews/{interview.id}/letters/{letter.id}/download.eml")
    assert response.status_code == 200
    message = _parsed(response.data)
    assert message.keys() == HEADERS
    assert message["To"] == "dana@client.example"
    assert message["Subject"] == "Thanks = ?utf-8?q?x=0ABcc=3A_evil=40attacker=2Eexample?="
