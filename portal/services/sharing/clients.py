"""Clients and their positions, and the lists of people the recruiter's forms choose from.

Every change is audited (who, what, when), without free text.
"""

from __future__ import annotations

from peewee import JOIN
from peewee import fn

from portal.db import database
from portal.db import tuples
from portal.models import SEARCH_TYPES
from portal.models import Client
from portal.models import Position
from portal.models import User
from portal.services.accounts import audit
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.idempotency import once
from portal.services.vocabulary import N_

# What each field says when left empty (a whole sentence each, for the catalog).
EMPTY = {"name": N_("Enter the client's name."), "title": N_("Enter the position's title.")}


def _name(value: str, *, field: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(EMPTY[field], field=field)
    if len(value) > limit:
        raise ServiceError("Use at most %(n)s characters.", field=field, n=limit)
    return value


def create_client(*, name: str, notes: str = "", by: User, key: str = "") -> Client:
    """Add a client employer (once per idempotency `key`)."""
    name = _name(name, field="name", limit=160)

    def make() -> int:
        client = Client.create(name=name, notes=(notes or "").strip())
        audit.record(by, "client.created", client)
        return client.id

    client_id, _ = once(key=key, user=by, scope="client.create", make=make)
    return Client.get_by_id(client_id)


def update_client(*, client: Client, name: str, notes: str = "", by: User) -> Client:
    """Rename a client or change its notes."""
    client.name = _name(name, field="name", limit=160)
    client.notes = (notes or "").strip()
    with database.atomic():
        client.save(only=[Client.name, Client.notes])
        audit.record(by, "client.edited", client)
    return client


def create_position(
    *,
    client: Client,
    title: str,
    search_type: str = "contingency",
    open: bool = True,
    by: User,
    key: str = "",
) -> Position:
    """Add an open role at `client` (once per idempotency `key`)."""
    title = _name(title, field="title", limit=160)
    if search_type not in SEARCH_TYPES:
        raise ServiceError("Choose retained or contingency.", field="search_type")

    def make() -> int:
        position = Position.create(client=client, title=title, search_type=search_type, open=open)
        audit.record(by, "position.created", position)
        return position.id

    position_id, _ = once(key=key, user=by, scope="position.create", make=make)
    return Position.get_by_id(position_id)


def update_position(
    *, position: Position, title: str, search_type: str, open: bool, by: User
) -> Position:
    """Change a position's title, search type, or whether it is open."""
    position.title = _name(title, field="title", limit=160)
    if search_type not in SEARCH_TYPES:
        raise ServiceError("Choose retained or contingency.", field="search_type")
    position.search_type = search_type
    position.open = open
    with database.atomic():
        position.save(only=[Position.title, Position.search_type, Position.open])
        audit.record(by, "position.edited", position)
    return position


def get_client(*, client_id: int) -> Client:
    """The client, or NotFound."""
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        raise NotFound("That client does not exist.")
    return client


def get_candidate(*, candidate_id: int) -> User:
    """The candidate (active or not), or NotFound (a recruiter's id is not a candidate)."""
    candidate = User.get_or_none((User.id == candidate_id) & (User.role == "candidate"))
    if candidate is None:
        raise NotFound("That candidate does not exist.")
    return candidate


def get_position(*, position_id: int) -> Position:
    """The position with its client, or NotFound."""
    position = (
        Position.select(Position, Client).join(Client).where(Position.id == position_id).first()
    )
    if position is None:
        raise NotFound("That position does not exist.")
    return position


def clients_with_counts() -> list[tuple[Client, int, int]]:
    """Every client with (open positions, all positions), by name (one query)."""
    open_count = fn.COUNT(Position.id).filter(Position.open == True)  # noqa: E712
    rows = (
        Client.select(Client, fn.COUNT(Position.id).alias("n_all"), open_count.alias("n_open"))
        .join(Position, on=(Position.client == Client.id), join_type=JOIN.LEFT_OUTER)
        .group_by(Client.id)
        .order_by(fn.LOWER(Client.name), Client.id)
    )
    # peewee sets each selected alias on the row it returns.
    return [(c, c.n_open, c.n_all) for c in rows]  # type: ignore[attr-defined]


def client_positions(*, client: Client) -> list[Position]:
    """A client's positions, open ones first, by title."""
    return list(
        Position.select()
        .where(Position.client == client)
        .order_by(Position.open.desc(), fn.LOWER(Position.title), Position.id)
    )


def position_choices(
    *,
    open_only: bool = False,
    include_id: int | None = None,
    client_id: int | None = None,
) -> list[tuple[int, str]]:
    """(id, "Client — Title") for selects, by client then title (one query).

    `open_only` leaves out closed positions and `client_id` other clients' positions,
    except `include_id` (the one already chosen).
    """
    query = Position.select(Position.id, Position.title, Client.name).join(Client)
    condition = None
    if open_only:
        condition = Position.open == True  # noqa: E712
    if client_id is not None:
        mine = Position.client == client_id
        condition = mine if condition is None else (condition & mine)
    if condition is not None:
        if include_id is not None:
            condition |= Position.id == include_id
        query = query.where(condition)
    query = query.order_by(fn.LOWER(Client.name), fn.LOWER(Position.title), Position.id)
    return [(pid, f"{client} — {title}") for pid, title, client in tuples(query)]


def client_choices() -> list[tuple[int, str]]:
    """(id, name) of every client, by name."""
    query = Client.select(Client.id, Client.name).order_by(fn.LOWER(Client.name), Client.id)
    return [(cid, name) for cid, name in tuples(query)]


def candidate_choices(*, include_id: int | None = None) -> list[tuple[int, str]]:
    """(id, "Name (email)") of active candidates (plus `include_id`), by name."""
    condition = (User.role == "candidate") & (User.active == True)  # noqa: E712
    if include_id is not None:
        condition |= User.id == include_id
    query = (
        User.select(User.id, User.name, User.email)
        .where(condition & (User.role == "candidate"))
        .order_by(fn.LOWER(User.name), User.id)
    )
    return [(uid, f"{name} ({email})") for uid, name, email in tuples(query)]


def recruiter_choices() -> list[tuple[int, str]]:
    """(id, name) of every recruiter, by name."""
    query = (
        User.select(User.id, User.name)
        .where(User.role == "recruiter")
        .order_by(fn.LOWER(User.name), User.id)
    )
    return [(uid, name) for uid, name in tuples(query)]
