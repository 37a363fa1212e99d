"""The worker: scheduled and background work on huey (delivering mail, reminders,
housekeeping, retention).

It sits above the app: it takes the app from `wsgi.py` and calls services and
`portal.messages.delivery`; nothing in the app, the services or the message
renderers imports it. Run the consumer beside the web server:

    .venv/bin/huey_consumer wsgi.huey --workers 2 --worker-type thread

Storage: SQLite at `instance/huey.sqlite3` (the embedded default, or at
`DEBRIEF_HUEY_FILE`), or Redis when `DEBRIEF_REDIS_URL` is set. Every task runs
inside an app context with a database connection. Every minute the consumer
delivers due outbox messages, queues due reminders and morning digests, and prunes
the throttle table;
once a day it runs retention (warn, then erase, inactive candidates). The web
process asks for a delivery right after a request that queued a message
(`init_app` hooks that in), so "at once" messages do not wait for the minute.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask import current_app
from flask import has_app_context
from huey import Huey
from huey import crontab
from huey.storage import BaseStorage
from huey.storage import RedisStorage
from huey.storage import SqliteStorage

from portal.db import connected
from portal.messages import delivery
from portal.models import utcnow
from portal.services import schedule
from portal.services.accounts import throttle
from portal.services.mail import notices
from portal.services.mail import outbox
from portal.services.privacy import retention

log = logging.getLogger("portal.tasks")
INSTANCE = Path(__file__).resolve().parent.parent / "instance"


def queue_storage(config: Mapping[str, Any]) -> tuple[type[BaseStorage], dict[str, str]]:
    """Redis when `REDIS_URL` is set, else SQLite at `HUEY_FILE` (default: the instance
    folder, or a second portal's own file on the same machine). On Redis, the queue's
    keys start with `HUEY_NAME`: two portals sharing one Redis each need their own."""
    redis_url = config.get("REDIS_URL") or ""
    if redis_url:
        return RedisStorage, {"url": redis_url}
    path = Path(config.get("HUEY_FILE") or INSTANCE / "huey.sqlite3")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteStorage, {"filename": str(path)}


def make_huey(config: Mapping[str, Any] | None = None) -> Huey:
    """The queue, on the storage `config` names; without one, the `DEBRIEF_` environment
    (what the app's settings would read, before any app exists)."""
    if config is None:
        config = {
            "REDIS_URL": os.environ.get("DEBRIEF_REDIS_URL", ""),
            "HUEY_FILE": os.environ.get("DEBRIEF_HUEY_FILE", ""),
            "HUEY_NAME": os.environ.get("DEBRIEF_HUEY_NAME", ""),
        }
    storage_class, options = queue_storage(config)
    return Huey(config.get("HUEY_NAME") or "debrief", storage_class=storage_class, **options)


# Made from the environment so `huey_consumer portal.tasks.huey` still finds its
# queue; `init_app` re-points it at the app's own settings.
huey = make_huey()
_app: Flask | None = None


def init_app(app: Flask) -> Huey:
    """Bind the queue to `app` (called by `wsgi.py`): its storage from the app's
    settings, the test switch, and the web process's "deliver now" nudge."""
    global _app
    _app = app
    huey.name = app.config.get("HUEY_NAME") or "debrief"
    huey.storage_class, huey.storage_kwargs = queue_storage(app.config)
    # Tests deliver explicitly, against their own SMTP server: tasks run in-process.
    huey.immediate = bool(app.testing)
    huey.storage = huey.create_storage()

    @app.teardown_request
    def _deliver_after_queueing(exc: BaseException | None) -> None:
        if outbox.take_queued_flag() and exc is None:
            deliver_soon()

    return huey


def app() -> Flask:
    """The Flask app tasks run in: the current one (tests, web), else the one `wsgi.py`
    makes (the consumer)."""
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _app is None:
        import wsgi  # noqa: F401 - makes the app and calls init_app, which sets _app

    assert _app is not None, "wsgi.py must call portal.tasks.init_app(app)"
    return _app


# ---------------------------------------------------------------------------
# The work itself: plain functions (tests call these), then the huey tasks
# ---------------------------------------------------------------------------


def run_delivery(flask_app: Flask | None = None, now: dt.datetime | None = None) -> dict:
    """Deliver every due outbox message (in batches)."""
    flask_app = flask_app or app()
    total = {"sent": 0, "retry": 0, "dead": 0, "skipped": 0}
    while True:
        outcome = delivery.deliver_due(flask_app, now=now)
        for name, count in outcome.items():
            total[name] += count
        if sum(outcome.values()) == 0:
            return total


def run_reminders(flask_app: Flask | None = None, now: dt.datetime | None = None) -> int:
    """Queue every reminder due now (see portal.services.mail.notices)."""
    flask_app = flask_app or app()
    with flask_app.app_context(), connected():
        return notices.enqueue_due_reminders(now=now)


def run_digests(flask_app: Flask | None = None, now: dt.datetime | None = None) -> int:
    """Gather the updates held for each recruiter whose working day starts now into one
    morning digest (see portal.services.mail.notices)."""
    flask_app = flask_app or app()
    with flask_app.app_context(), connected():
        return notices.make_digests(now=now)


def run_housekeeping(flask_app: Flask | None = None, now: dt.datetime | None = None) -> dict:
    """Prune the sign-in/share throttle table, old sent mail and old schedule claims."""
    flask_app = flask_app or app()
    with flask_app.app_context(), connected():
        return {
            "throttle": throttle.prune(now=now),
            "outbox": outbox.prune(now=now),
            "schedule": schedule.prune(now=now),
        }


def run_retention(
    flask_app: Flask | None = None, now: dt.datetime | None = None
) -> retention.Outcome:
    """Warn, then erase, candidates inactive past the retention period (the app's settings)."""
    flask_app = flask_app or app()
    config = flask_app.config
    with flask_app.app_context(), connected():
        return retention.run(
            now=now or utcnow(),
            days=int(config["RETENTION_DAYS"]),
            grace_days=int(config["RETENTION_GRACE_DAYS"]),
            mail_folder=delivery.outbox_folder(flask_app),
        )


@huey.task(retries=0)
def deliver_outbox() -> dict:
    """Deliver due mail now (asked for by the web process after it queued some)."""
    return run_delivery()


def first_to_run(task: str, every: dt.timedelta, flask_app: Flask | None = None) -> bool:
    """Claim this slot of `task`'s schedule; False when another consumer already has
    (every consumer queues the periodic tasks: see portal.services.schedule)."""
    flask_app = flask_app or app()
    with flask_app.app_context(), connected():
        return schedule.claim(task=task, every=every)


@huey.periodic_task(crontab(minute="*"))
def every_minute() -> dict | None:
    """Queue due reminders and morning digests, then deliver everything due; None when
    another consumer has."""
    if not first_to_run("every_minute", dt.timedelta(minutes=1)):
        return None
    run_reminders()
    run_digests()
    return run_delivery()


@huey.periodic_task(crontab(minute="17"))
def every_hour() -> dict | None:
    """Housekeeping: old throttle rows and old sent mail; None when another consumer has."""
    if not first_to_run("every_hour", dt.timedelta(hours=1)):
        return None
    return run_housekeeping()


@huey.periodic_task(crontab(minute="41", hour="3"))
def every_day() -> dict | None:
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
