"""The outbox: email written with the change that caused it, then delivered by a worker.

A message is queued (`queue`) inside the caller's own transaction, so a change and
its email commit together or not at all. Its `key` is unique (a second `queue` with
the same key does nothing) and becomes its Message-ID.

Delivery (`due_ids`, then for each message `claim`, send, `mark_sent` / `mark_failed`)
is at-least-once:

- a message is claimed by a conditional UPDATE (pending -> sending) right before it is
  sent, one at a time, so two workers never send the same row at the same moment,
  however slow the mail server is;
- it is marked sent right after the SMTP server accepts it. If the worker dies in
  between (accepted, not yet marked), the row stays "sending"; after
  `STUCK_AFTER` it is claimed again and sent a second time, with the same
  Message-ID, which lets the receiving side recognise the duplicate. No protocol
  can close that window: SMTP has no "did you already accept this" question.
- failures retry with growing waits (`BACKOFF`); a permanent refusal (5xx) or the
  last attempt makes the message "dead", listed for the recruiter, who can resend.
"""

from __future__ import annotations

import datetime as dt
import threading

from peewee import JOIN

from portal.db import database
from portal.db import tuples
from portal.models import Interview
from portal.models import OutboxMessage
from portal.models import ShareLink
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import audit
from portal.services.errors import NotFound
from portal.services.mail import headers

# Seconds to wait after the 1st, 2nd, … failed attempt; one more attempt after the last.
BACKOFF = (60, 5 * 60, 15 * 60, 60 * 60, 4 * 60 * 60, 12 * 60 * 60)
MAX_ATTEMPTS = len(BACKOFF) + 1
# A "sending" row older than this belonged to a worker that died mid-send.
STUCK_AFTER = dt.timedelta(minutes=10)
KEEP_SENT = dt.timedelta(days=90)

_flag = threading.local()


# ---------------------------------------------------------------------------
# Queueing (inside the caller's transaction)
# ---------------------------------------------------------------------------


def queue(
    *,
    key: str,
    kind: str,
    to_address: str,
    to_name: str = "",
    user: User | int | None = None,
    interview: Interview | int | None = None,
    share_link: ShareLink | int | None = None,
    secret: str = "",
    context: str = "",
    now: dt.datetime | None = None,
    send_at: dt.datetime | None = None,
    held_until: dt.datetime | None = None,
) -> None:
    """Queue one message under `key`; a key already queued (or sent) is left alone.

    Call it inside the transaction of the change that causes the message. `send_at`
    holds it back until then (a nudge that may turn out not to be needed). `held_until`
    keeps it out of delivery altogether: it waits ("held") for its recipient's morning
    digest, due then (`notices.make_digests`).
    """
    to_address = one_line(to_address)
    if not to_address or "@" not in to_address:
        return
    now = now or utcnow()
    OutboxMessage.insert(
        key=key[:200],
        kind=kind,
        user=user,
        interview=interview,
        share_link=share_link,
        to_address=to_address[:254],
        to_name=one_line(to_name)[:120],
        secret=secret,
        context=context,
        status="held" if held_until else "pending",
        next_attempt_at=held_until or send_at or now,
        created_at=now,
    ).on_conflict_ignore().execute()
    # The web process asks the worker to deliver now rather than at its next minute.
    _flag.queued = True


def take_queued_flag() -> bool:
    """True (once) when this thread queued a message since the last call."""
    queued = getattr(_flag, "queued", False)
    _flag.queued = False
    return queued


# ---------------------------------------------------------------------------
# Delivery (the worker)
# ---------------------------------------------------------------------------


def one_line(value: str | None) -> str:
    """`value` on one line, as stored in a column shown on one line."""
    return headers.one_line((value or "").replace("\x00", " "))


def _claimable(now: dt.datetime, stuck_after: dt.timedelta):
    due = (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now)
    stuck = (OutboxMessage.status == "sending") & (OutboxMessage.claimed_at < now - stuck_after)
    return due | stuck


def due_ids(
    *, now: dt.datetime | None = None, limit: int = 50, stuck_after: dt.timedelta = STUCK_AFTER
) -> list[int]:
    """The ids of up to `limit` messages due now, oldest first (not yet claimed)."""
    now = now or utcnow()
    return [
        row[0]
        for row in tuples(
            OutboxMessage.select(OutboxMessage.id)
            .where(_claimable(now, stuck_after))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
    ]


def claim(
    *, message_id: int, now: dt.datetime | None = None, stuck_after: dt.timedelta = STUCK_AFTER
) -> OutboxMessage | None:
    """Claim one message for this worker right before sending it, or None when another
    worker has it (or it was sent meanwhile).

    One message at a time: a claim is as old as one message's send, never a whole
    batch's, so a slow mail server cannot make a claim look abandoned while its
    worker is still busy with the messages before it.
    """
    now = now or utcnow()
    with database.atomic():
        # Conditional: of two workers racing for a row, one changes it.
        won = (
            OutboxMessage.update(
                status="sending", claimed_at=now, attempts=OutboxMessage.attempts + 1
            )
            .where((OutboxMessage.id == message_id) & _claimable(now, stuck_after))
            .execute()
        )
    return OutboxMessage.get_or_none(OutboxMessage.id == message_id) if won else None


def mark_sent(*, message: OutboxMessage, via: str, subject: str, now: dt.datetime | None = None):
    """The transport accepted `message`: it is done; a one-time link in it is forgotten."""
    OutboxMessage.update(
        status="sent",
        sent_at=now or utcnow(),
        delivered_to=via,
        subject=one_line(subject)[:200],
        secret="",
        last_error="",
    ).where((OutboxMessage.id == message.id) & (OutboxMessage.status == "sending")).execute()


def mark_skipped(*, message: OutboxMessage, reason: str) -> None:
    """Not sent, on purpose (the person turned reminders off, the interview is gone)."""
    OutboxMessage.update(status="skipped", secret="", last_error=reason[:300]).where(
        OutboxMessage.id == message.id
    ).execute()


def mark_failed(
    *,
    message: OutboxMessage,
    error: str,
    permanent: bool,
    subject: str = "",
    now: dt.datetime | None = None,
) -> str:
    """Record a failed attempt: wait and retry, or, when permanent or the last one, dead.

    Returns the new status.
    """
    now = now or utcnow()
    attempts = message.attempts
    dead = permanent or attempts >= MAX_ATTEMPTS
    wait = BACKOFF[min(attempts, len(BACKOFF)) - 1] if attempts else BACKOFF[0]
    status = "dead" if dead else "pending"
    OutboxMessage.update(
        status=status,
        next_attempt_at=now if dead else now + dt.timedelta(seconds=wait),
        last_error=one_line(error)[:300],
        subject=one_line(subject)[:200] or message.subject,
    ).where(OutboxMessage.id == message.id).execute()
    return status


# ---------------------------------------------------------------------------
# The recruiter's view: failed messages, resend; housekeeping
# ---------------------------------------------------------------------------


def failed(*, limit: int = 200) -> list[OutboxMessage]:
    """Dead messages, newest first, with their recipient and interview."""
    return list(
        OutboxMessage.select(OutboxMessage, Interview)
        .join(Interview, JOIN.LEFT_OUTER, on=(OutboxMessage.interview == Interview.id))
        .where(OutboxMessage.status == "dead")
        .order_by(OutboxMessage.next_attempt_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    )


def counts() -> dict[str, int]:
    """How many messages are in each state (for the recruiter's outbox page)."""
    from peewee import fn

    rows = tuples(
        OutboxMessage.select(OutboxMessage.status, fn.COUNT(OutboxMessage.id)).group_by(
            OutboxMessage.status
        )
    )
    return {status: count for status, count in rows}


def resend(*, message_id: int, by: User, address: str = "", now: dt.datetime | None = None):
    """Put a dead message back in line, with fresh attempts; audited."""
    now = now or utcnow()
    with database.atomic():
        changed = (
            OutboxMessage.update(status="pending", attempts=0, next_attempt_at=now, last_error="")
            .where((OutboxMessage.id == message_id) & (OutboxMessage.status == "dead"))
            .execute()
        )
        if not changed:
            raise NotFound("That message is not waiting for a resend.")
        audit.record(by, "mail.resent", ("outbox_message", message_id), address=address)
        _flag.queued = True


def prune(*, now: dt.datetime | None = None) -> int:
    """Forget messages sent, skipped or told in a digest more than `KEEP_SENT` ago; return
    how many."""
    cutoff = (now or utcnow()) - KEEP_SENT
    return (
        OutboxMessage.delete()
        .where(
            OutboxMessage.status.in_(("sent", "skipped", "digested"))
            & (OutboxMessage.created_at < cutoff)
        )
        .execute()
    )
