"""What gets installed: the PostgreSQL driver, the hash-locked requirements, the setup script."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from peewee import Psycopg3Adapter
from playhouse.pool import PooledPostgresqlDatabase

from portal.db import connected
from portal.db import database
from portal.db import is_sqlite
from portal.db import make_database

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ["requirements.txt", "requirements-dev.txt"]
# A locked requirement: name==version, then its hashes on continuation lines.
REQUIREMENT = re.compile(r"^([a-z0-9][a-z0-9._-]*)==(\S+) \\$", re.IGNORECASE)


def _locked(name: str) -> dict[str, tuple[str, list[str]]]:
    """{package: (version, hashes)} of a lock file."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current = ""
    for line in (ROOT / name).read_text().splitlines():
        if match := REQUIREMENT.match(line):
            current = match[1].lower().replace("_", "-")
            pins[current] = (match[2], [])
        elif line.strip().startswith("--hash=sha256:") and current:
            pins[current][1].append(line.strip())
        elif line.strip() and not line.lstrip().startswith("#"):
            assert line.startswith("    --hash="), f"{name}: unexpected line {line!r}"
    return pins


def _inputs(name: str) -> dict[str, str]:
    """{package: version} pinned by hand in a .in file (extras dropped)."""
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            package, version = line.split("==")
            pins[re.sub(r"\[.*\]", "", package).lower()] = version
    return pins


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://debrief@db.example:5432/debrief",
        "postgres://debrief@db.example/debrief",
        "postgresql+pool://debrief@db.example:5432/debrief?max_connections=8&stale_timeout=300",
        "postgres+pool://debrief@db.example/debrief",
    ],
)
def test_postgresql_urls_use_psycopg3(url):
    """Every PostgreSQL URL form the README gives runs on psycopg 3, not psycopg2."""
    db = make_database(url=url)
    assert isinstance(db._adapter, Psycopg3Adapter)
    if "+pool" in url:
        assert isinstance(db, PooledPostgresqlDatabase)
    if "max_connections=8" in url:
        assert db._max_connections == 8 and db._stale_timeout == 300


def test_postgresql_connection_is_psycopg3(app):
    """On PostgreSQL the portal's live connection is a psycopg 3 connection."""
    if is_sqlite():
        pytest.skip("PostgreSQL only")
    import psycopg

    with connected():
        assert isinstance(database.connection(), psycopg.Connection)


@pytest.mark.parametrize("name", LOCKS)
def test_every_locked_requirement_is_pinned_with_hashes(name):
    """Each lock pins every package to one version with at least one sha256 hash."""
    pins = _locked(name)
    assert pins
    assert all(hashes for _version, hashes in pins.values()), name
    text = (ROOT / name).read_text()
    # No index of this machine is written into the lock: each installs from its own.
    assert not re.search(r"^\s*--(index-url|extra-index-url|find-links|trusted-host)", text, re.M)
    assert "psycopg2" not in text


@pytest.mark.parametrize(
    ("source", "lock"),
    [("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")],
)
def test_locks_hold_the_hand_pinned_versions(source, lock):
    """A version changed in a .in file without re-running `bash .ci/lock` is caught."""
    locked = _locked(lock)
    for package, version in _inputs(source).items():
        assert locked.get(package, ("missing",))[0] == version, f"{package} in {lock}"


def test_dev_lock_installs_the_runtime_lock_unchanged():
    """The tests run on exactly the runtime set production installs, plus the tools."""
    runtime, dev = _locked("requirements.txt"), _locked("requirements-dev.txt")
    assert {package: dev.get(package) for package in runtime} == runtime


def test_setup_python_says_which_python_it_used(tmp_path):
    """`.ci/setup-python` prints the interpreter's version and path."""
    (tmp_path / ".ci").mkdir()
    (tmp_path / ".ci" / "setup-python").write_bytes((ROOT / ".ci" / "setup-python").read_bytes())
    for name in LOCKS:
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(tmp_path / ".venv")], check=True
    )
    # The install is already done for these locks: only the report runs.
    locks = b"".join((tmp_path / name).read_bytes() for name in sorted(LOCKS))
    digest = hashlib.sha256(locks).hexdigest()[:16]
    (tmp_path / ".venv" / f".installed-{digest}-requirements.txt").touch()
    result = subprocess.run(
        ["bash", str(tmp_path / ".ci" / "setup-python"), "requirements.txt"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHON": sys.executable},
    )
    assert result.returncode == 0, result.stderr
    version = ".".join(map(str, sys.version_info[:3]))
    assert f"Python {version}: .venv/bin/python, made from /" in result.stdout
