"""The candidate's view of the share links that exist for them: who, what, when viewed."""

from flask import render_template
from flask_login import current_user

from portal.auth.guards import access
from portal.candidate import bp
from portal.services.sharing import share_links


@bp.get("/shares")
@access("candidate")
def shares():
    """Every link made for the signed-in candidate, what each shows, and when it was viewed."""
    rows = share_links.links_for_candidate(candidate=current_user._get_current_object())
    return render_template("candidate/shares.html", rows=rows, labels=share_links.SECTION_LABELS)
