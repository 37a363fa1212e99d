"""The candidate's view of the share links that exist for them: who, what, when viewed."""

from flask import render_template

from portal.auth.guards import access
from portal.candidate import bp
from portal.services.sharing import share_links
from portal.web import signed_in_user


@bp.get("/shares")
@access("candidate")
def shares():
    """Every link made for the signed-in candidate, what each shows, and when it was viewed."""
    rows = share_links.links_for_candidate(candidate=signed_in_user())
    return render_template("candidate/shares.html", rows=rows, labels=share_links.SECTION_LABELS)
