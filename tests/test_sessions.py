"""Sessions and caching: idle and absolute lifetimes, a clock that steps back, no-store
pages, Clear-Site-Data at sign-out, and a new CSRF token at sign-in and sign-out."""

from __future__ import annotations

import re
import time

import pytest

from portal import create_app
from portal.services.accounts import users
from tests.support import PortalClient

HOUR = 3600
DAY = 24 * HOUR


@pytest.fixture
def clock(monkeypatch):
    """The process clock, moved by `clock.move(seconds)` (negative: it steps back)."""

    class Clock:
        offset = 0.0

        def move(self, seconds: float) -> None:
            self.offset += seconds

    moved = Clock()
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + moved.offset)
    return moved


def _signed_in(response) -> bool:
    return response.status_code == 200


def test_a_clock_stepping_back_signs_nobody_out(app, app_config, client, make, login_as, clock):
    """The server's clock goes back an hour (an NTP fix): every worker still knows the user."""
    login_as(make.make_candidate())
    clock.move(-HOUR)
    other_worker = create_app(app_config)
    other_worker.test_client_class = PortalClient
    copy = other_worker.test_client()
    cookie = client.get_cookie("session")
    copy.set_cookie("session", cookie.value, domain=cookie.domain)
    assert _signed_in(copy.get("/candidate/"))
    assert _signed_in(client.get("/candidate/"))


def test_a_busy_session_still_ends_at_the_absolute_lifetime(app, client, make, login_as, clock):
    """Used every twelve hours, a session lives SESSION_MAX_DAYS after sign-in, no longer."""
    app.config["SESSION_MAX_DAYS"] = 1
    login_as(make.make_candidate())
    clock.move(12 * HOUR)
    assert _signed_in(client.get("/candidate/"))
    clock.move(11 * HOUR)
    assert _signed_in(client.get("/candidate/"))
    clock.move(2 * HOUR)
    response = client.get("/candidate/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_idle_session_ends_and_a_used_one_is_kept_alive(app, client, make, login_as, clock):
    """Idle past PERMANENT_SESSION_LIFETIME ends a session; use re-signs it, so it lives on."""
    app.config["PERMANENT_SESSION_LIFETIME"] = 2 * DAY
    login_as(make.make_candidate())
    clock.move(1.5 * DAY)
    assert _signed_in(client.get("/candidate/"))  # re-signed here
    clock.move(1.5 * DAY)
    assert _signed_in(client.get("/candidate/"))
    clock.move(2 * DAY + HOUR)
    assert client.get("/candidate/").status_code == 302


def test_signed_in_and_one_time_link_pages_are_not_stored(app, client, make, login_as, db):
    """Pages with personal data or a one-time link say Cache-Control: no-store."""
    candidate = make.make_candidate()
    raw = users.issue_token(user=candidate, purpose="reset", hours=2)
    assert client.get(f"/reset/{raw}").headers["Cache-Control"] == "no-store"
    login_as(make.make_recruiter())
    assert client.get("/recruiter/").headers["Cache-Control"] == "no-store"
    made = client.post(f"/recruiter/candidates/{candidate.id}/reset")
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"


def test_a_view_keeps_its_own_cache_control(app, client, make, login_as):
    """The no-store default never overrides what a view chose (the CSV export's header)."""
    login_as(make.make_recruiter())
    response = client.get("/recruiter/interviews/export.csv")
    assert response.headers.getlist("Cache-Control") == ["private, no-store"]


def test_signing_out_clears_the_browser_cache(app, client, make, login_as):
    """Sign-out answers Clear-Site-Data: "cache", so a shared phone keeps no signed-in page."""
    login_as(make.make_candidate())
    response = client.post("/logout")
    assert response.headers["Clear-Site-Data"] == '"cache"'


def _form_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html)[1]


def test_signing_in_and_out_starts_a_new_csrf_token(app, client, make):
    """A form token from before sign-in is refused after it, and one from before sign-out too."""
    user = make.make_candidate()
    before = _form_token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": user.email, "password": make.PASSWORD})
    stale = client.post("/logout", data={"csrf_token": before})
    assert stale.status_code == 400
    signed_in = _form_token(client.get("/candidate/account").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": signed_in}).status_code == 302
    client.post("/login", data={"email": user.email, "password": make.PASSWORD})
    assert client.post("/logout", data={"csrf_token": signed_in}).status_code == 400


def test_a_session_from_before_the_absolute_lifetime_is_capped_too(app, client, make):
    """A signed-in cookie with no sign-in time (made before sessions were stamped) is not
    kept alive for ever by use: it is over, and the person signs in again."""
    candidate = make.make_candidate()
    with client.session_transaction() as session:
        session["_user_id"] = candidate.get_id()
        session["_fresh"] = True
    response = client.get("/candidate/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
