"""Recruiter pages for client share links: make, preview, list, revoke.

A new link is made from a candidate (`?candidate_id=`) or one of their interviews
(`&interview_id=`): the form's Preview button shows, below the form, exactly the page the
client will get; Make link shows the address once. Every link stays listed after it
expires or is revoked, for the record.
"""

from __future__ import annotations

import secrets

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms import RadioField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import Regexp

from portal.auth.guards import access
from portal.form_fields import PortalForm
from portal.form_fields import options
from portal.models import SHARE_SECTIONS
from portal.models import User
from portal.recruiter import bp
from portal.requests import MAX_ID
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.sharing import documents
from portal.services.sharing import sending
from portal.services.sharing import share_links
from portal.services.vocabulary import LANGUAGES
from portal.web import caller_address
from portal.web import error_text
from portal.web import show_error
from portal.web import signed_in_user

SECTION_HINTS = {
    "summary": "What you write about the candidate for this client.",
    "schedule": "Their interviews with this client only: rounds, dates and times.",
    "highlights": "The candidate's qualifications, which you edit below. Never their own notes.",
    "contact": "The candidate's email and phone. Leave unticked unless they agreed.",
}


class ShareForm(PortalForm):
    """A new share link: shape only; the rules (days, sections, texts) live in the service."""

    recipient_name = StringField(_l("Who is it for?"), validators=[Optional(), Length(max=120)])
    recipient_email = StringField(
        _l("Their email"),
        validators=[Optional(), Length(max=254)],
        description=_l("To send the link from the portal. Leave empty to copy it yourself."),
    )
    send_to = StringField(validators=[Optional(), Regexp(r"^\d{0,18}$")])
    recipient_company = StringField(_l("Their company"), validators=[Optional(), Length(max=160)])
    sections = SelectMultipleField(
        _l("What the link shows"),
        choices=options(
            ((s, share_links.SECTION_LABELS[s]) for s in SHARE_SECTIONS), translate=True
        ),
        validators=[InputRequired(_l("Choose at least one thing for the link to show."))],
    )
    summary = TextAreaField(
        _l("Summary for the client"),
        validators=[Optional(), Length(max=share_links.MAX_TEXT)],
        description=_l("Written for the client. Shown only when Candidate summary is ticked."),
    )
    highlights = TextAreaField(
        _l("Interview highlights"),
        validators=[Optional(), Length(max=share_links.MAX_TEXT)],
        description=_l(
            "One point a line. Filled in from the qualifications in the candidate's "
            "submitted debrief, in the third person: edit or remove anything the client should "
            "not read."
        ),
    )
    days = StringField(
        _l("Days until the link stops working"),
        validators=[
            InputRequired(_l("Enter a number of days.")),
            Regexp(r"^\s*\d{1,3}\s*$", message=_l("Enter a whole number of days, like 14.")),
        ],
        description=_l("From 1 to %(n)s days.", n=share_links.MAX_DAYS),
    )
    documents = SelectMultipleField(
        _l("Documents to include"), coerce=int, validate_choice=False, validators=[Optional()]
    )
    language = RadioField(
        _l("Language of the page and emails"),
        choices=options([("", _l("The client's browser decides")), *LANGUAGES.items()]),
        default="",
        validators=[Optional()],
        description=_l("The client reads the page, and the emails sent with it, in this language."),
    )
    idempotency_key = HiddenField(validators=[Optional(), Length(max=64)])


def _optional_int(name: str) -> int | None:
    value = request.args.get(name, "")
    if not value:
        return None
    if not value.isdigit() or int(value) > MAX_ID:
        abort(404)
    return int(value)


@bp.route("/shares/new", methods=["GET", "POST"])
@access("recruiter")
def new_share():
    """Make a link for one candidate (and optionally one interview); preview it first."""
    candidate_id = _optional_int("candidate_id")
    interview_id = _optional_int("interview_id")
    if candidate_id is None:
        if request.method == "POST":
            abort(400)
        people = (
            User.select(User.id, User.name, User.email)
            .where((User.role == "candidate") & (User.active == True))  # noqa: E712
            .order_by(User.name, User.id)
            .tuples()
        )
        return render_template("recruiter/shares/pick.html", people=list(people))
    try:
        start = share_links.draft(candidate_id=candidate_id, interview_id=interview_id)
    except NotFound:
        abort(404)
    if request.method == "GET":
        form = ShareForm(
            data={
                "sections": list(start.sections),
                "highlights": start.highlights,
                "days": str(share_links.DEFAULT_DAYS),
                "idempotency_key": secrets.token_urlsafe(24),
            }
        )
        return _form_page(form, start)
    form = ShareForm()
    if not form.validate():
        return _form_page(form, start, status=400)
    answers = {
        "candidate_id": candidate_id,
        "interview_id": interview_id,
        "recipient_name": form.recipient_name.data,
        "recipient_company": form.recipient_company.data or "",
        "sections": form.sections.data,
        "summary": form.summary.data or "",
        "highlights": form.highlights.data or "",
        "days": int(form.days.data),
        "document_ids": tuple(form.documents.data or ()),
    }
    chosen = int(form.send_to.data) if form.send_to.data else None
    try:
        if chosen or (form.recipient_email.data or "").strip():
            answers["recipient_name"], email = sending.recipient(
                interview_id=interview_id,
                interviewer_id=chosen,
                name=form.recipient_name.data or "",
                email=form.recipient_email.data or "",
            )
        elif not (form.recipient_name.data or "").strip():
            raise ServiceError(
                "Enter the name of the person the link is for, or choose someone from the panel.",
                field="recipient_name",
            )
        if request.form.get("action") == "preview":
            shown = share_links.preview(**answers, recruiter=signed_in_user())
            return _form_page(form, start, packet=shown)
        if request.form.get("action") == "send":
            if not (chosen or (form.recipient_email.data or "").strip()):
                raise ServiceError(
                    "Choose someone from the panel, or enter their email, to send the link.",
                    field="recipient_email",
                )
            sent = sending.send_new(
                **{k: v for k, v in answers.items() if k != "recipient_name"},
                language=form.language.data or "",
                created_by=signed_in_user(),
                interviewer_id=chosen,
                recipient_name=answers["recipient_name"],
                recipient_email=email,
                idempotency_key=form.idempotency_key.data or "",
                address=caller_address(),
            )
            flash(
                gettext(
                    "The link is on its way to %(name)s (%(email)s), with you as Reply-To.",
                    name=sent.recipient_name,
                    email=sent.recipient_email,
                ),
                "success",
            )
            return redirect(url_for("recruiter.share_preview", link_id=sent.id))
        link, raw = share_links.create_link(
            **answers,
            language=form.language.data or "",
            created_by=signed_in_user(),
            idempotency_key=form.idempotency_key.data or "",
            address=caller_address(),
        )
    except share_links.AlreadyMade as exc:
        flash(error_text(exc), "info")
        return redirect(url_for("recruiter.share_preview", link_id=exc.link_id))
    except ServiceError as exc:
        show_error(form, exc)
        return _form_page(form, start, status=400)
    url = url_for("share.packet", token=raw, _external=True)
    response = render_template("recruiter/shares/made.html", link=link, url=url, start=start)
    # The page holds the raw address: keep it out of every cache, the browser's included.
    return response, 201, {"Cache-Control": "no-store"}


def _form_page(form: ShareForm, start: share_links.ShareDraft, *, packet=None, status: int = 200):
    return (
        render_template(
            "recruiter/shares/new.html",
            form=form,
            start=start,
            packet=packet,
            hints=SECTION_HINTS,
            labels=share_links.SECTION_LABELS,
            documents=documents.documents_of(candidate_id=start.candidate.id),
            panel=sending.panel_choices(
                interview_id=start.interview.id if start.interview else None
            ),
        ),
        status,
    )


@bp.get("/shares")
@access("recruiter")
def shares():
    """Every link, newest first, with its views; expired and revoked ones stay listed."""
    rows, next_before = share_links.list_links(
        before=_optional_int("before"), candidate_id=_optional_int("candidate_id")
    )
    return render_template(
        "recruiter/shares/list.html",
        rows=rows,
        next_before=next_before,
        candidate_id=request.args.get("candidate_id", ""),
        labels=share_links.SECTION_LABELS,
    )


@bp.get("/shares/<int:link_id>/preview")
@access("recruiter")
def share_preview(link_id: int):
    """Exactly what the link's client sees (or would see, were it still open)."""
    try:
        row, shown = share_links.link_preview(link_id=link_id)
    except NotFound:
        abort(404)
    return render_template(
        "recruiter/shares/preview.html", row=row, packet=shown, labels=share_links.SECTION_LABELS
    )


@bp.post("/shares/<int:link_id>/revoke")
@access("recruiter")
def revoke_share(link_id: int):
    """Withdraw a link: from the next request on, it shows 'no longer available'."""
    try:
        link = share_links.revoke_link(
            link_id=link_id, by=signed_in_user(), address=caller_address()
        )
    except NotFound:
        abort(404)
    flash(
        gettext("The link for %(name)s is revoked. It no longer opens.", name=link.recipient_name),
        "success",
    )
    return redirect(url_for("recruiter.shares"))


@bp.post("/shares/<int:link_id>/send-again")
@access("recruiter")
def send_share_again(link_id: int):
    """Withdraw the link and email its recipient a new one with the same contents."""
    try:
        link = sending.send_again(link_id=link_id, by=signed_in_user(), address=caller_address())
    except NotFound:
        abort(404)
    except ServiceError as exc:
        flash(error_text(exc), "error")
        return redirect(url_for("recruiter.share_preview", link_id=link_id))
    flash(
        gettext(
            "A new link is on its way to %(name)s; the old one no longer opens.",
            name=link.recipient_name,
        ),
        "success",
    )
    return redirect(url_for("recruiter.share_preview", link_id=link.id))
