"""Times as people read them: stored in UTC, shown in the viewer's zone, relative and absolute."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError
from zoneinfo import available_timezones

from portal.services.vocabulary import N_
from portal.services.vocabulary import Phrase

UTC = dt.UTC
# Interviews and filters live in this span. Far from the calendar's ends, where
# a time zone's offset or "the day after" would overflow (year 9999 + 1 day).
EARLIEST = dt.datetime(2000, 1, 1)
LATEST = dt.datetime(2100, 1, 1)


def _now() -> dt.datetime:
    from portal.models import utcnow  # the one clock, which a rehearsal can hold still

    return utcnow()


def in_range(when: dt.date | dt.datetime) -> bool:
    """True when `when` (a date or a naive date and time) falls in 2000–2099."""
    day = when.date() if isinstance(when, dt.datetime) else when
    return EARLIEST.date() <= day < LATEST.date()


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for `name`, or UTC when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name people pick from (Area/City), sorted."""
    return tuple(sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/")))


def is_zone(name: str) -> bool:
    """True when `name` is an IANA time zone we offer."""
    return name in zone_names() or name == "UTC"


def to_local(when: dt.datetime, tz: str) -> dt.datetime:
    """A stored naive-UTC time as an aware time in zone `tz`."""
    return when.replace(tzinfo=UTC).astimezone(zone(tz))


def steady_offset(day: dt.date, tz: str) -> dt.timedelta | None:
    """Zone `tz`'s UTC offset all through local `day`; None on a day its clocks change
    (each time of that day then needs `to_utc`)."""
    found = zone(tz)
    first = dt.datetime.combine(day, dt.time(), tzinfo=found).utcoffset()
    last = dt.datetime.combine(day, dt.time(23, 59), tzinfo=found).utcoffset()
    return first if first == last else None


def steady_utc_offset(day: dt.date, tz: str) -> dt.timedelta | None:
    """Zone `tz`'s UTC offset all through the UTC `day` (naive UTC + offset = wall clock);
    None on a day its clocks change."""
    found = zone(tz)
    first = dt.datetime.combine(day, dt.time(), tzinfo=UTC).astimezone(found).utcoffset()
    last = dt.datetime.combine(day, dt.time(23, 59), tzinfo=UTC).astimezone(found).utcoffset()
    return first if first == last else None


def to_utc(local: dt.datetime, tz: str) -> dt.datetime:
    """A naive wall-clock time in zone `tz` as naive UTC (how it is stored)."""
    return local.replace(tzinfo=zone(tz)).astimezone(UTC).replace(tzinfo=None)


def absolute(when: dt.datetime, tz: str, *, now: dt.datetime | None = None) -> str:
    """'Today 14:00', 'Tomorrow 09:30', 'Thu 3 Dec 14:00', '3 Dec 2025 14:00'."""
    local = to_local(when, tz)
    today = to_local(now or _now(), tz).date()
    clock = local.strftime("%H:%M")
    days = (local.date() - today).days
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"tomorrow {clock}"
    if days == -1:
        return f"yesterday {clock}"
    if abs(days) < 180:
        return f"{local:%a} {local.day} {local:%b} {clock}"
    return f"{local.day} {local:%b %Y} {clock}"


def days_from_today(when: dt.datetime, tz: str, *, now: dt.datetime | None = None) -> int:
    """How many calendar days `when` falls after today (negative: before), in zone `tz`."""
    today = to_local(now or _now(), tz).date()
    return (to_local(when, tz).date() - today).days


def signed_span(when: dt.datetime, *, now: dt.datetime | None = None) -> dt.timedelta:
    """`when` minus now (positive: in the future)."""
    return when - (now or _now())


def long_date(when: dt.datetime, tz: str) -> str:
    """'Friday 18 December 2026, 14:05': a date anyone reads at a glance, in zone `tz`."""
    local = to_local(when, tz)
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M}"


def zone_label(tz: str) -> str:
    """'London time' for Europe/London, 'New York time' for America/New_York."""
    name = zone(tz).key
    if name == "UTC":
        return "UTC"
    return Phrase(N_("%(city)s time"), city=name.rsplit("/", 1)[-1].replace("_", " "))


def relative(when: dt.datetime, *, now: dt.datetime | None = None) -> str:
    """'in 2 days', '40 min ago', 'just now'."""
    now = now or _now()
    seconds = int((when - now).total_seconds())
    future = seconds > 0
    seconds = abs(seconds)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        amount = f"{seconds // 60} min"
    elif seconds < 86400:
        hours = seconds // 3600
        amount = f"{hours} hour{'s' if hours != 1 else ''}"
    else:
        # Past a day people count in days: 47 hours reads "2 days".
        days = max(1, round(seconds / 86400))
        amount = f"{days} day{'s' if days != 1 else ''}"
    return f"in {amount}" if future else f"{amount} ago"


def duration(seconds: float) -> str:
    """A span as '40 min', '3 h 10 min', '2 days 4 h'."""
    seconds = int(max(0, seconds))
    if seconds < 3600:
        return Phrase(N_("%(minutes)s min"), minutes=seconds // 60)
    if seconds < 86400:
        hours, rest = divmod(seconds, 3600)
        if rest >= 60:
            return Phrase(N_("%(hours)s h %(minutes)s min"), hours=hours, minutes=rest // 60)
        return Phrase(N_("%(hours)s h"), hours=hours)
    days, rest = divmod(seconds, 86400)
    hours = rest // 3600
    in_days = Phrase(N_("%(days)s day") if days == 1 else N_("%(days)s days"), days=days)
    return Phrase(N_("%(days)s %(hours)s h"), days=in_days, hours=hours) if hours else in_days
