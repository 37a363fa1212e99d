"""Recruiter views: the attention board and the candidates the recruiter looks after."""

from functools import partial

from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext

from portal.auth.guards import access
from portal.models import User
from portal.recruiter import board_lines
from portal.recruiter import bp
from portal.recruiter.common import carried
from portal.recruiter.common import invite_from
from portal.recruiter.common import link_hours
from portal.recruiter.common import link_page
from portal.recruiter.common import overdue_minutes
from portal.recruiter.common import paged_list
from portal.recruiter.documents import candidate_page
from portal.recruiter.forms import CandidateFilterForm
from portal.recruiter.forms import InviteForm
from portal.services.accounts import users
from portal.services.board import attention
from portal.services.board import listing
from portal.services.errors import NotFound
from portal.services.privacy import erasure
from portal.services.sharing import clients
from portal.web import caller_address
from portal.web import found_or_404
from portal.web import signed_in_user


def _candidate_or_404(user_id: int) -> User:
    return found_or_404(clients.get_candidate, candidate_id=user_id)


def _account_or_404(user_id: int) -> User:
    """A candidate whose account still exists: an erased one has none to link or reactivate."""
    person = _candidate_or_404(user_id)
    if person.erased_at is not None:
        abort(404)
    return person


SHOWN_ROWS = 50


# The view is named for what it shows; the endpoint keeps the area's name (recruiter.board).
@bp.get("/", endpoint="board")
@access("recruiter")
def board_page():
    """Who needs the recruiter now: one row per interview, their own work first, then the
    candidate's chores; overdue first within each, then by due time.

    `?mine=1` keeps only my interviews; `?kind=` shows every interview with an open item
    of one kind (up to the board's limit); otherwise the first SHOWN_ROWS rows are shown,
    with a count per kind, and every overdue row however many there are.
    """
    mine = request.args.get("mine") == "1"
    kind = request.args.get("kind", "")
    kind = kind if kind in attention.KINDS else ""
    result = attention.attention(
        overdue_minutes=overdue_minutes(),
        recruiter_id=signed_in_user().id if mine else None,
        kinds=(kind,) if kind else None,
    )
    # Overdue rows are never cut off: the limit only trims what comes after the last one.
    last_overdue = max((n + 1 for n, item in enumerate(result.items) if item.overdue), default=0)
    shown = result.items if kind else result.items[: max(SHOWN_ROWS, last_overdue)]
    return render_template(
        "recruiter/board.html",
        erasures=erasure.pending(grace_days=current_app.config["RETENTION_GRACE_DAYS"]),
        board=result,
        items=shown,
        hidden=len(result.items) - len(shown),
        mine=mine,
        kind=kind,
        kinds=attention.KINDS,
        overdue=overdue_minutes(),
        rows=board_lines.rows(shown, zone=signed_in_user().time_zone, mine=mine, kind=kind),
    )


@bp.post("/board/<int:interview_id>/<kind>/handled", endpoint="mark_handled")
@access("recruiter")
def mark_row_handled(interview_id: int, kind: str):
    """Mark one board row handled (who and when are kept); back to the board or interview."""
    try:
        attention.mark_handled(interview_id=interview_id, kind=kind, by=signed_in_user())
    except NotFound:
        abort(404)
    flash(gettext("Marked handled: %(what)s.", what=attention.KINDS[kind].lower()), "success")
    if request.form.get("back") == "interview":
        return redirect(url_for("recruiter.interview", interview_id=interview_id))
    mine = request.form.get("mine") == "1"
    shown = request.form.get("kind", "")
    return redirect(
        url_for(
            "recruiter.board",
            mine="1" if mine else None,
            kind=shown if shown in attention.KINDS else None,
        )
    )


@bp.post("/board/<int:interview_id>/nudge-letters")
@access("recruiter")
def nudge_letters(interview_id: int):
    """Email the candidate a nudge about their unsent thank-you letters."""
    try:
        interview = attention.nudge_letters(interview_id=interview_id, by=signed_in_user())
    except NotFound:
        abort(404)
    flash(
        gettext("%(name)s is nudged about their letters.", name=interview.candidate.name),
        "success",
    )
    mine = request.form.get("mine") == "1"
    return redirect(url_for("recruiter.board", mine="1" if mine else None))


CANDIDATE_FILTER_ARGS = ("q", "state", "sort", "open_items")


def _candidate_filters() -> tuple[CandidateFilterForm, listing.CandidateFilters, dict]:
    """The list's filter form from the query string, the filters it means, and the
    query-string values to carry into paging links."""
    form = CandidateFilterForm(request.args)
    form.validate()
    filters = listing.CandidateFilters(
        q=(form.q.data or "")[:100],
        state=form.state.data if form.state.data in listing.CANDIDATE_STATES else "",
        with_open_items=bool(form.open_items.data),
        sort=form.sort.data if form.sort.data in listing.CANDIDATE_SORTS else "name",
    )
    return form, filters, carried(CANDIDATE_FILTER_ARGS)


@bp.route("/candidates", methods=["GET", "POST"])
@access("recruiter")
def candidates():
    """Candidates, searched, filtered and sorted, keyset-paged (no counting), each with
    their next interview and open items; and the form to invite a new one."""
    form = InviteForm()
    made, status = invite_from(form, users.invite_candidate)
    if made is not None:
        candidate, token = made
        return _link_page(candidate, "invite", token)
    filter_form, filters, carry = _candidate_filters()
    return paged_list(
        "recruiter/candidates.html",
        page_of=partial(listing.candidate_page, filters=filters, overdue_minutes=overdue_minutes()),
        carry=carry,
        form=form,
        filter_form=filter_form,
    ), status


def _show_link(candidate: User, purpose: str):
    """Make a one-time link for `candidate` and show it once."""
    token = users.issue_token(
        user=candidate,
        purpose=purpose,
        hours=link_hours(purpose),
        created_by=signed_in_user(),
        address=caller_address(),
    )
    return _link_page(candidate, purpose, token)


def _link_page(candidate: User, purpose: str, token: str):
    """A candidate's one-time link, shown once (saying whether it was emailed too)."""
    return link_page(candidate, purpose, token, emailed=bool(current_app.config.get("SMTP_HOST")))


@bp.get("/candidates/<int:user_id>")
@access("recruiter")
def candidate(user_id: int):
    """One candidate: details, account state, documents, and their latest interviews."""
    return candidate_page(_candidate_or_404(user_id))


@bp.post("/candidates/<int:user_id>/invite")
@access("recruiter")
def resend_invite(user_id: int):
    """A new invite link (earlier ones stop working)."""
    return _show_link(_account_or_404(user_id), "invite")


@bp.post("/candidates/<int:user_id>/reset")
@access("recruiter")
def issue_reset(user_id: int):
    """A one-time password reset link for the candidate."""
    return _show_link(_account_or_404(user_id), "reset")


@bp.post("/candidates/<int:user_id>/active")
@access("recruiter")
def set_active(user_id: int):
    """Deactivate (ending every session) or reactivate a candidate."""
    candidate = _account_or_404(user_id)
    active = request.form.get("active") == "1"
    users.set_active(user=candidate, active=active, by=signed_in_user())
    flash(
        gettext("%(name)s is active again.", name=candidate.name)
        if active
        else gettext("%(name)s is deactivated.", name=candidate.name),
        "success",
    )
    return redirect(url_for("recruiter.candidate", user_id=candidate.id))
