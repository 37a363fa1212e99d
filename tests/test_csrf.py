"""CSRF: every POST route refuses a missing or a foreign token, and changes nothing."""

from __future__ import annotations

import pytest

from portal.db import connected
from portal.models import AuditEvent
from tests.support import access_rule_of
from tests.support import visitor_for

# Routes a session cannot protect, each guarded by a token of its own instead: one-click
# unsubscribe (a signed token in the URL; mail clients post without cookies) and the
# client's answer on a share page (an HMAC bound to the link, in the form). Without
# their own token they refuse, as here, and write nothing.
OWN_TOKEN = {"auth.unsubscribe": 404, "share.answer": 409}


def _post_rules(app):
    for rule in app.url_map.iter_rules():
        if "POST" in (rule.methods or set()) and rule.endpoint != "static":
            yield rule


def test_there_are_post_routes_to_check(matrix_app):
    """The check below covers the portal's forms (guards against an empty loop)."""
    assert len(list(_post_rules(matrix_app))) >= 5


@pytest.mark.parametrize("token_kind", ["missing", "foreign"])
def test_every_post_route_refuses_a_bad_csrf_token(matrix_app, token_kind):
    """A POST without a token, or with another session's token, gets 400 and writes nothing."""
    app = matrix_app
    checked = []
    for rule in _post_rules(app):
        world, client = visitor_for(app, rule.endpoint)
        with connected():
            before = AuditEvent.select().count()
        access = access_rule_of(app, rule.endpoint)
        path = rule.build({k: world.url_values[k] for k in rule.arguments}, append_unknown=False)[1]
        data = {"name": "x", "email": "x@example.com", "text": "typed"}
        if token_kind == "foreign":
            stranger = app.test_client()
            data["csrf_token"] = stranger.csrf_token()
            response = client.post(path, data=data)
        else:
            response = client.post(path, data=data, csrf=False)
        if rule.endpoint in OWN_TOKEN:
            from portal.models import ClientAnswer
            from portal.models import MailPreference

            assert response.status_code == OWN_TOKEN[rule.endpoint], rule.rule
            with connected():
                assert MailPreference.select().count() == 0
                assert ClientAnswer.select().count() == 0
            continue
        if access == "share":
            assert response.status_code == 405, rule.rule
            continue
        assert response.status_code == 400, f"{rule.rule}: {response.status_code}"
        assert "Your session ended" in response.get_data(as_text=True)
        with connected():
            assert AuditEvent.select().count() == before, f"{rule.rule} wrote an audit event"
        checked.append(rule.rule)
    assert checked
