"""Debriefs: the candidate's account of an interview, drafted, submitted and amended.

A debrief is never lost and never silently rewritten: drafts save as the
candidate types, every submission or amendment is kept whole as a numbered
`DebriefRevision` (a JSON snapshot of the answers and the people met), and
`revisions_with_changes` tells the recruiter what changed between them and when.

Snapshot format (what `snapshot_of` returns and revisions store)::

    {"candidate_interest": 4, "employer_interest": 3, "enough_exchanged": "partly",
     "still_open": "...", "others_involved": "...", "key_points": "...",
     "qualifications": "...", "concerns": "...", "next_steps": "...",
     "call_me": True, "call_times": "...",
     "people": [{"name": "...", "title": "...", "role": "decision_maker", "email": "..."}]}
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from portal.models import INTERVIEWER_ROLES, Debrief, DebriefRevision

ANSWER_FIELDS = (
    "candidate_interest",
    "employer_interest",
    "enough_exchanged",
    "still_open",
    "others_involved",
    "key_points",
    "qualifications",
    "concerns",
    "next_steps",
    "call_me",
    "call_times",
)

# How each answer is named wherever a person reads it (the recruiter's change list).
FIELD_LABELS = {
    "candidate_interest": "Candidate's interest (1–5)",
    "employer_interest": "Employer's interest, as the candidate felt it (1–5)",
    "enough_exchanged": "Enough exchanged for a natural next conversation",
    "still_open": "Still open",
    "others_involved": "Others involved or scheduled next",
    "key_points": "Key points discussed",
    "qualifications": "Qualifications to reinforce",
    "concerns": "Concerns",
    "next_steps": "Next steps, as the employer left it",
    "call_me": "Asked for a call",
    "call_times": "Times that suit for a call",
    "people": "People met",
}

EXCHANGED_LABELS = {"yes": "Yes", "partly": "Partly", "no": "No"}
ROLE_LABELS = {
    "decision_maker": "decision maker",
    "influencer": "influencer",
    "peer": "peer",
    "hr": "HR",
}
BLANK = "—"


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


def _person_line(person: dict) -> str:
    details = [
        (person.get("title") or "").strip(),
        ROLE_LABELS.get(person.get("role") or "", (person.get("role") or "").strip()),
        (person.get("email") or "").strip(),
    ]
    name = (person.get("name") or "").strip()
    extra = ", ".join(d for d in details if d)
    return f"{name} ({extra})" if extra else name


def display_value(field: str, value) -> str:
    """An answer as a person reads it: '4 of 5', 'Partly', 'Yes', a list of people, or '—'."""
    if field in ("candidate_interest", "employer_interest"):
        return f"{value} of 5" if value not in (None, "") else BLANK
    if field == "enough_exchanged":
        return EXCHANGED_LABELS.get(value or "", BLANK)
    if field == "call_me":
        return "Yes" if value else "No"
    if field == "people":
        lines = [_person_line(p) for p in value or [] if (p.get("name") or "").strip()]
        return "\n".join(lines) if lines else BLANK
    text = (value or "").strip() if isinstance(value, str) else str(value or "")
    return text or BLANK


def describe_changes(*, before: dict, after: dict) -> list[Change]:
    """What differs from `before` to `after` (two snapshots), in form order.

    `before` may be `{}` (the first submission): every answer given is then a change
    from "—". Blank and missing count as the same, so filling nothing changes nothing.
    """
    changes = []
    for field in (*ANSWER_FIELDS, "people"):
        old = display_value(field, before.get(field))
        new = display_value(field, after.get(field))
        if old != new:
            changes.append(Change(FIELD_LABELS[field], old, new))
    return changes


def revisions_with_changes(*, debrief: Debrief) -> list[RevisionChanges]:
    """Every kept version of `debrief`, newest first, each with its changes (one query)."""
    rows = (
        DebriefRevision.select(
            DebriefRevision.number, DebriefRevision.snapshot, DebriefRevision.created_at
        )
        .where(DebriefRevision.debrief == debrief)
        .order_by(DebriefRevision.number)
        .tuples()
    )
    result = []
    previous: dict = {}
    for number, raw, created_at in rows:
        snapshot = json.loads(raw)
        result.append(
            RevisionChanges(
                number=number,
                created_at=created_at,
                snapshot=snapshot,
                changes=describe_changes(before=previous, after=snapshot),
            )
        )
        previous = snapshot
    result.reverse()
    return result


def snapshot_of(*, debrief: Debrief, people: list[dict]) -> dict:
    """The whole debrief as a plain dict (the revision format), with `people` as given."""
    snapshot = {field: getattr(debrief, field) for field in ANSWER_FIELDS}
    snapshot["call_me"] = bool(snapshot["call_me"])
    snapshot["people"] = [
        {
            "name": p.get("name", ""),
            "title": p.get("title", ""),
            "role": p.get("role", "") if p.get("role", "") in INTERVIEWER_ROLES else "peer",
            "email": p.get("email", ""),
        }
        for p in people
    ]
    return snapshot
