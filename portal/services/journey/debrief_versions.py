"""Debriefs sent and amended: every submission kept whole as a numbered version.

A debrief is never lost and never silently rewritten: drafts save as the
candidate types (`debriefs`), every submission or amendment is kept whole as a numbered
`DebriefRevision` (a JSON snapshot of the answers and the people met), and
`revisions_with_changes` tells the recruiter what changed between them and when.

Snapshot format (what `snapshot_of` returns and revisions store)::

    {"candidate_interest": 4, "employer_interest": 3, "enough_exchanged": "partly",
     "still_open": "...", "others_involved": "...", "key_points": "...",
     "qualifications": "...", "concerns": "...", "next_steps": "...",
     "call_me": True, "call_at": "2030-06-11T15:00" or None, "call_times": "...",
     "people": [{"name": "...", "title": "...", "role": "decision_maker", "email": "..."}]}
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from peewee import IntegrityError

from portal.db import tuples
from portal.models import Debrief
from portal.models import DebriefRevision
from portal.models import Interview
from portal.models import User
from portal.models import utcnow
from portal.services import idempotency
from portal.services.accounts import audit
from portal.services.errors import Conflict
from portal.services.errors import ServiceError
from portal.services.journey import calls
from portal.services.journey import interviews
from portal.services.journey.debriefs import ANSWER_FIELDS
from portal.services.journey.debriefs import apply_answers
from portal.services.journey.debriefs import claim_rev
from portal.services.journey.debriefs import clean_answers
from portal.services.journey.interviews import PanelEntry
from portal.services.letters import kept
from portal.services.mail import notices
from portal.services.vocabulary import DECISION_MAKERS
from portal.services.vocabulary import DEFAULT_ROLE
from portal.services.vocabulary import ENOUGH_EXCHANGED
from portal.services.vocabulary import INTERVIEWER_ROLES
from portal.services.vocabulary import N_
from portal.services.vocabulary import NOT_ANSWERED
from portal.services.vocabulary import label
from portal.services.vocabulary import role_label

# How each answer is named wherever a person reads it (the recruiter's change list, the
# candidate's confirmation), marked for the catalog: pages show it through gettext.
FIELD_LABELS = {
    "candidate_interest": N_("Candidate's interest (1–5)"),
    "employer_interest": N_("Employer's interest, as the candidate felt it (1–5)"),
    "enough_exchanged": N_("Enough exchanged for a natural next conversation"),
    "decision_makers": N_("A decision maker met or scheduled"),
    "still_open": N_("Still open"),
    "others_involved": N_("Others involved or scheduled next"),
    "key_points": N_("Key points discussed"),
    "qualifications": N_("Qualifications to reinforce"),
    "concerns": N_("Concerns"),
    "next_steps": N_("Next steps, as the employer left it"),
    "call_me": N_("Asked for a call"),
    "call_at": N_("Time chosen for the call"),
    "call_times": N_("Note for the call"),
    "people": N_("People met"),
}

BLANK = NOT_ANSWERED


@dataclass(frozen=True)
class Change:
    """One answer that differs between two snapshots, as display text ("—" for blank)."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class RevisionChanges:
    """One kept version of a debrief and what it changed from the version before."""

    number: int
    created_at: dt.datetime
    snapshot: dict
    changes: list[Change]


def _same(text: str) -> str:
    return text


def utc_words(when: dt.datetime) -> str:
    # Where no reader's zone is at hand: 'Tue 8 Dec 2026, 09:00 UTC'.
    return f"{when:%a} {when.day} {when:%b %Y}, {when:%H:%M} UTC"


# How a time is worded for its reader: a page passes its reader's zone and language.
WordTime = Callable[[dt.datetime], str]


def _person_line(person: dict, translate: Callable[[str], str] = _same) -> str:
    role = translate(role_label(person.get("role") or "")) if person.get("role") else ""
    details = [
        (person.get("title") or "").strip(),
        role if role.isupper() else role[:1].lower() + role[1:],
        (person.get("email") or "").strip(),
    ]
    name = (person.get("name") or "").strip()
    extra = ", ".join(d for d in details if d)
    return f"{name} ({extra})" if extra else name


def display_value(
    field: str, value, translate: Callable[[str], str] = _same, when: WordTime = utc_words
) -> str:
    """An answer as a person reads it: '4 of 5', 'Partly', 'Yes', a list of people, or '—';
    `translate` (gettext) puts the portal's own words in the reader's language, `when`
    words a chosen call time in the reader's zone (UTC where there is no reader)."""
    if field in ("candidate_interest", "employer_interest"):
        return translate(N_("%(n)s of 5")) % {"n": value} if value not in (None, "") else BLANK
    if field == "enough_exchanged":
        return translate(label(ENOUGH_EXCHANGED, value))
    if field == "decision_makers":
        return translate(label(DECISION_MAKERS, value))
    if field == "call_me":
        return translate(N_("Yes")) if value else translate(N_("No"))
    if field == "call_at":
        if isinstance(value, str) and value:
            value = dt.datetime.fromisoformat(value)
        return when(value) if value else BLANK
    if field == "people":
        lines = [_person_line(p, translate) for p in value or [] if (p.get("name") or "").strip()]
        return "\n".join(lines) if lines else BLANK
    text = (value or "").strip() if isinstance(value, str) else str(value or "")
    return text or BLANK


def describe_changes(
    *,
    before: dict,
    after: dict,
    translate: Callable[[str], str] = _same,
    when: WordTime = utc_words,
) -> list[Change]:
    """What differs from `before` to `after` (two snapshots), in form order, worded for
    the reader as `display_value` words it (labels stay the portal's own, to translate
    where they are shown).

    `before` may be `{}` (the first submission): every answer given is then a change
    from "—". Blank and missing count as the same, so filling nothing changes nothing.
    """
    changes = []
    for field in (*ANSWER_FIELDS, "people"):
        old = display_value(field, before.get(field), translate, when)
        new = display_value(field, after.get(field), translate, when)
        if old != new:
            changes.append(Change(FIELD_LABELS[field], old, new))
    return changes


def revisions_with_changes(
    *, debrief: Debrief, translate: Callable[[str], str] = _same, when: WordTime = utc_words
) -> list[RevisionChanges]:
    """Every kept version of `debrief`, newest first, each with its changes (one query),
    worded through `translate` and `when` (see `display_value`)."""
    rows = (
        DebriefRevision.select(
            DebriefRevision.number, DebriefRevision.snapshot, DebriefRevision.created_at
        )
        .where(DebriefRevision.debrief == debrief)
        .order_by(DebriefRevision.number)
    )
    result = []
    previous: dict = {}
    for number, raw, created_at in tuples(rows):
        snapshot = json.loads(raw)
        result.append(
            RevisionChanges(
                number=number,
                created_at=created_at,
                snapshot=snapshot,
                changes=describe_changes(
                    before=previous, after=snapshot, translate=translate, when=when
                ),
            )
        )
        previous = snapshot
    result.reverse()
    return result


def snapshot_of(*, debrief: Debrief, people: list[dict]) -> dict:
    """The whole debrief as a plain dict (the revision format), with `people` as given."""
    snapshot = {field: getattr(debrief, field) for field in ANSWER_FIELDS}
    snapshot["call_me"] = bool(snapshot["call_me"])
    call_at = snapshot["call_at"]
    snapshot["call_at"] = call_at.strftime("%Y-%m-%dT%H:%M") if call_at else None
    snapshot["people"] = [
        {
            "name": p.get("name", ""),
            "title": p.get("title", ""),
            "role": p.get("role", "") if p.get("role", "") in INTERVIEWER_ROLES else DEFAULT_ROLE,
            "email": p.get("email", ""),
        }
        for p in people
    ]
    return snapshot


# ---------------------------------------------------------------------------
# Submitting and amending
# ---------------------------------------------------------------------------

SUBMIT_SCOPE = "debrief.submit"
OUT_OF_DATE = N_("This form is out of date: reload the page and send it again.")


@dataclass(frozen=True)
class Submitted:
    """The outcome of a submit: the debrief, and whether this call kept a new version."""

    debrief: Debrief
    new_version: bool
    people_ids: list[int | None] = dataclasses.field(default_factory=list)


def _panel_snapshot(interview: Interview) -> list[dict]:
    return [
        {"name": p.name, "title": p.title, "role": p.role, "email": p.email}
        for p in interviews.panel_of(interview_id=interview.id)
    ]


def stale_changes(
    *,
    interview: Interview,
    current: Debrief,
    answers: dict,
    people: list[PanelEntry],
    translate: Callable[[str], str] = _same,
    when: WordTime = utc_words,
) -> list[Change]:
    """What a stale tab's typing would change in the debrief on file (another tab saved it):
    each as Change(label, before=what is on file, after=what this tab has), worded through
    `translate` and `when` (see `display_value`)."""
    on_file = {field: getattr(current, field) for field in ANSWER_FIELDS}
    panel = interviews.panel_of(interview_id=interview.id)
    on_file["people"] = [_person(p.name, p.title, p.role, p.email) for p in panel]
    # As they would be stored: the form posts line breaks as CRLF, autosave as LF.
    typed = {**on_file, **clean_answers(answers), "people": _panel_after(panel, people)}
    return describe_changes(before=on_file, after=typed, translate=translate, when=when)


def _person(name: str, title: str, role: str, email: str) -> dict:
    return {"name": name.strip(), "title": title.strip(), "role": role, "email": email}


def _panel_after(panel: list, people: list[PanelEntry]) -> list[dict]:
    """The people as `people` would leave them: a listed person's row corrects them (a
    blank name removes them), a new row adds one; people the rows do not name stay."""
    rows = {p.id: _person(p.name, p.title, p.role, p.email) for p in panel}
    added = []
    for entry in people:
        listed = rows.get(entry.interviewer_id or 0)
        email = entry.email if entry.email is not None else (listed or {}).get("email", "")
        row = _person(entry.name, entry.title, entry.role, email)
        if listed is not None:
            rows[entry.interviewer_id or 0] = row
        elif row["name"]:
            added.append(row)
    return [*rows.values(), *added]


def _previous_snapshot(debrief: Debrief) -> dict | None:
    raw = (
        DebriefRevision.select(DebriefRevision.snapshot)
        .where(DebriefRevision.debrief == debrief)
        .order_by(DebriefRevision.number.desc())
        .scalar()
    )
    return json.loads(raw) if raw else None


def submit(
    *,
    interview: Interview,
    candidate: User,
    answers: dict,
    people: list[PanelEntry],
    idempotency_key: str,
    base_rev: int | None = None,
    now: dt.datetime | None = None,
) -> Submitted:
    """Send the debrief to the recruiter, or send an amendment; each keeps a numbered version.

    The same `idempotency_key` twice (a retried or double submit) keeps one version.
    `base_rev` is the draft revision the sending page was typed over: when another tab
    saved or sent since, `debriefs.StaleDraft` is raised and nothing is written (None
    skips the check). A retry of a send that went through is not stale: it finds its key.
    Sending answers identical to the last version keeps no new one. A submission also
    drafts a thank-you letter for each person met who has none yet, and a new or changed
    call request is shown to the recruiter again.
    """
    if interview.candidate_id != candidate.id:
        raise Conflict("This interview is not yours.")
    key = (idempotency_key or "").strip()
    if not idempotency.well_formed(key):
        raise ServiceError(OUT_OF_DATE)
    now = now or utcnow()
    kept: list[Submitted] = []  # what this call's own write did (empty on a retry)

    def make() -> int:
        kept.append(
            _submit_once(
                interview=interview,
                candidate=candidate,
                answers=answers,
                people=people,
                base_rev=base_rev,
                now=now,
            )
        )
        return kept[-1].debrief.id

    for attempt in (1, 2):
        try:
            _debrief_id, made = idempotency.once(
                key=key, user=candidate, scope=SUBMIT_SCOPE, make=make, refused=OUT_OF_DATE
            )
        except IntegrityError:
            if attempt == 1:
                kept.clear()
                continue  # a draft row made at the same moment: try once more
            raise Conflict(OUT_OF_DATE) from None
        if made:
            return kept[-1]
        debrief = Debrief.get_or_none(Debrief.interview == interview)
        if debrief is None:
            raise Conflict(OUT_OF_DATE)
        return Submitted(debrief=debrief, new_version=False)
    raise Conflict(OUT_OF_DATE)  # pragma: no cover - the loop always returns or raises


def _submit_once(
    *,
    interview: Interview,
    candidate: User,
    answers: dict,
    people: list[PanelEntry],
    base_rev: int | None,
    now: dt.datetime,
) -> Submitted:
    """Apply the answers and keep a new version if they changed (inside the key's transaction)."""
    before = Debrief.get_or_none(Debrief.interview == interview)
    if base_rev is not None:
        claim_rev(before, base_rev)
    debrief, ids = apply_answers(
        interview=interview,
        candidate=candidate,
        answers=answers,
        people=people,
        remove_blank=True,
        current=before,
    )
    snapshot = snapshot_of(debrief=debrief, people=_panel_snapshot(interview))
    previous = _previous_snapshot(debrief)
    # The call asked for in the last *sent* version (none before the first send): the
    # autosaved draft already holds what was just typed, so comparing with it would
    # lose the request whenever autosave ran before Send.
    call_before = (
        (bool(previous.get("call_me")), previous.get("call_at"), previous.get("call_times", ""))
        if previous
        else (False, None, "")
    )
    if debrief.status == "submitted" and previous == snapshot:
        new_version = False
    else:
        new_version = True
        debrief.version += 1
        debrief.status = "submitted"
        debrief.submitted_at = now
        debrief.first_submitted_at = debrief.first_submitted_at or now
        if previous is not None:
            # An amendment needs a fresh look from the recruiter.
            debrief.reviewed_at = None
            debrief.reviewed_by = None
        call_requested = bool(debrief.call_me) and (
            (bool(debrief.call_me), snapshot["call_at"], debrief.call_times) != call_before
        )
        if call_requested:
            debrief.call_handled_at = None
            debrief.call_handled_by = None
        debrief.save()
        _book_or_cancel_the_call(interview, candidate, debrief, now)
        # The recruiter's emails go in the same transaction as the new version.
        notices.debrief_sent(
            debrief=debrief, interview=interview, call_requested=call_requested, now=now
        )
        audit.record(
            actor=candidate,
            action="debrief.sent",
            target=("interview", interview.id),
            detail=f"version {debrief.version}" + ("; asks for a call" if call_requested else ""),
            at=now,
        )
        DebriefRevision.create(
            debrief=debrief,
            number=debrief.version,
            snapshot=json.dumps(snapshot, ensure_ascii=False),
            created_at=now,
        )
    kept.ensure_drafts(interview=interview, candidate=candidate)
    return Submitted(debrief=debrief, new_version=new_version, people_ids=ids)


def _book_or_cancel_the_call(
    interview: Interview, candidate: User, debrief: Debrief, now: dt.datetime
) -> None:
    """The call the sent debrief asks for is booked (unchanged: nothing happens); a call
    no longer asked for is called off, and both hear so."""
    if debrief.call_me:
        calls.book(interview=interview, starts_at=debrief.call_at, note=debrief.call_times, now=now)
        return
    booking = calls.booking_for(interview_id=interview.id)
    if calls.is_on(booking) and booking is not None:
        calls.cancel(booking_id=booking.id, by=candidate, now=now)


@dataclass(frozen=True)
class SentSummary:
    """What the recruiter has after a Send: the answers given, and the call asked for."""

    debrief: Debrief
    answers: list[tuple[str, str]]
    call_me: bool
    call_times: str
    call_at: dt.datetime | None = None


def sent_summary(
    *, interview: Interview, translate: Callable[[str], str] = _same
) -> SentSummary | None:
    """The sent debrief as the confirmation shows it (answers left blank are not listed),
    in the reader's language through `translate` (gettext); None while nothing is sent."""
    debrief = Debrief.get_or_none(Debrief.interview == interview)
    if debrief is None or debrief.status != "submitted":
        return None
    answers = []
    for name in (*ANSWER_FIELDS, "people"):
        if name in ("call_me", "call_at", "call_times"):
            continue
        value = _panel_snapshot(interview) if name == "people" else getattr(debrief, name)
        shown = display_value(name, value, translate)
        if shown != BLANK:
            answers.append((translate(FIELD_LABELS[name]), shown))
    return SentSummary(
        debrief=debrief,
        answers=answers,
        call_me=bool(debrief.call_me),
        call_times=debrief.call_times.strip(),
        call_at=debrief.call_at,
    )
