"""Read-only client pages reached by a share link: no login, no forms, GET and HEAD only.

Every response under /s/ (errors and 405s included) is kept out of indexes, caches and
Referer headers. The raw token never reaches a log: the paths the development server and
the portal log are written with the token cut out (gunicorn's access log does the same).
"""

from __future__ import annotations

import logging
import re

from flask import Blueprint, request

from portal.extensions import csrf

bp = Blueprint("share", __name__, url_prefix="/s")
# Nothing here accepts a POST: the method check (405) must answer, not the CSRF check.
csrf.exempt(bp)  # nosemgrep: csrf-exempt-needs-review -- GET/HEAD only, reviewed

SHARE_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow, noarchive",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_TOKEN_IN_PATH = re.compile(r"(/s/)[^/\s?\"]+")


def is_share_path(path: str) -> bool:
    """True for every address this blueprint answers, including ones that do not exist."""
    return path == bp.url_prefix or path.startswith(bp.url_prefix + "/")


@bp.after_app_request
def _share_headers(response):
    # App-wide, not blueprint-only: a 405 or an unknown /s/ address never reaches the
    # blueprint's own hooks, and must carry the same headers.
    if is_share_path(request.path):
        response.headers.update(SHARE_HEADERS)
    return response


def redact(text: str) -> str:
    """`text` with any share token in a /s/ path replaced by '…'."""
    return _TOKEN_IN_PATH.sub(r"\1…", text)


class RedactTokens(logging.Filter):
    """A log filter that cuts share tokens out of a record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and "/s/" in record.msg:
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


_FILTER = RedactTokens()


@bp.record_once
def _install_log_filter(state) -> None:
    # The development server's request log, and the app's own error log (which names paths).
    for logger in (logging.getLogger("werkzeug"), state.app.logger):
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


from portal.share import views  # noqa: E402,F401
