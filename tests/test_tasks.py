"""The task queue (huey): storage choice, the periodic tasks, tasks inside the app."""

from __future__ import annotations

import datetime as dt

from huey.storage import RedisStorage
from huey.storage import SqliteStorage

from portal import tasks
from portal.models import OutboxMessage
from portal.models import ThrottleEvent
from portal.models import frozen_at
from portal.models import utcnow

# Monday 3 June 2030, 10:00 UTC, the zone of these tests' candidates: a booking made then
# goes at once and its prep reminder is due (in their night both would wait for 08:00),
# whatever the hour the suite runs.
DAYTIME = dt.datetime(2030, 6, 3, 10, 0)


def test_the_queue_is_sqlite_by_default_and_redis_when_configured(monkeypatch):
    """No DEBRIEF_REDIS_URL: SQLite in the instance folder; with it: Redis at that URL."""
    monkeypatch.delenv("DEBRIEF_REDIS_URL", raising=False)
    monkeypatch.delenv("DEBRIEF_HUEY_FILE", raising=False)
    default = tasks.make_huey()
    assert isinstance(default.storage, SqliteStorage)
    assert default.storage.filename.endswith("instance/huey.sqlite3")
    monkeypatch.setenv("DEBRIEF_REDIS_URL", "redis://127.0.0.1:6379/0")
    redis = tasks.make_huey()
    assert isinstance(redis.storage, RedisStorage)
    assert redis.storage.conn.ping()


def test_the_minute_and_hour_tasks_are_scheduled():
    """Reminders and delivery every minute; housekeeping every hour."""
    at_17 = {t.name for t in tasks.huey.read_periodic(dt.datetime(2030, 1, 1, 12, 17))}
    at_18 = {t.name for t in tasks.huey.read_periodic(dt.datetime(2030, 1, 1, 12, 18))}
    assert at_17 == {"every_minute", "every_hour"}
    assert at_18 == {"every_minute"}


def test_the_minute_task_queues_reminders_and_delivers_them(mail_app, make, smtp):
    """Run as the consumer runs it, in the app: a due reminder arrives by SMTP."""
    candidate = make.make_candidate(email="soon@example.com", time_zone="UTC")
    with frozen_at(DAYTIME):
        make.make_interview(candidate=candidate, starts_in=dt.timedelta(hours=3))
        with mail_app.app_context():
            result = tasks.every_minute.call_local()
    kinds = sorted(m.kind for m in OutboxMessage.select())
    assert kinds == ["interview_scheduled", "prep_reminder"]
    assert result == {"sent": 2, "retry": 0, "dead": 0, "skipped": 0}
    assert len(smtp.to("soon@example.com")) == 2


def test_housekeeping_prunes_the_throttle_table(app, db):
    """Throttle rows older than a day go; recent ones stay (they still count)."""
    ThrottleEvent.create(key="login:addr:x", created_at=utcnow() - dt.timedelta(days=2))
    ThrottleEvent.create(key="login:addr:x", created_at=utcnow())
    with app.app_context():
        result = tasks.every_hour.call_local()
    assert result["throttle"] == 1
    assert ThrottleEvent.select().count() == 1


def _run_together(app, task, consumers: int = 2) -> list:
    """Run `task` as `consumers` task consumers would, all at once (one thread each, each
    with its own app context and database connection); their results."""
    import threading
    import time

    from portal.db import database

    # The slot is the minute: start well inside one, so both runs fall in the same.
    if time.time() % 60 > 55:
        time.sleep(60 - time.time() % 60 + 0.5)
    start = threading.Barrier(consumers)
    results: list = []

    def consumer() -> None:
        with app.app_context():
            start.wait(timeout=30)
            try:
                results.append(task.call_local())
            finally:
                if not database.is_closed():
                    database.close()

    threads = [threading.Thread(target=consumer) for _ in range(consumers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_two_consumers_run_the_minute_task_once_and_each_mail_arrives_once(mail_app, make, smtp):
    """Every consumer queues the periodic tasks; of two running the same minute at once, one
    does the minute's work and the other skips it; the candidate gets each email once."""
    candidate = make.make_candidate(email="once@example.com", time_zone="UTC")
    with frozen_at(DAYTIME):
        make.make_interview(candidate=candidate, starts_in=dt.timedelta(hours=3))
        results = _run_together(mail_app, tasks.every_minute)
    assert len(results) == 2
    done = [r for r in results if r is not None]
    assert len(done) == 1, results
    assert done[0]["sent"] == OutboxMessage.select().count() >= 1
    assert len(smtp.to("once@example.com")) == OutboxMessage.select().count()


def test_the_daily_task_runs_once_a_day_whoever_runs_it(app, db):
    """Retention runs for the first consumer to take the day; later runs that day skip it,
    and the next day's slot runs again."""
    from portal.services import schedule

    with app.app_context():
        assert tasks.every_day.call_local() == {"warned": 0, "erased": 0}
        assert tasks.every_day.call_local() is None
    tomorrow = utcnow() + dt.timedelta(days=1)
    assert schedule.claim(task="every_day", every=dt.timedelta(days=1), now=tomorrow)
    assert not schedule.claim(task="every_day", every=dt.timedelta(days=1), now=tomorrow)


def test_schedule_slots_start_on_the_minute_hour_and_day():
    """A slot is the minute, hour or day a time falls in."""
    from portal.services.schedule import slot_of

    at = dt.datetime(2030, 5, 6, 7, 8, 9, 10)
    assert slot_of(at, dt.timedelta(minutes=1)) == dt.datetime(2030, 5, 6, 7, 8)
    assert slot_of(at, dt.timedelta(hours=1)) == dt.datetime(2030, 5, 6, 7)
    assert slot_of(at, dt.timedelta(days=1)) == dt.datetime(2030, 5, 6)
