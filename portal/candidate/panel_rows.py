"""The debrief's repeated rows as the page draws them, in Python: a fieldset for each
person met, for each key point the people it may have come from, and the times offered
for the call.

The debrief shows three or more people of eight fields each. In Jinja a row cost about
as much again as its fields' own drawing: a lookup, an escape and a wrapper call for
each value, a `_()` for each message. Here the fields are drawn by `portal/form_html.py`
as before, the words every row repeats are looked up once a page, every value passes
through `markupsafe.escape` on its way in, and the whole is marked safe in one place,
`form_html.drawn` (tests/test_panel_rows.py sends hostile values through it).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup
from markupsafe import escape

from portal.form_html import drawn
from portal.form_html import drawn_text
from portal.form_html import filled
from portal.form_html import input as text_input
from portal.form_html import select
from portal.form_html import textarea
from portal.i18n import page_catalog
from portal.services.vocabulary import N_
from portal.templating import page_dates
from portal.templating import zone_label_filter


def _said(message: str, **values: Any) -> str:
    # A message in the reader's language, its values escaped (as a template's `_()`).
    return str(filled(page_catalog().ugettext(message), values))


def _typed(field: Any) -> str:
    return drawn_text(text_input, field, autocomplete="off", mark_optional=False)


def people(rows: Iterable[Any]) -> Markup:
    """Each person met: their name, title, role, email and topics, then how to address
    them (folded unless one of those needs a fix)."""
    how_to_address = _said(N_("How to address them"))
    person_n = page_catalog().ugettext(N_("Person %(n)s"))  # filled per row
    drawn_rows = []
    for n, row in enumerate(rows, start=1):
        person = row.form
        name = person.name.data
        legend = str(filled(person_n, {"n": n})) + (f": {escape(name)}" if name else "")
        known = person.interviewer_id
        addressing = (person.address_title, person.given_names, person.family_name)
        opened = " open" if any(field.errors for field in addressing) else ""
        known_id = f'value="{escape(known.data or "")}"'
        fields = [
            _typed(person.name),
            _typed(person.title),
            drawn_text(select, person.role, mark_optional=False),
            drawn_text(
                text_input, person.email, type="email", autocomplete="off", mark_optional=False
            ),
            drawn_text(textarea, person.topics, rows=2, mark_optional=False),
            f'<details class="more"{opened}>\n<summary>{how_to_address}</summary>',
            *(_typed(field) for field in addressing),
            "</details>\n</fieldset>\n",
        ]
        drawn_rows.append(
            f'<fieldset class="person">\n<legend>{legend}</legend>\n'
            f'<input type="hidden" name="{escape(known.name)}" {known_id}>\n' + "\n".join(fields)
        )
    return drawn("".join(drawn_rows))


def ties(rows: Iterable[Any], named: Sequence[Any]) -> Markup:
    """For each key point, a choice of the `named` people it came from, or no one."""
    no_one = _said(N_("No one in particular"))
    drawn_rows = []
    for row in rows:
        tie = row.form
        point, chosen = escape(tie.text.data), tie.person.data
        name = escape(tie.person.name)
        choices = "".join(
            f'<label class="choice"><input type="radio" name="{name}" value="{escape(person.id)}"'
            + (" checked" if chosen == str(person.id) else "")
            + f"> <span>{escape(person.name)}</span></label>\n"
            for person in named
        )
        drawn_rows.append(
            f'<fieldset class="fieldset field tie">\n<legend class="label">{point}</legend>\n'
            f'<input type="hidden" name="{escape(tie.text.name)}" value="{point}">\n'
            f'<div class="choices choices-wrap">\n{choices}'
            f'<label class="choice"><input type="radio" name="{name}" value=""'
            + ("" if chosen else " checked")
            + f"> <span>{no_one}</span></label>\n</div>\n</fieldset>\n"
        )
    return drawn("".join(drawn_rows))


def call_times(
    slots: Sequence[Any],
    chosen: str | None,
    *,
    zone: str,
    recruiter_zone: str,
    first_name: str,
) -> Markup:
    """The times offered for the call, each in the candidate's `zone` (the recruiter's time
    beside it when their zones differ), the `chosen` one checked, then "As soon as you can"
    (checked when none is chosen)."""
    beside = page_catalog().ugettext(N_("%(when)s %(zone)s for %(name)s"))
    their_zone = zone_label_filter(recruiter_zone)
    # The request's dates for each zone, looked up once for all the slots.
    yours, theirs_dates = page_dates(zone), page_dates(recruiter_zone)
    choices = []
    for n, slot in enumerate(slots):
        value = escape(slot.value)
        theirs = ""
        if slot.across:
            words = filled(
                beside,
                {
                    "when": theirs_dates.when(slot.starts_at),
                    "zone": their_zone,
                    "name": first_name,
                },
            )
            theirs = f' <span class="muted">({words})</span>'
        choices.append(
            f'<label class="choice"><input type="radio" name="call_at" value="{value}"'
            + (' id="call_at"' if n == 0 else "")
            + (" checked" if chosen == slot.value else "")
            + f"> <span>{escape(yours.when(slot.starts_at))}{theirs}</span></label>\n"
        )
    soon = _said(N_("As soon as you can"))
    choices.append(
        '<label class="choice"><input type="radio" name="call_at" value=""'
        + ("" if chosen else " checked")
        + f"> <span>{soon}</span></label>\n"
    )
    return drawn("".join(choices))
