"""A form as a page shows it when it opens (portal.form_view): the same page as the WTForms
form it stands in for, field by field and as the whole debrief page drawn."""

from __future__ import annotations

import pytest
from flask import render_template
from flask_login import login_user
from wtforms import BooleanField
from wtforms import FieldList
from wtforms import Form
from wtforms import FormField
from wtforms import HiddenField
from wtforms import RadioField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Length

from portal import form_view
from portal.candidate.forms import DebriefForm
from portal.candidate.forms import ToneForm
from portal.candidate.views import _render_debrief
from portal.candidate.views import debrief_data
from portal.form_fields import PortalForm
from portal.form_fields import options
from portal.models import Interviewer
from portal.models import utcnow
from portal.requests import clean_field
from portal.services.journey import debriefs
from portal.services.journey import progress
from portal.services.letters import kept
from portal.services.letters.drafting import LANGUAGES

MADE = iter(range(1000))


class _Row(Form):
    label = StringField("Label", validators=[Length(max=9)], filters=[clean_field])
    kind = RadioField("Kind", choices=options([("a", "Apple"), ("b", "Bean")]), default="b")


class _Sample(PortalForm):
    title = StringField("Title", validators=[DataRequired()], description="Say it short.")
    count = RadioField("Count", choices=options([("1", "One"), ("2", "Two")]))
    agreed = BooleanField("Agreed")
    key = HiddenField(default=lambda: f"key-{next(MADE)}")
    rows = FieldList(FormField(_Row), min_entries=2, max_entries=4)


def _as_drawn(field) -> dict:
    """What the drawers and templates read of a field."""
    return {
        "id": field.id,
        "name": field.name,
        "type": field.type,
        "label": str(field.label.text),
        "description": str(field.description or ""),
        "required": bool(field.flags.required),
        "maxlength": field.flags.maxlength,
        "data": field.data,
        "errors": list(field.errors),
        "choices": [tuple(choice)[:3] for choice in field.iter_choices()]
        if field.type in ("RadioField", "SelectField")
        else [],
    }


def _walk(form) -> list[dict]:
    seen = []
    for field in form:
        if field.type == "CSRFTokenField":
            continue
        if field.type == "FieldList":
            seen.append({"list": field.name, "rows": len(field.entries)})
            for row in field.entries:
                seen += _walk(row.form)
        else:
            seen.append(_as_drawn(field))
    return seen


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": "Hi\x00 there", "count": 2, "agreed": "yes", "key": "kept"},
        {"rows": [{"label": "one", "kind": "a"}]},
        {"rows": [{"label": "x"}, {}, {"kind": "a"}]},
    ],
    ids=["defaults", "values converted and cleaned", "fewer rows than the fewest", "more rows"],
)
def test_a_shown_form_reads_as_the_wtforms_form_does(app, data):
    """Ids, names, labels, hints, flags, choices, data (coerced, filtered, defaults made
    anew), rows up to the fewest: as WTForms has them, the made key aside."""
    with app.test_request_context():
        real = _walk(_Sample(formdata=None, data=data, meta={"csrf": False}))
        shown = _walk(form_view.shown(_Sample, data))
    for seen in (real, shown):
        for field in seen:
            if field.get("name") == "key" and "key" not in data:
                assert field["data"].startswith("key-")
                field["data"] = "made"
    assert shown == real


def test_a_made_default_is_made_for_each_form(app):
    """A default WTForms makes anew (a fresh key) is not one kept from the first form."""
    with app.test_request_context():
        first = form_view.shown(_Sample, {}).key.data
        second = form_view.shown(_Sample, {}).key.data
    assert first != second


@pytest.fixture
def opened(make, db):
    """A candidate's ended interview, a panel of two and a draft with tied key points."""
    candidate = make.make_candidate(name="Ana Costa", time_zone="America/New_York")
    interview = make.make_ended_interview(minutes_ago=20, candidate=candidate)
    for n, (name, role) in enumerate([("Dr Amara <Osei>", "decision_maker"), ("Goh", "peer")]):
        Interviewer.create(
            interview=interview,
            name=name,
            role=role,
            sort_order=n,
            email=f"p{n}@c.example",
            topics="the move to Figma\n& tokens" if n == 0 else "",
            letter_point="Roadmap" if n == 1 else "",
        )
    return candidate, interview


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("state", ["blank", "draft", "sent"])
def test_the_debrief_page_opens_the_same_as_from_wtforms(app, make, opened, language, state):
    """The whole debrief page, drawn from the shown form and the heading an opening reads,
    and from DebriefForm and the interview's models (as a POST draws it) holding the same
    data: the same HTML, in both languages, blank, as a draft and once sent."""
    candidate, interview = opened
    candidate.language = language
    candidate.save()
    if state != "blank":
        make.make_debrief(
            interview=interview,
            draft=state == "draft",
            candidate_interest=4,
            enough_exchanged="partly",
            call_me=True,
            key_points="Roadmap\nTeam of <6>",
            concerns="Travel & time",
        )
    pages = []
    with app.test_request_context():  # one request: one CSRF token for both
        login_user(candidate)
        page = debriefs.page(interview_id=interview.id)
        data = {**debrief_data(page), "idempotency_key": "the-key"}
        heading = progress.debrief_heading_for(candidate_id=candidate.id, interview_id=interview.id)
        for found, form in (
            (
                progress.interview_for(candidate_id=candidate.id, interview_id=interview.id),
                DebriefForm(formdata=None, data=data),
            ),
            (heading, form_view.shown(DebriefForm, data)),
        ):
            html, _status = _render_debrief(found, form, page, status=200, typed=False)
            pages.append(html)
    assert "Dr Amara &lt;Osei&gt;" in pages[1] and 'value="the-key"' in pages[1]
    assert pages[1] == pages[0]


def test_a_shown_field_is_read_only(app):
    """Drawing cannot change what another request draws (the layout is shared)."""
    with app.test_request_context():
        field = form_view.shown(_Sample, {"title": "One"}).title
        with pytest.raises(AttributeError):
            field.data = "Two"
        assert form_view.shown(_Sample, {}).title.data is None


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("drafted", [False, True])
def test_the_letters_page_opens_the_same_as_from_wtforms(app, opened, language, drafted):
    """The letters page, drawn with the shown tone form and with ToneForm holding the
    same tone: the same HTML, in both languages, before any letter and with warm ones."""
    candidate, interview = opened
    candidate.language = language
    candidate.save()
    if drafted:
        kept.ensure_drafts(interview=interview, candidate=candidate, tone="warm")
    pages = []
    with app.test_request_context():  # one request: one CSRF token for both
        login_user(candidate)
        found = progress.letters_heading_for(candidate_id=candidate.id, interview_id=interview.id)
        rows = kept.letters_of(interview=found)
        tone = rows[0].tone if rows else "formal"
        page = kept.letters_overview(interview=found, candidate=candidate, rows=rows)
        real = ToneForm(formdata=None, data={"tone": tone})
        for form in (real, form_view.shown(ToneForm, {"tone": tone})):
            pages.append(
                render_template(
                    "candidate/letters.html",
                    interview=found,
                    page=page,
                    form=form,
                    now=utcnow(),
                    languages=LANGUAGES,
                )
            )
    panel = Interviewer.select().where(Interviewer.interview == interview).count()
    assert (page.missing, len(page.letters)) == ((0, panel) if drafted else (panel, 0))
    assert ('value="warm" checked' in pages[1]) is drafted
    assert pages[1] == pages[0]
