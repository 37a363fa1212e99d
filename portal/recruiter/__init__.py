"""The recruiter's admin pages.

`require_recruiter` runs before every view of the blueprint (a view added without its
own `@access("recruiter")` is still guarded), and each view declares that rule too.
"""

from flask import Blueprint

from portal.auth.guards import require_recruiter

bp = Blueprint("recruiter", __name__, url_prefix="/recruiter")
bp.before_request(require_recruiter)

from portal.recruiter import audit_log  # noqa: E402,F401
from portal.recruiter import calls  # noqa: E402,F401
from portal.recruiter import checklist_templates  # noqa: E402,F401
from portal.recruiter import clients  # noqa: E402,F401
from portal.recruiter import documents  # noqa: E402,F401
from portal.recruiter import export  # noqa: E402,F401
from portal.recruiter import interviews  # noqa: E402,F401
from portal.recruiter import mail  # noqa: E402,F401
from portal.recruiter import privacy  # noqa: E402,F401
from portal.recruiter import recruiters  # noqa: E402,F401
from portal.recruiter import shares  # noqa: E402,F401
from portal.recruiter import views  # noqa: E402,F401
