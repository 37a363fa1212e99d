"""Recruiter pages for clients and their positions: list, create, edit."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from portal.auth.guards import access
from portal.recruiter import bp
from portal.recruiter.forms import ClientForm, PositionForm
from portal.services.errors import NotFound, ServiceError
from portal.services.sharing.clients import (
    client_positions,
    clients_with_counts,
    create_client,
    create_position,
    get_client,
    get_position,
    update_client,
    update_position,
)
from portal.web import found_or_404, show_error, signed_in_user


def _client_or_404(client_id: int):
    return found_or_404(get_client, client_id=client_id)


@bp.route("/clients", methods=["GET", "POST"])
@access("recruiter")
def clients():
    """Every client with its open positions, and the form to add one."""
    form = ClientForm()
    status = 200
    if form.validate_on_submit():
        try:
            client = create_client(
                name=form.name.data,
                notes=form.notes.data or "",
                by=signed_in_user(),
                key=form.idempotency_key.data or "",
            )
        except ServiceError as exc:
            show_error(form, exc)
            status = 400
        else:
            flash(f"{client.name} added. Add its positions here.", "success")
            return redirect(url_for("recruiter.client", client_id=client.id))
    elif form.is_submitted():
        status = 400
    return render_template("recruiter/clients.html", form=form, rows=clients_with_counts()), status


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
    if form.validate():
        try:
            update_client(
                client=found,
                name=form.name.data or "",
                notes=form.notes.data or "",
                by=signed_in_user(),
            )
        except ServiceError as exc:
            show_error(form, exc)
        else:
            flash("Client saved.", "success")
            return redirect(url_for("recruiter.client", client_id=found.id))
    return _client_page(found, client_form=form, status=400)


@bp.post("/clients/<int:client_id>/positions")
@access("recruiter")
def add_position(client_id: int):
    """Add a position at this client."""
    found = _client_or_404(client_id)
    form = PositionForm()
    if form.validate():
        try:
            create_position(
                client=found,
                title=form.title.data or "",
                search_type=form.search_type.data,
                open=bool(form.open.data),
                by=signed_in_user(),
                key=form.idempotency_key.data or "",
            )
        except ServiceError as exc:
            show_error(form, exc)
        else:
            flash("Position added.", "success")
            return redirect(url_for("recruiter.client", client_id=found.id))
    return _client_page(found, position_form=form, status=400)


@bp.route("/positions/<int:position_id>", methods=["GET", "POST"])
@access("recruiter")
def position(position_id: int):
    """Edit one position: title, search type, open or closed."""
    try:
        found = get_position(position_id=position_id)
    except NotFound:
        abort(404)
    form = PositionForm()
    status = 200
    if not form.is_submitted():
        form = PositionForm(
            formdata=None,
            data={"title": found.title, "search_type": found.search_type, "open": found.open},
        )
    elif form.validate():
        try:
            update_position(
                position=found,
                title=form.title.data or "",
                search_type=form.search_type.data,
                open=bool(form.open.data),
                by=signed_in_user(),
            )
        except ServiceError as exc:
            show_error(form, exc)
            status = 400
        else:
            flash("Position saved.", "success")
            return redirect(url_for("recruiter.client", client_id=found.client_id))
    else:
        status = 400
    return render_template("recruiter/position.html", position=found, form=form), status
