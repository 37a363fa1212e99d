"""Behind a proxy (DEBRIEF_TRUSTED_PROXIES): throttles count each visitor's own address,
and links say https; without it, X-Forwarded-* headers are ignored."""

from __future__ import annotations

import re
import time

import pytest

from portal import create_app
from portal.db import connected
from tests import factories
from tests.support import PortalClient

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"


@pytest.fixture
def proxied(app, app_config):
    """A portal that trusts `n` proxies, on the test database: `proxied(n)`."""

    def _make(n: int):
        made = create_app({**app_config, "TRUSTED_PROXIES": n, "LOGIN_FAILURES_PER_ADDRESS": 5})
        made.test_client_class = PortalClient
        return made

    return _make


def _post_login(client, email: str, password: str, forwarded_for: str):
    # The proxy appends the address it saw to whatever the visitor sent.
    return client.post(
        "/login",
        data={"email": email, "password": password},
        headers={"X-Forwarded-For": forwarded_for},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )


def test_behind_one_proxy_an_attacker_address_locks_out_nobody_else(proxied):
    """One address failing past the address limit is refused; the owner, elsewhere, signs in."""
    app = proxied(1)
    with connected():
        owner = factories.make_candidate()
    attacker = app.test_client()
    for n in range(5):
        # A forged first entry changes nothing: only the proxy's own entry counts.
        failed = _post_login(
            attacker, f"guess{n}@example.com", "wrong-pass", f"10.0.0.{n}, {ATTACKER}"
        )
        assert failed.status_code == 401
    refused = _post_login(attacker, owner.email, factories.PASSWORD, f"10.9.9.9, {ATTACKER}")
    assert refused.status_code == 429
    signed_in = _post_login(app.test_client(), owner.email, factories.PASSWORD, OWNER)
    assert signed_in.status_code == 302 and "/candidate/" in signed_in.headers["Location"]


def test_without_trusted_proxies_forwarded_for_is_ignored(proxied):
    """With 0 proxies, a visitor cannot dodge the address limit by inventing X-Forwarded-For."""
    app = proxied(0)
    with connected():
        owner = factories.make_candidate()
    attacker = app.test_client()
    for n in range(5):
        _post_login(attacker, f"guess{n}@example.com", "wrong-pass", f"10.0.0.{n}")
    refused = _post_login(attacker, owner.email, factories.PASSWORD, OWNER)
    assert refused.status_code == 429


def _invite_link(app, forwarded: dict) -> str:
    with connected():
        recruiter = factories.make_recruiter()
        candidate = factories.make_candidate()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = recruiter.get_id()
        session["_signed_in_at"] = time.time()
    response = client.post(f"/recruiter/candidates/{candidate.id}/reset", headers=forwarded)
    assert response.status_code == 200
    return re.search(r"(https?://[^\s\"<]+/reset/[\w\-]+)", response.get_data(as_text=True))[1]


def test_behind_a_tls_proxy_links_come_out_as_https(proxied):
    """The proxy says the visitor used https (X-Forwarded-Proto): one-time links say so too."""
    # Over https, Flask-WTF wants a same-site Referer on a form post, as a browser sends.
    link = _invite_link(
        proxied(1),
        {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": OWNER,
            "Referer": "https://localhost/recruiter/",
        },
    )
    assert link.startswith("https://")


def test_without_trusted_proxies_forwarded_proto_is_ignored(proxied):
    """With 0 proxies, X-Forwarded-Proto from a visitor does not change the links."""
    link = _invite_link(proxied(0), {"X-Forwarded-Proto": "https"})
    assert link.startswith("http://")
