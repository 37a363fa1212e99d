"""`flask seed-demo` never adds its published-password accounts to a live portal by accident."""

from __future__ import annotations

import pytest

from portal.db import connected
from portal.models import User


def _demo_recruiter_exists() -> bool:
    with connected():
        return User.select().where(User.email == "recruiter@example.com").exists()


def test_seed_demo_refuses_when_real_accounts_exist(app, runner, make):
    """With a real account in the portal, seed-demo stops, says why, and adds nobody."""
    make.make_recruiter(email="owner@agency.example")
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "looks live" in result.output and "it has accounts" in result.output
    assert not _demo_recruiter_exists()


@pytest.mark.parametrize("setting", [{"HTTPS": True}, {"DATABASE_URL": "postgresql://x@h/db"}])
def test_seed_demo_refuses_under_a_production_setting(app, runner, setting):
    """HTTPS on or a database URL set: seed-demo refuses, even on an empty database."""
    url = app.config["DATABASE_URL"]
    app.config.update(setting)
    try:
        result = runner.invoke(args=["seed-demo"])
    finally:
        app.config["DATABASE_URL"] = url
    assert result.exit_code != 0 and "looks live" in result.output
    assert not _demo_recruiter_exists()


def test_seed_demo_force_seeds_with_a_warning(app, runner, make):
    """--force seeds a portal that looks live, and warns that the accounts must go."""
    make.make_recruiter(email="owner@agency.example")
    result = runner.invoke(args=["seed-demo", "--force"])
    assert result.exit_code == 0, result.output
    assert "WARNING" in result.output and "published password" in result.output
    assert _demo_recruiter_exists()
