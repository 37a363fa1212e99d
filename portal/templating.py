"""Jinja filters and globals: local times, the vocabulary's labels, versioned static URLs,
the agency's name."""

from __future__ import annotations

import hashlib
from functools import lru_cache, partial
from pathlib import Path

from flask import Flask, current_app, url_for
from flask_login import current_user

from portal.services import clock, vocabulary, zone_choices
from portal.services.accounts import users


@lru_cache(maxsize=128)
def _file_version(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def static_url(filename: str) -> str:
    """URL of a static file with a content hash, so it can be cached for a year.

    Outside debug mode the files only change with a deploy (and a restart), so
    each URL is worked out once per process rather than with a stat per page.
    """
    known = current_app.extensions.setdefault("static_urls", {})
    url = known.get(filename)
    if url is None:
        path = Path(current_app.static_folder or "static") / filename
        version = _file_version(str(path), path.stat().st_mtime)
        url = url_for("static", filename=filename, v=version)
        if not current_app.debug:
            known[filename] = url
    return url


def _viewer_zone() -> str:
    if current_user and current_user.is_authenticated:
        return current_user.time_zone
    return "UTC"


def when_filter(value, tz: str | None = None) -> str:
    """'today 14:00' in the viewer's (or the given) zone."""
    if value is None:
        return ""
    return clock.absolute(value, tz or _viewer_zone())


def long_date_filter(value, tz: str | None = None) -> str:
    """'Friday 18 December 2026, 14:05' in the given (or the viewer's) zone."""
    if value is None:
        return ""
    return clock.long_date(value, tz or _viewer_zone())


def ago_filter(value) -> str:
    """'40 min ago' / 'in 2 days'."""
    if value is None:
        return ""
    return clock.relative(value)


def iso_filter(value) -> str:
    """ISO 8601 in UTC with a Z, for <time datetime>."""
    if value is None:
        return ""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def counted_filter(number: int, noun: str, plural: str | None = None) -> str:
    """'1 letter', '3 letters' (pass `plural` for a noun that does not just take an s)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def masked_email_filter(email: str) -> str:
    """An address as "a•••@example.com": enough for its owner to recognise it, not to
    read it off a page someone else opened (an unsubscribe link in a forwarded email)."""
    local, at, domain = (email or "").rpartition("@")
    if not at:
        return "\u2022\u2022\u2022"
    return f"{local[:1]}\u2022\u2022\u2022@{domain}"


def init_app(app: Flask) -> None:
    """Register the filters and globals every template may use."""
    app.jinja_env.filters["when"] = when_filter
    app.jinja_env.filters["ago"] = ago_filter
    app.jinja_env.filters["long_date"] = long_date_filter
    app.jinja_env.filters["zone_label"] = clock.zone_label
    app.jinja_env.filters["iso"] = iso_filter
    app.jinja_env.filters["counted"] = counted_filter
    app.jinja_env.filters["masked_email"] = masked_email_filter
    app.jinja_env.filters["account_state"] = users.account_state
    app.jinja_env.filters["role_label"] = vocabulary.role_label
    app.jinja_env.filters["format_label"] = lambda value: vocabulary.FORMATS.get(value, value)
    app.jinja_env.filters["meeting_label"] = lambda value: vocabulary.FORMAT_AS_MEETING.get(
        value, value
    )
    app.jinja_env.filters["decision_label"] = lambda value: vocabulary.DECISIONS.get(value, "")
    app.jinja_env.filters["exchanged_label"] = partial(
        vocabulary.label, vocabulary.ENOUGH_EXCHANGED
    )
    app.jinja_env.filters["decision_makers_label"] = partial(
        vocabulary.label, vocabulary.DECISION_MAKERS
    )
    app.jinja_env.globals["static_url"] = static_url
    app.jinja_env.globals["likely_zones"] = zone_choices.likely
    app.jinja_env.filters["zone_place"] = zone_choices.label
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    app.jinja_env.globals["agency_name"] = app.config["AGENCY_NAME"]
    app.jinja_env.globals["agency_time_zone"] = app.config["AGENCY_TIME_ZONE"]
