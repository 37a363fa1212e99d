"""Flask's signed-cookie sessions, with each distinct cookie verified once per worker.

Checking a session cookie's signature and decoding its tagged JSON cost about
0.1 ms, on every request. A browser sends the same cookie until the session
changes, and the same bytes always decode to the same contents, so a small
table maps a cookie already verified to its contents and signing time. Only a
cookie whose signature checked out ever enters the table; its age is still
checked on every request; each request gets its own copy of the contents.
"""

from __future__ import annotations

import copy
import threading
import time

from cachetools import LRUCache
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

KNOWN_COOKIES = 4096


class KeptSessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session interface, remembering cookies it has verified."""

    def __init__(self) -> None:
        self._known: LRUCache = LRUCache(maxsize=KNOWN_COOKIES)
        self._lock = threading.Lock()

    def open_session(self, app, request):
        if not app.secret_key:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        with self._lock:
            known = self._known.get(cookie)
        if known is None:
            serializer = self.get_signing_serializer(app)
            try:
                data, signed_at = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
            except BadSignature:
                return self.session_class()
            known = (data, signed_at.timestamp())
            with self._lock:
                self._known[cookie] = known
        data, signed_at = known
        if time.time() - signed_at > max_age:
            return self.session_class()
        return self.session_class(_own_copy(data))


def _own_copy(data: dict) -> dict:
    # Strings and flags are shared safely; lists (flashed messages) are not.
    return {
        key: copy.deepcopy(value) if isinstance(value, list | dict) else value
        for key, value in data.items()
    }
