"""The recruiter's admin pages, all behind one guard."""

from flask import Blueprint

from portal.auth.guards import require_recruiter

bp = Blueprint("recruiter", __name__, url_prefix="/recruiter")
bp.before_request(require_recruiter)

from portal.recruiter import (  # noqa: E402,F401
    audit_log,
    checklist_templates,
    clients,
    export,
    interviews,
    privacy,
    shares,
    views,
)
