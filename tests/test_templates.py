"""Templates: which pages load the recruiter stylesheet, escaped macro attributes, and the
wording templates take from filters and services rather than spelling out themselves."""

from __future__ import annotations

import datetime as dt
import re

from flask import render_template_string
from flask_babel import force_locale
from flask_wtf import FlaskForm
from wtforms import StringField

from portal.models import frozen_at
from portal.services.accounts import users
from portal.templating import PageDates
from portal.templating import ago_filter
from portal.templating import counted_filter
from portal.templating import iso_filter
from portal.templating import when
from tests.support import PHONE_UA
from tests.support import candidate_url
from tests.support import page_text
from tests.support import sign_in


def _stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="/static/css/([a-z]+\.css)', html)


def test_only_recruiter_pages_load_the_recruiter_stylesheet(app, client, make):
    """Recruiter pages load site.css then recruiter.css; candidate, share and sign-in pages
    load site.css alone (candidate pages must fit 14 KB)."""
    recruiter = make.make_recruiter()
    candidate = make.make_candidate()
    interview = make.make_interview(candidate=candidate, recruiter=recruiter)
    raw = make.make_share_link(interview=interview, created_by=recruiter).raw_token
    assert _stylesheets(page_text(client.get("/login"))) == ["site.css"]
    assert _stylesheets(page_text(client.get(f"/s/{raw}", headers={"User-Agent": PHONE_UA}))) == [
        "site.css"
    ]
    sign_in(client, candidate)
    assert _stylesheets(page_text(client.get(candidate_url(interview)))) == ["site.css"]
    sign_in(client, recruiter)
    for path in ("/recruiter/", "/recruiter/candidates", f"/recruiter/interviews/{interview.id}"):
        assert _stylesheets(page_text(client.get(path))) == ["site.css", "recruiter.css"], path


class _OneField(FlaskForm):
    name = StringField("Name")


def test_macro_attributes_are_escaped(app):
    """Extra attributes and hidden values given to the field drawers and form macros come
    out escaped: a value can never close the tag and open a script."""
    hostile = '"><script>alert(1)</script>'
    with app.test_request_context():
        html = render_template_string(
            '{% from "_macros/forms.html" import post_button %}'
            '{% from "recruiter/_macros.html" import typed_input %}'
            "{{ input(form.name, attrs={'list': bad}) }}"
            "{{ typed_input(form.name, attrs={'placeholder': bad}) }}"
            "{{ post_button('/x', 'Go', hidden={'active': bad}) }}",
            form=_OneField(meta={"csrf": False}),
            bad=hostile,
        )
    assert "<script>" not in html
    assert html.count("&#34;&gt;&lt;script&gt;") == 3
    assert 'list="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_counted_says_one_or_many():
    """Counts read as words: one letter, 3 letters, 2 people."""
    assert counted_filter(1, "letter") == "1 letter"
    assert counted_filter(3, "letter") == "3 letters"
    assert counted_filter(0, "time") == "0 times"
    assert counted_filter(2, "person", "people") == "2 people"


def test_page_dates_word_dates_as_the_filters_do(app):
    """The board's once-a-page dates read exactly as the `when` and `ago` filters, in
    English and Spanish, across midnight in the reader's zone and a change of clocks,
    near and far."""
    now = dt.datetime(2026, 3, 28, 23, 30)  # past midnight in Madrid, not yet in London
    offsets = [0, -1, 2, 25, 47, -3, -30, -26 * 60, 9 * 24 * 60, -400 * 24 * 60]
    values = [now + dt.timedelta(minutes=m) for m in offsets]
    with app.test_request_context(), frozen_at(now):
        for language in ("en", "es"):
            with force_locale(language):
                for zone in ("Europe/London", "Europe/Madrid", "America/New_York"):
                    dates = PageDates(zone)
                    for value in values:
                        assert dates.when(value) == when(value, zone)
                        assert dates.ago(value) == ago_filter(value)
        assert dates.when(None) == dates.ago(None) == ""
    assert iso_filter(dt.datetime(2026, 1, 2, 3, 4, 5, 678)) == "2026-01-02T03:04:05Z"
    assert iso_filter(dt.date(2026, 1, 2)) == "2026-01-02T00:00:00Z"
    assert iso_filter(dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)) == "2026-01-02T03:04:05Z"


def test_account_state_on_the_recruiter_pages(client, make, login_as):
    """The candidate list and page say the same thing about an account's state."""
    recruiter = make.make_recruiter()
    invited = make.make_candidate(password=None, name="Ina Invited")
    gone = make.make_candidate(name="Dee Gone", active=False)
    active = make.make_candidate(name="Al Active")
    assert [users.account_state(u) for u in (invited, gone, active)] == [
        "Invited, no password yet",
        "Deactivated",
        "Active",
    ]
    login_as(recruiter)
    listing = page_text(client.get("/recruiter/candidates"))
    for user in (invited, gone, active):
        assert f"<td>{users.account_state(user)}</td>" in listing
        page = page_text(client.get(f"/recruiter/candidates/{user.id}"))
        assert f"<dd>{users.account_state(user)}</dd>" in page


def test_interview_page_says_whose_answers_the_three_tests_wait_for(client, make, login_as):
    """Before either side has answered, the recruiter reads that both are awaited, in words
    the comparison service writes."""
    recruiter = make.make_recruiter()
    interview = make.make_interview(recruiter=recruiter)
    login_as(recruiter)
    html = page_text(client.get(f"/recruiter/interviews/{interview.id}"))
    assert (
        '<p class="status">Waiting for the candidate&#39;s debrief and the client&#39;s side.</p>'
        in html
    )
