"""A candidate's documents (a CV, a portfolio): upload, list on the candidate page, remove.

Uploads are PDF or Word, checked from their content by the service. A refused file is
named beside the field and the title typed stays; a file far past the cap (which the
server stops reading, so the title is lost with it) gets the same page and message.
"""

from __future__ import annotations

from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from flask_wtf.file import FileField
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import StringField
from wtforms.validators import Length
from wtforms.validators import Optional

from portal.auth.guards import access
from portal.errors import render_error
from portal.form_fields import PortalForm
from portal.i18n import lazy_gettext as _l
from portal.models import User
from portal.recruiter import bp
from portal.requests import clean_field
from portal.services.board import listing
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.sharing import clients
from portal.services.sharing import documents
from portal.web import caller_address
from portal.web import show_error
from portal.web import signed_in_user


class DocumentForm(PortalForm):
    """Shape only: the type, size and completeness are the service's to check."""

    title = StringField(
        _l("What it is"),
        # On this route files are kept: a file sent in place of the title is no title.
        filters=[lambda value: value if isinstance(value, str) else "", clean_field],
        validators=[Optional(), Length(max=documents.TITLE_LIMIT)],
        description=_l("For example “CV” or “Portfolio”. Clients see this name."),
    )
    file = FileField(_l("The file"), description=_l("PDF or Word (.pdf, .docx, .doc)."))


def cap_words() -> str:
    return f"{current_app.config['DOCUMENT_MAX_BYTES'] // (1024 * 1024)} MB"


def candidate_or_404(user_id: int) -> User:
    try:
        return clients.get_candidate(candidate_id=user_id)
    except NotFound:
        abort(404)


def candidate_page(person: User, *, form: DocumentForm | None = None, status: int = 200):
    """The candidate page: details, interviews, and documents with the upload form (and
    its errors)."""
    page = listing.interview_page(filters=listing.InterviewFilters(candidate_id=person.id), size=20)
    return (
        render_template(
            "recruiter/candidate.html",
            candidate=person,
            page=page,
            documents=documents.documents_of(candidate_id=person.id),
            document_form=form or DocumentForm(formdata=None),
            cap=cap_words(),
        ),
        status,
    )


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(exc: RequestEntityTooLarge):
    """Far past the cap the server stops reading (the CSRF check meets it first): on the
    upload route, the candidate page with the cap in words beside the field."""
    if request.endpoint != "recruiter.upload_document":
        return render_error(413)
    person = candidate_or_404((request.view_args or {})["user_id"])
    form = DocumentForm(formdata=None)
    form.file.errors = [f"This file is larger than {cap_words()}. Make it smaller."]
    return candidate_page(person, form=form, status=413)


@bp.post("/candidates/<int:user_id>/documents", endpoint="upload_document")
@access("recruiter")
def upload_document(user_id: int):
    """Attach a PDF or Word file to the candidate."""
    person = candidate_or_404(user_id)
    form = DocumentForm()
    if not form.validate_on_submit():
        return candidate_page(person, form=form, status=400)
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise ServiceError("Choose a file to upload.", field="file")
        document = documents.attach(
            candidate_id=person.id,
            title=form.title.data or "",
            filename=upload.filename,
            data=upload.read(),
            by=signed_in_user(),
            max_bytes=current_app.config["DOCUMENT_MAX_BYTES"],
            address=caller_address(),
        )
    except NotFound:
        abort(404)
    except ServiceError as exc:
        show_error(form, exc, default="file")
        return candidate_page(person, form=form, status=400)
    flash(
        gettext(
            "“%(title)s” is attached. Choose it when you make a share link.", title=document.title
        ),
        "success",
    )
    return redirect(url_for("recruiter.candidate", user_id=person.id, _anchor="documents"))


@bp.post("/candidates/<int:user_id>/documents/<int:document_id>/remove")
@access("recruiter")
def remove_document(user_id: int, document_id: int):
    """Delete a document: it leaves every share link that included it."""
    try:
        documents.remove(
            document_id=document_id,
            candidate_id=user_id,
            by=signed_in_user(),
            address=caller_address(),
        )
    except NotFound:
        abort(404)
    flash(gettext("The document is removed, from every link too."), "success")
    return redirect(url_for("recruiter.candidate", user_id=user_id, _anchor="documents"))
