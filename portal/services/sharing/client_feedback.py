"""The client's side of an interview, as the recruiter records it from a call.

One `ClientFeedback` per interview: the first save records it (its `recorded_at`
starts the momentum clock's "client feedback" step), later saves update it.
"""

from __future__ import annotations

import datetime as dt

from peewee import IntegrityError

from portal.db import database
from portal.models import ClientFeedback
from portal.models import Interview
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import audit
from portal.services.errors import ServiceError
from portal.services.vocabulary import DECISION_MAKERS
from portal.services.vocabulary import ENOUGH_EXCHANGED
from portal.services.vocabulary import choose

TEXT_LIMIT = 4000


def _text(value: str | None, field: str) -> str:
    value = (value or "").strip()
    if len(value) > TEXT_LIMIT:
        raise ServiceError("Use at most %(n)s characters.", field=field, n=TEXT_LIMIT)
    return value


def record(
    *,
    interview: Interview,
    by: User,
    client_interest: int | None,
    enough_exchanged: str = "",
    still_open: str = "",
    decision_makers_involved: str = "",
    decision_makers: str = "",
    concerns: str = "",
    next_step: str = "",
    now: dt.datetime | None = None,
) -> ClientFeedback:
    """Save the client's side of `interview` (create or update). Every answer is optional."""
    if interview.status == "cancelled":
        raise ServiceError("This interview was cancelled.")
    if client_interest is not None and not 1 <= client_interest <= 5:
        raise ServiceError("Choose from 1 to 5.", field="client_interest")
    if enough_exchanged and enough_exchanged not in ENOUGH_EXCHANGED:
        raise ServiceError(choose(ENOUGH_EXCHANGED), field="enough_exchanged")
    if decision_makers_involved and decision_makers_involved not in DECISION_MAKERS:
        raise ServiceError(choose(DECISION_MAKERS), field="decision_makers_involved")
    values = {
        "client_interest": client_interest,
        "enough_exchanged": enough_exchanged or "",
        "still_open": _text(still_open, "still_open"),
        "decision_makers_involved": decision_makers_involved or "",
        "decision_makers": _text(decision_makers, "decision_makers"),
        "concerns": _text(concerns, "concerns"),
        "next_step": _text(next_step, "next_step"),
    }
    if values["client_interest"] is None and not any(
        value for name, value in values.items() if name != "client_interest"
    ):
        raise ServiceError("Record at least one answer from the client.")
    now = now or utcnow()
    try:
        return _save(interview=interview, by=by, values=values, now=now)
    except IntegrityError:
        # Two saves raced to create it; the loser updates what the winner made.
        return _save(interview=interview, by=by, values=values, now=now)


def _save(*, interview: Interview, by: User, values: dict, now: dt.datetime) -> ClientFeedback:
    with database.atomic():
        feedback = ClientFeedback.get_or_none(ClientFeedback.interview == interview)
        if feedback is None:
            feedback = ClientFeedback.create(
                interview=interview, recorded_by=by, recorded_at=now, updated_at=now, **values
            )
            action = "client_feedback.recorded"
        else:
            for name, value in values.items():
                setattr(feedback, name, value)
            feedback.updated_at = now
            feedback.save()
            action = "client_feedback.updated"
        audit.record(by, action, interview)
    return feedback
