"""A form as a page shows it when it opens, without binding WTForms fields.

Binding a WTForms form builds every field anew on every request: the debrief's sixty-odd
fields cost about a millisecond, a fifth of its page. A page that only shows what is on
file validates nothing, so `shown(FormClass, data)` gives the drawers (`form_html`) and
the templates the same attributes (id, name, data, errors, flags, label, description,
choices) from plain tuples. What does not change from one request to the next is read
once per form class and language off a form WTForms built, so every id, name, label and
choice is WTForms' own. A form that was posted is always the real, validated one.

`tests/test_form_view.py` draws pages both ways and compares the HTML.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any
from typing import NamedTuple

from wtforms import Form

from portal.i18n import page_locale

# Fields whose value is one of their choices, coerced as WTForms coerces it.
_CHOICE_TYPES = frozenset({"RadioField", "SelectField"})
_LIST_TYPE = "FieldList"
_layout_keys = itertools.count(1)


class Label(NamedTuple):
    """A field's label, as `field.label.text` reads it."""

    text: str


class Flags(NamedTuple):
    """The flags the drawers read."""

    required: bool
    maxlength: int | None


class ShownField(NamedTuple):
    """One field with its value: what a drawer or template reads of a WTForms field."""

    id: str
    name: str
    type: str
    label: Label
    description: str
    flags: Flags
    choices: tuple[tuple[Any, str], ...]
    coerce: Callable[[Any], Any]
    filters: tuple[Callable[[Any], Any], ...]
    data: Any
    # A default WTForms makes anew for each form (e.g. a fresh key), else None.
    make_default: Callable[[], Any] | None = None
    # This field of this layout (form class and language), whatever it holds: the
    # drawers keep its drawing by it (form_html.reused_for_shown_fields).
    layout_key: int = 0
    errors: tuple = ()

    def iter_choices(self) -> Iterator[tuple[Any, str, bool, dict]]:
        """(value, label, selected, render_kw) for each choice, as WTForms gives them."""
        coerce, data = self.coerce, self.data
        return ((value, text, coerce(value) == data, {}) for value, text in self.choices)

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)

    def filled(self, value: Any) -> ShownField:
        """This field holding `value`, converted and filtered as WTForms' `process` would."""
        if self.type in _CHOICE_TYPES:
            value = None if value is None else self.coerce(value)
        elif self.type == "BooleanField":
            value = bool(value)
        for keep in self.filters:
            value = keep(value)
        # As `_replace(data=value)`, at a third of its cost (a page fills sixty fields).
        return ShownField._make((*self[:_DATA], value, *self[_DATA + 1 :]))


_DATA = ShownField._fields.index("data")


class ShownRow(NamedTuple):
    """One row of a list of sub-forms (`row.form`, as WTForms' FormField)."""

    form: ShownForm


class ShownList(list):
    """A FieldList's rows (`entries`, iterable, `name`, `type`), with no errors."""

    type = _LIST_TYPE
    errors: tuple = ()

    def __init__(self, name: str, rows: Iterable[ShownRow]) -> None:
        super().__init__(rows)
        self.name = self.id = name

    @property
    def entries(self) -> list[ShownRow]:
        return self


class ShownForm:
    """A form's fields by name, attribute and item, in the form's order; no errors."""

    form_errors: tuple = ()
    errors: Mapping[str, Any] = {}

    def __init__(self, fields: dict[str, Any]) -> None:
        self._fields = fields
        self.__dict__.update(fields)

    def __getitem__(self, name: str) -> Any:
        return self._fields[name]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._fields.values())


class _List(NamedTuple):
    """A list of sub-forms: the fewest rows it shows, and the layout of each row it may have."""

    name: str
    fewest: int
    rows: tuple[_Layout, ...]


class _Layout(NamedTuple):
    """A form class's fields in one language and in its order, holding their defaults."""

    fields: dict[str, ShownField | _List]


def _field(bound: Any) -> ShownField:
    return ShownField(
        id=bound.id,
        name=bound.name,
        type=bound.type,
        label=Label(str(bound.label.text)),
        description=str(bound.description) if bound.description else "",
        flags=Flags(bool(bound.flags.required), bound.flags.maxlength),
        choices=tuple((value, str(text)) for value, text, _selected, _kw in bound.iter_choices())
        if bound.type in _CHOICE_TYPES
        else (),
        coerce=getattr(bound, "coerce", str),
        filters=tuple(bound.filters),
        data=bound.data,
        make_default=bound.default if callable(bound.default) else None,
        layout_key=next(_layout_keys),
    )


def _layout_of(form: Any) -> _Layout:
    fields: dict[str, ShownField | _List] = {}
    for name, bound in form._fields.items():
        if bound.type == _LIST_TYPE:
            rows = tuple(_layout_of(row.form) for row in bound.entries)
            fields[name] = _List(bound.name, bound.min_entries, rows)
        elif bound.type != "CSRFTokenField":
            fields[name] = _field(bound)
    return _Layout(fields)


@functools.lru_cache(maxsize=32)
def _layout(form_class: type[Form], language: str) -> _Layout:
    """Built once per form class and language, with every list at its most rows."""
    probe: Mapping[str, Any] = form_class(formdata=None, meta={"csrf": False})._fields
    most = {name: field.max_entries for name, field in probe.items() if field.type == _LIST_TYPE}
    full = form_class(
        formdata=None,
        meta={"csrf": False},
        data={name: [{}] * count for name, count in most.items()},
    )
    return _layout_of(full)


def _filled(layout: _Layout, data: Mapping[str, Any]) -> ShownForm:
    fields: dict[str, Any] = {}
    for name, field in layout.fields.items():
        if isinstance(field, _List):
            given = list(data.get(name) or ())
            given += [{}] * (field.fewest - len(given))  # blank rows up to the fewest
            fields[name] = ShownList(
                field.name,
                (
                    ShownRow(_filled(row, values))
                    for row, values in zip(field.rows, given, strict=False)
                ),
            )
        elif name in data:
            fields[name] = field.filled(data[name])
        elif field.make_default is not None:
            fields[name] = field.filled(field.make_default())
        else:
            fields[name] = field
    return ShownForm(fields)


def shown(form_class: type[Form], data: Mapping[str, Any]) -> ShownForm:
    """`form_class` holding `data` (as `form_class(formdata=None, data=data)` would), for
    drawing; a list of sub-forms gets a row per item of its data, up to its most."""
    return _filled(_layout(form_class, str(page_locale())), data)
