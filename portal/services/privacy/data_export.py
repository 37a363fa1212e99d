"""A candidate's own data, to take away: one zip with a readable page and a JSON file.

`collect` reads every row about the candidate, table by table, through
`personal_data.HOLDINGS` (so a table added there is exported too), plus the
names that make the rows readable (positions, employers, recruiters).
`write_zip` packs the JSON and an HTML page the caller rendered from the same
`Export` into a zip, in a spooled temporary file: in memory while small, on
disk past `SPOOL_BYTES`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import zipfile
from dataclasses import dataclass
from dataclasses import field
from tempfile import SpooledTemporaryFile
from typing import Any
from typing import cast

from peewee import ForeignKeyField
from peewee import Model

from portal.db import database
from portal.models import Client
from portal.models import Document
from portal.models import DocumentBlob
from portal.models import Interview
from portal.models import Position
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import audit
from portal.services.privacy.personal_data import HOLDINGS
from portal.services.privacy.personal_data import Holding

FORMAT = "debrief-export/1"
SPOOL_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Export:
    """Everything about one candidate: `tables` (rows as dicts, by table) and `context`."""

    candidate_id: int
    exported_at: dt.datetime
    tables: dict[str, list[dict]]
    context: dict[str, list[dict]] = field(default_factory=dict)

    def rows(self, table: str) -> list[dict]:
        return self.tables.get(table, [])

    def by(self, table: str, key: str) -> dict[Any, list[dict]]:
        """The rows of `table` grouped by the value of column `key` (for the readable page)."""
        grouped: dict[Any, list[dict]] = {}
        for row in self.rows(table):
            grouped.setdefault(row.get(key), []).append(row)
        return grouped

    def as_json(self) -> dict:
        return {
            "format": FORMAT,
            "exported_at": self.exported_at,
            "candidate_id": self.candidate_id,
            "tables": self.tables,
            "context": self.context,
        }


def _json_value(value: Any) -> Any:
    """Times as ISO 8601 in UTC (json.dumps' `default`)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def to_json(export: Export) -> str:
    """The export as JSON (times in UTC, ISO 8601).

    Not indented: `indent` turns off json's C encoder (about 10x slower here), and
    people read index.html; data.json is for programs.
    """
    return json.dumps(export.as_json(), ensure_ascii=False, default=_json_value)


def _row_dict(row: Model, holding: Holding, candidate: User) -> dict:
    data = {}
    by_someone_else = row.__data__.get("actor") != candidate.id
    for column in row._meta.sorted_fields:
        if column.name in holding.hidden:
            continue
        # A link to another row is exported as that row's id.
        value = row.__data__.get(column.name)
        if column.name in holding.actors_own and by_someone_else:
            value = None  # kept as a column, so every row has the same ones
        if column.name in holding.json_fields and isinstance(value, str):
            with contextlib.suppress(ValueError):  # kept as text when not JSON
                value = json.loads(value)
        key = f"{column.name}_id" if isinstance(column, ForeignKeyField) else column.name
        data[key] = value
    return data


def collect(*, candidate: User, address: str = "", now: dt.datetime | None = None) -> Export:
    """Every row about `candidate`, by table, with the names the rows point at.

    Audits the export first, in the same transaction, so the export lists itself.
    """
    own = Interview.select(Interview.position).where(Interview.candidate == candidate.id)
    with database.atomic():
        audit.record(candidate, "data.exported", candidate, address=address, at=now)
        tables = {
            holding.model._meta.table_name: [
                _row_dict(row, holding, candidate) for row in holding.rows(candidate)
            ]
            for holding in HOLDINGS
            if holding.rows is not None
        }
        positions = (
            Position.select(Position.id, Position.title, Client.name.alias("client"))
            .join(Client)
            .where(Position.id.in_(own))
            .dicts()
        )
        recruiters = (
            User.select(User.id, User.name, User.email, User.phone)
            .where(
                User.id.in_(
                    Interview.select(Interview.recruiter).where(Interview.candidate == candidate.id)
                )
            )
            .dicts()
        )
        context: dict[str, list[dict]] = {
            # Rows as dicts (`.dicts()`); peewee's stubs keep the model type.
            "position": cast(list[dict], list(positions)),
            "recruiter": cast(list[dict], list(recruiters)),
        }
    return Export(
        candidate_id=candidate.id,
        exported_at=now or utcnow(),
        tables=tables,
        context=context,
    )


def document_paths(export: Export) -> list[tuple[int, str]]:
    """Each exported document's id and its path inside the zip's folder."""
    return [
        (row["id"], f"documents/{row['id']}-{row['filename']}")
        for row in export.rows(Document._meta.table_name)
    ]


def write_zip(*, export: Export, html: str, name: str) -> SpooledTemporaryFile:
    """The zip (`<name>/data.json`, `<name>/index.html` and the candidate's documents as
    files under `<name>/documents/`), rewound, ready to send."""
    out = SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - the caller sends and closes it
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}/index.html", html)
        archive.writestr(f"{name}/data.json", to_json(export))
        for document_id, path in document_paths(export):
            blob = DocumentBlob.get_or_none(DocumentBlob.document == document_id)
            if blob is not None:
                archive.writestr(f"{name}/{path}", bytes(blob.data))
    out.seek(0)
    return out
