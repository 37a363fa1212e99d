"""Every migration can be undone, and upgrading a database that holds rows keeps them.

Each test starts from an empty database (not the suite's migrated copy) and
drives peewee's migration runner directly. Rows are made from the schema as
it stands before a migration (read back by reflection), so these tests keep
working as migrations are added.
"""

from __future__ import annotations

import datetime as dt
import decimal
import importlib.util
import os
import re
from pathlib import Path

import psycopg
import pytest
from peewee import BooleanField
from peewee import DateField
from peewee import DateTimeField
from peewee import DecimalField
from peewee import FloatField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TimeField
from peewee import fn
from playhouse.reflection import generate_models
from playhouse.schema_diff import diff_models

from portal.db import MIGRATIONS_DIR
from portal.db import database
from portal.db import migration_runner
from portal.models import MODELS
from tests.support import make_test_app

HISTORY = "schema_migration"


def _migration_names() -> list[str]:
    folder = os.path.join(os.path.dirname(__file__), "..", "portal", "migrations")
    return sorted(name[:-3] for name in os.listdir(folder) if re.match(r"\d{4}_.*\.py$", name))


MIGRATIONS = _migration_names()


def _migration_module(name: str):
    """The migration script `name`, loaded as a module (to read what it declares)."""
    path = Path(MIGRATIONS_DIR) / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"migration_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def empty(tmp_path, pg_database_url):
    """An app bound to an empty database (no migration applied), with a connection open."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "migrations",
        "DATABASE": str(tmp_path / "empty.sqlite3"),
    }
    if pg_database_url:
        # The suite's database, emptied; the next test's fixture puts the schema back.
        conn = psycopg.connect(pg_database_url, autocommit=True)
        with conn.cursor() as cur:
            cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        conn.close()
        config["DATABASE_URL"] = pg_database_url
    app = make_test_app(config)
    database.connect(reuse_if_open=True)
    yield app
    if not database.is_closed():
        database.close()
    if pg_database_url:
        _restore_postgres(app)


def _restore_postgres(app) -> None:
    """Leave PostgreSQL as the other tests expect it: fully migrated, rows as migrations left them."""
    database.connect(reuse_if_open=True)
    database.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    migration_runner().up()
    database.close()


def _schema() -> dict[str, tuple]:
    """Each table's columns, indexes and foreign keys, in a comparable form."""
    shape = {}
    for table in database.get_tables():
        if table == HISTORY:
            continue
        columns = sorted(
            (c.name, c.data_type.lower(), c.null, c.primary_key)
            for c in database.get_columns(table)
        )
        indexes = sorted((i.name, tuple(i.columns), i.unique) for i in database.get_indexes(table))
        keys = sorted(
            (k.column, k.dest_table, k.dest_column) for k in database.get_foreign_keys(table)
        )
        shape[table] = (columns, indexes, keys)
    return shape


def _applied() -> list[str]:
    return [m.name for m in migration_runner().status() if m.applied]


def test_the_migrations_folder_is_read():
    """The migration list below is not empty (guards against a silently skipped test)."""
    assert MIGRATIONS[0] == "0001_initial" and len(MIGRATIONS) >= 3


@pytest.mark.parametrize("name", MIGRATIONS)
def test_migration_down_restores_the_schema_before_it(empty, name):
    """Upgrading through a migration and then undoing it leaves exactly the schema before it."""
    runner = migration_runner()
    previous = MIGRATIONS[MIGRATIONS.index(name) - 1] if name != MIGRATIONS[0] else None
    if previous:
        runner.up(target=previous)
    before = _schema()
    runner.up(target=name)
    assert _schema() != before, f"{name} changed nothing"
    assert runner.down() == [name]
    assert _schema() == before
    assert _applied() == (MIGRATIONS[: MIGRATIONS.index(previous) + 1] if previous else [])


def test_upgrade_all_downgrade_all_upgrade_again_matches_the_models(empty):
    """All the way down and up again: no table is left behind, and the schema matches the models."""
    runner = migration_runner()
    assert runner.up() == MIGRATIONS
    assert runner.down(target=MIGRATIONS[0]) == list(reversed(MIGRATIONS))
    assert [t for t in database.get_tables() if t != HISTORY] == []
    assert runner.up() == MIGRATIONS
    diff = diff_models(database.obj, MODELS)
    assert not diff, f"models and migrations differ after down and up:\n{diff}"


def _value(field, n: int, rows: dict):
    """A value for `field` in row `n` that satisfies its type, length and uniqueness."""
    if isinstance(field, ForeignKeyField):
        made = rows.get(field.rel_model._meta.table_name)
        return made[n % len(made)]["id"] if made else None
    if isinstance(field, BooleanField):
        return n % 2 == 0
    if isinstance(field, IntegerField):
        return n + 1
    if isinstance(field, FloatField):
        return n + 0.5
    if isinstance(field, DecimalField):
        return decimal.Decimal(n) + decimal.Decimal("0.25")
    if isinstance(field, DateTimeField):
        return dt.datetime(2030, 1, 2, 3, 4, 5) + dt.timedelta(days=n)
    if isinstance(field, DateField):
        return dt.date(2030, 1, 2) + dt.timedelta(days=n)
    if isinstance(field, TimeField):
        return dt.time(9, n % 60)
    text = f"{field.column_name[:8]}{n}"
    return text[: field.max_length] if getattr(field, "max_length", None) else text


def _parents_made(model, rows: dict, *, nullable_too: bool) -> bool:
    return all(
        fk.rel_model is model or fk.rel_model._meta.table_name in rows
        for fk in model._meta.refs
        if nullable_too or not fk.null
    )


def _fill(models: dict, per_table: int = 3) -> dict[str, list[dict]]:
    """Put `per_table` rows in every table (parents before children); return them as read back."""
    rows: dict[str, list[dict]] = {}
    pending = [m for name, m in models.items() if name != HISTORY]
    while pending:
        # Parents first, so that nullable references point at rows too; a cycle
        # of references is broken at a nullable one.
        ready = [m for m in pending if _parents_made(m, rows, nullable_too=True)] or [
            m for m in pending if _parents_made(m, rows, nullable_too=False)
        ]
        assert ready, f"foreign keys form a cycle: {[m._meta.table_name for m in pending]}"
        for model in ready:
            table = model._meta.table_name
            # Explicit ids: a migration may have seeded rows without moving PostgreSQL's sequence.
            first_id = (model.select(fn.MAX(model._meta.primary_key)).scalar() or 0) + 1
            for n in range(per_table):
                values = {
                    field.name: _value(field, n, rows)
                    for field in model._meta.sorted_fields
                    if not field.primary_key
                    and not (isinstance(field, ForeignKeyField) and field.rel_model is model)
                }
                model.insert({model._meta.primary_key: first_id + n, **values}).execute()
            rows[table] = list(model.select().order_by(model._meta.primary_key).dicts())
            pending.remove(model)
    return rows


@pytest.mark.parametrize("name", MIGRATIONS[1:])
def test_upgrading_a_populated_database_keeps_its_rows(empty, name):
    """Rows in every table before a migration are all there after it, with the same values
    (only columns the migration drops are gone, and those it declares it empties in
    `EMPTIES` = {table: {column, …}} are empty)."""
    runner = migration_runner()
    runner.up(target=MIGRATIONS[MIGRATIONS.index(name) - 1])
    before = _fill(generate_models(database.obj))
    runner.up(target=name)
    after_models = generate_models(database.obj)
    empties = getattr(_migration_module(name), "EMPTIES", {})
    for table, rows in before.items():
        if table not in after_models:
            continue  # the migration drops the table
        model = after_models[table]
        emptied = empties.get(table, set())
        for column in emptied:
            assert {row[column] for row in model.select().dicts()} <= {""}, (name, column)
        kept = {c for c in rows[0] if c in model._meta.fields and c not in emptied}
        found = list(model.select().order_by(model._meta.primary_key).dicts())
        assert [{c: row[c] for c in kept} for row in found] == [
            {c: row[c] for c in kept} for row in rows
        ], f"{name} changed the rows of {table}"
