"""Command-line tasks: `flask create-recruiter`, `flask seed-demo`."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.db import connected, database
from portal.models import Client, Position, User, utcnow
from portal.services import accounts, clock, interviews
from portal.services.errors import Conflict
from portal.services.interviews import PersonInput

DEMO_PASSWORD = "debrief-demo-walkthrough"


def link_for(path: str) -> str:
    """An absolute link for the terminal, from BASE_URL (default: the dev server)."""
    base = current_app.config.get("BASE_URL") or "http://127.0.0.1:5000"
    return base.rstrip("/") + path


@click.command("create-recruiter")
@with_appcontext
@click.argument("email")
@click.option("--name", default="", help="Shown to candidates; defaults to the email's name.")
@click.option("--phone", default="", help="Candidates call this number after interviews.")
def create_recruiter_command(email: str, name: str, phone: str) -> None:
    """Make a recruiter account and print a one-time link to set its password."""
    with connected():
        try:
            user = accounts.create_user(
                role="recruiter", email=email, name=name or email.split("@")[0], phone=phone
            )
        except Conflict:
            user = User.get(User.email == accounts.normalize_email(email))
            if not user.is_recruiter:
                raise click.ClickException("That email belongs to a candidate.") from None
            click.echo("That recruiter exists already; here is a new link to set the password.")
        token = accounts.issue_token(
            user=user, purpose="invite", hours=current_app.config["INVITE_TTL_HOURS"]
        )
    hours = current_app.config["INVITE_TTL_HOURS"]
    click.echo(f"Recruiter: {user.email}")
    click.echo(f"Open this link within {hours} hours to set the password (it works once):")
    click.echo(link_for(f"/invite/{token}"))


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Fill an empty portal with a recruiter, two candidates and interviews past and future."""
    with connected():
        if User.select().where(User.email == "recruiter@example.com").exists():
            click.echo("Demo data is already here.")
            return
        with database.atomic():
            summary = seed_demo(now=utcnow())
    for line in summary:
        click.echo(line)


def seed_demo(*, now: dt.datetime) -> list[str]:
    """Create the demo data; return lines telling how to sign in."""
    recruiter = accounts.create_user(
        role="recruiter",
        email="recruiter@example.com",
        name="Riley Recruiter",
        phone="+44 20 7946 0000",
    )
    ana = accounts.create_user(
        role="candidate",
        email="ana@example.com",
        name="Ana Müller",
        phone="+44 7700 900123",
        invited_by=recruiter,
    )
    ben = accounts.create_user(
        role="candidate",
        email="ben@example.com",
        name="Ben Okafor",
        phone="+44 7700 900456",
        invited_by=recruiter,
    )
    for user in (recruiter, ana, ben):
        user.password_hash = accounts.hash_password(DEMO_PASSWORD)
        user.save()
    acme = Client.create(name="Acme Analytics")
    north = Client.create(name="Northwind Health")
    data_lead = Position.create(client=acme, title="Lead Data Engineer", search_type="retained")
    pm = Position.create(client=north, title="Product Manager", search_type="contingency")
    zone = "Europe/London"
    local_now = clock.to_local(now, zone).replace(tzinfo=None, second=0, microsecond=0)
    panel = [
        PersonInput("Priya Shah", "VP Engineering", "decision_maker", "priya@acme.example"),
        PersonInput("Tom Becker", "Staff Engineer", "peer"),
        PersonInput("Lena Ford", "Talent Partner", "hr"),
    ]
    plans = [
        (ana, data_lead, local_now - dt.timedelta(minutes=100), 60, "onsite", panel),
        (
            ana,
            pm,
            local_now + dt.timedelta(days=2, hours=3),
            45,
            "video",
            [PersonInput("Sam Ortiz", "Head of Product", "decision_maker")],
        ),
        (
            ben,
            pm,
            local_now - dt.timedelta(days=1, hours=2),
            60,
            "video",
            [
                PersonInput("Sam Ortiz", "Head of Product", "decision_maker"),
                PersonInput("Kai Chen", "Designer", "influencer"),
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


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(create_recruiter_command)
    app.cli.add_command(seed_demo_command)
