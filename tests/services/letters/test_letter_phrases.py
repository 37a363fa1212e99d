"""The phrase banks: data per language and tone, every part joining every other cleanly
(drafting.phrases, drafting.phrases_en)."""

from __future__ import annotations

import itertools
import re

from spellchecker import SpellChecker

from portal.services.letters.drafting import phrases, phrases_en
from portal.services.vocabulary import INTERVIEWER_ROLES

STRONG = re.compile(
    r"very interested|excited|thrilled|delighted|enthusiastic|\bkeen\b|love to|would love",
    re.IGNORECASE,
)


def test_banks_are_kept_per_language_and_tone():
    """English is registered by language; a language without a bank falls back to it."""
    assert phrases.BANKS["en"] is phrases_en.BANK
    assert phrases.bank("formal") is phrases_en.FORMAL
    assert phrases.bank("warm", "xx") is phrases_en.WARM


def test_both_tones_fill_the_same_slots():
    """Formal and warm offer every slot, every role and every interest level."""
    formal, warm = phrases_en.FORMAL, phrases_en.WARM
    assert formal.keys() == warm.keys()
    for bank in (formal, warm):
        assert set(bank["role_opener"]) == set(INTERVIEWER_ROLES)
        assert set(bank["stance"]) == {"strong", "positive", "measured", "low"}


def test_every_word_of_every_phrase_is_spelled_right():
    """The spelling check never flags the drafting's own words."""
    words = {
        w.lower()
        for text in phrases.all_phrases()
        for w in re.findall(r"[A-Za-z]+(?:'[a-z]+)?", re.sub(r"\{\w+\}", "", text))
    }
    assert SpellChecker(language="en").unknown(words) == set()


def test_only_the_strongest_interest_reads_strongly():
    """Below 5 of 5 no stance overstates interest; at 1-2 none asks to move forward."""
    for bank in (phrases_en.FORMAL, phrases_en.WARM):
        for level in ("positive", "measured", "low"):
            assert not any(STRONG.search(s) for s in bank["stance"][level]), level
        assert not any("forward" in s for s in bank["stance"]["low"])


def test_opening_parts_join_into_distinct_sentences():
    """Thanks x occasion x role word: over a hundred openings per tone, all different."""
    for bank in (phrases_en.FORMAL, phrases_en.WARM):
        openings = {
            f"{a} {b} the Analyst {c}"
            for a, b, c in itertools.product(bank["thanks"], bank["occasion"], bank["role_word"])
        }
        assert len(openings) >= 128
