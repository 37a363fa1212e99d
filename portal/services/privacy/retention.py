"""Retention: candidates with no activity for `days` are warned, then erased after a grace period.

Activity is anything that shows the candidate's record is still in use: the
account made, a sign-in, anything the candidate did that the audit log holds,
an interview booked, edited or ending (a future interview counts from its
end), a debrief or letter saved, a prep item ticked, a share link made.

`run` is meant to be called once a day (`flask privacy retention`, or the task
queue). Each call, for every candidate not yet erased:

- active within `days`: nothing, and an earlier warning is withdrawn;
- inactive, not warned since their last activity: warned (audit entry, the
  recruiter's board lists them with the date they will be erased, and the
  candidate is told through `tell_candidate`);
- warned at least `grace_days` ago and still inactive: erased.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from peewee import fn

from portal.db import database
from portal.db import fold_write_ahead_log
from portal.db import tuples
from portal.models import AuditEvent
from portal.models import ChecklistItem
from portal.models import Debrief
from portal.models import Interview
from portal.models import ShareLink
from portal.models import ThankYouLetter
from portal.models import User
from portal.services.accounts import audit
from portal.services.mail import notices
from portal.services.privacy import erasure

DEFAULT_DAYS = 730
DEFAULT_GRACE_DAYS = 30


@dataclass
class Outcome:
    """What one run did: candidate ids warned, erased, and whose warning was withdrawn."""

    warned: list[int] = field(default_factory=list)
    erased: list[int] = field(default_factory=list)
    withdrawn: list[int] = field(default_factory=list)


def _latest(query) -> dict[int, dt.datetime]:
    return {cid: when for cid, when in query.tuples() if when is not None}


def last_activity() -> dict[int, dt.datetime]:
    """Each candidate's latest activity (not yet erased candidates only)."""
    people = User.select(User.id, User.created_at, User.last_login_at).where(
        (User.role == "candidate") & User.erased_at.is_null()
    )
    latest: dict[int, dt.datetime] = {}
    for cid, created, signed_in in tuples(people):
        latest[cid] = max(when for when in (created, signed_in) if when is not None)
    by_interview = Interview.candidate
    sources = (
        AuditEvent.select(AuditEvent.actor, fn.MAX(AuditEvent.created_at)).group_by(
            AuditEvent.actor
        ),
        Interview.select(by_interview, fn.MAX(Interview.ends_at)).group_by(by_interview),
        Interview.select(by_interview, fn.MAX(Interview.updated_at)).group_by(by_interview),
        Debrief.select(Debrief.candidate, fn.MAX(Debrief.updated_at)).group_by(Debrief.candidate),
        ThankYouLetter.select(by_interview, fn.MAX(ThankYouLetter.updated_at))
        .join(Interview)
        .group_by(by_interview),
        ChecklistItem.select(by_interview, fn.MAX(ChecklistItem.done_at))
        .join(Interview)
        .group_by(by_interview),
        ShareLink.select(ShareLink.candidate, fn.MAX(ShareLink.created_at)).group_by(
            ShareLink.candidate
        ),
    )
    for query in sources:
        for cid, when in _latest(query).items():
            if cid in latest:
                latest[cid] = max(latest[cid], _as_datetime(when))
    return latest


def _as_datetime(value) -> dt.datetime:
    # SQLite hands MAX() of a datetime column back as text.
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    return value


def tell_candidate(*, candidate: User, erase_after: dt.datetime) -> None:
    """Email the candidate that their data will be erased after `erase_after` unless they
    sign in. Runs inside the warning's transaction (the outbox key holds the candidate and
    the date, so a retried run queues nothing twice)."""
    notices.retention_warning(candidate=candidate, erase_after=erase_after)


def run(
    *, now: dt.datetime, days: int, grace_days: int, mail_folder: Path | None = None
) -> Outcome:
    """Warn and erase inactive candidates as of `now` (see the module docstring); an
    erasure also removes mail files about them in `mail_folder` and, once the run has
    erased anyone, the SQLite write-ahead log is folded away (see `erasure`)."""
    outcome = Outcome()
    stale_before = now - dt.timedelta(days=days)
    grace = dt.timedelta(days=grace_days)
    latest = last_activity()
    warned: dict[int, dt.datetime] = {
        cid: when
        for cid, when in tuples(
            User.select(User.id, User.retention_warned_at).where(
                User.id.in_(list(latest)) & User.retention_warned_at.is_null(False)
            )
        )
    }
    for cid, active_at in sorted(latest.items()):
        warned_at = warned.get(cid)
        if active_at > stale_before:
            if warned_at is not None:
                _withdraw(cid, now=now)
                outcome.withdrawn.append(cid)
        elif warned_at is None or active_at > warned_at:
            _warn(cid, now=now, erase_after=now + grace)
            outcome.warned.append(cid)
        elif now >= warned_at + grace:
            erasure.erase_candidate(
                candidate_id=cid,
                by=None,
                reason="retention",
                now=now,
                mail_folder=mail_folder,
                fold_log=False,
            )
            outcome.erased.append(cid)
    if outcome.erased:
        fold_write_ahead_log()
    return outcome


def _warn(candidate_id: int, *, now: dt.datetime, erase_after: dt.datetime) -> None:
    with database.atomic():
        candidate = User.get_by_id(candidate_id)
        candidate.retention_warned_at = now
        candidate.save(only=[User.retention_warned_at])
        audit.record(
            None, "retention.warned", candidate, detail=f"erase after {erase_after.date()}", at=now
        )
        tell_candidate(candidate=candidate, erase_after=erase_after)


def _withdraw(candidate_id: int, *, now: dt.datetime) -> None:
    with database.atomic():
        User.update(retention_warned_at=None).where(User.id == candidate_id).execute()
        audit.record(None, "retention.withdrawn", ("user", candidate_id), at=now)
