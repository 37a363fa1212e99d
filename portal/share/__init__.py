"""Read-only client pages reached by a share link: no login, no forms."""

from flask import Blueprint

bp = Blueprint("share", __name__, url_prefix="/s")

from portal.share import views  # noqa: E402,F401
