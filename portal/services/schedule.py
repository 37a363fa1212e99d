"""Scheduled work runs once per slot of its schedule, however many task consumers run.

Every consumer runs huey's periodic scheduler, so with two consumers each minute's
task is queued twice. Before doing the work, a task claims its slot (the minute, hour
or day it is scheduled for) by inserting a row that is unique per task and slot: the
database lets exactly one insert through, on SQLite and PostgreSQL alike, and the
consumer whose insert did not go through skips that slot.
"""

from __future__ import annotations

import datetime as dt

from portal.models import ScheduledRun
from portal.models import utcnow

# How long a claimed slot is remembered: far past any slot a late consumer could still
# be running (huey queues a periodic task for the minute it is due).
KEEP = dt.timedelta(days=7)


def slot_of(now: dt.datetime, every: dt.timedelta) -> dt.datetime:
    """The start of the slot `now` falls in, for a schedule that runs `every` so often."""
    step = int(every.total_seconds())
    seconds = int((now - dt.datetime(2000, 1, 1)).total_seconds())
    return dt.datetime(2000, 1, 1) + dt.timedelta(seconds=seconds - seconds % step)


def claim(*, task: str, every: dt.timedelta, now: dt.datetime | None = None) -> bool:
    """True for the first caller to claim `task`'s slot containing `now`; False for any other."""
    now = now or utcnow()
    inserted = (
        ScheduledRun.insert(task=task, slot=slot_of(now, every), ran_at=now)
        .on_conflict_ignore()
        .as_rowcount()
        .execute()
    )
    return inserted == 1


def prune(*, now: dt.datetime | None = None) -> int:
    """Forget claims older than `KEEP`; return how many went."""
    cutoff = (now or utcnow()) - KEEP
    return ScheduledRun.delete().where(ScheduledRun.slot < cutoff).execute()
