"""The portal's request class: control characters are removed from what people send.

NUL and other C0 control characters (except tab and line breaks) have no place
in anything typed into a form; PostgreSQL refuses NUL outright. Cleaning them
once, here, keeps every form and JSON endpoint safe without each one remembering.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

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


def _clean_multidict(data: ImmutableMultiDict) -> ImmutableMultiDict:
    return ImmutableMultiDict(
        [(clean_text(key), clean_text(value)) for key, value in data.items(multi=True)]
    )


class PortalRequest(Request):
    """Flask's request with form fields, query arguments and JSON cleaned of control chars."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _clean_multidict(self.form)

    @property
    def args(self) -> ImmutableMultiDict:  # type: ignore[override]
        cached = self.__dict__.get("_clean_args")
        if cached is None:
            cached = self.__dict__["_clean_args"] = _clean_multidict(super().args)
        return cached

    def get_json(self, *args, **kwargs):
        return _clean(super().get_json(*args, **kwargs))
