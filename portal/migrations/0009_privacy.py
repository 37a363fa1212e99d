"""Privacy: when a candidate asked to be erased, was warned by retention, was erased."""

from peewee import *

COLUMNS = ("erasure_requested_at", "retention_warned_at", "erased_at")


def up(migrator, db):
    migrator.migrate(
        *[migrator.add_column("user", name, DateTimeField(null=True)) for name in COLUMNS]
    )


def down(migrator, db):
    migrator.migrate(*[migrator.drop_column("user", name) for name in reversed(COLUMNS)])
