"""Password hashing: argon2id with argon2-cffi's defaults in production, cheapest only under test."""

from __future__ import annotations

import pytest
from argon2 import Type
from argon2 import extract_parameters
from argon2 import profiles

from portal import create_app
from portal.models import User
from portal.services.accounts import users
from tests.factories import PASSWORD


@pytest.fixture
def production_app(app_config):
    """The portal as production configures it (no TESTING), on the test's database."""
    config = {key: value for key, value in app_config.items() if key != "TESTING"}
    yield create_app(config)
    users.use_test_hashing(True)


def test_production_hashes_passwords_with_argon2id_defaults(production_app):
    """Without TESTING, new hashes are argon2id with argon2-cffi's default parameters."""
    made = users.hash_password("a long enough phrase")
    assert made.startswith("$argon2id$")
    assert extract_parameters(made) == profiles.get_default_parameters()
    assert profiles.get_default_parameters().type is Type.ID
    assert users.hashing_parameters() == profiles.get_default_parameters()


def test_tests_hash_with_the_cheapest_argon2id(app):
    """Under TESTING, hashes are still argon2id, with the cheapest parameters."""
    made = users.hash_password("a long enough phrase")
    assert made.startswith("$argon2id$")
    assert extract_parameters(made) == profiles.CHEAPEST


def test_a_hash_made_under_test_is_upgraded_at_the_next_production_sign_in(make, production_app):
    """A cheap hash (say, from a test fixture loaded into a real database) is replaced by a
    production-strength one the first time its owner signs in outside test mode."""
    users.use_test_hashing(True)
    user = make.make_candidate()
    assert extract_parameters(user.password_hash) == profiles.CHEAPEST
    users.use_test_hashing(False)
    assert users.verify_password(user, PASSWORD)
    stored = User.get_by_id(user.id).password_hash
    assert extract_parameters(stored) == profiles.get_default_parameters()
