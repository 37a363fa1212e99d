"""The append-only audit log: who did what, when. Never passwords, tokens or debrief text."""

from __future__ import annotations

from portal.models import AuditEvent, User


def record(
    *,
    actor: User | None,
    action: str,
    target_type: str = "",
    target_id: int | None = None,
    detail: str = "",
    address: str = "",
) -> AuditEvent:
    """Append one event. `detail` is a short, secret-free description."""
    return AuditEvent.create(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=detail[:300],
        address=address[:64],
    )
