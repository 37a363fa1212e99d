"""What the numbered scripts share to declare their frozen models.

Not a migration: peewee's runner loads only the files whose names start with a digit.
A script's models are copies of the schema as it stood then, never the live models.
"""

from __future__ import annotations

from peewee import Database, Model


def base(db: Database) -> type[Model]:
    """A model class bound to `db`: a script's frozen models derive from it, so each one's
    Meta names only its table (and its indexes)."""

    class Frozen(Model):
        class Meta:
            database = db

    return Frozen


def table(db: Database, name: str) -> type[Model]:
    """A model with no fields for the existing table `name`: what a frozen foreign key
    points at (the script neither creates nor changes it)."""
    meta = type("Meta", (), {"database": db, "table_name": name})
    return type(name.title().replace("_", ""), (Model,), {"Meta": meta})
