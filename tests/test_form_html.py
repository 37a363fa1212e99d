"""The field drawers (portal.form_html): every value escaped, and each field's label, hint
and error tied to it the way a screen reader follows them."""

from __future__ import annotations

import re

import pytest
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import BooleanField
from wtforms import FieldList
from wtforms import FormField
from wtforms import RadioField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Length

from portal import form_html
from portal import form_view

HOSTILE = '"><script>alert(1)</script>'


class _Fields(FlaskForm):
    text = StringField("Name", validators=[DataRequired(), Length(max=80)])
    notes = TextAreaField("Notes", description="What you remember")
    pick = SelectField("Pick", choices=[("a", "Apple"), (HOSTILE, HOSTILE)])
    one = RadioField("One", choices=[("y", "Yes"), ("n", "No")])
    tick = BooleanField("Tick")


@pytest.mark.parametrize("drawer", ["input", "textarea", "select", "radios"])
def test_hostile_values_come_out_escaped(app, drawer):
    """What a person typed, a label and an error never close a tag and open a script."""
    with app.test_request_context():
        form = _Fields(meta={"csrf": False})
        field = {"input": form.text, "textarea": form.notes, "select": form.pick}.get(
            drawer, form.one
        )
        field.data = HOSTILE
        field.errors = [HOSTILE]
        html = str(getattr(form_html, drawer)(field, label=HOSTILE, hint=HOSTILE))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_label_hint_and_error_are_tied_to_the_field(app):
    """The label names the input; aria-describedby names the hint and the error shown."""
    with app.test_request_context():
        form = _Fields(meta={"csrf": False})
        form.text.errors = ["Enter a name"]
        html = str(form_html.input(form.text, hint="As on your passport"))
    assert '<label class="label" for="text">Name</label>' in html
    assert 'id="text-hint">As on your passport</p>' in html
    assert 'id="text-error"><span class="vh">Error:</span> Enter a name</p>' in html
    described = re.search(r'aria-describedby="([^"]+)"', html).group(1).split()
    assert described == ["text-hint", "text-error"]
    assert ' aria-invalid="true"' in html and " required" in html and 'maxlength="80"' in html


def test_optional_fields_say_so_and_passwords_are_not_written_back(app):
    """An optional field's label says "(optional)"; a password never comes back in the page."""
    with app.test_request_context():
        form = _Fields(meta={"csrf": False})
        form.text.data = "hunter2"
        notes = str(form_html.textarea(form.notes))
        password = str(form_html.input(form.text, type="password"))
        ticked = str(form_html.checkbox(form.tick))
    assert '<span class="optional">(optional)</span>' in notes
    assert "hunter2" not in password
    assert " checked" not in ticked


class _Row(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name", validators=[Length(max=3)])


class _WithRows(FlaskForm):
    title = StringField("Title", validators=[DataRequired()])
    rows = FieldList(FormField(_Row), min_entries=2)


def test_the_error_summary_links_each_problem_to_its_field_rows_included(app):
    """The summary lists the form's own errors, then each field's first error linked to the
    field, a row of a list named by its place ("Person 2: …"); escaped all through. A form
    with no problem draws nothing."""
    from werkzeug.datastructures import MultiDict

    with app.test_request_context():
        form = _WithRows(
            formdata=MultiDict({"rows-0-name": "ok", "rows-1-name": HOSTILE}), meta={"csrf": False}
        )
        assert not form.validate()
        form.form_errors.append(HOSTILE)
        html = str(form_html.error_summary(form, row_label="Person", after="All kept."))
        clean = _WithRows(formdata=MultiDict({"title": "Lead"}), meta={"csrf": False})
        clean.validate()
        assert str(form_html.error_summary(clean)) == ""
    assert 'role="alert"' in html and "There is a problem" in html
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', html)
    assert [target for target, _ in links] == ["title", "rows-1-name"]
    assert links[1][1].startswith("Person 2: ")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.index(str(escape(HOSTILE))) < html.index('href="#title"')
    assert "<p>All kept.</p>" in html


def test_the_csrf_field_carries_the_sessions_token(app):
    """Every form's hidden field holds the token Flask-WTF checks for this session."""
    from flask_wtf.csrf import generate_csrf

    with app.test_request_context():
        html = str(form_html.csrf())
        assert html == f'<input type="hidden" name="csrf_token" value="{generate_csrf()}">'


def test_the_zone_field_offers_likely_zones_and_escapes_what_was_typed(app):
    """The zone field lists the zones near the person's own in a datalist tied to the
    input, and a hostile city typed back with its error never opens a tag."""
    from werkzeug.datastructures import MultiDict

    from portal.candidate.forms import ProfileForm

    with app.test_request_context():
        form = ProfileForm(formdata=MultiDict({"time_zone": HOSTILE}), meta={"csrf": False})
        form.validate()
        html = str(form_html.zone_input(form.time_zone, "Europe/Madrid"))
    assert 'list="time_zone-list"' in html and '<datalist id="time_zone-list">' in html
    assert '<option value="Madrid, Spain"></option>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'aria-invalid="true"' in html and 'id="time_zone-error"' in html


def test_a_message_is_filled_with_escaped_values_as_a_templates_does(app):
    """The catalog's text stays the portal's markup; each value filled in is escaped;
    `%%` is a percent sign; with nothing to fill the text is as it is."""
    with app.test_request_context():
        rendered = app.jinja_env.from_string('{{ _("Hello, %(name)s", name=who) }}').render(
            who=HOSTILE
        )
        assert str(form_html.filled("Hello, %(name)s", {"name": HOSTILE})) == rendered
    assert "&lt;script&gt;" in rendered and "<script>" not in rendered
    assert str(form_html.filled("100%% sure", {})) == "100% sure"
    assert str(form_html.filled("<b>Saved</b>", {})) == "<b>Saved</b>"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"text": HOSTILE, "notes": HOSTILE, "pick": HOSTILE, "one": "y", "tick": True},
        {"text": "", "notes": "", "pick": "a", "one": "n", "tick": False},
        {"text": "Ana", "notes": "Line one\nline & two"},
    ],
    ids=["empty", "hostile", "blank", "typed"],
)
def test_a_shown_field_is_drawn_as_its_wtforms_field_drawn_again_or_not(app, data):
    """A field shown as a page opens is drawn once and then reused around its value: each
    drawing, first or reused, is the one the WTForms field holding that value gets."""
    calls = [
        ("input", "text", {"autocomplete": "off"}),
        ("input", "text", {"type": "password"}),
        ("textarea", "notes", {"rows": 2, "mark_optional": False}),
        ("select", "pick", {}),
        ("radios", "one", {"inline": True}),
        ("checkbox", "tick", {}),
    ]
    with app.test_request_context():
        real = _Fields(formdata=None, data=data, meta={"csrf": False})
        for _ in range(2):
            shown = form_view.shown(_Fields, data)
            for drawer, name, options in calls:
                draw = getattr(form_html, drawer)
                expected = str(draw(real[name], **options))
                assert str(draw(shown[name], **options)) == expected
                # As text (a row's fields, joined before they are marked safe): the same.
                assert form_html.drawn_text(draw, shown[name], **options) == expected
                assert form_html.drawn_text(draw, real[name], **options) == expected
    assert "<script>" not in str(form_html.input(shown["text"]))
