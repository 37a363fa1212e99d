"""A person's working hours in their own zone: when a recruiter takes calls and reads updates.

Hours are kept on the user as minutes after midnight (`work_starts`, `work_ends`) and ISO
weekdays (`work_days`, "1,2,3,4,5": Monday to Friday), read in `user.time_zone`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from portal.db import database
from portal.models import User
from portal.services import clock
from portal.services.errors import ServiceError
from portal.services.vocabulary import N_
from portal.services.vocabulary import Phrase

WEEKDAY_NAMES = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
# How far ahead to look for the next working moment: past a fortnight, the hours are empty.
HORIZON_DAYS = 14
ISO_DAYS = ("1", "2", "3", "4", "5", "6", "7")


@dataclass(frozen=True)
class Hours:
    """Working hours: from `starts` to `ends` (minutes after midnight) on ISO `days`."""

    starts: int
    ends: int
    days: frozenset[int]
    time_zone: str

    def describe(self) -> str:
        """'09:00–18:00, Mon–Fri, London time' (a Phrase: worded where it is shown)."""
        return Phrase(
            N_("%(starts)s–%(ends)s, %(days)s, %(zone)s"),
            starts=_hhmm(self.starts),
            ends=_hhmm(self.ends),
            days=days_label(self.days),
            zone=clock.zone_label(self.time_zone),
        )


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def days_label(days: frozenset[int]) -> str:
    """'Mon–Fri', 'Mon, Wed, Fri', 'every day' (a Phrase: each day's name is worded)."""
    ordered = sorted(days)
    if len(ordered) == 7:
        return Phrase(N_("every day"))
    names = [Phrase(WEEKDAY_NAMES[d - 1]) for d in ordered]
    if ordered and ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        return Phrase(N_("%(first)s–%(last)s"), first=names[0], last=names[-1])
    # A list of days has no words of its own: each day is worded, the commas stay.
    listed: dict[str, Any] = {f"day{i}": name for i, name in enumerate(names)}
    return Phrase(", ".join(f"%({key})s" for key in listed), **listed)


def parse_days(text: str) -> frozenset[int]:
    """ISO weekdays from '1,2,3' (unknown parts ignored)."""
    parts = (part.strip() for part in (text or "").split(","))
    return frozenset(int(part) for part in parts if part in ISO_DAYS)


def of(user: User) -> Hours:
    """`user`'s working hours."""
    return Hours(
        starts=int(user.work_starts),
        ends=int(user.work_ends),
        days=parse_days(user.work_days),
        time_zone=user.time_zone,
    )


def is_working(hours: Hours, when: dt.datetime) -> bool:
    """True when `when` (naive UTC) falls inside the working hours."""
    local = clock.to_local(when, hours.time_zone)
    minute = local.hour * 60 + local.minute
    return local.isoweekday() in hours.days and hours.starts <= minute < hours.ends


def day_start(hours: Hours, local_day: dt.date) -> dt.datetime:
    """The start of work on `local_day`, as naive UTC."""
    start = dt.datetime.combine(local_day, dt.time(hours.starts // 60, hours.starts % 60))
    return clock.to_utc(start, hours.time_zone)


def next_start(hours: Hours, after: dt.datetime) -> dt.datetime:
    """The first start of a working day after `after` (naive UTC); a fortnight on if none."""
    today = clock.to_local(after, hours.time_zone).date()
    for offset in range(HORIZON_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        if day.isoweekday() in hours.days:
            start = day_start(hours, day)
            if start > after:
                return start
    return after + dt.timedelta(days=HORIZON_DAYS)


def slots(
    hours: Hours,
    *,
    after: dt.datetime,
    minutes: int,
    count: int,
    taken: list[tuple[dt.datetime, int]] = (),  # type: ignore[assignment]
    keep: Callable[[dt.datetime], bool] | None = None,
) -> list[dt.datetime]:
    """The next `count` free slots of `minutes` starting after `after` (naive UTC), inside
    the working hours, on the half hour, none overlapping a `taken` (start, minutes), and
    (with `keep`) only those `keep` accepts: the search stops at the `count`th."""
    step = dt.timedelta(minutes=30)
    length = dt.timedelta(minutes=minutes)
    busy = [(start, start + dt.timedelta(minutes=m)) for start, m in taken]
    local = clock.to_local(after, hours.time_zone).replace(tzinfo=None)
    # First candidate: the next half hour at least 15 minutes from now.
    first = (local + dt.timedelta(minutes=15)).replace(second=0, microsecond=0)
    first += dt.timedelta(minutes=(-first.minute) % 30)
    found: list[dt.datetime] = []
    for offset in range(HORIZON_DAYS + 1):
        day = first.date() + dt.timedelta(days=offset)
        if day.isoweekday() not in hours.days:
            continue
        start = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=hours.starts)
        end = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=hours.ends)
        at = max(start, first)
        at += dt.timedelta(minutes=-(at.hour * 60 + at.minute) % 30)  # on the half hour
        # Most days one offset holds all day: a subtraction, not a zone lookup per slot.
        utc_offset = clock.steady_offset(day, hours.time_zone)
        while at + length <= end:
            utc = at - utc_offset if utc_offset is not None else clock.to_utc(at, hours.time_zone)
            free = not busy or not any(
                utc < b_end and b_start < utc + length for b_start, b_end in busy
            )
            if free and (keep is None or keep(utc)):
                found.append(utc)
                if len(found) == count:
                    return found
            at += step
    return found


def set_hours(*, user: User, starts: int, ends: int, days: frozenset[int]) -> None:
    """Save `user`'s working hours; ServiceError when they end before they start or no day."""
    if not 0 <= starts < ends <= 24 * 60:
        raise ServiceError("Working hours must end after they start.")
    if not days:
        raise ServiceError("Choose at least one working day.")
    with database.atomic():
        User.update(
            work_starts=starts, work_ends=ends, work_days=",".join(str(d) for d in sorted(days))
        ).where(User.id == user.id).execute()
