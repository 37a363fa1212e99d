"""Recruiter interview pages: the list, schedule, edit/reschedule, cancel, and the
interview page with both sides, the three tests, client feedback and the decision."""

from __future__ import annotations

import datetime as dt
from functools import partial

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext

from portal.auth.guards import access
from portal.i18n import say
from portal.models import ChecklistTemplate
from portal.models import Interview
from portal.models import Position
from portal.models import User
from portal.recruiter import bp
from portal.recruiter.common import carried
from portal.recruiter.common import day_end_utc
from portal.recruiter.common import day_start_utc
from portal.recruiter.common import int_or_none
from portal.recruiter.common import overdue_minutes
from portal.recruiter.common import paged_list
from portal.recruiter.forms import PEOPLE_MAX
from portal.recruiter.forms import PEOPLE_ROWS
from portal.recruiter.forms import CancelForm
from portal.recruiter.forms import DecisionForm
from portal.recruiter.forms import FeedbackForm
from portal.recruiter.forms import InterviewFilterForm
from portal.recruiter.forms import InterviewForm
from portal.recruiter.forms import options
from portal.services import clock
from portal.services.board import listing
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.journey import calls
from portal.services.journey import checklist_templates
from portal.services.journey import interviews
from portal.services.journey.interviews import PanelEntry
from portal.services.sharing import client_feedback
from portal.services.sharing import clients
from portal.services.sharing import comparison
from portal.templating import call_time
from portal.web import save_form
from portal.web import saved_or_page
from portal.web import show_error
from portal.web import signed_in_user

FILTER_ARGS = ("q", "client", "position", "stage", "date_from", "date_to", "sort", "candidate")


def _interview_or_404(interview_id: int) -> Interview:
    interview = Interview.get_or_none(Interview.id == interview_id)
    if interview is None:
        abort(404)
    return interview


def list_filters() -> tuple[InterviewFilterForm, listing.InterviewFilters, dict]:
    """The list's filter form from the query string, the filters it means, and the
    query-string values to carry into paging and export links."""
    form = InterviewFilterForm(request.args)
    form.client.choices = options(
        [("", "Any client")] + [(str(i), name) for i, name in clients.client_choices()]
    )
    # Positions are offered once a client is chosen (the client's own), or the one in
    # the link: a select of every position at every client helps nobody.
    client_id = int_or_none(request.args.get("client"))
    position_id = int_or_none(request.args.get("position"))
    positions = (
        clients.position_choices(client_id=client_id or 0, include_id=position_id)
        if client_id or position_id
        else []
    )
    form.position.choices = options(
        [("", gettext("Any position") if positions else gettext("Choose a client first"))]
        + [(str(i), name) for i, name in positions]
    )
    form.validate()
    dates_ok = not form.date_from.errors and not form.date_to.errors
    filters = listing.InterviewFilters(
        candidate_id=int_or_none(form.candidate.data),
        client_id=int_or_none(form.client.data),
        position_id=int_or_none(form.position.data),
        recruiter_id=signed_in_user().id if form.mine.data else None,
        stage=form.stage.data if form.stage.data in listing.STAGES else "",
        starts_from=day_start_utc(form.date_from.data) if dates_ok else None,
        starts_before=day_end_utc(form.date_to.data) if dates_ok else None,
        q=(form.q.data or "")[:100],
        newest_first=form.sort.data != "oldest",
    )
    carry = carried(FILTER_ARGS)
    if form.mine.data:
        carry["mine"] = "y"
    return form, filters, carry


@bp.get("/interviews")
@access("recruiter")
def interviews_list():
    """Interviews, filtered and searched, newest first, keyset-paged (no counting)."""
    form, filters, carry = list_filters()
    return paged_list(
        "recruiter/interviews.html",
        page_of=partial(listing.interview_page, filters=filters),
        carry=carry,
        form=form,
        candidate=_candidate_or_none(filters.candidate_id),
    )


# ---------------------------------------------------------------------------
# Schedule and edit
# ---------------------------------------------------------------------------


def _choices(form: InterviewForm, *, candidate_id: int | None = None, position_id=None) -> None:
    form.set_zone_choices()
    if getattr(form, "candidate", None) is not None:
        form.candidate.choices = options(
            [(0, gettext("Choose a candidate"))]
            + clients.candidate_choices(include_id=candidate_id)
        )
    form.position.choices = options(
        [(0, gettext("Choose a position"))]
        + clients.position_choices(open_only=True, include_id=position_id)
    )
    if getattr(form, "template", None) is not None:
        form.template.choices = options(
            (key, say(name)) for key, name in checklist_templates.template_choices()
        )


def _people_rows(form: InterviewForm) -> None:
    """Leave two blank rows after the people listed (at least PEOPLE_ROWS rows)."""
    filled = sum(1 for entry in form.people if (entry.form.name.data or "").strip())
    while len(form.people) < min(PEOPLE_MAX, max(PEOPLE_ROWS, filled + 2)):
        form.people.append_entry()


def _candidate_or_none(candidate_id: int | None) -> User | None:
    if not candidate_id:
        return None
    try:
        return clients.get_candidate(candidate_id=candidate_id)
    except NotFound:
        return None


def _position(form: InterviewForm) -> Position | None:
    return Position.get_or_none(Position.id == form.position.data) if form.position.data else None


@bp.route("/interviews/new", methods=["GET", "POST"])
@access("recruiter")
def new_interview():
    """Schedule an interview: who, for what, when (in its own time zone), where, with whom."""
    preset = int_or_none(request.args.get("candidate_id"))
    form = InterviewForm()
    _choices(form, candidate_id=preset)
    status = 200
    if request.method == "GET":
        form.time_zone.data = signed_in_user().time_zone
        form.candidate.data = preset or 0
        form.template.data = form.template.choices[0].value if form.template.choices else None
    elif form.validate_on_submit():
        candidate = _candidate_or_none(form.candidate.data)
        position = _position(form)
        template = ChecklistTemplate.get_or_none(ChecklistTemplate.id == form.template.data)
        if candidate is None:
            form.candidate.errors = [*form.candidate.errors, gettext("Choose a candidate.")]
        if position is None:
            form.position.errors = [*form.position.errors, gettext("Choose a position.")]
        if candidate is not None and position is not None:
            try:
                interview, made = interviews.schedule_once(
                    key=form.idempotency_key.data or "",
                    recruiter=signed_in_user(),
                    candidate=candidate,
                    position=position,
                    **form.when_and_where(),
                    interviewers=[
                        PanelEntry(
                            name=e.form.name.data.strip(),
                            title=e.form.title.data or "",
                            role=e.form.role.data or "peer",
                            email=e.form.email.data or "",
                        )
                        for e in form.people
                        if (e.form.name.data or "").strip()
                    ],
                    template=template,
                )
            except ServiceError as exc:
                show_error(form, exc)
            else:
                if made:
                    flash(gettext("Interview scheduled; its prep checklist is ready."), "success")
                return redirect(url_for("recruiter.interview", interview_id=interview.id))
        status = 400
    else:
        status = 400
    _people_rows(form)
    return render_template("recruiter/interview_form.html", form=form, editing=None), status


@bp.route("/interviews/<int:interview_id>/edit", methods=["GET", "POST"])
@access("recruiter")
def edit_interview(interview_id: int):
    """Edit or reschedule an interview and its panel (prep, debrief and letters stay)."""
    interview = _interview_or_404(interview_id)
    if request.method == "GET":
        panel = interviews.panel_of(interview_id=interview.id)
        form = InterviewForm(
            formdata=None,
            data={
                "position": interview.position_id,
                "round": interview.round,
                "starts_at": clock.to_local(interview.starts_at, interview.time_zone).replace(
                    tzinfo=None
                ),
                "ends_at": clock.to_local(interview.ends_at, interview.time_zone).replace(
                    tzinfo=None
                ),
                "time_zone": interview.time_zone,
                "format": interview.format,
                "location": interview.location,
                "recruiter_note": interview.recruiter_note,
                "people": [
                    {
                        "interviewer_id": str(p.id),
                        "name": p.name,
                        "title": p.title,
                        "role": p.role,
                        "email": p.email,
                    }
                    for p in panel
                ],
            },
        )
    else:
        form = InterviewForm()
    del form.candidate
    del form.template
    _choices(form, position_id=interview.position_id)
    status = 200
    if interview.status == "cancelled":
        form.form_errors.append("This interview was cancelled; it cannot be changed.")
        status = 400 if request.method == "POST" else 200
    elif request.method == "POST":
        status = 400
        position = _position(form) if form.validate() else None
        if not form.errors and position is None:
            form.position.errors = [*form.position.errors, gettext("Choose a position.")]
        elif position is not None:
            try:
                moved = interviews.update(
                    interview=interview,
                    by=signed_in_user(),
                    position=position,
                    **form.when_and_where(),
                    people=[
                        PanelEntry(
                            interviewer_id=int_or_none(e.form.interviewer_id.data),
                            name=e.form.name.data or "",
                            title=e.form.title.data or "",
                            role=e.form.role.data or "peer",
                            email=e.form.email.data or "",
                        )
                        for e in form.people
                        if (e.form.name.data or "").strip() or e.form.interviewer_id.data
                    ],
                )
            except ServiceError as exc:
                show_error(form, exc)
            else:
                flash(
                    gettext("Interview rescheduled.") if moved else gettext("Interview saved."),
                    "success",
                )
                return redirect(url_for("recruiter.interview", interview_id=interview.id))
    _people_rows(form)
    return (
        render_template("recruiter/interview_form.html", form=form, editing=interview),
        status,
    )


@bp.route("/interviews/<int:interview_id>/cancel", methods=["GET", "POST"])
@access("recruiter")
def cancel_interview(interview_id: int):
    """GET: what cancelling does, an optional reason, and the button. POST: cancel it; the
    candidate is emailed (with the reason) and their calendar loses the event."""
    interview = _interview_or_404(interview_id)
    if interview.status == "cancelled":
        flash(gettext("This interview is cancelled already."), "info")
        return redirect(url_for("recruiter.interview", interview_id=interview_id))
    form = CancelForm()
    saved = save_form(
        form,
        lambda: interviews.cancel(
            interview=interview, by=signed_in_user(), reason=form.reason.data or ""
        ),
        done="Interview cancelled. The candidate is emailed.",
        to=url_for("recruiter.interview", interview_id=interview_id),
    )
    return saved_or_page(saved, "recruiter/cancel.html", form, i=interview)


# ---------------------------------------------------------------------------
# The interview page: both sides
# ---------------------------------------------------------------------------


def _feedback_form(sheet: comparison.Sheet) -> FeedbackForm:
    found = sheet.feedback
    data = {}
    if found is not None:
        data = {
            "client_interest": str(found.client_interest) if found.client_interest else "",
            **{name: getattr(found, name) for name in FeedbackForm.TEXT_ANSWERS},
        }
    return FeedbackForm(formdata=None, data=data)


def _open_call(sheet: comparison.Sheet):
    """The booked call while the request is open (no query otherwise)."""
    debrief = sheet.sent_debrief
    if debrief is None or not debrief.call_me or debrief.call_handled_at is not None:
        return None
    return calls.booking_for(interview_id=sheet.interview.id)


def _in_reader_zone(when: dt.datetime) -> str:
    """A debrief's chosen call time as the recruiter reads it: their zone and language."""
    return call_time(when, signed_in_user().time_zone)


def _interview_page(
    interview_id: int,
    *,
    feedback_form: FeedbackForm | None = None,
    decision_form: DecisionForm | None = None,
    status: int = 200,
):
    try:
        sheet = comparison.interview_sheet(
            interview_id=interview_id,
            overdue_minutes=overdue_minutes(),
            translate=gettext,
            when=_in_reader_zone,
        )
    except NotFound:
        abort(404)
    interview = sheet.interview
    if decision_form is None:
        decision_form = DecisionForm(
            formdata=None,
            data={
                "decision": interview.decision,
                "decision_next_step": interview.decision_next_step,
            },
        )
    return (
        render_template(
            "recruiter/interview.html",
            sheet=sheet,
            answers=sheet.answers(gettext, _in_reader_zone),
            interview=interview,
            feedback_form=feedback_form or _feedback_form(sheet),
            decision_form=decision_form,
            call=_open_call(sheet),
        ),
        status,
    )


@bp.get("/interviews/<int:interview_id>")
@access("recruiter")
def interview(interview_id: int):
    """One interview: prep, the clock, both sides against the three tests, the decision."""
    return _interview_page(interview_id)


@bp.post("/interviews/<int:interview_id>/client-feedback")
@access("recruiter")
def record_feedback(interview_id: int):
    """Record (or correct) the client's side, from a call."""
    interview = _interview_or_404(interview_id)
    form = FeedbackForm()
    saved = save_form(
        form,
        lambda: client_feedback.record(interview=interview, by=signed_in_user(), **form.answers()),
        done="Client feedback saved.",
        to=url_for("recruiter.interview", interview_id=interview_id, _anchor="three-tests"),
    )
    return saved or _interview_page(interview_id, feedback_form=form, status=400)


@bp.post("/interviews/<int:interview_id>/decision")
@access("recruiter")
def decide(interview_id: int):
    """Record the decision: move forward, hold or stop, and the next step."""
    interview = _interview_or_404(interview_id)
    form = DecisionForm()
    saved = save_form(
        form,
        lambda: interviews.decide(
            interview=interview,
            by=signed_in_user(),
            decision=form.decision.data,
            next_step=form.decision_next_step.data or "",
        ),
        done="Decision saved.",
        to=url_for("recruiter.interview", interview_id=interview_id, _anchor="decision"),
    )
    return saved or _interview_page(interview_id, decision_form=form, status=400)
