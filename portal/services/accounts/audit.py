"""The append-only audit log: who did what, when. Never passwords, tokens or debrief text."""

from __future__ import annotations

import datetime as dt

from portal.db import BaseModel
from portal.models import AuditEvent, User, utcnow


def record(
    *,
    actor: User | None,
    action: str,
    target: BaseModel | None = None,
    target_type: str = "",
    target_id: int | None = None,
    detail: str = "",
    address: str = "",
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Append one event. `detail` is a short, secret-free description; `at` defaults to now.

    The event is about `target` (a row: its table and id), or about `target_type` and
    `target_id` where only the id is at hand.
    """
    if target is not None:
        target_type, target_id = target._meta.table_name, target.id
    return AuditEvent.create(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=detail[:300],
        address=address[:64],
        created_at=at or utcnow(),
    )
