"""The portal's request class: control characters are removed from what people send,
and files are accepted only where a page asks for one.

NUL and other C0 control characters (except tab and line breaks) have no place
in anything typed into a form; PostgreSQL refuses NUL outright. Cleaning them
once, here, keeps every form and query safe without each one remembering. Both are
done through Werkzeug's documented hooks: the class that holds arguments and fields
(`parameter_storage_class`) and the form parser (`form_data_parser_class`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from typing import Any
from typing import cast

from flask import Request
from flask import current_app
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.datastructures import iter_multi_items
from werkzeug.formparser import FormDataParser
from werkzeug.routing import IntegerConverter

if TYPE_CHECKING:
    from werkzeug.formparser import t_parse_result

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """`value` without control characters (tab, CR and LF are kept)."""
    return _CONTROL.sub("", value)


def clean_field(value: Any) -> Any:
    """A WTForms filter: strings lose control characters, anything else passes through.

    Forms also built outside a request (tests, tools) get the same cleaning.
    """
    return clean_text(value) if isinstance(value, str) else value


class CleanMultiDict(ImmutableMultiDict):
    """Werkzeug's immutable multidict, with control characters removed from every key and
    text value: the request keeps its query arguments and form fields in it."""

    def __init__(self, mapping: Any = None) -> None:
        super().__init__(
            [
                (clean_text(key), clean_field(value))
                for key, value in iter_multi_items(mapping or ())
            ]
        )


# The routes that take a file (a candidate's document), and how much more than the file
# itself their request may carry (the other fields, the multipart framing).
UPLOAD_ENDPOINTS = frozenset({"recruiter.upload_document"})
UPLOAD_OVERHEAD = 256 * 1024


class PortalFormParser(FormDataParser):
    """Werkzeug's form parser, which drops uploaded files unless `keep_files` is set: only
    upload routes take files, and elsewhere the form sees a file sent in place of a field
    as that field left empty (Flask-WTF would otherwise hand the file to a text field)."""

    keep_files = False

    def parse(self, *args: Any, **kwargs: Any) -> t_parse_result:
        stream, form, files = super().parse(*args, **kwargs)
        return stream, form, files if self.keep_files else self.cls()


class PortalRequest(Request):
    """Flask's request with query arguments and form fields cleaned of control characters,
    and files only on the routes that take them."""

    parameter_storage_class = CleanMultiDict
    form_data_parser_class = PortalFormParser

    @property
    def takes_files(self) -> bool:
        return self.endpoint in UPLOAD_ENDPOINTS

    @property
    def max_content_length(self) -> int | None:
        """The app's limit, except on an upload route: there, the document cap (a setting)
        and room for the rest of the form. Read before any view runs (the CSRF check
        reads the form), hence here and not in the view."""
        if self._max_content_length is None and self.takes_files and current_app:
            return current_app.config["DOCUMENT_MAX_BYTES"] + UPLOAD_OVERHEAD
        return Request.max_content_length.fget(self)  # type: ignore[attr-defined]

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    def make_form_data_parser(self) -> FormDataParser:
        parser = cast(PortalFormParser, super().make_form_data_parser())
        parser.keep_files = self.takes_files
        return parser


MAX_ID = 2**63 - 1  # the largest id SQLite and PostgreSQL integers hold


class DatabaseId(IntegerConverter):
    """`<int:…>` in URLs, but only numbers a database id can be (SQLite and PostgreSQL
    store 64-bit integers; a bigger number would fail in the query, not find nothing)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
