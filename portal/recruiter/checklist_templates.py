"""Recruiter pages for prep checklist templates: list, create, rename, items, default.

Reordering is JS-free: each item has Move up / Move down buttons (small POST forms).
"""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext

from portal.auth.guards import access
from portal.i18n import say
from portal.models import ChecklistTemplate
from portal.recruiter import bp
from portal.recruiter.forms import ItemEditForm
from portal.recruiter.forms import ItemForm
from portal.recruiter.forms import RenameForm
from portal.recruiter.forms import TemplateForm
from portal.recruiter.forms import options
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.journey.checklist_templates import add_item
from portal.services.journey.checklist_templates import create_template
from portal.services.journey.checklist_templates import get_template
from portal.services.journey.checklist_templates import items_of
from portal.services.journey.checklist_templates import list_templates
from portal.services.journey.checklist_templates import move_item
from portal.services.journey.checklist_templates import remove_item
from portal.services.journey.checklist_templates import rename_template
from portal.services.journey.checklist_templates import set_default
from portal.services.journey.checklist_templates import template_choices
from portal.services.journey.checklist_templates import update_item
from portal.web import error_text
from portal.web import found_or_404
from portal.web import save_form
from portal.web import saved_or_page
from portal.web import signed_in_user


def _template_or_404(template_id: int):
    return found_or_404(get_template, template_id=template_id)


@bp.route("/templates", methods=["GET", "POST"])
@access("recruiter")
def checklist_templates():
    """Every checklist template, and the form to start a new one."""
    form = TemplateForm()
    form.start_from.choices = options(
        [(0, gettext("An empty list"))] + [(key, say(name)) for key, name in template_choices()]
    )
    if not form.is_submitted():
        form.start_from.data = form.start_from.choices[1].value
    saved = save_form(
        form,
        lambda: create_template(
            name=form.name.data,
            start_from=_start_from(form.start_from.data),
            by=signed_in_user(),
            key=form.idempotency_key.data or "",
        ),
        done="Template made. Edit its items below.",
        to=lambda made: url_for("recruiter.checklist_template", template_id=made.id),
    )
    return saved_or_page(
        saved, "recruiter/checklist_templates.html", form, mistake=400, rows=list_templates()
    )


def _start_from(template_id: int):
    """The template a new one copies its items from (0: none, an empty list)."""
    return get_template(template_id=template_id) if template_id else None


def _template_page(template, *, rename=None, add=None, item_error=None, status=200):
    return render_template(
        "recruiter/checklist_template.html",
        template=template,
        item_error=item_error,
        items=items_of(template=template),
        rename=rename or RenameForm(formdata=None, data={"name": template.name}),
        add=add or ItemForm(formdata=None),
    ), status


@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
@access("recruiter")
def checklist_template(template_id: int):
    """One template: its items in order, to edit, move, add or remove; POST renames it."""
    template = _template_or_404(template_id)
    form = RenameForm()
    if not form.is_submitted():
        return _template_page(template)
    saved = save_form(
        form,
        lambda: rename_template(template=template, name=form.name.data or "", by=signed_in_user()),
        done="Template renamed.",
        to=url_for("recruiter.checklist_template", template_id=template.id),
    )
    return saved or _template_page(template, rename=form, status=400)


@bp.post("/templates/<int:template_id>/default")
@access("recruiter")
def default_template(template_id: int):
    """Make this the template new interviews start from."""
    template = _template_or_404(template_id)
    set_default(template=template, by=signed_in_user())
    flash(gettext("%(name)s is now the default for new interviews.", name=template.name), "success")
    return redirect(url_for("recruiter.checklist_templates"))


@bp.post("/templates/<int:template_id>/items")
@access("recruiter")
def add_template_item(template_id: int):
    """Add an item at the end of the template."""
    template = _template_or_404(template_id)
    form = ItemForm()
    saved = save_form(
        form,
        lambda: add_item(
            template=template,
            section=form.section.data or "",
            text=form.text.data or "",
            by=signed_in_user(),
            key=form.idempotency_key.data or "",
        ),
        done="Item added.",
        to=url_for("recruiter.checklist_template", template_id=template.id, _anchor="items"),
    )
    return saved or _template_page(template, add=form, status=400)


def _item_error(template, form: ItemEditForm, message: str):
    """Re-render the template page with the item's typed text and the message beside it."""
    typed = {
        "id": form.item.data,
        "section": form.section.data or "",
        "text": form.text.data or "",
        "message": message,
    }
    return _template_page(template, item_error=typed, status=400)


@bp.post("/templates/<int:template_id>/items/edit")
@access("recruiter")
def edit_template_item(template_id: int):
    """Save one item's section and wording (the item's id is in the form)."""
    template = _template_or_404(template_id)
    form = ItemEditForm()
    if form.item.data is None or not form.validate():
        if form.item.data is None:
            abort(400)
        errors = [e for field in (form.section, form.text) for e in field.errors]
        return _item_error(template, form, errors[0] if errors else gettext("Check this item."))
    try:
        update_item(
            template=template,
            item_id=form.item.data,
            section=form.section.data or "",
            text=form.text.data or "",
            by=signed_in_user(),
        )
    except NotFound:
        abort(404)
    except ServiceError as exc:
        return _item_error(template, form, error_text(exc))
    flash(gettext("Item saved."), "success")
    return _back(template, f"item-{form.item.data}")


@bp.post("/templates/<int:template_id>/items/move")
@access("recruiter")
def move_template_item(template_id: int):
    """Move one item a place up or down."""
    template, form = _posted_item(template_id)
    if form.direction.data not in ("up", "down"):
        abort(400)
    found_or_404(
        move_item,
        template=template,
        item_id=form.item.data,
        direction=form.direction.data,
        by=signed_in_user(),
    )
    return _back(template, f"item-{form.item.data}")


@bp.post("/templates/<int:template_id>/items/remove")
@access("recruiter")
def remove_template_item(template_id: int):
    """Take one item off the template (interviews already scheduled keep theirs)."""
    template, form = _posted_item(template_id)
    found_or_404(remove_item, template=template, item_id=form.item.data, by=signed_in_user())
    flash(gettext("Item removed."), "success")
    return _back(template, "items")


def _posted_item(template_id: int) -> tuple[ChecklistTemplate, ItemEditForm]:
    """The template and the posted form naming one of its items (hidden fields the page's
    buttons fill in), or 400 when that form is not valid."""
    template = _template_or_404(template_id)
    form = ItemEditForm()
    if not form.validate():
        abort(400)
    return template, form


def _back(template, anchor: str):
    return redirect(
        url_for("recruiter.checklist_template", template_id=template.id, _anchor=anchor)
    )
