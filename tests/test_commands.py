"""The command-line tasks a newcomer runs first."""

from __future__ import annotations

from portal.db import connected
from portal.models import ChecklistItem
from portal.models import Interview
from portal.models import User


def _seed_args(app) -> list[str]:
    # A database URL counts as a live portal; the PostgreSQL test database is a test copy.
    return ["seed-demo", "--force"] if app.config["DATABASE_URL"] else ["seed-demo"]


def test_seed_demo_fills_an_empty_portal_once(app, runner):
    """`flask seed-demo` makes a recruiter, two candidates and interviews past and future."""
    result = runner.invoke(args=_seed_args(app))
    assert result.exit_code == 0, result.output
    assert "recruiter@example.com" in result.output
    with connected():
        assert User.select().where(User.role == "candidate").count() == 2
        interviews = list(Interview.select())
        assert len(interviews) == 4
        assert ChecklistItem.select().count() >= 4 * 12
    again = runner.invoke(args=_seed_args(app))
    assert "already here" in again.output


def test_seeded_recruiter_can_sign_in(app, runner, client):
    """The printed demo password works."""
    from portal.commands import DEMO_PASSWORD

    runner.invoke(args=_seed_args(app))
    response = client.post(
        "/login", data={"email": "recruiter@example.com", "password": DEMO_PASSWORD}
    )
    assert response.headers["Location"].endswith("/recruiter/")
