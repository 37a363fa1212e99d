"""Prep checklists: templates kept by recruiters, copied into each interview when scheduled.

Copying (not linking) means editing a template never rewrites an interview's history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from typing import NamedTuple

from portal.db import Prepared
from portal.db import database
from portal.db import param
from portal.db import tuples
from portal.models import ChecklistItem
from portal.models import ChecklistTemplate
from portal.models import ChecklistTemplateItem
from portal.models import Interview
from portal.models import utcnow
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.journey.default_checklist import DEFAULT_SECTIONS
from portal.services.journey.default_checklist import DEFAULT_TEMPLATE_NAME


def ensure_default_template() -> ChecklistTemplate:
    """The default template, created from the shipped advice if none is marked default."""
    template = ChecklistTemplate.get_or_none(ChecklistTemplate.is_default == True)  # noqa: E712
    if template is not None:
        return template
    with database.atomic():
        template = ChecklistTemplate.create(name=DEFAULT_TEMPLATE_NAME, is_default=True)
        rows: list[dict[str, object]] = []
        for section, items in DEFAULT_SECTIONS:
            for entry in items:
                text, formats = (entry, "") if isinstance(entry, str) else entry
                rows.append(
                    {
                        "template": template.id,
                        "section": section,
                        "text": text,
                        "formats": formats,
                        "sort_order": len(rows),
                    }
                )
        ChecklistTemplateItem.insert_many(rows).execute()
    return template


def applies_to(formats: str, interview_format: str) -> bool:
    """Whether an item kept for `formats` ("" = every format) fits an interview's format."""
    wanted = {f.strip() for f in (formats or "").split(",") if f.strip()}
    return not wanted or interview_format in wanted


def copy_template_to_interview(*, template: ChecklistTemplate, interview: Interview) -> int:
    """Copy the items of `template` that fit the interview's format; return how many."""
    items = tuples(
        ChecklistTemplateItem.select(
            ChecklistTemplateItem.section,
            ChecklistTemplateItem.text,
            ChecklistTemplateItem.formats,
        )
        .where(ChecklistTemplateItem.template == template)
        .order_by(ChecklistTemplateItem.sort_order, ChecklistTemplateItem.id)
    )
    fitting = [row for row in items if applies_to(row[2], interview.format)]
    rows = [
        {
            "interview": interview.id,
            "section": section,
            "text": text,
            "formats": formats,
            "sort_order": n,
        }
        for n, (section, text, formats) in enumerate(fitting)
    ]
    if rows:
        ChecklistItem.insert_many(rows).execute()
    return len(rows)


def refit_to_format(*, interview: Interview) -> None:
    """After a change of format: drop untouched items that no longer fit, and add the
    default template's items for the new format that the interview lacks.

    A ticked or noted item stays whatever its format: it is the candidate's work.
    Runs inside the caller's transaction.
    """
    items = list(ChecklistItem.select().where(ChecklistItem.interview == interview))
    for item in items:
        if not applies_to(item.formats, interview.format) and not item.done_at and not item.note:
            item.delete_instance()
    have = {item.text for item in items}
    last = max((item.sort_order for item in items), default=-1)
    template = ensure_default_template()
    extra = (
        ChecklistTemplateItem.select()
        .where((ChecklistTemplateItem.template == template) & (ChecklistTemplateItem.formats != ""))
        .order_by(ChecklistTemplateItem.sort_order, ChecklistTemplateItem.id)
    )
    for n, row in enumerate(r for r in extra if r.text not in have):
        if applies_to(row.formats, interview.format):
            ChecklistItem.create(
                interview=interview,
                section=row.section,
                text=row.text,
                formats=row.formats,
                sort_order=last + 1 + n,
            )


NOTE_MAX = 1000


def update_item(
    *, interview: Interview, item_id: int, done: bool | None = None, note: str | None = None
) -> ChecklistItem:
    """Tick, untick and/or note one item of `interview`; None leaves that part as it is.

    Ticking twice keeps the first time it was done, so a retried tap changes nothing.
    """
    if note is not None and len(note) > NOTE_MAX:
        raise ServiceError("Keep the note under %(n)s characters.", field="note", n=NOTE_MAX)
    with database.atomic():
        item = ChecklistItem.get_or_none(
            (ChecklistItem.id == item_id) & (ChecklistItem.interview == interview)
        )
        if item is None:
            raise NotFound("That checklist item does not exist.")
        if done is not None:
            item.done_at = (item.done_at or utcnow()) if done else None
        if note is not None:
            item.note = note.replace("\r\n", "\n").strip()
        item.save(only=[ChecklistItem.done_at, ChecklistItem.note])
    return item


class Item(NamedTuple):
    """One prep item as the prep page shows it."""

    id: int
    section: str
    text: str
    done_at: dt.datetime | None
    note: str


@dataclass(frozen=True)
class Section:
    """A heading of an interview's checklist and its items (`Item`s), in order."""

    name: str
    items: list[Any]


def about_the_panel(text: str) -> bool:
    """Whether an item asks the candidate to look up the people they will meet."""
    lowered = text.lower()
    return "interviewer" in lowered and ("look up" in lowered or "research" in lowered)


def asks_about_the_panel(sections: list[Section]) -> bool:
    """Whether any item of `sections` lists the panel (the page reads the panel only then)."""
    return any(about_the_panel(item.text) for section in sections for item in section.items)


# What the prep page shows of each item, in `Item`'s order. Read as the driver gives the
# rows: of the five columns only a done time needs converting (SQLite keeps it as text),
# where peewee would pass each value of each row through its field.
_items_of = Prepared(
    lambda: (
        ChecklistItem.select(
            ChecklistItem.id,
            ChecklistItem.section,
            ChecklistItem.text,
            ChecklistItem.done_at,
            ChecklistItem.note,
        )
        .where(ChecklistItem.interview == param("interview_id"))
        .order_by(ChecklistItem.sort_order, ChecklistItem.id)
    )
)
_read_time = ChecklistItem.done_at.python_value


def sections_of(*, interview_id: int) -> tuple[list[Section], int, int]:
    """The interview's items grouped by section in checklist order, with (done, total)."""
    sections: list[Section] = []
    done = total = 0
    for item_id, section, text, done_at, note in _items_of.driver_rows(interview_id=interview_id):
        if done_at is not None:
            done_at = _read_time(done_at)
            done += 1
        if not sections or sections[-1].name != section:
            sections.append(Section(section, []))
        sections[-1].items.append(Item(item_id, section, text, done_at, note))
        total += 1
    return sections, done, total
