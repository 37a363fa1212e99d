"""The task queue (huey): storage choice, the periodic tasks, tasks inside the app."""

from __future__ import annotations

import datetime as dt

from huey.storage import RedisStorage, SqliteStorage

from portal import tasks
from portal.models import OutboxMessage, ThrottleEvent, utcnow


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
    make.make_interview(candidate=candidate, starts_in=dt.timedelta(hours=3))
    with mail_app.app_context():
        result = tasks.every_minute.call_local()
    kinds = sorted(m.kind for m in OutboxMessage.select())
    assert kinds == ["interview_scheduled", "prep_reminder"] or (
        # Quiet hours in UTC right now: the reminder waits, the booking goes.
        kinds == ["interview_scheduled"] and not 8 <= utcnow().hour < 21
    )
    assert result == {"sent": len(kinds), "retry": 0, "dead": 0, "skipped": 0}
    assert len(smtp.to("soon@example.com")) == len(kinds)


def test_housekeeping_prunes_the_throttle_table(app, db):
    """Throttle rows older than a day go; recent ones stay (they still count)."""
    ThrottleEvent.create(key="login:addr:x", created_at=utcnow() - dt.timedelta(days=2))
    ThrottleEvent.create(key="login:addr:x", created_at=utcnow())
    with app.app_context():
        result = tasks.every_hour.call_local()
    assert result["throttle"] == 1
    assert ThrottleEvent.select().count() == 1
