"""Guidance on a letter as the candidate edits it, and how alike two letters are.

Every check is advice, never a block: name, a specific point, length, spelling, one
language throughout (the letter's own), the 24-hour mark, whether it reads as sentences
(not pasted notes), and concerns kept out.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from functools import lru_cache
from itertools import pairwise

from portal.services.letters.drafting import languages
from portal.services.letters.drafting import phrases
from portal.services.letters.drafting.composing import MAX_WORDS
from portal.services.letters.drafting.composing import MIN_WORDS
from portal.services.letters.drafting.composing import LetterContext
from portal.services.letters.drafting.composing import word_count
from portal.services.letters.drafting.people import Person
from portal.services.letters.drafting.people import name_words
from portal.services.letters.drafting.people import split_points
from portal.services.letters.drafting.words import STOPWORDS
from portal.services.letters.drafting.words import contains
from portal.services.letters.drafting.words import norm_words
from portal.services.letters.drafting.words import sentences
from portal.services.letters.drafting.words import words

# Calibrated on compose_drafts output: letters to one panel of 2-5 people score well
# under this on `similarity`, while a copy with a word or two changed scores 0.97 or
# more. 0.8 sits well clear of both: it flags copies, not siblings.
ALIKE_THRESHOLD = 0.8

SEND_WITHIN = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Check:
    """One piece of guidance about a draft; `ok` False means worth a look, not a block.

    `message` is in English; `text` and `params` are the same message for the page to
    translate in the reader's language (`_(text, **params)`): services know no reader.
    """

    key: str
    ok: bool
    message: str
    # The same guidance either way: equal checks say the same thing.
    text: str = field(default="", compare=False)
    params: Mapping[str, str | int] = field(default_factory=dict, compare=False)


def N_(text: str) -> str:
    """Mark `text` for the translation catalog (pybabel extracts N_); it stays as it is."""
    return text


def _check(key: str, ok: bool, text: str, **params: str | int) -> Check:
    return Check(key, ok, text % params if params else text, text, params)


# ---------------------------------------------------------------------------
# Comparing and counting
# ---------------------------------------------------------------------------


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0.0 (nothing shared) to 1.0 (same words, same order).

    difflib.SequenceMatcher ratio over the lower-cased word lists: order-aware, so two
    letters sharing a greeting and sign-off but saying different things score low, while a
    copy with a word or two swapped scores close to 1.
    """
    wa = [w.lower() for w in words(a)]
    wb = [w.lower() for w in words(b)]
    if not wa and not wb:
        return 1.0
    # autojunk off: letters are short, and junking common words would make scores depend
    # on text length in ways that are hard to explain.
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def too_alike(drafts: Sequence[str], threshold: float = ALIKE_THRESHOLD) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of drafts whose similarity is at least `threshold`."""
    return [
        (i, j)
        for i in range(len(drafts))
        for j in range(i + 1, len(drafts))
        if similarity(drafts[i], drafts[j]) >= threshold
    ]


# ---------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------


def _mentions(body_words: list[str], point: str) -> bool:
    point_words = norm_words(point)
    if contains(body_words, point_words):
        return True
    # A reworded point still counts if a distinctive pair of its words survives, such as
    # "billing migration"; pairs of filler words ("of the") do not.
    for a, b in pairwise(point_words):
        distinctive = (a not in STOPWORDS or b not in STOPWORDS) and max(len(a), len(b)) >= 4
        if distinctive and contains(body_words, [a, b]):
            return True
    return False


def _check_name(body: str, person: Person) -> Check:
    parts = name_words(person)
    if not parts:
        return _check("name", False, N_("Add the interviewer's name"))
    body_words = norm_words(body)
    if any(contains(body_words, [part]) for part in parts):
        return _check("name", True, N_("Addresses %(name)s by name"), name=person.name.strip())
    return _check("name", False, N_("Mention %(name)s by name"), name=person.name.strip())


def _check_point(body: str, person: Person, context: LetterContext) -> Check:
    key_points = [*person.topics, *split_points(context.key_points)]
    quals = split_points(context.qualifications)
    if not key_points and not quals:
        return _check(
            "point",
            False,
            N_("No specific point — add a key point or qualification to the debrief"),
        )
    body_words = norm_words(body)
    has_point = any(_mentions(body_words, p) for p in key_points)
    has_qual = any(_mentions(body_words, q) for q in quals)
    if has_point and has_qual:
        return _check("point", True, N_("Mentions a key point and a qualification"))
    if has_point:
        if quals:
            return _check("point", True, N_("Mentions a key point; no qualification mentioned"))
        return _check("point", True, N_("Mentions a key point; no qualifications in the debrief"))
    if has_qual:
        if key_points:
            return _check("point", True, N_("Mentions a qualification; no key point mentioned"))
        return _check("point", True, N_("Mentions a qualification; no key points in the debrief"))
    return _check(
        "point",
        False,
        N_("No specific point — mention a key point or qualification you discussed"),
    )


def _check_length(body: str) -> Check:
    count = word_count(body)
    if MIN_WORDS <= count <= MAX_WORDS:
        return _check("length", True, N_("%(count)s words — good"), count=count)
    return _check(
        "length",
        False,
        N_("%(count)s words — aim for %(low)s to %(high)s"),
        count=count,
        low=MIN_WORDS,
        high=MAX_WORDS,
    )


def _own_words(person: Person, context: LetterContext) -> set[str]:
    # Names, titles and what the candidate typed are theirs to spell; a product name or a
    # surname is not a typo.
    texts = (
        person.name,
        person.title,
        *person.topics,
        context.candidate_name,
        context.position_title,
        context.client_name,
        context.key_points,
        context.qualifications,
        context.next_steps,
    )
    return {w for text in texts for w in norm_words(text)}


def _check_spelling(body: str, person: Person, context: LetterContext) -> Check:
    ignore = _own_words(person, context)
    candidates: list[str] = []
    for raw in words(body):
        word = raw.replace("’", "'")
        word = word.removesuffix("'s")
        # Capitalised words are mostly names; digits and very short words are noise.
        if len(word) <= 2 or any(c.isupper() or c.isdigit() for c in word) or word in ignore:
            continue
        if word not in candidates:
            candidates.append(word)
    lang = languages.get(context.language)
    # The drafting's own words are spelled right whatever the dictionary holds.
    ours = _phrase_words(lang.code)
    unknown = [w for w in candidates if w.lower() not in ours and not lang.is_known(w)]
    if not unknown:
        return _check("spelling", True, N_("No spelling problems found"))
    return _check("spelling", False, N_("Check: %(words)s"), words=", ".join(unknown[:5]))


def _check_language(body: str, person: Person, context: LetterContext) -> Check:
    """A sentence in another language than the letter's (pasted, or typed from habit)."""
    lang = languages.get(context.language)
    # Names and the candidate's own notes ("Banco de España") are theirs, not sentences.
    ignore = _own_words(person, context) | name_words(person) | context.panel_names
    for sentence in sentences(body):
        found = [w for w in norm_words(sentence) if w not in ignore]
        foreign = sum(w in lang.foreign_words for w in found)
        if foreign >= 2 and foreign > sum(w in lang.own_words for w in found):
            other = next(
                (
                    other.name
                    for other in languages.LANGUAGES.values()
                    if other is not lang and sum(w in other.own_words for w in found) >= 2
                ),
                "",
            )
            excerpt = " ".join(sentence.split())
            if len(excerpt) > 90:
                excerpt = excerpt[:80] + "…"
            if not other:
                return _check(
                    "language",
                    False,
                    N_("Reads as another language: “%(excerpt)s” — this letter is in %(language)s"),
                    excerpt=excerpt,
                    language=lang.name,
                )
            return _check(
                "language",
                False,
                N_("Reads as %(other)s: “%(excerpt)s” — this letter is in %(language)s"),
                other=other,
                excerpt=excerpt,
                language=lang.name,
            )
    return _check("language", True, N_("Written in %(language)s throughout"), language=lang.name)


def _naive_utc(when: dt.datetime) -> dt.datetime:
    if when.tzinfo is None:
        return when
    return when.astimezone(dt.UTC).replace(tzinfo=None)


def _check_deadline(context: LetterContext, now: dt.datetime) -> Check:
    if context.ended_at is None:
        return _check("deadline", True, N_("Send within 24 hours of the interview"))
    left = _naive_utc(context.ended_at) + SEND_WITHIN - _naive_utc(now)
    seconds = min(left, SEND_WITHIN).total_seconds()
    if seconds <= 0:
        return _check("deadline", False, N_("Past the 24-hour mark — send today anyway"))
    # Round down so the promise is never later than the real mark.
    if seconds >= 3600:
        return _check(
            "deadline",
            True,
            N_("Send within %(hours)s h (by the 24-hour mark)"),
            hours=int(seconds // 3600),
        )
    return _check(
        "deadline",
        True,
        N_("Send within %(minutes)s min (by the 24-hour mark)"),
        minutes=max(1, math.floor(seconds / 60)),
    )


# A marked place still waiting for the candidate's words, in any language's letter.
_MARKED = re.compile(r"\[[^\]]*\]")


def _pasted_note(sentence: str, raw_notes: list[str], language: str) -> str | None:
    """The part of `sentence` that reads like a pasted note, or None: what the letter's
    language reads as note-like, or a note drafting could not read, whole."""
    found = _MARKED.search(sentence) or None
    if found:
        return found.group(0)
    pasted = languages.get(language).note_like(sentence)
    if pasted:
        return pasted
    low = " ".join(norm_words(sentence))
    for note in raw_notes:
        if f" {note} " in f" {low} ":
            return note
    return None


def _unreadable_notes(person: Person, context: LetterContext) -> list[str]:
    """The candidate's notes that drafting could not put in a sentence, as word strings:
    finding one whole in a letter means it was pasted as typed."""
    names = context.panel_names | name_words(person)
    notes = languages.get(context.language).notes
    raw = [
        n
        for n in [*person.topics, *split_points(context.key_points)]
        if notes.topic_of(n, names=names) is None
    ] + [q for q in split_points(context.qualifications) if notes.clause_of(q, names=names) is None]
    out = []
    for note in raw:
        note_words = norm_words(note)
        if len(note_words) >= 3:  # two words could be the candidate's own phrasing
            out.append(" ".join(note_words))
    return out


def _check_fragments(body: str, person: Person, context: LetterContext) -> Check:
    raw_notes = _unreadable_notes(person, context)
    for sentence in sentences(body):
        pasted = _pasted_note(sentence, raw_notes, context.language)
        if pasted is None:
            continue
        if pasted.startswith("["):
            return _check(
                "fragments",
                False,
                N_("A marked place is still in the letter: say it in your words"),
            )
        excerpt = " ".join(sentence.split())
        if len(excerpt) > 90:
            at = max(0, excerpt.lower().find(pasted.lower()[:20]) - 20)
            excerpt = "…" + excerpt[at : at + 80] + "…"
        return _check(
            "fragments",
            False,
            N_("Reads like a note: “%(excerpt)s” — rewrite it for them"),
            excerpt=excerpt,
        )
    return _check("fragments", True, N_("Reads as sentences, not notes"))


@lru_cache(maxsize=1)
def _drafting_words() -> frozenset[str]:
    """Every word of the drafting's own phrasings: those are ours, not the candidate's."""
    return frozenset(w for text in phrases.all_phrases() for w in norm_words(text))


@lru_cache(maxsize=4)
def _phrase_words(language: str) -> frozenset[str]:
    """The words of one language's phrasings."""
    return frozenset(w for text in phrases.all_phrases(language) for w in norm_words(text))


def _check_concerns(body: str, person: Person, context: LetterContext) -> Check:
    # A name is not a concern: the recipient's (or a colleague's) name in a concern
    # ("Tom seemed rushed") must not flag every letter that greets Tom.
    names = context.panel_names | name_words(person)
    worry = {
        w
        for w in norm_words(context.concerns)
        if len(w) >= 4 and w not in STOPWORDS and w not in _drafting_words() and w not in names
    }
    leaked = [w for w in dict.fromkeys(norm_words(body)) if w in worry]
    if not leaked:
        return _check("concerns", True, N_("Keeps your concerns out of the letter"))
    return _check(
        "concerns",
        False,
        N_("Mentions what you noted as a concern: %(words)s"),
        words=", ".join(leaked[:3]),
    )


def check_letter(
    *, body: str, person: Person, context: LetterContext, now: dt.datetime
) -> list[Check]:
    """Guidance on a draft: name, point, length, spelling, the letter's language,
    deadline, note-like fragments and concerns leaking in, in that order.

    `now` is naive UTC, like `context.ended_at`. Every check is advice; none blocks sending.
    """
    return [
        _check_name(body, person),
        _check_point(body, person, context),
        _check_length(body),
        _check_spelling(body, person, context),
        _check_language(body, person, context),
        _check_deadline(context, now),
        _check_fragments(body, person, context),
        _check_concerns(body, person, context),
    ]
