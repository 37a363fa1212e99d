"""The candidate's pages, phone first: home, interview, prep, debrief, letters, account."""

from flask import Blueprint

bp = Blueprint("candidate", __name__, url_prefix="/candidate")

from portal.candidate import privacy  # noqa: E402,F401
from portal.candidate import shares  # noqa: E402,F401
from portal.candidate import views  # noqa: E402,F401
