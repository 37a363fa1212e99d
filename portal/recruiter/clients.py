"""Recruiter pages for clients and their positions: list, create, edit."""

from __future__ import annotations

from flask import render_template
from flask import url_for

from portal.auth.guards import access
from portal.recruiter import bp
from portal.recruiter.forms import ClientForm
from portal.recruiter.forms import PositionForm
from portal.services.sharing.clients import client_positions
from portal.services.sharing.clients import clients_with_counts
from portal.services.sharing.clients import create_client
from portal.services.sharing.clients import create_position
from portal.services.sharing.clients import get_client
from portal.services.sharing.clients import get_position
from portal.services.sharing.clients import update_client
from portal.services.sharing.clients import update_position
from portal.web import found_or_404
from portal.web import save_form
from portal.web import saved_or_page
from portal.web import signed_in_user


def _client_or_404(client_id: int):
    return found_or_404(get_client, client_id=client_id)


@bp.route("/clients", methods=["GET", "POST"])
@access("recruiter")
def clients():
    """Every client with its open positions, and the form to add one."""
    form = ClientForm()
    saved = save_form(
        form,
        lambda: create_client(
            name=form.name.data,
            notes=form.notes.data or "",
            by=signed_in_user(),
            key=form.idempotency_key.data or "",
        ),
        done=lambda client: f"{client.name} added. Add its positions here.",
        to=lambda client: url_for("recruiter.client", client_id=client.id),
    )
    return saved_or_page(
        saved, "recruiter/clients.html", form, mistake=400, rows=clients_with_counts()
    )


def _client_page(client, *, client_form=None, position_form=None, status=200):
    if client_form is None:
        client_form = ClientForm(formdata=None, data={"name": client.name, "notes": client.notes})
    return render_template(
        "recruiter/client.html",
        client=client,
        client_form=client_form,
        position_form=position_form or PositionForm(formdata=None),
        positions=client_positions(client=client),
    ), status


@bp.route("/clients/<int:client_id>", methods=["GET", "POST"])
@access("recruiter")
def client(client_id: int):
    """One client: edit its name and notes; its positions."""
    found = _client_or_404(client_id)
    form = ClientForm()
    if not form.is_submitted():
        return _client_page(found)
    saved = save_form(
        form,
        lambda: update_client(
            client=found,
            name=form.name.data or "",
            notes=form.notes.data or "",
            by=signed_in_user(),
        ),
        done="Client saved.",
        to=url_for("recruiter.client", client_id=found.id),
    )
    return saved or _client_page(found, client_form=form, status=400)


@bp.post("/clients/<int:client_id>/positions")
@access("recruiter")
def add_position(client_id: int):
    """Add a position at this client."""
    found = _client_or_404(client_id)
    form = PositionForm()
    saved = save_form(
        form,
        lambda: create_position(
            client=found,
            by=signed_in_user(),
            key=form.idempotency_key.data or "",
            **form.answers(),
        ),
        done="Position added.",
        to=url_for("recruiter.client", client_id=found.id),
    )
    return saved or _client_page(found, position_form=form, status=400)


@bp.route("/positions/<int:position_id>", methods=["GET", "POST"])
@access("recruiter")
def position(position_id: int):
    """Edit one position: title, search type, open or closed."""
    found = found_or_404(get_position, position_id=position_id)
    form = PositionForm()
    if not form.is_submitted():
        form = PositionForm(
            formdata=None,
            data={"title": found.title, "search_type": found.search_type, "open": found.open},
        )
        return render_template("recruiter/position.html", position=found, form=form)
    saved = save_form(
        form,
        lambda: update_position(position=found, by=signed_in_user(), **form.answers()),
        done="Position saved.",
        to=url_for("recruiter.client", client_id=found.client_id),
    )
    return saved_or_page(saved, "recruiter/position.html", form, mistake=400, position=found)
