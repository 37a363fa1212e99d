"""Debrief: the portal a recruiting agency runs for candidates, recruiters and clients.

`create_app` is the only entry point: it loads configuration, binds the
extensions, opens the database hooks and registers the blueprints.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

from portal.application import Portal

DEFAULTS = {
    "AGENCY_NAME": "Debrief Recruiting",
    # Where the agency works: share pages made without an interview give dates here.
    "AGENCY_TIME_ZONE": "Europe/London",
    # CSRF tokens live as long as the session: a form opened before an
    # interview must still submit after it.
    "WTF_CSRF_TIME_LIMIT": None,
    # WTForms' messages are translated by the forms' base (portal.form_fields.PortalForm).
    "WTF_I18N_ENABLED": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    # Idle lifetime: a session unused this long is over (portal.session_cookie).
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 14,
    # Absolute lifetime: this many days after signing in, sign in again.
    "SESSION_MAX_DAYS": 30,
    "MAX_CONTENT_LENGTH": 256 * 1024,
    # A candidate's document (PDF or Word): the largest file the upload route takes.
    "DOCUMENT_MAX_BYTES": 10 * 1024 * 1024,
    "SEND_FILE_MAX_AGE_DEFAULT": 60 * 60 * 24 * 365,
    "HTTPS": False,
    # How many proxies stand in front of the portal (see README): 0 trusts no
    # X-Forwarded-* header, so a visitor cannot claim another's address.
    "TRUSTED_PROXIES": 0,
    "DATABASE_URL": "",
    "LOGIN_FAILURES_PER_ACCOUNT": 5,
    "LOGIN_FAILURES_PER_ADDRESS": 30,
    "LOGIN_WINDOW_SECONDS": 15 * 60,
    "LOGIN_SLOWDOWN_CAP_SECONDS": 60,
    "DEBRIEF_OVERDUE_MINUTES": 120,
    "INVITE_TTL_HOURS": 72,
    # Privacy: who candidates write to about their data, and how long it is kept.
    "AGENCY_EMAIL": "",
    "PRIVACY_CONTACT": "",
    "RETENTION_DAYS": 730,
    "RETENTION_GRACE_DAYS": 30,
    "BACKUP_DAYS": 30,
    "RESET_TTL_HOURS": 2,
    "COUNT_QUERIES": False,
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "text/csv",
        "text/calendar",
        "text/plain",
    ],
    "COMPRESS_ALGORITHM": ["gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["gzip"],
    "COMPRESS_STREAMS": True,
    "COMPRESS_MIN_SIZE": 256,
    # Mail: no SMTP host means messages are written to instance/outbox/*.eml.
    "SMTP_HOST": "",
    "SMTP_PORT": 587,
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "SMTP_STARTTLS": True,
    "SMTP_FROM": "",
    # A message claimed by a worker this long ago without being sent belonged to a
    # worker that died mid-send: it is sent again (README, "at least once").
    "MAIL_CLAIM_SECONDS": 600,
    # The task queue (portal.tasks): Redis at this URL, else SQLite at HUEY_FILE
    # (empty: instance/huey.sqlite3). On Redis its keys start with HUEY_NAME: two
    # portals sharing one Redis each need their own.
    "REDIS_URL": "",
    "HUEY_FILE": "",
    "HUEY_NAME": "debrief",
    "BASE_URL": "http://127.0.0.1:5000",
}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the portal. `test_config` replaces environment and instance settings."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    from portal.requests import DatabaseId
    from portal.requests import PortalRequest

    app = Portal(
        __name__,
        instance_relative_config=True,
        # Tests give each app an instance folder of its own (its outbox files, say).
        instance_path=(test_config or {}).get("INSTANCE_PATH"),
        template_folder="../templates",
        static_folder="../static",
    )
    app.request_class = PortalRequest
    # Ids in URLs fit the database's 64-bit integers; a bigger one is a 404.
    app.url_map.converters["int"] = DatabaseId
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("DEBRIEF")
    else:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _ensure_secret_key(app)
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        # The address and scheme come from the last `proxies` entries of
        # X-Forwarded-For/-Proto, which our own proxies appended. The Host
        # header is left as the proxy passed it: an X-Forwarded-Host the proxy
        # does not set would come straight from the visitor.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    if app.config["HTTPS"]:
        app.config.update(
            # __Host-: the browser keeps it only if Secure, for "/", and for
            # this host alone (no sibling subdomain can set or read it).
            SESSION_COOKIE_NAME="__Host-session",
            SESSION_COOKIE_SECURE=True,
            REMEMBER_COOKIE_SECURE=True,
            PREFERRED_URL_SCHEME="https",
        )

    from portal import db
    from portal import errors
    from portal import extensions
    from portal import http_cache
    from portal import i18n
    from portal import logs
    from portal import security
    from portal import session_cookie
    from portal import templating
    from portal.services.accounts import users

    # Tests sign in hundreds of times: argon2's cheapest parameters there only.
    users.use_test_hashing(bool(app.config["TESTING"]))

    # The database hooks first: the CSRF check runs in a before_request hook,
    # and its error page needs the connection (to know who is signed in).
    db.init_app(app)
    extensions.init_app(app)
    i18n.init_app(app)
    session_cookie.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    logs.init_app(app)
    http_cache.init_app(app)

    from portal import auth
    from portal import candidate
    from portal import commands
    from portal import recruiter
    from portal import share

    app.register_blueprint(auth.bp)
    app.register_blueprint(candidate.bp)
    app.register_blueprint(recruiter.bp)
    app.register_blueprint(share.bp)
    commands.init_app(app)
    return app


def _ensure_secret_key(app: Flask) -> None:
    """Use the configured secret; in development, generate one into the instance folder.

    A production deployment (DEBRIEF_HTTPS=1 or a database URL) without a
    secret is a configuration error, not something to paper over.
    """
    if app.config.get("SECRET_KEY"):
        return
    production = app.config["HTTPS"] or app.config["DATABASE_URL"]
    if production or os.environ.get("DEBRIEF_REQUIRE_SECRET"):
        raise RuntimeError("Set DEBRIEF_SECRET_KEY: a production deployment needs its own secret.")
    key_file = Path(app.instance_path) / "secret_key"
    try:
        # Made owner-only from the start, and by exactly one process: workers
        # started together must not each write a key of their own.
        fd = os.open(key_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    app.config["SECRET_KEY"] = key_file.read_text().strip()
