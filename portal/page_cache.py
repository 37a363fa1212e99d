"""Kept pages: a page opened again, with nothing on it changed, costs a lookup, not a render.

A candidate page takes a handful of queries and a template, about 1.5 ms of
CPU; the candidate in a car park reloads it, goes back to it, opens it again.
Each gunicorn worker keeps the pages it rendered (in memory, bounded in bytes,
least recently used out first) and serves one again only while its key is
unchanged. The key holds everything a page depends on:

- the path and query string;
- who asks: the user and session version, and the session's CSRF token (the
  page's forms carry it);
- the user's `pages_version`, bumped after every request of theirs that may
  have changed something (any POST), and the `site_version`, bumped after every
  recruiter POST and by the CLI's writing commands: both are read with the
  signed-in user, so no query is added;
- the minute: pages say "in 2 hours" and change when an interview ends, so
  nothing kept is more than a minute old, whatever changed it.

Never kept: a page with a flashed message, one rendered while the session
changed, anything but a 200. Values that must differ on every render (a
submit's idempotency key) come from `fresh_token()` and are made new for each
serve. Set `PAGE_CACHE_BYTES = 0` to turn the whole thing off.
"""

from __future__ import annotations

import gzip
import logging
import re
import secrets
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps

from cachetools import LRUCache
from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from peewee import PeeweeException

from portal.db import database, slot, write_compiled
from portal.models import SiteVersion, User

log = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Answers to a POST that changed nothing: no route, wrong method, too large, throttled,
# or the database refused (a second write would only wait on it again). A 400 may
# still have kept a partial draft, so it counts as a change.
UNCHANGED_STATUSES = frozenset({404, 405, 413, 429, 503})


@dataclass(frozen=True)
class KeptPage:
    """A rendered page, split where its fresh tokens go; gzipped too when it has none."""

    parts: tuple[bytes, ...]
    mimetype: str
    gzipped: bytes | None = None

    @property
    def size(self) -> int:
        return sum(len(part) for part in self.parts) + len(self.gzipped or b"") + 100

    def response(self, *, gzip_ok: bool) -> Response:
        if gzip_ok and self.gzipped is not None:
            # Compressed once when kept, not on every serve (Flask-Compress leaves
            # a response that already has a Content-Encoding alone).
            return Response(
                self.gzipped, mimetype=self.mimetype, headers={"Content-Encoding": "gzip"}
            )
        pieces = [self.parts[0]]
        for part in self.parts[1:]:
            pieces += [fresh_token().encode(), part]
        return Response(b"".join(pieces), mimetype=self.mimetype)


class PageCache:
    """This worker's kept pages, safe to share between its threads."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._pages = LRUCache(maxsize=max_bytes, getsizeof=lambda kept: kept.size)
        self._lock = threading.Lock()

    def get(self, key: tuple) -> KeptPage | None:
        with self._lock:
            return self._pages.get(key)

    def put(self, key: tuple, kept: KeptPage) -> None:
        if kept.size * 4 > self.max_bytes:
            return  # one page must never push out most of the others
        with self._lock:
            self._pages[key] = kept

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def fresh_token() -> str:
    """A random token for a page; a kept copy gets a new one each time it is served."""
    token = secrets.token_urlsafe(24)
    if "fresh_tokens" in g:
        g.fresh_tokens.append(token)
    return token


def serve(key: tuple | None, render):
    """The kept page for `key`, or `render()`'s, kept when it may be."""
    cache: PageCache | None = current_app.extensions.get("page_cache")
    if cache is None or key is None:
        return render()
    gzip_ok = request.accept_encodings["gzip"] > 0
    kept = cache.get(key)
    if kept is not None:
        return kept.response(gzip_ok=gzip_ok)
    g.fresh_tokens = []
    response = current_app.make_response(render())
    if _keepable(response):
        kept = _kept_from(response, g.fresh_tokens)
        cache.put(key, kept)
        if gzip_ok and kept.gzipped is not None:
            return kept.response(gzip_ok=True)  # compressed once already: not again
    return response


def _keepable(response: Response) -> bool:
    return (
        response.status_code == 200
        and not response.is_streamed
        and not response.direct_passthrough
        and not session.modified
        and "Set-Cookie" not in response.headers
    )


def _kept_from(response: Response, tokens: list[str]) -> KeptPage:
    body = response.get_data()
    if tokens:
        pattern = re.compile(b"|".join(re.escape(t.encode()) for t in tokens))
        return KeptPage(parts=tuple(pattern.split(body)), mimetype=response.mimetype)
    config = current_app.config
    gzipped = None
    if (
        "gzip" in config["COMPRESS_ALGORITHM"]
        and response.mimetype in config["COMPRESS_MIMETYPES"]
        and len(body) >= config["COMPRESS_MIN_SIZE"]
    ):
        gzipped = gzip.compress(body, compresslevel=config["COMPRESS_LEVEL"])
    return KeptPage(parts=(body,), mimetype=response.mimetype, gzipped=gzipped)


def minute() -> int:
    """The current minute: part of every key, so nothing kept outlives it."""
    return int(time.time() // 60)


def user_page_key() -> tuple | None:
    """The signed-in user's key for this GET, or None when the page must be rendered."""
    if request.method != "GET" or "_flashes" in session:
        return None
    csrf = session.get("csrf_token")
    user = current_user._get_current_object()
    site_version = getattr(user, "site_version", None)
    if not csrf or site_version is None:
        return None
    return (
        "user",
        request.full_path,
        user.get_id(),
        csrf,
        user.pages_version,
        site_version,
        minute(),
    )


def kept_page(view):
    """Serve a signed-in user's GET of `view` from the kept copy while its key holds."""

    @wraps(view)
    def keep(*args, **kwargs):
        return serve(user_page_key(), lambda: view(*args, **kwargs))

    return keep


# ---------------------------------------------------------------------------
# Saying what changed
# ---------------------------------------------------------------------------


@contextmanager
def changing():
    """Make the signed-in user's change and mark their pages changed in one transaction.

    For the busiest POSTs (autosave, prep ticks): one write transaction instead of
    two. Every other POST is marked after the fact by `init_app`'s hook.
    """
    with database.atomic():
        yield
        _mark_changed_by(current_user)
    g.pages_marked = True


def _mark_changed_by(user) -> None:
    if user.is_recruiter:
        site_changed()
    else:
        user_changed(user.id)


def user_changed(user_id: int) -> None:
    """Something `user_id` sees has changed: their kept pages go stale."""
    write_compiled(
        "page_cache.user",
        lambda: User.update(pages_version=User.pages_version + 1).where(User.id == slot(0)),
        user_id,
    )


def site_changed() -> None:
    """Something anyone may see has changed (a recruiter's edit): every kept page goes stale."""
    write_compiled(
        "page_cache.site",
        lambda: SiteVersion.update(version=SiteVersion.version + 1).where(
            SiteVersion.id == slot(0)
        ),
        1,
    )


def init_app(app: Flask) -> None:
    """Make this worker's cache; after every POST, mark what the poster may have changed."""
    if app.config["PAGE_CACHE_BYTES"]:
        app.extensions["page_cache"] = PageCache(app.config["PAGE_CACHE_BYTES"])

    @app.after_request
    def _mark_changes(response):
        if (
            request.method in SAFE_METHODS
            or g.get("pages_marked")
            or response.status_code in UNCHANGED_STATUSES
            or not current_user.is_authenticated
        ):
            return response
        try:
            _mark_changed_by(current_user)
        except PeeweeException:
            # The database refused (full disk, say): the page says so already,
            # and what is kept goes stale within the minute anyway.
            log.warning("could not mark pages changed", exc_info=True)
        return response
