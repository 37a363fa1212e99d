"""Letters for ten candidates who met the same three-person panel (tests/letter_corpus),
in English and, from ten other candidates' notes typed in Spanish, in Spanish.

A panel compares notes: each letter must be carried by the candidate's own content, with
frame sentences varied enough that at most one body sentence in ten also appears in
another candidate's letters; and no note is ever pasted in as typed.
"""

from __future__ import annotations

import re

import pytest

from portal.services.letters.drafting import check_letter
from portal.services.letters.drafting import compose_drafts
from portal.services.letters.drafting import phrases
from tests.letter_corpus import CORPORA
from tests.letter_samples import ENDED
from tests.letter_samples import by_key

LANGUAGES = sorted(CORPORA)
# The old drafting's frames, each of which once received a note as typed, and frames a
# Spanish letter could receive one in.
PLANTS = {
    "en": [
        "Talking about {note} was, for me, the most useful part of the interview.",
        "I have continued to reflect on what you said about {note}.",
        "I bring {note}.",
        "As you consider the next steps, I hope you will keep in mind that {note}.",
    ],
    "es": [
        "Hablar de {note} fue, para mí, lo más útil de la entrevista.",
        "He seguido pensando en lo que me dijo sobre {note}.",
        "Cuento con {note}.",
        "Mientras valoran los próximos pasos, le ruego que tenga en cuenta que {note}.",
    ],
}


def _mark(language: str) -> str:
    return phrases.bank("formal", language)["mark"]


def _drafts(tone: str, language: str = "en"):
    """{candidate: [(person, draft), …]} for the whole corpus in `language`."""
    return {
        c.name: (c, compose_drafts(people=c.people(), context=c.context(str(n)), tone=tone))
        for n, c in enumerate(CORPORA[language], start=1)
    }


def _body_sentences(body: str, language: str = "en") -> list[str]:
    """The sentences between the greeting and the sign-off (a marked place excluded)."""
    middle = "\n\n".join(body.split("\n\n")[1:-1]).replace(_mark(language), "")
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(middle.split())) if s]


def shared_sentence_share(tone: str, language: str = "en") -> tuple[int, int]:
    """(body sentences also found in another candidate's letters, all body sentences)."""
    drafts = _drafts(tone, language)
    by_candidate = {
        name: {s for _, d in letters for s in _body_sentences(d.body, language)}
        for name, (_, letters) in drafts.items()
    }
    shared = total = 0
    for name, (_, letters) in drafts.items():
        others = set().union(*(s for n, s in by_candidate.items() if n != name))
        for _, draft in letters:
            for sentence in _body_sentences(draft.body, language):
                total += 1
                shared += sentence in others
    return shared, total


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_corpus_holds_at_least_sixty_notes(language):
    """Enough typed notes, of every kind, for the corpus to mean something."""
    assert sum(len(c.notes()) for c in CORPORA[language]) >= 60


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("tone", ["formal", "warm"])
def test_at_most_one_body_sentence_in_ten_is_shared_across_candidates(tone, language, capsys):
    """Ten candidates, one panel: the share of body sentences that also appear in another
    candidate's letters is printed and stays at or under 10 %."""
    shared, total = shared_sentence_share(tone, language)
    with capsys.disabled():
        print(
            f"\n{language} {tone}: {shared} of {total} body sentences shared ({shared / total:.1%})"
        )
    assert shared / total <= 0.10


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("tone", ["formal", "warm"])
def test_no_letter_in_the_corpus_pastes_a_note(tone, language):
    """Every draft reads as sentences; a note drafting could not read is listed beside the
    letter instead, and appears nowhere in it."""
    for candidate, letters in _drafts(tone, language).values():
        context = candidate.context("0")
        for person, draft in letters:
            for note in draft.asides:
                assert note.lower() not in draft.body.lower()
            body = draft.body.replace(_mark(language), "")
            check = by_key(check_letter(body=body, person=person, context=context, now=ENDED))
            assert check["fragments"].ok, (candidate.name, person.name, check["fragments"])
            assert check["concerns"].ok, (candidate.name, person.name, check["concerns"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_checks_catch_every_planted_note(language):
    """Each note drafting left for the candidate's words, pasted into any of the old
    frames in place of the marked place, is flagged as reading like a note."""
    planted = 0
    for candidate, letters in _drafts("formal", language).values():
        context = candidate.context("0")
        for person, draft in letters:
            for note in draft.asides:
                for frame in PLANTS[language]:
                    body = draft.body.replace(_mark(language), frame.format(note=note))
                    check = by_key(
                        check_letter(body=body, person=person, context=context, now=ENDED)
                    )["fragments"]
                    assert not check.ok, (note, frame)
                    assert check.message.startswith("Reads like a note"), check
                    planted += 1
    assert planted >= 40
