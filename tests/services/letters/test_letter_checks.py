"""Guidance on a letter as it is edited, and how alike two letters are (drafting.checks)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.services.letters.drafting import Check
from portal.services.letters.drafting import LetterContext
from portal.services.letters.drafting import Person
from portal.services.letters.drafting import check_letter
from portal.services.letters.drafting import compose_letter
from portal.services.letters.drafting import similarity
from portal.services.letters.drafting import too_alike
from portal.services.letters.drafting import word_count
from tests.letter_samples import CONTEXT
from tests.letter_samples import ENDED
from tests.letter_samples import PANEL
from tests.letter_samples import PASTED
from tests.letter_samples import by_key

ISSUE_CONTEXT = LetterContext(
    candidate_name="Noor Haddad",
    position_title="Product Designer",
    client_name="Medora",
    key_points=(
        "Sofia asked a lot about how I run design critiques\n"
        "they are moving from Sketch to Figma and need someone to own the design system"
    ),
    qualifications="closed S$4.2m ARR in FY25, 128% of quota\nCA ANZ qualified, led two clean external audits",
    panel_names=frozenset({"sofia", "marin"}),
)


@pytest.mark.parametrize("sentence", PASTED)
def test_every_pasted_note_in_the_issue_is_flagged(sentence):
    """ "Reads as sentences" flags each example of a note pasted as typed."""
    body = f"Dear Sofia,\n\nThank you for your time. {sentence}\n\nKind regards,\nNoor Haddad\n"
    for context in (ISSUE_CONTEXT, LetterContext("Noor Haddad", "Designer", "Medora")):
        check = by_key(
            check_letter(body=body, person=Person("Sofia Marin"), context=context, now=ENDED)
        )["fragments"]
        assert not check.ok, (sentence, context.key_points)
        assert check.message.startswith("Reads like a note")


def test_a_rewritten_letter_reads_as_sentences():
    """The same content in the candidate's words passes."""
    body = (
        "Dear Sofia,\n\nThank you for asking how I run design critiques. I closed S$4.2m ARR "
        "in FY25, and I am CA ANZ qualified.\n\nKind regards,\nNoor Haddad\n"
    )
    check = by_key(
        check_letter(body=body, person=Person("Sofia Marin"), context=ISSUE_CONTEXT, now=ENDED)
    )["fragments"]
    assert check.ok, check


def test_a_marked_place_left_in_the_letter_is_flagged():
    """A draft's [marked place] is a reminder until the candidate writes it."""
    body = "Dear Sofia,\n\n[Worth mentioning here, in your own words.]\n\nNoor\n"
    check = by_key(
        check_letter(body=body, person=Person("Sofia Marin"), context=ISSUE_CONTEXT, now=ENDED)
    )["fragments"]
    assert check == Check(
        "fragments", False, "A marked place is still in the letter: say it in your words"
    )


def test_the_recipients_name_is_never_a_concern():
    """A concern naming the recipient ("Tom seemed rushed") does not flag the letter to Tom
    for greeting him; the concern's own words still do."""
    context = LetterContext(
        "Alex Morgan",
        "Analyst",
        "Acme",
        concerns="Tom Becker seemed rushed",
        panel_names=frozenset({"tom", "becker"}),
    )
    tom = PANEL[0]
    ok = check_letter(body="Dear Tom Becker,\n\nThanks.", person=tom, context=context, now=ENDED)
    assert by_key(ok)["concerns"].ok
    leak = check_letter(
        body="Dear Tom,\n\nYou seemed rushed.", person=tom, context=context, now=ENDED
    )
    assert by_key(leak)["concerns"].message.endswith("seemed, rushed")


def test_check_flags_pasted_notes_and_concerns():
    """A letter with 'their …' shorthand and the commute in it gets two warnings."""
    context = LetterContext(
        candidate_name="Noor", position_title="Engineer", client_name="Acme", concerns="commute"
    )
    body = "Dear Priya,\n\nThanks. We discussed: their data quality problems. The commute.\n"
    checks = by_key(
        check_letter(body=body, person=Person("Priya Shah"), context=context, now=ENDED)
    )
    assert not checks["fragments"].ok and "their data quality" in checks["fragments"].message
    assert not checks["concerns"].ok and "commute" in checks["concerns"].message


def test_point_check_says_what_is_missing():
    """The point check passes on one matching point and names the missing kind."""
    person = Person("Jane Doe")
    body = "Hi Jane, I enjoyed our talk about how the team measures delivery times."
    check = by_key(check_letter(body=body, person=person, context=CONTEXT, now=ENDED))["point"]
    assert check.ok
    assert "qualification" in check.message
    reworded = "Hi Jane, the Rotterdam hub sounds exciting."
    check = by_key(check_letter(body=reworded, person=person, context=CONTEXT, now=ENDED))["point"]
    assert check.ok  # a distinctive pair ("rotterdam hub") is enough
    none = "Hi Jane, thank you for your time."
    check = by_key(check_letter(body=none, person=person, context=CONTEXT, now=ENDED))["point"]
    assert not check.ok


def test_name_check():
    """The name check passes on the first or last name and fails when neither appears."""
    person = Person("Jane Doe")
    ok = by_key(check_letter(body="Dear Ms Doe,", person=person, context=CONTEXT, now=ENDED))
    assert ok["name"].ok
    missing = by_key(check_letter(body="Hello,", person=person, context=CONTEXT, now=ENDED))
    assert not missing["name"].ok


def test_length_check_messages():
    """The length check reports the count, "good" in range, the target range outside it."""
    short = " ".join(["word"] * 62)
    check = by_key(check_letter(body=short, person=PANEL[0], context=CONTEXT, now=ENDED))
    assert check["length"] == Check("length", False, "62 words — aim for 100 to 200")
    good = " ".join(["word"] * 142)
    check = by_key(check_letter(body=good, person=PANEL[0], context=CONTEXT, now=ENDED))
    assert check["length"] == Check("length", True, "142 words — good")


def test_spelling_flags_misspelling_and_ignores_names():
    """Spelling flags "recieve" but not capitalised words, names or the debrief's own terms."""
    person = Person("Ngozi Okonjo", "Head of Fintegrity", "decision_maker")
    context = LetterContext(
        candidate_name="Siobhan Quarshie",
        position_title="Dataops lead",
        client_name="Zorblax",
        key_points="the kubectl rollout",
    )
    body = (
        "Dear ngozi okonjo, I hope to recieve teh news soon about the zorblax dataops work "
        "and the kubectl rollout. Fintegrity matters. Quixotix GmbH is great. "
        "I met 3rd parties. ok"
    )
    check = by_key(check_letter(body=body, person=person, context=context, now=ENDED))["spelling"]
    assert not check.ok
    assert check.message == "Check: recieve, teh"


def test_spelling_lists_at_most_five_words():
    """The spelling message lists no more than five unknown words."""
    body = "recieve teh wierd seperate occured definately untill"
    check = by_key(check_letter(body=body, person=PANEL[0], context=CONTEXT, now=ENDED))
    listed = check["spelling"].message.removeprefix("Check: ").split(", ")
    assert listed == ["recieve", "teh", "wierd", "seperate", "occured"]


def test_deadline_before_and_after_24_hours():
    """The deadline check counts down to the 24-hour mark and flags letters past it."""

    def deadline(now: dt.datetime, context: LetterContext = CONTEXT) -> Check:
        return by_key(check_letter(body="", person=PANEL[0], context=context, now=now))["deadline"]

    before = deadline(ENDED + dt.timedelta(hours=19))
    assert before == Check("deadline", True, "Send within 5 h (by the 24-hour mark)")
    assert deadline(ENDED + dt.timedelta(hours=23, minutes=30)).ok
    after = deadline(ENDED + dt.timedelta(hours=24, minutes=1))
    assert after == Check("deadline", False, "Past the 24-hour mark — send today anyway")
    unknown = deadline(ENDED, LetterContext("A", "B", "C"))
    assert unknown == Check("deadline", True, "Send within 24 hours of the interview")


def test_near_copy_is_flagged():
    """A copy with one or two words changed is flagged by too_alike."""
    body = compose_letter(person=PANEL[0], context=CONTEXT).body
    one = body.replace("Thank you", "Thanks", 1)
    two = re.sub(r"\bteam\b", "group", body, count=2)
    other = compose_letter(person=PANEL[1], context=CONTEXT, index=1).body
    assert similarity(body, one) > 0.9
    assert too_alike([body, other, one, two]) == [(0, 2), (0, 3), (2, 3)]


def test_similarity_bounds():
    """similarity is 1.0 for identical texts and 0.0 for texts with no words in common."""
    assert similarity("the same words", "The same words.") == 1.0
    assert similarity("alpha beta", "gamma delta") == 0.0
    assert 0.0 < similarity("alpha beta gamma", "alpha beta delta") < 1.0


def test_word_count():
    """word_count counts words, not punctuation; contractions and hyphenated words once."""
    assert word_count("") == 0
    assert word_count("a day-to-day, 24-hour job") == 4
    assert word_count("Hi Jane,\n\nI don't  know — yet.") == 6
