"""Small helpers the recruiter view modules share: the overdue setting, ids from forms,
day bounds in the recruiter's zone, the filtered and keyset-paged lists, URL patterns for
long tables, and one-time links (inviting a person from a form, showing the link once)
for candidates and recruiters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from collections.abc import Iterable
from typing import Any

from flask import current_app
from flask import render_template
from flask import request
from flask import url_for

from portal.models import User
from portal.services import clock
from portal.services.errors import Conflict
from portal.services.errors import ServiceError
from portal.web import caller_address
from portal.web import error_text
from portal.web import show_error
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


def carried(names: Iterable[str]) -> dict[str, str]:
    """The query string's values of `names` that are set: a list's filters, carried into
    its paging and export links."""
    return {name: request.args[name] for name in names if request.args.get(name)}


def paged_list(
    template: str, *, page_of: Callable[..., Any], carry: dict[str, str], **context: Any
) -> str:
    """A filtered, keyset-paged list: the page `page_of(after=…, before=…)` finds at the
    query string's cursors, drawn by `template` with `carry` (the filters its paging
    links keep; `filtered` when there are any) and `context`."""
    page = page_of(after=request.args.get("after"), before=request.args.get("before"))
    return render_template(template, page=page, carry=carry, filtered=bool(carry), **context)


def link_hours(purpose: str) -> int:
    """How long a one-time link for `purpose` ("invite" or "reset") works."""
    return current_app.config["INVITE_TTL_HOURS" if purpose == "invite" else "RESET_TTL_HOURS"]


def link_page(person: User, purpose: str, token: str, **context):
    """Show a one-time link once (it is never stored, so this is the only chance)."""
    endpoint = "auth.accept_invite" if purpose == "invite" else "auth.reset_password"
    return render_template(
        "recruiter/link_made.html",
        candidate=person,
        link=url_for(endpoint, token=token, _external=True),
        purpose=purpose,
        hours=link_hours(purpose),
        **context,
    )


def invite_from(
    form, invite: Callable[..., tuple[User, str]]
) -> tuple[tuple[User, str] | None, int]:
    """A posted invite form (email, name, phone): `invite(...)` (a service) makes the
    account and its link. ((person, token), 200) once made; else (None, the status to draw
    the page with: 400 after a mistake or a refusal, shown on the form)."""
    if not form.validate_on_submit():
        return None, 400 if form.is_submitted() else 200
    try:
        made = invite(
            email=form.email.data,
            name=form.name.data,
            phone=form.phone.data or "",
            by=signed_in_user(),
            hours=link_hours("invite"),
            address=caller_address(),
        )
    except Conflict as exc:
        form.email.errors = [*form.email.errors, error_text(exc)]
    except ServiceError as exc:
        show_error(form, exc)
    else:
        return made, 200
    return None, 400
