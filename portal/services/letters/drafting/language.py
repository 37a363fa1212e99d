"""What a language brings to drafting: its phrases and its rules, nothing of the engine.

Composing and the checks are one engine for every language; each language is a small
module (`english`, `spanish`) that is itself one `Language`: its names are the phrase
banks (one per tone, written for that language, never translated word for word), how to
greet a person, how to read the candidate's notes in it, which wording overstates
interest, what in a sentence reads like a pasted note, and the dictionary its spelling
is checked against. `languages` registers them. What the languages' rules share is
here too: how a pasted note is found, how a qualification's parts are joined.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Iterable
from typing import Protocol

from portal.services.letters.drafting.people import Person


class NoteReader(Protocol):
    """How a language reads the candidate's notes (`notes`, `notes_es`).

    Each takes a note and `names=` (lower-cased words of the panel's names) and returns
    the note as a topic, as a clause in the first person, or as something to look
    forward to, or None when that is not certain.
    """

    def topic_of(self, note: str, *, names: Collection[str] = ()) -> str | None: ...

    def clause_of(self, qualification: str, *, names: Collection[str] = ()) -> str | None: ...

    def next_step_of(self, note: str, *, names: Collection[str] = ()) -> str | None: ...


class Language(Protocol):
    """One language's part of drafting (see the module docstring): the names its module
    defines.

    `bank` holds the phrases by tone; `notes` reads the candidate's notes; `strong` is
    wording that overstates interest. `own_words` are words only this language writes,
    `foreign_words` those only another one does: a sentence with more of the second is
    in another language.
    """

    code: str
    name: str  # the language's name in itself, as a picker shows it
    bank: dict[str, dict]
    notes: NoteReader
    strong: re.Pattern[str]
    own_words: frozenset[str]
    foreign_words: frozenset[str]

    def greeting(self, person: Person, tone: str) -> str:
        """The letter's first line."""

    def note_like(self, sentence: str) -> str | None:
        """The part of a sentence that reads like a pasted note, or None."""

    def is_known(self, word: str) -> bool:
        """Whether a lower-cased word is spelled right."""

    def polish(self, text: str) -> str:
        """The last fixes a joined sentence needs (in Spanish, "de el" is "del")."""


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


def joined_clauses(
    first: str,
    later: Iterable[str],
    *,
    clause: Callable[[str], str | None],
    is_aside: Callable[[str], bool],
) -> str | None:
    """A qualification typed as comma-separated parts, as one sentence: `first` (its first
    part as a clause), then each later part as `clause` joins it on ("and I led …"), else
    as it stands where it `is_aside` ("128% of quota"), joined with commas; None when a
    part is neither. Each language's `clause_of` asks this with its own rules."""
    out = [first]
    for part in later:
        joined = clause(part)
        if joined is None and not is_aside(part):
            return None
        out.append(part if joined is None else joined)
    return ", ".join(out)
