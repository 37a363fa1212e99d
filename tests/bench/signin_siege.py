"""Sign-in under siege: does the owner get in while three addresses guess their password?

    .venv/bin/python -m tests.bench.signin_siege [--runs 3] [--tries 7] [--warmup 20]

Runs the portal on 127.0.0.1 (werkzeug, threaded, a fresh SQLite file in a temporary
folder, real argon2 parameters, `TRUSTED_PROXIES=1` so each thread's X-Forwarded-For is
its address). Three attacker threads, each from its own address, guess the owner's
password as fast as the portal allows, firing the moment each slot opens: a refused
try (429) is not counted, so they ask again every `--poll` seconds and take every slot
the account's slow-down opens. After `--warmup` seconds, the owner
signs in `--tries` times, a few seconds apart, each time waiting exactly as told and
trying again (at most three tries per sign-in):

- "known browser": the browser the owner signed in with once before the siege began
  (its device cookie; it signs out after each sign-in and keeps the cookie);
- "new browser": a browser with no cookie, as any new phone.

Prints, per run and mode, how many sign-ins got in on the first try and within three
tries, and how many of the attackers' guesses were counted (checked against the password). Wall-clock numbers belong here, never in tests.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import logging
import random
import re
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from werkzeug.serving import make_server

from portal import create_app
from portal.db import connected
from portal.db import upgrade
from tests import factories

ATTACKERS = ("203.0.113.21", "203.0.113.22", "203.0.113.23")
OWNER_ADDRESS = "198.51.100.7"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie jar and an address: what the portal sees of one browser."""

    def __init__(self, base: str, address: str):
        self.base, self.address = base, address
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        req.add_header("X-Forwarded-For", self.address)
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode()

    def sign_in(self, email: str, password: str) -> tuple[int, int]:
        """(status, Retry-After or 0) of one sign-in through the real form."""
        _status, _headers, page = self.request("/login")
        match = _TOKEN.search(page)
        status, headers, _page = self.request(
            "/login",
            {"csrf_token": match[1] if match else "", "email": email, "password": password},
        )
        return status, int(headers.get("Retry-After", 0) or 0)

    def sign_out(self) -> None:
        _status, _headers, page = self.request("/candidate/account")
        match = _TOKEN.search(page)
        self.request("/logout", {"csrf_token": match[1] if match else ""})


def _attack(
    base: str, email: str, address: str, poll: float, stop: threading.Event, guesses: list
) -> None:
    browser = Browser(base, address)
    while not stop.is_set():
        status, _wait = browser.sign_in(email, f"guess-{random.random()}")
        if status == 429:
            stop.wait(poll)  # refused, not counted: ask again in a moment
        else:
            guesses.append(status)


@dataclass
class Outcome:
    first_try: int = 0
    within_three: int = 0
    tries: int = 0


def _owner(base: str, email: str, known: Browser | None, tries: int) -> Outcome:
    outcome = Outcome(tries=tries)
    for _ in range(tries):
        time.sleep(random.uniform(3, 8))
        browser = known or Browser(base, OWNER_ADDRESS)
        for attempt in range(3):
            status, wait = browser.sign_in(email, factories.PASSWORD)
            if status == 302:
                outcome.first_try += attempt == 0
                outcome.within_three += 1
                browser.sign_out()
                break
            time.sleep(wait)
    return outcome


def siege(*, known_browser: bool, tries: int, warmup: float, poll: float) -> tuple[Outcome, int]:
    """One run: a fresh portal, three attackers, the owner's `tries` sign-ins."""
    folder = Path(tempfile.mkdtemp(prefix="siege-"))
    app = create_app(
        {
            "SECRET_KEY": "bench-only-secret",
            "DATABASE": str(folder / "siege.sqlite3"),
            "TRUSTED_PROXIES": 1,
        }
    )
    upgrade()
    with connected():
        owner = factories.make_candidate(email="owner@example.com")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    known = None
    if known_browser:
        known = Browser(base, OWNER_ADDRESS)
        assert known.sign_in(owner.email, factories.PASSWORD)[0] == 302
        known.sign_out()
    stop, guesses = threading.Event(), []
    attackers = [
        threading.Thread(target=_attack, args=(base, owner.email, address, poll, stop, guesses))
        for address in ATTACKERS
    ]
    for thread in attackers:
        thread.start()
    time.sleep(warmup)
    outcome = _owner(base, owner.email, known, tries)
    stop.set()
    for thread in attackers:
        thread.join(90)
    server.shutdown()
    return outcome, len(guesses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tries", type=int, default=7)
    parser.add_argument("--warmup", type=float, default=20)
    parser.add_argument("--poll", type=float, default=0.2)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    print(
        "| run | owner's browser | signed in on the first try | within 3 tries | guesses counted |"
    )
    print("|---|---|---|---|---|")
    for run in range(1, args.runs + 1):
        for known in (True, False):
            outcome, guesses = siege(
                known_browser=known, tries=args.tries, warmup=args.warmup, poll=args.poll
            )
            print(
                f"| {run} | {'known (device cookie)' if known else 'new'} "
                f"| {outcome.first_try} of {outcome.tries} "
                f"| {outcome.within_three} of {outcome.tries} | {guesses} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
