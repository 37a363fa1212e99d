"""Erased means gone from disk: after an erasure, by a recruiter or by retention, a raw byte
scan of every file in the instance folder (the database, its -wal and -shm, the mail
files of the outbox folder) and of the task queue's file finds no name, email, phone or
phrase of theirs. SQLite only: on PostgreSQL, see the README ("Erasure on disk")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal import tasks
from portal.db import connected
from portal.models import User
from tests import factories
from tests.support import make_test_app

PHONE = "+44 7700 900123"
LONG_AGO = dt.datetime(2040, 1, 1, 9, 0)  # years after anything the factories make


@pytest.fixture
def instance(tmp_path, migrated_database):
    """The embedded default's layout: an app whose database lives in its instance folder."""
    if migrated_database.pg_url:
        pytest.skip("the files of the embedded SQLite default")
    folder = tmp_path / "instance"
    folder.mkdir()
    app = make_test_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(folder),
            **migrated_database.fresh(folder),
        }
    )
    assert Path(app.config["DATABASE"]).parent == folder
    return app


@pytest.fixture
def world(instance):
    """A candidate with a row in every table, a phone, and every email about them written
    to the outbox folder (the embedded default has no mail server)."""
    with connected():
        world = factories.make_candidate_world()
        User.update(phone=PHONE).where(User.id == world.candidate.id).execute()
    assert tasks.run_delivery(instance)["sent"] >= 1
    return world


def _needles(world) -> list[str]:
    first, last = world.name.split(" ", 1)
    return [world.name, first, last, world.email, PHONE, world.phrase]


def _files(app) -> list[Path]:
    """Every file under the instance folder, and the task queue's (huey's SQLite file)."""
    found = [path for path in Path(app.instance_path).rglob("*") if path.is_file()]
    queue_file = getattr(tasks.huey.storage, "filename", None)
    if queue_file and Path(queue_file).is_file():
        found.append(Path(queue_file))
    return found


def _holding(app, needles: list[str]) -> dict[str, list[str]]:
    """{file name: the needles its raw bytes hold}, for files that hold any."""
    found = {}
    for path in _files(app):
        raw = path.read_bytes()
        held = [needle for needle in needles if needle.encode() in raw]
        if held:
            found[path.name] = held
    return found


def test_a_recruiters_erasure_leaves_nothing_in_any_file(instance, world):
    """Before: the database's log and the mail files hold the candidate. After the
    recruiter erases them: no file in the instance folder holds any of it."""
    before = _holding(instance, _needles(world))
    assert any(name.endswith(".eml") for name in before), before
    assert any(name.endswith("-wal") for name in before), before

    recruiter = instance.test_client()
    assert (
        recruiter.post(
            "/login", data={"email": world.recruiter.email, "password": factories.PASSWORD}
        ).status_code
        == 302
    )
    erased = recruiter.post(f"/recruiter/candidates/{world.candidate.id}/erase")
    assert erased.status_code == 302

    assert _holding(instance, _needles(world)) == {}


def test_retention_leaves_nothing_in_any_file(instance, world):
    """Warned (an email, written to the outbox folder), then erased by the retention task
    after the grace period: no file holds anything of theirs."""
    warned = tasks.run_retention(instance, now=LONG_AGO)
    assert warned.warned == [world.candidate.id]
    assert tasks.run_delivery(instance, now=LONG_AGO)["sent"] == 1
    grace = instance.config["RETENTION_GRACE_DAYS"]
    erased = tasks.run_retention(instance, now=LONG_AGO + dt.timedelta(days=grace))
    assert erased.erased == [world.candidate.id]
    assert _holding(instance, _needles(world)) == {}


def test_mail_to_others_stays(instance, world):
    """Erasing one candidate removes their mail files only: another candidate's stay."""
    with connected():
        other = factories.make_candidate(email="bern@example.org", name="Bernadette Other")
        factories.make_interview(candidate=other, recruiter=world.recruiter)
    tasks.run_delivery(instance)
    from portal.services.privacy import erasure

    with connected():
        erasure.erase_candidate(
            candidate_id=world.candidate.id,
            by=None,
            reason="recruiter",
            mail_folder=Path(instance.instance_path) / "outbox",
        )
    assert "Bernadette Other" in str(_holding(instance, ["Bernadette Other", "bern@example.org"]))
