"""Thank-you letters as the candidate keeps them: one stored letter per interviewer.

Drafted from the debrief when it is sent (`ensure_drafts`), re-drafted in another tone
without losing an edited letter (`redraft_all`), switched to another language
(`change_language`), edited, marked sent, and packaged for sending; the wording, checks
and packaging themselves live in the `drafting` package.

Each letter has its own language: new drafts take the candidate's own language (English
until they choose one), and the candidate may choose another for any letter (a candidate
in Madrid may write to a London interviewer in English). Every draft, check and file of
a letter is in the letter's language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from peewee import IntegrityError

from portal.db import Prepared
from portal.db import database
from portal.db import param
from portal.db import tuples
from portal.models import Client
from portal.models import Debrief
from portal.models import Interview
from portal.models import Interviewer
from portal.models import Position
from portal.models import ThankYouLetter
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import audit
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.journey import interviews
from portal.services.letters import drafting

SUBJECT_MAX = 200
BODY_MAX = 5000


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def person_of(interviewer: Interviewer, key_points: str | None = None) -> drafting.Person:
    """The drafting view of a stored interviewer.

    With `key_points` (the debrief's), only tied points still in it count: a point the
    candidate has since reworded or removed is no longer theirs to mention.
    """
    points = _lines(interviewer.letter_point)
    if key_points is not None:
        current = set(drafting.split_points(key_points))
        points = tuple(p for p in points if p in current)
    return drafting.Person(
        name=interviewer.name,
        title=interviewer.title,
        role=interviewer.role,
        email=interviewer.email,
        points=points,
        topics=_lines(interviewer.topics),
        address_title=interviewer.address_title,
        given_names=interviewer.given_names,
        family_name=interviewer.family_name,
        id=interviewer.id,
    )


def default_language(candidate: User) -> str:
    """The language a candidate's new letters are drafted in: their own, else English."""
    own = getattr(candidate, "language", "") or ""
    return own if own in drafting.LANGUAGES else drafting.DEFAULT_LANGUAGE


def language_of(letter: ThankYouLetter) -> str:
    """The letter's language, English for a value drafting does not know."""
    return letter.language if letter.language in drafting.LANGUAGES else drafting.DEFAULT_LANGUAGE


# The letters' pages run these on every opening: prepared (portal.db.Prepared).
_position_and_client = Prepared(
    lambda: (
        Position.select(Position.title, Client.name)
        .join(Client)
        .where(Position.id == param("position_id"))
        .tuples()
    )
)
_debrief_for_letters = Prepared(
    lambda: (
        Debrief.select(
            Debrief.key_points,
            Debrief.qualifications,
            Debrief.concerns,
            Debrief.candidate_interest,
            Debrief.next_steps,
        )
        .where(Debrief.interview == param("interview_id"))
        .limit(1)
        .tuples()
    )
)
_letters_with_people = Prepared(
    lambda: (
        ThankYouLetter.select(ThankYouLetter, Interviewer)
        .join(Interviewer)
        .where(ThankYouLetter.interview == param("interview_id"))
        .order_by(Interviewer.sort_order, Interviewer.id)
    )
)


def context_for(
    *, interview: Interview, candidate: User, language: str = drafting.DEFAULT_LANGUAGE
) -> drafting.LetterContext:
    """What the letters of `interview` share, read from its position and debrief; the
    letters drafted from it are in `language`."""
    position, client = _position_and_client.run(position_id=interview.position_id)[0]
    debrief = _debrief_for_letters.first(interview_id=interview.id)
    key_points, qualifications, concerns, interest, next_steps = debrief or (
        "",
        "",
        "",
        None,
        "",
    )
    panel = interviews.panel_of(interview_id=interview.id)
    return drafting.LetterContext(
        candidate_name=candidate.name,
        position_title=position,
        client_name=client,
        key_points=key_points,
        qualifications=qualifications,
        ended_at=interview.ends_at,
        candidate_key=str(candidate.id),
        interest=interest,
        concerns=concerns,
        panel_size=len(panel),
        next_steps=next_steps,
        panel_names=frozenset(w for i in panel for w in drafting.name_words(person_of(i))),
        language=language,
    )


def letters_of(*, interview: Interview) -> list[ThankYouLetter]:
    """The interview's letters, each with its `interviewer`, decision makers first."""
    rows = list(_letters_with_people.run(interview_id=interview.id))
    return sorted(rows, key=lambda letter: drafting.role_rank(letter.interviewer.role))


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
    panel: list[Interviewer], context: drafting.LetterContext, tone: str
) -> dict[int, drafting.Draft]:
    """Compose for the whole panel at once, so each person keeps their own wording."""
    people = [(person_of(i, context.key_points), i) for i in panel]
    ordered = drafting.order_people(p for p, _ in people)
    by_person = {id(p): i for p, i in people}
    # order_people keeps the Person objects, so identity maps them back to interviewers.
    return {
        by_person[id(person)].id: drafting.compose_letter(
            person=person, context=context, tone=tone, index=index
        )
        for index, person in enumerate(ordered)
    }


def ensure_drafts(
    *, interview: Interview, candidate: User, tone: str | None = None, language: str = ""
) -> int:
    """Draft a letter for each person on the panel who has none yet; return how many.

    The tone is `tone`, else the tone of the letters already there, else formal; the
    language is `language`, else the candidate's own (`default_language`).
    """
    panel = interviews.panel_of(interview_id=interview.id)
    have = {
        row[0]
        for row in tuples(
            ThankYouLetter.select(ThankYouLetter.interviewer).where(
                ThankYouLetter.interview == interview
            )
        )
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
    tone = drafting.check_tone(tone)
    language = drafting.check_language(language) if language else default_language(candidate)
    drafts = _drafts_by_interviewer(
        panel, context_for(interview=interview, candidate=candidate, language=language), tone
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
                    language=language,
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


class _Drafts:
    """Drafts for a whole panel by (tone, language), each composed once when first asked."""

    def __init__(self, panel: list[Interviewer], context: drafting.LetterContext):
        self.panel = panel
        self.context = context
        self.made: dict[tuple[str, str], dict[int, drafting.Draft]] = {}

    def get(self, tone: str, language: str) -> dict[int, drafting.Draft]:
        tone = tone if tone in drafting.TONES else "formal"
        if (tone, language) not in self.made:
            context = dataclasses.replace(self.context, language=language)
            self.made[tone, language] = _drafts_by_interviewer(self.panel, context, tone)
        return self.made[tone, language]

    def edited(self, letter: ThankYouLetter) -> bool:
        """Whether the text differs from what drafting gives for the letter's own tone and
        language: the candidate has typed in it."""
        original = self.get(letter.tone, language_of(letter)).get(letter.interviewer_id)
        if original is None:
            return True
        return (letter.subject, letter.body) != (original.subject[:SUBJECT_MAX], original.body)


def redraft_all(*, interview: Interview, candidate: User, tone: str) -> Redrafted:
    """Switch the unsent letters to `tone`, re-drafting each one the candidate has not edited.

    A letter counts as edited when its text differs from what drafting gives for its
    current tone and language; edited letters keep their text (and tone), so no typing is
    lost. Each letter stays in its own language.
    """
    tone = drafting.check_tone(tone)
    panel = interviews.panel_of(interview_id=interview.id)
    drafts = _Drafts(panel, context_for(interview=interview, candidate=candidate))
    on_panel = {i.id for i in panel}
    redrafted = kept = 0
    with database.atomic():
        for letter in ThankYouLetter.select().where(ThankYouLetter.interview == interview):
            if letter.status == "sent" or letter.interviewer_id not in on_panel:
                continue
            if drafts.edited(letter):
                kept += 1
                continue
            draft = drafts.get(tone, language_of(letter))[letter.interviewer_id]
            letter.tone = tone
            letter.subject = draft.subject[:SUBJECT_MAX]
            letter.body = draft.body
            letter.updated_at = utcnow()
            letter.save()
            redrafted += 1
        created = ensure_drafts(interview=interview, candidate=candidate, tone=tone)
    return Redrafted(redrafted=redrafted, kept_edited=kept, created=created)


def redraft_one(
    *,
    interview: Interview,
    candidate: User,
    letter: ThankYouLetter,
    tone: str,
    points: list[str] | None = None,
    language: str = "",
) -> ThankYouLetter:
    """Replace one letter's text with a fresh draft in `tone` (the candidate asked for it),
    in `language` when given (the letter then keeps it), else in the letter's own.

    `points`, when given, are the key points the candidate discussed with this person
    ([] for none): they are tied to the interviewer and named in their letter only.
    """
    tone = drafting.check_tone(tone)
    language = drafting.check_language(language) if language else language_of(letter)
    if letter.interview_id != interview.id:
        raise NotFound("That letter does not exist.")
    if points is not None:
        context = context_for(interview=interview, candidate=candidate)
        allowed = drafting.split_points(context.key_points)
        if any(p not in allowed for p in points):
            raise ServiceError("Choose from the key points in your debrief.", field="points")
        Interviewer.update(letter_point="\n".join(p for p in allowed if p in points)).where(
            Interviewer.id == letter.interviewer_id
        ).execute()
    drafts = _drafts_by_interviewer(
        interviews.panel_of(interview_id=interview.id),
        context_for(interview=interview, candidate=candidate, language=language),
        tone,
    )
    draft = drafts.get(letter.interviewer_id)
    if draft is None:
        raise NotFound("That letter does not exist.")
    with database.atomic():
        letter.tone = tone
        letter.language = language
        letter.subject = draft.subject[:SUBJECT_MAX]
        letter.body = draft.body
        letter.updated_at = utcnow()
        letter.save()
    return letter


def change_language(
    *, interview: Interview, candidate: User, letter: ThankYouLetter, language: str
) -> ThankYouLetter:
    """Draft one letter afresh in `language`, in its tone and with its points.

    Refused (ServiceError) for a sent letter, and for one the candidate has edited: a
    fresh draft would replace what they typed, which only the letter's own "Re-draft"
    may do, on their say-so.
    """
    language = drafting.check_language(language)
    if letter.interview_id != interview.id:
        raise NotFound("That letter does not exist.")
    if language == language_of(letter):
        return letter
    if letter.status == "sent":
        raise ServiceError("That letter is marked as sent: it stays as it is.", field="language")
    panel = interviews.panel_of(interview_id=interview.id)
    if _Drafts(panel, context_for(interview=interview, candidate=candidate)).edited(letter):
        raise ServiceError(
            "You have edited this letter. To draft it in another language, re-draft it on "
            "its page: that replaces your text.",
            field="language",
        )
    return redraft_one(
        interview=interview, candidate=candidate, letter=letter, tone=letter.tone, language=language
    )


def save_letter(*, letter: ThankYouLetter, subject: str, body: str) -> ThankYouLetter:
    """Keep the candidate's edit of a letter (sent or not: they may fix a copy they sent)."""
    if len(subject) > SUBJECT_MAX:
        raise ServiceError(
            "Keep the subject under %(n)s characters.", field="subject", n=SUBJECT_MAX
        )
    if len(body) > BODY_MAX:
        raise ServiceError("Keep the letter under %(n)s characters.", field="body", n=BODY_MAX)
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
        changed = (letter.status == "sent") != sent
        if sent:
            letter.status = "sent"
            letter.sent_at = letter.sent_at or now
        else:
            letter.status = "draft"
            letter.sent_at = None
        letter.updated_at = now
        letter.save(only=[ThankYouLetter.status, ThankYouLetter.sent_at, ThankYouLetter.updated_at])
        if changed:
            interview = Interview.get_by_id(letter.interview_id)
            audit.record(
                actor=interview.candidate_id,
                action="letter.marked_sent" if sent else "letter.marked_unsent",
                target=("interview", letter.interview_id),
                detail=f"letter {letter.id}",
                at=now,
            )
    return letter


@dataclass(frozen=True)
class LetterSummary:
    """A letter on the list, with how many of its checks look good."""

    letter: ThankYouLetter
    checks: list[drafting.Check]

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
    due = interview.ends_at + drafting.SEND_WITHIN
    if not rows:
        # Nothing drafted yet: the page says only how many letters to draft (no context
        # to check letters against: the position, debrief and panel go unread).
        missing = interviews.panel_size(interview_id=interview.id)
        return LettersOverview(letters=[], alike=[], missing=missing, sent=0, due=due)
    now = now or utcnow()
    context = context_for(interview=interview, candidate=candidate)
    summaries = [
        LetterSummary(
            letter=row,
            checks=drafting.check_letter(
                body=row.body,
                person=person_of(row.interviewer, context.key_points),
                context=dataclasses.replace(context, language=language_of(row)),
                now=now,
            ),
        )
        for row in rows
    ]
    pairs = drafting.too_alike([row.body for row in rows])
    alike = [(rows[i].interviewer.name, rows[j].interviewer.name) for i, j in pairs]
    return LettersOverview(
        letters=summaries,
        alike=alike,
        missing=max(0, context.panel_size - len(rows)),
        sent=sum(1 for row in rows if row.status == "sent"),
        due=due,
    )


@dataclass(frozen=True)
class LetterPage:
    """What the letter editor shows beside the text: checks, a mailto link, the deadline."""

    checks: list[drafting.Check]
    mailto: str
    deadline: dt.datetime
    points: list[str]  # the key points this letter may name (the candidate ticks theirs)
    chosen: tuple[str, ...]  # the key points tied to this person
    asides: tuple[str, ...]  # notes worth mentioning that the draft left for their words


def letter_page(
    *,
    interview: Interview,
    candidate: User,
    letter: ThankYouLetter,
    body: str,
    now: dt.datetime | None = None,
) -> LetterPage:
    """Guidance on `body` (what is typed now) and delivery of the saved text, in the
    letter's language."""
    context = context_for(interview=interview, candidate=candidate, language=language_of(letter))
    person = person_of(letter.interviewer, context.key_points)
    panel = interviews.panel_of(interview_id=interview.id)
    drafted = _drafts_by_interviewer(
        panel, context, letter.tone if letter.tone in drafting.TONES else "formal"
    )
    draft = drafted.get(letter.interviewer_id)
    return LetterPage(
        checks=drafting.check_letter(
            body=body, person=person, context=context, now=now or utcnow()
        ),
        mailto=drafting.mailto_url(to=person.email, subject=letter.subject, body=letter.body),
        deadline=interview.ends_at + drafting.SEND_WITHIN,
        points=drafting.letter_points(context),
        chosen=person.points,
        asides=draft.asides if draft is not None else (),
    )


def letter_file(*, letter: ThankYouLetter, fmt: str) -> tuple[str, str, bytes]:
    """(file name, MIME type, bytes) of a letter as .txt or as an unsent .eml draft, in the
    letter's language."""
    person = person_of(letter.interviewer)
    language = language_of(letter)
    name = drafting.text_filename(person=person, ext=fmt, language=language)
    if fmt == "eml":
        return (
            name,
            "message/rfc822",
            drafting.eml_bytes(
                to=person.email, subject=letter.subject, body=letter.body, language=language
            ),
        )
    if fmt == "txt":
        return (
            name,
            "text/plain",
            drafting.text_file(subject=letter.subject, body=letter.body, language=language),
        )
    raise NotFound("No such format.")
