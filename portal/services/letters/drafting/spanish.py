"""Spanish: the phrase banks of `phrases_es`, notes read by `notes_es`, greetings that
agree with the person only where their title says how ("Estimada Dra. Osei:"), and what
reads like a pasted Spanish note.

The module is the Spanish `language.Language`: the engine reads its names below.
"""

from __future__ import annotations

import re

from portal.services.letters.drafting import notes_es
from portal.services.letters.drafting import phrases_es
from portal.services.letters.drafting.language import pasted_note
from portal.services.letters.drafting.people import Person
from portal.services.letters.drafting.people import name_parts
from portal.services.letters.drafting.words import ENGLISH_ONLY
from portal.services.letters.drafting.words import SPANISH_ONLY

code = "es"
name = "Español"
bank = phrases_es.BANK
notes = notes_es
own_words = SPANISH_ONLY
foreign_words = ENGLISH_ONLY
is_known = notes_es.is_known

# Wording that overstates interest below 5 of 5.
strong = re.compile(
    r"muy interesad|entusiasm|ilusi|me encantar[ií]a|muchísimas ganas|más ganas|deseando"
    r"|emocion|gran satisfacci",
    re.IGNORECASE,
)

# How a title is written in a Spanish letter, and the greeting's gender it settles.
# "Dr", "Prof" and "Mx" say nothing of it in English, so they settle nothing here:
# the greeting is then one that needs no gender.
_TITLES = {
    "sr": ("Sr.", "m"),
    "señor": ("Sr.", "m"),
    "mr": ("Sr.", "m"),
    "don": ("D.", "m"),
    "d": ("D.", "m"),
    "sra": ("Sra.", "f"),
    "señora": ("Sra.", "f"),
    "mrs": ("Sra.", "f"),
    "ms": ("Sra.", "f"),
    "miss": ("Sra.", "f"),
    "srta": ("Sra.", "f"),
    "señorita": ("Sra.", "f"),
    "doña": ("Dña.", "f"),
    "dña": ("Dña.", "f"),
    "dra": ("Dra.", "f"),
    "doctora": ("Dra.", "f"),
    "profa": ("Profa.", "f"),
    "profesora": ("Profa.", "f"),
}


def title_of(person: Person) -> tuple[str, str]:
    """(title as a Spanish letter writes it, "f" or "m"), or ("", "") when the person's
    title does not say which greeting agrees with them."""
    title = name_parts(person).title.strip().rstrip(".").lower()
    return _TITLES.get(title, ("", ""))


def greeting(person: Person, tone: str) -> str:
    """The first line: formally "Estimada Sra. Müller:" where the title gives the gender,
    else "Buenos días, Amara Osei:"; warmly "Hola, Wei Ling:"; "Buenos días:" / "Hola:"
    with no name. Never a guess from a first name."""
    bank = phrases_es.BANK[tone]
    parts = name_parts(person)
    whole = " ".join(p for p in (parts.given, parts.family) if p) or person.name.strip()
    if tone == "warm":
        name = parts.given or parts.family or person.name.strip()
        return bank["greeting"].format(name=name) if name else bank["greeting_unnamed"]
    title, gender = title_of(person)
    if title and parts.family:
        # "Ana García López" split by guess gives "López" alone: keep the whole name
        # unless the candidate said which part is the family name.
        family = parts.family if person.family_name or not _has_middle(parts.given) else whole
        return bank["greeting_gendered"][gender].format(name=f"{title} {family}")
    return bank["greeting"].format(name=whole) if whole else bank["greeting_unnamed"]


def _has_middle(given: str) -> bool:
    return len(given.split()) > 1


# Shorthand pasted from notes: "…: nuestros problemas de calidad", a subject right after
# a preposition ("sobre ellos quieren crecer").
_NOTE_LIKE = re.compile(
    r":\s*(?:yo|mi|mis|me|nosotros|nosotras|nuestro|nuestra|nuestros|nuestras)\b"
    r"|\b(?:sobre|de|acerca de)\s+(?:ellos|ellas|él|ella|yo|nosotros|nosotras)\s+\w+",
    re.IGNORECASE,
)
# Where a conjugated verb, the first group, reads like a pasted note.
_VERB_AFTER = (
    # "sobre Sofía preguntó": a preposition, a name, a conjugated verb.
    re.compile(r"\b(?:sobre|de|acerca de)\s+[A-ZÁÉÍÓÚÑ][\w'’-]+\s+(\w+)"),
    # "sobre necesitan más diseñadores": a conjugated verb straight after "sobre".
    re.compile(r"\bsobre\s+(\w+)"),
    # "cuento con lideré …", "tengo experiencia en cerró …": a verb pasted after a frame.
    re.compile(r"\b(?:cuento con|tengo experiencia en)\s+(\w+)"),
)


def note_like(sentence: str) -> str | None:
    """The part of a Spanish sentence that reads like a pasted note, or None."""
    return pasted_note(
        sentence,
        marks=_NOTE_LIKE,
        verb_after=_VERB_AFTER,
        is_verb=lambda word: word.islower() and notes_es.is_finite_verb(word),
    )


def polish(text: str) -> str:
    """Make "de el" and "a el" what Spanish writes ("del", "al"); "de El Salvador" keeps its
    capital and its article."""
    return re.sub(
        r"\b([Dd]e|[Aa]) el\b", lambda m: m[1][0] + ("el" if len(m[1]) == 2 else "l"), text
    )
