"""Candidate views. Every query is scoped to the signed-in candidate."""

from flask import render_template
from flask_login import current_user

from portal.auth.guards import access
from portal.candidate import bp
from portal.models import Client, Interview, Position


@bp.get("/")
@access("candidate")
def home():
    """What to do now: the candidate's interviews."""
    rows = (
        Interview.select(Interview, Position, Client)
        .join(Position)
        .join(Client)
        .where(Interview.candidate == current_user.id)
        .order_by(Interview.starts_at.desc())
    )
    return render_template("candidate/home.html", interviews=list(rows))


@bp.get("/account")
@access("candidate")
def account():
    """The candidate's account."""
    return render_template("candidate/account.html")
