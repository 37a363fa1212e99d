"""HTTP caching of candidate pages: an ETag from what a page is drawn from, 304 on a match.

A candidate page opened again with nothing on it changed answers `304 Not Modified`
with no body, and the phone shows the copy it has: a few hundred bytes over a weak
connection instead of the page, and no queries or template on the server. Views opt
in with `@revalidated`; their pages are sent `Cache-Control: private, no-cache` (kept
by the browser only, and asked about on every opening). The ETag is a hash of
everything such a page is drawn from:

- who asks: the user and their session version (`User.get_id()`) key the hash (an
  HMAC with the app's secret), and the session's CSRF token is hashed in (the page's
  forms carry it; a new one is made after each sign-in);
- the user's `pages_version` and the `site_version` (see `mark_changes` below); both
  come with the signed-in user's row (`users.load_session_user`): no query added;
- the minute: pages say "in 2 hours" and change when an interview ends, so no page is
  shown again once the minute has turned, whatever changed it (a CLI command or a
  scheduled task included);
- the release: the code, templates, static files and settings of this server;
- the address, query string included.

A page drawn with a flashed message, or while the session changed (its CSRF token
made, say), gets no ETag: it is for that one opening.

What changed is said in one place, `mark_changes`, after every request: a signed-in
user's POST (or any other unsafe method) bumps their own `pages_version`, or the
`site_version` when a recruiter sent it (a recruiter's edit may show on any
candidate's page). No service or view bumps anything itself.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from functools import lru_cache
from functools import wraps
from pathlib import Path

from flask import Flask
from flask import Response
from flask import current_app
from flask import request
from flask import session
from flask_babel import get_locale
from flask_login import current_user
from peewee import PeeweeException
from werkzeug.http import is_resource_modified

from portal.models import SiteVersion
from portal.models import User
from portal.web import secret_key
from portal.web import signed_in_user

log = logging.getLogger(__name__)

REVALIDATE = "private, no-cache"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Answers to an unsafe request that changed nothing: no route, wrong method, too large,
# throttled, or the database refused. A 400 may still have kept a partial draft, so it
# counts as a change.
UNCHANGED_STATUSES = frozenset({404, 405, 413, 429, 503})


def revalidated(view):
    """Give the view's GET pages an ETag, and answer 304 when the browser's copy is current.

    Goes under `@access(...)`, so a visitor who may not see the page never gets a 304.
    """

    @wraps(view)
    def answer(*args, **kwargs):
        tag = page_etag()
        # `If-None-Match: *` matches any page that exists, whoever owns it: only the
        # view knows that, so a wildcard is answered by the view (never a bare 304).
        wildcard = request.if_none_match.star_tag
        if tag is not None and not wildcard and not is_resource_modified(request.environ, etag=tag):
            not_modified = current_app.response_class(status=304)
            return _tagged(not_modified, tag)
        response = current_app.make_response(view(*args, **kwargs))
        if tag is not None and response.status_code == 200 and not session.modified:
            _tagged(response, tag)
        return response

    return answer


def _tagged(response: Response, tag: str) -> Response:
    # Weak: the gzipped and the plain page are the same page (Flask-Compress leaves a
    # weak ETag as it is, where it would append ":gzip" to a strong one).
    response.set_etag(tag, weak=True)
    # Set here, so an app-wide default for signed-in pages (no-store) leaves it alone.
    response.headers["Cache-Control"] = REVALIDATE
    return response


def page_etag() -> str | None:
    """The ETag of the signed-in user's GET of this address now, or None when there is none."""
    if request.method not in ("GET", "HEAD") or "_flashes" in session:
        return None
    user = signed_in_user()
    site_version = getattr(user, "site_version", None)
    if not user.is_authenticated or site_version is None:
        return None
    drawn_from = (
        _release(),
        request.full_path,
        # None until a page with a form is drawn: drawing one makes the token, which
        # changes the session, and such a page gets no ETag (see `revalidated`).
        session.get("csrf_token"),
        user.pages_version,
        site_version,
        minute(),
        # The language the page is in: a browser's Accept-Language may pick it.
        str(get_locale()),
    )
    # Keyed by who asks (the user and their session version), not one item among the
    # rest: two people's tags never meet, even before a form made either session's CSRF
    # token (until then nothing else on the list tells them apart).
    key = f"{secret_key()}|{user.get_id()}".encode()
    return hmac.new(key, repr(drawn_from).encode(), hashlib.sha256).hexdigest()[:32]


def minute() -> int:
    """The current minute: part of every ETag, so no page is shown again once it turns."""
    return int(time.time() // 60)


def _release() -> str:
    app = current_app
    release = app.extensions.get("page_release")
    if release is None:
        release = app.extensions["page_release"] = release_of(app)
    return release


def release_of(app: Flask) -> str:
    """A fingerprint of the code, templates, static files and settings pages are drawn with.

    Worked out from the files' contents, so every worker and app server of one
    deploy agrees on it, and a deploy changes it.
    """
    folders = (app.root_path, app.template_folder or "", app.static_folder or "")
    roots = tuple(str(Path(app.root_path, folder).resolve()) for folder in folders)
    settings = sorted(
        (name, repr(value)) for name, value in app.config.items() if name != "SECRET_KEY"
    )
    digest = hashlib.sha256(_files_digest(roots).encode())
    digest.update(repr(settings).encode())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=4)
def _files_digest(roots: tuple[str, ...]) -> str:
    # Files change only with a deploy (a new process): read once per process.
    digest = hashlib.sha256()
    for root in map(Path, roots):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _mark_changed_by(user) -> None:
    if user.is_recruiter:
        SiteVersion.update(version=SiteVersion.version + 1).where(SiteVersion.id == 1).execute()
    else:
        User.update(pages_version=User.pages_version + 1).where(User.id == user.id).execute()


def init_app(app: Flask) -> None:
    """Register `mark_changes`: after every request, say what the sender may have changed."""

    @app.after_request
    def mark_changes(response):
        if (
            request.method in SAFE_METHODS
            or response.status_code in UNCHANGED_STATUSES
            or not current_user.is_authenticated
        ):
            return response
        try:
            _mark_changed_by(current_user)
        except PeeweeException:
            # The database refused (a full disk, say): the page says so already, and
            # every ETag changes with the minute anyway.
            log.warning("could not mark pages changed", exc_info=True)
        return response
