"""Every kind of message arrives with exactly its own headers, whatever a name holds.

An RFC 2047 encoded word hiding CR LF (`=?utf-8?q?=0D=0AReply-To:…?=`) in a person's
name, a position title, a client's or a share recipient's name must not add a header,
a recipient or a body to any message (seen in the real SMTP server).
"""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes
from email import policy

import pytest

from portal import tasks
from portal.models import ClientAnswer
from portal.models import OutboxMessage
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import users
from portal.services.letters import kept
from portal.services.mail import notices
from portal.services.mail import outbox
from tests import factories

SMUGGLED = "=?utf-8?q?=0D=0AReply-To:_evil=40attacker=2Eexample=0D=0A=0D=0Asmuggled_body?="
QUOTED = "=?utf-8?b?DQpCY2M6IGV2aWxAYXR0YWNrZXIuZXhhbXBsZQ0KDQpib2R5?="

BASE = {"From", "To", "Subject", "Date", "Message-ID", "Auto-Submitted", "MIME-Version"}
REPLY = {"Reply-To"}
UNSUBSCRIBE = {"List-Unsubscribe", "List-Unsubscribe-Post"}
CONTENT = {"Content-Type"}


def _expected(kind: str) -> set[str]:
    """The headers each kind carries: every message to a candidate answers to the recruiter."""
    found = BASE | CONTENT
    if notices.KINDS[kind].audience in ("candidate", "client", "both"):  # "both": to Ana
        found |= REPLY
    if notices.KINDS[kind].category == "reminder":
        found |= UNSUBSCRIBE
    return found


@pytest.fixture
def hostile(make):
    """A world where every name and title a header could show carries an encoded word."""
    recruiter = make.make_recruiter(
        name=f"Rae {QUOTED}", email="rae@agency.example", phone="+44 20 7946 0001"
    )
    candidate = make.make_candidate(
        name=f"Ana {SMUGGLED}", email="ana@example.com", time_zone="UTC"
    )
    client = make.make_client(name=f"Halcyon {SMUGGLED}")
    position = make.make_position(client=client, title=f"Engineer {SMUGGLED}")
    interview = make.make_interview(candidate=candidate, recruiter=recruiter, position=position)
    link = make.make_share_link(
        interview=interview,
        created_by=recruiter,
        recipient_name=f"Harper {SMUGGLED}",
        recipient_company=f"Client {QUOTED}",
    )
    ClientAnswer.create(share_link=link, interview=interview, interest=4)
    # A sent debrief (for "debrief sent") and draft letters (for "letters due").
    make.make_debrief(interview=interview, call_me=True, call_times=f"after 5 {SMUGGLED}")
    kept.ensure_drafts(interview=interview, candidate=candidate)
    OutboxMessage.delete().execute()
    return recruiter, candidate, interview, link


def _queue(kind: str, recruiter, candidate, interview, link) -> None:
    """One message of `kind` in the outbox, as its trigger would queue it."""
    if kind in ("invite", "reset"):
        users.issue_token(user=candidate, purpose=kind, hours=2, created_by=recruiter)
        return
    if kind.startswith("call_") and kind != "call_request":
        factories.make_call_booking(
            interview=interview,
            asked_at=utcnow(),
            starts_at=utcnow() + dt.timedelta(days=1),
            note=f"Mornings {SMUGGLED}",
            cancelled_at=utcnow() if kind == "call_cancelled" else None,
        )
    if kind == "retention_warning":
        User.update(retention_warned_at=utcnow()).where(User.id == candidate.id).execute()
    if notices.KINDS[kind].audience == "client":
        # The link's raw token rides along (the fixture's link keeps it on `raw_token`).
        outbox.queue(
            key=f"{kind}:test",
            kind=kind,
            to_address="harper@client.example",
            to_name=link.recipient_name,
            interview=interview.id,
            share_link=link.id,
            secret=link.raw_token,
        )
        if kind == "client_nudge":
            ClientAnswer.delete().execute()  # an unanswered client is the one nudged
        return
    to = recruiter if notices.KINDS[kind].audience == "recruiter" else candidate
    outbox.queue(
        key=f"{kind}:test",
        kind=kind,
        to_address=to.email,
        to_name=to.name,
        user=to.id,
        interview=interview.id,
        share_link=link.id if kind in ("share_opened", "client_answer") else None,
    )


@pytest.mark.parametrize("kind", sorted(notices.KINDS))
def test_every_kind_has_exactly_its_headers(mail_app, smtp, hostile, kind):
    """No name or title adds a header, a recipient or a body, in any kind of message."""
    recruiter, candidate, interview, link = hostile
    if kind == "interview_cancelled":
        interview.status = "cancelled"
        interview.save()
    _queue(kind, recruiter, candidate, interview, link)
    outcome = tasks.run_delivery(mail_app, now=utcnow() + dt.timedelta(seconds=1))
    assert outcome["sent"] == 1, (outcome, OutboxMessage.get().last_error)
    (envelope,) = smtp.received
    assert len(envelope.rcpt_tos) == 1
    raw = envelope.content
    message = message_from_bytes(raw, policy=policy.default)
    assert set(message.keys()) == _expected(kind)
    assert all(len(message.get_all(name)) == 1 for name in message)
    assert b"\r\nReply-To: evil" not in raw and b"\nBcc:" not in raw
    assert b"\nsmuggled body" not in raw and b"\r\nbody" not in raw
    if "Reply-To" in message:
        assert [a.addr_spec for a in message["Reply-To"].addresses] == ["rae@agency.example"]
    parts = [part.get_content_type() for part in message.walk()]
    assert parts[:3] in (
        ["multipart/alternative", "text/plain", "text/html"],
        ["multipart/mixed", "multipart/alternative", "text/plain"],
    )
    for part in list(message.walk())[1:]:
        # No part grew a header from a name either.
        assert "Reply-To" not in part and "Bcc" not in part
