"""Letters for ten candidates who met the same three-person panel (tests/letter_corpus).

A panel compares notes: each letter must be carried by the candidate's own content, with
frame sentences varied enough that at most one body sentence in ten also appears in
another candidate's letters; and no note is ever pasted in as typed.
"""

from __future__ import annotations

import re

import pytest

from portal.services.letters.drafting import check_letter, compose_drafts
from tests.letter_corpus import CANDIDATES
from tests.letter_samples import ENDED, by_key

MARK = "[Worth mentioning here, in your own words: see the note beside the letter.]"
# The old drafting's frames, each of which once received a note as typed.
PLANTS = [
    "Talking about {note} was, for me, the most useful part of the interview.",
    "I have continued to reflect on what you said about {note}.",
    "I bring {note}.",
    "As you consider the next steps, I hope you will keep in mind that {note}.",
]


def _drafts(tone: str):
    """{candidate: [(person, draft), …]} for the whole corpus."""
    return {
        c.name: (c, compose_drafts(people=c.people(), context=c.context(str(n)), tone=tone))
        for n, c in enumerate(CANDIDATES, start=1)
    }


def _body_sentences(body: str) -> list[str]:
    """The sentences between the greeting and the sign-off (a marked place excluded)."""
    middle = "\n\n".join(body.split("\n\n")[1:-1]).replace(MARK, "")
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(middle.split())) if s]


def shared_sentence_share(tone: str) -> tuple[int, int]:
    """(body sentences also found in another candidate's letters, all body sentences)."""
    drafts = _drafts(tone)
    by_candidate = {
        name: {s for _, d in letters for s in _body_sentences(d.body)}
        for name, (_, letters) in drafts.items()
    }
    shared = total = 0
    for name, (_, letters) in drafts.items():
        others = set().union(*(s for n, s in by_candidate.items() if n != name))
        for _, draft in letters:
            for sentence in _body_sentences(draft.body):
                total += 1
                shared += sentence in others
    return shared, total


def test_the_corpus_holds_at_least_sixty_notes():
    """Enough typed notes, of every kind, for the corpus to mean something."""
    assert sum(len(c.notes()) for c in CANDIDATES) >= 60


@pytest.mark.parametrize("tone", ["formal", "warm"])
def test_at_most_one_body_sentence_in_ten_is_shared_across_candidates(tone, capsys):
    """Ten candidates, one panel: the share of body sentences that also appear in another
    candidate's letters is printed and stays at or under 10 %."""
    shared, total = shared_sentence_share(tone)
    with capsys.disabled():
        print(f"\n{tone}: {shared} of {total} body sentences shared ({shared / total:.1%})")
    assert shared / total <= 0.10


@pytest.mark.parametrize("tone", ["formal", "warm"])
def test_no_letter_in_the_corpus_pastes_a_note(tone):
    """Every draft reads as sentences; a note drafting could not read is listed beside the
    letter instead, and appears nowhere in it."""
    for candidate, letters in _drafts(tone).values():
        context = candidate.context("0")
        for person, draft in letters:
            for note in draft.asides:
                assert note.lower() not in draft.body.lower()
            body = draft.body.replace(MARK, "")
            check = by_key(check_letter(body=body, person=person, context=context, now=ENDED))
            assert check["fragments"].ok, (candidate.name, person.name, check["fragments"])
            assert check["concerns"].ok, (candidate.name, person.name, check["concerns"])


def test_the_checks_catch_every_planted_note():
    """Each note drafting left for the candidate's words, pasted into any of the old
    frames in place of the marked place, is flagged as reading like a note."""
    planted = 0
    for candidate, letters in _drafts("formal").values():
        context = candidate.context("0")
        for person, draft in letters:
            for note in draft.asides:
                for frame in PLANTS:
                    body = draft.body.replace(MARK, frame.format(note=note))
                    check = by_key(
                        check_letter(body=body, person=person, context=context, now=ENDED)
                    )["fragments"]
                    assert not check.ok, (note, frame)
                    assert check.message.startswith("Reads like a note"), check
                    planted += 1
    assert planted >= 40
