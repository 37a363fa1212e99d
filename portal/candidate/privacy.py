"""The candidate's own data: download all of it in one zip, or ask for it to be erased."""

from __future__ import annotations

import datetime as dt

from babel import dates as babel_dates
from flask import flash
from flask import redirect
from flask import render_template
from flask import send_file
from flask import url_for
from flask_babel import gettext

from portal.auth.guards import access
from portal.candidate import bp
from portal.candidate.forms import ErasureRequestForm
from portal.services import clock
from portal.services.errors import ServiceError
from portal.services.errors import Throttled
from portal.services.journey import debrief_versions
from portal.services.privacy import data_export
from portal.services.privacy import erasure
from portal.services.sharing import share_links
from portal.services.vocabulary import LANGUAGES
from portal.templating import reader_language
from portal.web import caller_address
from portal.web import error_text
from portal.web import signed_in_user


def _stamp(value, *, zone: str):
    """A stored time as '3 Dec 2026, 14:20' ('3 dic 2026, 14:20') in `zone`, in the reader's
    language; anything else as it is ('' for None)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        local = clock.to_local(value, zone)
        return babel_dates.format_datetime(local, "d MMM y, HH:mm", locale=reader_language())
    return value


@bp.post("/account/export")
@access("candidate")
def export_data():
    """Everything the portal holds about the candidate, as one zip: index.html and data.json.

    A POST: the download is audited. The zip is built whole into a spooled
    temporary file before the first byte goes out (see data_export), then
    streamed from it in blocks with its length known.
    """
    me = signed_in_user()
    export = data_export.collect(candidate=me, address=caller_address())
    html = render_template(
        "candidate/export.html",
        export=export,
        labels={name: gettext(label) for name, label in debrief_versions.FIELD_LABELS.items()},
        sections=share_links.SECTION_LABELS,
        languages=LANGUAGES,
        at=lambda value: _stamp(value, zone=me.time_zone),
    )
    name = f"debrief-data-{export.exported_at:%Y-%m-%d}"
    archive = data_export.write_zip(export=export, html=html, name=name)
    size = archive.seek(0, 2)
    archive.seek(0)
    response = send_file(
        archive, mimetype="application/zip", as_attachment=True, download_name=f"{name}.zip"
    )
    response.content_length = size
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/erase", methods=["GET", "POST"])
@access("candidate")
def request_erasure():
    """What erasure means, and the request itself, confirmed with the password."""
    me = signed_in_user()
    form = ErasureRequestForm()
    status = 200
    if me.erasure_requested_at is None and form.validate_on_submit():
        try:
            erasure.request_erasure(
                candidate=me, password=form.password.data, address=caller_address()
            )
        except ServiceError as exc:
            form.password.errors = [error_text(exc)]
            status = 429 if isinstance(exc, Throttled) else 400
        else:
            flash(gettext("Your request is sent. Your recruiter will erase your data."), "success")
            return redirect(url_for("candidate.request_erasure"))
    elif form.is_submitted() and me.erasure_requested_at is None:
        status = 400
    return render_template("candidate/erase.html", form=form), status
