"""The candidate's pages, phone first: home, interview, prep, debrief, letters, account."""

from flask import Blueprint

bp = Blueprint("candidate", __name__, url_prefix="/candidate")


@bp.record_once
def _step_globals(state) -> None:
    # The candidate pages' line drawers, as template globals (see step_lines).
    from portal.candidate.step_lines import STEP_GLOBALS

    state.app.jinja_env.globals.update(STEP_GLOBALS)


from portal.candidate import privacy  # noqa: E402,F401
from portal.candidate import shares  # noqa: E402,F401
from portal.candidate import views  # noqa: E402,F401
