"""Print sample letters from the ten-candidate corpus, to read them as a panel would.

    .venv/bin/python -m tests.print_letters        # English letters
    .venv/bin/python -m tests.print_letters es     # Spanish letters

Two candidates writing to the same interviewer (Dr Amara Osei), then one candidate
writing formally to Dr Osei and warmly to Wei Ling Goh; each with the notes drafting
left for the candidate's own words, and the share of body sentences that also appear
in another candidate's letters.
"""

from __future__ import annotations

import sys

from portal.services.letters.drafting import compose_drafts
from tests.letter_corpus import CORPORA
from tests.letter_corpus import GOH
from tests.letter_corpus import OSEI


def _draft(candidate_index: int, person_email: str, tone: str, language: str):
    candidate = CORPORA[language][candidate_index]
    context = candidate.context(str(candidate_index + 1))
    for person, draft in compose_drafts(people=candidate.people(), context=context, tone=tone):
        if person.email == person_email:
            return draft
    raise LookupError(person_email)


def _show(title: str, draft) -> None:
    print(f"--- {title}\nSubject: {draft.subject}\n\n{draft.body}")
    for note in draft.asides:
        print(f"  worth mentioning — in your words: {note}")
    print()


def main(language: str = "en") -> None:
    from tests.services.letters.test_letter_corpus import shared_sentence_share

    candidates = CORPORA[language]
    for index in (0, 5):
        name = candidates[index].name
        _show(f"{name} to {OSEI.name} (formal)", _draft(index, OSEI.email, "formal", language))
    name = candidates[1].name
    _show(f"{name} to {OSEI.name} (formal)", _draft(1, OSEI.email, "formal", language))
    _show(f"{name} to {GOH.name} (warm)", _draft(1, GOH.email, "warm", language))
    for tone in ("formal", "warm"):
        shared, total = shared_sentence_share(tone, language)
        print(f"{tone}: {shared} of {total} body sentences shared ({shared / total:.1%})")


if __name__ == "__main__":
    main(*sys.argv[1:2])
