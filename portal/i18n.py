"""Languages: Flask-Babel bound to the app, which language each reader gets, and the
`flask translations` commands that keep the catalogs in step with the code.

Who reads what:
- a signed-in person reads their own `User.language` (a candidate picks it on the account
  page; it is first taken from their browser when they accept their invite);
- a client on a share page reads the language the recruiter chose for that link, else
  their browser's (`Accept-Language`);
- everyone else reads their browser's language;
- an email is rendered in its recipient's language (`portal.messages.content`), whatever
  the request or task that sends it.

Catalogs live in `portal/translations/<lang>/LC_MESSAGES/messages.po`; the compiled `.mo`
files are made by both README commands (`.ci/serve`, `.ci/test`) and by the test run
itself, never committed.
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

import click
from babel import Locale
from babel.dates import format_datetime
from babel.messages.frontend import CommandLineInterface
from flask import Flask
from flask import g
from flask import has_app_context
from flask import has_request_context
from flask import request
from flask import session
from flask.cli import AppGroup
from flask_babel import Babel
from flask_babel import get_locale
from flask_babel import get_translations
from flask_babel import refresh
from flask_babel.speaklater import LazyString
from flask_login import current_user

from portal.services.vocabulary import LANGUAGES
from portal.services.vocabulary import Moment
from portal.services.vocabulary import Phrase

DEFAULT = "en"

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = Path(__file__).resolve().parent / "translations"
POT = CATALOGS / "messages.pot"
CONFIG = ROOT / "babel.cfg"

babel = Babel()


def page_catalog():
    """The reader's catalog (Flask-Babel's, for the language of the page or email being
    worded), looked up once a request and language: Flask-Babel's own `gettext` looks it
    up again for every message. A change of language (`refresh`, `force_locale`) is a new
    locale object, so it is looked up again."""
    if not has_app_context():  # outside an app context: Flask-Babel's answer (no translation)
        return get_translations()
    return _page_words()[1]


def page_locale():
    """The reader's language as Babel's Locale (Flask-Babel's `get_locale()`), read where
    `page_catalog` keeps it: a page asks for it a dozen times."""
    if not has_app_context():
        return get_locale()
    return _page_words()[0]


def _page_words():
    # A page asks for about 130 messages: one hop through `g`, then plain attribute reads.
    # The locale Flask-Babel settled on for this request (None until asked, or after a
    # `refresh`) is read where it keeps it, so each message costs no locale lookup.
    space = g._get_current_object()
    found = space.__dict__.get("page_catalog")
    babel_space = space.__dict__.get("_flask_babel")
    if found is None or found[0] is not getattr(babel_space, "babel_locale", None):
        locale = get_locale()
        found = space.page_catalog = (locale, get_translations())
    return found


def gettext(message: str, **variables) -> str:
    """`message` in the reader's language, `%(name)s` filled from `variables`."""
    text = page_catalog().ugettext(message)
    return text % variables if variables else text


def say(text: str) -> str:
    """Words a service built (`vocabulary.Phrase`) in the reader's language, the values
    filled into them too when they are Phrases; any other text exactly as given (a name,
    what someone wrote is never looked up in the catalog)."""
    if not isinstance(text, Phrase):
        return text
    return _worded(text, page_catalog())


def _worded(text: Phrase, catalog) -> str:
    # The catalog is looked up once for a Phrase and the Phrases inside it (a board
    # words a thousand lines, each with a duration inside).
    if isinstance(text, Moment):
        return format_datetime(text.local, text.pattern, locale=get_locale())
    worded = catalog.ugettext(text.msgid)
    if text.variables:
        worded = worded % {
            name: _worded(value, catalog) if isinstance(value, Phrase) else value
            for name, value in text.variables.items()
        }
    if text.capitalized:
        worded = worded[:1].upper() + worded[1:]
    return worded


def lazy_gettext(message: str, **variables) -> LazyString:
    """`gettext` when the text is used (a form's labels and messages, made at import)."""
    return LazyString(gettext, message, **variables)


def supported(language: str | None) -> str:
    """`language` when the portal speaks it, else "" (nothing chosen)."""
    return language if language in LANGUAGES else ""


def browser_language() -> str:
    """The best of our languages for the browser's `Accept-Language` (English if none)."""
    if not has_request_context():
        return DEFAULT
    return request.accept_languages.best_match(LANGUAGES.keys(), default=DEFAULT) or DEFAULT


def use_for_this_page(language: str) -> None:
    """Read this page in `language` (a share link's language): the views call it before
    anything is translated."""
    if supported(language):
        g.page_language = language
        # Anything worded before this (a form's checks) is worded again in it.
        refresh()


def choose_locale() -> str:
    """The reader's language for this request (Flask-Babel's locale selector)."""
    if not has_request_context():
        return DEFAULT
    # The request, its `g` and session each taken once: every read through Flask's
    # proxies is a lookup of its own, and this runs on every page.
    chosen = g._get_current_object().get("page_language")
    if chosen:
        return chosen
    current = request._get_current_object()  # type: ignore[attr-defined]
    # A client's share page follows the link or their browser, never a session: a
    # recruiter checking a link reads what the client reads. No session user: no need
    # to ask Flask-Login (which would look them up).
    if current.blueprint != "share" and "_user_id" in session:
        user = current_user._get_current_object()
        if user.is_authenticated:
            own = supported(getattr(user, "language", ""))
            if own:
                return own
    return browser_language()


def choose_timezone() -> str:
    """The signed-in person's zone; UTC otherwise (pages pass a zone where it matters)."""
    if has_request_context() and "_user_id" in session and current_user.is_authenticated:
        return current_user.time_zone or "UTC"
    return "UTC"


# What marks a string for the catalog in Python: the gettext calls, N_ (marked where it is
# defined, translated where it is shown), and a service's error (its first argument).
KEYWORDS = [
    f"-k{keyword}"
    for keyword in ("lazy_gettext", "_l", "N_", "ServiceError", "NotFound", "Conflict", "Throttled")
]

translations_cli = AppGroup(
    "translations", help="Keep the catalogs in step: extract, update, compile (pybabel)."
)


def _pybabel(*args: str, quiet: bool = True) -> None:
    """Run one `pybabel` command in this process (paths are absolute)."""
    # From the project's folder, so the catalogs name files by their path in the project.
    with contextlib.chdir(ROOT):
        status = CommandLineInterface().run(["pybabel", *(["-q"] if quiet else []), *args])
    if status:
        raise click.ClickException(f"pybabel {args[0]} failed")


def extract_messages(pot: Path = POT) -> None:
    """Every string the code and the templates mark for translation, into `pot`."""
    _pybabel(
        *("extract", "-F", str(CONFIG), *KEYWORDS, "-o", str(pot)),
        *("--sort-by-file", "--no-wrap", "--project", "Debrief", "--copyright-holder", ""),
        # pybabel skips folders whose names start with "_": the macros are named on their own.
        *("portal", "templates", "templates/_macros"),
    )


@translations_cli.command("update")
def update_command() -> None:
    """Extract every marked string into messages.pot and merge it into each catalog; a
    message no longer marked anywhere leaves the catalogs (git keeps its old wording)."""
    extract_messages()
    if not any(CATALOGS.glob("*/LC_MESSAGES/messages.po")):
        return  # no language yet: `flask translations add <language>` starts one
    _pybabel(
        "update",
        "-i",
        str(POT),
        "-d",
        str(CATALOGS),
        "--no-fuzzy-matching",
        "--no-wrap",
        "--ignore-obsolete",
    )


@translations_cli.command("compile")
def compile_command() -> None:
    """Compile each catalog's messages.po into the messages.mo the portal reads, saying how
    much of each is translated ("1230 of 1230 messages (100%) translated")."""
    _pybabel("compile", "-d", str(CATALOGS.relative_to(ROOT)), "--statistics", quiet=False)


@translations_cli.command("add")
@click.argument("language")
def add_command(language: str) -> None:
    """Start a catalog for a new language (then add it to vocabulary.LANGUAGES)."""
    _pybabel("init", "-i", str(POT), "-d", str(CATALOGS), "-l", language)


def compile_catalogs() -> None:
    """messages.po → messages.mo for every language (what the install step runs)."""
    _pybabel("compile", "-d", str(CATALOGS), "--statistics")


@functools.cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def reader_locale() -> Locale:
    """The reader's language as Babel's Locale, made once per language: Flask-Babel would
    parse the name again for every request (about as long as a query)."""
    return _locale(choose_locale())


def init_app(app: Flask) -> None:
    """Bind Flask-Babel (catalogs in portal/translations) and add the commands."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(CATALOGS))
    babel.init_app(app, locale_selector=reader_locale, timezone_selector=choose_timezone)
    app.cli.add_command(translations_cli)
