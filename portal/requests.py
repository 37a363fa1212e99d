"""The portal's request class: control characters are removed from what people send,
and files are accepted only where a page asks for one.

NUL and other C0 control characters (except tab and line breaks) have no place
in anything typed into a form; PostgreSQL refuses NUL outright. Cleaning them
once, here, keeps every form and JSON endpoint safe without each one remembering.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Request, current_app
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
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


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(str(k)): _clean(v) for k, v in value.items()}
    return value


def _clean_multidict(data: MultiDict) -> ImmutableMultiDict:
    return ImmutableMultiDict(
        [(clean_text(key), clean_text(value)) for key, value in data.items(multi=True)]
    )


# The routes that take a file (a candidate's document), and how much more than the file
# itself their request may carry (the other fields, the multipart framing).
UPLOAD_ENDPOINTS = frozenset({"recruiter.upload_document"})
UPLOAD_OVERHEAD = 256 * 1024


class PortalRequest(Request):
    """Flask's request with form fields, query arguments and JSON cleaned of control chars."""

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

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _clean_multidict(self.form)
        if not self.takes_files:
            # Only upload routes take files: elsewhere a file sent in place of a
            # field is dropped, and the form sees that field as empty (Flask-WTF
            # would otherwise hand the file to a text field).
            self.__dict__["files"] = ImmutableMultiDict()

    @property
    def args(self) -> ImmutableMultiDict:
        cached = self.__dict__.get("_clean_args")
        if cached is None:
            cached = self.__dict__["_clean_args"] = _clean_multidict(super().args)
        return cached

    def get_json(self, *args, **kwargs):
        return _clean(super().get_json(*args, **kwargs))


MAX_ID = 2**63 - 1  # the largest id SQLite and PostgreSQL integers hold


class DatabaseId(IntegerConverter):
    """`<int:…>` in URLs, but only numbers a database id can be (SQLite and PostgreSQL
    store 64-bit integers; a bigger number would fail in the query, not find nothing)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
