"""The CSV export of interviews (the list's filters apply), streamed."""

from __future__ import annotations

from flask import Response
from flask import stream_with_context

from portal.auth.guards import access
from portal.models import utcnow
from portal.recruiter import bp
from portal.recruiter.interviews import list_filters
from portal.services.board import csv_export
from portal.web import caller_address
from portal.web import signed_in_user


@bp.get("/interviews/export.csv")
@access("recruiter")
def export_interviews():
    """Every interview the list's filters select, with both sides' answers, as CSV.

    Streamed in batches: memory stays flat however many rows there are.
    """
    _form, filters, _carry = list_filters()
    chunks = csv_export.interviews_csv(
        filters=filters, by=signed_in_user(), address=caller_address()
    )
    name = f"interviews-{utcnow():%Y%m%d-%H%M}.csv"
    return Response(
        stream_with_context(chunks),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )
