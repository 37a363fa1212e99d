"""Templates: which pages load the recruiter stylesheet, escaped macro attributes, and the
wording templates take from filters and services rather than spelling out themselves."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel import dates as babel_dates
from flask import render_template_string
from flask_babel import force_locale
from flask_wtf import FlaskForm
from wtforms import StringField

from portal.models import frozen_at
from portal.services import clock
from portal.services.accounts import users
from portal.templating import PageDates
from portal.templating import ago_filter
from portal.templating import counted_filter
from portal.templating import iso_filter
from portal.templating import long_date
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


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_long_date_reads_as_babel_words_the_whole_pattern(app, language):
    """`long_date`: 'Friday 18 December 2026, 14:05' ('viernes, 18 de diciembre de 2026,
    14:05'), in the zone given, as babel's formatting of the full pattern words it."""
    patterns = {"en": "EEEE d MMMM y, HH:mm", "es": "EEEE, d 'de' MMMM 'de' y, HH:mm"}
    moments = [dt.datetime(2026, 12, 18, 14, 5), dt.datetime(2027, 3, 28, 0, 59)]
    moments += [dt.datetime(2026, 1, 1, 23, 30) + dt.timedelta(days=n * 37) for n in range(10)]
    with app.test_request_context(), force_locale(language):
        for moment in moments:
            for zone in ("Europe/London", "America/Los_Angeles", "Asia/Kolkata"):
                local = clock.to_local(moment, zone)
                expected = babel_dates.format_datetime(local, patterns[language], locale=language)
                assert long_date(moment, zone) == expected
    with app.test_request_context(), force_locale("es"):
        assert long_date(dt.datetime(2026, 12, 18, 14, 5), "UTC") == (
            "viernes, 18 de diciembre de 2026, 14:05"
        )


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


def test_template_links_are_the_addresses_flask_builds(app):
    """A template's `url_for` (built once per app and values) gives what Flask's gives:
    ids, a blueprint's own endpoint, an anchor, an external address, a second time."""
    from flask import url_for

    from portal.templating import page_url

    calls = [
        ("candidate.interview", {"interview_id": 5}),
        ("candidate.interview", {"interview_id": 6}),
        ("auth.privacy", {}),
        (".home", {}),
        ("candidate.home", {"_anchor": "next"}),
        ("candidate.home", {"_external": True}),
        ("candidate.shares", {"tab": ["a", "b"]}),
    ]
    with app.test_request_context("/candidate/", base_url="https://portal.example/app"):
        app.preprocess_request()
        for endpoint, values in calls * 2:
            assert page_url(endpoint, **values) == url_for(endpoint, **values)
        assert page_url("candidate.interview", interview_id=5) == "/app/candidate/interviews/5"


def test_a_requests_dates_follow_each_language_it_words(app):
    """Dates worded in one request keep to the language being worded: a page in English,
    then an email to a Spanish reader in the same request."""
    from portal.templating import when_filter

    now = dt.datetime(2026, 3, 28, 12, 0)
    with app.test_request_context(), frozen_at(now):
        value = now + dt.timedelta(days=1, hours=2)
        english = when_filter(value, "Europe/London")
        with force_locale("es"):
            spanish, spanish_ago = when_filter(value, "Europe/London"), ago_filter(value)
        assert english == "tomorrow 15:00" and english == when_filter(value, "Europe/London")
        assert spanish == "mañana 15:00" and spanish_ago == "dentro de 1 día"
        assert ago_filter(now - dt.timedelta(minutes=3)) == "3 min ago"


def test_a_templates_words_follow_the_language_each_time(app):
    """A message with no values is worded once per language and reused: switching
    languages back and forth gives each its own words, escaped as markup once."""
    source = "{{ _('Account') }}|{{ _('100%% sure') }}|{{ _('Skip to content') }}"
    with app.test_request_context():
        drawn = []
        for language in ("en", "es", "en", "es"):
            with force_locale(language):
                drawn.append(render_template_string(source))
    english, spanish = drawn[0], drawn[1]
    assert english.startswith("Account|100% sure|")
    assert spanish.startswith("Cuenta|100% sure|")
    assert drawn == [english, spanish, english, spanish]
