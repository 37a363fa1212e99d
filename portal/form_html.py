"""How a form field is drawn: its label above it, the hint and the error tied to it with
`aria-describedby`, the error beside it as well as in the page's summary.

WTForms validates; drawing is ours (DESIGN.md). These are Python functions that templates
call as globals (`{{ input(form.email, type='email') }}`), not Jinja macros: a macro
call costs Jinja about a tenth of a millisecond before it writes anything, and the debrief
page draws some fifty fields. Each builds its HTML with f-strings in which every value
passes through `markupsafe.escape` (C code; `Markup.format` escapes too, but its Python
formatter costs more than the macro did), then marks the result safe in one place,
`drawn`, so the template writes it as it is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from typing import TypeVar
from typing import cast

from flask import g
from markupsafe import Markup
from markupsafe import escape

from portal.i18n import gettext
from portal.services import zone_choices
from portal.signing import csrf_token

Drawer = TypeVar("Drawer", bound=Callable[..., Markup])


def drawn(html: str) -> Markup:
    """HTML built in Python as markup: the one place it is marked safe, for the drawers
    here and the lists drawn the same way (recruiter/board_lines.py, candidate/prep_lines.py,
    candidate/step_lines.py). Every value in it went through `escape` on its way in (each
    module's tests send hostile values through it)."""
    # Every value was escaped on its way in (ruff, bandit and semgrep would flag this).
    return Markup(html)  # noqa: S704  # nosec B704  # nosemgrep: markup-from-data


# Drawings of fields shown as a page opens, by drawer, layout field, options and value
# (or whether there is one): a few hundred per language; emptied if it ever fills.
_kept: dict[tuple, tuple[str, ...]] = {}
_KEPT_MOST = 4096
_VALUE_MARK = "\x00"  # where the value goes: typed text never holds it (clean_field)


def reused_for_shown_fields(*, by_value: bool) -> Callable[[Drawer], Drawer]:
    """A drawer that draws a field shown as a page opens (`form_view.ShownField`: no
    errors, everything but its value the same on every request) once, then reuses it.

    With `by_value`, the drawing is kept for each value (a choice or a tick, so few);
    otherwise it is kept in two parts around the value, which is escaped into it, as
    the drawer escapes it. Any other field is drawn as usual."""

    def wrap(drawer: Drawer) -> Drawer:
        @functools.wraps(drawer)
        def draw(field: Any, *args: Any, **options: Any) -> Markup:
            text = _reused(drawer, by_value, field, args, options)
            return drawer(field, *args, **options) if text is None else drawn(text)

        _drawers[draw] = (drawer, by_value)
        return cast(Drawer, draw)

    return wrap


# Each wrapped drawer's own drawer and how its drawings are kept (for `drawn_text`).
_drawers: dict[Callable[..., Markup], tuple[Callable[..., Markup], bool]] = {}


def _reused(
    drawer: Callable[..., Markup], by_value: bool, field: Any, args: tuple, options: dict
) -> str | None:
    """The kept drawing of a shown field as text, or None for a field drawn as usual."""
    layout_key = getattr(field, "layout_key", None)
    if layout_key is None or args or field.errors or options.get("type") == "time":
        return None
    data = field.data
    try:
        key = (drawer, layout_key, *options.items(), data if by_value else data is None)
        parts = _kept.get(key)
    except TypeError:  # an option that is no key (a dict of attributes)
        return None
    if parts is None:
        if len(_kept) >= _KEPT_MOST:
            _kept.clear()
        if by_value or data is None:
            parts = (str(drawer(field, **options)),)
        else:
            marked = field._replace(data=_VALUE_MARK)
            parts = tuple(str(drawer(marked, **options)).split(_VALUE_MARK))
        _kept[key] = parts
    if len(parts) == 1:  # drawn whole (or a password, whose value is never shown)
        return parts[0]
    return f"{parts[0]}{escape(data)}{parts[1]}"


def drawn_text(draw: Callable[..., Markup], field: Any, **options: Any) -> str:
    """`draw(field, **options)` as text, for rows joined into one drawing and marked
    safe once (portal/candidate/panel_rows.py): a field of a row costs no markup object
    of its own. `draw` is one of the drawers below."""
    drawer, by_value = _drawers[draw]
    text = _reused(drawer, by_value, field, (), options)
    return str(drawer(field, **options)) if text is None else text


def filled(text: str, values: Mapping[str, Any]) -> Markup:
    """A message already in the reader's language as markup, as a template's `_()` words
    it: the catalog's text is the portal's own markup, each value is escaped as it is
    filled in (`%%` is a percent sign; every placeholder in the catalogs is `%(name)s`)."""
    if values or "%" in text:
        text = text % {name: escape(value) for name, value in values.items()}
    return drawn(text)


def _hint(field: Any, hint: Any) -> Markup:
    """The hint as the page writes it (the field's description when none is given), worded
    once: a lazy description is looked up in the catalog each time it is read, and a
    drawer reads its hint three or four times."""
    return escape(field.description if hint is None else hint)


def _label_text(field: Any, label: Any) -> Markup:
    return escape(label or field.label.text)


def _optional(field: Any, mark_optional: bool) -> str:
    if mark_optional and not field.flags.required:
        optional = escape(gettext("(optional)"))
        return f' <span class="optional">{optional}</span>'
    return ""


def _hint_and_error(field_id: str, hint: Any, errors: list) -> str:
    """The hint, then the first error, as the lines under a label."""
    html = f'<p class="hint" id="{field_id}-hint">{escape(hint)}</p>' if hint else ""
    if errors:
        said = escape(gettext("Error:"))
        html += (
            f'<p class="field-error" id="{field_id}-error"><span class="vh">'
            f"{said}</span> {escape(errors[0])}</p>"
        )
    return html


def _described(field_id: str, hint: Any, errors: list) -> str:
    """` aria-describedby` naming the hint and the error, and ` aria-invalid` on an error."""
    if not (hint or errors):
        return ""
    ids = " ".join(
        ([f"{field_id}-hint"] if hint else []) + ([f"{field_id}-error"] if errors else [])
    )
    return f' aria-describedby="{ids}"' + (' aria-invalid="true"' if errors else "")


def _max_length(field: Any) -> str:
    longest = field.flags.maxlength
    return f' maxlength="{longest}"' if longest and longest > 0 else ""


def _more(attrs: Mapping[str, Any] | None) -> str:
    """More attributes, e.g. {'list': 'sections'}: names and values escaped; None left out."""
    if not attrs:
        return ""
    return "".join(
        f' {escape(name)}="{escape(value)}"' for name, value in attrs.items() if value is not None
    )


def _head(field: Any, field_id: str, errors: list, label: Any, mark_optional: bool) -> str:
    invalid = " field-invalid" if errors else ""
    return (
        f'<div class="field{invalid}">\n<label class="label" for="{field_id}">'
        f"{_label_text(field, label)}{_optional(field, mark_optional)}</label>\n"
    )


@reused_for_shown_fields(by_value=False)
def input(  # noqa: A001 - the templates' name for a text input
    field: Any,
    type: str = "text",  # noqa: A002 - the HTML attribute's name
    autocomplete: str | None = None,
    inputmode: str | None = None,
    hint: Any = None,
    label: Any = None,
    attrs: Mapping[str, Any] | None = None,
    mark_optional: bool = True,
) -> Markup:
    """A labelled `<input>`; a password's value is never written back into the page."""
    hint = _hint(field, hint)
    field_id, errors, data = escape(field.id), field.errors, field.data
    if data is None or type == "password":
        value = ""
    else:
        value = f' value="{escape(field._value() if type == "time" else data)}"'
    return drawn(
        _head(field, field_id, errors, label, mark_optional)
        + _hint_and_error(field_id, hint, errors)
        + f'\n<input class="input" id="{field_id}" name="{escape(field.name)}"'
        + f' type="{escape(type)}"'
        + value
        + (f' autocomplete="{escape(autocomplete)}"' if autocomplete else "")
        + (f' inputmode="{escape(inputmode)}"' if inputmode else "")
        + (" required" if field.flags.required else "")
        + _max_length(field)
        + _described(field_id, hint, errors)
        + _more(attrs)
        + ">\n</div>\n"
    )


@reused_for_shown_fields(by_value=False)
def textarea(
    field: Any,
    hint: Any = None,
    rows: int = 3,
    label: Any = None,
    mark_optional: bool = True,
    attrs: Mapping[str, Any] | None = None,
) -> Markup:
    """A labelled `<textarea>` holding what is on file or was typed."""
    hint = _hint(field, hint)
    field_id, errors = escape(field.id), field.errors
    return drawn(
        _head(field, field_id, errors, label, mark_optional)
        + _hint_and_error(field_id, hint, errors)
        + f'\n<textarea class="input" id="{field_id}" name="{escape(field.name)}"'
        + f' rows="{escape(rows)}"'
        + _max_length(field)
        + _described(field_id, hint, errors)
        + _more(attrs)
        + f">{escape(field.data or '')}</textarea>\n</div>\n"
    )


@reused_for_shown_fields(by_value=True)
def select(field: Any, hint: Any = None, label: Any = None, mark_optional: bool = True) -> Markup:
    """A labelled `<select>` of the field's choices."""
    hint = _hint(field, hint)
    field_id, errors = escape(field.id), field.errors
    options = "".join(
        f'<option value="{escape(value)}"{" selected" if selected else ""}>{escape(text)}</option>'
        for value, text, selected, _ in field.iter_choices()
    )
    return drawn(
        _head(field, field_id, errors, label, mark_optional)
        + _hint_and_error(field_id, hint, errors)
        + f'\n<select class="input" id="{field_id}" name="{escape(field.name)}"'
        + _described(field_id, hint, errors)
        + f">\n{options}</select>\n</div>\n"
    )


@reused_for_shown_fields(by_value=True)
def radios(
    field: Any,
    hint: Any = None,
    inline: bool = False,
    label: Any = None,
    mark_optional: bool = True,
) -> Markup:
    """A fieldset of radio buttons, its legend the label; the first button takes the id."""
    hint = _hint(field, hint)
    field_id, errors, name = escape(field.id), field.errors, escape(field.name)
    invalid = " field-invalid" if errors else ""
    choices = "".join(
        f'<label class="choice"><input type="radio" name="{name}" value="{escape(value)}"'
        + (f' id="{field_id}"' if index == 0 else "")
        + (" checked" if selected else "")
        + f"> <span>{escape(text)}</span></label>\n"
        for index, (value, text, selected, _) in enumerate(field.iter_choices())
    )
    return drawn(
        f'<div class="field{invalid}">\n<fieldset class="fieldset"'
        + _described(field_id, hint, errors)
        + f'>\n<legend class="label">{_label_text(field, label)}'
        + f"{_optional(field, mark_optional)}</legend>\n"
        + _hint_and_error(field_id, hint, errors)
        + f'<div class="choices{" choices-inline" if inline else ""}">\n'
        + choices
        + "</div>\n</fieldset>\n</div>\n"
    )


@reused_for_shown_fields(by_value=True)
def checkbox(field: Any, hint: Any = None) -> Markup:
    """A checkbox with its label beside it."""
    return drawn(
        f'<div class="field">\n<label class="choice"><input type="checkbox"'
        f' id="{escape(field.id)}" name="{escape(field.name)}" value="y"'
        + (" checked" if field.data else "")
        + f"> <span>{escape(field.label.text)}</span></label>\n"
        + (f'<p class="hint">{escape(hint)}</p>' if hint else "")
        + "</div>\n"
    )


def zone_input(field: Any, near: str, hint: Any = None) -> Markup:
    """A time zone: type a city, or pick from the zones most likely given `near` (a
    datalist, not a select of every zone on Earth)."""
    hint = _hint(field, hint)
    field_id, errors = escape(field.id), field.errors
    options = "".join(f'<option value="{label}"></option>' for label in _zone_labels(near))
    return drawn(
        _head(field, field_id, errors, None, False)
        + _hint_and_error(field_id, hint, errors)
        + f'<input class="input" id="{field_id}" name="{escape(field.name)}" type="text"'
        + f' list="{field_id}-list" autocomplete="off"\n'
        + f'  value="{escape(_zone_shown(field))}"{_described(field_id, hint, errors)}>\n'
        + f'<datalist id="{field_id}-list">\n{options}</datalist>\n</div>\n'
    )


def _zone_shown(field: Any) -> str:
    """What the zone input shows: the field's own choice (`TimeZoneField.shown`: what was
    typed, after an error), or for a form shown as it opens (portal.form_view) the zone on
    file as a person reads it."""
    if hasattr(field, "shown"):
        return field.shown()
    return zone_choices.label(field.data) if field.data else ""


@lru_cache(maxsize=64)
def _zone_labels(near: str) -> tuple[str, ...]:
    """The labels of the zones most likely given `near`, escaped: the same forty for
    everyone in that zone, from the zone table alone, so escaped once per zone (escaping
    them was half of the field's cost)."""
    return tuple(str(escape(zone.label)) for zone in zone_choices.likely(near))


def csrf() -> Markup:
    """The hidden CSRF field every form posts (Flask-WTF's token for this session)."""
    # Drawn once a request: Flask-WTF keeps the request's token the same way (in `g`),
    # and the account page has four forms.
    field = g.get("csrf_field")
    if field is None:
        token = escape(csrf_token())
        field = g.csrf_field = drawn(f'<input type="hidden" name="csrf_token" value="{token}">')
    return field


def _problems(form: Any, row_label: Any) -> list[tuple[str, Any]]:
    """(field id, message) for every field with an error, in the form's order; a row of a
    FieldList speaks as "Person 2: …" (`row_label`, "Row" when not given)."""
    problems: list[tuple[str, Any]] = []
    for field in form:
        if field.type == "CSRFTokenField":
            continue
        if field.type == "FieldList":
            for n, row in enumerate(field, start=1):
                for sub in row.form:
                    if sub.errors and sub.type != "HiddenField":
                        label = row_label or gettext("Row")
                        worded = f"{label} {n}: {sub.errors[0]}"
                        problems.append((sub.id, worded))
        elif field.errors:
            problems.append((field.id, field.errors[0]))
    return problems


def error_summary(form: Any, row_label: Any = None, after: Any = "") -> Markup:
    """The box at the top of a form that lists each problem and links to its field (GOV.UK's
    error summary), `after` said below the list; nothing when the form has no problem."""
    if not (form.errors or form.form_errors):  # nothing to list (`errors` covers every row)
        return drawn("")
    problems = _problems(form, row_label)
    if not (problems or form.form_errors):
        return drawn("")
    items = [f"<li>{escape(message)}</li>\n" for message in form.form_errors]
    items += [f'<li><a href="#{escape(i)}">{escape(message)}</a></li>\n' for i, message in problems]
    closing = f"<p>{escape(after)}</p>\n" if after else ""
    title = escape(gettext("There is a problem"))
    return drawn(
        '<div class="error-summary" role="alert" tabindex="-1"'
        ' aria-labelledby="error-summary-title">\n'
        f'<h2 id="error-summary-title">{title}</h2>\n'
        f"<ul>\n{''.join(items)}</ul>\n{closing}</div>\n"
    )


FIELD_DRAWERS = {
    "csrf": csrf,
    "error_summary": error_summary,
    "zone_input": zone_input,
    "input": input,
    "textarea": textarea,
    "select": select,
    "radios": radios,
    "checkbox": checkbox,
}
