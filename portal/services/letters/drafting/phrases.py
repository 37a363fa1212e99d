"""Where drafting finds its phrases: one bank per language, each with a bank per tone.

The English bank is `phrases_en`; a Spanish one would be `phrases_es`, registered
below, with its own composition of the same slots (see `phrases_en`'s docstring).
"""

from __future__ import annotations

from portal.services.letters.drafting import phrases_en

BANKS: dict[str, dict[str, dict]] = {"en": phrases_en.BANK}
DEFAULT_LANGUAGE = "en"


def bank(tone: str, language: str = DEFAULT_LANGUAGE) -> dict:
    """The phrases for `tone` in `language` (English when the language has no bank)."""
    return BANKS.get(language, BANKS[DEFAULT_LANGUAGE])[tone]


def all_phrases() -> list[str]:
    """Every phrase of every bank, as text: words in them are the drafting's, not the
    candidate's (the concerns check ignores them)."""
    out: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        else:
            for item in value:
                walk(item)

    for tones in BANKS.values():
        walk(tones)
    return out
