"""Command-line tasks: `flask create-recruiter`, `flask seed-demo`, `flask privacy retention`, …"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import click
from flask import Flask
from flask import current_app
from flask.cli import AppGroup
from flask.cli import with_appcontext

from portal.db import connected
from portal.db import database
from portal.db import is_sqlite
from portal.messages import delivery
from portal.models import Client
from portal.models import Position
from portal.models import User
from portal.models import utcnow
from portal.services import clock
from portal.services.accounts import users
from portal.services.errors import Conflict
from portal.services.journey import interviews
from portal.services.journey.interviews import PanelEntry
from portal.services.privacy import retention

DEMO_PASSWORD = "debrief-demo-walkthrough"


def link_for(path: str) -> str:
    """An absolute link for the terminal, from BASE_URL (default: the dev server)."""
    base = current_app.config.get("BASE_URL") or "http://127.0.0.1:5000"
    return base.rstrip("/") + path


@click.command("create-recruiter")
@with_appcontext
@click.argument("email")
@click.option("--name", default="", help="Shown to candidates; defaults to the email's name.")
@click.option(
    "--phone",
    default="",
    help="Candidates call this number after interviews (their Call button needs it).",
)
def create_recruiter_command(email: str, name: str, phone: str) -> None:
    """Make a recruiter account and print a one-time link to set its password."""
    with connected():
        try:
            user = users.create_user(
                role="recruiter", email=email, name=name or email.split("@")[0], phone=phone
            )
        except Conflict:
            user = User.get(User.email == users.normalize_email(email))
            if not user.is_recruiter:
                raise click.ClickException("That email belongs to a candidate.") from None
            click.echo("That recruiter exists already; here is a new link to set the password.")
        token = users.issue_token(
            user=user, purpose="invite", hours=current_app.config["INVITE_TTL_HOURS"]
        )
    hours = current_app.config["INVITE_TTL_HOURS"]
    click.echo(f"Recruiter: {user.email}")
    click.echo(f"Open this link within {hours} hours to set the password (it works once):")
    click.echo(link_for(f"/invite/{token}"))
    if not user.phone:
        # Without it, candidates get no Call button after their interviews.
        click.echo(
            "No phone number yet: candidates see a Call button only once it is set. "
            "Add it with --phone, or on the account page after signing in: "
            + link_for("/recruiter/account")
        )


@click.command("seed-demo")
@click.option(
    "--force",
    is_flag=True,
    help="Seed even a portal that looks live (real accounts, HTTPS or a database URL).",
)
@with_appcontext
def seed_demo_command(force: bool) -> None:
    """Fill an empty portal with a recruiter, two candidates and interviews past and future.

    The demo accounts share a published password: on a live portal they would
    be a way in, so the command refuses there unless forced.
    """
    config = current_app.config
    with connected():
        if User.select().where(User.email == "recruiter@example.com").exists():
            click.echo("Demo data is already here.")
            return
        live = [
            reason
            for reason, present in (
                ("it has accounts", User.select().exists()),
                ("DEBRIEF_HTTPS is on", bool(config["HTTPS"])),
                ("DEBRIEF_DATABASE_URL is set", bool(config["DATABASE_URL"])),
            )
            if present
        ]
        if live and not force:
            raise click.ClickException(
                "This portal looks live (" + ", ".join(live) + "): demo accounts with a "
                "published password would be a way in. Use --force only on a test copy."
            )
        if live:
            click.secho(
                "WARNING: seeding demo accounts with a published password into a portal "
                f"that looks live ({', '.join(live)}). Remove them before real use.",
                fg="red",
                err=True,
            )
        with database.atomic():
            summary = seed_demo(now=utcnow())
    for line in summary:
        click.echo(line)


# The demo candidates: email, name, phone.
DEMO_CANDIDATES = (
    ("ana@example.com", "Ana Müller", "+44 7700 900123"),
    ("ben@example.com", "Ben Okafor", "+44 7700 900456"),
)


def seed_demo(*, now: dt.datetime) -> list[str]:
    """Create the demo data; return lines telling how to sign in."""
    recruiter = users.create_user(
        role="recruiter",
        email="recruiter@example.com",
        name="Riley Recruiter",
        phone="+44 20 7946 0000",
    )
    ana, ben = (
        users.create_user(
            role="candidate", email=email, name=name, phone=phone, invited_by=recruiter
        )
        for email, name, phone in DEMO_CANDIDATES
    )
    for user in (recruiter, ana, ben):
        user.password_hash = users.hash_password(DEMO_PASSWORD)
        user.save()
    acme = Client.create(name="Acme Analytics")
    north = Client.create(name="Northwind Health")
    data_lead = Position.create(client=acme, title="Lead Data Engineer", search_type="retained")
    pm = Position.create(client=north, title="Product Manager", search_type="contingency")
    zone = "Europe/London"
    local_now = clock.to_local(now, zone).replace(tzinfo=None, second=0, microsecond=0)
    panel = [
        PanelEntry("Priya Shah", "VP Engineering", "decision_maker", "priya@acme.example"),
        PanelEntry("Tom Becker", "Staff Engineer", "peer"),
        PanelEntry("Lena Ford", "Talent Partner", "hr"),
    ]
    plans = [
        (ana, data_lead, local_now - dt.timedelta(minutes=100), 60, "onsite", panel),
        (
            ana,
            pm,
            local_now + dt.timedelta(days=2, hours=3),
            45,
            "video",
            [PanelEntry("Sam Ortiz", "Head of Product", "decision_maker")],
        ),
        (
            ben,
            pm,
            local_now - dt.timedelta(days=1, hours=2),
            60,
            "video",
            [
                PanelEntry("Sam Ortiz", "Head of Product", "decision_maker"),
                PanelEntry("Kai Chen", "Designer", "influencer"),
            ],
        ),
        (ben, data_lead, local_now + dt.timedelta(hours=26), 60, "onsite", panel[:2]),
    ]
    for candidate, position, start, minutes, fmt, people in plans:
        interviews.schedule(
            candidate=candidate,
            recruiter=recruiter,
            position=position,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=minutes),
            time_zone=zone,
            format=fmt,
            location="12 King's Road, London" if fmt == "onsite" else "https://meet.example/abc",
            interviewers=people,
        )
    return [
        f"Demo data created. Sign in at /login with any of these (password: {DEMO_PASSWORD}):",
        "  recruiter@example.com  (recruiter)",
        "  ana@example.com        (candidate: an interview ended 40 minutes ago)",
        "  ben@example.com        (candidate)",
    ]


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(path: str) -> None:
    """Copy the embedded database to PATH, consistently, while the portal keeps serving."""
    if not is_sqlite():
        raise click.ClickException(
            "Backups of PostgreSQL are made with pg_dump, e.g. "
            'pg_dump --format=custom --file=debrief.dump "$DEBRIEF_DATABASE_URL"'
        )
    pages = backup_sqlite(target=path)
    click.echo(f"Backed up {pages} pages to {path}")


def backup_sqlite(*, target: str) -> int:
    """Online copy through SQLite's backup API; returns the number of pages copied.

    The copy is written to a temporary file beside the target and renamed, so
    a half-written backup never sits where a good one is expected.
    """
    target_path = Path(target)
    partial = target_path.with_name(target_path.name + ".partial")
    partial.unlink(missing_ok=True)
    copied = 0

    def progress(status, remaining, total):
        nonlocal copied
        copied = total

    with connected():
        destination = sqlite3.connect(partial)
        try:
            # Small steps let writers in between: the portal keeps serving.
            database.connection().backup(destination, pages=512, progress=progress, sleep=0.005)
            check = destination.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            destination.close()
    if check != "ok":
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"The copy failed its integrity check: {check}")
    partial.replace(target_path)
    return copied


privacy_cli = AppGroup("privacy", help="Candidates' data: retention.")


@privacy_cli.command("retention")
@with_appcontext
def retention_command() -> None:
    """Warn candidates inactive for RETENTION_DAYS; erase those warned RETENTION_GRACE_DAYS ago.

    Meant to run once a day.
    """
    outcome = apply_retention(now=utcnow())
    click.echo(
        f"Warned {len(outcome.warned)}, erased {len(outcome.erased)}, "
        f"warnings withdrawn {len(outcome.withdrawn)}."
    )


def apply_retention(*, now: dt.datetime) -> retention.Outcome:
    """One retention run with the app's settings (the command, or a scheduled task)."""
    config = current_app.config
    # No page needs marking changed: every ETag turns with the minute (portal.http_cache),
    # and an erased candidate's sessions are ended by the erasure itself.
    with connected():
        return retention.run(
            now=now,
            days=int(config["RETENTION_DAYS"]),
            grace_days=int(config["RETENTION_GRACE_DAYS"]),
            mail_folder=delivery.outbox_folder(current_app),
        )


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(create_recruiter_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(privacy_cli)
