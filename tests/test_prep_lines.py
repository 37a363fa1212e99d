"""The prep checklist drawn in Python (portal.candidate.prep_lines): every value escaped,
each item's two forms posting where they should, the panel where an item is about them."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from flask_babel import force_locale

from portal.candidate import prep_lines
from portal.models import ChecklistItem
from portal.services.journey import checklists
from portal.services.journey.checklists import Section

HOSTILE = '"><script>alert(1)</script>'


def _item(item_id: int, text: str, *, note: str = "", done: bool = False) -> SimpleNamespace:
    done_at = dt.datetime(2030, 1, 2) if done else None
    return SimpleNamespace(id=item_id, text=text, note=note, done_at=done_at)


def test_every_value_a_person_typed_comes_out_escaped(app):
    """An item, its note, a section and the panel's names never open a tag."""
    sections = [Section(HOSTILE, [_item(7, HOSTILE, note=HOSTILE, done=True)])]
    panel = [SimpleNamespace(name=HOSTILE, title=HOSTILE, role="peer")]
    with app.test_request_context():
        html = str(prep_lines.checklist(sections, item_url="/p/{item_id}", panel=panel))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count('action="/p/7"') == 2  # the tick and the note post to the item


def test_items_tick_note_and_name_the_panel_where_they_are_about_it(app):
    """A done item offers to untick, an open one to tick; a long note folds to its start;
    an item about looking the interviewers up lists them; the words are the reader's."""
    look_up = "Look up each interviewer by name and title, for example on their profile"
    sections = [
        Section("Research", [_item(1, look_up, done=True), _item(2, "Bring water", note="x" * 90)])
    ]
    panel = [SimpleNamespace(name="Dana Decider", title="CTO", role="decision_maker")]
    with app.test_request_context():
        html = str(prep_lines.checklist(sections, item_url="/p/{item_id}", panel=panel))
        with force_locale("es"):
            spanish = str(prep_lines.checklist(sections, item_url="/p/{item_id}", panel=panel))
        empty = str(prep_lines.checklist([], item_url="/p/{item_id}", panel=panel))
    first, second = html.split('<li class="task"')[1:]
    assert 'name="done" value="0"' in first and 'aria-pressed="true"' in first
    assert 'name="done" value="1"' in second and 'aria-pressed="false"' in second
    assert "<li>Dana Decider, CTO · Decision maker</li>" in first
    assert "panel-inline" not in second
    assert "Note: " + "x" * 57 + "...</summary>" in second
    assert "Busca a cada entrevistador" in spanish and "Añade una nota" not in html
    assert empty == "<p>No prep items for this interview.</p>\n"


def test_sections_read_done_times_as_times_and_count_them(make):
    """The items come in checklist order, grouped by section; a done time is a time (not
    the text SQLite keeps), an open item's is None."""
    interview = make.make_interview()
    first = (
        ChecklistItem.select()
        .where(ChecklistItem.interview == interview)
        .order_by(ChecklistItem.sort_order, ChecklistItem.id)
        .first()
    )
    ticked = dt.datetime(2030, 1, 2, 9, 30)
    ChecklistItem.update(done_at=ticked).where(ChecklistItem.id == first.id).execute()
    sections, done, total = checklists.sections_of(interview_id=interview.id)
    items = [item for section in sections for item in section.items]
    assert (done, total) == (
        1,
        ChecklistItem.select().where(ChecklistItem.interview == interview).count(),
    )
    assert items[0].id == first.id and items[0].done_at == ticked
    assert all(item.done_at is None for item in items[1:])
    assert [s.name for s in sections] == list(dict.fromkeys(item.section for item in items))
