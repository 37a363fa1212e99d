"""Read-only client pages reached by a share link: no login, no forms, GET and HEAD only.

Every response under /s/ (errors and 405s included) is kept out of indexes, caches and
Referer headers. The raw token never reaches a log: the paths the development server and
the portal log are written with the token cut out (portal.logs, also used by gunicorn).
"""

from __future__ import annotations

from flask import Blueprint
from flask import request

from portal.extensions import csrf

URL_PREFIX = "/s"
bp = Blueprint("share", __name__, url_prefix=URL_PREFIX)
# Nothing here accepts a POST: the method check (405) must answer, not the CSRF check.
csrf.exempt(bp)  # nosemgrep: csrf-exempt-needs-review -- GET/HEAD only, reviewed

SHARE_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow, noarchive",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def is_share_path(path: str) -> bool:
    """True for every address this blueprint answers, including ones that do not exist."""
    return path == URL_PREFIX or path.startswith(URL_PREFIX + "/")


@bp.after_app_request
def _share_headers(response):
    # App-wide, not blueprint-only: a 405 or an unknown /s/ address never reaches the
    # blueprint's own hooks, and must carry the same headers.
    if is_share_path(request.path):
        response.headers.update(SHARE_HEADERS)
    return response


from portal.share import views  # noqa: E402,F401
