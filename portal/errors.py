"""Error pages: a clear message in the site's layout, never a stack trace.

A rejected CSRF token (a session that ended while a form was open) shows
back what was typed, so nothing is lost. Unexpected exceptions reach the
500 handler through Flask's own `handle_exception`, which logs them and, under
`TESTING` or `DEBUG`, lets them propagate so a test sees the traceback.
"""

from flask import Flask
from flask import render_template
from flask import request
from flask_wtf.csrf import CSRFError
from peewee import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import InternalServerError

from portal.i18n import lazy_gettext as _l

MESSAGES = {
    400: (
        _l("Something in that request was not right"),
        _l("Go back, check what you entered and try again."),
    ),
    403: (_l("You cannot open this page"), _l("It belongs to another account or role.")),
    404: (
        _l("Page not found"),
        _l("The address may be mistyped, or the thing it pointed to is gone."),
    ),
    405: (_l("That action is not allowed here"), _l("This page cannot be changed this way.")),
    413: (_l("That was too much to send at once"), _l("Shorten the text and try again.")),
    429: (_l("Too many requests"), _l("Wait a minute and try again.")),
    500: (
        _l("Something went wrong on our side"),
        _l("Try again in a moment. Anything you typed is shown below so you can copy it."),
    ),
    503: (
        _l("We could not save that just now"),
        _l("Try again in a minute. Anything you typed is shown below so you can copy it."),
    ),
}
NEVER_ECHO = {
    "csrf_token",
    "password",
    "confirm",
    "current_password",
    "new_password",
    "idempotency_key",
}


def typed_fields() -> list[tuple[str, str]]:
    """What the visitor sent in a failed POST, minus secrets, to show back to them."""
    if request.method != "POST":
        return []
    try:
        return [
            (name, value)
            for name, value in request.form.items(multi=True)
            if name not in NEVER_ECHO and value.strip()
        ][:60]
    except Exception:  # noqa: BLE001 - a broken body must not break the error page
        return []


def render_error(code: int, *, title: str | None = None, detail: str | None = None):
    """Render the error page for `code`."""
    default_title, default_detail = MESSAGES.get(code, MESSAGES[400])
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title or default_title,
            detail=detail or default_detail,
            typed=typed_fields(),
        ),
        code,
    )


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def _csrf(exc):
        return render_error(
            400,
            title=_l("Your session ended before this was sent"),
            detail=_l(
                "Sign in again, then send it once more. Your text is below so you can copy it."
            ),
        )

    @app.errorhandler(HTTPException)
    def _http(exc):
        if exc.code and exc.code < 400:
            return exc
        response = render_error(exc.code or 500)
        if exc.code == 405 and exc.valid_methods:
            return (*response, {"Allow": ", ".join(exc.valid_methods)})
        return response

    @app.errorhandler(InternalServerError)
    def _unexpected(exc):
        # Flask wraps an unhandled exception in InternalServerError (after
        # logging it) only when it does not propagate; a locked or read-only
        # database is a moment's trouble (503), anything else our fault (500).
        if isinstance(exc.original_exception, OperationalError):
            return render_error(503)
        return render_error(500)
