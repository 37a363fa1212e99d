"""Checklist templates the recruiters keep: create, rename, edit items, reorder, pick a default.

Templates are copied into an interview when it is scheduled
(`checklists.copy_template_to_interview`), so nothing here ever changes an
interview already booked.
"""

from __future__ import annotations

from peewee import JOIN
from peewee import fn

from portal.db import database
from portal.db import one_tuple
from portal.models import ChecklistTemplate
from portal.models import ChecklistTemplateItem
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import audit
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.idempotency import once
from portal.services.journey import checklists
from portal.services.journey.default_checklist import DEFAULT_TEMPLATE_NAME
from portal.services.vocabulary import N_
from portal.services.vocabulary import Phrase

MAX_ITEMS = 60


def list_templates() -> list[tuple[ChecklistTemplate, int]]:
    """Every template with its item count, the default first, then by name (one query)."""
    rows = (
        ChecklistTemplate.select(ChecklistTemplate, fn.COUNT(ChecklistTemplateItem.id).alias("n"))
        .join(ChecklistTemplateItem, JOIN.LEFT_OUTER)
        .group_by(ChecklistTemplate.id)
        .order_by(
            ChecklistTemplate.is_default.desc(),
            fn.LOWER(ChecklistTemplate.name),
            ChecklistTemplate.id,
        )
    )
    # peewee sets each selected alias on the row it returns.
    return [(t, t.n) for t in rows]  # type: ignore[attr-defined]


def template_choices() -> list[tuple[int, str]]:
    """(id, name) for a select, the default first and marked so; makes the default if none."""
    checklists.ensure_default_template()
    return [(t.id, _named(t)) for t, _ in list_templates()]


def _named(template: ChecklistTemplate) -> str:
    """A template's name as a list offers it: the default says so, and the portal's own
    default is worded in the reader's language (a name the agency gave stays as typed)."""
    if not template.is_default:
        return template.name
    name = Phrase(template.name) if template.name == DEFAULT_TEMPLATE_NAME else template.name
    return Phrase(N_("%(name)s (default)"), name=name)


def get_template(*, template_id: int) -> ChecklistTemplate:
    """The template, or NotFound."""
    template = ChecklistTemplate.get_or_none(ChecklistTemplate.id == template_id)
    if template is None:
        raise NotFound("That template does not exist.")
    return template


def items_of(*, template: ChecklistTemplate) -> list[ChecklistTemplateItem]:
    """The template's items in order."""
    return list(
        ChecklistTemplateItem.select()
        .where(ChecklistTemplateItem.template == template)
        .order_by(ChecklistTemplateItem.sort_order, ChecklistTemplateItem.id)
    )


# What each field says when left empty (a whole sentence each, for the catalog).
EMPTY = {
    "name": N_("Enter the template's name."),
    "section": N_("Enter the section."),
    "text": N_("Enter the item."),
}


def _clean(value: str, *, field: str, limit: int) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ServiceError(EMPTY[field], field=field)
    if len(value) > limit:
        raise ServiceError("Use at most %(n)s characters.", field=field, n=limit)
    return value


def _touch(template: ChecklistTemplate, by: User, action: str, detail: str = "") -> None:
    template.updated_at = utcnow()
    template.save(only=[ChecklistTemplate.updated_at])
    audit.record(by, action, ("template", template.id), detail=detail)


def create_template(
    *, name: str, start_from: ChecklistTemplate | None, by: User, key: str = ""
) -> ChecklistTemplate:
    """A new template, empty or with a copy of `start_from`'s items (once per `key`)."""
    name = _clean(name, field="name", limit=120)

    def make() -> int:
        template = ChecklistTemplate.create(name=name, is_default=False)
        if start_from is not None:
            rows = [
                {
                    "template": template.id,
                    "section": item.section,
                    "text": item.text,
                    "sort_order": n,
                }
                for n, item in enumerate(items_of(template=start_from))
            ]
            if rows:
                ChecklistTemplateItem.insert_many(rows).execute()
        audit.record(by, "template.created", ("template", template.id))
        return template.id

    template_id, _ = once(key=key, user=by, scope="template.create", make=make)
    return ChecklistTemplate.get_by_id(template_id)


def rename_template(*, template: ChecklistTemplate, name: str, by: User) -> None:
    """Give a template a new name."""
    template.name = _clean(name, field="name", limit=120)
    with database.atomic():
        template.save(only=[ChecklistTemplate.name])
        _touch(template, by, "template.renamed")


def set_default(*, template: ChecklistTemplate, by: User) -> None:
    """Make `template` the one new interviews start from (exactly one default)."""
    with database.atomic():
        ChecklistTemplate.update(is_default=False).where(
            (ChecklistTemplate.is_default == True) & (ChecklistTemplate.id != template.id)  # noqa: E712
        ).execute()
        ChecklistTemplate.update(is_default=True).where(
            ChecklistTemplate.id == template.id
        ).execute()
        template.is_default = True
        _touch(template, by, "template.default")


def add_item(
    *, template: ChecklistTemplate, section: str, text: str, by: User, key: str = ""
) -> ChecklistTemplateItem:
    """Append an item to the end of the template (once per `key`)."""
    section = _clean(section, field="section", limit=80)
    text = _clean(text, field="text", limit=300)

    def make() -> int:
        count, last = one_tuple(
            ChecklistTemplateItem.select(
                fn.COUNT(ChecklistTemplateItem.id), fn.MAX(ChecklistTemplateItem.sort_order)
            ).where(ChecklistTemplateItem.template == template)
        )
        if count >= MAX_ITEMS:
            raise ServiceError("A template holds at most %(n)s items.", field="text", n=MAX_ITEMS)
        item = ChecklistTemplateItem.create(
            template=template,
            section=section,
            text=text,
            sort_order=(last + 1) if last is not None else 0,
        )
        _touch(template, by, "template.item_added")
        return item.id

    item_id, _ = once(key=key, user=by, scope="template.item", make=make)
    return ChecklistTemplateItem.get_by_id(item_id)


def _item(template: ChecklistTemplate, item_id: int | None) -> ChecklistTemplateItem:
    item = (
        ChecklistTemplateItem.get_or_none(
            (ChecklistTemplateItem.id == item_id) & (ChecklistTemplateItem.template == template)
        )
        if item_id
        else None
    )
    if item is None:
        raise NotFound("That item is not on this template.")
    return item


def update_item(
    *, template: ChecklistTemplate, item_id: int | None, section: str, text: str, by: User
) -> None:
    """Change one item's section and wording."""
    with database.atomic():
        item = _item(template, item_id)
        item.section = _clean(section, field="section", limit=80)
        item.text = _clean(text, field="text", limit=300)
        item.save(only=[ChecklistTemplateItem.section, ChecklistTemplateItem.text])
        _touch(template, by, "template.item_edited")


def remove_item(*, template: ChecklistTemplate, item_id: int | None, by: User) -> None:
    """Take one item off the template."""
    with database.atomic():
        _item(template, item_id).delete_instance()
        _renumber(items_of(template=template))
        _touch(template, by, "template.item_removed")


def move_item(
    *, template: ChecklistTemplate, item_id: int | None, direction: str, by: User
) -> None:
    """Move one item a place up or down (nothing happens at either end)."""
    if direction not in ("up", "down"):
        raise ServiceError("Choose up or down.")
    with database.atomic():
        item = _item(template, item_id)
        items = items_of(template=template)
        at = next(n for n, other in enumerate(items) if other.id == item.id)
        to = at - 1 if direction == "up" else at + 1
        if 0 <= to < len(items):
            items[at], items[to] = items[to], items[at]
            _renumber(items)
            _touch(template, by, "template.item_moved")


def _renumber(items: list[ChecklistTemplateItem]) -> None:
    """Write sort_order 0, 1, 2… in list order (only rows that changed)."""
    for n, item in enumerate(items):
        if item.sort_order != n:
            item.sort_order = n
            item.save(only=[ChecklistTemplateItem.sort_order])
