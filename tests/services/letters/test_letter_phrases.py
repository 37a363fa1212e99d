"""The phrase banks: data per language and tone, every part joining every other cleanly
(drafting.phrases, drafting.phrases_en, drafting.phrases_es)."""

from __future__ import annotations

import itertools
import re

import pytest

from portal.services.letters.drafting import languages
from portal.services.letters.drafting import phrases
from portal.services.letters.drafting import phrases_en
from portal.services.letters.drafting import phrases_es
from portal.services.vocabulary import INTERVIEWER_ROLES

LANGUAGES = sorted(languages.LANGUAGES)
# Spanish forms that would agree with the candidate's gender, which drafting never knows.
GENDERED_SELF = re.compile(
    r"\b(?:interesad|encantad|agradecid|ilusionad|convencid|segur|contentísim|content)[oa]s?\b",
    re.IGNORECASE,
)


def test_banks_are_kept_per_language_and_tone():
    """English and Spanish are registered by language; an unknown one falls back to English."""
    assert phrases.BANKS["en"] is phrases_en.BANK
    assert phrases.BANKS["es"] is phrases_es.BANK
    assert phrases.bank("formal") is phrases_en.FORMAL
    assert phrases.bank("warm", "es") is phrases_es.WARM
    assert phrases.bank("warm", "xx") is phrases_en.WARM


@pytest.mark.parametrize("language", LANGUAGES)
def test_both_tones_fill_the_same_slots(language):
    """Formal and warm offer every slot, every role and every interest level, and both
    languages fill the slots the engine asks for."""
    bank = phrases.BANKS[language]
    formal, warm = bank["formal"], bank["warm"]
    assert formal.keys() == warm.keys()
    assert set(phrases_en.FORMAL) <= set(formal)
    for tone in (formal, warm):
        assert set(tone["role_opener"]) == set(INTERVIEWER_ROLES)
        assert set(tone["stance"]) == {"strong", "positive", "measured", "low"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_of_every_phrase_is_spelled_right(language):
    """The language's own dictionary knows every word of its phrases, so the spelling
    check never flags the drafting's words."""
    lang = languages.LANGUAGES[language]
    words = {
        w.lower()
        for text in phrases.all_phrases(language)
        for w in re.findall(r"[^\W\d_]+(?:'[a-z]+)?", re.sub(r"\{\w+\}", "", text))
    }
    assert {w for w in words if not lang.is_known(w)} == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_only_the_strongest_interest_reads_strongly(language):
    """Below 5 of 5 no stance overstates interest; at 1-2 none asks to move forward."""
    lang = languages.LANGUAGES[language]
    forward = re.compile(r"forward|adelante|siguiente (?:paso|fase)|avanz", re.IGNORECASE)
    for bank in lang.bank.values():
        for level in ("positive", "measured", "low"):
            assert not any(lang.strong.search(s) for s in bank["stance"][level]), level
        assert not any(forward.search(s) for s in bank["stance"]["low"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_opening_parts_join_into_distinct_sentences(language):
    """Thanks x occasion x role word: over a hundred openings per tone, all different."""
    for bank in phrases.BANKS[language].values():
        openings = {
            f"{a} {b} {bank['post'].format(position='Analyst', role_word=c)}"
            for a, b, c in itertools.product(bank["thanks"], bank["occasion"], bank["role_word"])
        }
        assert len(openings) >= 128


def test_spanish_phrases_never_guess_the_candidates_gender():
    """No Spanish phrase agrees with the candidate ("interesado", "encantada"): drafting
    does not know their gender, so the phrases say "me interesa" instead."""
    for text in phrases.all_phrases("es"):
        assert not GENDERED_SELF.search(text), text


def test_spanish_questions_and_exclamations_open_as_spanish_writes_them():
    """Every "?" and "!" in a Spanish phrase is opened by "¿" / "¡"; the formal letter
    speaks to the reader as usted, the warm one as tú."""
    for text in phrases.all_phrases("es"):
        assert text.count("?") == text.count("¿") and text.count("!") == text.count("¡"), text
    # The marked place speaks to the candidate, not to the reader: it is left out.
    formal = " ".join(_walk({k: v for k, v in phrases_es.FORMAL.items() if k != "mark"}))
    warm = " ".join(_walk({k: v for k, v in phrases_es.WARM.items() if k != "mark"}))
    assert not re.search(r"\b(?:tú|tu|tus|te|contigo|ti)\b", formal)
    assert not re.search(r"\b(?:usted|ustedes|su)\b", warm)


def _walk(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value
    return [s for item in items for s in _walk(item)]
