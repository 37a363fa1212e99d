"""Recruiters' own accounts and the team: a recruiter's profile, and recruiters inviting,
deactivating and resetting one another.

Every change to the team is audited (who, what, for whom), never a token. A recruiter
cannot deactivate or reset themselves: their own account page changes their password,
and a team can never lock out its last member by accident.
"""

from __future__ import annotations

from peewee import fn

from portal.db import database
from portal.models import User
from portal.models import utcnow
from portal.services import clock
from portal.services.accounts import audit
from portal.services.accounts import users
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.vocabulary import N_

NAME_MAX = 120
PHONE_MAX = 40


def get_recruiter(*, recruiter_id: int) -> User:
    """The recruiter (active or not), or NotFound (a candidate's id is not a recruiter)."""
    found = User.get_or_none((User.id == recruiter_id) & (User.role == "recruiter"))
    if found is None:
        raise NotFound("That recruiter does not exist.")
    return found


def team() -> list[User]:
    """Every recruiter, active or not, by name (one query)."""
    return list(
        User.select().where(User.role == "recruiter").order_by(fn.LOWER(User.name), User.id)
    )


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError("Enter your name.", field="name")
    if len(name) > NAME_MAX:
        raise ServiceError("Use at most %(n)s characters.", field="name", n=NAME_MAX)
    return name


def _clean_phone(phone: str) -> str:
    phone = " ".join((phone or "").split())
    if len(phone) > PHONE_MAX:
        raise ServiceError(
            "Keep the phone number under %(n)s characters.", field="phone", n=PHONE_MAX
        )
    return phone


def update_profile(*, user: User, name: str, phone: str, time_zone: str) -> User:
    """Set a recruiter's own name (candidates see it), phone (their "Call" button) and zone."""
    name = _clean_name(name)
    phone = _clean_phone(phone)
    if not clock.is_zone(time_zone):
        raise ServiceError("Choose a time zone from the list.", field="time_zone")
    with database.atomic():
        user.name, user.phone, user.time_zone = name, phone, time_zone
        user.time_zone_set_at = utcnow()
        user.save(only=[User.name, User.phone, User.time_zone, User.time_zone_set_at])
        # What changed, not the values: the log keeps no personal details.
        audit.record(user, "profile.updated", user)
    return user


def invite_recruiter(
    *, email: str, name: str, phone: str, by: User, hours: int, address: str = ""
) -> tuple[User, str]:
    """Make a recruiter account and its one-time invite link, together or not at all."""
    name = _clean_name(name)
    phone = _clean_phone(phone)
    with database.atomic():
        user = users.create_user(
            role="recruiter", email=email, name=name, phone=phone, invited_by=by
        )
        audit.record(by, "recruiter.invited", user, address=address)
        return user, users.issue_token(
            user=user, purpose="invite", hours=hours, created_by=by, address=address
        )


# What a recruiter is told who tries one of these on their own account (a sentence each).
NOT_YOURSELF = {
    "deactivate": N_("You cannot deactivate your own account here."),
    "reactivate": N_("You cannot reactivate your own account here."),
    "link": N_("You cannot send a link to your own account here."),
}


def _not_yourself(recruiter: User, by: User, action: str) -> None:
    if recruiter.id == by.id:
        raise ServiceError(NOT_YOURSELF[action])


def set_active(*, recruiter: User, active: bool, by: User) -> None:
    """Deactivate (ending every session) or reactivate another recruiter."""
    _not_yourself(recruiter, by, "deactivate" if not active else "reactivate")
    users.set_active(user=recruiter, active=active, by=by)


def issue_link(*, recruiter: User, purpose: str, by: User, hours: int, address: str = "") -> str:
    """A one-time invite or password-reset link for another recruiter (shown once)."""
    _not_yourself(recruiter, by, "link")
    if not recruiter.active:
        raise ServiceError("Reactivate this recruiter first: their links would not work.")
    return users.issue_token(
        user=recruiter, purpose=purpose, hours=hours, created_by=by, address=address
    )
