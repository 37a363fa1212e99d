"""Erasure: a candidate asks for it (confirming with their password); a recruiter, or
retention, carries it out.

Erasing walks `personal_data.HOLDINGS`: every personal field of every row about
the candidate is replaced (their name and email become "Erased candidate 12" and
an address that can never receive mail), rows that only single them out are
deleted, share links are revoked, unused sign-in links are spent and every
session ends. What is not personal stays, so counts and timings still add up.
The audit entry it writes says who erased whom (by id) and why, nothing more.

Then what is left on disk outside the tables goes too: the mail files written to
or about them (`mail_folder`, the embedded default's outbox folder), and on SQLite
the write-ahead log, folded into the file (where `secure_delete` overwrote what
was erased) and cut to nothing (`portal.db.fold_write_ahead_log`).
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from peewee import Field
from peewee import Model

from portal.db import database
from portal.db import fold_write_ahead_log
from portal.db import tuples
from portal.models import OneTimeToken
from portal.models import OutboxMessage
from portal.models import ShareLink
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import audit
from portal.services.accounts import users
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.privacy import personal_data
from portal.services.privacy.personal_data import HOLDINGS
from portal.services.privacy.personal_data import Holding
from portal.services.vocabulary import N_

# Why an erasure happened: the audit entry's detail.
REASONS = ("request", "recruiter", "retention")


class AlreadyErased(ServiceError):
    """The candidate was erased already."""


@dataclass(frozen=True)
class Pending:
    """A candidate to erase, as the recruiter's board lists them.

    `kind` is "request" (they asked on `since`) or "retention" (warned on
    `since`; erased after `erase_after` unless they come back).
    """

    candidate_id: int
    name: str
    kind: str
    since: dt.datetime
    erase_after: dt.datetime | None


def request_erasure(*, candidate: User, password: str, address: str = "") -> User:
    """The candidate asks to be erased; their password confirms it is them.

    Raises ServiceError (field `password`) when the password is wrong, and Throttled
    after too many wrong ones (counted with the password change's, see
    `users.confirm_password`).
    """
    users.confirm_password(
        user=candidate, password=password, field="password", wrong=N_("That password is not right.")
    )
    with database.atomic():
        if candidate.erasure_requested_at is None:
            candidate.erasure_requested_at = utcnow()
            candidate.save(only=[User.erasure_requested_at])
            audit.record(candidate, "erasure.requested", candidate, address=address)
    return candidate


def pending(*, grace_days: int, limit: int = 50) -> list[Pending]:
    """Erasure requests (oldest first), then retention warnings (soonest erasure first)."""
    rows = tuples(
        User.select(User.id, User.name, User.erasure_requested_at, User.retention_warned_at)
        .where(
            (User.role == "candidate")
            & User.erased_at.is_null()
            & (User.erasure_requested_at.is_null(False) | User.retention_warned_at.is_null(False))
        )
        .order_by(User.id)
        .limit(limit)
    )
    grace = dt.timedelta(days=grace_days)
    asked, warned = [], []
    for cid, name, requested_at, warned_at in rows:
        if requested_at is not None:
            asked.append(Pending(cid, name, "request", requested_at, None))
        else:
            warned.append(Pending(cid, name, "retention", warned_at, warned_at + grace))
    return sorted(asked, key=lambda p: p.since) + sorted(warned, key=lambda p: p.since)


def _scrub(holding: Holding, candidate: User) -> int:
    """Apply one holding's erasure to the candidate's rows; the number of rows touched."""
    model: type[Model] = holding.model
    if holding.rows is None:
        return 0
    key = cast(Field, model._meta.primary_key)  # every model has one (peewee types it loosely)
    ids = [row_id for (row_id,) in tuples(holding.rows(candidate).select(key))]
    if not ids:
        return 0
    where = key.in_(ids)
    if holding.delete_on_erasure:
        return model.delete().where(where).execute()
    fixed = {name: value for name, value in holding.personal.items() if not callable(value)}
    if fixed:
        model.update(fixed).where(where).execute()
    made = {name: make for name, make in holding.personal.items() if callable(make)}
    if made:
        for row in model.select().where(where):
            model.update({name: make(row) for name, make in made.items()}).where(
                key == getattr(row, key.name)
            ).execute()
    return len(ids)


def erase_candidate(
    *,
    candidate_id: int,
    by: User | None,
    reason: str,
    now: dt.datetime | None = None,
    mail_folder: Path | None = None,
    fold_log: bool = True,
) -> User:
    """Erase everything personal about one candidate, in one transaction; then the mail
    files in `mail_folder` that were to them or name them, and (`fold_log`) the SQLite
    write-ahead log (a caller erasing many folds it once, at the end).

    `by` is the recruiter who did it (None: the retention task); `reason` is one
    of REASONS. Raises NotFound for an unknown id or a recruiter's id,
    AlreadyErased when done before.
    """
    if reason not in REASONS:
        raise ServiceError("Unknown reason for erasure.")
    now = now or utcnow()
    with database.atomic():
        candidate = User.get_or_none((User.id == candidate_id) & (User.role == "candidate"))
        if candidate is None:
            raise NotFound("No such candidate.")
        if candidate.erased_at is not None:
            raise AlreadyErased("This candidate was erased already.")
        traces = (candidate.email, candidate.name, candidate.phone)
        mail = personal_data.outbox_of(candidate).select(OutboxMessage.id)
        mail_ids = [row[0] for row in tuples(mail)]
        ShareLink.update(revoked_at=now, revoked_by=by).where(
            (ShareLink.candidate == candidate.id) & ShareLink.revoked_at.is_null()
        ).execute()
        OneTimeToken.update(used_at=now).where(
            (OneTimeToken.user == candidate.id) & OneTimeToken.used_at.is_null()
        ).execute()
        # The user row last: other holdings find their rows through its email.
        for holding in sorted(HOLDINGS, key=lambda h: h.model is User):
            if holding.rows is not None:
                _scrub(holding, candidate)
        User.update(
            active=False,
            erased_at=now,
            retention_warned_at=None,
            session_version=User.session_version + 1,
        ).where(User.id == candidate.id).execute()
        audit.record(by, "candidate.erased", candidate, detail=reason, at=now)
    if mail_folder is not None:
        remove_mail_files(mail_folder, message_ids=mail_ids, naming=traces)
    if fold_log:
        fold_write_ahead_log()
    return User.get_by_id(candidate.id)


def remove_mail_files(folder: Path, *, message_ids: list[int], naming: tuple[str, ...]) -> int:
    """Delete the mail files (`<message id>-<kind>.eml`, the id zero-padded) of
    `message_ids`, and any other
    whose headers or text name one of `naming` (older mail whose outbox row was pruned).
    Returns how many went."""
    needles = [n.casefold() for n in naming if len(n.strip()) >= 3]
    ours = set(message_ids)
    removed = 0
    for path in sorted(folder.glob("*.eml")) if folder.is_dir() else []:
        number = path.name.split("-", 1)[0]
        if (number.isdigit() and int(number) in ours) or _names_any(path, needles):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _names_any(path: Path, needles: list[str]) -> bool:
    """True when the message's headers or text parts (decoded) hold one of `needles`."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    text = [str(value) for value in message.values()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            text.append(part.get_content())
    haystack = "\n".join(text).casefold()
    return any(needle in haystack for needle in needles)
