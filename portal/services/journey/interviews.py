"""Scheduling interviews: times converted to UTC, interviewers added, prep copied in."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from peewee import fn

from portal.db import Prepared
from portal.db import database
from portal.db import is_sqlite
from portal.db import param
from portal.models import ChecklistTemplate
from portal.models import Interview
from portal.models import Interviewer
from portal.models import Position
from portal.models import User
from portal.services import clock
from portal.services import idempotency
from portal.services.accounts import audit
from portal.services.errors import ServiceError
from portal.services.journey import checklists
from portal.services.mail import notices
from portal.services.vocabulary import DECISIONS
from portal.services.vocabulary import DEFAULT_ROLE
from portal.services.vocabulary import FORMATS
from portal.services.vocabulary import INTERVIEWER_ROLES


@dataclass(frozen=True)
class PanelEntry:
    """One person on an interview's panel, as the recruiter or the candidate typed them:
    one already listed (`interviewer_id`) or someone new (no id).

    `email=None` keeps the stored email (a half-typed address is not saved over a good one);
    so does None for how to address them, their topics and the key points tied to them
    (`points`, one per line): a form that does not show those leaves them as they are.
    """

    name: str
    title: str = ""
    role: str = "peer"
    email: str | None = ""
    interviewer_id: int | None = None
    address_title: str | None = None
    given_names: str | None = None
    family_name: str | None = None
    topics: str | None = None
    points: str | None = None


NOTE_MAX = 1000
_LINK = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{5,}$")


def meeting_link(*, format: str, location: str) -> str:
    """A link to tap for the interview: its meeting URL (video), a tel: link when the
    place is a phone number, else "" (an address has nothing to tap)."""
    found = _LINK.search(location or "")
    if found:
        return found.group(0).rstrip(".,;)")
    text = (location or "").strip()
    if format == "phone" and _PHONE.match(text):
        return "tel:" + re.sub(r"[^0-9+]", "", text)
    return ""


def _note(text: str) -> str:
    """The recruiter's note as kept: one line-break form, trimmed, within NOTE_MAX."""
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > NOTE_MAX:
        raise ServiceError(
            "Keep the note under %(n)s characters.", field="recruiter_note", n=NOTE_MAX
        )
    return text


def schedule(
    *,
    candidate: User,
    recruiter: User,
    position: Position,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str,
    format: str = "onsite",
    location: str = "",
    round: int = 1,
    interviewers: Sequence[PanelEntry] = (),
    template: ChecklistTemplate | None = None,
    recruiter_note: str = "",
) -> Interview:
    """Book an interview. `starts_at`/`ends_at` are wall-clock times in `time_zone`."""
    if not candidate.is_candidate:
        raise ServiceError("Interviews are for candidates.", field="candidate")
    if format not in FORMATS:
        raise ServiceError("Choose onsite, video or phone.", field="format")
    if not clock.is_zone(time_zone):
        raise ServiceError("Choose a time zone from the list.", field="time_zone")
    start_utc, end_utc = _utc_times(starts_at, ends_at, time_zone)
    with database.atomic():
        interview = Interview.create(
            candidate=candidate,
            recruiter=recruiter,
            position=position,
            round=round,
            starts_at=start_utc,
            ends_at=end_utc,
            time_zone=time_zone,
            format=format,
            location=location.strip(),
            recruiter_note=_note(recruiter_note),
        )
        add_interviewers(interview=interview, people=interviewers, added_by="recruiter")
        checklists.copy_template_to_interview(
            template=template or checklists.ensure_default_template(), interview=interview
        )
        notices.interview_scheduled(interview=interview)
        audit.record(recruiter, "interview.scheduled", interview)
    return interview


PANEL_MAX = 12


def _utc_times(
    starts_at: dt.datetime, ends_at: dt.datetime, time_zone: str
) -> tuple[dt.datetime, dt.datetime]:
    """An interview's wall-clock times in `time_zone`, checked (dates from 2000 to 2099,
    the end after the start) and made naive UTC, as they are stored."""
    for field, when in (("starts_at", starts_at), ("ends_at", ends_at)):
        if not clock.in_range(when):
            raise ServiceError("Enter a date from 2000 to 2099.", field=field)
    start_utc = clock.to_utc(starts_at, time_zone)
    end_utc = clock.to_utc(ends_at, time_zone)
    if end_utc <= start_utc:
        raise ServiceError("The end must be after the start.", field="ends_at")
    return start_utc, end_utc


def _lock_panel(interview_id: int) -> None:
    """Hold the interview's row until the transaction ends, so two saves of its panel
    (two tabs) take turns and the second counts what the first added. SQLite's
    writers already take turns (BEGIN IMMEDIATE); PostgreSQL needs FOR UPDATE."""
    if not is_sqlite():
        Interview.select(Interview.id).where(Interview.id == interview_id).for_update().execute()


def _panel_full(count: int) -> ServiceError:
    return ServiceError(
        "A panel has at most %(n)s people: %(count)s are listed already.",
        field="people",
        n=PANEL_MAX,
        count=count,
    )


def add_interviewers(*, interview: Interview, people, added_by: str) -> list[Interviewer]:
    """Add people to an interview's panel, in order after those already there.

    Raises ServiceError past PANEL_MAX people. Call inside a transaction.
    """
    _lock_panel(interview.id)
    start = Interviewer.select().where(Interviewer.interview == interview).count()
    if start + len(people) > PANEL_MAX:
        raise _panel_full(start)
    made = []
    for n, person in enumerate(people):
        role = person.role if person.role in INTERVIEWER_ROLES else DEFAULT_ROLE
        made.append(
            Interviewer.create(
                interview=interview,
                name=person.name.strip(),
                title=person.title.strip(),
                email=(person.email or "").strip(),
                role=role,
                sort_order=start + n,
                added_by=added_by,
            )
        )
    return made


# ---------------------------------------------------------------------------
# The panel as the candidate corrects it, and the candidate's calendar file
# ---------------------------------------------------------------------------


def panel_of(*, interview_id: int) -> list[Interviewer]:
    """The people on an interview's panel, in the recruiter's order."""
    return list(_panel.run(interview_id=interview_id))


# Most candidate pages show the panel: prepared (portal.db.Prepared).
_panel = Prepared(
    lambda: (
        Interviewer.select()
        .where(Interviewer.interview == param("interview_id"))
        .order_by(Interviewer.sort_order, Interviewer.id)
    )
)


def panel_size(*, interview_id: int) -> int:
    """How many people are on an interview's panel."""
    return _panel_size.run(interview_id=interview_id)[0][0]


_panel_size = Prepared(
    lambda: (
        Interviewer.select(fn.COUNT(Interviewer.id))
        .where(Interviewer.interview == param("interview_id"))
        .tuples()
    )
)


def _panel_columns(*columns: Any) -> Prepared:
    """The interview's panel as named tuples of `columns` only, in the recruiter's order:
    models would read all sixteen columns, three of them times to convert on SQLite."""
    return Prepared(
        lambda: (
            Interviewer.select(*columns)
            .where(Interviewer.interview == param("interview_id"))
            .order_by(Interviewer.sort_order, Interviewer.id)
            .namedtuples()
        )
    )


_panel_as_listed = _panel_columns(Interviewer.name, Interviewer.title, Interviewer.role)
_panel_for_the_debrief = _panel_columns(
    Interviewer.id,
    Interviewer.name,
    Interviewer.title,
    Interviewer.role,
    Interviewer.email,
    Interviewer.address_title,
    Interviewer.given_names,
    Interviewer.family_name,
    Interviewer.topics,
    Interviewer.letter_point,
)


def panel_names_of(*, interview_id: int) -> list[Any]:
    """The panel as a list names it (name, title, role), in the recruiter's order: the
    prep page's items about the people met list them."""
    return list(_panel_as_listed.run(interview_id=interview_id))


def panel_for_the_debrief(*, interview_id: int) -> list[Any]:
    """The panel as the debrief form shows it (id, name, title, role, email, how to
    address them, topics, the key points tied to them), in the recruiter's order."""
    return list(_panel_for_the_debrief.run(interview_id=interview_id))


def upsert_panel(
    *, interview: Interview, entries: list[PanelEntry], added_by: str, remove_blank: bool
) -> list[int | None]:
    """Add or correct the interview's people from `entries`; return each entry's interviewer id.

    A new entry whose name matches someone already listed (ignoring case) corrects that
    person instead of adding a twin: a draft restored on a phone that never heard back
    from the server carries no ids. An entry with a blank name is skipped, or, when
    `remove_blank`, removes that person unless a letter to them was already sent. Ids of
    another interview's people are ignored (treated as new). Adding past PANEL_MAX people
    raises ServiceError (the caller's transaction keeps nothing of this save). Call inside
    a transaction.
    """
    from portal.models import ThankYouLetter

    if not entries:
        return []
    _lock_panel(interview.id)
    current = panel_of(interview_id=interview.id)
    by_id = {person.id: person for person in current}
    claimed = {e.interviewer_id for e in entries if e.interviewer_id in by_id}
    next_order = max((p.sort_order for p in current), default=-1) + 1
    ids: list[int | None] = []
    for entry in entries:
        name = entry.name.strip()
        person = by_id.get(entry.interviewer_id) if entry.interviewer_id else None
        if not name:
            if person is not None and remove_blank:
                sent = (
                    ThankYouLetter.select()
                    .where(
                        (ThankYouLetter.interviewer == person) & (ThankYouLetter.status == "sent")
                    )
                    .exists()
                )
                if not sent:
                    person.delete_instance()
                    by_id.pop(person.id)
                    ids.append(None)
                    continue
            ids.append(person.id if person is not None else None)
            continue
        if person is None:
            person = next(
                (
                    p
                    for p in by_id.values()
                    if p.id not in claimed and p.name.strip().casefold() == name.casefold()
                ),
                None,
            )
        if person is None:
            if len(by_id) >= PANEL_MAX:
                raise _panel_full(len(by_id))
            person = Interviewer(interview=interview, sort_order=next_order, added_by=added_by)
            next_order += 1
        claimed.add(person.id)
        wanted = {
            "name": name,
            "title": entry.title.strip(),
            "role": entry.role if entry.role in INTERVIEWER_ROLES else DEFAULT_ROLE,
        }
        if entry.email is not None:
            wanted["email"] = entry.email.strip()
        for field, value in (
            ("address_title", entry.address_title),
            ("given_names", entry.given_names),
            ("family_name", entry.family_name),
            ("topics", entry.topics),
            ("letter_point", entry.points),
        ):
            if value is not None:
                wanted[field] = value.strip().replace("\r\n", "\n")
        changed = [field for field, value in wanted.items() if getattr(person, field) != value]
        for field in changed:
            setattr(person, field, wanted[field])
        if person.id is None:
            person.save()
        elif changed:
            # An autosave resends every row: only a person whose details changed is written.
            person.save(only=changed)
        by_id[person.id] = person
        claimed.add(person.id)
        ids.append(person.id)
    return ids


# ---------------------------------------------------------------------------
# The recruiter's changes: schedule once, edit, reschedule, cancel, decide
# ---------------------------------------------------------------------------


def schedule_once(*, key: str, recruiter: User, **details) -> tuple[Interview, bool]:
    """`schedule` guarded by an idempotency key: a double submit books one interview.

    Returns (interview, True) when this call booked it, (the first one, False) on a retry.
    """
    interview_id, made = idempotency.once(
        key=key,
        user=recruiter,
        scope="interview.schedule",
        make=lambda: schedule(recruiter=recruiter, **details).id,
    )
    return Interview.get_by_id(interview_id), made


def update(
    *,
    interview: Interview,
    by: User,
    position: Position,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str,
    format: str,
    location: str = "",
    round: int = 1,
    people: list[PanelEntry] | None = None,
    recruiter_note: str | None = None,
) -> bool:
    """Edit a booked interview; new times reschedule it. Returns True when it moved.

    Times are wall-clock in `time_zone`, as for `schedule`. The prep checklist, the
    debrief and the letters stay; rows already marked handled on the board come back
    after a reschedule (the situation is new). `people` rows with a blank name are
    taken off the panel unless a letter to them was sent.
    """
    from portal.models import AttentionMark
    from portal.models import utcnow

    if interview.status == "cancelled":
        raise ServiceError("A cancelled interview cannot be changed.")
    if format not in FORMATS:
        raise ServiceError("Choose onsite, video or phone.", field="format")
    if not clock.is_zone(time_zone):
        raise ServiceError("Choose a time zone from the list.", field="time_zone")
    if not 1 <= round <= 20:
        raise ServiceError("Enter a round from 1 to 20.", field="round")
    start_utc, end_utc = _utc_times(starts_at, ends_at, time_zone)
    moved = (start_utc, end_utc) != (interview.starts_at, interview.ends_at)
    before = interview.starts_at
    seen_before = what_the_candidate_sees(interview)
    new_format = format != interview.format
    with database.atomic():
        interview.position = position
        interview.round = round
        interview.starts_at = start_utc
        interview.ends_at = end_utc
        interview.time_zone = time_zone
        interview.format = format
        interview.location = location.strip()
        if recruiter_note is not None:
            interview.recruiter_note = _note(recruiter_note)
        interview.updated_at = utcnow()
        interview.save()
        if new_format:
            checklists.refit_to_format(interview=interview)
        if people is not None:
            upsert_panel(
                interview=interview, entries=people, added_by="recruiter", remove_blank=True
            )
        if moved:
            AttentionMark.delete().where(AttentionMark.interview == interview).execute()
        seen_now = what_the_candidate_sees(interview)
        changes = [
            (name, seen_before[name], seen_now[name])
            for name in seen_now
            if seen_now[name] != seen_before[name]
        ]
        if changes:
            # The candidate's calendar replaces its event only for a higher SEQUENCE.
            interview.calendar_sequence += 1
            interview.save(only=[Interview.calendar_sequence])
            notices.interview_changed(interview=interview, changes=changes, before=before)
        audit.record(by, "interview.rescheduled" if moved else "interview.edited", interview)
    return moved


def _panel_names(interview: Interview) -> tuple[str, ...]:
    return tuple(p.name for p in panel_of(interview_id=interview.id))


# How a booking's times and role are kept in a change (`what_the_candidate_sees`): not in
# words, which are the reader's (the email words them, in the candidate's language).
WHEN_KEPT = "{start:%Y-%m-%dT%H:%M}/{end:%Y-%m-%dT%H:%M}/{zone}"
ROLE_KEPT = "{title}\x1f{client}"


def what_the_candidate_sees(interview: Interview) -> dict[str, str]:
    """The booking as the candidate is told it, label -> value (a change to any of them
    is emailed to them, old -> new). Times (WHEN_KEPT: UTC, with the candidate's zone),
    the role (ROLE_KEPT) and the format (its code) are kept as data: the email words them
    in the candidate's language (portal.messages.content)."""
    zone = interview.candidate.time_zone or interview.time_zone
    position = Position.get_by_id(interview.position_id)
    return {
        "When": WHEN_KEPT.format(start=interview.starts_at, end=interview.ends_at, zone=zone),
        "Role": ROLE_KEPT.format(title=position.title, client=position.client.name),
        "Round": str(interview.round),
        "Format": interview.format,
        "Where": interview.location or "—",
        "You will meet": ", ".join(_panel_names(interview)) if interview.id else "—",
    }


def cancel(*, interview: Interview, by: User, reason: str = "") -> None:
    """Cancel an interview: it leaves the board; its history stays. Cancelling twice is a no-op.

    The candidate is emailed, with `reason` when given, and a calendar file that takes the
    interview (and its debrief alarm) out of their calendar.
    """
    from portal.models import utcnow

    if interview.status == "cancelled":
        return
    reason = " ".join((reason or "").split())
    if len(reason) > 500:
        raise ServiceError("Keep the reason under 500 characters.", field="reason")
    with database.atomic():
        interview.status = "cancelled"
        interview.updated_at = utcnow()
        interview.calendar_sequence += 1
        interview.save(only=[Interview.status, Interview.updated_at, Interview.calendar_sequence])
        notices.interview_cancelled(interview=interview, reason=reason)
        audit.record(by, "interview.cancelled", interview)


def decide(*, interview: Interview, by: User, decision: str, next_step: str = "", now=None) -> None:
    """Record the recruiter's call on the interview: move forward, hold or stop, and what next."""
    from portal.models import utcnow

    if interview.status == "cancelled":
        raise ServiceError("This interview was cancelled.")
    if decision not in DECISIONS:
        raise ServiceError("Choose move forward, hold or stop.", field="decision")
    next_step = (next_step or "").strip()
    if len(next_step) > 2000:
        raise ServiceError("Use at most 2000 characters.", field="next_step")
    with database.atomic():
        interview.decision = decision
        interview.decision_next_step = next_step
        interview.decided_at = now or utcnow()
        interview.updated_at = interview.decided_at
        interview.save(
            only=[
                Interview.decision,
                Interview.decision_next_step,
                Interview.decided_at,
                Interview.updated_at,
            ]
        )
        audit.record(by, "interview.decided", interview, detail=decision)
