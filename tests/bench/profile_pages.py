"""Where a page's CPU goes: call the WSGI app in-process and time or profile it.

    python -m tests.bench.profile_pages [--requests 2000] [--profile PAGE] [--top 30]

Seeds a small database (one candidate journey and a share link), then calls the
app directly with WSGI environs (no HTTP, no server), so the figures are the
portal's own CPU per request. A bare Flask app serving the static 10 KB page
(`tests.bench.baseline_app`) is timed in the same run for comparison. Candidate pages
are drawn anew on every request (no If-None-Match), except the "(304)" rows, which
send the ETag the page was last given, as a phone opening it again does. With
`--profile PAGE`, prints cProfile's top functions for that page.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from werkzeug.test import EnvironBuilder

_werkzeug_version = version("werkzeug")
# Each page a candidate or client opens drawn anew: at most this much CPU in-process.
CPU_GOAL_MS = 2.5
GOAL_PAGES = (
    "candidate home",
    "interview",
    "prep",
    "debrief GET",
    "letters",
    "account",
    "share page",
)


def seed(sqlite_path: str) -> dict:
    """A candidate with an ended interview, three coming, and a share link."""
    from portal.db import connected
    from tests import factories
    from tests.bench import seed as bench_seed

    bench_seed.make_app(sqlite_path=sqlite_path)
    with connected():
        candidate, ended, link = bench_seed.benchmark_candidate(factories.make_recruiter())
    bench_seed.release()
    return {"candidate": candidate.email, "ended_id": ended.id, "token": link.raw_token}


def session_cookie(app, email: str, form_path: str) -> tuple[str, str]:
    """A signed-in candidate's cookie header and CSRF token, made through the real login."""
    import re

    from tests import factories
    from tests.support import PortalClient

    app.test_client_class = PortalClient
    client = app.test_client()
    client.post("/login", data={"email": email, "password": factories.PASSWORD})
    html = client.get(form_path).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    cookie = client.get_cookie("session")
    return f"session={cookie.value}", csrf


# The address and browser the test client signed in from: Flask-Login's session
# protection rewrites the session cookie of a request that comes from elsewhere.
SAME_BROWSER = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": f"Werkzeug/{_werkzeug_version}"}


def add_floor_route(app) -> None:
    """A POST that does nothing past the portal's own layers (session, sign-in, CSRF, hooks,
    marking the pages changed): the floor under every candidate POST. Profiling app only."""
    from flask import jsonify

    from portal.auth.guards import access

    @access("candidate")
    def floor():
        return jsonify(ok=True)

    app.add_url_rule("/bench/floor", "bench_floor", floor, methods=["POST"])


def call(app, environ_args: dict) -> int:
    """One request through the WSGI app; returns the status code."""
    environ = EnvironBuilder(environ_base=SAME_BROWSER, **environ_args).get_environ()
    status = []

    def start_response(line, headers, exc_info=None):
        status.append(int(line.split()[0]))

    body = app(environ, start_response)
    for _ in body:
        pass
    if hasattr(body, "close"):
        body.close()
    return status[0]


def revalidating(app, path: str, cookie: str) -> dict:
    """A GET of `path` that sends the ETag the page was just given (none: a plain GET)."""
    environ = EnvironBuilder(
        path=path, headers={"Cookie": cookie}, environ_base=SAME_BROWSER
    ).get_environ()
    found = []

    def start_response(line, headers, exc_info=None):
        found.extend(value for name, value in headers if name.lower() == "etag")

    for _ in app(environ, start_response):
        pass
    headers = {"Cookie": cookie, **({"If-None-Match": found[0]} if found else {})}
    return {"path": path, "headers": headers}


def current(environ_args):
    """The request to time: a "(304)" row asks for the page's ETag now (a POST timed
    before it has changed the page's versions)."""
    return environ_args() if callable(environ_args) else environ_args


def cpu_ms(app, environ_args: dict, requests: int) -> tuple[float, float]:
    """CPU and wall-clock milliseconds per request (wall > CPU: waiting on I/O)."""
    for _ in range(50):  # warm caches and the pool
        call(app, environ_args)
    started, started_wall = time.process_time(), time.perf_counter()
    for _ in range(requests):
        call(app, environ_args)
    cpu = (time.process_time() - started) * 1000 / requests
    return cpu, (time.perf_counter() - started_wall) * 1000 / requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--profile", default="", help="page name to profile")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        sqlite_path = str(Path(tmp) / "debrief.sqlite3")
        data = seed(sqlite_path)
        from portal import create_app
        from tests.bench.baseline_app import app as baseline

        app = create_app({"SECRET_KEY": "bench-only-secret", "DATABASE": sqlite_path})
        add_floor_route(app)
        debrief = f"/candidate/interviews/{data['ended_id']}/debrief"
        cookie, csrf = session_cookie(app, data["candidate"], debrief)
        signed_in = {"headers": {"Cookie": cookie}}
        ended = f"/candidate/interviews/{data['ended_id']}"
        pages = {
            "baseline": (baseline, {"path": "/"}),
            "login": (app, {"path": "/login"}),
            "candidate home": (app, {"path": "/candidate/", **signed_in}),
            "candidate home, gzip": (
                app,
                {"path": "/candidate/", "headers": {"Cookie": cookie, "Accept-Encoding": "gzip"}},
            ),
            "candidate home (304)": (app, lambda: revalidating(app, "/candidate/", cookie)),
            "interview": (app, {"path": ended, **signed_in}),
            "interview (304)": (app, lambda: revalidating(app, ended, cookie)),
            "prep": (app, {"path": ended + "/prep", **signed_in}),
            "debrief GET": (app, {"path": debrief, **signed_in}),
            "letters": (app, {"path": ended + "/letters", **signed_in}),
            "debrief autosave POST": (
                app,
                {
                    "path": debrief + "/autosave",
                    "method": "POST",
                    "data": {"key_points": "Roadmap and team size", "csrf_token": csrf},
                    "headers": {"Cookie": cookie, "Accept": "application/json"},
                },
            ),
            "signed-in POST, nothing else": (
                app,
                {
                    "path": "/bench/floor",
                    "method": "POST",
                    "data": {"csrf_token": csrf},
                    "headers": {"Cookie": cookie, "Accept": "application/json"},
                },
            ),
            "account": (app, {"path": "/candidate/account", **signed_in}),
            "share page": (app, {"path": f"/s/{data['token']}"}),
        }
        statuses = {}
        for name, (target, environ_args) in pages.items():
            statuses[name] = status = call(target, current(environ_args))
            if status not in (200, 304):
                raise SystemExit(f"{name}: status {status}")
        if args.profile:
            target, environ_args = pages[args.profile]
            environ_args = current(environ_args)
            cpu_ms(target, environ_args, 50)
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                call(target, environ_args)
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("tottime").print_stats(args.top)
            stats.sort_stats("cumulative").print_stats(args.top)
            return 0
        base_ms = None
        print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
        print(
            f"{'page':<30} {'status':>6} {'CPU ms/req':>10} {'wall ms/req':>11} "
            f"{'CPU × baseline':>14}  goal (drawn pages: ≤ {CPU_GOAL_MS} ms)"
        )
        for name, (target, environ_args) in pages.items():
            ms, wall = cpu_ms(target, current(environ_args), args.requests)
            base_ms = base_ms or ms
            goal = ""
            if name in GOAL_PAGES:
                goal = "ok" if ms <= CPU_GOAL_MS else "MISSED"
            print(
                f"{name:<30} {statuses[name]:>6} {ms:>10.3f} {wall:>11.3f} "
                f"{ms / base_ms:>14.1f}  {goal}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
