"""Where drafting finds its phrases: one bank per language, each with a bank per tone.

The banks are the languages' own (`phrases_en`, `phrases_es`), registered with the rest
of each language in `languages`.
"""

from __future__ import annotations

from portal.services.letters.drafting import languages

BANKS: dict[str, dict[str, dict]] = {code: lang.bank for code, lang in languages.LANGUAGES.items()}
DEFAULT_LANGUAGE = languages.DEFAULT_LANGUAGE


def bank(tone: str, language: str = DEFAULT_LANGUAGE) -> dict:
    """The phrases for `tone` in `language` (English when the language has no bank)."""
    return BANKS.get(language, BANKS[DEFAULT_LANGUAGE])[tone]


def all_phrases(language: str | None = None) -> list[str]:
    """Every phrase of `language`'s bank (of every bank when None), as text: words in
    them are the drafting's, not the candidate's (the concerns check ignores them)."""
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

    for code, tones in BANKS.items():
        if language is None or code == language:
            walk(tones)
    return out
