"""Past one machine: two app servers and two task consumers behind a real load balancer,
on one PostgreSQL and one Redis, with one of each killed mid-run; nothing lost, nothing
sent twice.

    python -m tests.bench.scale_out [--seconds 30] [--users 32]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]
        [--redis redis://127.0.0.1:6379/0] [--out tests/bench/RESULTS.md]

What it starts, all on 127.0.0.1 and all stopped at the end:

- HAProxy from Debian (installed with apt-get when run as root and missing), round robin
  over the two app servers, health-checked every second, retrying a request the
  killed server never answered on the other one (the configuration is printed: it is
  the one README's "Running on more than one machine" describes);
- two gunicorns (`gunicorn.conf.py` as it is) sharing one secret key, one database and
  one Redis, trusting the one proxy in front of them;
- a PostgreSQL database made for the run (`debrief_run_<pid>_…`) and dropped afterwards;
  the queue on Redis under a name of its own (`debrief-scale-<pid>`), so parallel runs
  never see each other's tasks;
- two huey consumers, and an SMTP server (aiosmtpd, in this process) that catches every
  message; it answers each recipient after a short pause, so deliveries take long enough
  for a kill to land in the middle of one.

Then: a session made on one app server is read on the other; wrong passwords tried on
both servers in turn meet the one limit; the load script's mixed traffic (candidates on
phones, a recruiter, clients opening share links: `tests.bench.load`) runs through the
balancer; part-way through, one app server is killed (`kill -9`, master and workers),
and one consumer is killed while a message is being delivered. Afterwards the database
is checked against every acknowledged write, and the caught mail against the outbox.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from tests.bench import harness
from tests.bench import load
from tests.bench import seed
from tests.bench.pg import temporary_database
from tests.support import SmtpSink

# A message the dead consumer claimed is sent again this long after (the setting
# MAIL_CLAIM_SECONDS; 600 in production, shortened so the run ends in minutes, yet far
# longer than one message's send takes).
STUCK_SECONDS = 45
# The SMTP server's pause before accepting each recipient.
SMTP_PAUSE = 0.5
ACCESS_LINE = re.compile(r'"(?:GET|POST|HEAD) /')

HAPROXY_CONFIG = """\
global
    maxconn 2000

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A request the chosen server never answered (refused, reset, or closed without
    # a whole status line: it died) is sent to the other one. Every write the portal takes
    # is safe to repeat: autosaves and ticks set a state, a sent debrief carries
    # its idempotency key. A slow answer is waited for, never sent again elsewhere: the
    # first server may still be writing it.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response junk-response
    # Tells the portal each visitor's own address (DEBRIEF_TRUSTED_PROXIES=1).
    option forwardfor

frontend portal
    bind 127.0.0.1:{port}
    default_backend app_servers

backend app_servers
    balance roundrobin
    # Health: GET /login every second, allowed 5 s (a busy server is slow, not dead),
    # down after 3 failures; a refused or reset connection on real traffic marks it
    # down at once.
    option httpchk GET /login
    http-check expect status 200
    timeout check 5s
    default-server inter 1s fall 3 rise 2 observe layer4 error-limit 1 on-error mark-down
{servers}
"""


class SlowSmtpSink(SmtpSink):
    """The test SMTP server, pausing before it accepts each recipient: a delivery is then
    in progress long enough to be interrupted (before the server has the message)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        await asyncio.sleep(SMTP_PAUSE)
        envelope.rcpt_tos.append(address)
        return "250 OK"


def ensure_haproxy() -> str:
    """The haproxy command; installed from Debian when missing and running as root."""
    return harness.debian_tool("haproxy", "haproxy")


def start_haproxy(workdir: Path, app_ports: list[int]) -> tuple[subprocess.Popen, str, str]:
    """HAProxy in the foreground in front of `app_ports`; its process, URL and config."""
    command = ensure_haproxy()
    port = harness.free_port()
    servers = "\n".join(
        f"    server app{n} 127.0.0.1:{p} check" for n, p in enumerate(app_ports, start=1)
    )
    config = HAPROXY_CONFIG.format(port=port, servers=servers)
    path = workdir / "haproxy.cfg"
    path.write_text(config)
    process = subprocess.Popen(  # noqa: S603 - Debian's haproxy, our own config
        [command, "-f", str(path), "-db"],
        stdout=(workdir / "haproxy.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 20
    while time.time() < deadline:
        status, _, _ = harness.Browser(url).get("/login")
        if status == 200:
            return process, url, config
        if process.poll() is not None:
            raise SystemExit(f"haproxy exited: {(workdir / 'haproxy.log').read_text()}")
        time.sleep(0.3)
    process.kill()
    raise SystemExit("haproxy did not answer in 20 s")


def start_consumer(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [harness.PYTHON, "-m", "huey.bin.huey_consumer", "wsgi.huey", "-w", "2"] + ["-k", "thread"],
        env=env,
        cwd=str(harness.ROOT),
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        start_new_session=True,
    )


def kill_group(process: subprocess.Popen) -> None:
    """`kill -9` the process and everything it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def session_carries_over(one: str, other: str, journey: seed.Journey) -> bool:
    """Signed in on one app server, the same cookie opens the candidate's home on the other."""
    phone = harness.Browser(one)
    phone.sign_in(journey.email, seed.PASSWORD)
    phone.base = other
    status, page, _ = phone.get("/candidate/")
    return status == 200 and "/candidate/account" in page


def limit_holds_across(one: str, other: str, email: str, limit: int) -> tuple[list[int], int]:
    """`limit` wrong passwords, alternating between the servers, then the right one on the
    other server: the statuses of the wrong tries, and of the right one (429 when the
    limit counted the tries made on both servers)."""
    browser = harness.Browser(one)
    statuses = []
    for n in range(limit):
        browser.base = (one, other)[n % 2]
        browser.get("/login")
        status, _, _ = browser.post("/login", {"email": email, "password": "not-the-password"})
        statuses.append(status)
    browser.base = (one, other)[limit % 2]
    browser.get("/login")
    status, _, _ = browser.post("/login", {"email": email, "password": seed.PASSWORD})
    return statuses, status


def talking_to(pid: int, port: int) -> bool:
    """True while process `pid` holds a TCP connection to 127.0.0.1:`port` (from /proc)."""
    inodes = set()
    with contextlib.suppress(FileNotFoundError, PermissionError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(FileNotFoundError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[9] in inodes and int(fields[2].split(":")[1], 16) == port:
            return True
    return False


def sending_now() -> bool:
    """True while a consumer holds a message it has not finished delivering."""
    from portal.db import connected
    from portal.models import OutboxMessage

    with connected():
        return OutboxMessage.select().where(OutboxMessage.status == "sending").exists()


def kill_consumer_mid_delivery(
    consumers: list[subprocess.Popen], smtp_port: int, start_at: float, give_up_at: float, note
) -> None:
    """From `start_at`, wait until a consumer is delivering (a message is "sending" and it
    is connected to the SMTP server), and `kill -9` that consumer then."""
    while time.time() < start_at:
        time.sleep(0.05)
    while time.time() < give_up_at:
        for number, consumer in enumerate(consumers, start=1):
            if talking_to(consumer.pid, smtp_port) and sending_now():
                kill_group(consumer)
                note["consumer killed"] = f"consumer {number} killed mid-delivery at " + (
                    time.strftime("%H:%M:%S")
                )
                return
        time.sleep(0.02)
    kill_group(consumers[0])
    note["consumer killed"] = (
        "consumer 1 killed at " + time.strftime("%H:%M:%S") + (" (no delivery was in progress)")
    )


def mail_figures(sink: SmtpSink) -> dict[str, int]:
    """Queued, delivered, held for the recipient's waking hours, not delivered, delivered
    more than once (by Message-ID), and delivered again after the consumer that had them
    died.

    Held: a message the outbox deliberately schedules for later (the recipient's night:
    it goes at eight their time), never claimed or tried yet. A run at night holds most
    of the candidates' mail; it is not lost, and not counted as undelivered."""
    from portal.db import connected
    from portal.models import OutboxMessage
    from portal.models import utcnow

    arrived = Counter(m["Message-ID"] for m in sink.messages())
    with connected():
        rows = list(
            OutboxMessage.select(
                OutboxMessage.status,
                OutboxMessage.attempts,
                OutboxMessage.last_error,
                OutboxMessage.claimed_at,
                OutboxMessage.next_attempt_at,
            )
        )
    now = utcnow()
    held = [
        r
        for r in rows
        if r.status == "pending"
        and r.attempts == 0
        and r.claimed_at is None
        and r.next_attempt_at is not None
        and r.next_attempt_at > now
    ]
    for row in rows:
        if row.status not in ("sent", "skipped") and all(row is not h for h in held):
            print(
                f"not delivered: {row.status}, {row.attempts} attempts, claimed "
                f"{row.claimed_at}, next {row.next_attempt_at}: {row.last_error}"
            )
    return {
        "queued": len(rows),
        "delivered": len(arrived),
        "held": len(held),
        "not delivered": sum(r.status not in ("sent", "skipped") for r in rows) - len(held),
        "more than once": sum(n > 1 for n in arrived.values()),
        "taken over": sum(r.status == "sent" and r.attempts > 1 for r in rows),
    }


def run(*, seconds: int, users: int, postgres: str, redis: str) -> tuple[bool, str]:
    load_before = os.getloadavg()
    # Phones wait longer than the balancer does (60 s): a request given up on by the
    # client while a server still works on it would land after the client's next write.
    harness.Browser.timeout = 90
    with tempfile.TemporaryDirectory() as tmp, temporary_database(postgres) as database_url:
        workdir = Path(tmp)
        seeded = seed.seed_journeys(candidates=users + 1, database_url=database_url)
        checker, loaders = seeded.journeys[-1], seeded.journeys[:-1]
        sink = SlowSmtpSink().start()
        env = harness.portal_env(
            workdir,
            database_url,
            DEBRIEF_SMTP_HOST="127.0.0.1",
            DEBRIEF_SMTP_PORT=str(sink.port),
            DEBRIEF_SMTP_STARTTLS="false",
            DEBRIEF_BASE_URL="http://127.0.0.1",
            DEBRIEF_REDIS_URL=redis,
            DEBRIEF_HUEY_NAME=f"debrief-scale-{os.getpid()}",
            DEBRIEF_TRUSTED_PROXIES="1",
            DEBRIEF_MAIL_CLAIM_SECONDS=str(STUCK_SECONDS),
        )
        # The sign-in limits as shipped (the load's sign-ins are all right first time).
        limit = 5
        env["DEBRIEF_LOGIN_FAILURES_PER_ACCOUNT"] = str(limit)
        env["DEBRIEF_LOGIN_FAILURES_PER_ADDRESS"] = "30"
        logs = [workdir / "app1.log", workdir / "app2.log"]
        apps = [harness.start_gunicorn("wsgi:app", env, config=True, log=log) for log in logs]
        consumers = [start_consumer(env, workdir / f"consumer{n}.log") for n in (1, 2)]
        balancer, url, config = start_haproxy(workdir, [int(a.url.rsplit(":", 1)[1]) for a in apps])
        note: dict[str, str] = {}
        try:
            carried = session_carries_over(apps[0].url, apps[1].url, checker)
            wrong, right = limit_holds_across(apps[0].url, apps[1].url, checker.email, limit)

            stats = load.Stats()
            acked_all = [load.Acked() for _ in loaders]
            clock: dict = {}
            start = threading.Barrier(
                len(loaders) + 2, action=lambda: clock.update(until=time.time() + seconds)
            )
            threads = [
                threading.Thread(
                    target=load.candidate_loop,
                    args=(url, j, start, clock, stats, a, random.Random(n)),
                )
                for n, (j, a) in enumerate(zip(loaders, acked_all, strict=True))
            ]
            threads.append(
                threading.Thread(
                    target=load.recruiter_loop,
                    args=(url, seeded.recruiter_email, start, clock, stats),
                )
            )
            tokens = [j.share_token for j in loaders]
            threads.append(
                threading.Thread(
                    target=load.client_loop,
                    args=(url, tokens, start, clock, stats, random.Random(7)),
                )
            )
            for thread in threads:
                thread.start()
            while "until" not in clock:
                time.sleep(0.1)
            began = clock["until"] - seconds
            killer = threading.Thread(
                target=kill_consumer_mid_delivery,
                args=(consumers, sink.port, began + 0.1 * seconds, clock["until"] + 60, note),
            )
            killer.start()
            while time.time() < began + 0.4 * seconds:
                time.sleep(0.05)
            kill_group(apps[0].process)
            note["app server killed"] = time.strftime("%H:%M:%S")
            for thread in threads:
                thread.join(load.BARRIER_SECONDS + seconds + 60)
            killer.join(90)
            load.wait_for_outbox(
                sqlite_path="", database_url=database_url, seconds=STUCK_SECONDS + 150
            )
            mail = mail_figures(sink)
            checks = load.verify(seeded, acked_all, sqlite_path="", database_url=database_url)
        finally:
            kill_group(balancer)
            for consumer in consumers:
                kill_group(consumer)
            for app in apps:
                app.stop()
            sink.stop()
            if os.environ.get("SCALE_OUT_KEEP_LOGS"):
                import shutil

                shutil.copytree(workdir, os.environ["SCALE_OUT_KEEP_LOGS"], dirs_exist_ok=True)
        # Access log lines (HAProxy's health checks included).
        served = [len(ACCESS_LINE.findall(log.read_text(errors="replace"))) for log in logs]
    return report(
        stats=stats,
        checks=checks,
        mail=mail,
        note=note,
        served=served,
        carried=carried,
        wrong=wrong,
        right=right,
        limit=limit,
        seconds=seconds,
        users=users,
        load_before=load_before,
        config=config,
    )


def report(*, stats, checks, mail, note, served, carried, wrong, right, limit, **run) -> tuple:
    """Print the run's tables; return (every check passed, the summary table as Markdown)."""
    requests = sum(len(v) for v in stats.latencies.values())
    fivexx = sum(
        n for codes in stats.statuses.values() for s, n in codes.items() if s >= 500 or s == 0
    )
    print(f"\n{'request':<24} {'count':>7} {'5xx':>5} {'other 4xx':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for kind in sorted(stats.latencies):
        lat = sorted(stats.latencies[kind])
        codes = stats.statuses[kind]
        errors = sum(c for s, c in codes.items() if s >= 500 or s == 0)
        fourxx = sum(c for s, c in codes.items() if 400 <= s < 500)
        p50, p99 = lat[len(lat) // 2], lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        print(f"{kind:<24} {len(lat):>7} {errors:>5} {fourxx:>9} {p50:>8.1f} {p99:>8.1f}")
    codes = Counter()
    for by_status in stats.statuses.values():
        codes.update({s: n for s, n in by_status.items() if s >= 500 or s == 0})
    print("5xx and unanswered by status:", dict(sorted(codes.items())) or "none")
    print(f"\n{'check':<44} {'acknowledged':>12} {'stored':>8}")
    for name, acknowledged, stored in checks:
        verdict = "ok" if acknowledged == stored else "FAILED"
        print(f"{name:<44} {acknowledged:>12} {stored:>8}  {verdict}")
    write_checks = [c for c in checks if not c[0].startswith(("pages read", "half-written"))]
    lost = sum(acknowledged - stored for _, acknowledged, stored in write_checks)
    limit_held = all(s == 401 for s in wrong) and right == 429
    rows = [
        ("requests through the balancer", f"{requests}", ""),
        (
            "requests each app server answered (with health checks)",
            f"{served[0]} / {served[1]}",
            "",
        ),
        ("5xx or no answer", f"{fivexx}", ""),
        ("acknowledged writes lost", f"{lost}", "must be 0"),
        (
            "other checks (pages read back, half-written)",
            "ok" if all(a == s for _, a, s in checks) else "FAILED",
            "",
        ),
        ("emails queued / delivered", f"{mail['queued']} / {mail['delivered']}", ""),
        (
            "emails held for the recipient's waking hours (not yet due)",
            f"{mail['held']}",
            "",
        ),
        ("emails due and not delivered", f"{mail['not delivered']}", "must be 0"),
        (
            "emails delivered more than once (by Message-ID)",
            f"{mail['more than once']}",
            "must be 0",
        ),
        ("emails taken over from the killed consumer", f"{mail['taken over']}", ""),
        (
            f"sign-in limit ({limit} wrong, alternating servers, then the right password)",
            f"{'held' if limit_held else 'NOT held'}: {' '.join(map(str, wrong))} then {right}",
            "429 at the end",
        ),
        ("session made on app 1 valid on app 2", "yes" if carried else "NO", ""),
    ]
    load1, load5, load15 = run["load_before"]
    now1, now5, now15 = os.getloadavg()
    lines = [
        f"Scale-out: HAProxy, 2 app servers (gunicorn.conf.py), 2 task consumers, PostgreSQL, "
        f"Redis; {run['users']} virtual candidates + a recruiter + clients for "
        f"{run['seconds']} s; app server 1 killed (kill -9) at {note.get('app server killed')}, "
        f"{note.get('consumer killed')}. Load average "
        f"{load1:.2f} {load5:.2f} {load15:.2f} before, {now1:.2f} {now5:.2f} {now15:.2f} after.",
        "",
        "| what | result | goal |",
        "|---|---|---|",
        *[f"| {what} | {result} | {goal} |" for what, result, goal in rows],
    ]
    table = "\n".join(lines)
    print("\n" + table)
    print("\nHAProxy configuration used:\n" + run["config"])
    passed = (
        lost == 0
        and mail["not delivered"] == 0
        and mail["more than once"] == 0
        and limit_held
        and carried
        and all(a == s for _, a, s in checks)
    )
    print("RESULT:", "nothing lost, nothing sent twice" if passed else "FAILED")
    return passed, table


MARKERS = ("<!-- scale-out: start -->", "<!-- scale-out: end -->")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument(
        "--postgres",
        default="postgresql+pool://postgres@127.0.0.1:5432/postgres?max_connections=8",
        help="a PostgreSQL server URL (a database is made on it for the run, then dropped)",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--out", default="", help="also write the summary table to this file")
    args = parser.parse_args()
    passed, table = run(
        seconds=args.seconds, users=args.users, postgres=args.postgres, redis=args.redis
    )
    if args.out:
        from tests.bench.bench_http import write_table

        write_table(Path(args.out), table, markers=MARKERS)
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
