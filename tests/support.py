"""Test helpers that are not fixtures: a CSRF-aware test client."""

from __future__ import annotations

import secrets

from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer


class PortalClient(FlaskClient):
    """A test client that signs its form posts with a valid CSRF token, as a browser would.

    Pass `csrf=False` to send a post without one, or your own `csrf_token` in `data`.
    """

    def csrf_token(self) -> str:
        """A token valid for this client's session."""
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", secrets.token_hex(20))
        return URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token").dumps(raw)

    def open(self, *args, **kwargs):
        add_token = kwargs.pop("csrf", True)
        method = (kwargs.get("method") or "GET").upper()
        data = kwargs.get("data")
        if add_token and method == "POST" and (data is None or isinstance(data, dict)):
            data = dict(data or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        return super().open(*args, **kwargs)


def find_text(*needles: str) -> dict[str, list[str]]:
    """Every text column of every table in the bound database that contains a needle
    (case-insensitive): `{needle: ["table.column", …]}`, only needles found."""
    from portal.db import database

    found: dict[str, list[str]] = {}
    left, right = database.obj.quote

    def quote(name: str) -> str:
        return f"{left}{name}{right}"

    for table in database.get_tables():
        for column in database.get_columns(table):
            kind = column.data_type.upper()
            if "CHAR" not in kind and "TEXT" not in kind:
                continue
            # Table and column names come from the schema itself, never from input.
            where = f"LOWER({quote(column.name)}) LIKE {database.param}"
            sql = f"SELECT COUNT(*) FROM {quote(table)} WHERE {where}"  # noqa: S608
            for needle in needles:
                count = database.execute_sql(sql, (f"%{needle.lower()}%",)).fetchone()[0]
                if count:
                    found.setdefault(needle, []).append(f"{table}.{column.name}")
    return found


def links_to_user(model, seen=()) -> list:
    """Every chain of foreign keys from `model` to User (e.g. letter -> interview -> user)."""
    from peewee import ForeignKeyField

    from portal.models import User

    chains = []
    for fk in model._meta.sorted_fields:
        if not isinstance(fk, ForeignKeyField):
            continue
        if fk.rel_model is User:
            chains.append([fk])
        elif fk.rel_model is not model and fk.rel_model not in seen:
            chains += [[fk, *rest] for rest in links_to_user(fk.rel_model, (*seen, model))]
    return chains


def rows_linked_to(model, chain: list, user_id: int) -> set[int]:
    """Ids of `model`'s rows whose foreign-key `chain` (from `links_to_user`) ends at `user_id`."""
    query = model.select(model._meta.primary_key)
    current = model
    for fk in chain[:-1]:
        target = fk.rel_model
        query = query.join_from(current, target, on=(fk == target._meta.primary_key))
        current = target
    return {row_id for (row_id,) in query.where(chain[-1] == user_id).tuples()}
