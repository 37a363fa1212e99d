"""Jinja filters and globals: local times, the vocabulary's labels, versioned static URLs,
the agency's name."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import lru_cache
from functools import partial
from pathlib import Path
from typing import Any

from babel import Locale
from babel import dates as babel_dates
from flask import Flask
from flask import current_app
from flask import g
from flask import has_request_context
from flask import request
from flask import url_for
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext

from portal.form_html import FIELD_DRAWERS
from portal.form_html import filled
from portal.i18n import gettext
from portal.i18n import page_catalog
from portal.i18n import page_locale
from portal.i18n import say
from portal.models import utcnow
from portal.services import clock
from portal.services import vocabulary
from portal.services import zone_choices
from portal.services.accounts import users
from portal.web import signed_in_user


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
    user = signed_in_user()  # one lookup, not three (a board draws hundreds of times)
    if user and user.is_authenticated:
        return user.time_zone
    return "UTC"


# Date patterns (CLDR) per language; a language without its own takes English's.
SHORT_DATE = {"en": "EEE d MMM", "es": "EEE d MMM"}
YEAR_DATE = {"en": "d MMM y", "es": "d MMM y"}
# The day's part of a long date; the time follows as ", 14:05".
LONG_DAY = {"en": "EEEE d MMMM y", "es": "EEEE, d 'de' MMMM 'de' y"}


@lru_cache(maxsize=16)
def _babel_locale(language: str) -> Locale:
    # Babel parses a locale given by name on every call (most of a date's cost); these
    # are parsed once per language.
    return Locale.parse(language)


def reader_language() -> str:
    """The language of the page (or email) being rendered: "en", "es"."""
    locale = page_locale()
    return locale.language if locale is not None else "en"


def local_time(value, tz: str | None = None) -> str:
    """'14:05': the clock time of a stored UTC time in the given (or the viewer's) zone."""
    return clock.to_local(value, tz or _viewer_zone()).strftime("%H:%M")


def when(value, tz: str, *, now=None) -> str:
    """'today 14:00', 'Thu 3 Dec 14:00', '3 Dec 2025 14:00' in the reader's language, in
    zone `tz` (the words for today, tomorrow and yesterday through the catalog)."""
    local = clock.to_local(value, tz)
    days = (local.date() - clock.to_local(now or utcnow(), tz).date()).days
    time = local.strftime("%H:%M")
    if days == 0:
        return gettext("today %(time)s", time=time)
    if days == 1:
        return gettext("tomorrow %(time)s", time=time)
    if days == -1:
        return gettext("yesterday %(time)s", time=time)
    language = reader_language()
    patterns = SHORT_DATE if abs(days) < 180 else YEAR_DATE
    day = _day_words(local.date(), patterns.get(language, patterns["en"]), language)
    return f"{day} {time}"


@lru_cache(maxsize=1024)
def _day_words(day: dt.date, pattern: str, language: str) -> str:
    # The date part only (the patterns name no time): a board's hundreds of rows fall on
    # a few dozen days, each worded once.
    return babel_dates.format_date(day, pattern, locale=_babel_locale(language))


def when_filter(value, tz: str | None = None) -> str:
    """'today 14:00' in the viewer's (or the given) zone, in the reader's language."""
    if value is None:
        return ""
    return page_dates(tz or _viewer_zone()).when(value)


def day_and_time(value, tz: str) -> str:
    """'Wed 11 Jun, 08:00' ('mié 11 jun, 08:00') in zone `tz`, in the reader's language."""
    language = reader_language()
    return babel_dates.format_datetime(
        clock.to_local(value, tz), "EEE d MMM, HH:mm", locale=language
    )


def time_beside(value, tz: str, beside: str) -> str:
    """'16:00', or 'Thu 16:00' when the day in zone `tz` is not the day in zone `beside`:
    a time given next to another zone's (a call across zones)."""
    local = clock.to_local(value, tz)
    day = ""
    if local.date() != clock.to_local(value, beside).date():
        day = babel_dates.format_datetime(local, "EEE", locale=reader_language()) + " "
    return f"{day}{local:%H:%M}"


def long_date(value, tz: str) -> str:
    """'Friday 18 December 2026, 14:05' (Spanish: 'viernes, 18 de diciembre de 2026,
    14:05') in zone `tz`, in the reader's language."""
    language = reader_language()
    local = clock.to_local(value, tz)
    # The day worded once per day and language (_day_words), as `when` does: babel's
    # own formatting of the whole pattern was most of a share page's date.
    day = _day_words(local.date(), LONG_DAY.get(language, LONG_DAY["en"]), language)
    return f"{day}, {local.hour:02d}:{local.minute:02d}"


def call_time(value, tz: str) -> str:
    """When a booked call is, for a sentence: 'Friday 18 December 2026, 14:05 (London
    time)' in zone `tz` and the reader's language; 'as soon as you can' with no time."""
    if value is None:
        return gettext("as soon as you can")
    return f"{long_date(value, tz)} ({zone_label_filter(tz)})"


def long_date_filter(value, tz: str | None = None) -> str:
    """'Friday 18 December 2026, 14:05' in the given (or the viewer's) zone."""
    if value is None:
        return ""
    return long_date(value, tz or _viewer_zone())


def ago_filter(value) -> str:
    """'40 min ago' / 'in 2 days' ('hace 40 minutos' / 'dentro de 2 días')."""
    if value is None:
        return ""
    return page_dates("UTC").ago(value)


class PageDates:
    """`when` and `ago` for a page that words hundreds of dates (the board's rows,
    recruiter/board_lines.py): the zone, the reader's language, today and the words for
    near days are looked up once, and every date is measured from the same moment. Same
    words as the filters."""

    def __init__(self, tz: str, *, now: dt.datetime | None = None) -> None:
        self._zone = clock.zone(tz)
        self._now = now or utcnow()
        self._today = self._local(self._now).date()
        self._language = reader_language()
        catalog = page_catalog()
        self._near = {
            0: catalog.ugettext("today %(time)s"),
            1: catalog.ugettext("tomorrow %(time)s"),
            -1: catalog.ugettext("yesterday %(time)s"),
        }

    def _local(self, value: dt.datetime) -> dt.datetime:
        # clock.to_local's answer: the zone reads the naive UTC time as UTC (its fromutc).
        return self._zone.fromutc(value.replace(tzinfo=self._zone))

    def when(self, value: dt.datetime | None) -> str:
        """The `when` filter's words: 'today 14:00', 'Thu 3 Dec 14:00', '3 Dec 2025 14:00'."""
        if value is None:
            return ""
        local = self._local(value)
        day = local.date()
        days = (day - self._today).days
        time = f"{local.hour:02d}:{local.minute:02d}"
        near = self._near.get(days)
        if near is not None:
            return near % {"time": time}
        language = self._language
        patterns = SHORT_DATE if abs(days) < 180 else YEAR_DATE
        return f"{_day_words(day, patterns.get(language, patterns['en']), language)} {time}"

    def ago(self, value: dt.datetime | None) -> str:
        """The `ago` filter's words: '40 min ago', 'in 2 days'."""
        if value is None:
            return ""
        if self._language == "en":
            return clock.relative(value, now=self._now)
        span = clock.signed_span(value, now=self._now)
        if abs(span.total_seconds()) < 60:
            return gettext("just now")
        return babel_dates.format_timedelta(
            span, add_direction=True, threshold=1.0, locale=_babel_locale(self._language)
        )


def page_dates(tz: str) -> PageDates:
    """The request's PageDates for zone `tz` in the reader's language: a page's dates are
    worded from one moment, the zone, its today and the near days' words looked up once.
    (An email worded in another language in the same request gets its own.)"""
    if not has_request_context():
        return PageDates(tz)
    kept = g.get("page_dates")
    if kept is None:
        kept = g.page_dates = {}
    key = (tz, page_locale())
    dates = kept.get(key)
    if dates is None:
        dates = kept[key] = PageDates(tz)
    return dates


def page_url(endpoint: str, **values: Any) -> str:
    """Flask's `url_for` for templates, each address built once per app: the same endpoint
    and values always make the same path (werkzeug's builder costs about 4 µs a link, a
    page draws a dozen). External addresses, `_anchor` and the like, and any call outside
    a request go to `url_for` itself."""
    if not has_request_context() or (values and any(name[0] == "_" for name in values)):
        return url_for(endpoint, **values)
    extensions = current_app.extensions
    built = extensions.get("page_urls")
    if built is None:
        # One cache per app (it goes with the app), kept to the links most drawn.
        built = extensions["page_urls"] = lru_cache(maxsize=4096)(_built_url)
    current = request._get_current_object()  # type: ignore[attr-defined] # one proxy read
    try:
        return built(
            current.script_root,
            current.blueprint if endpoint[0] == "." else None,
            endpoint,
            tuple(values.items()),
        )
    except TypeError:  # a value that cannot be a key (a list): built each time
        return url_for(endpoint, **values)


def _built_url(script_root: str, blueprint: str | None, endpoint: str, values) -> str:
    # The arguments are the key: `url_for` reads the same root and blueprint.
    return url_for(endpoint, **dict(values))


def zone_label_filter(tz: str) -> str:
    """'London time' for Europe/London, in the reader's language."""
    name = clock.zone(tz).key
    if name == "UTC":
        return "UTC"
    return gettext("%(city)s time", city=name.rsplit("/", 1)[-1].replace("_", " "))


def iso_filter(value) -> str:
    """ISO 8601 in UTC with a Z, for <time datetime>."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):  # strftime's words (years 1000 on), in half the time
        return value.isoformat()[:19] + "Z"
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


def translated(words: Callable[..., str]) -> Callable[..., str]:
    """A vocabulary lookup whose label comes out in the reader's language."""

    def label(*args, **kwargs) -> str:
        text = words(*args, **kwargs)
        return gettext(text) if text else text

    return label


def role_label(role: str, *, in_sentence: bool = False) -> str:
    """'Decision maker' ('Responsable de la decisión'), lower-cased mid-sentence."""
    text = gettext(vocabulary.role_label(role)) if role else ""
    if in_sentence and not text.isupper():
        return text[:1].lower() + text[1:]
    return text


def worded(text: str) -> str:
    """Stored text in the reader's language when it is still the portal's own words (the
    default checklist's items, marked for the catalog), else exactly as stored. Plain text,
    escaped like any other: never the template's `_()`, whose result is markup."""
    return gettext(text) if text else text


# Jinja's i18n extension ("newstyle") wraps each message in three context calls
# (`_` -> `gettext` -> the function given); a page words about 130 messages. These do
# what its newstyle functions do, in one call: the message in the reader's language,
# made safe where the template escapes, then filled (`%%` is a percent sign), each
# value escaped by Markup's `%`.
def _worded(eval_ctx: EvalContext, text: str, variables: dict[str, object]) -> str:
    if eval_ctx.autoescape:
        return filled(text, variables)
    return text % variables if variables or "%" in text else text


# A message with no values is the same markup on every page in a language: worded and
# marked once per catalog (a page shows about thirty). Catalog: (catalog, its messages).
_marked_messages: dict[int, tuple[Any, dict[str, str]]] = {}
_MARKED_MOST = 4096  # per catalog: templates hold far fewer; emptied if ever reached


@pass_eval_context
def _template_gettext(eval_ctx: EvalContext, message: str, /, **variables: object) -> str:
    catalog = page_catalog()
    if variables or not eval_ctx.autoescape:
        return _worded(eval_ctx, catalog.ugettext(message), variables)
    # By the catalog's id, the catalog kept beside it (so no other takes that id).
    kept = _marked_messages.get(id(catalog))
    if kept is None:
        kept = _marked_messages[id(catalog)] = (catalog, {})
    marked = kept[1].get(message)
    if marked is None:
        if len(kept[1]) >= _MARKED_MOST:
            kept[1].clear()
        marked = kept[1][message] = _worded(eval_ctx, catalog.ugettext(message), variables)
    return marked


@pass_eval_context
def _template_ngettext(
    eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: object
) -> str:
    variables.setdefault("num", num)
    return _worded(eval_ctx, page_catalog().ungettext(singular, plural, num), variables)


def init_app(app: Flask) -> None:
    """Register the filters and globals every template may use."""
    app.jinja_env.filters["when"] = when_filter
    app.jinja_env.filters["ago"] = ago_filter
    app.jinja_env.filters["long_date"] = long_date_filter
    app.jinja_env.filters["zone_label"] = zone_label_filter
    app.jinja_env.filters["clock_time"] = local_time
    app.jinja_env.filters["worded"] = worded
    app.jinja_env.filters["say"] = say
    app.jinja_env.filters["day_and_time"] = day_and_time
    app.jinja_env.filters["time_beside"] = time_beside
    app.jinja_env.globals["page_language"] = reader_language
    app.jinja_env.globals["url_for"] = page_url
    # Flask-Babel's template functions, with the catalog looked up once a request.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: page_catalog().ugettext(s),
        ngettext=lambda s, p, n: page_catalog().ungettext(s, p, n),
        pgettext=lambda c, s: page_catalog().upgettext(c, s),
        npgettext=lambda c, s, p, n: page_catalog().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update(
        _=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext
    )
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.filters["iso"] = iso_filter
    app.jinja_env.filters["counted"] = counted_filter
    app.jinja_env.filters["masked_email"] = masked_email_filter
    app.jinja_env.filters["account_state"] = translated(users.account_state)
    # The vocabulary's words, each in the reader's language (gettext of a word the
    # catalog lacks, an old stored value say, is the word itself).
    app.jinja_env.filters["role_label"] = role_label
    app.jinja_env.filters["format_label"] = translated(
        partial(vocabulary.label, vocabulary.FORMATS, blank="")
    )
    app.jinja_env.filters["meeting_label"] = translated(
        partial(vocabulary.label, vocabulary.FORMAT_AS_MEETING, blank="")
    )
    app.jinja_env.filters["audit_action"] = translated(
        partial(vocabulary.label, vocabulary.AUDIT_ACTIONS, blank="")
    )
    app.jinja_env.filters["decision_label"] = translated(
        lambda value: vocabulary.DECISIONS.get(value, "")
    )
    app.jinja_env.filters["exchanged_label"] = translated(
        partial(vocabulary.label, vocabulary.ENOUGH_EXCHANGED)
    )
    app.jinja_env.filters["decision_makers_label"] = translated(
        partial(vocabulary.label, vocabulary.DECISION_MAKERS)
    )
    app.jinja_env.globals["static_url"] = static_url
    # input, textarea, select, radios, checkbox: how every form field is drawn.
    app.jinja_env.globals.update(FIELD_DRAWERS)
    app.jinja_env.globals["likely_zones"] = zone_choices.likely
    app.jinja_env.filters["zone_place"] = zone_choices.label
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    app.jinja_env.globals["agency_name"] = app.config["AGENCY_NAME"]
    app.jinja_env.globals["agency_time_zone"] = app.config["AGENCY_TIME_ZONE"]
