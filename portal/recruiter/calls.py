"""The call a candidate booked from their debrief: the recruiter moves it or cancels it."""

from __future__ import annotations

from flask import abort
from flask import url_for

from portal.auth.guards import access
from portal.models import CallBooking
from portal.models import Interview
from portal.recruiter import bp
from portal.recruiter.forms import CancelCallForm
from portal.recruiter.forms import MoveCallForm
from portal.services import clock
from portal.services.journey import calls
from portal.templating import call_time
from portal.web import save_form
from portal.web import saved_or_page
from portal.web import signed_in_user


def _booked_call(interview_id: int) -> tuple[Interview, CallBooking]:
    """The interview and its call still on, or 404."""
    interview = Interview.get_or_none(Interview.id == interview_id)
    booking = calls.booking_for(interview_id=interview_id) if interview is not None else None
    if interview is None or booking is None or not calls.is_on(booking):
        abort(404)
    return interview, booking


def _back(interview_id: int) -> str:
    return url_for("recruiter.interview", interview_id=interview_id, _anchor="debrief")


@bp.route("/interviews/<int:interview_id>/call", methods=["GET", "POST"])
@access("recruiter")
def move_call(interview_id: int):
    """GET: the booked call in both zones and a new time to choose. POST: move it; both
    sides are emailed old → new with the calendar file at its next sequence."""
    interview, booking = _booked_call(interview_id)
    me = signed_in_user()
    form = MoveCallForm()
    if not form.is_submitted() and booking.starts_at is not None:
        form.starts_at.data = clock.to_local(booking.starts_at, me.time_zone).replace(tzinfo=None)
    saved = save_form(
        form,
        lambda: calls.move(
            booking_id=booking.id,
            # Validated: InputRequired makes sure the field holds a date and time.
            starts_at=clock.to_utc(form.starts_at.data, me.time_zone),  # type: ignore[arg-type]
            by=me,
        ),
        done="Call moved. The candidate and you are emailed the new time.",
        to=_back(interview_id),
    )
    return saved_or_page(
        saved,
        "recruiter/call.html",
        form,
        i=interview,
        booking=booking,
        when_mine=call_time(booking.starts_at, me.time_zone),
        when_theirs=call_time(booking.starts_at, interview.candidate.time_zone),
    )


@bp.route("/interviews/<int:interview_id>/call/cancel", methods=["GET", "POST"])
@access("recruiter")
def cancel_call(interview_id: int):
    """GET: what cancelling the call does, an optional reason, and the button. POST: cancel
    it; both calendars lose the event and the candidate reads the reason."""
    interview, booking = _booked_call(interview_id)
    me = signed_in_user()
    form = CancelCallForm()
    saved = save_form(
        form,
        lambda: calls.cancel(booking_id=booking.id, by=me, reason=form.reason.data or ""),
        done="Call cancelled. The candidate is emailed.",
        to=_back(interview_id),
    )
    return saved_or_page(
        saved,
        "recruiter/call_cancel.html",
        form,
        i=interview,
        when_mine=call_time(booking.starts_at, me.time_zone),
    )
