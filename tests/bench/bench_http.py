"""The benchmark table: the portal's pages against the bare-Flask limit, over real HTTP.

    python -m tests.bench.bench_http [--interviews 100000] [--seconds 5] [--rounds 3]
                                     [--pages "candidate home,share page"] [--out PATH]

Seeds realistic data (100k interviews for the recruiter pages), then measures in one
run, interleaved (a baseline run before every page run, `--rounds` times per page; the
round with the median ratio is shown), under the same gunicorn settings (2 sync
workers, no worker recycling) and the same wrk concurrency (32 connections):

- the baseline: a bare Flask app rendering a static 10 KB Jinja page;
- the candidate pages drawn anew (home, interview, prep, debrief GET, letters,
  account), candidate home answered 304 (wrk sends the ETag the page last had, as a
  phone opening it again does), the debrief autosave POST, recruiter board,
  interview list page 1 and page 500, CSV export (whole downloads one after another),
  the client share page.

For each: requests per second, p50/p99 latency, throughput as a share of the adjacent
baseline, server CPU ms per request (master + workers, from /proc), queries per request
(in-process, same database) and, for candidate and share pages, compressed first-load
bytes of HTML + CSS + JS and the number of requests. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.bench import harness
from tests.bench import seed

CANDIDATE_PAGES = (
    "candidate home",
    "candidate home (304)",
    "interview",
    "prep",
    "debrief GET",
    "letters",
    "account",
)
# Every candidate page and the share page: at least this share of the baseline's
# throughput, and at most this much server CPU per request.
GOAL_PAGES = (*CANDIDATE_PAGES, "share page")
SHARE_GOAL = 0.25
CPU_GOAL_MS = 5.0


def seed_portal(sqlite_path: str, interviews: int) -> dict:
    """100k interviews (bulk), plus one real candidate journey and a share link."""
    from portal import create_app
    from portal.db import connected
    from portal.db import upgrade
    from portal.models import Interview
    from portal.models import User
    from portal.services.accounts import users
    from tests.bench import bench_recruiter

    create_app({"SECRET_KEY": "bench-only-secret", "DATABASE": sqlite_path})
    upgrade()
    with connected():
        recruiter_id = bench_recruiter.seed(interviews=interviews, items=16, rnd=random.Random(42))
        recruiter = User.get_by_id(recruiter_id)
        recruiter.password_hash = users.hash_password(seed.PASSWORD)
        recruiter.save()
        candidate, ended, link = seed.benchmark_candidate(
            recruiter, email="bench-candidate@example.com"
        )
        newest = (
            Interview.select(Interview.starts_at, Interview.id)
            .order_by(Interview.starts_at.desc(), Interview.id.desc())
            .count()
        )
    seed.release()
    return {
        "recruiter": recruiter.email,
        "candidate": candidate.email,
        "ended_id": ended.id,
        "token": link.raw_token,
        "interviews": newest,
    }


def page_500_path(base: str, browser: harness.Browser) -> str:
    """Follow "Next" links 499 times to find the 500th list page's URL."""
    path = "/recruiter/interviews"
    for _ in range(499):
        _, html, _ = browser.get(path)
        found = re.search(r'<a[^>]+href="([^"]+)"[^>]*rel="next"', html) or re.search(
            r'<a[^>]+rel="next"[^>]+href="([^"]+)"', html
        )
        if not found:
            break
        path = found.group(1).replace("&amp;", "&")
    return path


def first_load(base: str, path: str, cookie: str) -> tuple[int, int]:
    """Compressed bytes of the page and the CSS/JS it links, and how many requests."""

    def fetch(url: str) -> tuple[bytes, int]:
        request = urllib.request.Request(
            base + url, headers={"Accept-Encoding": "gzip", "Cookie": cookie}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            gz = response.headers.get("Content-Encoding") == "gzip"
            return (gzip.decompress(raw) if gz else raw), len(raw)

    html, total = fetch(path)
    assets = re.findall(rb'<(?:link[^>]+href|script[^>]+src)="(/[^"]+)"', html)
    for asset in assets:
        total += fetch(asset.decode().replace("&amp;", "&"))[1]
    return total, 1 + len(assets)


def query_counts(sqlite_path: str, targets: dict, users: dict) -> dict[str, int]:
    """Queries per request, measured in-process on the same database."""
    from portal import create_app
    from portal.models import User
    from tests.support import PortalClient

    app = create_app(
        {"SECRET_KEY": "bench-only-secret", "DATABASE": sqlite_path, "COUNT_QUERIES": True}
    )
    app.test_client_class = PortalClient
    counts = {}
    clients = {}
    for who in ("candidate", "recruiter"):
        from portal.db import connected

        with connected():
            user = User.get(User.email == users[who])
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_signed_in_at"] = time.time()
            session["_fresh"] = True
        clients[who] = client
    clients["anonymous"] = app.test_client()
    for name, (who, method, path, _conns) in targets.items():
        client = clients[who]
        if method == "POST":
            response = client.post(
                path, data={"key_points": "bench"}, headers={"Accept": "application/json"}
            )
        elif name.endswith(" (304)"):
            client.get(path)  # the first opening of a session makes its CSRF token: no ETag
            etag = client.get(path).headers.get("ETag")
            response = client.get(path, headers={"If-None-Match": etag} if etag else {})
        else:
            response = client.get(path)
        counts[name] = int(response.headers.get("X-Query-Count", -1))
    return counts


def timed_downloads(url: str, cookie: str, *, runs: int) -> harness.WrkResult:
    """Download `url` whole, one after another; latency of each, as a WrkResult."""
    import time

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        request = urllib.request.Request(url, headers={"Cookie": cookie, "Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=120) as response:
            while response.read(1 << 16):
                pass
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return harness.WrkResult(
        requests=runs,
        rps=runs / (sum(times) / 1000),
        p50_ms=times[len(times) // 2],
        p99_ms=times[-1],
        errors=0,
        non_2xx=0,
    )


def wait_for_a_whole_minute(seconds: int) -> None:
    """Sleep until a run of `seconds` fits before the minute turns (ETags change with it)."""
    import time

    left = 60 - time.time() % 60
    if left < seconds + 2:
        time.sleep(left + 0.5)


def autosave_script(workdir: Path, csrf: str) -> Path:
    script = workdir / "autosave.lua"
    body = f"key_points=Roadmap%20and%20team%20size&concerns=Commute&csrf_token={csrf}"
    script.write_text(
        'wrk.method = "POST"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        'wrk.headers["Accept"] = "application/json"\n'
    )
    return script


def _load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages (other work skews every figure)."""
    import os

    return " ".join(f"{n:.2f}" for n in os.getloadavg())


TABLE_START, TABLE_END = "<!-- table: start -->", "<!-- table: end -->"


def write_table(
    path: Path, table: str, markers: tuple[str, str] = (TABLE_START, TABLE_END)
) -> None:
    """Put `table` between the file's `markers`, keeping the notes around it; a file
    without them gets them (and the table) added at its end."""
    start, end = markers
    text = path.read_text() if path.exists() else ""
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = f"{before}{start}\n{table}\n{end}{after}"
    else:
        text = f"{text}{start}\n{table}\n{end}\n"
    path.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interviews", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--out", default="", help="also write the table to this file")
    parser.add_argument(
        "--pages", default="", help="comma-separated page names to measure (default: all)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="baseline-then-page rounds per page (median kept)"
    )
    args = parser.parse_args()

    load_at_start = _load_average()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        sqlite_path = str(workdir / "debrief.sqlite3")
        print(f"Seeding {args.interviews} interviews…", flush=True)
        data = seed_portal(sqlite_path, args.interviews)
        env = harness.portal_env(workdir)
        baseline = harness.start_gunicorn("tests.bench.baseline_app:app", dict(env))
        portal = harness.start_gunicorn("wsgi:app", env)
        try:
            phone = harness.Browser(portal.url)
            phone.sign_in(data["candidate"], seed.PASSWORD)
            debrief_path = f"/candidate/interviews/{data['ended_id']}/debrief"
            phone.get(debrief_path)
            laptop = harness.Browser(portal.url)
            laptop.sign_in(data["recruiter"], seed.PASSWORD)
            ended_path = f"/candidate/interviews/{data['ended_id']}"
            targets = {
                "candidate home": ("candidate", "GET", "/candidate/", 32),
                "candidate home (304)": ("candidate", "GET", "/candidate/", 32),
                "interview": ("candidate", "GET", ended_path, 32),
                "prep": ("candidate", "GET", ended_path + "/prep", 32),
                "debrief GET": ("candidate", "GET", debrief_path, 32),
                "letters": ("candidate", "GET", ended_path + "/letters", 32),
                "account": ("candidate", "GET", "/candidate/account", 32),
                "debrief autosave POST": ("candidate", "POST", debrief_path + "/autosave", 32),
                "recruiter board": ("recruiter", "GET", "/recruiter/", 32),
                "list page 1": ("recruiter", "GET", "/recruiter/interviews", 32),
                "list page 500": ("recruiter", "GET", "", 32),  # found below, if wanted
                "CSV export": ("recruiter", "GET", "/recruiter/interviews/export.csv", 1),
                "share page": ("anonymous", "GET", f"/s/{data['token']}", 32),
            }
            cookies = {
                "candidate": phone.cookie_header(),
                "recruiter": laptop.cookie_header(),
                "anonymous": "",
            }
            if args.pages:
                wanted = {name.strip() for name in args.pages.split(",")}
                targets = {name: t for name, t in targets.items() if name in wanted}
            if "list page 500" in targets:
                path_500 = page_500_path(portal.url, laptop)
                targets["list page 500"] = ("recruiter", "GET", path_500, 32)
            script = autosave_script(workdir, phone.csrf)
            rows = []
            baselines = []
            for name, (who, method, path, conns) in targets.items():
                headers = {"Cookie": cookies[who]} if cookies[who] else {}
                # Each round is a baseline run then the page's run; the table shows
                # the round with the median ratio (this machine's speed wanders).
                rounds = []
                for _ in range(1 if name == "CSV export" else args.rounds):
                    base_result = harness.wrk(
                        baseline.url + "/", seconds=args.seconds, connections=conns
                    )
                    if name.endswith(" (304)"):
                        # What a phone opening the page again sends: the ETag it kept.
                        wait_for_a_whole_minute(args.seconds)
                        _status, _html, answer = phone.get(path)
                        etag = answer.get("ETag")
                        headers = {
                            "Cookie": cookies[who],
                            **({"If-None-Match": etag} if etag else {}),
                        }
                    before = portal.cpu_by_pid()
                    if name == "CSV export":
                        # Each response is the whole table (seconds): time whole downloads.
                        result = timed_downloads(portal.url + path, cookies[who], runs=3)
                    else:
                        result = harness.wrk(
                            portal.url + path,
                            seconds=args.seconds,
                            connections=conns,
                            headers=headers,
                            script=script if method == "POST" else None,
                        )
                    spent = harness.cpu_spent(before, portal.cpu_by_pid())
                    cpu_ms = spent * 1000 / max(1, result.requests)
                    rounds.append(
                        (result.rps / max(base_result.rps, 1e-9), result, base_result, cpu_ms)
                    )
                rounds.sort(key=lambda r: r[0])
                _ratio, result, base_result, cpu_ms = rounds[len(rounds) // 2]
                baselines.extend(r[2] for r in rounds)
                weight = (
                    first_load(portal.url, path, cookies[who])
                    if who in ("candidate", "anonymous")
                    and method == "GET"
                    and not name.endswith(" (304)")
                    else None
                )
                rows.append((name, conns, result, base_result, cpu_ms, weight))
        finally:
            portal.stop()
            baseline.stop()
        queries = query_counts(
            sqlite_path, targets, {"candidate": data["candidate"], "recruiter": data["recruiter"]}
        )

    lines = [
        f"Benchmark: {args.interviews} interviews, SQLite, gunicorn 2 sync workers, "
        f"wrk {args.seconds} s per run; each page measured in {args.rounds} rounds of "
        "baseline-then-page, the round with the median ratio shown",
        "",
        "| page | conns | req/s | p50 ms | p99 ms | baseline req/s | share of baseline | goal "
        "| CPU ms/req | queries | first load (gzip bytes, requests) | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, conns, result, base, cpu_ms, weight in rows:
        share = result.rps / base.rps if base.rps else 0
        goal_text = ""
        if name in GOAL_PAGES:
            met = share >= SHARE_GOAL and cpu_ms <= CPU_GOAL_MS
            goal_text = f"≥ {SHARE_GOAL:.0%}, ≤ {CPU_GOAL_MS:g} ms {'ok' if met else 'MISSED'}"
        weight_text = f"{weight[0]} B, {weight[1]}" if weight else ""
        lines.append(
            f"| {name} | {conns} | {result.rps:.0f} | {result.p50_ms:.1f} | {result.p99_ms:.1f} "
            f"| {base.rps:.0f} | {share:.0%} | {goal_text} | {cpu_ms:.2f} | {queries.get(name)} "
            f"| {weight_text} | {result.errors + result.non_2xx} |"
        )
    measured = {r[0]: r[2] for r in rows}
    lines.append("")
    if "list page 1" in measured and "list page 500" in measured:
        page1, page500 = measured["list page 1"], measured["list page 500"]
        lines.append(
            f"List page 500 vs page 1: p50 {page500.p50_ms / page1.p50_ms:.2f}×, "
            f"throughput {page1.rps / page500.rps:.2f}× (goal ≤ 1.5×)"
        )
    base_rps = [b.rps for b in baselines]
    lines.append(f"Baseline req/s across the run: min {min(base_rps):.0f}, max {max(base_rps):.0f}")
    lines.append(f"Load average at the start: {load_at_start}; at the end: {_load_average()}")
    print("\n".join(lines))
    if args.out:
        write_table(Path(args.out), "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
