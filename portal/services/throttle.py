"""Attempt counting that holds across processes: one row per attempt, counted in a window.

In-process counters would give every gunicorn worker its own limit; the
database is shared by all of them.
"""

from __future__ import annotations

import datetime as dt

from peewee import fn

from portal.models import ThrottleEvent, utcnow


def record(*, key: str, now: dt.datetime | None = None) -> None:
    """Count one attempt under `key`."""
    ThrottleEvent.create(key=key, created_at=now or utcnow())


def recent_attempts(key, since):
    """How many attempts under `key` came after `since`, as a subquery (for callers that
    check a throttle in the same round trip as their own lookup)."""
    return ThrottleEvent.select(fn.COUNT(ThrottleEvent.id)).where(
        (ThrottleEvent.key == key) & (ThrottleEvent.created_at > since)
    )


def retry_after(*, key: str, limit: int, window: int, now: dt.datetime | None = None) -> int:
    """Seconds until `key` is below `limit` attempts in the last `window` seconds (0 = free)."""
    now = now or utcnow()
    since = now - dt.timedelta(seconds=window)
    recent = (
        ThrottleEvent.select(ThrottleEvent.created_at)
        .where((ThrottleEvent.key == key) & (ThrottleEvent.created_at > since))
        .order_by(ThrottleEvent.created_at.desc())
        .limit(limit)
        .tuples()
    )
    times = [row[0] for row in recent]
    if len(times) < limit:
        return 0
    # The oldest of the last `limit` attempts must leave the window.
    free_at = times[-1] + dt.timedelta(seconds=window)
    return max(1, int((free_at - now).total_seconds()) + 1)


def clear(*, key: str) -> None:
    """Forget the attempts under `key` (a successful sign-in clears its account's count)."""
    ThrottleEvent.delete().where(ThrottleEvent.key == key).execute()


def prune(*, older_than: int = 86400, now: dt.datetime | None = None) -> int:
    """Delete attempts older than `older_than` seconds; return how many."""
    cutoff = (now or utcnow()) - dt.timedelta(seconds=older_than)
    return ThrottleEvent.delete().where(ThrottleEvent.created_at < cutoff).execute()
