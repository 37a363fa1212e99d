"""What every blueprint's views share: who is asking, from where, how a service's refusal
is shown on the form that asked, a form saved through a service (or its page shown again),
and a 404 for what a service cannot find, links with holes for long lists. Also the app's
secret key, as text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from typing import TypeVar

from flask import Flask
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.models import User
from portal.services.errors import NotFound
from portal.services.errors import ServiceError

Found = TypeVar("Found")


def signed_in_user() -> User:
    """The signed-in user as a model instance (services take models, not proxies)."""
    return current_user._get_current_object()


def url_pattern(endpoint: str, *names: str, **values: Any) -> str:
    """`url_for(endpoint, **values)` with each of `names` left as a `{name}` hole.

    Long lists fill the holes with `str.format` per row: far cheaper than a
    `url_for` per row and link.
    """
    holes: dict[str, Any] = {name: 987654300 + n for n, name in enumerate(names)}
    url = url_for(endpoint, **values, **holes)
    for name, value in holes.items():
        url = url.replace(str(value), "{" + name + "}")
    return url


def caller_address() -> str:
    """The caller's address: behind `TRUSTED_PROXIES` proxies, the one they saw (ProxyFix)."""
    return request.remote_addr or ""


def secret_key(app: Flask | None = None) -> str:
    """The app's secret key. Flask types it `str | bytes | None`; the portal always sets a
    string at start-up (`create_app` refuses to run without one), so this is that string."""
    key = (app or current_app).secret_key
    if not isinstance(key, str):
        raise RuntimeError("SECRET_KEY must be a string.")
    return key


def error_text(exc: ServiceError) -> str:
    """A service's message in the reader's language."""
    return " ".join(
        [
            gettext(exc.template, **exc.params),
            *(gettext(words, **values) for words, values in exc.more),
        ]
    )


def show_error(form: Any, exc: ServiceError, *, default: str | None = None) -> None:
    """Put a service's message beside the field it names (else beside `default`, else in
    the form's summary at the top), after any messages the form found itself."""
    name = exc.field if exc.field and exc.field in form else default
    if name is None:
        form.form_errors.append(error_text(exc))
    else:
        form[name].errors = [*form[name].errors, error_text(exc)]


def save_form(
    form: Any,
    save: Callable[[], Found],
    *,
    done: str | Callable[[Found], str],
    to: str | Callable[[Found], str],
) -> Response | None:
    """A posted form that validates: `save()`, flash `done` and redirect to `to` (each may
    be worked out from what `save` returned). None when nothing was posted, the form found
    a mistake, or the service refused (its message is then on the form): the caller shows
    the form again."""
    if not form.validate_on_submit():
        return None
    try:
        saved = save()
    except ServiceError as exc:
        show_error(form, exc)
        return None
    flash(done(saved) if callable(done) else gettext(done), "success")
    return redirect(to(saved) if callable(to) else to)


def saved_or_page(
    saved: Response | None, template: str, form: Any, *, mistake: int = 422, **context: Any
):
    """What a view ends with after `save_form`: its redirect when the form was saved, else
    the page `template` with the form again (status `mistake` if it holds one, else 200)."""
    if saved is not None:
        return saved
    status = mistake if form.errors or form.form_errors else 200
    return render_template(template, form=form, **context), status


def found_or_404(find: Callable[..., Found], **kwargs: Any) -> Found:
    """`find(**kwargs)`, or the 404 page when the service finds nothing (NotFound)."""
    try:
        return find(**kwargs)
    except NotFound:
        abort(404)
