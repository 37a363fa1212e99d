"""A killed server and a full disk: nothing acknowledged is lost, nothing is doubled.

    python -m tests.bench.faults [--kills 5] [--users 16] [--no-disk-full]

1. kill -9: candidates autosave drafts and send amendments (each with its own
   idempotency key, each sent twice) while the gunicorn master and workers are
   killed with SIGKILL mid-write, several times, and restarted on the same
   file. Afterwards: PRAGMA integrity_check is ok, every acknowledged amendment
   is stored exactly once, and every candidate's stored draft is the last one
   acknowledged or a later one (drafts recoverable).
2. Disk full: the database lives on a small tmpfs (needs root to mount); posts
   continue until the disk is full. Every refused write must answer with the
   clear "could not save" page showing the typed text, never a 500 or a trace.
Only 127.0.0.1 is contacted; every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

from tests.bench import harness
from tests.bench import seed


def _kill_all(server: harness.Server) -> None:
    """SIGKILL to the master and every worker at once: no chance to finish a write."""
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait(10)


def _start(workdir: Path, log: Path, port: int) -> harness.Server:
    return harness.start_gunicorn(
        "wsgi:app", harness.portal_env(workdir), config=True, log=log, port=port
    )


def writer(base_holder: dict, journey: seed.Journey, stop: threading.Event, acked: dict) -> None:
    """Autosave drafts and send amendments until told to stop; remember what was acknowledged."""
    seq = 0
    phone = None
    url = f"/candidate/interviews/{journey.ended_id}/debrief"
    while not stop.is_set():
        try:
            if phone is None:
                phone = harness.Browser(base_holder["url"])
                phone.sign_in(journey.email, seed.PASSWORD)
            seq += 1
            if seq % 5 == 0:
                marker = f"{journey.email}#amend{seq}"
                data = {
                    "key_points": marker,
                    "action": "submit",
                    "idempotency_key": uuid.uuid4().hex,
                }
                for _ in range(2):
                    status, _, _ = phone.post(url, data)
                    if status == 302:
                        acked["submits"].add(marker)
            else:
                marker = f"{journey.email}#draft{seq:06d}"
                status, _, _ = phone.post(
                    f"{url}/autosave",
                    {"key_points": marker},
                    headers={"Accept": "application/json"},
                )
                if status == 200:
                    acked["drafts"][journey.ended_id] = marker
                elif status == 409:  # sent already: amendments go through "Send"
                    pass
        except (OSError, http.client.HTTPException, SystemExit):
            phone = None  # the server died mid-answer: sign in again once it is back
            time.sleep(0.2)


def kill_run(*, kills: int, users: int) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        db_path = workdir / "debrief.sqlite3"
        seeded = seed.seed_journeys(candidates=users, sqlite_path=str(db_path))
        log = workdir / "server.log"
        port = harness.free_port()
        server = _start(workdir, log, port)
        holder = {"url": server.url}
        stop = threading.Event()
        acked: dict = {"drafts": {}, "submits": set()}
        threads = [
            threading.Thread(target=writer, args=(holder, j, stop, acked)) for j in seeded.journeys
        ]
        for thread in threads:
            thread.start()
        for _ in range(kills):
            time.sleep(2.5)
            _kill_all(server)
            time.sleep(0.5)
            server = _start(workdir, log, port)
        time.sleep(2.5)
        stop.set()
        for thread in threads:
            thread.join(60)
        server.stop()

        conn = sqlite3.connect(db_path)
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        revisions = [row[0] for row in conn.execute("SELECT snapshot FROM debrief_revision")]
        drafts = dict(conn.execute("SELECT interview_id, key_points FROM debrief"))
        conn.close()
        locked = log.read_text(errors="replace").count("database is locked")

    stored_once = sum(
        1 for marker in acked["submits"] if sum(f'"{marker}"' in r for r in revisions) == 1
    )
    markers = re.findall(r'"key_points": "([^"]+#amend\d+)"', "\n".join(revisions))
    duplicates = len(markers) - len(set(markers))
    recoverable = 0
    for interview_id, marker in acked["drafts"].items():
        stored = drafts.get(interview_id, "")
        # Stored is the acknowledged draft, a later draft, or a later amendment.
        recoverable += stored >= marker or "#amend" in stored
    print(f"\nkill -9 of master and workers, {kills} times, {users} candidates writing")
    rows = [
        ("PRAGMA integrity_check", "ok", integrity),
        ("amendments acknowledged / stored exactly once", len(acked["submits"]), stored_once),
        ("amendments stored twice (must be 0)", 0, duplicates),
        ("drafts acknowledged / recoverable", len(acked["drafts"]), recoverable),
        ("'database is locked' in the log", 0, locked),
    ]
    for name, expected, got in rows:
        print(f"{name:<48} {expected!s:>8} {got!s:>8}")
    ok = all(str(expected) == str(got) for _, expected, got in rows)
    print("RESULT:", "nothing lost" if ok else "FAILED")
    return ok


def disk_full_run() -> bool:
    """Fill a 6 MB tmpfs holding the database; refused writes must answer clearly."""
    mount = Path(tempfile.mkdtemp(prefix="debrief-full-"))
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)],
            check=True,
            capture_output=True,
        )
    except (subprocess.CalledProcessError, FileNotFoundError):
        print("\ndisk full: skipped (mounting a tmpfs needs root)")
        mount.rmdir()
        return True
    server = None
    try:
        seeded = seed.seed_journeys(candidates=2, sqlite_path=str(mount / "debrief.sqlite3"))
        # The log lives off the full disk (the server logs each refused write).
        log = Path(tempfile.gettempdir()) / f"{mount.name}.log"
        env = harness.portal_env(mount)
        server = harness.start_gunicorn("wsgi:app", env, config=True, log=log)
        phone = harness.Browser(server.url)
        phone.sign_in(seeded.journeys[0].email, seed.PASSWORD)
        url = f"/candidate/interviews/{seeded.journeys[0].ended_id}/debrief"
        statuses: dict[int, int] = {}
        clear_pages = 0
        # Every amendment is kept as a new version, so the file grows until the disk is full.
        for n in range(4000):
            typed = f"version {n}: " + "words that must come back to the candidate " * 40
            status, body, _ = phone.post(
                url, {"key_points": typed, "action": "submit", "idempotency_key": uuid.uuid4().hex}
            )
            statuses[status] = statuses.get(status, 0) + 1
            if status == 503:
                clear_pages += "could not save" in body and f"version {n}: " in body
                if statuses[503] >= 20:
                    break
        server.stop()
        check = sqlite3.connect(mount / "debrief.sqlite3")
        integrity = check.execute("PRAGMA integrity_check").fetchone()[0]
        check.close()
    finally:
        if server is not None:
            server.stop()
        seed.release()
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()
    print("\ndisk full (database on a 6 MB tmpfs)")
    print(f"{'responses by status':<48} {statuses}")
    rows = [
        ("refused writes answered 503", ">0", statuses.get(503, 0)),
        ("of those, clear page with the typed text", statuses.get(503, 0), clear_pages),
        ("500 responses (must be 0)", 0, statuses.get(500, 0)),
        ("PRAGMA integrity_check after", "ok", integrity),
    ]
    for name, expected, got in rows:
        print(f"{name:<48} {expected!s:>8} {got!s:>8}")
    ok = statuses.get(503, 0) > 0 and clear_pages == statuses[503] and not statuses.get(500)
    ok &= integrity == "ok"
    print("RESULT:", "clear errors, nothing corrupted" if ok else "FAILED")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--no-disk-full", action="store_true")
    args = parser.parse_args()
    ok = kill_run(kills=args.kills, users=args.users)
    if not args.no_disk_full:
        ok &= disk_full_run()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
