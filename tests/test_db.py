"""The schema comes only from migrations, and they match the models exactly."""

from __future__ import annotations

import pytest
from playhouse.schema_diff import diff_models

from portal.db import database
from portal.db import is_sqlite
from portal.db import migration_runner
from portal.db import pending_migrations
from portal.models import MODELS


def test_migrations_on_an_empty_database_match_the_models(app, db):
    """All migrations applied to an empty database leave nothing between them and the models."""
    assert pending_migrations() == []
    diff = diff_models(database.obj, MODELS)
    assert not diff, f"models and migrations differ:\n{diff}"


def test_every_table_has_its_indexes(app, db):
    """Lists the recruiter filters and sorts are backed by indexes."""
    names = {index.name for index in database.get_indexes("interview")}
    for columns in (
        "candidate_id_starts_at",
        "recruiter_id_starts_at",
        "starts_at_id",
        "ends_at_id",
        "status_ends_at",
    ):
        assert f"interview_{columns}" in names


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(app, db):
    """The embedded database is set up for concurrent workers."""
    if not is_sqlite():
        pytest.skip("SQLite settings")
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_flask_db_upgrade_reports_up_to_date(runner, app):
    """`flask db upgrade` on a migrated database has nothing to do and says so."""
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0 and "up to date" in result.output
    status = runner.invoke(args=["db", "status"])
    assert "applied  0001_initial" in status.output


def test_migration_history_is_recorded(app, db):
    """The runner's history table names every applied migration."""
    names = [m.name for m in migration_runner().status() if m.applied]
    assert names[0] == "0001_initial"


def test_email_is_unique_ignoring_case(app, make):
    """Two accounts cannot share an email that differs only in case."""
    import pytest

    from portal.services.accounts import users
    from portal.services.errors import Conflict

    users.create_user(role="candidate", email="Same@Example.com", name="A")
    with pytest.raises(Conflict):
        users.create_user(role="candidate", email="same@example.COM ", name="B")


def test_concurrent_read_then_write_transactions_never_hit_database_is_locked(app, db):
    """Write transactions take the lock at BEGIN, so a read-then-write under contention waits
    instead of failing with "database is locked" (seen under load before the fix)."""
    import threading

    from peewee import OperationalError

    from portal.db import connected
    from portal.models import ThrottleEvent

    if not is_sqlite():
        pytest.skip("SQLite's write lock")
    errors: list[Exception] = []

    def worker(n: int) -> None:
        with connected():
            for k in range(150):
                try:
                    with database.atomic():
                        ThrottleEvent.select().where(ThrottleEvent.key == f"w{n}").count()
                        ThrottleEvent.create(key=f"w{n}-{k}")
                except OperationalError as exc:
                    errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, f"{len(errors)} failed: {errors[0]}"
    assert ThrottleEvent.select().count() == 600


def test_a_prepared_query_runs_with_each_runs_values(app, make):
    """Written to SQL once, a prepared query still finds the row each run asks for,
    with its joined models and with values converted as their field stores them; its
    driver rows hold the same values, unconverted."""
    import datetime as dt

    from portal.db import Prepared
    from portal.db import param
    from portal.models import Interview
    from portal.models import User

    first, second = make.make_candidate(), make.make_candidate()
    interview = make.make_interview(candidate=second)
    by_id = Prepared(lambda: User.select().where(User.id == param("user_id")).limit(1))
    assert by_id.first(user_id=first.id).email == first.email
    assert by_id.first(user_id=second.id).email == second.email
    assert by_id.first(user_id=-1) is None
    candidate = User.alias("candidate")
    starting = Prepared(
        lambda: (
            Interview.select(Interview, candidate.name)
            .join(candidate, on=(Interview.candidate == candidate.id))
            .where(Interview.starts_at >= param("since", Interview.starts_at))
        )
    )
    before = interview.starts_at - dt.timedelta(minutes=1)
    (found,) = list(starting.run(since=before))
    assert (found.id, found.candidate.name) == (interview.id, second.name)
    assert list(starting.run(since=interview.starts_at + dt.timedelta(minutes=1))) == []
    # The driver's own rows: the same values, a time read by its column.
    ((interview_id, starts_at, name),) = list(
        Prepared(
            lambda: (
                Interview.select(Interview.id, Interview.starts_at, candidate.name)
                .join(candidate, on=(Interview.candidate == candidate.id))
                .where(Interview.starts_at >= param("since", Interview.starts_at))
            )
        ).driver_rows(since=before)
    )
    assert (interview_id, name) == (interview.id, second.name)
    assert Interview.starts_at.python_value(starts_at) == interview.starts_at


def _rows_as_data(rows) -> list:
    """Rows as plain data: a model as its fields' values and what hangs from it (joined
    models, extra columns), each joined model the same way."""

    def plain(value):
        if hasattr(value, "__data__"):
            extra = {k: plain(v) for k, v in vars(value).items() if not k.startswith("_")}
            rel = {k: plain(v) for k, v in value.__rel__.items()}
            return (type(value).__name__, dict(value.__data__), extra, rel)
        return value

    return [plain(row) for row in rows]


@pytest.mark.parametrize("kind", ["models", "tuples", "dicts", "namedtuples"])
def test_a_prepared_query_reads_rows_as_peewee_makes_them_run_after_run(app, make, kind):
    """A prepared query lays out its columns once; every later run still makes the rows
    peewee's own reader makes: each kind of row, joined models (an outer join found and
    not found), extra columns, for each run's values, an empty first run included."""
    from peewee import JOIN
    from peewee import fn

    from portal.db import Prepared
    from portal.db import param
    from portal.models import Debrief
    from portal.models import Interview
    from portal.models import Position
    from portal.models import User

    candidate = make.make_candidate()
    debriefed = make.make_interview(candidate=candidate)
    make.make_debrief(interview=debriefed)
    plain = make.make_interview(candidate=candidate)
    recruiter = User.alias("recruiter")

    def build(candidate_id):
        query = (
            Interview.select(
                Interview,
                Position.title,
                recruiter.name,
                Debrief.status,
                fn.LOWER(Position.title).alias("lowered"),
            )
            .join(Position)
            .switch(Interview)
            .join(recruiter, on=(Interview.recruiter == recruiter.id))
            .join_from(Interview, Debrief, JOIN.LEFT_OUTER, attr="debrief_state")
            .where(Interview.candidate == candidate_id)
            .order_by(Interview.id)
        )
        return getattr(query, kind)() if kind != "models" else query

    prepared = Prepared(lambda: build(param("candidate_id")))
    assert list(prepared.run(candidate_id=-1)) == []
    for _ in range(3):
        ours = prepared.run(candidate_id=candidate.id)
        assert len(ours) == 2
        assert _rows_as_data(ours) == _rows_as_data(build(candidate.id))
    if kind == "models":
        first, second = prepared.run(candidate_id=candidate.id)
        assert (first.id, second.id) == (debriefed.id, plain.id)
        assert first.debrief_state.status == "submitted" and second.debrief_state is None
        assert first.recruiter.name == debriefed.recruiter.name
    assert list(prepared.run(candidate_id=-1)) == []


def test_a_prepared_write_changes_the_rows_each_run_names(app, make):
    """A prepared insert writes each run's values, and says how many rows it wrote."""
    from portal.db import Prepared
    from portal.db import param
    from portal.models import ThrottleEvent

    log = Prepared(lambda: ThrottleEvent.insert(key=param("key")).as_rowcount())
    assert log.run(key="first") == 1
    assert log.run(key="second") == 1
    keys = [e.key for e in ThrottleEvent.select().where(ThrottleEvent.key.in_(["first", "second"]))]
    assert sorted(keys) == ["first", "second"]
