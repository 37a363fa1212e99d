"""The candidate's pages, phone first: home, interview, prep, debrief, letters, account."""

from flask import Blueprint

bp = Blueprint("candidate", __name__, url_prefix="/candidate")

from portal.candidate import privacy, shares, views  # noqa: E402,F401
