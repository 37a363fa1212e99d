"""The debrief's repeated rows (portal.candidate.panel_rows): each person met and who each
key point came from, every value escaped, in the reader's language."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from flask_babel import force_locale

from portal import form_view
from portal.candidate import panel_rows
from portal.candidate.forms import DebriefForm
from portal.models import frozen_at

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


def test_the_call_times_say_each_in_both_zones_and_check_the_one_chosen(app):
    """Each time in the candidate's zone, the recruiter's beside it when theirs differs;
    the chosen one checked (else "As soon as you can"); the first carries the field's id;
    a recruiter's name is escaped."""
    from portal.services.journey.calls import Slot

    slots = [
        Slot(dt.datetime(2030, 6, 11, 15, 0), "2030-06-11T15:00", True),
        Slot(dt.datetime(2030, 6, 11, 15, 30), "2030-06-11T15:30", True),
    ]
    with app.test_request_context(), frozen_at(dt.datetime(2030, 6, 10, 12, 0)):
        chosen = str(
            panel_rows.call_times(
                slots,
                "2030-06-11T15:30",
                zone="UTC",
                recruiter_zone="Europe/London",
                first_name=HOSTILE,
            )
        )
        none = str(
            panel_rows.call_times(
                slots, "", zone="UTC", recruiter_zone="Europe/London", first_name="Rae"
            )
        )
    assert "<script>" not in chosen and "for &#34;&gt;&lt;script&gt;" in chosen
    assert 'value="2030-06-11T15:00" id="call_at">' in chosen
    assert 'value="2030-06-11T15:30" checked>' in chosen
    assert '<span class="muted">(tomorrow 16:00 London time for Rae)</span>' in none
    assert 'value="" checked> <span>As soon as you can</span>' in none
    assert 'value=""> <span>As soon as you can</span>' in chosen
