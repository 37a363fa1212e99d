"""The languages letters are drafted in: English and Spanish, each a `Language` of its
own phrases and rules (`english`, `spanish`) run by the one engine (`composing`,
`checks`)."""

from __future__ import annotations

from portal.services.errors import ServiceError
from portal.services.letters.drafting import english
from portal.services.letters.drafting import spanish
from portal.services.letters.drafting.language import Language

LANGUAGES: dict[str, Language] = {english.code: english, spanish.code: spanish}
DEFAULT_LANGUAGE = english.code


def get(code: str) -> Language:
    """The language `code` names ("en", "es", any case); English for any other."""
    return LANGUAGES.get((code or "").strip().lower(), LANGUAGES[DEFAULT_LANGUAGE])


def check_language(code: str) -> str:
    """`code` as one of LANGUAGES (any case, spaces ignored); ServiceError for any other."""
    clean = (code or "").strip().lower()
    if clean not in LANGUAGES:
        names = ", ".join(lang.name for lang in LANGUAGES.values())
        raise ServiceError("Choose one of: %(choices)s.", field="language", choices=names)
    return clean
