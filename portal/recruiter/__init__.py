"""The recruiter's admin pages.

`require_recruiter` runs before every view of the blueprint (a view added without its
own `@access("recruiter")` is still guarded), and each view declares that rule too.
"""

from flask import Blueprint

from portal.auth.guards import require_recruiter

bp = Blueprint("recruiter", __name__, url_prefix="/recruiter")
bp.before_request(require_recruiter)

from portal.recruiter import (  # noqa: E402,F401
    audit_log,
    calls,
    checklist_templates,
    clients,
    documents,
    export,
    interviews,
    mail,
    privacy,
    recruiters,
    shares,
    views,
)
