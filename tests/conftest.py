"""Shared fixtures: a fresh database per test (an SQLite file, or a PostgreSQL schema).

Set DEBRIEF_TEST_DATABASE_URL=postgresql://… to run the whole suite against
PostgreSQL: each test run makes its own database and drops it afterwards.
"""

from __future__ import annotations

import os
import re
import uuid

import pytest

from portal import create_app
from portal.db import database, upgrade
from tests import factories
from tests.support import PortalClient

PG_URL = os.environ.get("DEBRIEF_TEST_DATABASE_URL", "")


def _pg_admin(url: str):
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    return conn


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


def _reset_postgres(url: str) -> None:
    """Empty the test database: drop and re-create its public schema."""
    conn = _pg_admin(url)
    with conn.cursor() as cur:
        cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    conn.close()


@pytest.fixture
def app_config(tmp_path, pg_database_url):
    """The configuration of a test app: a real database file, all migrations applied."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE": str(tmp_path / "debrief.sqlite3"),
        "COUNT_QUERIES": True,
    }
    if pg_database_url:
        _reset_postgres(pg_database_url)
        config["DATABASE_URL"] = pg_database_url
    return config


@pytest.fixture
def app(app_config):
    """A portal app on a fresh, migrated database."""
    application = create_app(app_config)
    application.test_client_class = PortalClient
    upgrade()
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


def login(client, user, password: str = factories.PASSWORD):
    """Sign `user` in through the real form; returns the response."""
    return client.post(
        "/login", data={"email": user.email, "password": password}, follow_redirects=False
    )


@pytest.fixture
def login_as(client):
    """Sign in a user with the test client: `login_as(user)`."""

    def _login(user, password: str = factories.PASSWORD):
        response = login(client, user, password)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    return _login


@pytest.fixture(scope="module")
def matrix_app(tmp_path_factory, pg_database_url):
    """One app for the whole matrix; each case builds its own world in it."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "matrix",
        "DATABASE": str(tmp_path_factory.mktemp("matrix") / "debrief.sqlite3"),
    }
    if pg_database_url:
        _reset_postgres(pg_database_url)
        config["DATABASE_URL"] = pg_database_url
    app = create_app(config)
    app.test_client_class = PortalClient
    upgrade()
    return app


def pytest_terminal_summary(terminalreporter):
    """Print the page weights the browser tests measured."""
    import sys

    from tests.browser import helpers

    queries = sys.modules.get("tests.test_queries")
    if queries is not None and queries.COUNTS:
        terminalreporter.write_sep("-", "queries per page (same page, more data)")
        for line in queries.query_table():
            terminalreporter.write_line(line)
    if helpers.WEIGHTS:
        terminalreporter.write_sep("-", "page weight, first visit (HTML+CSS+JS, compressed)")
        for line in helpers.weight_table():
            terminalreporter.write_line(line)
