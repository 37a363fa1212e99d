"""The audit log page: who did what and when, filtered by actor, action and date."""

from __future__ import annotations

from functools import partial

from flask import request

from portal.auth.guards import access
from portal.i18n import gettext
from portal.recruiter import bp
from portal.recruiter.common import carried
from portal.recruiter.common import day_end_utc
from portal.recruiter.common import day_start_utc
from portal.recruiter.common import int_or_none
from portal.recruiter.common import paged_list
from portal.recruiter.forms import AuditFilterForm
from portal.recruiter.forms import options
from portal.services.board import listing
from portal.services.sharing import clients

FILTER_ARGS = ("actor", "action", "date_from", "date_to")


@bp.get("/audit")
@access("recruiter")
def audit_log():
    """Recruiter actions and sign-ins, newest first, keyset-paged."""
    form = AuditFilterForm(request.args)
    form.actor.choices = options(
        [("", gettext("Anyone"))] + [(str(i), name) for i, name in clients.recruiter_choices()]
    )
    form.validate()
    dates_ok = not form.date_from.errors and not form.date_to.errors
    filters = listing.AuditFilters(
        actor_id=int_or_none(form.actor.data),
        action=(form.action.data or "").strip()[:60],
        since=day_start_utc(form.date_from.data) if dates_ok else None,
        before=day_end_utc(form.date_to.data) if dates_ok else None,
    )
    return paged_list(
        "recruiter/audit.html",
        page_of=partial(listing.audit_page, filters=filters),
        carry=carried(FILTER_ARGS),
        form=form,
        actions=listing.known_actions(),
    )
