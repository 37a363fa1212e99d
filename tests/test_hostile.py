"""Hostile input on every form: random and nasty values never cause a 5xx, come back
escaped, and nothing longer than a column allows is ever stored.

For each POST route, the form's own field names are read from its page (when
it has one) and hypothesis posts values drawn from a mix of valid-looking and
hostile strings: empty, overlong, control characters, HTML/script, SQL
fragments, huge numbers, dates out of any calendar's range, and fields missing
or sent twice. Every field is also sent as a file upload; every id in a URL
as a number past 64 bits; every GET form (the filters) gets the same dates and
ids; and a panel is filled past its limit from two tabs.
"""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from peewee import CharField
from peewee import fn
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter

from portal import create_app
from portal.db import connected
from portal.models import MODELS
from tests.support import route_rule
from tests.support import route_user
from tests.support import sign_in
from tests.support import visitor_for

SCRIPT = "<script>alert(1)</script>"
HOSTILE = [
    "",
    " ",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE interview; --",
    "1 OR 1=1",
    "\x00\x01\x1b[31m",
    "\u202eevil\u202c",
    "Zoë Adébáyọ̀ 张伟 🙂",
    "9" * 40,
    "-1",
    "0",
    "3",
    "yes",
    "decision_maker",
    "Europe/London",
    "2030-01-01T10:00",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "2030-02-30",
    str(2**63),
    str(2**64),
    str(-(2**63) - 1),
    "x" * 5000,
    "a@b.co",
    "javascript:alert(1)",
    "%00",
    "../../etc/passwd",
]
FALLBACK_FIELDS = ["name", "email", "text", "note", "body", "done", "active", "tone", "title"]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300))


# The URL map of a portal that never opens its database: what the routes are.
_RULES = [
    rule
    for rule in create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE": "/nonexistent/never-opened.sqlite3"}
    ).url_map.iter_rules()
    if rule.endpoint != "static"
]


def _routes(keep) -> list[tuple[str, str]]:
    return sorted((r.endpoint, r.rule) for r in _RULES if keep(r))


# GET-only routes have no form to attack: they are left out, not skipped.
POST_ROUTES = _routes(lambda r: "POST" in (r.methods or set()))
GET_ROUTES = _routes(lambda r: "GET" in (r.methods or set()))
ID_ROUTES = _routes(lambda r: any(isinstance(c, IntegerConverter) for c in r._converters.values()))


GUESSES = {
    "email": "someone@example.com",
    "name": "Valid Name",
    "password": "long enough pw 1",
    "confirm": "long enough pw 1",
    "phone": "+44 7700 900000",
}


def _form_baseline(client, path: str) -> dict[str, str]:
    """The form's fields with plausible values, so hostile values reach deep validation."""
    response = client.get(path)
    if response.status_code != 200 or response.mimetype != "text/html":
        return {}
    html = response.get_data(as_text=True)
    baseline: dict[str, str] = {}
    for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", html):
        name = re.search(r'name="([a-zA-Z0-9_\-]+)"', tag)
        if not name or name.group(1) == "csrf_token":
            continue
        value = re.search(r'value="([^"]*)"', tag)
        baseline[name.group(1)] = (value.group(1) if value else "") or GUESSES.get(
            name.group(1), "Valid text"
        )
    for name, first in re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>\s*<option value="([^"]*)"', html
    ):
        baseline[name] = first
    return baseline


def _assert_lengths_respected() -> None:
    """No CharField holds more than its max_length (SQLite would not refuse it)."""
    for model in MODELS:
        for field in model._meta.sorted_fields:
            if isinstance(field, CharField) and field.max_length:
                longest = model.select(fn.MAX(fn.LENGTH(field))).scalar() or 0
                assert longest <= field.max_length, f"{model.__name__}.{field.name}: {longest}"


@pytest.mark.parametrize(("endpoint", "path"), POST_ROUTES, ids=[e for e, _ in POST_ROUTES])
def test_form_survives_hostile_input(matrix_app, endpoint, path):
    """Random and hostile posts to this route never 5xx, echo only escaped text, store nothing overlong."""
    rule = route_rule(matrix_app, endpoint, path)
    world, client = visitor_for(matrix_app, endpoint)
    who = route_user(matrix_app, endpoint, world)
    url = rule.build({k: world.url_values[k] for k in rule.arguments}, append_unknown=False)[1]
    baseline = _form_baseline(client, url) or dict.fromkeys(FALLBACK_FIELDS, "Valid text")
    fields = sorted(baseline)
    counter = iter(range(10**6))
    slow = endpoint.startswith("auth.")  # argon2 on every post: fewer examples

    @settings(
        max_examples=10 if slow else 25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
    )
    @given(
        overrides=st.dictionaries(st.sampled_from(fields), values, max_size=3),
        dropped=st.lists(st.sampled_from(fields), max_size=1),
        doubled=st.lists(st.sampled_from(fields), max_size=2),
    )
    def post_hostile(overrides, dropped, doubled):
        data = {**baseline, **overrides}
        if "email" in data and "email" not in overrides:
            data["email"] = f"someone{next(counter)}@example.com"  # fresh, so creates succeed
        for name in dropped:
            data.pop(name, None)
        form = MultiDict(data)
        for name in doubled:
            form.add(name, SCRIPT)
        form.add("csrf_token", client.csrf_token())
        response = client.post(url, data=form, csrf=False)
        assert response.status_code < 500, f"{url}: {response.status_code} for {dict(form)}"
        if response.mimetype == "text/html":
            body = response.get_data(as_text=True)
            assert SCRIPT not in body, f"{url} echoed a script unescaped"
            assert "<img src=x onerror" not in body
        if who is not None:
            sign_in(client, who)  # a hostile post may have signed us out (logout, password)

    # Every field, one at a time, with the values most likely to hurt.
    for name in fields:
        for value in ("x" * 5000, SCRIPT, "\x00\x1b", "9" * 40, ""):
            post_hostile.hypothesis.inner_test(overrides={name: value}, dropped=[], doubled=[])
    post_hostile()
    with connected():
        _assert_lengths_respected()


BIG_IDS = [2**63, 2**64, 10**30]
EDGE_VALUES = [
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "2030-02-30",
    "9999-12-31T23:59",
    str(2**63),
    str(2**64),
    "-1",
    "x" * 300,
]


@pytest.mark.parametrize(("endpoint", "path"), ID_ROUTES, ids=[e for e, _ in ID_ROUTES])
def test_ids_past_64_bits_in_urls_are_not_found(matrix_app, endpoint, path):
    """A number too big for any database column in the URL answers 404, never a 5xx."""
    rule = route_rule(matrix_app, endpoint, path)
    world, client = visitor_for(matrix_app, endpoint)
    methods = (rule.methods or set()) & {"GET", "POST"}
    for name, converter in rule._converters.items():
        if not isinstance(converter, IntegerConverter):
            continue
        for big in BIG_IDS:
            values = {**{k: world.url_values[k] for k in rule.arguments}, name: big}
            url = rule.build(values, append_unknown=False)[1]
            for method in methods:
                response = client.open(url, method=method, data={})
                assert response.status_code == 404, f"{method} {url}: {response.status_code}"


@pytest.mark.parametrize(("endpoint", "path"), POST_ROUTES, ids=[e for e, _ in POST_ROUTES])
def test_a_file_in_place_of_a_field_never_breaks_a_form(matrix_app, endpoint, path):
    """Each field sent as a file upload (a multipart post) gets a clear answer, never a 5xx;
    anonymous forms (sign-in) included."""
    rule = route_rule(matrix_app, endpoint, path)
    world, client = visitor_for(matrix_app, endpoint)
    url = rule.build({k: world.url_values[k] for k in rule.arguments}, append_unknown=False)[1]
    baseline = _form_baseline(client, url) or dict.fromkeys(FALLBACK_FIELDS, "Valid text")
    for name in sorted(baseline):
        data = {**baseline, "csrf_token": client.csrf_token()}
        data[name] = (io.BytesIO(SCRIPT.encode()), "notes.txt", "text/plain")
        response = client.post(url, data=data, content_type="multipart/form-data", csrf=False)
        assert response.status_code < 500, f"{url}: {response.status_code} for a file as {name}"
        if response.mimetype == "text/html":
            assert SCRIPT not in response.get_data(as_text=True)


def _query_fields(html: str) -> set[str]:
    """Names of the fields in the page's GET forms (filters, search)."""
    names: set[str] = set()
    for form in re.findall(r"<form\b(?![^>]*method=\"post\")[^>]*>.*?</form>", html, re.S | re.I):
        names |= set(re.findall(r'<(?:input|select|textarea)\b[^>]*name="([^"]+)"', form))
    return names


@pytest.mark.parametrize(("endpoint", "path"), GET_ROUTES, ids=[e for e, _ in GET_ROUTES])
def test_filters_survive_dates_and_ids_out_of_range(matrix_app, endpoint, path):
    """Every GET form's fields (date filters on the lists, audit and export included), given
    dates out of range and ids past 64 bits, answer without a 5xx."""
    rule = route_rule(matrix_app, endpoint, path)
    world, client = visitor_for(matrix_app, endpoint)
    url = rule.build({k: world.url_values[k] for k in rule.arguments}, append_unknown=False)[1]
    page = client.get(url)
    names = _query_fields(page.get_data(as_text=True)) if page.mimetype == "text/html" else set()
    # The export takes the list's filters, and lists page with after/before.
    names |= {"date_from", "date_to", "after", "before", "candidate", "actor"}
    for value in EDGE_VALUES:
        for query in [dict.fromkeys(names, value)] + [{name: value} for name in names]:
            response = client.get(url, query_string=query)
            response.get_data()  # a streamed answer (the CSV export) fails while it streams
            response.close()
            assert response.status_code < 500, f"{url}?{query}: {response.status_code}"


def _page_fields(client, url: str) -> dict[str, str]:
    """What the page's form holds as it stands: each field's value (empty stays empty),
    checked boxes and radios only, each select's chosen option."""
    html = client.get(url).get_data(as_text=True)
    fields: dict[str, str] = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or name[1] == "csrf_token":
            continue
        if kind and kind[1] in ("radio", "checkbox") and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[name[1]] = value[1] if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body) or re.search(
            r'<option value="([^"]*)"', body
        )
        fields[name] = chosen[1] if chosen else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = text.strip()
    return fields


def test_a_panel_filled_past_its_limit_from_two_tabs_stays_at_the_limit(client, make, login_as, db):
    """Two tabs each add the twelfth person: one is kept; the other, stale, is shown both
    versions, and keeping its own is told the panel is full; the debrief and the
    recruiter's edit page keep working."""
    from portal.models import Interviewer
    from portal.services.journey.interviews import PANEL_MAX
    from portal.services.journey.interviews import PanelEntry

    recruiter = make.make_recruiter()
    interview = make.make_ended_interview(
        minutes_ago=30,
        recruiter=recruiter,
        people=[PanelEntry(f"Person {n}", "", "peer") for n in range(PANEL_MAX - 1)],
    )
    login_as(interview.candidate)
    url = f"/candidate/interviews/{interview.id}/debrief"
    tabs = [_page_fields(client, url), _page_fields(client, url)]
    for n, tab in enumerate(tabs):
        # The page's one blank row becomes the new person.
        row = next(k for k, v in tab.items() if k.endswith("-name") and not v)[: -len("-name")]
        tab[f"{row}-name"] = f"Tab {n} Person"
    answers = [client.post(url, data={**tab, "action": "save"}) for tab in tabs]
    assert answers[0].status_code == 302
    assert answers[1].status_code == 409  # the other tab saved since this one opened
    seen = re.search(r'name="draft_rev" value="(\d+)"', answers[1].get_data(as_text=True))[1]
    kept = client.post(url, data={**tabs[1], "draft_rev": seen, "action": "save"})
    assert kept.status_code == 400
    assert f"at most {PANEL_MAX} people" in kept.get_data(as_text=True)
    assert Interviewer.select().where(Interviewer.interview == interview).count() == PANEL_MAX
    assert client.get(url).status_code == 200
    login_as(recruiter)
    assert client.get(f"/recruiter/interviews/{interview.id}/edit").status_code == 200
    assert client.get(f"/recruiter/interviews/{interview.id}").status_code == 200


def test_a_date_in_year_9999_is_refused_when_scheduling(client, make, login_as, db):
    """Scheduling in year 9999 (or 0001) is refused beside the field; nothing is stored,
    and the candidate's pages keep working."""
    from portal.models import Interview

    recruiter = make.make_recruiter()
    candidate = make.make_candidate()
    make.make_position()
    login_as(recruiter)
    url = f"/recruiter/interviews/new?candidate_id={candidate.id}"
    fields = _page_fields(client, url)
    for when in ("9999-12-31T23:00", "0001-01-01T00:30"):
        response = client.post(url, data={**fields, "starts_at": when, "ends_at": when})
        assert response.status_code == 400
        assert "Enter a date from 2000 to 2099." in response.get_data(as_text=True)
    assert Interview.select().where(Interview.candidate == candidate).count() == 0
    login_as(candidate)
    assert client.get("/candidate/").status_code == 200
