"""Load with nothing lost: 64 virtual candidates on phones, a recruiter and clients, against
gunicorn run with the production gunicorn.conf.py, then the database is checked against
what the server acknowledged.

    python -m tests.bench.load [--seconds 20] [--users 64] [--postgres URL] [--self-test]

`--self-test` plants one fault per check (writes the server never got but the
client counts as acknowledged, an interviewer and a revision deleted, a
half-written debrief, a "database is locked" line in the log) and passes only
if every check then fails: proof that none of them can pass whatever happens.
Every wait is bounded: requests time out after 30 s (counted as "no answer"),
the start barrier after 120 s, each thread after the run plus 60 s.

Traffic per virtual candidate: sign in, home, prep ticks, debrief autosaves and a
submit (sent twice with one idempotency key, as a double tap would), letters page.
A recruiter reads the board and the list; clients open share links. Only
127.0.0.1 is contacted, and the run stops after --seconds.

Checks after the run: zero 5xx, zero "database is locked" in the server log, every
acknowledged autosave is the stored draft (or an older one was overtaken by a later
acknowledged one), every acknowledged submit is exactly one revision, every
acknowledged prep tick is the stored state, every interview keeps exactly its panel (no
person lost or doubled by the autosaves), and every prep or debrief page a candidate
opens after a write shows that write (each phone keeps the pages that came with an
ETag and revalidates them, so a 304 for a page that changed would show as an old
state: see portal.http_cache).
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
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from tests.bench import harness
from tests.bench import seed

lock = threading.Lock()
BARRIER_SECONDS = 120
# A row of "who did you meet" on the debrief page.
PANEL_FIELD = re.compile(r'name="(people-\d+-(?:interviewer_id|name|title|role|email))"')
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
    # interview -> the number of the last autosave sent, answered or not (one that got no
    # answer may still have been stored, over the last acknowledged one).
    autosave_sent: dict[int, int] = field(default_factory=dict)
    submits: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    ticks: dict[int, bool] = field(default_factory=dict)  # item -> last acked state
    # Pages read back after a write (a 304 must never bring back an older state).
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
    plant: bool = False,
) -> None:
    phone = harness.Browser(base)
    started = time.perf_counter()
    try:
        phone.sign_in(journey.email, seed.PASSWORD)
        stats.add("sign in", started, 200)
    except SystemExit:
        stats.add("sign in", started, 500)
    debrief_url = f"/candidate/interviews/{journey.ended_id}/debrief"
    _status, page, _ = phone.get(debrief_url)
    panel = panel_fields(page)
    # Everyone signs in first (argon2 is slow on purpose), then the clock starts.
    try:
        start.wait(timeout=BARRIER_SECONDS)
    except threading.BrokenBarrierError:
        return
    until = clock["until"]
    if plant:
        # Writes the server never saw, counted as acknowledged: a lost write.
        acked.autosave[journey.ended_id] = f"{journey.email}#never-sent"
        acked.submits[journey.ended_id].add(f"{journey.email}#never-sent")
        if journey.item_ids:
            acked.ticks[journey.item_ids[0]] = True
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
            if plant and item == journey.item_ids[0]:
                continue  # the planted tick is never sent
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
            acked.autosave_sent[journey.ended_id] = seq
            status, body, _ = phone.post(
                f"{debrief_url}/autosave",
                {**panel, "key_points": marker, "concerns": "Commute time"},
                headers={"Accept": "application/json", "X-Requested-With": "fetch"},
            )
            stats.add("debrief autosave POST", started, status)
            if status == 200 and json.loads(body).get("ok") and not plant:
                acked.autosave[journey.ended_id] = marker
        elif roll < 0.80 and sends and not submitted and seq > 3:
            status, page, _ = phone.get(debrief_url)
            stats.add("debrief GET", started, status)
            if status in (200, 304) and journey.ended_id in acked.autosave:
                acked.saw(acked.autosave[journey.ended_id] in page)
            key = re.search(r'name="idempotency_key"[^>]*value="([^"]+)"', page)
            marker = f"{journey.email}#submit"
            data = {
                **panel,
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
                    if not plant:
                        acked.autosave.pop(journey.ended_id, None)
                    submitted = True
        elif roll < 0.90:
            status, _, _ = phone.get(f"/candidate/interviews/{journey.ended_id}/letters")
            stats.add("letters GET", started, status)
        else:
            status, page, _ = phone.get(f"/candidate/interviews/{journey.upcoming_id}/prep")
            stats.add("prep GET", started, status)
            if status in (200, 304):
                shown = dict(TICK_SHOWN.findall(page))
                for item, done in acked.ticks.items():
                    acked.saw(shown.get(str(item)) == ("true" if done else "false"))


def panel_fields(page: str) -> dict[str, str]:
    """The debrief page's "who did you meet" rows, as the page lists them."""
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        name = PANEL_FIELD.search(tag)
        if not name or ('type="radio"' in tag and " checked" not in tag):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[name.group(1)] = value.group(1) if value else ""
    for name, chosen in re.findall(
        r'<select[^>]*name="(people-\d+-role)"[^>]*>.*?<option value="([^"]*)"[^>]*selected',
        page,
        re.S,
    ):
        fields[name] = chosen
    return fields


def recruiter_loop(
    base: str, email: str, start: threading.Barrier, clock: dict, stats: Stats
) -> None:
    laptop = harness.Browser(base)
    try:
        laptop.sign_in(email, seed.PASSWORD)
    except SystemExit:
        stats.add("sign in", time.perf_counter(), 500)
    try:
        start.wait(timeout=BARRIER_SECONDS)
    except threading.BrokenBarrierError:
        return
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
    try:
        start.wait(timeout=BARRIER_SECONDS)
    except threading.BrokenBarrierError:
        return
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


def _overtaken_by_unanswered(acked: str, stored: str, last_sent: int) -> bool:
    """True when `stored` is a later autosave of the same candidate than the acknowledged
    one, sent but never answered (the server stored it, then the answer was lost)."""
    prefix, _, acked_seq = acked.rpartition("#")
    stored_prefix, _, stored_seq = stored.rpartition("#")
    if stored_prefix != prefix or not (acked_seq.isdigit() and stored_seq.isdigit()):
        return False
    return int(acked_seq) < int(stored_seq) <= last_sent


def verify(
    seeded: seed.Seeded, acked_all: list[Acked], *, sqlite_path: str, database_url: str, sink=None
) -> list[tuple[str, int, int]]:
    """(check, acknowledged, stored-and-matching) rows."""
    from portal.db import connected
    from portal.models import ChecklistItem
    from portal.models import Debrief
    from portal.models import DebriefRevision
    from portal.models import Interviewer

    seed.make_app(sqlite_path=sqlite_path, database_url=database_url)
    rows = []
    with connected():
        acked_saves = matching_saves = acked_submits = stored_once = acked_ticks = ticks_ok = 0
        for acked in acked_all:
            for interview_id, marker in acked.autosave.items():
                acked_saves += 1
                debrief = Debrief.get_or_none(Debrief.interview == interview_id)
                stored = debrief.key_points if debrief else ""
                matching_saves += stored == marker or _overtaken_by_unanswered(
                    marker, stored, acked.autosave_sent.get(interview_id, 0)
                )
            for interview_id, markers in acked.submits.items():
                debrief = Debrief.get_or_none(Debrief.interview == interview_id)
                revisions = (
                    list(DebriefRevision.select().where(DebriefRevision.debrief == debrief))
                    if debrief is not None
                    else []
                )
                for marker in markers:
                    acked_submits += 1
                    copies = [r for r in revisions if marker in r.snapshot]
                    stored_once += len(copies) == 1
            for item_id, done in acked.ticks.items():
                acked_ticks += 1
                item = ChecklistItem.get_by_id(item_id)
                ticks_ok += (item.done_at is not None) == done
        rows.append(("autosaves (last acknowledged = stored)", acked_saves, matching_saves))
        rows.append(("submits (stored exactly once)", acked_submits, stored_once))
        rows.append(("prep ticks (last acknowledged = stored)", acked_ticks, ticks_ok))
        # Every seeded interview has two people; autosaves resend them: none may go or double.
        interview_ids = [i for j in seeded.journeys for i in (j.ended_id, j.upcoming_id)]
        panels: dict[int, list[str]] = defaultdict(list)
        for interview_id, name in Interviewer.select(
            Interviewer.interview, Interviewer.name
        ).tuples():
            panels[interview_id].append(name.casefold())
        kept = sum(len(panels[i]) == 2 == len(set(panels[i])) for i in interview_ids)
        rows.append(("panels kept (2 people each, none doubled)", len(interview_ids), kept))
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


def plant_stored_faults(seeded: seed.Seeded, *, sqlite_path: str, database_url: str) -> None:
    """For --self-test: a lost interviewer, and a debrief marked sent but half written."""
    from portal.db import connected
    from portal.models import Debrief
    from portal.models import Interviewer

    seed.make_app(sqlite_path=sqlite_path, database_url=database_url)
    with connected():
        first = seeded.journeys[0]
        Interviewer.delete().where(
            Interviewer.id
            == Interviewer.select(Interviewer.id)
            .where(Interviewer.interview == first.upcoming_id)
            .limit(1)
            .scalar()
        ).execute()
        half = Debrief.select().where(Debrief.status == "submitted").first()
        if half is not None:
            Debrief.update(submitted_at=None).where(Debrief.id == half.id).execute()
        else:
            Debrief.update(status="submitted", submitted_at=None).where(
                Debrief.interview == first.ended_id
            ).execute()


def run(*, seconds: int, users: int, database_url: str = "", plant: bool = False) -> bool:
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
                "wsgi.huey",
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
                args=(server.url, j, start, clock, stats, a, random.Random(n), plant and n == 0),
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
            thread.join(BARRIER_SECONDS + seconds + 60)
        server.stop()
        wait_for_outbox(sqlite_path=sqlite_path, database_url=database_url)
        consumer.terminate()
        consumer.wait(30)
        sink.stop()
        server_log = log.read_text(errors="replace")
        if plant:
            plant_stored_faults(seeded, sqlite_path=sqlite_path, database_url=database_url)
            server_log += "\nsqlite3.OperationalError: database is locked (planted)\nTraceback\n"
            stats.add("planted 5xx", time.perf_counter(), 500)
        checks = verify(
            seeded, acked_all, sqlite_path=sqlite_path, database_url=database_url, sink=sink
        )

    print(
        f"\nLoad on {label}: {users} virtual candidates + 1 recruiter + clients, "
        f"{seconds} s, gunicorn with gunicorn.conf.py"
        + (" — SELF-TEST: one fault planted per check" if plant else "")
    )
    print(f"{'request':<24} {'count':>7} {'5xx':>5} {'other 4xx':>9} {'p50 ms':>8} {'p99 ms':>8}")
    total = fivexx = 0
    for kind in sorted(stats.latencies):
        lat = sorted(stats.latencies[kind])
        codes = stats.statuses[kind]
        errors = sum(c for s, c in codes.items() if s >= 500 or s == 0)  # 0: no answer
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
    results = [
        ("no 5xx or unanswered request", 0, fivexx),
        ("no 'database is locked' in the log", 0, locked),
        ("no traceback in the log", 0, tracebacks),
        *checks,
    ]
    print(f"\n{'check':<44} {'acknowledged':>12} {'stored':>8}  {'':<6}")
    for name, acknowledged, stored in results:
        verdict = "ok" if acknowledged == stored else "FAILED"
        print(f"{name:<44} {acknowledged:>12} {stored:>8}  {verdict}")
    passed = [acknowledged == stored for _, acknowledged, stored in results]
    if plant:
        # The self-test passes only when every check caught its planted fault.
        print(
            "SELF-TEST:",
            "every check failed as it should" if not any(passed) else "a check MISSED its fault",
        )
        return not any(passed)
    print("RESULT:", "nothing lost" if all(passed) else "FAILED")
    return all(passed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--postgres", default="", help="a PostgreSQL server URL to test on too")
    parser.add_argument(
        "--self-test", action="store_true", help="plant a fault per check; pass if all fail"
    )
    args = parser.parse_args()
    ok = run(seconds=args.seconds, users=args.users, plant=args.self_test)
    if args.postgres:
        from tests.bench.pg import temporary_database

        with temporary_database(args.postgres) as url:
            ok &= run(
                seconds=args.seconds, users=args.users, database_url=url, plant=args.self_test
            )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
