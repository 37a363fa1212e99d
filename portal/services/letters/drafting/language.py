"""What a language brings to drafting: its phrases and its rules, nothing of the engine.

Composing and the checks are one engine for every language; each language is a small
module (`english`, `spanish`) that fills in one `Language`: the phrase banks (one per
tone, written for that language, never translated word for word), how to greet a
person, how to read the candidate's notes in it, which wording overstates interest,
what in a sentence reads like a pasted note, and the dictionary its spelling is
checked against. `languages` registers them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Collection
from dataclasses import dataclass
from dataclasses import field

from portal.services.letters.drafting.people import Person

# A reading of one note: the note as the letter can say it, or None when not certain.
NoteReader = Callable[..., str | None]


def pasted_note(
    sentence: str,
    *,
    marks: re.Pattern[str],
    verb_after: tuple[re.Pattern[str], ...],
    is_verb: Callable[[str], bool],
) -> str | None:
    """The part of `sentence` that reads like a pasted note, or None: a match of `marks`
    (shorthand no letter writes), else a match of one of `verb_after` whose first group
    `is_verb` (a verb form where the sentence wants something else). Each language's
    `note_like` asks this with its own patterns, and may look further."""
    found = marks.search(sentence)
    if found:
        return found.group(0)
    for pattern in verb_after:
        for match in pattern.finditer(sentence):
            if is_verb(match.group(1)):
                return match.group(0)
    return None


def _as_is(text: str) -> str:
    return text


@dataclass(frozen=True)
class Language:
    """One language's part of drafting (see the module docstring).

    `topic_of`, `clause_of` and `next_step_of` take a note and `names=` (lower-cased
    words of the panel's names) and return the note as a topic, as a clause in the
    first person, or as something to look forward to, or None. `greeting(person,
    tone)` is the letter's first line. `note_like(sentence)` is the part of a sentence
    that reads like a pasted note, or None. `is_known(word)` says whether a lower-cased
    word is spelled right. `polish` makes the last fixes a joined sentence needs (in
    Spanish, "de el" is "del"). `own_words` are words only this language writes,
    `foreign_words` those only another one does: a sentence with more of the second is
    in another language.
    """

    code: str
    name: str  # the language's name in itself, as a picker shows it
    bank: dict[str, dict]
    topic_of: NoteReader
    clause_of: NoteReader
    next_step_of: NoteReader
    greeting: Callable[[Person, str], str]
    strong: re.Pattern[str]
    note_like: Callable[[str], str | None]
    is_known: Callable[[str], bool]
    own_words: Collection[str] = field(default=frozenset())
    foreign_words: Collection[str] = field(default=frozenset())
    polish: Callable[[str], str] = _as_is
