"""Seed a portal database for load, fault and benchmark runs (through the real services)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field

from portal import create_app
from portal.db import connected
from portal.db import upgrade
from portal.models import ChecklistItem
from tests import factories

PASSWORD = factories.PASSWORD


@dataclass
class Journey:
    """One virtual candidate: an interview that just ended, one coming, a share link."""

    email: str
    ended_id: int
    upcoming_id: int
    item_ids: list[int] = field(default_factory=list)
    share_token: str = ""


@dataclass
class Seeded:
    recruiter_email: str
    journeys: list[Journey]


def make_app(*, sqlite_path: str = "", database_url: str = ""):
    """An app bound to the run's database, migrated."""
    config = {"SECRET_KEY": "bench-only-secret", "DATABASE": sqlite_path}
    if database_url:
        config["DATABASE_URL"] = database_url
    app = create_app(config)
    upgrade()
    return app


def seed_journeys(*, candidates: int, sqlite_path: str = "", database_url: str = "") -> Seeded:
    """`candidates` candidates with a just-ended and an upcoming interview each."""
    make_app(sqlite_path=sqlite_path, database_url=database_url)
    journeys = []
    with connected():
        recruiter = factories.make_recruiter()
        position = factories.make_position()
        for n in range(candidates):
            candidate = factories.make_candidate(email=f"load{n}@example.com", name=f"Load {n}")
            ended = factories.make_interview(
                candidate=candidate,
                recruiter=recruiter,
                position=position,
                starts_in=dt.timedelta(minutes=-90),
            )
            upcoming = factories.make_interview(
                candidate=candidate,
                recruiter=recruiter,
                position=position,
                starts_in=dt.timedelta(days=1),
            )
            items = [
                i
                for (i,) in ChecklistItem.select(ChecklistItem.id)
                .where(ChecklistItem.interview == upcoming)
                .order_by(ChecklistItem.id)
                .tuples()
            ]
            link = factories.make_share_link(
                candidate=candidate,
                interview=ended,
                created_by=recruiter,
                sections=("summary", "schedule"),
            )
            journeys.append(Journey(candidate.email, ended.id, upcoming.id, items, link.raw_token))
    release()
    return Seeded(recruiter.email, journeys)


def benchmark_candidate(recruiter, **candidate_fields) -> tuple:
    """The benchmarks' candidate: an interview that ended 90 minutes ago, three coming,
    and a share link to the ended one. Returns (candidate, ended interview, link)."""
    candidate = factories.make_candidate(**candidate_fields)
    ended = factories.make_interview(
        candidate=candidate, recruiter=recruiter, starts_in=dt.timedelta(minutes=-90)
    )
    for days in (1, 3, 8):
        factories.make_interview(
            candidate=candidate, recruiter=recruiter, starts_in=dt.timedelta(days=days)
        )
    link = factories.make_share_link(
        candidate=candidate, interview=ended, created_by=recruiter, sections=("summary", "schedule")
    )
    return candidate, ended, link


def release() -> None:
    """Close this process's pooled connections (the server gets the database to itself)."""
    from portal.db import database

    if hasattr(database.obj, "close_all"):
        database.obj.close_all()
