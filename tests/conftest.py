"""Shared fixtures: a fresh, migrated database per test (an SQLite file, or PostgreSQL).

Migrations run once per test run (per xdist worker); each test then gets a
copy of that database. Set DEBRIEF_TEST_DATABASE_URL=postgresql://… to run
the whole suite against PostgreSQL: each test run makes its own database and
drops it afterwards. Helpers tests import live in `tests/support.py`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import pytest

from portal import create_app
from portal.db import connected
from portal.db import database
from portal.db import upgrade
from tests import factories
from tests import support
from tests.support import SmtpSink

PG_URL = os.environ.get("DEBRIEF_TEST_DATABASE_URL", "")
TEST_SECRET = "test-secret-key"


def _pg_admin(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


@pytest.fixture(scope="session")
def pg_database_url():
    """A PostgreSQL database made for this test run (dropped at the end), or None."""
    if not PG_URL:
        yield None
        return
    name = f"debrief_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = _pg_admin(PG_URL)
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    yield re.sub(r"/[^/]*$", f"/{name}", PG_URL)
    with admin.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


@dataclass
class MigratedDatabase:
    """The database every test starts from, migrated once per test run.

    SQLite: a migrated file that each test copies. PostgreSQL: the run's
    database, migrated once; each test empties its tables (a CREATE DATABASE
    … TEMPLATE per test costs a checkpoint-heavy DROP DATABASE afterwards).
    """

    sqlite_file: Path | None = None
    pg_url: str = ""
    pg_tables: list[str] = field(default_factory=list)
    pg_seeded: dict[str, list[tuple]] = field(default_factory=dict)

    def fresh(self, folder: Path) -> dict:
        """Config keys naming a migrated database with only what migrations put in it."""
        if self.pg_url:
            self._empty_postgres()
            return {"DATABASE_URL": self.pg_url, "DATABASE": str(folder / "unused.sqlite3")}
        path = folder / "debrief.sqlite3"
        shutil.copyfile(self.sqlite_file, path)
        return {"DATABASE": str(path)}

    def _empty_postgres(self) -> None:
        """Truncate every table, then put back the rows the migrations inserted."""
        conn = _pg_admin(self.pg_url)
        with conn.cursor() as cur:
            tables = ", ".join(f'"{name}"' for name in self.pg_tables)
            cur.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            for table, rows in self.pg_seeded.items():
                marks = ", ".join(["%s"] * len(rows[0]))
                cur.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT max(id) FROM "{table}"))'
                )
        conn.close()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory, pg_database_url) -> MigratedDatabase:
    """Run every migration once for the whole test run."""
    folder = tmp_path_factory.mktemp("template")
    config = {"TESTING": True, "SECRET_KEY": TEST_SECRET, "DATABASE": str(folder / "t.sqlite3")}
    if pg_database_url:
        create_app({**config, "DATABASE_URL": pg_database_url})
        upgrade()
        with connected():
            tables = [t for t in database.get_tables() if t != "schema_migration"]
            seeded = {}
            for table in tables:
                rows = database.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
                if rows:
                    seeded[table] = rows
        return MigratedDatabase(pg_url=pg_database_url, pg_tables=tables, pg_seeded=seeded)
    create_app(config)
    upgrade()
    # Fold the write-ahead log into the file, so that one copied file is the whole database.
    with sqlite3.connect(config["DATABASE"]) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return MigratedDatabase(sqlite_file=Path(config["DATABASE"]))


def _test_config(database_keys: dict, **overrides) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        **database_keys,
        **overrides,
    }


@pytest.fixture
def app_config(tmp_path, migrated_database):
    """The configuration of a test app: a real database, all migrations applied, no rows."""
    return _test_config(
        migrated_database.fresh(tmp_path),
        COUNT_QUERIES=True,
        INSTANCE_PATH=str(tmp_path / "instance"),
    )


@pytest.fixture
def app(app_config):
    """A portal app on a fresh, migrated database."""
    application = support.make_test_app(app_config)
    yield application
    if not database.is_closed():
        database.close()


@pytest.fixture
def db(app):
    """An open connection for tests that build data directly.

    No app context is held open: requests made by the test client must each
    get their own (and their own `g`), as in production.
    """
    database.connect(reuse_if_open=True)
    yield database
    if not database.is_closed():
        database.close()


@pytest.fixture
def client(app):
    """A test client (cookies kept between requests)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for `flask …` commands."""
    return app.test_cli_runner()


@pytest.fixture
def make(db):
    """The factories, bound to the open test database."""
    return factories


@pytest.fixture
def login_as(client):
    """Sign in a user with the test client: `login_as(user)`."""

    def _login(user, password: str = factories.PASSWORD):
        response = support.login(client, user, password)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    return _login


@pytest.fixture
def ended(make, login_as):
    """A signed-in candidate whose interview ended 40 minutes ago; their recruiter has a phone."""
    recruiter = make.make_recruiter(name="Rae Recruiter", phone="+44 20 7946 0000")
    candidate = make.make_candidate(name="Noor Haddad")
    interview = make.make_interview(
        candidate=candidate, recruiter=recruiter, starts_in=dt.timedelta(minutes=-100)
    )
    login_as(candidate)
    return interview


@pytest.fixture
def people(make):
    """Recruiter Rae (an agency address and phone) and candidate Ana (in London): the two
    people the mail and calendar tests write to."""
    recruiter = make.make_recruiter(
        name="Rae Recruiter", email="rae@agency.example", phone="+44 20 7946 0001"
    )
    candidate = make.make_candidate(
        name="Ana Costa", email="ana@example.com", time_zone="Europe/London"
    )
    return recruiter, candidate


@pytest.fixture
def smtp():
    """A real SMTP server in this process; the `mail_app` sends to it."""
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def mail_app(app, smtp):
    """The test app, delivering over SMTP to the `smtp` server (no STARTTLS, no login)."""
    app.config.update(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp.port,
        SMTP_STARTTLS=False,
        SMTP_FROM="Debrief Recruiting <mail@agency.example>",
        BASE_URL="https://portal.agency.example",
    )
    return app


@pytest.fixture(scope="module")
def matrix_app(tmp_path_factory, migrated_database):
    """One app for the whole matrix; each case builds its own world in it."""
    keys = migrated_database.fresh(tmp_path_factory.mktemp("matrix"))
    return support.make_test_app(_test_config(keys, SECRET_KEY="matrix"))


def pytest_configure(config):
    """Compile the translation catalogs once per run (on the controller, before workers
    start), as the install step does: the tests read the .po files as they are now."""
    if not hasattr(config, "workerinput"):
        from portal import i18n

        i18n.compile_catalogs()


def pytest_sessionfinish(session):
    """On an xdist worker, hand what this worker measured to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        from tests.browser import helpers

        workeroutput["page_queries"] = support.PAGE_QUERIES
        workeroutput["page_weights"] = helpers.WEIGHTS


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """On the xdist controller, gather what each worker measured."""
    from tests.browser import helpers

    output = getattr(node, "workeroutput", {})
    support.PAGE_QUERIES.extend(tuple(row) for row in output.get("page_queries", []))
    helpers.WEIGHTS.extend(tuple(row) for row in output.get("page_weights", []))


def pytest_terminal_summary(terminalreporter):
    """Print the query counts and page weights the tests measured."""
    from tests.browser import helpers

    if support.PAGE_QUERIES:
        terminalreporter.write_sep("-", "queries per page (same page, more data)")
        for line in support.query_table():
            terminalreporter.write_line(line)
    if helpers.WEIGHTS:
        terminalreporter.write_sep("-", "page weight, first visit (HTML+CSS+JS, compressed)")
        for line in helpers.weight_table():
            terminalreporter.write_line(line)
