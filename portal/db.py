"""The database: a proxy bound at app start, per-request connections, migrations.

SQLite in the instance folder is the embedded default; a `DATABASE_URL`
(`postgresql://…` or pooled `postgresql+pool://…`) selects PostgreSQL, through
the psycopg 3 driver, with the same models. The schema
changes only through the numbered scripts in `portal/migrations/`, applied by
peewee's migration runner: `flask db upgrade`, which the serve script and
gunicorn's start (`gunicorn.conf.py`, embedded SQLite only) also run. Making
the app never touches the schema, so `flask db status` or `flask backup` see
the database as it is.

The proxy is bound once, when the app is made; each request only opens and
closes a connection. The few queries every page runs are `Prepared`: peewee
writes their SQL once per database, not on every request.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from typing import cast

import click
from flask import Flask
from flask import g
from flask import has_app_context
from flask.cli import AppGroup
from peewee import AutoField
from peewee import DatabaseProxy
from peewee import Field
from peewee import Model
from peewee import Query
from peewee import SelectBase
from peewee import Value
from playhouse import db_url
from playhouse.migrations import Runner
from playhouse.pool import PooledSqliteDatabase

database = DatabaseProxy()
# URL schemes peewee's db_url maps to PostgreSQL (`+pool`: pooled connections).
POSTGRES_SCHEMES = ("postgres://", "postgresql://", "postgres+pool://", "postgresql+pool://")
MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")
SQLITE_PRAGMAS = {
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": 1,  # NORMAL: durable across a process crash in WAL mode.
    "cache_size": -8000,
    # Deleted and overwritten text is zeroed in the file, not left in free space:
    # an erased candidate's words must not survive in the database file. (Debian
    # builds SQLite with this on; other builds do not.)
    "secure_delete": 1,
}


class BaseModel(Model):
    """Every model's parent: binds to the proxy and uses snake_case table names."""

    # The primary key peewee would add by itself, declared so type checkers know it.
    id = AutoField()

    class Meta:
        database = database
        legacy_table_names = False


def make_database(*, url: str = "", sqlite_path: str = ""):
    """Return an unconnected peewee database for a URL or an SQLite file path."""
    if url.startswith(POSTGRES_SCHEMES):
        # psycopg 3, even where psycopg2 is installed too (peewee would pick that one).
        return db_url.connect(url, autoconnect=False, prefer_psycopg3=True)
    if url:
        return db_url.connect(url, autoconnect=False)
    # A small pool: opening an SQLite connection costs about a millisecond.
    return PooledSqliteDatabase(
        sqlite_path,
        pragmas=SQLITE_PRAGMAS,
        timeout=5,
        autoconnect=False,
        max_connections=16,
        stale_timeout=300,
        check_same_thread=False,
        # Transactions take the write lock when they begin. A deferred BEGIN
        # that reads, then writes after another worker committed, fails at
        # once with "database is locked" (busy_timeout cannot help there):
        # measured under load, 1 % of autosaves and ticks failed that way.
        lock_type="IMMEDIATE",
    )


def is_sqlite(db=None) -> bool:
    """True when the bound database is SQLite (a few queries differ)."""
    from peewee import SqliteDatabase

    return isinstance((db or database).obj, SqliteDatabase)


def bind(app: Flask) -> None:
    """Bind the proxy to the database the app's config names."""
    url = app.config.get("DATABASE_URL") or ""
    path = app.config.get("DATABASE") or str(Path(app.instance_path) / "debrief.sqlite3")
    app.config["DATABASE"] = path
    if database.obj is not None and getattr(database.obj, "_debrief_key", None) == (url, path):
        return
    if database.obj is not None and not database.obj.is_closed():
        database.obj.close()
    db = make_database(url=url, sqlite_path=path)
    db._debrief_key = (url, path)
    database.initialize(db)


def fold_write_ahead_log() -> bool:
    """SQLite: copy the write-ahead log into the database file and cut it to nothing.

    Called after an erasure: until then the log still holds the pages the erased rows
    were written in (for minutes on a busy portal, much longer on a quiet one). With
    `secure_delete` on, nothing erased is left in the file either. Waits for readers
    (the busy timeout); True when the log is empty. PostgreSQL: nothing to do here
    (dead rows go at the next VACUUM; see README, "Erasure on disk").
    """
    if not is_sqlite():
        return True
    busy, _log_pages, _copied = database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0


def tuples(query: SelectBase) -> list[tuple[Any, ...]]:
    """Run `query`; its rows as tuples of the selected columns (`list(query.tuples())`).

    Typed for the checker: peewee's stubs keep the model's type through `.tuples()`.
    """
    return list(query.tuples())


def one_tuple(query: SelectBase) -> tuple[Any, ...]:
    """The one row of `query` as a tuple (`query.tuples().get()`: DoesNotExist when none)."""
    row: tuple[Any, ...] = query.tuples().get()
    return row


def first_tuple(query: SelectBase) -> tuple[Any, ...] | None:
    """The first row of `query` as a tuple, or None (`query.tuples().first()`)."""
    row: tuple[Any, ...] | None = query.tuples().first()
    return row


class Param:
    """A value a `Prepared` query is given each time it runs, by name."""

    __slots__ = ("field", "name")

    def __init__(self, name: str, field: Field | None) -> None:
        self.name = name
        self.field = field

    def value_in(self, values: dict[str, Any]) -> Any:
        value = values[self.name]
        return value if self.field is None else self.field.db_value(value)


def param(name: str, field: Field | None = None) -> Value:
    """A placeholder in a `Prepared` query: `Interview.candidate == param("candidate_id")`.

    `field` converts the value the way that field stores it (a date, say); ids, text
    and numbers go to the driver as they are.
    """
    # converter=False: peewee keeps the placeholder as it is among the query's values.
    return Value(Param(name, field), converter=False)


class _WrittenSql:
    """Stands in for the database in `query.execute(...)`: runs SQL written before.

    peewee's queries run through `database.execute(query)`, which writes the query's SQL
    and runs it; this one runs the SQL it was given, and peewee makes the rows as usual.
    """

    def __init__(self, sql: str, values: list[Any]) -> None:
        self.sql = sql
        self.values = values

    def execute(self, query: Any, **options: Any) -> Any:
        return database.execute_sql(self.sql, self.values)

    def __getattr__(self, name: str) -> Any:
        # The rest (a write's `rows_affected`, say) is the database's own.
        return getattr(database, name)


class Prepared:
    """A query that peewee writes to SQL once per database, then runs with new values.

    Writing SQL is most of what peewee costs a page: 0.1 ms for the simplest query,
    over a millisecond for one with joins and subqueries, every time it runs. `build`
    makes the query (its varying values are `param(...)` placeholders), once per
    database; `run(**values)` runs it, and peewee turns the rows into models,
    tuples or dicts as the query says, joined models included. Whatever changes from
    one run to the next (ids, the time now) must be a placeholder: anything else is
    written into the SQL once. An insert, update or delete must be `.as_rowcount()`
    (`run` returns the rows it changed): peewee would otherwise ask PostgreSQL for the
    new row's id in a RETURNING clause it adds only when it runs the query itself.
    """

    def __init__(self, build: Callable[[], Query]) -> None:
        self._build = build
        self._written: weakref.WeakKeyDictionary[Any, tuple[Query, str, list[Any]]]
        self._written = weakref.WeakKeyDictionary()
        self._readers: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()

    def _for_bound_database(self) -> tuple[Query, str, list[Any]]:
        found = self._written.get(database.obj)
        if found is None:
            query = self._build()
            sql, values = query.sql()
            found = self._written[database.obj] = (query, sql, values)
        return found

    def run(self, **values: Any) -> Any:
        """The query's rows (a write: how many it changed), `values` filling its placeholders
        (a KeyError names one left out)."""
        query, sql, written = self._for_bound_database()
        filled = [v.value_in(values) if isinstance(v, Param) else v for v in written]
        if not isinstance(query, SelectBase):
            # A clone: the built query stays as it is, without this run's outcome.
            run: Any = query.clone()
            return run.execute(cast(Any, _WrittenSql(sql, filled)))
        return self._reader(query, database.execute_sql(sql, filled))

    def _reader(self, query: Any, cursor: Any) -> Any:
        """peewee's reader of `cursor`'s rows (models, joined models, tuples or dicts, as
        the query says), the columns' layout worked out once per database.

        peewee works out which column goes to which model, field and converter anew for
        each run (as much CPU as making the rows, for one row with joins). The same SQL
        always has the same layout: after a first reader has worked it out, each run gets
        a copy of that reader with its own cursor and no rows yet. (peewee's CursorWrapper
        keeps its state in the five attributes set here; tests/test_db.py compares the
        rows with a reader of peewee's own making, for every kind of row.)
        """
        laid_out = self._readers.get(database.obj)
        if laid_out is None or not laid_out.initialized:
            # The first run, or the runs so far found no row: peewee lays the columns
            # out at the first row.
            reader = self._readers[database.obj] = query._get_cursor_wrapper(cursor)
            return reader
        if laid_out.cursor is not None:
            # The reader that worked the layout out: kept without its run's rows.
            laid_out = self._readers[database.obj] = _emptied(laid_out)
        reader = _emptied(laid_out)
        reader.cursor = cursor
        return reader

    def driver_rows(self, **values: Any) -> Any:
        """The database driver's cursor over the query's rows, as the driver gives them:
        no peewee conversion (SQLite's times are text). For long loops that convert only
        the columns that need it, with the column's own `python_value`."""
        _query, sql, written = self._for_bound_database()
        filled = [v.value_in(values) if isinstance(v, Param) else v for v in written]
        return database.execute_sql(sql, filled)

    def first(self, **values: Any) -> Any:
        """The first row (make the query `.limit(1)`), or None."""
        rows = self.run(**values)
        return rows[0] if len(rows) else None


def _emptied(reader: Any) -> Any:
    """A copy of a peewee cursor wrapper that has read nothing yet (no cursor, no rows)."""
    # copy.copy's result without its generic protocol: every prepared query runs this.
    empty = reader.__class__.__new__(reader.__class__)
    empty.__dict__.update(reader.__dict__)
    empty.cursor, empty.count, empty.index, empty.populated, empty.row_cache = None, 0, 0, False, []
    return empty


@contextmanager
def connected():
    """Hold a connection for a block: opens one if none is open, closes only what it opened."""
    opened = database.connect(reuse_if_open=True)
    try:
        yield database
    finally:
        if opened and not database.is_closed():
            database.close()


def migration_runner() -> Runner:
    """peewee's runner over our migrations folder and the bound database."""
    return Runner(database.obj, MIGRATIONS_DIR)


def upgrade() -> list[str]:
    """Apply pending migrations; return their names. Sets WAL once on SQLite.

    The journal mode persists in the file, so it is set here rather than on
    every connection (re-setting it per connection needs a lock under load).
    """
    with connected():
        if is_sqlite():
            database.execute_sql("PRAGMA journal_mode=wal")
        applied = migration_runner().up()
    # A pooled connection must not survive into forked workers.
    if hasattr(database.obj, "close_all"):
        database.obj.close_all()
    return applied


def pending_migrations() -> list[str]:
    """Names of migrations not yet applied."""
    with connected():
        return [m.name for m in migration_runner().status() if not m.applied and m.path]


class _QueryCounter(logging.Handler):
    """Counts peewee's query log records into `g.query_count` for the current request."""

    def emit(self, record: logging.LogRecord) -> None:
        if has_app_context():
            g.query_count = g.get("query_count", 0) + 1


_counter = _QueryCounter(level=logging.DEBUG)


def init_app(app: Flask) -> None:
    """Bind the database (here, once), open/close a connection per request, add `flask db`."""
    bind(app)
    if app.config["COUNT_QUERIES"]:
        logger = logging.getLogger("peewee")
        if _counter not in logger.handlers:
            logger.addHandler(_counter)
        logger.setLevel(logging.DEBUG)

    @app.before_request
    def _open_connection():
        g.query_count = 0
        # connect() returns False when a connection was already open on this
        # thread (a CLI task or a test holding one): leave that one alone.
        g.db_opened_here = database.connect(reuse_if_open=True)

    @app.teardown_request
    def _close_connection(exc):
        if g.get("db_opened_here") and not database.is_closed():
            database.close()

    if app.config["COUNT_QUERIES"]:

        @app.after_request
        def _report_queries(response):
            response.headers["X-Query-Count"] = str(g.get("query_count", 0))
            return response

    app.cli.add_command(db_cli)


db_cli = AppGroup("db", help="Database migrations.")


@db_cli.command("upgrade")
def upgrade_command() -> None:
    """Apply every pending migration."""
    applied = upgrade()
    click.echo("Applied: " + ", ".join(applied) if applied else "Database is up to date.")


@db_cli.command("status")
def status_command() -> None:
    """List migrations and whether each is applied."""
    with connected():
        for m in migration_runner().status():
            click.echo(f"{'applied' if m.applied else 'pending'}  {m.name}")
