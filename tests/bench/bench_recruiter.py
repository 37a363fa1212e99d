"""Benchmark of the recruiter pages at 100,000 interviews on the embedded SQLite default.

    .venv/bin/python -m tests.bench.bench_recruiter [--interviews 100000] [--items 16]
        [--db PATH] [--only PAGE ...] [--profile PAGE]

Seeds a temporary SQLite file with bulk `insert_many` (candidates, clients, positions,
interviews with two-person panels and their prep items, debriefs with one kept version,
client feedback and letters, spread over 3.5 years back and 60 days ahead), then times,
in one process with the Flask test client and a signed-in recruiter:

- a bare Flask app returning a static string (the baseline, same process, same run);
- the attention board;
- the interview list's first page and its 500th page (keyset cursor);
- the candidate list's first page, its 100th page by name, and "only those with open items";
- the full CSV export (streamed; its peak Python memory is measured separately).

Prints a table of median and p99 milliseconds and the process CPU milliseconds per request
(a shared machine's wall clock is noisy; its CPU time less so). Wall-clock numbers belong
here, never in tests.

`--db PATH` seeds PATH once and keeps it: a later run with the same PATH reuses it (its
dates were seeded relative to that first run, so rows drift towards overdue by the hour).
`--only board` (repeatable: board, interviews, candidates, export) times only those pages;
`--profile board` prints cProfile's top functions for that page's requests instead.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from flask import Flask

from portal import create_app
from portal.db import connected
from portal.db import database
from portal.db import upgrade
from portal.models import ChecklistItem
from portal.models import Client
from portal.models import ClientFeedback
from portal.models import Debrief
from portal.models import DebriefRevision
from portal.models import Interview
from portal.models import Interviewer
from portal.models import Position
from portal.models import ThankYouLetter
from portal.models import User
from portal.models import utcnow
from portal.services.board.listing import PAGE_SIZE
from portal.services.board.listing import Cursor
from portal.services.board.listing import NameCursor
from portal.services.journey.default_checklist import DEFAULT_SECTIONS

BATCH = 2000
ITEMS = [(section, text) for section, texts in DEFAULT_SECTIONS for text in texts]


def _insert(model, fields, rows) -> None:
    for start in range(0, len(rows), BATCH):
        model.insert_many(rows[start : start + BATCH], fields=fields).execute()


def seed(*, interviews: int, items: int, rnd: random.Random) -> int:
    """Fill the bound database; return the recruiter's id."""
    now = utcnow().replace(microsecond=0)
    n_candidates = max(50, interviews // 20)
    n_clients = max(10, interviews // 500)
    n_positions = n_clients * 5
    with database.atomic():
        User.insert(
            role="recruiter", email="bench-recruiter@example.com", name="Bench Recruiter"
        ).execute()
        recruiter_id = User.get(User.email == "bench-recruiter@example.com").id
        _insert(
            User,
            [User.role, User.email, User.name, User.phone],
            [
                ("candidate", f"c{n}@example.com", f"Candidate {n:05d}", f"+44 7700 {n:06d}")
                for n in range(n_candidates)
            ],
        )
        candidate_ids = [
            r[0] for r in User.select(User.id).where(User.role == "candidate").tuples()
        ]
        _insert(Client, [Client.name], [(f"Client {n:04d}",) for n in range(n_clients)])
        client_ids = [r[0] for r in Client.select(Client.id).tuples()]
        _insert(
            Position,
            [Position.client, Position.title],
            [(client_ids[n % n_clients], f"Role {n:05d}") for n in range(n_positions)],
        )
        position_ids = [r[0] for r in Position.select(Position.id).tuples()]

        span_back = dt.timedelta(days=365 * 3.5).total_seconds()
        span_ahead = dt.timedelta(days=60).total_seconds()
        rows = []
        for _ in range(interviews):
            start = now + dt.timedelta(seconds=rnd.uniform(-span_back, span_ahead))
            start = start.replace(second=0, microsecond=0)
            ended = start + dt.timedelta(hours=1)
            old = ended < now - dt.timedelta(days=30)
            status = "cancelled" if rnd.random() < 0.02 else "scheduled"
            decision = rnd.choice(("forward", "hold", "stop")) if old and rnd.random() < 0.7 else ""
            rows.append(
                (
                    rnd.choice(candidate_ids),
                    recruiter_id,
                    rnd.choice(position_ids),
                    start,
                    ended,
                    "Europe/London",
                    status,
                    decision,
                    ended + dt.timedelta(days=2) if decision else None,
                )
            )
        _insert(
            Interview,
            [
                Interview.candidate,
                Interview.recruiter,
                Interview.position,
                Interview.starts_at,
                Interview.ends_at,
                Interview.time_zone,
                Interview.status,
                Interview.decision,
                Interview.decided_at,
            ],
            rows,
        )
    booked = list(
        Interview.select(Interview.id, Interview.candidate, Interview.ends_at)
        .order_by(Interview.id)
        .tuples()
    )
    with database.atomic():
        _insert(
            Interviewer,
            [Interviewer.interview, Interviewer.name, Interviewer.role, Interviewer.sort_order],
            [
                row
                for iid, _c, _e in booked
                for row in (
                    (iid, "Dana Decider", "decision_maker", 0),
                    (iid, "Pat Peer", "peer", 1),
                )
            ],
        )
        if items:
            chosen = ITEMS[:items]
            for start in range(0, len(booked), 500):
                chunk = booked[start : start + 500]
                _insert(
                    ChecklistItem,
                    [
                        ChecklistItem.interview,
                        ChecklistItem.section,
                        ChecklistItem.text,
                        ChecklistItem.sort_order,
                        ChecklistItem.done_at,
                    ],
                    [
                        (iid, section, text, n, ends if ends < now and n % 3 else None)
                        for iid, _c, ends in chunk
                        for n, (section, text) in enumerate(chosen)
                    ],
                )
    with database.atomic():
        debriefs = []
        for iid, cid, ends in booked:
            if ends > now or rnd.random() > 0.9:
                continue
            sent = ends + dt.timedelta(minutes=rnd.randint(20, 600))
            if sent > now:
                continue
            reviewed = sent + dt.timedelta(hours=1) if sent < now - dt.timedelta(hours=6) else None
            debriefs.append(
                (
                    iid,
                    cid,
                    "submitted",
                    rnd.randint(1, 5),
                    rnd.randint(1, 5),
                    rnd.choice(("yes", "partly", "no")),
                    "Roadmap and the data platform",
                    rnd.random() < 0.05,
                    1,
                    sent,
                    sent,
                    reviewed,
                )
            )
        _insert(
            Debrief,
            [
                Debrief.interview,
                Debrief.candidate,
                Debrief.status,
                Debrief.candidate_interest,
                Debrief.employer_interest,
                Debrief.enough_exchanged,
                Debrief.key_points,
                Debrief.call_me,
                Debrief.version,
                Debrief.first_submitted_at,
                Debrief.submitted_at,
                Debrief.reviewed_at,
            ],
            debriefs,
        )
        snapshot = json.dumps({"key_points": "Roadmap and the data platform", "people": []})
        _insert(
            DebriefRevision,
            [DebriefRevision.debrief, DebriefRevision.number, DebriefRevision.snapshot],
            [(did, 1, snapshot) for (did,) in Debrief.select(Debrief.id).tuples()],
        )
        _insert(
            ClientFeedback,
            [
                ClientFeedback.interview,
                ClientFeedback.recorded_by,
                ClientFeedback.client_interest,
                ClientFeedback.enough_exchanged,
                ClientFeedback.decision_makers_involved,
                ClientFeedback.recorded_at,
            ],
            [
                (
                    iid,
                    recruiter_id,
                    rnd.randint(1, 5),
                    "yes",
                    "met",
                    ends + dt.timedelta(hours=rnd.randint(2, 48)),
                )
                for iid, _c, ends in booked
                if ends < now - dt.timedelta(days=1) and rnd.random() < 0.8
            ],
        )
        dm = dict(
            Interviewer.select(Interviewer.interview, Interviewer.id)
            .where(Interviewer.role == "decision_maker")
            .tuples()
        )
        _insert(
            ThankYouLetter,
            [
                ThankYouLetter.interview,
                ThankYouLetter.interviewer,
                ThankYouLetter.status,
                ThankYouLetter.body,
                ThankYouLetter.sent_at,
            ],
            [
                (iid, dm[iid], "sent", "Thank you", ends + dt.timedelta(hours=rnd.randint(1, 30)))
                for iid, _c, ends in booked
                if ends < now - dt.timedelta(hours=30) and rnd.random() < 0.75
            ],
        )
    database.execute_sql("ANALYZE")
    return recruiter_id


# CPU milliseconds per request of each timed page (process time: both threads, no waiting).
CPU_MS: dict[str, float] = {}


def timed(client, path: str, runs: int) -> list[float]:
    """Milliseconds for `runs` GETs of `path` (the whole body read), after two warm-ups;
    the CPU milliseconds per request are kept in CPU_MS[path]."""
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    times = []
    cpu = time.process_time()
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        response.get_data()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    CPU_MS[path] = (time.process_time() - cpu) * 1000 / runs
    return times


def profiled(client, path: str, runs: int, top: int = 40) -> None:
    """cProfile's top functions (by cumulative and own time) over `runs` GETs of `path`."""
    for _ in range(2):
        client.get(path).get_data()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(runs):
        client.get(path).get_data()
    profile.disable()
    for order in ("cumulative", "tottime"):
        pstats.Stats(profile).sort_stats(order).print_stats(top)


def export_ms(client, path: str, runs: int) -> tuple[list[float], int, int]:
    """Milliseconds per full export, its size in bytes and row count (streamed, not kept)."""
    times, size, lines = [], 0, 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path, buffered=False)
        size = lines = 0
        for chunk in response.response:
            data = chunk.encode() if isinstance(chunk, str) else chunk
            size += len(data)
            lines += data.count(b"\r\n")
        response.close()
        times.append((time.perf_counter() - start) * 1000)
    return times, size, lines - 1


def export_peak_mb(client, path: str) -> float:
    """Peak Python memory (MB) while streaming the whole export once."""
    tracemalloc.start()
    response = client.get(path, buffered=False)
    for _chunk in response.response:
        pass
    response.close()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def stats(times: list[float]) -> tuple[float, float]:
    if len(times) < 2:
        return times[0], times[0]
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return statistics.median(times), cuts[98]


PAGES = ("board", "interviews", "candidates", "export")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=16, help="prep items per interview")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument(
        "--db", help="seed this SQLite file once and keep it (reused when it exists)"
    )
    parser.add_argument("--only", action="append", choices=PAGES, help="time only these pages")
    parser.add_argument("--profile", choices=("board",), help="profile this page instead")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        return run(args, Path(args.db) if args.db else Path(folder) / "bench.sqlite3")


def run(args: argparse.Namespace, path: Path) -> int:
    rnd = random.Random(20261126)
    only = set(args.only or PAGES)
    reuse = path.exists()
    app = create_app({"SECRET_KEY": "bench", "DATABASE": str(path), "COUNT_QUERIES": False})
    upgrade()
    began = time.perf_counter()
    with connected():
        if reuse:
            recruiter_id = User.get(User.email == "bench-recruiter@example.com").id
        else:
            recruiter_id = seed(interviews=args.interviews, items=args.items, rnd=rnd)
        n = Interview.select().count()
        offset = 499 * PAGE_SIZE - 1
        # The last row of page 499 (not .get(), which drops the offset).
        at, last_id = list(
            Interview.select(Interview.starts_at, Interview.id)
            .order_by(Interview.starts_at.desc(), Interview.id.desc())
            .limit(1)
            .offset(offset)
            .tuples()
        )[0]
        recruiter = User.get_by_id(recruiter_id)
    size_mb = path.stat().st_size / 1e6
    print(
        f"{'reused' if reuse else 'seeded'} {n:,} interviews ({args.items} prep items each) in "
        f"{time.perf_counter() - began:.0f} s; database {size_mb:.0f} MB",
        file=sys.stderr,
    )

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = recruiter.get_id()
        session["_signed_in_at"] = time.time()
        session["_fresh"] = True
    page_500 = f"/recruiter/interviews?after={Cursor(at, last_id).encode()}"
    with connected():
        name, person_id = (
            User.select(User.name, User.id)
            .where(User.role == "candidate")
            .order_by(User.name, User.id)
            .offset(99 * PAGE_SIZE - 1)
            .limit(1)
            .tuples()
            .get()
        )
    people_100 = f"/recruiter/candidates?after={NameCursor(name, person_id).encode()}"

    # As gunicorn.conf.py's pre_fork does before each worker starts serving: what
    # loading the app (and seeding) left behind is moved out of the collector's sight,
    # so the timed requests see the pauses a production worker sees.
    gc.collect()
    gc.freeze()
    if args.profile:
        profiled(client, "/recruiter/", args.runs)
        return 0
    bare = Flask("baseline")
    bare.add_url_rule("/", "hello", lambda: "Hello, recruiter")
    bare_client = bare.test_client()

    pages = [("bare Flask (static string)", "/", True)]
    if "board" in only:
        pages.append(("board", "/recruiter/", False))
    if "interviews" in only:
        pages += [
            ("interview list, page 1", "/recruiter/interviews", False),
            ("interview list, page 500", page_500, False),
        ]
    if "candidates" in only:
        pages += [
            ("candidate list, page 1", "/recruiter/candidates", False),
            ("candidate list, page 100", people_100, False),
            ("candidate list, open items only", "/recruiter/candidates?open_items=y", False),
        ]
    results = [
        (
            label,
            path,
            timed(bare_client if is_bare else client, path, args.runs * (5 if is_bare else 1)),
        )
        for label, path, is_bare in pages
    ]
    peak = None
    if "export" in only:
        export_times, export_bytes, export_rows = export_ms(
            client, "/recruiter/interviews/export.csv", args.export_runs
        )
        results.append((f"CSV export, all {export_rows:,} rows", "", export_times))
        peak = export_peak_mb(client, "/recruiter/interviews/export.csv")

    base_median = statistics.median(results[0][2])
    print("load average: " + " ".join(f"{n:.2f}" for n in os.getloadavg()))
    print(
        f"{'request':<34} {'runs':>5} {'median ms':>10} {'p99 ms':>9} {'CPU ms':>8} {'× bare':>8}"
    )
    for label, path, times in results:
        median, p99 = stats(times)
        cpu = f"{CPU_MS[path]:.2f}" if path in CPU_MS else ""
        print(
            f"{label:<34} {len(times):>5} {median:>10.2f} {p99:>9.2f} {cpu:>8}"
            f" {median / base_median:>8.0f}"
        )
    if "interviews" in only:
        medians = {label: statistics.median(times) for label, _path, times in results}
        p500 = medians["interview list, page 500"] / medians["interview list, page 1"]
        print(f"page 500 / page 1 (median): {p500:.2f}")
    if peak is not None:
        print(
            f"export: {export_bytes / 1e6:.1f} MB of CSV; "
            f"peak Python memory while streaming {peak:.1f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
