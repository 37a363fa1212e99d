"""Small helpers every recruiter view module shares: the signed-in recruiter, errors, dates."""

from __future__ import annotations

import datetime as dt

from flask import current_app, request, url_for
from flask_login import current_user

from portal.models import User
from portal.services import clock
from portal.services.errors import ServiceError


def me() -> User:
    """The signed-in recruiter as a model instance (services take models, not proxies)."""
    return current_user._get_current_object()


def address() -> str:
    return request.remote_addr or ""


def overdue_minutes() -> int:
    return int(current_app.config["DEBRIEF_OVERDUE_MINUTES"])


def show_error(form, exc: ServiceError) -> None:
    """Put a service's message beside the field it names, or in the form's summary."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)


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
    return clock.to_utc(dt.datetime.combine(day, dt.time.min), me().time_zone)


def day_end_utc(day: dt.date | None) -> dt.datetime | None:
    """Midnight at the end of `day` in the recruiter's zone, as naive UTC (exclusive bound)."""
    if day is None:
        return None
    return clock.to_utc(
        dt.datetime.combine(day, dt.time.min) + dt.timedelta(days=1), me().time_zone
    )


def url_pattern(endpoint: str, *names: str) -> str:
    """`url_for(endpoint)` with each named argument left as a `{name}` hole.

    Long tables fill the holes with `str.format` per row: far cheaper than a
    `url_for` per row and link.
    """
    holes = {name: 987654300 + n for n, name in enumerate(names)}
    url = url_for(endpoint, **holes)
    for name, value in holes.items():
        url = url.replace(str(value), "{" + name + "}")
    return url
