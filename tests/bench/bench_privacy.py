"""Benchmark of a candidate's export and erasure, and of one retention run, on SQLite.

    .venv/bin/python -m tests.bench.bench_privacy [--interviews 40] [--idle 5000]

Seeds a temporary SQLite file: one busy candidate with `--interviews` interviews (each
with its panel, prep ticks and a note, a sent debrief with two kept versions, letters,
client feedback and a share link opened twice), and `--idle` candidates with no
activity for three years. Then times, in one process:

- the export download (POST, the Flask test client, signed in), its zip's size and the
  peak Python memory while it is built;
- erasing the busy candidate;
- a retention run that warns every idle candidate, then one that erases them all.

Prints a table. Wall-clock numbers belong here, never in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from portal.db import connected
from portal.models import ChecklistItem
from portal.models import DebriefRevision
from portal.models import Interviewer
from portal.models import ShareView
from portal.models import User
from portal.models import utcnow
from portal.services.journey import checklists
from portal.services.journey.debrief_versions import snapshot_of
from portal.services.letters import kept
from portal.services.privacy import erasure
from portal.services.privacy import retention
from portal.services.sharing import client_feedback
from tests import factories
from tests.bench.seed import make_app
from tests.support import PortalClient


def seed_busy(*, interviews: int) -> User:
    """One candidate with `interviews` interviews, each with every kind of row."""
    recruiter = factories.make_recruiter()
    candidate = factories.make_candidate(name="Busy Candidate", email="busy@example.com")
    for n in range(interviews):
        interview = factories.make_interview(
            candidate=candidate, recruiter=recruiter, starts_in=dt.timedelta(days=-n - 1)
        )
        for item in ChecklistItem.select().where(ChecklistItem.interview == interview).limit(8):
            checklists.update_item(interview=interview, item_id=item.id, done=True, note="ok")
        debrief = factories.make_debrief(
            interview=interview,
            candidate_interest=4,
            key_points="Platform migration, team size, on-call " * 5,
            qualifications="Led the move to the new platform " * 3,
            concerns="Commute",
        )
        people = list(Interviewer.select().where(Interviewer.interview == interview).dicts())
        again = snapshot_of(debrief=debrief, people=people)
        again["next_steps"] = "Second round next week"
        DebriefRevision.create(debrief=debrief, number=2, snapshot=json.dumps(again))
        kept.ensure_drafts(interview=interview, candidate=candidate)
        client_feedback.record(
            interview=interview, by=recruiter, client_interest=4, concerns="Notice period"
        )
        link = factories.make_share_link(
            candidate=candidate, interview=interview, created_by=recruiter
        )
        ShareView.create(link=link, client_hint="Chrome on Android", confirmed=True)
        ShareView.create(link=link, client_hint="Safari on iPhone", confirmed=True)
    return candidate


def seed_idle(*, count: int, long_ago: dt.datetime) -> None:
    rows = [
        ("candidate", f"idle{n}@example.com", f"Idle Candidate {n}", long_ago) for n in range(count)
    ]
    for start in range(0, len(rows), 2000):
        User.insert_many(
            rows[start : start + 2000],
            fields=[User.role, User.email, User.name, User.created_at],
        ).execute()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


def _timed(work):
    """(result, wall seconds, CPU seconds of this process) of `work()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=40)
    parser.add_argument("--idle", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-privacy-"))
    app = make_app(sqlite_path=str(folder / "bench.sqlite3"))
    app.config["PAGE_CACHE_BYTES"] = 0
    app.test_client_class = PortalClient
    now = utcnow()
    with connected():
        busy = seed_busy(interviews=args.interviews)
        seed_idle(count=args.idle, long_ago=now - dt.timedelta(days=3 * 365))

    client = app.test_client()
    client.post("/login", data={"email": busy.email, "password": factories.PASSWORD})
    runs = [_timed(lambda: client.post("/candidate/account/export")) for _ in range(args.rounds)]
    size = len(runs[-1][0].get_data())
    tracemalloc.start()
    client.post("/candidate/account/export")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    with connected():
        _, erase_wall, erase_cpu = _timed(
            lambda: erasure.erase_candidate(candidate_id=busy.id, by=None, reason="recruiter")
        )
        warned, warn_wall, warn_cpu = _timed(
            lambda: retention.run(now=now, days=730, grace_days=30).warned
        )
        later = now + dt.timedelta(days=30)
        erased, sweep_wall, sweep_cpu = _timed(
            lambda: retention.run(now=later, days=730, grace_days=30).erased
        )

    rows = [
        (
            f"export, {args.interviews} interviews (median of {args.rounds})",
            statistics.median(r[1] for r in runs),
            statistics.median(r[2] for r in runs),
        ),
        (f"erase the busy candidate ({args.interviews} interviews)", erase_wall, erase_cpu),
        (f"retention: warn {len(warned)} idle candidates", warn_wall, warn_cpu),
        (f"retention: erase {len(erased)} idle candidates", sweep_wall, sweep_cpu),
    ]
    print(f"{'what':<52} {'wall':>12} {'CPU':>12}")
    for label, wall, cpu in rows:
        print(f"{label:<52} {_ms(wall):>12} {_ms(cpu):>12}")
    print(f"export zip: {size / 1024:.1f} KB; peak Python memory building it: {peak / 1024:.0f} KB")


if __name__ == "__main__":
    main()
