"""Small helpers the recruiter view modules share: the overdue setting, ids from forms,
day bounds in the recruiter's zone, and URL patterns for long tables."""

from __future__ import annotations

import datetime as dt

from flask import current_app

from portal.services import clock
from portal.web import signed_in_user


def overdue_minutes() -> int:
    return int(current_app.config["DEBRIEF_OVERDUE_MINUTES"])


def int_or_none(value) -> int | None:
    """A positive id from a query string or form value, or None."""
    value = (value or "").strip() if isinstance(value, str) else value
    if isinstance(value, int):
        return value if value > 0 else None
    if not value or not value.isdigit() or len(value) > 12:
        return None
    return int(value) or None


def day_start_utc(day: dt.date | None) -> dt.datetime | None:
    """Midnight at the start of `day` in the recruiter's zone, as naive UTC."""
    if day is None:
        return None
    return clock.to_utc(dt.datetime.combine(day, dt.time.min), signed_in_user().time_zone)


def day_end_utc(day: dt.date | None) -> dt.datetime | None:
    """Midnight at the end of `day` in the recruiter's zone, as naive UTC (exclusive bound)."""
    if day is None:
        return None
    return clock.to_utc(
        dt.datetime.combine(day, dt.time.min) + dt.timedelta(days=1), signed_in_user().time_zone
    )
