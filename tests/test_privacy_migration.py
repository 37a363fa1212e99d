"""Migration 0009 (privacy columns) comes off and goes back on cleanly."""

from __future__ import annotations

from playhouse.schema_diff import diff_models

from portal.db import database
from portal.db import migration_runner
from portal.models import MODELS

COLUMNS = {"erasure_requested_at", "retention_warned_at", "erased_at"}


def _user_columns() -> set[str]:
    return {column.name for column in database.get_columns("user")}


def test_privacy_migration_has_a_working_down(app, make):
    """down() drops the three columns and keeps the rows; up() brings them back."""
    person = make.make_candidate(name="Kept Through Migrations")
    runner = migration_runner()
    undone = runner.down(target="0009_privacy")  # and every later migration first
    assert undone[-1] == "0009_privacy"
    assert not COLUMNS & _user_columns()
    names = [row[0] for row in database.execute_sql('SELECT name FROM "user"').fetchall()]
    assert person.name in names
    assert runner.up() == list(reversed(undone))
    assert _user_columns() >= COLUMNS
    assert not diff_models(database.obj, MODELS)
