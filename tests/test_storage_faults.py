"""When the database cannot be written (read-only, disk full), people get a clear page
with what they typed, never a stack trace. Uses real SQLite conditions, not mocks."""

from __future__ import annotations

import pytest

from portal.db import connected
from portal.db import database
from portal.db import is_sqlite


@pytest.fixture
def sqlite_app(app):
    """The test app on SQLite, answering errors with its error pages as in production
    (under TESTING, Flask would let the exception reach the test instead)."""
    with connected():
        if not is_sqlite():
            pytest.skip("SQLite storage conditions")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def _with_pragma(name: str, value) -> None:
    """Every new connection gets this pragma (the pool is emptied so it applies)."""
    database.obj.close_all()
    database.obj._pragmas = [*database.obj._pragmas, (name, value)]


def test_read_only_database_shows_a_clear_page_and_the_typed_text(
    sqlite_app, client, make, login_as
):
    """A write to a read-only database answers 503 with the text, not a trace."""
    with connected():
        recruiter = make.make_recruiter()
    client.post("/login", data={"email": recruiter.email, "password": make.PASSWORD})
    _with_pragma("query_only", 1)
    response = client.post(
        "/recruiter/candidates",
        data={"name": "Typed Name Kept", "email": "kept@example.com", "phone": "+44 1"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "We could not save that just now" in html
    assert "Typed Name Kept" in html and "Traceback" not in html


def test_full_disk_shows_a_clear_page_and_the_typed_text(sqlite_app, client, make):
    """SQLITE_FULL (no room for another page) answers 503 with the typed text."""
    with connected():
        recruiter = make.make_recruiter()
    client.post("/login", data={"email": recruiter.email, "password": make.PASSWORD})
    with connected():
        pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    _with_pragma("max_page_count", pages)
    long_note = "Notes I must not lose. " * 200
    response = client.post(
        "/recruiter/candidates",
        data={"name": long_note[:100], "email": "full@example.com", "phone": ""},
    )
    # Fill the last free pages first if the first write still fit.
    for n in range(200):
        if response.status_code == 503:
            break
        response = client.post(
            "/recruiter/candidates",
            data={"name": f"Filler {n} " + "x" * 100, "email": f"f{n}@example.com", "phone": ""},
        )
    html = response.get_data(as_text=True)
    assert response.status_code == 503, "the database never filled up"
    assert "We could not save that just now" in html and "Traceback" not in html
