"""The prep checklist's items as the page draws them: a heading per section, and for each
item its tick button, the panel where the item is about them, and its note, in Python.

A checklist holds twenty-odd items, each with two forms. In Jinja each item's dozen
values cost a lookup, an escape and a wrapper call on top of their own work (about
40 µs an item, most of the page); here each costs its escape, and the words every item
repeats are looked up and escaped once a page. As in `portal/form_html.py`, every value
passes through `markupsafe.escape` on its way in and the whole is marked safe in one
place, `form_html.drawn` (tests/test_prep_lines.py sends hostile values through it).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from flask import current_app
from jinja2.filters import do_truncate
from markupsafe import Markup
from markupsafe import escape

from portal.form_html import drawn
from portal.form_html import filled
from portal.i18n import gettext
from portal.i18n import page_catalog
from portal.services.journey.checklists import Section
from portal.services.journey.checklists import about_the_panel
from portal.signing import csrf_token
from portal.templating import role_label

# How long a note may run in its folded summary (Jinja's `truncate`, with its leeway).
NOTE_SHOWN = 60


def _panel_list(panel: Sequence[Any]) -> str:
    rows = []
    for person in panel:
        title = f", {escape(person.title)}" if person.title else ""
        role = escape(role_label(person.role))
        rows.append(f"<li>{escape(person.name)}{title} · {role}</li>\n")
    return f'<ul class="panel-inline">\n{"".join(rows)}</ul>\n'


def checklist(
    sections: Sequence[Section], *, item_url: Callable[..., str] | str, panel: Sequence[Any]
) -> Markup:
    """Every section's heading and items; `item_url` is the items' address pattern
    ("…/prep/{item_id}"), `panel` the people the interview is with."""
    if not sections:
        none = filled(gettext("No prep items for this interview."), {})
        return drawn(f"<p>{none}</p>\n")
    token = escape(csrf_token())
    token_field = f'<input type="hidden" name="csrf_token" value="{token}">\n'
    add_a_note, save_note = filled(gettext("Add a note"), {}), filled(gettext("Save note"), {})
    # The catalog's text as the portal's markup (as `form_html.filled`), filled per item
    # with values already escaped (plain `%`: Markup's own wraps every value in Python).
    note_on = gettext("Note on “%(item)s”")
    note_is = gettext("Note: %(note)s")
    catalog = page_catalog()
    panel_html = _panel_list(panel) if panel else ""
    # Escaped once: an item's id, the only value filled in, is a number.
    pattern = str(escape(str(item_url)))
    env = current_app.jinja_env
    html = []
    for section in sections:
        heading = escape(catalog.ugettext(section.name) if section.name else "")
        html.append(f'<h2>{heading}</h2>\n<ul class="tasks">\n')
        for item in section.items:
            url = pattern.format(item_id=int(item.id))
            # The default checklist's words in the reader's language (templating.worded);
            # an item the recruiter wrote is not in the catalog and stays as written.
            text = escape(catalog.ugettext(item.text) if item.text else "")
            done = item.done_at is not None
            note = item.note
            if note:
                summary = note_is % {"note": escape(do_truncate(env, note, NOTE_SHOWN))}
                note = escape(note)
            else:
                summary = add_a_note
            about = panel_html if panel and about_the_panel(item.text) else ""
            html.append(
                f'<li class="task" id="item-{item.id}">\n'
                f'<form method="post" action="{url}" class="tick" data-tick>\n'
                f"{token_field}"
                f'<input type="hidden" name="done" value="{"0" if done else "1"}">\n'
                '<button type="submit" class="tick-button"\n'
                f'  aria-pressed="{"true" if done else "false"}"><span class="box"'
                f' aria-hidden="true"></span><span>{text}</span></button></form>\n'
                f"{about}"
                f'<details class="note"><summary>{summary}</summary>\n'
                f'<form method="post" action="{url}">\n'
                f"{token_field}"
                f'<label class="label" for="note-{item.id}">{note_on % {"item": text}}</label>\n'
                f'<textarea class="input" id="note-{item.id}" name="note" rows="2"'
                f' maxlength="1000">{note}</textarea>\n'
                f'<button class="button button-secondary" type="submit">{save_note}</button>'
                "</form>\n</details>\n</li>\n"
            )
        html.append("</ul>\n")
    return drawn("".join(html))
