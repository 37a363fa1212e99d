"""A throw-away PostgreSQL database for a benchmark or load run."""

from __future__ import annotations

import contextlib
import os
import re
import uuid


@contextlib.contextmanager
def temporary_database(server_url: str):
    """Create a database on `server_url`'s server, yield its URL, drop it afterwards."""
    import psycopg

    name = f"debrief_run_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    # "postgresql+pool://" (the portal's pooled connections) is not a libpq scheme.
    admin_url = re.sub(r"^postgres(ql)?\+pool://", "postgresql://", server_url).split("?")[0]
    admin = psycopg.connect(admin_url, autocommit=True)
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        yield re.sub(r"/[^/?]*(\?|$)", f"/{name}\\1", server_url, count=1)
    finally:
        from portal.db import database

        if database.obj is not None and not database.obj.is_closed():
            database.obj.close()
        if hasattr(database.obj, "close_all"):
            database.obj.close_all()
        with admin.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
