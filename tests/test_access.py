"""The route access matrix: every route declares who may reach it, and that rule holds.

The test walks `app.url_map`. Each route must carry an access rule
(`@access(...)` from `portal.auth.guards`). Then every route is requested by
each kind of visitor, with URL arguments that all point at candidate A's
objects:

- anonymous        — never gets past a candidate or recruiter route;
- candidate A      — reaches A's own things;
- candidate B      — gets 404 on A's things (never 200 with A's data);
- recruiter        — reaches every recruiter route, no candidate route;
- share-link holder — a valid token shows the packet to anyone, a wrong one shows nothing.

A new route with a new kind of URL argument needs a value in `World.url_values`
(`build_world` in tests/support.py).
"""

from __future__ import annotations

import pytest
from werkzeug.routing import Rule

from portal import create_app
from portal.auth.guards import RULES
from tests.support import PortalClient
from tests.support import access_rule_of
from tests.support import fresh_world
from tests.support import portal_routes
from tests.support import route_rule
from tests.support import sign_in

VISITORS = ("anonymous", "candidate_a", "candidate_b", "recruiter")


def _routes(app) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda r: r.rule)


ROUTES = portal_routes()


def test_every_route_declares_an_access_rule():
    """A route without a declared rule fails here, naming it."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "AUTO_MIGRATE": False,
            "DATABASE": "/nonexistent/never-opened.sqlite3",
        }
    )
    missing = [r.rule for r in _routes(app) if access_rule_of(app, r.endpoint) not in RULES]
    assert not missing, f"routes without an access rule: {missing}"


def test_every_recruiter_route_is_behind_the_blueprint_guard():
    """The recruiter blueprint's one guard runs before each of its views."""
    from portal.auth.guards import require_recruiter

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "AUTO_MIGRATE": False,
            "DATABASE": "/nonexistent/never-opened.sqlite3",
        }
    )
    assert require_recruiter in app.before_request_funcs.get("recruiter", [])
    for rule in _routes(app):
        if rule.endpoint.startswith("recruiter."):
            assert access_rule_of(app, rule.endpoint) == "recruiter", rule.rule


def _request(client, rule: Rule, values: dict):
    args = {name: values[name] for name in rule.arguments}
    path = rule.build(args, append_unknown=False)[1]
    methods = (rule.methods or set()) - {"HEAD", "OPTIONS"}
    method = "GET" if "GET" in methods else sorted(methods)[0]
    if method == "GET":
        return method, client.get(path)
    return method, client.open(path, method=method, data={})


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers.get("Location", "")


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("endpoint", "path"), ROUTES, ids=[f"{e}" for e, _ in ROUTES])
def test_route_enforces_its_access_rule(matrix_app, endpoint, path, visitor):
    """Each visitor gets exactly what the route's rule allows, and never a server error."""
    app = matrix_app
    rule = route_rule(app, endpoint, path)
    access = access_rule_of(app, endpoint)
    world = fresh_world(app)
    missing = set(rule.arguments) - set(world.url_values)
    assert not missing, f"add a value for {missing} to World.url_values"
    client = app.test_client()
    if visitor != "anonymous":
        sign_in(client, getattr(world, visitor))
    method, response = _request(client, rule, world.url_values)
    status = response.status_code
    body = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
    assert status < 500, f"{method} {path} as {visitor}: {status}"
    assert "Traceback" not in body

    if access == "anonymous":
        assert status not in (401, 403), f"{path} as {visitor}: {status}"
    elif access == "share":
        # A valid token opens the packet for anyone, signed in or not; a POST without
        # its link-bound form token is refused as out of date (409), not as unauthorised.
        allowed = (200, 405, 409) if method == "POST" else (200, 405)
        assert status in allowed, f"{method} {path} as {visitor}: {status}"
    elif access == "recruiter":
        if visitor == "anonymous":
            assert _is_login_redirect(response), f"{path}: {status}"
        elif visitor == "recruiter":
            assert status not in (401, 403, 404) and not _is_login_redirect(response)
        else:
            assert status == 403, f"{path} as {visitor}: {status}"
    elif access == "candidate":
        if visitor == "anonymous":
            assert _is_login_redirect(response), f"{path}: {status}"
        elif visitor == "recruiter":
            assert status == 403, f"{path} as recruiter: {status}"
        elif visitor == "candidate_a":
            assert status not in (401, 403, 404) and not _is_login_redirect(response), (
                f"{method} {path} as its owner: {status}"
            )
        elif visitor == "candidate_b":
            if rule.arguments:
                assert status == 404, f"{method} {path} as another candidate: {status}"
            assert world.candidate_a.name not in body
    else:  # pragma: no cover - caught by test_every_route_declares_an_access_rule
        pytest.fail(f"unknown rule {access}")


def test_share_routes_with_a_wrong_token_show_nothing(matrix_app):
    """Every share route answers an unknown token with the same 'no longer available' page."""
    app = matrix_app
    client = app.test_client()
    world = fresh_world(app)
    for rule in _routes(app):
        if access_rule_of(app, rule.endpoint) != "share" or "token" not in rule.arguments:
            continue
        values = {**world.url_values, "token": "x" * len(world.share_token)}
        _, response = _request(client, rule, values)
        assert response.status_code == 404, rule.rule
        assert world.candidate_a.name not in response.get_data(as_text=True)


def test_matrix_catches_a_candidate_route_without_ownership_check(matrix_app):
    """The matrix itself fails when a view forgets to scope to its owner (guards the guard)."""
    from flask import Blueprint

    from portal.auth.guards import access

    leaky = Blueprint("leaky", __name__)

    @leaky.get("/leaky/<int:interview_id>")
    @access("candidate")
    def leaky_view(interview_id: int):
        from portal.models import Interview

        interview = Interview.get_by_id(interview_id)
        return interview.candidate.name

    app = create_app({**matrix_app.config, "TESTING": True})
    app.register_blueprint(leaky)
    app.test_client_class = PortalClient
    world = fresh_world(app)
    client = app.test_client()
    sign_in(client, world.candidate_b)
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "leaky.leaky_view")
    _, response = _request(client, rule, world.url_values)
    # This is what test_route_enforces_its_access_rule would flag:
    assert response.status_code == 200 and world.candidate_a.name in response.get_data(as_text=True)
