"""English: the phrase banks of `phrases_en`, notes read by `notes` (lemminflect's
lexicon), "Dear Dr Osei," greetings, and what reads like a pasted English note.

The module is the English `language.Language`: the engine reads its names below.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from portal.services.letters.drafting import notes
from portal.services.letters.drafting import phrases_en
from portal.services.letters.drafting.language import pasted_note
from portal.services.letters.drafting.people import Person
from portal.services.letters.drafting.people import greeting_name
from portal.services.letters.drafting.words import ENGLISH_ONLY
from portal.services.letters.drafting.words import SPANISH_ONLY

if TYPE_CHECKING:
    from spellchecker import SpellChecker

code = "en"
name = "English"
bank = phrases_en.BANK
own_words = ENGLISH_ONLY
foreign_words = SPANISH_ONLY

# Wording that overstates interest below 5 of 5.
strong = re.compile(
    r"\b(very interested|excited|thrilled|delighted|enthusiastic|keen|love to|would love|"
    r"really believe)\b",
    re.IGNORECASE,
)


def greeting(person: Person, tone: str) -> str:
    """'Dear Dr Osei,' formally, 'Dear Wei Ling,' warmly, 'Hello,' with no name."""
    bank = phrases_en.BANK[tone]
    name = greeting_name(person, tone)
    return bank["greeting"].format(name=name) if name else bank["greeting_unnamed"]


# Shorthand pasted from notes: "…: their data quality problems", "…: I think …", a
# "their" (the employer in the third person, in a letter written to the employer), a
# subject right after a preposition ("what you said about they are…"). A marked place
# ("[…]") is the checks' to find, in every language.
_NOTE_LIKE = re.compile(
    r":\s*(?:I|my|our|we|me)\b|\btheir\b"
    r"|\b(?:about|of|on|regarding|into|over)\s+(?:they|he|she|we|I)\s+\w+",
    re.IGNORECASE,
)
# "about Sofia asked", "of Tom said": a preposition, a name, a verb in the past tense.
_NAME_THEN_VERB = re.compile(r"\b(?:about|of|on|regarding|into)\s+[A-Z][\w'’-]+\s+([a-z]+)\b")
# "I bring closed …", "I bring CA ANZ qualified, led …": a verb form pasted after "bring".
_BRING = re.compile(r"\bI bring\s+([^.!?;]*)")


def note_like(sentence: str) -> str | None:
    """The part of an English sentence that reads like a pasted note, or None."""
    found = pasted_note(
        sentence,
        marks=_NOTE_LIKE,
        verb_after=(_NAME_THEN_VERB,),
        is_verb=notes.is_inflected_verb,
    )
    if found:
        return found
    bring = _BRING.search(sentence)
    if bring:
        tail = bring.group(1).split()
        if tail and (notes.past_form(tail[0].strip(",")) or notes.is_inflected_verb(tail[0])):
            return bring.group(0)
        if any(w.strip(",").lower() in ("qualified", "certified", "accredited") for w in tail):
            return bring.group(0)
        if re.search(r",\s+[a-z]+", bring.group(1)) and any(
            notes.past_form(w) for w in re.findall(r",\s+([a-z]+)", bring.group(1))
        ):
            return bring.group(0)
    return None


@lru_cache(maxsize=1)
def _spellchecker() -> SpellChecker:
    # Loading the English word list takes a noticeable fraction of a second; do it once,
    # on first use, rather than at import time or per request.
    from spellchecker import SpellChecker

    return SpellChecker(language="en")


def is_known(word: str) -> bool:
    """Whether an English word is spelled right; words with other letters ("café",
    "Zoë") are not English dictionary words to judge."""
    return not word.isascii() or not _spellchecker().unknown([word])


def polish(text: str) -> str:
    """An English sentence as joined: it needs no last fixes."""
    return text
