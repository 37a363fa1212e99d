"""The recruiter's outbox (failed messages, resend) and their own email settings."""

from __future__ import annotations

from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext

from portal.auth.guards import access
from portal.recruiter import bp
from portal.services.accounts import working_hours
from portal.services.errors import NotFound
from portal.services.mail import notices
from portal.services.mail import outbox
from portal.web import caller_address
from portal.web import signed_in_user


@bp.get("/outbox")
@access("recruiter")
def outbox_page():
    """Messages that could not be delivered, each with a Resend button; counts by state."""
    return render_template(
        "recruiter/outbox.html",
        failed=outbox.failed(),
        counts=outbox.counts(),
        # No SMTP host: the worker writes instance/outbox/*.eml instead.
        writes_files=not current_app.config.get("SMTP_HOST"),
    )


@bp.post("/outbox/<int:message_id>/resend")
@access("recruiter")
def resend_message(message_id: int):
    """Put a failed message back in line (audited); the worker sends it within a minute."""
    try:
        outbox.resend(message_id=message_id, by=signed_in_user(), address=caller_address())
    except NotFound:
        abort(404)
    flash(gettext("The message is back in line: it goes out within a minute."), "success")
    return redirect(url_for("recruiter.outbox_page"))


@bp.route("/settings", methods=["GET", "POST"])
@access("recruiter")
def mail_settings():
    """Which emails this recruiter gets: reminders (client feedback missing) and updates,
    and when updates come: at once in working hours, or all in the morning digest."""
    user = signed_in_user()
    if request.method == "POST":
        notices.set_preference(
            user=user,
            reminders=request.form.get("reminders") == "1",
            updates=request.form.get("updates") == "1",
            updates_when=request.form.get("updates_when", "at_once"),
        )
        flash(gettext("Your email settings are saved."), "success")
        return redirect(url_for("recruiter.mail_settings"))
    return render_template(
        "recruiter/mail_settings.html",
        pref=notices.preference(user=user),
        hours=working_hours.of(user).describe(),
        choices=notices.UPDATES_WHEN,
        kinds=[k for k in notices.KINDS.values() if k.audience in ("recruiter", "both")],
    )
