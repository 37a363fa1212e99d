"""Erasing a candidate: a confirm page, then the erasure (on their request or the recruiter's)."""

from __future__ import annotations

from contextlib import suppress

from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext

from portal.auth.guards import access
from portal.messages import delivery
from portal.recruiter import bp
from portal.services.errors import NotFound
from portal.services.privacy.erasure import AlreadyErased
from portal.services.privacy.erasure import erase_candidate
from portal.services.sharing import clients
from portal.web import signed_in_user


@bp.route("/candidates/<int:user_id>/erase", methods=["GET", "POST"])
@access("recruiter")
def erase(user_id: int):
    """GET: what erasing this candidate does, and the button. POST: erase them."""
    try:
        person = clients.get_candidate(candidate_id=user_id)
    except NotFound:
        abort(404)
    if person.erased_at is not None:
        flash(gettext("This candidate's data is erased already."), "info")
        return redirect(url_for("recruiter.candidate", user_id=person.id))
    if request.method == "GET":
        return render_template("recruiter/erase.html", candidate=person)
    with suppress(AlreadyErased):  # a double submit: the first one did it
        erase_candidate(
            candidate_id=person.id,
            by=signed_in_user(),
            reason="request" if person.erasure_requested_at else "recruiter",
            mail_folder=delivery.outbox_folder(current_app),
        )
    flash(
        gettext("Erased: their personal data is gone, their links and sessions ended."),
        "success",
    )
    return redirect(url_for("recruiter.candidate", user_id=person.id))
