"""The client's read-only view of a candidate packet, and the stylesheet that confirms a view.

Both answer every dead link (unknown, malformed, expired, revoked, candidate deactivated)
with the same page and status, so a stranger learns nothing from trying.
"""

import io

from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import send_file
from flask import session
from flask import url_for
from flask_login import current_user

from portal import form_view
from portal.auth.guards import access
from portal.extensions import csrf
from portal.i18n import use_for_this_page
from portal.services.errors import Conflict
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.errors import Throttled
from portal.services.sharing import client_answers
from portal.services.sharing import documents
from portal.services.sharing import share_links
from portal.share import bp
from portal.share.forms import ANSWER_NAMES
from portal.share.forms import YourViewForm
from portal.web import caller_address
from portal.web import error_text
from portal.web import secret_key

# The answers below the decision card (their section opens when one has an error).
DETAIL_NAMES = ANSWER_NAMES[3:]

# Real CSS, and the page's last stylesheet: its request is what marks a person's view.
SEEN_CSS = "/* Debrief share page */\n.packet{display:block}\n"


def _limits() -> dict:
    cfg = current_app.config
    return {
        "address": caller_address(),
        "limit": cfg.get("SHARE_FAILURES_PER_ADDRESS", share_links.BAD_TOKENS_PER_ADDRESS),
        "window": cfg.get("SHARE_WINDOW_SECONDS", share_links.BAD_TOKEN_WINDOW),
    }


def _staff() -> bool:
    # A recruiter checking a link is not the client: their openings are not counted.
    # A client has no session user: no need to ask Flask-Login.
    return "_user_id" in session and current_user.is_authenticated and current_user.is_recruiter


def _visit(token: str) -> share_links.Visit:
    """This request for the page of the link `token` (an opening, or its stylesheet)."""
    return share_links.Visit(
        raw=token,
        user_agent=request.headers.get("User-Agent", ""),
        head=request.method == "HEAD",
        staff=_staff(),
        **_limits(),
    )


def _gone(status: int = 404, retry_after: int | None = None):
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    return render_template("share/gone.html"), status, headers


@bp.get("/<token>", provide_automatic_options=False)
@access("share")
def packet(token: str):
    """Show the packet a valid link names; every invalid link gets the same answer."""
    try:
        link_id = share_links.open_link(_visit(token))
    except Throttled as exc:
        return _gone(429, exc.retry_after)
    except NotFound:
        return _gone()
    # Drawn anew for every opening, like the opening's log entry above: the page is
    # sent `no-store` (share/__init__.py), so no browser or proxy keeps a copy to reuse.
    try:
        return _packet_page(link_id, token)
    except NotFound:
        return _gone()


def _packet_page(
    link_id: int,
    token: str,
    form: YourViewForm | None = None,
    refused: ServiceError | None = None,
):
    """The packet, with the decision card when the link was made from an interview, and the
    service's refusal (`refused`) beside the answer it names, else above the form."""
    packet, link = share_links.packet_and_link(link_id)
    # The language the recruiter chose for this client; none chosen: their browser's.
    use_for_this_page(link.language)
    rounds = None
    answer = None
    shown: YourViewForm | form_view.ShownForm | None = form
    if link.interview_id is not None and link.position_id is not None:
        rounds = client_answers.rounds_of(
            link_id=link.id,
            candidate_id=link.candidate_id,
            interview_id=link.interview_id,
            position_id=link.position_id,
        )
        current = rounds.current
        answer = current.answer if current else None
        hidden = {
            "round_id": str(current.interview_id) if current else "",
            "form_token": client_answers.form_token(link_id=link_id, secret=secret_key()),
        }
        if form is None:
            # Opened, not sent: the form as it shows the answer on file (portal.form_view),
            # without binding its eleven fields on every opening.
            on_file = {name: getattr(answer, name) for name in ANSWER_NAMES} if answer else {}
            shown = form_view.shown(YourViewForm, {**on_file, **hidden})
        else:
            form.round_id.data = hidden["round_id"]
            form.form_token.data = hidden["form_token"]
    error = ""
    if refused is not None:
        # Worded now, in the page's language (the link's, set above).
        if form is not None and refused.field and hasattr(form, refused.field):
            getattr(form, refused.field).errors = [error_text(refused)]
        else:
            error = error_text(refused)
    more_open = bool(form and any(getattr(form, n).errors for n in DETAIL_NAMES))
    return render_template(
        "share/packet.html",
        packet=packet,
        token=token,
        answer_form=shown,
        answer=answer,
        rounds=rounds,
        error=error,
        more_open=more_open,
        decision_words=client_answers.DECISION_WORDS,
    )


@bp.post("/<token>/answer")
@access("share")
# Exempt from CSRF on purpose (reviewed): a client has no session here, so there is no
# session token to check; the form carries instead a signed token bound to this link,
# which `client_answers.give` checks and a page on another site cannot read.
@csrf.exempt  # nosemgrep: csrf-exempt-needs-review -- sound: see the comment above
def answer(token: str):
    """Save the client's view through a live link; a dead link gets the usual gone page."""
    form = YourViewForm()
    form.validate()  # shape only; the service holds the rules
    try:
        saved = client_answers.give(
            raw=token,
            token=request.form.get("form_token", ""),
            secret=secret_key(),
            values=form.answers(),
            round_id=form.round(),
            **_limits(),
        )
    except Throttled as exc:
        return _gone(429, exc.retry_after)
    except NotFound:
        return _gone()
    except Conflict as exc:
        return _packet_page(saved_link_id(token), token, form, exc), 409
    except ServiceError as exc:
        return _packet_page(saved_link_id(token), token, form, exc), 400
    del saved
    return redirect(url_for("share.packet", token=token, _anchor="decision"), 303)


def saved_link_id(token: str) -> int:
    """The id of the live link `token` names (it was found live a moment ago)."""
    return share_links.live_link(raw=token, now=_now(), **_limits())


def _now():
    from portal.models import utcnow

    return utcnow()


@bp.get("/<token>/seen.css", provide_automatic_options=False)
@access("share")
def seen(token: str):
    """The packet page's stylesheet: loading it confirms a person opened the page."""
    try:
        share_links.confirm_view(_visit(token))
    except Throttled as exc:
        return _gone(429, exc.retry_after)
    except NotFound:
        return _gone()
    return SEEN_CSS, 200, {"Content-Type": "text/css; charset=utf-8"}


@bp.get("/<token>/documents/<int:document_id>", provide_automatic_options=False)
@access("share")
def document(token: str, document_id: int):
    """A document the link includes, as a download (never shown inline, never cached).

    A document the link does not include answers exactly like a dead link.
    """
    try:
        link_id = share_links.live_link(raw=token, now=_now(), **_limits())
        found, data = documents.download(
            link_id=link_id, document_id=document_id, address=request.remote_addr or ""
        )
    except Throttled as exc:
        return _gone(429, exc.retry_after)
    except NotFound:
        return _gone()
    response = send_file(
        io.BytesIO(data),
        mimetype=documents.CONTENT_TYPES[found.kind],
        as_attachment=True,
        download_name=found.filename,
        etag=False,
        conditional=False,
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
