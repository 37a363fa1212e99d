"""Recruiters' own accounts: my account page (name, phone, time zone, password) and the
Recruiters page, where a recruiter invites, deactivates and resets the others."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from flask_babel import refresh
from flask_login import login_user

from portal.auth.forms import ChangePasswordForm
from portal.auth.guards import access
from portal.models import User
from portal.recruiter import bp
from portal.recruiter.common import invite_from
from portal.recruiter.common import link_hours
from portal.recruiter.common import link_page
from portal.recruiter.forms import ProfileForm
from portal.recruiter.forms import RecruiterInviteForm
from portal.recruiter.forms import WorkingHoursForm
from portal.services.accounts import recruiters
from portal.services.accounts import users
from portal.services.accounts import working_hours
from portal.services.errors import ServiceError
from portal.services.errors import Throttled
from portal.services.vocabulary import LANGUAGES
from portal.web import caller_address
from portal.web import error_text
from portal.web import found_or_404
from portal.web import show_error
from portal.web import signed_in_user


def _profile_form(formdata) -> ProfileForm:
    user = signed_in_user()
    return ProfileForm(
        formdata=formdata,
        data={"name": user.name, "phone": user.phone, "time_zone": user.time_zone},
    )


def _save_profile(form: ProfileForm):
    """Save the profile section: a redirect when saved, else the status to answer with
    (the errors are on the form)."""
    if not form.validate():
        return 400
    try:
        recruiters.update_profile(
            user=signed_in_user(),
            name=form.name.data or "",
            phone=form.phone.data or "",
            time_zone=form.time_zone.data or "",
        )
    except ServiceError as exc:
        show_error(form, exc)
        return 400
    flash(gettext("Your details are saved."), "success")
    return redirect(url_for("recruiter.account"))


def _save_password(form: ChangePasswordForm):
    """Change the password: a redirect when changed, else the status to answer with (the
    errors are on the form; too many wrong tries is 429)."""
    if not form.validate():
        return 400
    user = signed_in_user()
    try:
        users.change_password(
            user=user, current=form.current_password.data or "", new=form.new_password.data or ""
        )
    except ServiceError as exc:
        show_error(form, exc)
        return 429 if isinstance(exc, Throttled) else 400
    # Other sessions end with the old session version; this one carries on.
    login_user(user)
    flash(gettext("Your password is changed. You are signed out everywhere else."), "success")
    return redirect(url_for("recruiter.account"))


def _hours_form(formdata) -> WorkingHoursForm:
    user = signed_in_user()
    return WorkingHoursForm(
        formdata=formdata,
        data={
            "starts": dt.time(user.work_starts // 60, user.work_starts % 60),
            "ends": dt.time(user.work_ends // 60 % 24, user.work_ends % 60),
            "days": sorted(str(d) for d in working_hours.parse_days(user.work_days)),
        },
    )


def _minutes(at: dt.time | None) -> int:
    """Minutes after midnight (validation makes sure a time was given)."""
    return at.hour * 60 + at.minute if at is not None else 0


def _save_hours(form: WorkingHoursForm):
    """Save the working hours: a redirect when saved, else the status to answer with."""
    if not form.validate():
        return 400
    try:
        working_hours.set_hours(
            user=signed_in_user(),
            starts=_minutes(form.starts.data),
            ends=_minutes(form.ends.data),
            days=frozenset(int(d) for d in form.days.data or ()),
        )
    except ServiceError as exc:
        show_error(form, exc)
        return 400
    flash(gettext("Your working hours are saved."), "success")
    return redirect(url_for("recruiter.account"))


# Each section of the page: how to build its form (from the POST when it is the one sent)
# and how to save it (a redirect, or the status of the page shown again with the errors).
# A new section is one more entry here and one more block in the template.
SECTIONS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "profile": (_profile_form, _save_profile),
    "hours": (_hours_form, _save_hours),
    "password": (lambda formdata: ChangePasswordForm(formdata=formdata), _save_password),
}


@bp.route("/account", methods=["GET", "POST"])
@access("recruiter")
def account():
    """My account: name, phone and time zone; password."""
    sent = request.form.get("form", "") if request.method == "POST" else ""
    forms = {
        name: make(request.form if name == sent else None) for name, (make, _) in SECTIONS.items()
    }
    status = 200
    if sent in SECTIONS:
        done = SECTIONS[sent][1](forms[sent])
        if not isinstance(done, int):
            return done
        status = done
    elif sent == "language" and request.form.get("language") in LANGUAGES:
        users.set_language(user=signed_in_user(), language=request.form["language"])
        refresh()  # the flash and the next page speak it
        flash(gettext("Your language is saved."), "success")
        return redirect(url_for("recruiter.account"))
    elif request.method == "POST":
        flash(gettext("Choose what to change."), "error")
        status = 400
    return render_template("recruiter/account.html", forms=forms, languages=LANGUAGES), status


# ---------------------------------------------------------------------------
# The team
# ---------------------------------------------------------------------------


def _recruiter_or_404(recruiter_id: int) -> User:
    return found_or_404(recruiters.get_recruiter, recruiter_id=recruiter_id)


def _link_page(person: User, purpose: str, token: str):
    """A colleague's one-time link, shown once, with the way back to the Recruiters page."""
    return link_page(
        person,
        purpose,
        token,
        back=url_for("recruiter.recruiters_page"),
        back_label="Back to recruiters",
    )


@bp.route("/recruiters", methods=["GET", "POST"])
@access("recruiter")
def recruiters_page():
    """Every recruiter, and the form to invite one."""
    form = RecruiterInviteForm()
    made, status = invite_from(form, recruiters.invite_recruiter)
    if made is not None:
        person, token = made
        return _link_page(person, "invite", token)
    return render_template(
        "recruiter/recruiters.html", form=form, people=recruiters.team(), me_id=signed_in_user().id
    ), status


def _send_link(recruiter_id: int, purpose: str):
    """Make a new invite link for a colleague who has not chosen a password yet, and show it."""
    person = _recruiter_or_404(recruiter_id)
    try:
        token = recruiters.issue_link(
            recruiter=person,
            purpose=purpose,
            by=signed_in_user(),
            hours=link_hours(purpose),
            address=caller_address(),
        )
    except ServiceError as exc:
        flash(error_text(exc), "error")
        return redirect(url_for("recruiter.recruiters_page"))
    return _link_page(person, purpose, token)


@bp.post("/recruiters/<int:recruiter_id>/invite")
@access("recruiter")
def recruiter_invite(recruiter_id: int):
    """A new invite link for another recruiter (earlier ones stop working)."""
    return _send_link(recruiter_id, "invite")


@bp.post("/recruiters/<int:recruiter_id>/reset")
@access("recruiter")
def recruiter_reset(recruiter_id: int):
    """Email another recruiter a one-time password reset link (audited as asked by this one).

    The link goes to the colleague's own address only, never to this page: whoever
    pressed the button must not be able to set a colleague's password and sign in as them.
    """
    person = _recruiter_or_404(recruiter_id)
    try:
        recruiters.issue_link(
            recruiter=person,
            purpose="reset",
            by=signed_in_user(),
            hours=link_hours("reset"),
            address=caller_address(),
        )
    except ServiceError as exc:
        flash(error_text(exc), "error")
    else:
        where = (
            gettext("It is on its way to %(email)s.", email=person.email)
            if current_app.config["SMTP_HOST"]
            else gettext(
                "No email server is set up: the message is in instance/outbox/ on the server."
            )
        )
        flash(
            gettext(
                "%(name)s has a new password reset link, for their eyes only.", name=person.name
            )
            + " "
            + where
            + " "
            + gettext("It works once, within %(hours)s hours.", hours=link_hours("reset")),
            "success",
        )
    return redirect(url_for("recruiter.recruiters_page"))


@bp.post("/recruiters/<int:recruiter_id>/active")
@access("recruiter")
def recruiter_active(recruiter_id: int):
    """Deactivate (ending every session) or reactivate another recruiter."""
    person = _recruiter_or_404(recruiter_id)
    active = request.form.get("active") == "1"
    try:
        recruiters.set_active(recruiter=person, active=active, by=signed_in_user())
    except ServiceError as exc:
        flash(error_text(exc), "error")
    else:
        flash(
            gettext("%(name)s is active again.", name=person.name)
            if active
            else gettext("%(name)s is deactivated.", name=person.name),
            "success",
        )
    return redirect(url_for("recruiter.recruiters_page"))
