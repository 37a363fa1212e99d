"""Starting and operating the portal: faults reach the tests, only `flask db upgrade`
and the server's start change the schema, and gunicorn opens no shared control socket."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from portal import create_app
from tests.bench.harness import free_port

ROOT = Path(__file__).resolve().parents[1]


def _tables(path: Path) -> set[str]:
    if not path.exists():
        return set()
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


@pytest.fixture
def failing_app(tmp_path):
    """A test app with one view that fails the way a bug would."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(tmp_path / "d.sqlite3")})

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug in a view")

    return app


def test_an_unexpected_error_reaches_the_test_with_its_traceback(failing_app):
    """Under TESTING the exception propagates: pytest shows where it came from."""
    with pytest.raises(RuntimeError, match="a bug in a view"):
        failing_app.test_client().get("/boom")


def test_an_unexpected_error_shows_the_500_page_when_not_propagating(failing_app):
    """With propagation off (as in production) visitors get the error page, not a trace."""
    failing_app.config["PROPAGATE_EXCEPTIONS"] = False
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)


def test_http_errors_keep_their_pages_under_testing(failing_app):
    """404 and 405 still answer with the portal's pages, propagation or not."""
    client = failing_app.test_client()
    assert "Page not found" in client.get("/no-such-page").get_data(as_text=True)
    assert client.post("/boom").status_code == 405


def _flask(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "DEBRIEF_DATABASE": str(tmp_path / "debrief.sqlite3"),
        "DEBRIEF_SECRET_KEY": "startup-test",
    }
    env.pop("DEBRIEF_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_db_status_and_backup_leave_the_schema_alone(tmp_path):
    """`flask db status` and `flask backup` report on the database as it is; only
    `flask db upgrade` migrates it."""
    database = tmp_path / "debrief.sqlite3"
    status = _flask(tmp_path, "db", "status")
    assert status.returncode == 0, status.stderr
    assert "pending  0001_initial" in status.stdout
    assert _tables(database) == set()
    backup = _flask(tmp_path, "backup", str(tmp_path / "copy.sqlite3"))
    assert backup.returncode == 0, backup.stderr
    assert _tables(database) == set() and _tables(tmp_path / "copy.sqlite3") == set()

    upgraded = _flask(tmp_path, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert {"user", "interview"} <= _tables(database)
    assert "pending" not in _flask(tmp_path, "db", "status").stdout


def test_gunicorn_migrates_the_embedded_database_and_opens_no_control_socket(tmp_path):
    """The production config creates the SQLite schema on start, and leaves no control
    socket where a second instance run by the same user would find it."""
    runtime = tmp_path / "run"
    runtime.mkdir()
    port = free_port()
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_RUNTIME_DIR": str(runtime),
        "DEBRIEF_DATABASE": str(tmp_path / "debrief.sqlite3"),
        "DEBRIEF_SECRET_KEY": "startup-test",
        "DEBRIEF_WORKERS": "1",
        "DEBRIEF_THREADS": "1",
    }
    env.pop("DEBRIEF_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}"]
        + ["wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as page:  # noqa: S310
                    assert page.status == 200
                break
            except OSError:
                assert process.poll() is None, "gunicorn exited"
                assert time.monotonic() < deadline, "gunicorn did not answer in 30 s"
                time.sleep(0.2)
        assert {"user", "interview"} <= _tables(tmp_path / "debrief.sqlite3")
        sockets = [p for p in tmp_path.rglob("*") if p.is_socket()]
        assert sockets == [], sockets
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)


def test_workers_are_forked_with_the_loaded_app_out_of_the_collectors_sight():
    """gunicorn's pre_fork hook freezes what loading made (gc.freeze) before each fork."""
    import gc
    import runpy

    settings = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))
    gc.unfreeze()
    try:
        settings["pre_fork"](None, None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_no_view_or_hook_is_async(app):
    """The portal runs every view and hook as it is (Portal.ensure_sync): an async one
    would hand Flask a coroutine in place of a response."""
    import inspect

    hooks = [
        *app.view_functions.values(),
        *(f for funcs in app.before_request_funcs.values() for f in funcs),
        *(f for funcs in app.after_request_funcs.values() for f in funcs),
        *(f for funcs in app.teardown_request_funcs.values() for f in funcs),
        *(f for funcs in app.teardown_appcontext_funcs for f in [funcs]),
        *(
            f
            for spec in app.error_handler_spec.values()
            for codes in spec.values()
            for f in codes.values()
        ),
    ]
    assert hooks
    assert not [f for f in hooks if inspect.iscoroutinefunction(f)]
