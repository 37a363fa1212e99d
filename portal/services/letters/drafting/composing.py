"""Composing a thank-you letter for one person from what the candidate noted.

Deterministic and local: the same debrief always gives the same drafts. Variety is
seeded, never random: a hash of the candidate picks each part of each frame sentence,
and the person's place on the panel rotates from there (so one panel's letters differ
and two candidates writing to the same person rarely share a sentence).

What a reader must be able to believe: a person is greeted as they expect ("Dear Dr
Osei" formally, "Dear Wei Ling" warmly); a letter draws on that person's own topics and
the key points tied to them (every key point only when the candidate met one person);
a note goes into a sentence only where `notes` can read it with certainty, and
otherwise the draft leaves a marked place and lists the note beside it; the stated
interest sets the wording (3 of 5 is never "very interested"); nothing that overlaps the
candidate's concerns is put in a letter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from portal.services.errors import ServiceError
from portal.services.letters.drafting import languages
from portal.services.letters.drafting.language import Language
from portal.services.letters.drafting.people import Person
from portal.services.letters.drafting.people import name_words
from portal.services.letters.drafting.people import order_people
from portal.services.letters.drafting.people import role_key
from portal.services.letters.drafting.people import split_points
from portal.services.letters.drafting.words import COUNTED_WORD
from portal.services.letters.drafting.words import STOPWORDS
from portal.services.letters.drafting.words import norm_words
from portal.services.vocabulary import DEFAULT_ROLE
from portal.services.vocabulary import INTERVIEWER_ROLES

TONES = ("formal", "warm")
MIN_WORDS = 100
MAX_WORDS = 200


def word_count(text: str) -> int:
    """Number of words; "day-to-day" and "don't" each count as one, dashes and numbers too."""
    return len(COUNTED_WORD.findall(text or ""))


@dataclass(frozen=True)
class LetterContext:
    """What every letter from one debrief shares; `ended_at` is naive UTC."""

    candidate_name: str
    position_title: str
    client_name: str
    key_points: str = ""
    qualifications: str = ""
    ended_at: dt.datetime | None = None
    candidate_key: str = ""  # seeds the choice of phrasings (the candidate's id)
    interest: int | None = None  # the candidate's interest, 1-5, as stated in the debrief
    concerns: str = ""  # never quoted: points overlapping it are left out
    panel_size: int = 0  # one person met: every key point was discussed with them
    next_steps: str = ""  # as the employer left it; named when it reads as a phrase
    panel_names: frozenset[str] = frozenset()  # lower-cased words of everyone's names
    language: str = "en"  # the letter's: "en" or "es" (languages.LANGUAGES)


@dataclass(frozen=True)
class Draft:
    """A drafted letter: subject line, plain-text body, and the notes it could not put
    in a sentence (shown beside the letter: "worth mentioning — in your words")."""

    subject: str
    body: str
    asides: tuple[str, ...] = field(default=())


def check_tone(tone: str) -> str:
    """`tone` as one of TONES (any case, spaces ignored); ServiceError for any other."""
    clean = (tone or "").strip().lower()
    if clean not in TONES:
        raise ServiceError("Choose formal or warm.", field="tone")
    return clean


def _seed(*parts: str) -> bytes:
    """Stable bytes from `parts`: the same candidate and person always draw the same."""
    return hashlib.sha512("\x1f".join(parts).encode()).digest()


def _names(context: LetterContext, person: Person) -> frozenset[str]:
    return context.panel_names | frozenset(name_words(person))


def overlaps(text: str, context: LetterContext, person: Person | None = None) -> bool:
    """Whether `text` shares a distinctive word (4+ letters, not filler, not a panel
    member's name) with the candidate's concerns."""
    names = context.panel_names | (name_words(person) if person else set())
    worry = {w for w in norm_words(context.concerns) if len(w) >= 4 and w not in STOPWORDS} - names
    return bool(worry & set(norm_words(text)))


def letter_points(context: LetterContext) -> list[str]:
    """The key points a letter may name: those that do not overlap the concerns."""
    return [p for p in split_points(context.key_points) if not overlaps(p, context)]


@dataclass(frozen=True)
class _Material:
    """What one letter says, read from the notes: usable phrases and the rest."""

    topics: list[str]
    clauses: list[str]
    next_step: str | None
    topic_asides: list[str]
    qual_asides: list[str]


def _own_notes(person: Person, context: LetterContext) -> list[str]:
    """This person's topics, then the key points tied to them (all of them when the
    candidate met only this person); never a point overlapping the concerns."""
    notes_ = [*person.topics, *person.points]
    if context.panel_size == 1:
        notes_ += split_points(context.key_points)
    seen: dict[str, None] = {}
    for note in notes_:
        if note.strip() and not overlaps(note, context, person):
            seen.setdefault(note.strip(), None)
    return list(seen)


def _material(person: Person, context: LetterContext, index: int, lang: Language) -> _Material:
    names = _names(context, person)
    topics: list[str] = []
    topic_asides: list[str] = []
    for note in _own_notes(person, context):
        topic = lang.notes.topic_of(note, names=names)
        (topics if topic else topic_asides).append(topic or note)
    quals = [q for q in split_points(context.qualifications) if not overlaps(q, context, person)]
    # Each person hears a different qualification first: rotate by place on the panel.
    if quals:
        shift = index % len(quals)
        quals = quals[shift:] + quals[:shift]
    clauses: list[str] = []
    qual_asides: list[str] = []
    for qual in quals:
        clause = lang.notes.clause_of(qual, names=names)
        (clauses if clause else qual_asides).append(clause or qual)
    next_step = None
    for step in split_points(context.next_steps):
        if not overlaps(step, context, person):
            next_step = lang.notes.next_step_of(step, names=names)
            if next_step:
                break
    return _Material(topics[:2], clauses[:2], next_step, topic_asides, qual_asides)


def _interest_level(interest: int | None) -> str:
    if interest is not None and interest <= 2:
        return "low"
    if interest is None or interest == 3:
        return "measured"
    return "strong" if interest == 5 else "positive"


def _capital(text: str) -> str:
    # Past Spanish's opening "¡" or "¿" to the first letter.
    at = len(text) - len(text.lstrip("¡¿"))
    return text[:at] + text[at : at + 1].upper() + text[at + 1 :]


def compose_letter(
    *, person: Person, context: LetterContext, tone: str = "formal", index: int = 0
) -> Draft:
    """Draft the thank-you letter for `person`, the `index`-th on the panel.

    `tone` is "formal" or "warm" (ServiceError otherwise); the letter is in
    `context.language` (English for a code drafting does not know).
    """
    tone = check_tone(tone)
    lang = languages.get(context.language)
    bank = lang.bank[tone]
    index = max(index, 0)
    seed = _seed(context.candidate_key)
    mild = context.interest is None or context.interest <= 4

    def pick(options: Sequence[str], slot: int) -> str:
        # Frame parts never overstate interest below 5 of 5.
        calm = [o for o in options if not (mild and lang.strong.search(o))] or list(options)
        # Step by a slot-specific stride so two slots never move in lockstep.
        return calm[(seed[slot] + index * (1 + seed[slot + 16] % 5)) % len(calm)]

    def role_point(lead: int, obj: int, coda: int) -> tuple[str, str]:
        """A sentence on the role itself, from three parts, and the part it is about."""
        about = pick(bank["point_object"], obj)
        return f"{pick(bank['point_lead'], lead)} {about}{pick(bank['point_coda'], coda)}", about

    stuff = _material(person, context, index, lang)
    greeting = lang.greeting(person, tone)

    position = context.position_title.strip()
    role_word = pick(bank["role_word"], 2)
    post = (
        bank["post"].format(position=position, role_word=role_word)
        if position
        else bank["post_unnamed"].format(role_word=role_word)
    )
    client = context.client_name.strip()
    at_client = bank["at_client"].format(client=client) if client else ""
    opening = f"{pick(bank['thanks'], 0)} {pick(bank['occasion'], 1)} {post}{at_client}"
    first = [opening]
    if stuff.topics:
        first[0] += f", {pick(bank['topic_join'], 3)} {stuff.topics[0]}."
        for topic in stuff.topics[1:]:
            first.append(pick(bank["topic_more"], 4).format(topic=topic))
    else:
        first[0] += "."
        first.append(role_point(3, 4, 18)[0])
    if stuff.topic_asides:
        first.append(bank["mark"])

    key = role_key(person.role)
    openers = bank["role_opener"][key if key in INTERVIEWER_ROLES else DEFAULT_ROLE]
    opener = pick(openers, 5)
    second = []
    if stuff.clauses:
        second.append(f"{opener}, {pick(bank['qual_lead'], 6)} {stuff.clauses[0]}.")
        for clause in stuff.clauses[1:]:
            second.append(pick(bank["qual_more"], 7).format(clause=clause))
    else:
        second.append(f"{opener}, {pick(bank['fit'], 6)}.")
    if stuff.qual_asides:
        second.append(bank["mark"])

    last = []
    if stuff.next_step:
        last.append(pick(bank["look_forward"], 8).format(next=stuff.next_step))
    stance = pick(bank["stance"][_interest_level(context.interest)], 9)
    last.append(stance + pick(bank["closing"], 10))
    own = _seed(context.candidate_key, (person.email or person.name).strip().lower())
    signoff = bank["signoff"][own[0] % len(bank["signoff"])]

    # A thin debrief still gives a letter, not a note: frame sentences on the role fill
    # it up to the length the guidance asks for, and only then (content comes first).
    fit = pick(bank["fit"], 14)
    fillers = [
        (first, 1, *role_point(11, 12, 19)),
        (second, len(second), f"{pick(openers, 13)}, {fit}.", fit),
        (first, 1, *role_point(15, 17, 20)),
    ]
    for paragraph, at, sentence, about in fillers:
        text = " ".join([greeting, *first, *second, *last, context.candidate_name])
        if word_count(text) >= MIN_WORDS + 5:
            break
        if about not in " ".join(paragraph):  # never the same thing said twice
            paragraph.insert(at, sentence)
    paragraphs = [
        greeting,
        lang.polish(" ".join(_capital(s) for s in first)),
        lang.polish(" ".join(_capital(s) for s in second)),
        lang.polish(" ".join(_capital(s) for s in last)),
        f"{signoff}\n{context.candidate_name.strip()}".rstrip(),
    ]
    title = context.position_title.strip()
    subject = bank["subject"].format(position=title) if title else bank["subject_unnamed"]
    asides = tuple(dict.fromkeys([*stuff.topic_asides, *stuff.qual_asides]))
    return Draft(subject=subject, body="\n\n".join(paragraphs) + "\n", asides=asides)


def compose_drafts(
    *, people: Iterable[Person], context: LetterContext, tone: str = "formal"
) -> list[tuple[Person, Draft]]:
    """One draft per person, in order_people order, each with its own point and wording."""
    check_tone(tone)  # fail fast even for an empty panel
    return [
        (person, compose_letter(person=person, context=context, tone=tone, index=i))
        for i, person in enumerate(order_people(people))
    ]
