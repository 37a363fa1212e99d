"""Helpers tests import (fixtures live in conftest.py; test data in factories.py).

A CSRF-aware test client, the test app builder, signing in, the small
readers several test files need (a response's HTML, a candidate page's URL,
the idempotency key a form carries), and the access matrix's world that
test_access, test_csrf and test_hostile share.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from dataclasses import dataclass
from functools import lru_cache

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from werkzeug.routing import Rule

from portal import create_app
from portal.db import bind
from portal.db import connected
from portal.models import ChecklistItem
from portal.models import Debrief
from portal.models import Interviewer
from portal.models import OutboxMessage
from portal.models import ShareLink
from portal.models import ThankYouLetter
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import users
from portal.services.journey import checklists
from portal.services.sharing import share_links
from tests import factories

# A phone browser's User-Agent: share links count bots apart from people.
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
# (page, queries with 2 interviews, with 12): test_queries fills it, the run's end prints it.
PAGE_QUERIES: list[tuple[str, int, int]] = []


class PortalClient(FlaskClient):
    """A test client that signs its form posts with a valid CSRF token, as a browser would.

    Pass `csrf=False` to send a post without one, or your own `csrf_token` in `data`.
    """

    def csrf_token(self) -> str:
        """A token valid for this client's session."""
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", secrets.token_hex(20))
        return URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token").dumps(raw)

    def open(self, *args, **kwargs):
        add_token = kwargs.pop("csrf", True)
        method = (kwargs.get("method") or "GET").upper()
        data = kwargs.get("data")
        if add_token and method == "POST" and (data is None or isinstance(data, dict)):
            data = dict(data or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        return super().open(*args, **kwargs)


class SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory and shared by every app of a test run.

    Jinja's compiler is the costliest part of a fresh app's first pages; the
    cache is keyed on each template's name and source, so an edited template
    is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            # Jinja checks the source's checksum and compiles again on a mismatch.
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = SharedBytecodeCache()


def make_test_app(config: dict) -> Flask:
    """A portal app for tests: a CSRF-signing test client and the run's compiled templates."""
    app = create_app(config)
    app.test_client_class = PortalClient
    app.jinja_env.bytecode_cache = _TEMPLATES
    return app


def login(client: FlaskClient, user, password: str = factories.PASSWORD):
    """Sign `user` in through the real form; returns the response."""
    return client.post(
        "/login", data={"email": user.email, "password": password}, follow_redirects=False
    )


def sign_in(client: FlaskClient, user) -> None:
    """Sign `user` in by writing the session directly (for tests not about signing in)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_signed_in_at"] = time.time()
        session["_fresh"] = True


def page_text(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def query_count(response) -> int:
    """How many SQL queries the request ran (apps with COUNT_QUERIES)."""
    return int(response.headers["X-Query-Count"])


def candidate_url(interview, tail: str = "") -> str:
    """The candidate's page for `interview`, plus `tail` (e.g. "/debrief")."""
    return f"/candidate/interviews/{interview.id}{tail}"


def idempotency_key(page: str) -> str:
    """The idempotency key a form on `page` carries."""
    match = re.search(r'name="idempotency_key" value="([^"]+)"', page)
    assert match, "the form carries no idempotency key"
    return match.group(1)


def post_gapped_feedback(client: FlaskClient, interview):
    """Record, as the signed-in recruiter, a client's side that leaves gaps against a keen
    candidate: interest 2, "partly" learned enough, no decision maker met; still open
    "Salary range", concerns "Notice period", next step "Think about it". The response."""
    return client.post(
        f"/recruiter/interviews/{interview.id}/client-feedback",
        data={
            "client_interest": "2",
            "enough_exchanged": "partly",
            "still_open": "Salary range",
            "decision_makers_involved": "none",
            "concerns": "Notice period",
            "next_step": "Think about it",
        },
    )


def schedule_form(candidate, position, **overrides) -> dict:
    """The recruiter's new-interview form, filled in: round 2 on Monday 4 March 2030,
    10:00-11:30 in New York, by video, with Dana Decider (CTO, decision maker) and the
    default checklist, under a fresh idempotency key. `overrides` replace fields."""
    return {
        "candidate": str(candidate.id),
        "position": str(position.id),
        "round": "2",
        "starts_at": "2030-03-04T10:00",
        "ends_at": "2030-03-04T11:30",
        "time_zone": "America/New_York",
        "format": "video",
        "location": "https://meet.example/abc",
        "template": str(checklists.ensure_default_template().id),
        "people-0-name": "Dana Decider",
        "people-0-title": "CTO",
        "people-0-role": "decision_maker",
        "people-0-email": "dana@client.example",
        "people-1-name": "",
        "idempotency_key": secrets.token_hex(16),
        **overrides,
    }


def listed_link(link):
    """A share link as the recruiter's list shows it: people and bot openings counted."""
    return share_links.link_preview(link_id=link.id)[0].link


def query_table() -> list[str]:
    """The query counts measured per page, as printable lines."""
    lines = [f"{'page':<34} {'2 interviews':>12} {'12 interviews':>13}"]
    lines += [f"{label:<34} {small:>12} {large:>13}" for label, small, large in PAGE_QUERIES]
    return lines


# The access matrix (test_access, test_csrf, test_hostile): one world per case.

# Framework routes that are not ours to decorate.
BUILTIN_ROUTES = {"static": "anonymous"}


@dataclass
class World:
    """Candidate A's world (with every kind of object), candidate B, a recruiter."""

    candidate_a: User
    candidate_b: User
    recruiter: User
    share_token: str
    url_values: dict


def build_world() -> World:
    """Make one fresh world; each (route, visitor) case gets its own."""
    recruiter = factories.make_recruiter(password=None)
    colleague = factories.make_recruiter(password=None)
    a = factories.make_candidate(password=None)
    b = factories.make_candidate(password=None)
    interview = factories.make_interview(
        candidate=a, recruiter=recruiter, starts_in=dt.timedelta(hours=-3)
    )
    factories.make_interview(candidate=b, recruiter=recruiter)
    item = ChecklistItem.select().where(ChecklistItem.interview == interview).first()
    interviewer = Interviewer.select().where(Interviewer.interview == interview).first()
    debrief = Debrief.create(interview=interview, candidate=a, key_points="Data platform")
    factories.make_call_booking(
        interview=interview, asked_at=utcnow(), starts_at=utcnow() + dt.timedelta(days=1)
    )
    letter = ThankYouLetter.create(
        interview=interview, interviewer=interviewer, subject="Thanks", body="Thank you"
    )
    template = checklists.ensure_default_template()
    raw = "t" + users.hash_token(str(interview.id))[:42]
    link = ShareLink.create(
        token_hash=users.hash_token(raw),
        candidate=a,
        interview=interview,
        created_by=recruiter,
        recipient_name="Hiring Manager",
        sections="summary,schedule",
        summary="A strong candidate.",
        expires_at=utcnow() + dt.timedelta(days=14),
    )
    message = OutboxMessage.create(
        key=f"access:{interview.id}", kind="invite", to_address=a.email, user=a, status="dead"
    )
    from portal.services.sharing import documents

    document = documents.attach(
        candidate_id=a.id, title="CV", filename="cv.pdf", data=factories.make_pdf(), by=recruiter
    )
    documents.include(link_id=link.id, document_ids=(document.id,))
    values = {
        "document_id": document.id,
        "message_id": message.id,
        "interview_id": interview.id,
        "item_id": item.id,
        "interviewer_id": interviewer.id,
        "debrief_id": debrief.id,
        "letter_id": letter.id,
        "user_id": a.id,
        "recruiter_id": colleague.id,
        "candidate_id": a.id,
        "client_id": interview.position.client.id,
        "position_id": interview.position.id,
        "template_id": template.id,
        "link_id": link.id,
        "token": raw,
        "number": 1,
        "kind": "debrief_missing",
        "fmt": "txt",
        "filename": "css/site.css",
    }
    return World(a, b, recruiter, raw, values)


def fresh_world(app: Flask) -> World:
    """Bind the database to `app`'s and make one fresh world in it."""
    bind(app)
    with connected():
        return build_world()


def route_user(app: Flask, endpoint: str, world: World) -> User | None:
    """Whom the route's rule is for, from `world`: candidate A or the recruiter (None for
    anonymous and share routes)."""
    access = access_rule_of(app, endpoint)
    return {"candidate": world.candidate_a, "recruiter": world.recruiter}.get(access or "")


def visitor_for(app: Flask, endpoint: str) -> tuple[World, FlaskClient]:
    """A fresh world, and a client signed in as whoever the route is for."""
    world = fresh_world(app)
    client = app.test_client()
    who = route_user(app, endpoint, world)
    if who is not None:
        sign_in(client, who)
    return world, client


def route_rule(app: Flask, endpoint: str, path: str) -> Rule:
    """The URL rule that serves `endpoint` at `path` (an endpoint may have several)."""
    return next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and r.rule == path)


def access_rule_of(app: Flask, endpoint: str) -> str | None:
    """The access rule a route's view declares (`@access(...)`), or None."""
    if endpoint in BUILTIN_ROUTES:
        return BUILTIN_ROUTES[endpoint]
    return getattr(app.view_functions[endpoint], "access_rule", None)


@lru_cache(maxsize=1)
def portal_routes(app: Flask | None = None) -> list[tuple[str, str]]:
    """Every (endpoint, rule) of the portal's URL map, in rule order: of `app`, or of an
    app made for the purpose. Pass the running app where one runs: making an app binds
    the process's database, which would take it from a live server."""
    if app is None:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "x",
                "DATABASE": "/nonexistent/never-opened.sqlite3",
            }
        )
    return [(r.endpoint, r.rule) for r in sorted(app.url_map.iter_rules(), key=lambda r: r.rule)]


class SmtpSink:
    """A real SMTP server (aiosmtpd) in the test process that keeps what it receives.

    Set `reply` to an SMTP answer such as "451 4.3.0 try later" or "550 5.1.1 no such
    user" to make it refuse messages; `None` accepts them.
    """

    def __init__(self):
        import socket

        from aiosmtpd.controller import Controller

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.received: list = []
        self.reply: str | None = None
        self._controller = Controller

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.reply:
            return self.reply
        self.received.append(envelope)
        return "250 OK"

    def start(self) -> SmtpSink:
        # A stopped controller cannot start again: each start gets a new one.
        self.controller = self._controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def messages(self):
        """What arrived, parsed (email.message.EmailMessage), oldest first."""
        from email import message_from_bytes
        from email import policy

        return [message_from_bytes(e.content, policy=policy.default) for e in self.received]

    def to(self, address: str):
        """The parsed messages sent to `address`."""
        return [m for m in self.messages() if address in str(m["To"])]


def mail_text(message) -> str:
    """The plain-text part of a parsed message."""
    return message.get_body(preferencelist=("plain",)).get_content()


def mail_html(message) -> str:
    """The HTML part of a parsed message."""
    return message.get_body(preferencelist=("html",)).get_content()


def find_text(*needles: str) -> dict[str, list[str]]:
    """Every text column of every table in the bound database that contains a needle
    (case-insensitive): `{needle: ["table.column", …]}`, only needles found."""
    from portal.db import database

    found: dict[str, list[str]] = {}
    left, right = database.obj.quote

    def quote(name: str) -> str:
        return f"{left}{name}{right}"

    for table in database.get_tables():
        for column in database.get_columns(table):
            kind = column.data_type.upper()
            if "CHAR" not in kind and "TEXT" not in kind:
                continue
            # Table and column names come from the schema itself, never from input.
            where = f"LOWER({quote(column.name)}) LIKE {database.param}"
            sql = f"SELECT COUNT(*) FROM {quote(table)} WHERE {where}"  # noqa: S608
            for needle in needles:
                count = database.execute_sql(sql, (f"%{needle.lower()}%",)).fetchone()[0]
                if count:
                    found.setdefault(needle, []).append(f"{table}.{column.name}")
    return found


def links_to_user(model, seen=()) -> list:
    """Every chain of foreign keys from `model` to User (e.g. letter -> interview -> user)."""
    from peewee import ForeignKeyField

    from portal.models import User

    chains = []
    for fk in model._meta.sorted_fields:
        if not isinstance(fk, ForeignKeyField):
            continue
        if fk.rel_model is User:
            chains.append([fk])
        elif fk.rel_model is not model and fk.rel_model not in seen:
            chains += [[fk, *rest] for rest in links_to_user(fk.rel_model, (*seen, model))]
    return chains


def rows_linked_to(model, chain: list, user_id: int) -> set[int]:
    """Ids of `model`'s rows whose foreign-key `chain` (from `links_to_user`) ends at `user_id`."""
    query = model.select(model._meta.primary_key)
    current = model
    for fk in chain[:-1]:
        target = fk.rel_model
        query = query.join_from(current, target, on=(fk == target._meta.primary_key))
        current = target
    return {row_id for (row_id,) in query.where(chain[-1] == user_id).tuples()}


def offered_slots(*, interview, candidate=None, now=None) -> list:
    """The call times the debrief offers for `interview` (its models at hand), as its page
    works them out: `calls.slots_to_offer` of the interview's recruiter and candidate."""
    from portal.services.accounts import working_hours
    from portal.services.journey import calls

    recruiter, candidate = interview.recruiter, candidate or interview.candidate
    return calls.slots_to_offer(
        interview_id=interview.id,
        recruiter_id=recruiter.id,
        hours=working_hours.of(recruiter),
        candidate_zone=candidate.time_zone,
        now=now,
    )
