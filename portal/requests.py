"""The portal's request class: control characters are removed from what people send,
and files are never accepted.

NUL and other C0 control characters (except tab and line breaks) have no place
in anything typed into a form; PostgreSQL refuses NUL outright. Cleaning them
once, here, keeps every form safe without each one remembering.
"""

from __future__ import annotations

import re
from typing import IO, Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.formparser import FormDataParser
from werkzeug.routing import IntegerConverter

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """`value` without control characters (tab, CR and LF are kept)."""
    return _CONTROL.sub("", value)


def clean_field(value: Any) -> Any:
    """A WTForms filter: strings lose control characters, anything else passes through.

    Forms also built outside a request (tests, tools) get the same cleaning.
    """
    return clean_text(value) if isinstance(value, str) else value


class CleanFields(ImmutableMultiDict):
    """Query arguments and form fields with control characters removed from names and text.

    Werkzeug builds `request.args` and `request.form` with the request's
    `parameter_storage_class`: this one cleans as it is built.
    """

    def __init__(self, mapping: Any = None) -> None:
        pairs = MultiDict(mapping).items(multi=True)
        super().__init__([(clean_text(key), clean_field(value)) for key, value in pairs])


class FieldsOnlyParser(FormDataParser):
    """Werkzeug's form parser, with every uploaded file dropped.

    The portal takes no uploads: a file sent in place of a field leaves that field
    empty (Flask-WTF would otherwise hand the file to a text field).
    """

    def parse(self, *args: Any, **kwargs: Any) -> tuple[IO[bytes], MultiDict, MultiDict]:
        stream, form, _files = super().parse(*args, **kwargs)
        return stream, form, self.cls()


class PortalRequest(Request):
    """Flask's request with form fields and query arguments cleaned of control characters,
    and no uploaded files."""

    parameter_storage_class = CleanFields
    form_data_parser_class = FieldsOnlyParser


MAX_ID = 2**63 - 1  # the largest id SQLite and PostgreSQL integers hold


class DatabaseId(IntegerConverter):
    """`<int:…>` in URLs, but only numbers a database id can be (SQLite and PostgreSQL
    store 64-bit integers; a bigger number would fail in the query, not find nothing)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
