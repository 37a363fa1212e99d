"""WTForms' own messages come in the reader's language (portal.form_fields.PortalForm)."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import DataRequired

from portal.form_fields import PortalForm


class _Required(PortalForm):
    class Meta:
        csrf = False

    name = StringField("Name", validators=[DataRequired()])


def _message(app, language: str) -> str:
    with app.test_request_context("/", method="POST", headers={"Accept-Language": language}):
        form = _Required()
        assert not form.validate()
        return form.name.errors[0]


def test_wtforms_messages_follow_the_readers_language(app):
    """A Spanish reader gets WTForms' message in Spanish, an English one in English, and
    each language keeps its own catalog from one request to the next."""
    assert _message(app, "es") == "Este campo es obligatorio."
    assert _message(app, "en") == "This field is required."
    assert _message(app, "es") == "Este campo es obligatorio."
