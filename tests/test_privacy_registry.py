"""The registry of personal data covers every model: a new table or text column fails here
until someone says whether it is personal, and how to find a candidate's rows in it."""

from __future__ import annotations

from portal.models import MODELS
from portal.models import User
from portal.services.privacy import personal_data
from tests.support import links_to_user


def test_every_text_field_of_every_model_is_classified():
    """Each CharField/TextField of each model is either personal (erased) or kept, with a reason."""
    assert personal_data.unclassified() == {}


def test_the_check_catches_an_unclassified_field(monkeypatch):
    """Dropping a field from the registry makes the check name it (the check can fail)."""
    holding = personal_data.BY_MODEL[User]
    personal = dict(holding.personal)
    personal.pop("phone")
    monkeypatch.setitem(
        personal_data.BY_MODEL,
        User,
        personal_data.Holding(User, holding.rows, personal=personal, kept=holding.kept),
    )
    assert personal_data.unclassified() == {"User": ["phone"]}


def test_registry_names_only_real_fields():
    """A personal, kept or hidden name that is not a field of its model is a typo."""
    for holding in personal_data.HOLDINGS:
        fields = set(holding.model._meta.fields)
        named = set(holding.personal) | set(holding.kept) | holding.hidden | holding.json_fields
        assert named <= fields, (holding.model.__name__, named - fields)
        assert not set(holding.personal) & set(holding.kept), holding.model.__name__


def test_every_model_linked_to_a_user_says_how_to_find_a_candidates_rows():
    """A model with a foreign-key chain to User must have `rows`, so export and erasure reach it."""
    assert len(personal_data.HOLDINGS) == len(MODELS)
    for model in MODELS:
        holding = personal_data.BY_MODEL[model]
        if links_to_user(model) or model is User:
            assert holding.rows is not None, f"{model.__name__} links to a user: give it rows"
        if holding.personal:
            assert holding.rows is not None, f"{model.__name__} holds personal fields: give it rows"
