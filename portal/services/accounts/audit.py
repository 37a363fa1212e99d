"""The append-only audit log: who did what, when. Never passwords, tokens or debrief text."""

from __future__ import annotations

import datetime as dt

from portal.db import BaseModel
from portal.models import AuditEvent
from portal.models import User
from portal.models import utcnow


def record(
    actor: User | int | None,
    action: str,
    target: BaseModel | tuple[str, int | None] | None = None,
    *,
    detail: str = "",
    address: str = "",
    at: dt.datetime | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """Append one event: `actor` did `action` to `target`, read as a sentence
    (`record(by, "client.created", client)`). None as the actor is the portal itself.

    `target` is a row (the event keeps its table and id), or a kind and an id where only
    the id is at hand (`("user", candidate_id)`). `detail` is a short, secret-free
    description; `at` defaults to now. `actor_name` names who acted when they have no
    account (a client, through a link).
    """
    if target is None:
        target_type, target_id = "", None
    elif isinstance(target, tuple):
        target_type, target_id = target
    else:
        target_type, target_id = target._meta.table_name, target.id
    return AuditEvent.create(
        actor=actor,
        actor_name=actor_name[:120],
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=detail[:300],
        address=address[:64],
        created_at=at or utcnow(),
    )
