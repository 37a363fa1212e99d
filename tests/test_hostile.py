"""Hostile input on every form: random and nasty values never cause a 5xx, come back
escaped, and nothing longer than a column allows is ever stored.

For each POST route, the form's own field names are read from its page (when
it has one) and hypothesis posts values drawn from a mix of valid-looking and
hostile strings: empty, overlong, control characters, HTML/script, SQL
fragments, huge numbers, and fields missing or sent twice.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from peewee import CharField, fn
from werkzeug.datastructures import MultiDict

from portal.db import bind, connected
from portal.models import MODELS
from tests.support import access_rule_of, build_world, portal_routes, sign_in

ROUTES = portal_routes()

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
    "x" * 5000,
    "a@b.co",
    "javascript:alert(1)",
    "%00",
    "../../etc/passwd",
]
FALLBACK_FIELDS = ["name", "email", "text", "note", "body", "done", "active", "tone", "title"]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300))


def _post_routes():
    return [(e, p) for e, p in ROUTES if e != "static"]


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


@pytest.mark.parametrize(("endpoint", "path"), _post_routes(), ids=[e for e, _ in _post_routes()])
def test_form_survives_hostile_input(matrix_app, endpoint, path):
    """Random and hostile posts to this route never 5xx, echo only escaped text, store nothing overlong."""
    app = matrix_app
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and r.rule == path)
    if "POST" not in (rule.methods or set()):
        pytest.skip("not a form")
    access = access_rule_of(app, endpoint)
    bind(app)
    with connected():
        world = build_world()
    url = rule.build({k: world.url_values[k] for k in rule.arguments}, append_unknown=False)[1]
    client = app.test_client()
    who = {"candidate": world.candidate_a, "recruiter": world.recruiter}.get(access)
    if who is not None:
        sign_in(client, who)
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
