"""Sign-in throttling: guessing is slow, the owner is never locked out, a reset link
always works, parallel bursts get no more than the limit, and the password-change
form is throttled too."""

from __future__ import annotations

import datetime as dt
import threading
import time

from portal.db import connected
from portal.models import ThrottleEvent
from portal.models import User
from portal.services.accounts import throttle
from portal.services.accounts import users
from tests.factories import PASSWORD

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"


def _login(client, email: str, password: str, address: str):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_guesses_from_one_address_do_not_lock_the_owner_out(app, make):
    """Five wrong passwords from one address stop that address; the owner, elsewhere,
    waits at most the few seconds the slow-down asks, then signs in."""
    owner = make.make_candidate()
    attacker = app.test_client()
    for _ in range(app.config["LOGIN_FAILURES_PER_ACCOUNT"]):
        assert _login(attacker, owner.email, "wrong-password", ATTACKER).status_code == 401
    assert _login(attacker, owner.email, PASSWORD, ATTACKER).status_code == 429

    phone = app.test_client()
    response = _login(phone, owner.email, PASSWORD, OWNER)
    if response.status_code == 429:
        wait = int(response.headers["Retry-After"])
        assert wait <= 2, "the owner is slowed down, not locked out"
        assert f"Wait {wait} second" in response.get_data(as_text=True)
        time.sleep(wait)
        response = _login(phone, owner.email, PASSWORD, OWNER)
    assert response.status_code == 302 and "/candidate/" in response.headers["Location"]


def test_account_slow_down_grows_and_is_capped(app, db):
    """Past the free tries, each next try waits twice as long after the last, never over the cap."""
    rule = throttle.Backoff("slow:test", free=3, window=900, base=1, cap=8)
    start = dt.datetime(2030, 1, 1, 12, 0, 0)
    waits = []
    now = start
    for _ in range(9):
        taken = throttle.take(rule, now=now)
        if taken.wait:
            waits.append(taken.wait)
            now += dt.timedelta(seconds=taken.wait)
            assert throttle.take(rule, now=now).wait == 0
    assert waits == [1, 2, 4, 8, 8, 8]
    assert ThrottleEvent.select().where(ThrottleEvent.key == "slow:test").count() == 9


def test_a_reset_link_always_works_after_guessing(app, client, make, db):
    """After someone's guesses, the owner's reset link sets a password that signs in at once."""
    owner = make.make_candidate()
    for _ in range(app.config["LOGIN_FAILURES_PER_ACCOUNT"]):
        _login(app.test_client(), owner.email, "wrong-password", OWNER)
    raw = users.issue_token(user=owner, purpose="reset", hours=2)
    new_password = "a brand new phrase"
    reset = client.post(
        f"/reset/{raw}",
        data={"password": new_password, "confirm": new_password},
        environ_base={"REMOTE_ADDR": OWNER},
    )
    assert reset.status_code == 302
    client.post("/logout")
    again = _login(client, owner.email, new_password, OWNER)
    assert again.status_code == 302 and "/candidate/" in again.headers["Location"]


def test_a_parallel_burst_gets_no_more_than_the_limit(app, make, db):
    """Twelve wrong guesses sent at once, from real threads on the real database: at most
    five are checked, the rest are told to wait."""
    owner = make.make_candidate()
    db.close()
    limit = app.config["LOGIN_FAILURES_PER_ACCOUNT"]
    start = threading.Barrier(12)
    statuses: list[int] = []
    lock = threading.Lock()

    def guess(n: int) -> None:
        client = app.test_client()
        client.get("/login")  # the session and CSRF token, before the burst
        start.wait(timeout=30)
        status = _login(client, owner.email, f"wrong-{n}", ATTACKER).status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(statuses) == 12
    assert statuses.count(401) <= limit, statuses
    assert statuses.count(401) + statuses.count(429) == 12, statuses
    with connected():
        assert (
            ThrottleEvent.select().where(ThrottleEvent.key.startswith("login:pair:")).count()
            <= limit
        )


def test_password_change_form_is_throttled(app, client, make, login_as, db):
    """Five wrong current passwords on the account page, then even the right one waits."""
    user = make.make_candidate()
    login_as(user)

    def change(current: str):
        return client.post(
            "/candidate/account",
            data={
                "form": "password",
                "current_password": current,
                "new_password": "another good phrase",
                "confirm": "another good phrase",
            },
        )

    for _ in range(5):
        assert change("not my password").status_code == 400
    refused = change(PASSWORD)
    assert refused.status_code == 429
    assert "Too many tries of your current password" in refused.get_data(as_text=True)
    assert User.get_by_id(user.id).password_hash == user.password_hash


ATTACKERS = ("203.0.113.21", "203.0.113.22", "203.0.113.23")


def _attack(app, email: str, address: str, stop: threading.Event, slowed: threading.Event):
    """Guess from `address` as fast as the portal allows: each time it says wait, wait exactly
    that long and guess again the moment the slot opens."""
    client = app.test_client()
    while not stop.is_set():
        response = _login(client, email, "a wrong guess", address)
        if response.status_code == 429:
            slowed.set()
            stop.wait(int(response.headers["Retry-After"]))


def test_a_known_browser_gets_in_first_try_while_three_addresses_keep_guessing(app, make, db):
    """Three addresses guess the owner's password at the allowed rate, keeping the account
    slowed down; the owner's phone, which signed in before, signs in on the first try."""
    owner = make.make_candidate()
    db.close()
    phone = app.test_client()
    assert _login(phone, owner.email, PASSWORD, OWNER).status_code == 302
    phone.post("/logout")

    stop, slowed = threading.Event(), threading.Event()
    attackers = [
        threading.Thread(target=_attack, args=(app, owner.email, address, stop, slowed))
        for address in ATTACKERS
    ]
    for thread in attackers:
        thread.start()
    try:
        assert slowed.wait(60), "the guessing slowed the account down"
        # Right after the portal told a guesser to wait: the account is slowed down now.
        response = _login(phone, owner.email, PASSWORD, OWNER)
    finally:
        stop.set()
        for thread in attackers:
            thread.join(30)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert "/candidate/" in response.headers["Location"]


def test_a_new_browser_still_waits_while_the_account_is_slowed(app, make, db):
    """The exemption is the device cookie's: a browser without one waits like the guessers."""
    owner = make.make_candidate()
    for _ in range(app.config["LOGIN_FAILURES_PER_ACCOUNT"] + 1):
        _login(app.test_client(), owner.email, "a wrong guess", ATTACKER)
    response = _login(app.test_client(), owner.email, PASSWORD, OWNER)
    assert response.status_code == 429
    assert "password reset link" in response.get_data(as_text=True)


def test_a_known_browser_has_its_own_failure_count(app, make, db):
    """A device cookie is worth five wrong passwords; past them that browser is unknown
    again, and waits while the account is slowed down (a stolen cookie is no master key)."""
    owner = make.make_candidate()
    phone = app.test_client()
    assert _login(phone, owner.email, PASSWORD, OWNER).status_code == 302
    phone.post("/logout")
    for _ in range(app.config["LOGIN_FAILURES_PER_ACCOUNT"]):
        assert _login(phone, owner.email, "a wrong guess", OWNER).status_code == 401
    for _ in range(app.config["LOGIN_FAILURES_PER_ACCOUNT"] + 1):
        _login(app.test_client(), owner.email, "a wrong guess", ATTACKER)
    assert _login(phone, owner.email, PASSWORD, OWNER).status_code == 429


def test_a_device_cookie_is_for_its_own_account_and_cannot_be_forged(app, make, db):
    """A browser known for one account is unknown for another, and an altered cookie counts
    for nothing: both wait while that account is slowed down."""
    owner, other = make.make_candidate(), make.make_candidate()
    browser = app.test_client()
    assert _login(browser, other.email, PASSWORD, OWNER).status_code == 302
    browser.post("/logout")
    for _ in range(app.config["LOGIN_FAILURES_PER_ACCOUNT"] + 1):
        _login(app.test_client(), owner.email, "a wrong guess", ATTACKER)
    assert _login(browser, owner.email, PASSWORD, OWNER).status_code == 429
    forged = app.test_client()
    forged.set_cookie("device", browser.get_cookie("device").value[:-2] + "xx")
    assert _login(forged, owner.email, PASSWORD, OWNER).status_code == 429
