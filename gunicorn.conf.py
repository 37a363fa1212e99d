"""gunicorn settings for Debrief: `gunicorn --config gunicorn.conf.py wsgi:app`."""

import os

# 2 cores: two sync workers beat more on this box (measured), plus threads for slow phones.
workers = int(os.environ.get("DEBRIEF_WORKERS", "2"))
threads = int(os.environ.get("DEBRIEF_THREADS", "4"))
worker_class = "gthread"
# Load the app once in the master: migrations run once, not once per worker.
preload_app = True
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
# gunicorn 25.1+ opens a control socket at one path per user
# ($XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl): a second portal
# run by the same user would take it over, and a `gunicornc shutdown` meant for
# one instance would stop another. Nothing here uses it: off.
control_socket_disable = True
# Never log query strings or bodies (share tokens live in paths: see below).
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

# One-time tokens (share links, invites, resets) live in URL paths: the access
# log shows those paths with the token cut out (portal.logs.redact).
from gunicorn.glogging import Logger  # noqa: E402

from portal.logs import redact  # noqa: E402


class RedactingLogger(Logger):
    """gunicorn's access log, with tokens in paths replaced by '…'."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r", "{raw_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms


logger_class = RedactingLogger


def on_starting(server):
    """Create and migrate the embedded SQLite database before serving (once, in the master).

    PostgreSQL deployments migrate with `flask db upgrade` on each deploy
    instead: several app servers must not race to apply the same migration.
    """
    app = server.app.wsgi()
    if "DATABASE_URL" not in getattr(app, "config", {}):
        return  # not the portal: e.g. the benchmark's bare-Flask page, run from this folder
    if not app.config["DATABASE_URL"]:
        from portal.db import upgrade

        with app.app_context():
            upgrade()


def post_fork(server, worker):
    """Each worker opens its own database connections (never the master's)."""
    from portal.db import database

    if database.obj is not None and hasattr(database.obj, "close_all"):
        database.obj.close_all()


def pre_fork(server, worker):
    """Before each worker is forked, move what loading the app made (modules, templates,
    catalogs: kept for the life of the process) out of the garbage collector's sight
    (the Python documentation's advice for servers that fork). A full collection in a
    worker then walks only what its requests made: on the board at 100,000 interviews
    the longest pause went from about 56 ms to 7 ms. The workers also keep sharing those
    memory pages with the master instead of copying them."""
    import gc

    gc.freeze()
