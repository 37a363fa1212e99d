"""Scheduled and background work on huey: delivering mail, reminders, housekeeping.

Storage: SQLite at `instance/huey.sqlite3` (the embedded default), or Redis when
`DEBRIEF_REDIS_URL` is set. Run the consumer beside the web server:

    .venv/bin/huey_consumer portal.tasks.huey --workers 2

Every task runs inside an app context with a database connection. Every minute the
consumer delivers due outbox messages, queues due reminders and prunes the throttle
table, and once a day it runs retention (warn, then erase, inactive candidates); the
web process also asks for a delivery right after a request that queued
a message (`deliver_soon`), so "at once" messages do not wait for the minute.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from huey import RedisHuey, SqliteHuey, crontab

log = logging.getLogger("portal.tasks")
INSTANCE = Path(__file__).resolve().parent.parent / "instance"


def make_huey():
    """Redis when `DEBRIEF_REDIS_URL` is set, else SQLite in the instance folder
    (or at `DEBRIEF_HUEY_FILE`, for a second portal on the same machine). On Redis, the
    queue's keys start with `DEBRIEF_HUEY_NAME` (default `debrief`): two portals sharing
    one Redis each need their own."""
    redis_url = os.environ.get("DEBRIEF_REDIS_URL", "")
    if redis_url:
        return RedisHuey(os.environ.get("DEBRIEF_HUEY_NAME") or "debrief", url=redis_url)
    path = Path(os.environ.get("DEBRIEF_HUEY_FILE") or INSTANCE / "huey.sqlite3")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("debrief", filename=str(path))


huey = make_huey()
_app = None


def app():
    """The Flask app tasks run in: the current one (tests, web), else one made once."""
    global _app
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app._get_current_object()
    if _app is None:
        from portal import create_app

        _app = create_app()
    return _app


# ---------------------------------------------------------------------------
# The work itself: plain functions (tests call these), then the huey tasks
# ---------------------------------------------------------------------------


def run_delivery(flask_app=None, now=None) -> dict:
    """Deliver every due outbox message (in batches)."""
    from portal import mailer

    flask_app = flask_app or app()
    total = {"sent": 0, "retry": 0, "dead": 0, "skipped": 0}
    while True:
        outcome = mailer.deliver_due(flask_app, now=now)
        for name, count in outcome.items():
            total[name] += count
        if sum(outcome.values()) == 0:
            return total


def run_reminders(flask_app=None, now=None) -> int:
    """Queue every reminder due now (see portal.services.mail.notices)."""
    from portal.db import connected
    from portal.services.mail import notices

    flask_app = flask_app or app()
    with flask_app.app_context(), connected():
        return notices.enqueue_due_reminders(now=now)


def run_housekeeping(flask_app=None, now=None) -> dict:
    """Prune the sign-in/share throttle table, old sent mail and old schedule claims."""
    from portal.db import connected
    from portal.services import schedule
    from portal.services.accounts import throttle
    from portal.services.mail import outbox

    flask_app = flask_app or app()
    with flask_app.app_context(), connected():
        return {
            "throttle": throttle.prune(now=now),
            "outbox": outbox.prune(now=now),
            "schedule": schedule.prune(now=now),
        }


def run_retention(flask_app=None, now=None):
    """Warn, then erase, candidates inactive past the retention period (services.retention)."""
    from portal.commands import apply_retention
    from portal.models import utcnow

    flask_app = flask_app or app()
    with flask_app.app_context():
        return apply_retention(now=now or utcnow())


@huey.task(retries=0)
def deliver_outbox():
    """Deliver due mail now (asked for by the web process after it queued some)."""
    return run_delivery()


def first_to_run(task: str, every: dt.timedelta, flask_app=None) -> bool:
    """Claim this slot of `task`'s schedule; False when another consumer already has
    (every consumer queues the periodic tasks: see portal.services.schedule)."""
    from portal.db import connected
    from portal.services import schedule

    flask_app = flask_app or app()
    with flask_app.app_context(), connected():
        return schedule.claim(task=task, every=every)


@huey.periodic_task(crontab(minute="*"))
def every_minute():
    """Queue due reminders, then deliver everything due; None when another consumer has."""
    if not first_to_run("every_minute", dt.timedelta(minutes=1)):
        return None
    run_reminders()
    return run_delivery()


@huey.periodic_task(crontab(minute="17"))
def every_hour():
    """Housekeeping: old throttle rows and old sent mail; None when another consumer has."""
    if not first_to_run("every_hour", dt.timedelta(hours=1)):
        return None
    return run_housekeeping()


@huey.periodic_task(crontab(minute="41", hour="3"))
def every_day():
    """Retention: warn inactive candidates, erase those still inactive after the grace period;
    None when another consumer has."""
    if not first_to_run("every_day", dt.timedelta(days=1)):
        return None
    outcome = run_retention()
    return {"warned": len(outcome.warned), "erased": len(outcome.erased)}


def deliver_soon() -> None:
    """Ask the consumer to deliver now; if the queue is unreachable, the minute task will."""
    if huey.immediate:
        return  # tests deliver explicitly, against their own SMTP server
    try:
        deliver_outbox()
    except Exception:  # noqa: BLE001 - a queue outage must never fail the request
        log.warning("tasks: could not enqueue a delivery; the minute task will send it")
