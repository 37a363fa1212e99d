"""The debrief's repeated rows (portal.candidate.panel_rows): each person met and who each
key point came from, every value escaped, in the reader's language."""

from __future__ import annotations

from types import SimpleNamespace

from flask_babel import force_locale

from portal import form_view
from portal.candidate import panel_rows
from portal.candidate.forms import DebriefForm

HOSTILE = '"><script>alert(1)</script>'


def test_each_person_is_a_fieldset_with_every_value_escaped(app):
    """The legend numbers the person and names them; the hidden id, the fields and the
    folded "how to address them" come in order; nothing typed opens a tag."""
    data = {
        "people": [
            {"interviewer_id": "7", "name": HOSTILE, "title": HOSTILE, "topics": HOSTILE},
            {"role": "peer"},
        ]
    }
    with app.test_request_context():
        html = str(panel_rows.people(form_view.shown(DebriefForm, data).people))
        with force_locale("es"):
            spanish = str(panel_rows.people(form_view.shown(DebriefForm, data).people))
    assert "<script>" not in html and html.count("&lt;script&gt;") == 4
    assert html.count('<fieldset class="person">') == 2
    assert (
        "<legend>Person 1: &#34;&gt;&lt;script&gt;" in html and "<legend>Person 2</legend>" in html
    )
    assert '<input type="hidden" name="people-0-interviewer_id" value="7">' in html
    assert '<input type="hidden" name="people-1-interviewer_id" value="">' in html
    assert html.index('name="people-0-email"') < html.index("How to address them")
    assert '<details class="more">' in html and '<details class="more" open' not in html
    assert "Persona 1" in spanish and "How to address them" not in spanish


def test_a_fix_needed_in_how_to_address_someone_opens_their_fold(app):
    """The fold opens by itself when one of its fields has a message to read."""
    with app.test_request_context():
        row = SimpleNamespace(form=form_view.shown(DebriefForm, {"people": [{}]}).people[0].form)
        row.form.__dict__["family_name"] = row.form.family_name._replace(errors=("Too long.",))
        html = str(panel_rows.people([row]))
    assert '<details class="more" open>' in html and "Too long." in html


def test_each_key_point_offers_the_people_named_and_no_one(app):
    """The point is the legend and goes back hidden; the person it is tied to is checked,
    else "No one in particular"; names and points are escaped."""
    named = [SimpleNamespace(id=3, name=HOSTILE), SimpleNamespace(id=4, name="Goh")]
    data = {"ties": [{"text": HOSTILE, "person": "4"}, {"text": "Roadmap", "person": ""}]}
    with app.test_request_context():
        html = str(panel_rows.ties(form_view.shown(DebriefForm, data).ties, named))
    assert "<script>" not in html
    assert html.count('<fieldset class="fieldset field tie">') == 2
    assert '<input type="hidden" name="ties-0-text" value="&#34;&gt;&lt;script&gt;' in html
    assert 'name="ties-0-person" value="4" checked> <span>Goh</span>' in html
    assert 'name="ties-0-person" value="" checked>' not in html
    assert 'name="ties-1-person" value="" checked> <span>No one in particular</span>' in html
