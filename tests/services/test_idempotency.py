"""The one idempotency guard every create shares (services/idempotency.py)."""

from __future__ import annotations

import pytest

from portal.models import Client
from portal.models import IdempotencyKey
from portal.services import idempotency
from portal.services.errors import Conflict

KEY = "k" * 24


def _make_client(name: str):
    return lambda: Client.create(name=name).id


def test_a_repeated_key_gives_the_first_result_and_writes_once(make):
    """The same key twice runs the write once and answers the second call with its id."""
    user = make.make_recruiter(password=None)
    first = idempotency.once(key=KEY, user=user, scope="client.create", make=_make_client("A"))
    second = idempotency.once(key=KEY, user=user, scope="client.create", make=_make_client("B"))
    assert first == (first[0], True)
    assert second == (first[0], False)
    assert [c.name for c in Client.select()] == ["A"]


@pytest.mark.parametrize("who, scope", [("other", "client.create"), ("same", "position.create")])
def test_a_key_spent_by_someone_else_or_for_another_write_is_refused(make, who, scope):
    """A key already used by another user, or for another kind of write, writes nothing."""
    user = make.make_recruiter(password=None)
    idempotency.once(key=KEY, user=user, scope="client.create", make=_make_client("A"))
    caller = make.make_recruiter(password=None) if who == "other" else user
    with pytest.raises(Conflict, match="Reload the page"):
        idempotency.once(key=KEY, user=caller, scope=scope, make=_make_client("B"))
    assert Client.select().count() == 1


def test_a_malformed_key_runs_unguarded_and_keeps_nothing(make):
    """A hand-made request without a proper key still writes, but spends no key."""
    user = make.make_recruiter(password=None)
    for _ in range(2):
        assert idempotency.once(key="short", user=user, scope="s", make=_make_client("A"))[1]
    assert Client.select().count() == 2
    assert IdempotencyKey.select().count() == 0
