"""`flask backup` makes a consistent copy of the embedded database while it serves."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from portal.db import connected
from portal.db import is_sqlite
from portal.models import ThrottleEvent
from portal.models import User


@pytest.fixture
def sqlite_only(app):
    with connected():
        if not is_sqlite():
            pytest.skip("SQLite backups; PostgreSQL uses pg_dump (README)")


def test_backup_restores_every_row(app, runner, db, make, tmp_path, sqlite_only):
    """Every row written before the backup is in the copy, and the copy is intact."""
    for _ in range(3):
        make.make_interview()
    users = User.select().count()
    target = tmp_path / "copy.sqlite3"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute('SELECT COUNT(*) FROM "user"').fetchone()[0] == users
    assert copy.execute("SELECT COUNT(*) FROM interview").fetchone()[0] == 3
    copy.close()

    # The copy works as a portal database: restore it and read it back.
    from portal import create_app

    restored = create_app({"TESTING": True, "SECRET_KEY": "r", "DATABASE": str(target)})
    with restored.app_context(), connected():
        assert User.select().count() == users


def test_backup_while_writes_continue_is_consistent(app, runner, db, tmp_path, sqlite_only):
    """Writes from another thread during the backup neither fail nor corrupt the copy."""
    stop = threading.Event()
    errors: list[Exception] = []

    def writer():
        from portal.db import database

        with connected():
            while not stop.is_set():
                try:
                    with database.atomic():
                        ThrottleEvent.create(key="load")
                except Exception as exc:  # noqa: BLE001 - collected and asserted below
                    errors.append(exc)

    for n in range(2000):
        ThrottleEvent.create(key=f"seed{n}")
    thread = threading.Thread(target=writer)
    thread.start()
    try:
        result = runner.invoke(args=["backup", str(tmp_path / "live.sqlite3")])
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    assert not errors
    copy = sqlite3.connect(tmp_path / "live.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert (
        copy.execute("SELECT COUNT(*) FROM throttle_event WHERE key LIKE 'seed%'").fetchone()[0]
        == 2000
    )


def test_backup_on_postgresql_points_to_pg_dump(app, runner):
    """On PostgreSQL the command says to use pg_dump instead of failing obscurely."""
    with connected():
        if is_sqlite():
            pytest.skip("PostgreSQL only")
    result = runner.invoke(args=["backup", "/tmp/never-written.sqlite3"])
    assert result.exit_code != 0 and "pg_dump" in result.output
