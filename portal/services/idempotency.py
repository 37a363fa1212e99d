"""Idempotency keys: a write that a retry could repeat is done once per key.

A form that creates something carries a fresh random key. The first request with it
does the write and keeps the key (with the new row's id) in the same transaction; a
retried or double submit finds the key and gets the first result back instead of a
second row. A key spent by someone else, or for another kind of write, is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from peewee import IntegrityError

from portal.db import database
from portal.models import IdempotencyKey
from portal.models import User
from portal.services.errors import Conflict
from portal.services.vocabulary import N_

KEY_PATTERN = re.compile(r"[A-Za-z0-9_\-]{16,64}")
SPENT_ELSEWHERE = N_("This form was already used for something else. Reload the page.")


def well_formed(key: str) -> bool:
    """True for a key our forms make: 16 to 64 URL-safe characters."""
    return bool(key) and KEY_PATTERN.fullmatch(key) is not None


def once(
    *,
    key: str,
    user: User,
    scope: str,
    make: Callable[[], int],
    refused: str = SPENT_ELSEWHERE,
) -> tuple[int, bool]:
    """Run `make` (which writes and returns the new row's id) once per idempotency key.

    Returns (id, True) the first time and (the first id, False) on a retry or a double
    submit with the same key. A key spent by another user or for another `scope` raises
    Conflict(`refused`). A missing or malformed key runs `make` unguarded (the forms
    always send one; a hand-made request may not); callers that require a key check
    `well_formed` first. An IntegrityError from `make` itself is raised unchanged.
    """
    if not well_formed(key):
        with database.atomic():
            return make(), True
    try:
        with database.atomic():
            # The key goes in first: a concurrent twin waits here, then fails on it.
            claim = IdempotencyKey.create(key=key, user=user, scope=scope)
            result = make()
            claim.result = str(result)
            claim.save(only=[IdempotencyKey.result])
            return result, True
    except IntegrityError:
        found = IdempotencyKey.get_or_none(IdempotencyKey.key == key)
        if found is None:
            raise  # not the key: something `make` wrote clashed
    if found.scope != scope or found.user_id != user.id:
        raise Conflict(refused)
    return int(found.result), False
