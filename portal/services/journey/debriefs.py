"""Debriefs: the candidate's account of an interview, drafted as they type.

A draft saves as the candidate types (`save_draft`, the autosave), only the answers given
change, and `page` / `draft_stamp` let a phone holding unsent typing put it back onto the
same saved state. Sending and amending, with the kept versions, live in `debrief_versions`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from peewee import IntegrityError

from portal.db import Prepared
from portal.db import database
from portal.db import param
from portal.db import tuples
from portal.models import Debrief
from portal.models import Interview
from portal.models import Interviewer
from portal.models import User
from portal.models import utcnow
from portal.services import clock
from portal.services.errors import Conflict
from portal.services.errors import ServiceError
from portal.services.journey import interviews
from portal.services.journey.interviews import PanelEntry
from portal.services.vocabulary import DECISION_MAKERS
from portal.services.vocabulary import ENOUGH_EXCHANGED
from portal.services.vocabulary import choose

# The answers the candidate writes in their own words, in form order (the others are a
# number, a choice, a yes or no, or a time; `call_times`, written too, comes last).
WRITTEN_ANSWERS = (
    "still_open",
    "others_involved",
    "key_points",
    "qualifications",
    "concerns",
    "next_steps",
)

# Every answer, in form order.
ANSWER_FIELDS = (
    "candidate_interest",
    "employer_interest",
    "enough_exchanged",
    "decision_makers",
    *WRITTEN_ANSWERS,
    "call_me",
    "call_at",
    "call_times",
)

TEXT_MAX = 4000
CALL_TIMES_MAX = 200


def for_interview(*, interview: Interview) -> Debrief | None:
    """The interview's debrief, draft or submitted, or None before the first save."""
    found: Debrief | None = _debrief_of.first(interview_id=interview.id)
    return found


_debrief_of = Prepared(
    lambda: Debrief.select().where(Debrief.interview == param("interview_id")).limit(1)
)


def clean_answers(answers: dict) -> dict:
    """Each given answer checked, its line breaks in one form (a view sends only those its
    form found valid); what a debrief stores, and what a stale tab's typing is compared as."""
    clean = {}
    for field, value in answers.items():
        if field not in ANSWER_FIELDS:
            raise ServiceError("Unknown answer.", field=field)
        if field in ("candidate_interest", "employer_interest"):
            if value is not None and (isinstance(value, bool) or value not in range(1, 6)):
                raise ServiceError("Choose a number from 1 to 5.", field=field)
        elif field in ("enough_exchanged", "decision_makers"):
            words = ENOUGH_EXCHANGED if field == "enough_exchanged" else DECISION_MAKERS
            if value != "" and value not in words:  # "" clears the answer
                raise ServiceError(choose(words), field=field)
        elif field == "call_me":
            value = bool(value)
        elif field == "call_at":
            # None: "as soon as you can"; else the slot chosen (naive UTC). Whether it is
            # still free is checked when the debrief is sent (`calls.book`).
            if value is not None and not (isinstance(value, dt.datetime) and clock.in_range(value)):
                raise ServiceError("Choose one of the times offered.", field=field)
        else:
            limit = CALL_TIMES_MAX if field == "call_times" else TEXT_MAX
            if not isinstance(value, str) or len(value) > limit:
                raise ServiceError("Keep this under %(max)s characters.", field=field, max=limit)
            # Browsers send line breaks as CRLF; keep one form so comparisons hold.
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        clean[field] = value
    return clean


def apply_answers(
    *,
    interview: Interview,
    candidate: User,
    answers: dict,
    people: list[PanelEntry],
    remove_blank: bool,
    current: Debrief | None = None,
) -> tuple[Debrief, list[int | None]]:
    """Write the given answers and people onto the debrief (made if none); the caller holds
    the transaction. Returns the debrief and each person's id, in the order given."""
    clean = clean_answers(answers)
    debrief = current if current is not None else for_interview(interview=interview)
    if debrief is None:
        debrief = Debrief(interview=interview, candidate=candidate)
        for field, value in clean.items():
            setattr(debrief, field, value)
        debrief.updated_at = utcnow()
        debrief.draft_rev = 1
        debrief.save()
    else:
        for field, value in clean.items():
            setattr(debrief, field, value)
        debrief.updated_at = utcnow()
        debrief.draft_rev = (debrief.draft_rev or 0) + 1
        # Only what this save touched: a shorter UPDATE, and no stale column rewritten.
        debrief.save(only=[*clean, "updated_at", "draft_rev"])
    ids = interviews.upsert_panel(
        interview=interview, entries=people, added_by="candidate", remove_blank=remove_blank
    )
    return debrief, ids


def claim_rev(current: Debrief | None, base_rev: int) -> None:
    """Refuse a save typed over an older draft; else take the next revision for it.

    One conditional UPDATE, so of two tabs saving at once over the same draft exactly
    one wins (on PostgreSQL too, where the read above does not lock the row).
    """
    if current is None:
        return  # the first save: there is nothing on file to overwrite
    claimed = (
        Debrief.update(draft_rev=base_rev + 1)
        .where((Debrief.id == current.id) & (Debrief.draft_rev == base_rev))
        .execute()
    )
    if not claimed:
        raise StaleDraft(Debrief.get_by_id(current.id))
    # apply_answers bumps once more: start it from the revision just claimed, minus one.
    current.draft_rev = base_rev


class StaleDraft(Conflict):
    """A save typed over an older draft than the one on file (another tab saved since).

    `current` is the draft on file, so the stale tab can show both versions.
    """

    def __init__(self, current: Debrief):
        super().__init__("This draft changed in another tab or device since you opened it.")
        self.current = current


def save_draft(
    *,
    interview: Interview,
    candidate: User,
    answers: dict,
    people: list[PanelEntry],
    remove_blank: bool = False,
    base_rev: int | None = None,
) -> tuple[Debrief, list[int | None]]:
    """Save what the candidate has typed so far; return the debrief and each person's id.

    Only the answers given are changed. After the first submission the answers on file
    change only through `debrief_versions.submit` (an amendment, kept as a new version):
    a draft save then raises Conflict, and the typing stays on the phone until it is sent.

    `base_rev` is the draft revision the typing started from (`Debrief.draft_rev`, 0
    before the first save); when another save came in since, StaleDraft is raised and
    nothing is written. None skips the check.
    """
    if interview.candidate_id != candidate.id:
        raise Conflict("This interview is not yours.")
    for attempt in (1, 2):
        try:
            with database.atomic():
                current = for_interview(interview=interview)
                if current is not None and current.status == "submitted":
                    raise Conflict("This debrief is already sent: send your changes to update it.")
                if base_rev is not None:
                    claim_rev(current, base_rev)
                return apply_answers(
                    interview=interview,
                    candidate=candidate,
                    answers=answers,
                    people=people,
                    remove_blank=remove_blank,
                    current=current,
                )
        except IntegrityError:
            # Two first saves at once (an autosave and a tap): the other made the row.
            if attempt == 2:
                raise Conflict("The draft changed at the same moment. Try again.") from None
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class DebriefPage:
    """What the debrief page needs: the debrief (None before the first save) and the panel."""

    debrief: Debrief | None
    panel: list[Any]  # interviews.panel_for_the_debrief's rows
    stamp: str


def draft_stamp(*, debrief: Debrief | None, panel_ids: list[int]) -> str:
    """A short fingerprint of the saved draft and panel.

    A phone holding unsent typing restores it only onto the same server state it was
    typed over, so rows of people never land on the wrong person.
    """
    saved = debrief.updated_at.isoformat() if debrief is not None else ""
    raw = f"{saved}|{','.join(str(i) for i in panel_ids)}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def stamp_after_save(*, interview: Interview, debrief: Debrief) -> str:
    """The draft's fingerprint right after a save: the saved row is at hand, so only the
    panel's ids are read (one small query on every autosave)."""
    ids = tuples(
        Interviewer.select(Interviewer.id)
        .where(Interviewer.interview == interview.id)
        .order_by(Interviewer.sort_order, Interviewer.id)
    )
    return draft_stamp(debrief=debrief, panel_ids=[row[0] for row in ids])


def page(*, interview_id: int) -> DebriefPage:
    """The interview's debrief and panel, for the form (two queries)."""
    debrief: Debrief | None = _debrief_of.first(interview_id=interview_id)
    panel = interviews.panel_for_the_debrief(interview_id=interview_id)
    return DebriefPage(
        debrief=debrief,
        panel=panel,
        stamp=draft_stamp(debrief=debrief, panel_ids=[p.id for p in panel]),
    )


def form_values(*, debrief: Debrief) -> dict[str, str]:
    """The draft's answers as the form's fields hold them ("4", "yes", "y" for a ticked box)."""
    values = {}
    for name in ANSWER_FIELDS:
        value = getattr(debrief, name)
        if name == "call_me":
            values[name] = "y" if value else ""
        elif name == "call_at":
            values[name] = value.strftime("%Y-%m-%dT%H:%M") if value else ""
        else:
            values[name] = "" if value is None else str(value)
    return values
