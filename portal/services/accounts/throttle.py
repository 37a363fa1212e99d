"""Attempt counting that holds across processes: one row per attempt, counted in a window.

In-process counters would give every gunicorn worker its own limit; the
database is shared by all of them. `take` checks and counts in one locked
transaction, so a burst of parallel attempts gets no more than the limit.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from peewee import fn

from portal.db import database
from portal.db import is_sqlite
from portal.db import one_tuple
from portal.db import tuples
from portal.models import ThrottleEvent
from portal.models import utcnow


@dataclass(frozen=True)
class Limit:
    """At most `limit` attempts under `key` in any `window` seconds; then wait."""

    key: str
    limit: int
    window: int

    def wait(self, now: dt.datetime) -> int:
        """Seconds until one more attempt is allowed (0: now)."""
        since = now - dt.timedelta(seconds=self.window)
        times = [
            row[0]
            for row in tuples(
                ThrottleEvent.select(ThrottleEvent.created_at)
                .where((ThrottleEvent.key == self.key) & (ThrottleEvent.created_at > since))
                .order_by(ThrottleEvent.created_at.desc())
                .limit(max(1, self.limit))
            )
        ]
        if len(times) < self.limit:
            return 0
        # The oldest of the last `limit` attempts must leave the window.
        return _seconds_until(times[-1] + dt.timedelta(seconds=self.window), now)


@dataclass(frozen=True)
class Backoff:
    """A slow-down, never a lockout: past `free` attempts in `window` seconds, each
    next attempt waits after the latest one, twice as long each time (`base`
    seconds first, never more than `cap`)."""

    key: str
    free: int
    window: int
    base: int = 1
    cap: int = 60

    def wait(self, now: dt.datetime) -> int:
        """Seconds until one more attempt is allowed (0: now)."""
        since = now - dt.timedelta(seconds=self.window)
        count, latest = one_tuple(
            ThrottleEvent.select(
                fn.COUNT(ThrottleEvent.id), fn.MAX(ThrottleEvent.created_at)
            ).where((ThrottleEvent.key == self.key) & (ThrottleEvent.created_at > since))
        )
        if count < self.free or latest is None:
            return 0
        if isinstance(latest, str):  # SQLite hands an aggregate back as text
            latest = dt.datetime.fromisoformat(latest)
        gap = min(self.cap, self.base * 2 ** min(count - self.free, 30))
        return _seconds_until(latest + dt.timedelta(seconds=gap), now)


Rule = Limit | Backoff


@dataclass
class Taken:
    """What `take` did: `wait` seconds to wait (nothing counted), or the rows it counted."""

    wait: int
    ids: list[int]


def take(*rules: Rule, now: dt.datetime | None = None) -> Taken:
    """Count one attempt under every rule's key, unless a rule says wait.

    Checking and counting happen in one transaction that holds each key's lock
    (SQLite: the write lock taken at BEGIN; PostgreSQL: an advisory lock per
    key), so parallel attempts queue and the limit holds exactly.
    """
    now = now or utcnow()
    with database.atomic():
        _lock(sorted({rule.key for rule in rules}))
        wait = max((rule.wait(now) for rule in rules), default=0)
        if wait:
            return Taken(wait=wait, ids=[])
        ids = [ThrottleEvent.create(key=rule.key, created_at=now).id for rule in rules]
    return Taken(wait=0, ids=ids)


def give_back(*, ids: list[int]) -> None:
    """Uncount attempts `take` counted (a sign-in that turned out right)."""
    if ids:
        ThrottleEvent.delete().where(ThrottleEvent.id.in_(ids)).execute()


def _lock(keys: list[str]) -> None:
    if is_sqlite():
        return  # BEGIN IMMEDIATE (portal.db) already serialises every writer
    for key in keys:  # sorted: two transactions never wait on each other crosswise
        database.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (key,))


def _seconds_until(when: dt.datetime, now: dt.datetime) -> int:
    return max(0, math.ceil((when - now).total_seconds()))


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
    return Limit(key, limit, window).wait(now or utcnow())


def clear(*, key: str) -> None:
    """Forget the attempts under `key` (a successful sign-in clears its account's count)."""
    ThrottleEvent.delete().where(ThrottleEvent.key == key).execute()


def clear_prefix(*, prefix: str) -> None:
    """Forget the attempts under every key that starts with `prefix`."""
    ThrottleEvent.delete().where(ThrottleEvent.key.startswith(prefix)).execute()


def prune(*, older_than: int = 86400, now: dt.datetime | None = None) -> int:
    """Delete attempts older than `older_than` seconds; return how many."""
    cutoff = (now or utcnow()) - dt.timedelta(seconds=older_than)
    return ThrottleEvent.delete().where(ThrottleEvent.created_at < cutoff).execute()
