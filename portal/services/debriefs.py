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
import hashlib
import json
from dataclasses import dataclass

from peewee import IntegrityError

from portal.db import database, run_compiled, slot, update_columns
from portal.models import (
    EXCHANGED,
    INTERVIEWER_ROLES,
    Client,
    Debrief,
    DebriefRevision,
    IdempotencyKey,
    Interview,
    Interviewer,
    Position,
    ThankYouLetter,
    User,
    utcnow,
)
from portal.services import interviews, letters, notices
from portal.services.errors import Conflict, NotFound, ServiceError
from portal.services.interviews import PanelEntry

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


# ---------------------------------------------------------------------------
# Drafting, submitting, amending
# ---------------------------------------------------------------------------

TEXT_MAX = 4000
CALL_TIMES_MAX = 200
SUBMIT_SCOPE = "debrief.submit"
OUT_OF_DATE = "This form is out of date: reload the page and send it again."


@dataclass(frozen=True)
class Submitted:
    """The outcome of a submit: the debrief, and whether this call kept a new version."""

    debrief: Debrief
    new_version: bool


def for_interview(*, interview: Interview) -> Debrief | None:
    """The interview's debrief, draft or submitted, or None before the first save."""
    # Read on every autosave: the SQL is generated once (portal.db.run_compiled).
    found = run_compiled(
        "debriefs.for_interview",
        lambda: Debrief.select().where(Debrief.interview == slot(0)).limit(1),
        interview.id,
    )
    return found[0] if found else None


def _clean(answers: dict) -> dict:
    """Check each given answer (a view sends only those its form found valid)."""
    clean = {}
    for field, value in answers.items():
        if field not in ANSWER_FIELDS:
            raise ServiceError("Unknown answer.", field=field)
        if field in ("candidate_interest", "employer_interest"):
            if value is not None and (isinstance(value, bool) or value not in range(1, 6)):
                raise ServiceError("Choose a number from 1 to 5.", field=field)
        elif field == "enough_exchanged":
            if value not in EXCHANGED:
                raise ServiceError("Choose yes, partly or no.", field=field)
        elif field == "call_me":
            value = bool(value)
        else:
            limit = CALL_TIMES_MAX if field == "call_times" else TEXT_MAX
            if not isinstance(value, str) or len(value) > limit:
                raise ServiceError(f"Keep this under {limit} characters.", field=field)
            # Browsers send line breaks as CRLF; keep one form so comparisons hold.
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        clean[field] = value
    return clean


def _panel_snapshot(interview: Interview) -> list[dict]:
    return [
        {"name": p.name, "title": p.title, "role": p.role, "email": p.email}
        for p in interviews.panel_of(interview_id=interview.id)
    ]


def _apply(
    *,
    interview: Interview,
    candidate: User,
    answers: dict,
    people: list[PanelEntry],
    remove_blank: bool,
    current: Debrief | None = None,
) -> tuple[Debrief, list[int | None]]:
    clean = _clean(answers)
    debrief = current if current is not None else for_interview(interview=interview)
    if debrief is None:
        debrief = Debrief(interview=interview, candidate=candidate)
        for field, value in clean.items():
            setattr(debrief, field, value)
        debrief.updated_at = utcnow()
        debrief.save()
    else:
        for field, value in clean.items():
            setattr(debrief, field, value)
        debrief.updated_at = utcnow()
        # Only what this save touched: a shorter UPDATE, and no stale column rewritten.
        update_columns(debrief, [*clean, "updated_at"])
    ids = interviews.upsert_panel(
        interview=interview, entries=people, added_by="candidate", remove_blank=remove_blank
    )
    return debrief, ids


def save_draft(
    *,
    interview: Interview,
    candidate: User,
    answers: dict,
    people: list[PanelEntry],
    remove_blank: bool = False,
) -> tuple[Debrief, list[int | None]]:
    """Save what the candidate has typed so far; return the debrief and each person's id.

    Only the answers given are changed. After the first submission the answers on file
    change only through `submit` (an amendment, kept as a new version): a draft save
    then raises Conflict, and the typing stays on the phone until it is sent.
    """
    if interview.candidate_id != candidate.id:
        raise Conflict("This interview is not yours.")
    for attempt in (1, 2):
        try:
            with database.atomic():
                current = for_interview(interview=interview)
                if current is not None and current.status == "submitted":
                    raise Conflict("This debrief is already sent: send your changes to update it.")
                return _apply(
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
    now: dt.datetime | None = None,
) -> Submitted:
    """Send the debrief to the recruiter, or send an amendment; each keeps a numbered version.

    The same `idempotency_key` twice (a retried or double submit) keeps one version.
    Sending answers identical to the last version keeps no new one. A submission also
    drafts a thank-you letter for each person met who has none yet, and a new or changed
    call request is shown to the recruiter again.
    """
    if interview.candidate_id != candidate.id:
        raise Conflict("This interview is not yours.")
    key = (idempotency_key or "").strip()
    if not 16 <= len(key) <= 64:
        raise ServiceError(OUT_OF_DATE)
    now = now or utcnow()
    for attempt in (1, 2):
        try:
            return _submit_once(
                interview=interview,
                candidate=candidate,
                answers=answers,
                people=people,
                key=key,
                now=now,
            )
        except IntegrityError:
            spent = IdempotencyKey.get_or_none(IdempotencyKey.key == key)
            if spent is None and attempt == 1:
                continue  # a draft row made at the same moment: try once more
            if spent is None or spent.user_id != candidate.id or spent.scope != SUBMIT_SCOPE:
                raise Conflict(OUT_OF_DATE) from None
            debrief = Debrief.get_or_none(Debrief.interview == interview)
            if debrief is None:
                raise Conflict(OUT_OF_DATE) from None
            return Submitted(debrief=debrief, new_version=False)
    raise Conflict(OUT_OF_DATE)  # pragma: no cover - the loop always returns or raises


def _submit_once(
    *,
    interview: Interview,
    candidate: User,
    answers: dict,
    people: list[PanelEntry],
    key: str,
    now: dt.datetime,
) -> Submitted:
    with database.atomic():
        # The key goes in first: a concurrent twin blocks here, then fails on it.
        IdempotencyKey.create(key=key, user=candidate, scope=SUBMIT_SCOPE)
        before = Debrief.get_or_none(Debrief.interview == interview)
        call_before = (bool(before.call_me), before.call_times) if before else (False, "")
        debrief, _ids = _apply(
            interview=interview,
            candidate=candidate,
            answers=answers,
            people=people,
            remove_blank=True,
            current=before,
        )
        snapshot = snapshot_of(debrief=debrief, people=_panel_snapshot(interview))
        previous = _previous_snapshot(debrief)
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
                (bool(debrief.call_me), debrief.call_times) != call_before
            )
            if call_requested:
                debrief.call_handled_at = None
                debrief.call_handled_by = None
            debrief.save()
            notices.debrief_sent(
                debrief=debrief, interview=interview, call_requested=call_requested
            )
            DebriefRevision.create(
                debrief=debrief,
                number=debrief.version,
                snapshot=json.dumps(snapshot, ensure_ascii=False),
                created_at=now,
            )
        IdempotencyKey.update(result=f"debrief:{debrief.id}:{debrief.version}").where(
            IdempotencyKey.key == key
        ).execute()
        ensure_drafts(interview=interview, candidate=candidate)
    return Submitted(debrief=debrief, new_version=new_version)


@dataclass(frozen=True)
class DebriefPage:
    """What the debrief page needs: the debrief (None before the first save) and the panel."""

    debrief: Debrief | None
    panel: list[Interviewer]
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
    ids = run_compiled(
        "debriefs.panel_ids",
        lambda: (
            Interviewer.select(Interviewer.id)
            .where(Interviewer.interview == slot(0))
            .order_by(Interviewer.sort_order, Interviewer.id)
            .tuples()
        ),
        interview.id,
    )
    return draft_stamp(debrief=debrief, panel_ids=[row[0] for row in ids])


def page(*, interview: Interview) -> DebriefPage:
    """The interview's debrief and panel, for the form (two queries)."""
    # The autosave answers with this on every keystroke pause: SQL generated once.
    debrief = for_interview(interview=interview)
    panel = interviews.panel_of(interview_id=interview.id)
    return DebriefPage(
        debrief=debrief,
        panel=panel,
        stamp=draft_stamp(debrief=debrief, panel_ids=[p.id for p in panel]),
    )


# ---------------------------------------------------------------------------
# Thank-you letters drafted from the debrief: one ThankYouLetter per interviewer
# ---------------------------------------------------------------------------

SUBJECT_MAX = 200
BODY_MAX = 5000


def person_of(interviewer: Interviewer) -> letters.Person:
    """The drafting view of a stored interviewer."""
    return letters.Person(
        name=interviewer.name,
        title=interviewer.title,
        role=interviewer.role,
        email=interviewer.email,
    )


def context_for(*, interview: Interview, candidate: User) -> letters.LetterContext:
    """What the letters of `interview` share, read from its position and debrief."""
    position, client = (
        Position.select(Position.title, Client.name)
        .join(Client)
        .where(Position.id == interview.position_id)
        .tuples()
        .get()
    )
    debrief = (
        Debrief.select(Debrief.key_points, Debrief.qualifications)
        .where(Debrief.interview == interview)
        .tuples()
        .first()
    )
    key_points, qualifications = debrief or ("", "")
    return letters.LetterContext(
        candidate_name=candidate.name,
        position_title=position,
        client_name=client,
        key_points=key_points,
        qualifications=qualifications,
        ended_at=interview.ends_at,
    )


def letters_of(*, interview: Interview) -> list[ThankYouLetter]:
    """The interview's letters, each with its `interviewer`, decision makers first."""
    rows = list(
        ThankYouLetter.select(ThankYouLetter, Interviewer)
        .join(Interviewer)
        .where(ThankYouLetter.interview == interview)
        .order_by(Interviewer.sort_order, Interviewer.id)
    )
    return sorted(rows, key=lambda letter: letters.role_rank(letter.interviewer.role))


def letter_of(*, interview: Interview, letter_id: int) -> ThankYouLetter:
    """One letter of `interview` with its interviewer; NotFound when it belongs elsewhere."""
    letter = (
        ThankYouLetter.select(ThankYouLetter, Interviewer)
        .join(Interviewer)
        .where((ThankYouLetter.id == letter_id) & (ThankYouLetter.interview == interview))
        .first()
    )
    if letter is None:
        raise NotFound("That letter does not exist.")
    return letter


def _drafts_by_interviewer(
    panel: list[Interviewer], context: letters.LetterContext, tone: str
) -> dict[int, letters.Draft]:
    """Compose for the whole panel at once, so each person keeps their own wording."""
    people = [(person_of(i), i) for i in panel]
    ordered = letters.order_people(p for p, _ in people)
    by_person = {id(p): i for p, i in people}
    # order_people keeps the Person objects, so identity maps them back to interviewers.
    return {
        by_person[id(person)].id: letters.compose_letter(
            person=person, context=context, tone=tone, index=index
        )
        for index, person in enumerate(ordered)
    }


def ensure_drafts(*, interview: Interview, candidate: User, tone: str | None = None) -> int:
    """Draft a letter for each person on the panel who has none yet; return how many.

    The tone is `tone`, else the tone of the letters already there, else formal.
    """
    panel = interviews.panel_of(interview_id=interview.id)
    have = {
        row[0]
        for row in ThankYouLetter.select(ThankYouLetter.interviewer)
        .where(ThankYouLetter.interview == interview)
        .tuples()
    }
    missing = [i for i in panel if i.id not in have]
    if not missing:
        return 0
    if tone is None:
        tone = (
            ThankYouLetter.select(ThankYouLetter.tone)
            .where(ThankYouLetter.interview == interview)
            .order_by(ThankYouLetter.id)
            .scalar()
        ) or "formal"
    _check_tone(tone)
    drafts = _drafts_by_interviewer(
        panel, context_for(interview=interview, candidate=candidate), tone
    )
    now = utcnow()
    try:
        with database.atomic():
            for interviewer in missing:
                draft = drafts[interviewer.id]
                ThankYouLetter.create(
                    interview=interview,
                    interviewer=interviewer,
                    tone=tone,
                    subject=draft.subject[:SUBJECT_MAX],
                    body=draft.body,
                    created_at=now,
                    updated_at=now,
                )
    except IntegrityError:
        # A double tap drafted them a moment ago (one letter per interviewer): keep those.
        return 0
    return len(missing)


@dataclass(frozen=True)
class Redrafted:
    """What a tone switch did: letters re-drafted, edited ones kept, sent ones untouched."""

    redrafted: int
    kept_edited: int
    created: int


def redraft_all(*, interview: Interview, candidate: User, tone: str) -> Redrafted:
    """Switch the unsent letters to `tone`, re-drafting each one the candidate has not edited.

    A letter counts as edited when its text differs from what drafting gives for its
    current tone; edited letters keep their text (and tone), so no typing is lost.
    """
    _check_tone(tone)
    panel = interviews.panel_of(interview_id=interview.id)
    context = context_for(interview=interview, candidate=candidate)
    fresh = _drafts_by_interviewer(panel, context, tone)
    redrafted = kept = 0
    with database.atomic():
        current = {
            letter.interviewer_id: letter
            for letter in ThankYouLetter.select().where(ThankYouLetter.interview == interview)
        }
        old_drafts: dict[str, dict[int, letters.Draft]] = {}
        for interviewer_id, letter in current.items():
            if letter.status == "sent" or interviewer_id not in fresh:
                continue
            if letter.tone not in old_drafts:
                old_drafts[letter.tone] = _drafts_by_interviewer(
                    panel, context, letter.tone if letter.tone in letters.TONES else "formal"
                )
            original = old_drafts[letter.tone][interviewer_id]
            if (letter.subject, letter.body) != (original.subject[:SUBJECT_MAX], original.body):
                kept += 1
                continue
            draft = fresh[interviewer_id]
            letter.tone = tone
            letter.subject = draft.subject[:SUBJECT_MAX]
            letter.body = draft.body
            letter.updated_at = utcnow()
            letter.save()
            redrafted += 1
        created = ensure_drafts(interview=interview, candidate=candidate, tone=tone)
    return Redrafted(redrafted=redrafted, kept_edited=kept, created=created)


def redraft_one(
    *, interview: Interview, candidate: User, letter: ThankYouLetter, tone: str
) -> ThankYouLetter:
    """Replace one letter's text with a fresh draft in `tone` (the candidate asked for it)."""
    _check_tone(tone)
    if letter.interview_id != interview.id:
        raise NotFound("That letter does not exist.")
    drafts = _drafts_by_interviewer(
        interviews.panel_of(interview_id=interview.id),
        context_for(interview=interview, candidate=candidate),
        tone,
    )
    draft = drafts.get(letter.interviewer_id)
    if draft is None:
        raise NotFound("That letter does not exist.")
    with database.atomic():
        letter.tone = tone
        letter.subject = draft.subject[:SUBJECT_MAX]
        letter.body = draft.body
        letter.updated_at = utcnow()
        letter.save()
    return letter


def save_letter(*, letter: ThankYouLetter, subject: str, body: str) -> ThankYouLetter:
    """Keep the candidate's edit of a letter (sent or not: they may fix a copy they sent)."""
    if len(subject) > SUBJECT_MAX:
        raise ServiceError(f"Keep the subject under {SUBJECT_MAX} characters.", field="subject")
    if len(body) > BODY_MAX:
        raise ServiceError(f"Keep the letter under {BODY_MAX} characters.", field="body")
    with database.atomic():
        letter.subject = " ".join(subject.split())
        letter.body = body.replace("\r\n", "\n").replace("\r", "\n")
        letter.updated_at = utcnow()
        letter.save(only=[ThankYouLetter.subject, ThankYouLetter.body, ThankYouLetter.updated_at])
    return letter


def mark_sent(
    *, letter: ThankYouLetter, sent: bool, now: dt.datetime | None = None
) -> ThankYouLetter:
    """Record that the candidate sent the letter themselves (or undo it). Repeating is harmless.

    Marking sent again keeps the first time, so a double tap does not move the record.
    """
    now = now or utcnow()
    with database.atomic():
        if sent:
            letter.status = "sent"
            letter.sent_at = letter.sent_at or now
        else:
            letter.status = "draft"
            letter.sent_at = None
        letter.updated_at = now
        letter.save(only=[ThankYouLetter.status, ThankYouLetter.sent_at, ThankYouLetter.updated_at])
    return letter


@dataclass(frozen=True)
class LetterSummary:
    """A letter on the list, with how many of its checks look good."""

    letter: ThankYouLetter
    checks: list[letters.Check]

    @property
    def good(self) -> int:
        return sum(1 for check in self.checks if check.ok)


@dataclass(frozen=True)
class LettersOverview:
    """The letters page: each letter, pairs too alike, people still without a letter."""

    letters: list[LetterSummary]
    alike: list[tuple[str, str]]
    missing: int
    sent: int
    due: dt.datetime | None


def letters_overview(
    *,
    interview: Interview,
    candidate: User,
    rows: list[ThankYouLetter],
    now: dt.datetime | None = None,
) -> LettersOverview:
    """Checks for every letter, copies flagged, and who on the panel has no letter yet."""
    now = now or utcnow()
    context = context_for(interview=interview, candidate=candidate)
    summaries = [
        LetterSummary(
            letter=row,
            checks=letters.check_letter(
                body=row.body, person=person_of(row.interviewer), context=context, now=now
            ),
        )
        for row in rows
    ]
    pairs = letters.too_alike([row.body for row in rows])
    alike = [(rows[i].interviewer.name, rows[j].interviewer.name) for i, j in pairs]
    panel = Interviewer.select().where(Interviewer.interview == interview).count()
    return LettersOverview(
        letters=summaries,
        alike=alike,
        missing=max(0, panel - len(rows)),
        sent=sum(1 for row in rows if row.status == "sent"),
        due=interview.ends_at + letters.SEND_WITHIN,
    )


def _check_tone(tone: str) -> None:
    if tone not in letters.TONES:
        raise ServiceError("Choose formal or warm.", field="tone")


@dataclass(frozen=True)
class LetterPage:
    """What the letter editor shows beside the text: checks, a mailto link, the deadline."""

    checks: list[letters.Check]
    mailto: str
    deadline: dt.datetime


def letter_page(
    *,
    interview: Interview,
    candidate: User,
    letter: ThankYouLetter,
    body: str,
    now: dt.datetime | None = None,
) -> LetterPage:
    """Guidance on `body` (what is typed now) and delivery of the saved text."""
    person = person_of(letter.interviewer)
    context = context_for(interview=interview, candidate=candidate)
    return LetterPage(
        checks=letters.check_letter(body=body, person=person, context=context, now=now or utcnow()),
        mailto=letters.mailto_url(to=person.email, subject=letter.subject, body=letter.body),
        deadline=interview.ends_at + letters.SEND_WITHIN,
    )


def letter_file(*, letter: ThankYouLetter, fmt: str) -> tuple[str, str, bytes]:
    """(file name, MIME type, bytes) of a letter as .txt or as an unsent .eml draft."""
    person = person_of(letter.interviewer)
    name = letters.text_filename(person=person, ext=fmt)
    if fmt == "eml":
        return (
            name,
            "message/rfc822",
            letters.eml_bytes(to=person.email, subject=letter.subject, body=letter.body),
        )
    if fmt == "txt":
        return name, "text/plain", f"Subject: {letter.subject}\n\n{letter.body}".encode()
    raise NotFound("No such format.")
