"""Load with nothing lost: 64 virtual candidates on phones, a recruiter and clients, against
gunicorn (2 workers), then the database is checked against what the server acknowledged.

    python -m tests.bench.load [--seconds 20] [--users 64] [--postgres URL]

Traffic per virtual candidate: sign in, home, prep ticks, debrief autosaves and a
submit (sent twice with one idempotency key, as a double tap would), letters page.
A recruiter reads the board and the list; clients open share links. Only
127.0.0.1 is contacted, and the run stops after --seconds.

Checks after the run: zero 5xx, zero "database is locked" in the server log, every
acknowledged autosave is the stored draft (or an older one was overtaken by a later
acknowledged one), every acknowledged submit is exactly one revision, every
acknowledged prep tick is the stored state, no interviewer was lost, and every prep or
debrief page a candidate opens after a write shows that write (pages are kept per
worker: see portal.page_cache).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench import harness, seed

lock = threading.Lock()
# An item on the prep page and whether it shows as ticked.
TICK_SHOWN = re.compile(r'id="item-(\d+)">.*?aria-pressed="(true|false)"', re.S)


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )

    def add(self, kind: str, started: float, status: int) -> None:
        with lock:
            self.latencies[kind].append((time.perf_counter() - started) * 1000)
            self.statuses[kind][status] += 1


@dataclass
class Acked:
    """What the server said it stored, per virtual candidate."""

    autosave: dict[int, str] = field(default_factory=dict)  # interview -> last acked marker
    submits: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    ticks: dict[int, bool] = field(default_factory=dict)  # item -> last acked state
    # Pages read back after a write (kept pages must never show an older state).
    page_checks: int = 0
    pages_current: int = 0

    def saw(self, current: bool) -> None:
        self.page_checks += 1
        self.pages_current += current


def candidate_loop(
    base: str,
    journey: seed.Journey,
    start: threading.Barrier,
    clock: dict,
    stats: Stats,
    acked: Acked,
    rng: random.Random,
) -> None:
    phone = harness.Browser(base)
    started = time.perf_counter()
    try:
        phone.sign_in(journey.email, seed.PASSWORD)
        stats.add("sign in", started, 200)
    except SystemExit:
        stats.add("sign in", started, 500)
    # Everyone signs in first (argon2 is slow on purpose), then the clock starts.
    start.wait()
    until = clock["until"]
    debrief_url = f"/candidate/interviews/{journey.ended_id}/debrief"
    # Half the candidates send their debrief; the other half only keep a draft,
    # so both kinds of write are checked at the end.
    sends = int(re.sub(r"\D", "", journey.email) or 0) % 2 == 0
    submitted = False
    seq = 0
    while time.time() < until:
        roll = rng.random()
        started = time.perf_counter()
        if roll < 0.25:
            status, _, _ = phone.get("/candidate/")
            stats.add("home GET", started, status)
        elif roll < 0.45 and journey.item_ids:
            item = rng.choice(journey.item_ids)
            done = rng.random() < 0.5
            status, _, _ = phone.post(
                f"/candidate/interviews/{journey.upcoming_id}/prep/{item}",
                {"done": "1" if done else "0"},
            )
            stats.add("prep tick POST", started, status)
            if status in (200, 302):
                acked.ticks[item] = done
        elif roll < 0.75 and not submitted:
            seq += 1
            marker = f"{journey.email}#{seq}"
            status, body, _ = phone.post(
                f"{debrief_url}/autosave",
                {"key_points": marker, "concerns": "Commute time"},
                headers={"Accept": "application/json", "X-Requested-With": "fetch"},
            )
            stats.add("debrief autosave POST", started, status)
            if status == 200 and json.loads(body).get("ok"):
                acked.autosave[journey.ended_id] = marker
        elif roll < 0.80 and sends and not submitted and seq > 3:
            status, page, _ = phone.get(debrief_url)
            stats.add("debrief GET", started, status)
            if status == 200 and journey.ended_id in acked.autosave:
                acked.saw(acked.autosave[journey.ended_id] in page)
            key = re.search(r'name="idempotency_key"[^>]*value="([^"]+)"', page)
            marker = f"{journey.email}#submit"
            data = {
                "key_points": marker,
                "action": "submit",
                "idempotency_key": key.group(1) if key else uuid.uuid4().hex,
            }
            for _ in range(2):  # a double tap: the same key twice
                started = time.perf_counter()
                status, _, _ = phone.post(debrief_url, data)
                stats.add("debrief submit POST", started, status)
                if status == 302:
                    acked.submits[journey.ended_id].add(marker)
                    acked.autosave.pop(journey.ended_id, None)
                    submitted = True
        elif roll < 0.90:
            status, _, _ = phone.get(f"/candidate/interviews/{journey.ended_id}/letters")
            stats.add("letters GET", started, status)
        else:
            status, page, _ = phone.get(f"/candidate/interviews/{journey.upcoming_id}/prep")
            stats.add("prep GET", started, status)
            if status == 200:
                shown = dict(TICK_SHOWN.findall(page))
                for item, done in acked.ticks.items():
                    acked.saw(shown.get(str(item)) == ("true" if done else "false"))


def recruiter_loop(
    base: str, email: str, start: threading.Barrier, clock: dict, stats: Stats
) -> None:
    laptop = harness.Browser(base)
    laptop.sign_in(email, seed.PASSWORD)
    start.wait()
    until = clock["until"]
    while time.time() < until:
        for kind, path in (("board GET", "/recruiter/"), ("list GET", "/recruiter/interviews")):
            started = time.perf_counter()
            status, _, _ = laptop.get(path)
            stats.add(kind, started, status)


def client_loop(
    base: str, tokens: list[str], start: threading.Barrier, clock: dict, stats: Stats, rng
) -> None:
    reader = harness.Browser(base)
    start.wait()
    until = clock["until"]
    while time.time() < until:
        started = time.perf_counter()
        status, _, _ = reader.get(f"/s/{rng.choice(tokens)}")
        stats.add("share GET", started, status)
        time.sleep(0.05)


def verify_mail(seeded: seed.Seeded, acked_all: list[Acked], sink) -> list[tuple[str, int, int]]:
    """Every acknowledged submit queued exactly its message; every message arrived once."""
    from collections import Counter

    from portal.models import OutboxMessage

    del seeded
    submitted = {i for a in acked_all for i in a.submits}
    queued = Counter(
        m.interview_id for m in OutboxMessage.select().where(OutboxMessage.kind == "debrief_sent")
    )
    exact = sum(queued[i] == 1 for i in submitted)
    stray = sum(n for i, n in queued.items() if i not in submitted)
    arrived = Counter(m["Message-ID"] for m in sink.messages())
    rows = OutboxMessage.select()
    sent_once = sum(
        r.status == "sent" and arrived[f"<{r.key.replace(':', '/')}@127.0.0.1>"] == 1 for r in rows
    )
    return [
        ("debrief-sent mails (1 per acked submit)", len(submitted), exact),
        ("mails queued without an acked submit", 0, stray),
        ("mails delivered exactly once (SMTP)", rows.count(), sent_once),
    ]


def verify(
    seeded: seed.Seeded, acked_all: list[Acked], *, sqlite_path: str, database_url: str, sink=None
) -> list[tuple[str, int, int]]:
    """(check, acknowledged, stored-and-matching) rows."""
    from portal.db import connected
    from portal.models import ChecklistItem, Debrief, DebriefRevision, Interviewer

    seed.make_app(sqlite_path=sqlite_path, database_url=database_url)
    rows = []
    with connected():
        acked_saves = matching_saves = acked_submits = stored_once = acked_ticks = ticks_ok = 0
        for acked in acked_all:
            for interview_id, marker in acked.autosave.items():
                acked_saves += 1
                debrief = Debrief.get_or_none(Debrief.interview == interview_id)
                matching_saves += bool(debrief and debrief.key_points == marker)
            for interview_id, markers in acked.submits.items():
                debrief = Debrief.get(Debrief.interview == interview_id)
                for marker in markers:
                    acked_submits += 1
                    copies = [
                        r
                        for r in DebriefRevision.select().where(DebriefRevision.debrief == debrief)
                        if marker in r.snapshot
                    ]
                    stored_once += len(copies) == 1
            for item_id, done in acked.ticks.items():
                acked_ticks += 1
                item = ChecklistItem.get_by_id(item_id)
                ticks_ok += (item.done_at is not None) == done
        rows.append(("autosaves (last acknowledged = stored)", acked_saves, matching_saves))
        rows.append(("submits (stored exactly once)", acked_submits, stored_once))
        rows.append(("prep ticks (last acknowledged = stored)", acked_ticks, ticks_ok))
        expected_people = 2 * 2 * len(seeded.journeys)
        rows.append(("interviewers kept", expected_people, Interviewer.select().count()))
        rows.append(
            (
                "pages read back show the last write",
                sum(a.page_checks for a in acked_all),
                sum(a.pages_current for a in acked_all),
            )
        )
        half = (
            Debrief.select()
            .where((Debrief.status == "submitted") & Debrief.submitted_at.is_null())
            .count()
        )
        rows.append(("half-written debriefs (must be 0)", 0, half))
        if sink is not None:
            rows += verify_mail(seeded, acked_all, sink)
    return rows


def wait_for_outbox(*, sqlite_path: str, database_url: str, seconds: int = 120) -> None:
    """Wait (bounded) until the consumer has delivered every queued message."""
    from portal.db import connected
    from portal.models import OutboxMessage

    seed.make_app(sqlite_path=sqlite_path, database_url=database_url)
    until = time.time() + seconds
    while time.time() < until:
        with connected():
            waiting = (
                OutboxMessage.select()
                .where(OutboxMessage.status.in_(("pending", "sending")))
                .count()
            )
        if not waiting:
            return
        time.sleep(1)


def run(*, seconds: int, users: int, database_url: str = "") -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        sqlite_path = str(workdir / "debrief.sqlite3")
        label = "PostgreSQL" if database_url else "SQLite"
        seeded = seed.seed_journeys(
            candidates=users, sqlite_path=sqlite_path, database_url=database_url
        )
        log = workdir / "server.log"
        # Mail goes to a real SMTP server in this process, through a real consumer.
        from tests.support import SmtpSink

        sink = SmtpSink().start()
        env = harness.portal_env(
            workdir,
            database_url,
            DEBRIEF_SMTP_HOST="127.0.0.1",
            DEBRIEF_SMTP_PORT=str(sink.port),
            DEBRIEF_SMTP_STARTTLS="false",
            DEBRIEF_BASE_URL="http://127.0.0.1",
            DEBRIEF_HUEY_FILE=str(workdir / "huey.sqlite3"),
        )
        env.pop("DEBRIEF_REDIS_URL", None)
        consumer = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [
                harness.PYTHON,
                "-m",
                "huey.bin.huey_consumer",
                "portal.tasks.huey",
                "-w",
                "2",
                "-k",
                "thread",
            ],
            env=env,
            cwd=str(Path(__file__).resolve().parents[2]),
            stdout=subprocess.DEVNULL,
            stderr=(workdir / "consumer.log").open("w"),
        )
        server = harness.start_gunicorn("wsgi:app", env, config=True, log=log)
        stats = Stats()
        acked_all = [Acked() for _ in seeded.journeys]
        clock: dict = {}
        start = threading.Barrier(
            len(seeded.journeys) + 2, action=lambda: clock.update(until=time.time() + seconds)
        )
        threads = [
            threading.Thread(
                target=candidate_loop,
                args=(server.url, j, start, clock, stats, a, random.Random(n)),
            )
            for n, (j, a) in enumerate(zip(seeded.journeys, acked_all, strict=True))
        ]
        threads.append(
            threading.Thread(
                target=recruiter_loop,
                args=(server.url, seeded.recruiter_email, start, clock, stats),
            )
        )
        tokens = [j.share_token for j in seeded.journeys]
        threads.append(
            threading.Thread(
                target=client_loop, args=(server.url, tokens, start, clock, stats, random.Random(7))
            )
        )
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 300)
        server.stop()
        wait_for_outbox(sqlite_path=sqlite_path, database_url=database_url)
        consumer.terminate()
        consumer.wait(30)
        sink.stop()
        server_log = log.read_text(errors="replace")
        checks = verify(
            seeded, acked_all, sqlite_path=sqlite_path, database_url=database_url, sink=sink
        )

    print(
        f"\nLoad on {label}: {users} virtual candidates + 1 recruiter + clients, "
        f"{seconds} s, gunicorn 2 workers"
    )
    print(f"{'request':<24} {'count':>7} {'5xx':>5} {'other 4xx':>9} {'p50 ms':>8} {'p99 ms':>8}")
    total = fivexx = 0
    for kind in sorted(stats.latencies):
        lat = sorted(stats.latencies[kind])
        codes = stats.statuses[kind]
        errors = sum(c for s, c in codes.items() if s >= 500)
        fourxx = sum(c for s, c in codes.items() if 400 <= s < 500)
        total += len(lat)
        fivexx += errors
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        print(
            f"{kind:<24} {len(lat):>7} {errors:>5} {fourxx:>9} "
            f"{statistics.median(lat):>8.1f} {p99:>8.1f}"
        )
    locked = server_log.count("database is locked")
    tracebacks = server_log.count("Traceback")
    print(
        f"{'all':<24} {total:>7} {fivexx:>5}   'database is locked': {locked}, "
        f"tracebacks: {tracebacks}"
    )
    print(f"\n{'check':<42} {'acknowledged':>12} {'stored':>8}")
    ok = fivexx == 0 and locked == 0 and tracebacks == 0
    for name, acknowledged, stored in checks:
        print(f"{name:<42} {acknowledged:>12} {stored:>8}")
        ok &= acknowledged == stored
    print("RESULT:", "nothing lost" if ok else "FAILED")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--postgres", default="", help="a PostgreSQL server URL to test on too")
    args = parser.parse_args()
    ok = run(seconds=args.seconds, users=args.users)
    if args.postgres:
        from tests.bench.pg import temporary_database

        with temporary_database(args.postgres) as url:
            ok &= run(seconds=args.seconds, users=args.users, database_url=url)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
