"""Composing a letter for one person from the debrief (drafting.composing)."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import itertools
import re
from pathlib import Path

import pytest

from portal.services.errors import ServiceError
from portal.services.letters import drafting
from portal.services.letters.drafting import Person
from portal.services.letters.drafting import check_letter
from portal.services.letters.drafting import compose_drafts
from portal.services.letters.drafting import compose_letter
from portal.services.letters.drafting import similarity
from portal.services.letters.drafting import too_alike
from portal.services.letters.drafting import word_count
from portal.services.vocabulary import INTERVIEWER_ROLES
from tests.letter_samples import CONTEXT
from tests.letter_samples import EMPTY_CONTEXT
from tests.letter_samples import ENDED
from tests.letter_samples import PANEL
from tests.letter_samples import by_key

MARK = "[Worth mentioning here, in your own words"


def test_formal_and_warm_greetings_address_each_person_as_they_expect():
    """ "Dear Dr Osei" in a formal letter, "Dear Wei Ling" in a warm one."""
    osei = Person("Dr Amara Osei", "Chief Medical Officer", "decision_maker")
    goh = Person("Wei Ling Goh", "Head of Design", "influencer")
    assert compose_letter(person=osei, context=CONTEXT).body.startswith("Dear Dr Osei,\n")
    assert compose_letter(person=goh, context=CONTEXT, tone="warm").body.startswith(
        "Dear Wei Ling,\n"
    )
    assert compose_letter(person=osei, context=CONTEXT, tone="warm").body.startswith(
        "Dear Amara,\n"
    )


def test_a_letter_draws_on_that_persons_own_topics_first():
    """What the candidate talked about with this person opens the letter."""
    person = Person("Dr Amara Osei", role="decision_maker", topics=("the clinical data platform",))
    body = compose_letter(person=person, context=dataclasses.replace(CONTEXT, panel_size=3)).body
    opening = body.split("\n\n")[1]
    assert "the clinical data platform" in opening.split(".")[0]


def test_a_note_that_is_not_a_topic_becomes_a_marked_place_and_an_aside():
    """Never a pasted clause: the note is listed beside the letter, and the draft marks a
    place for the candidate's own words."""
    note = "Sofia asked a lot about how I run design critiques"
    person = Person("Sofia Marin", role="peer", points=(note,))
    context = dataclasses.replace(
        CONTEXT, key_points=note, panel_size=3, panel_names=frozenset({"sofia", "marin"})
    )
    draft = compose_letter(person=person, context=context)
    assert draft.asides == (note,)
    assert "asked a lot" not in draft.body and "design critiques" not in draft.body
    assert MARK in draft.body
    fragments = by_key(check_letter(body=draft.body, person=person, context=context, now=ENDED))[
        "fragments"
    ]
    assert fragments.message.startswith("A marked place")


def test_a_qualification_is_rewritten_with_its_verb_form():
    """ "closed S$4.2m ARR" is the candidate's own: "I closed S$4.2m ARR"."""
    context = dataclasses.replace(
        CONTEXT, qualifications="closed S$4.2m ARR in FY25, 128% of quota"
    )
    body = compose_letter(person=PANEL[2], context=context).body
    assert "I closed S$4.2m ARR in FY25, 128% of quota." in body
    assert "I bring closed" not in body


def test_next_steps_are_named_when_they_read_as_a_phrase():
    """The debrief's next step carries the last paragraph: "I look forward to …"."""
    context = dataclasses.replace(CONTEXT, next_steps="the portfolio review next week")
    body = compose_letter(person=PANEL[0], context=context).body
    assert "the portfolio review next week." in body.split("\n\n")[3]


def test_a_point_sharing_a_name_with_a_concern_is_not_hidden():
    """A concern naming someone ("Tom seemed rushed") hides no point just for the name."""
    context = dataclasses.replace(
        CONTEXT, concerns="Tom seemed rushed", panel_names=frozenset({"tom", "becker"})
    )
    tom = dataclasses.replace(PANEL[0], topics=("Tom's plans for the data team",))
    draft = compose_letter(person=tom, context=context)
    assert draft.asides == ("Tom's plans for the data team",)  # his name: his to tell
    topic = dataclasses.replace(PANEL[0], topics=("the data team's plans",))
    assert "the data team's plans" in compose_letter(person=topic, context=context).body


def test_module_is_flask_free():
    """drafting.py imports neither flask nor peewee."""
    tree = ast.parse(Path(drafting.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert not imported & {"flask", "peewee"}


def test_compose_drafts_follows_role_order():
    """compose_drafts returns one draft per person, decision maker first."""
    drafts = compose_drafts(people=PANEL, context=CONTEXT)
    assert [p.role for p, _ in drafts] == ["decision_maker", "influencer", "peer", "hr"]


@pytest.mark.parametrize("tone", ["formal", "warm"])
def test_names_appear_in_their_own_letter(tone):
    """Each draft greets its own interviewer and no one else on the panel."""
    for person, draft in compose_drafts(people=PANEL, context=CONTEXT, tone=tone):
        first = person.name.split()[0]
        greeting = draft.body.splitlines()[0]
        assert first in greeting
        others = [p.name.split()[0] for p in PANEL if p is not person]
        assert not any(other in draft.body for other in others)
        assert draft.body.rstrip().endswith("Alex Morgan")


def test_letters_greet_by_title_or_given_name_by_tone():
    """Formal letters open "Dear Dr Doe," and warm ones "Dear Jane,"."""
    person = Person("Dr. Jane Doe", role="peer")
    formal = compose_letter(person=person, context=CONTEXT, tone="formal")
    warm = compose_letter(person=person, context=CONTEXT, tone="warm")
    assert formal.body.startswith("Dear Dr Doe,\n")
    assert warm.body.startswith("Dear Jane,\n")
    assert formal.subject == "Thank you — Senior Data Analyst interview"


@pytest.mark.parametrize("tone", ["formal", "warm"])
@pytest.mark.parametrize("size", [3, 4])
def test_panel_drafts_are_distinct(tone, size):
    """Drafts for a 3-4 person panel are not flagged as too alike."""
    drafts = compose_drafts(people=PANEL[:size], context=CONTEXT, tone=tone)
    bodies = [d.body for _, d in drafts]
    assert len(set(bodies)) == size
    assert too_alike(bodies) == []


def test_panel_of_five_without_points_is_still_distinct():
    """Even generic drafts (no key points) for five people stay below the threshold."""
    people = [Person(f"Person{i} Example", role="peer") for i in range(5)]
    for tone in ("formal", "warm"):
        bodies = [
            d.body for _, d in compose_drafts(people=people, context=EMPTY_CONTEXT, tone=tone)
        ]
        assert too_alike(bodies) == []


def test_a_key_point_goes_only_to_the_person_it_was_chosen_for():
    """On a panel, no one is thanked for a topic unless the candidate chose it for them;
    qualifications still rotate across the letters."""
    people = [PANEL[0], dataclasses.replace(PANEL[1], points=("Plans to open a Rotterdam hub",))]
    bodies = [d.body for _, d in compose_drafts(people=people, context=CONTEXT)]
    for body in bodies:
        assert "reporting stack" not in body and "delivery times" not in body
    assert "Rotterdam hub" in bodies[1] and "Rotterdam hub" not in bodies[0]
    assert "five years of SQL" in bodies[0]
    assert "I led a migration" in bodies[1]


@pytest.mark.parametrize("tone", ["formal", "warm"])
def test_word_counts_of_typical_drafts_are_in_range(tone):
    """Composed drafts with typical input have 100-200 words and pass every check."""
    people = [*PANEL, Person("Lee Wong", "Analyst", "peer")]
    for person, draft in compose_drafts(people=people, context=CONTEXT, tone=tone):
        assert 100 <= word_count(draft.body) <= 200
        checks = check_letter(
            body=draft.body, person=person, context=CONTEXT, now=ENDED + dt.timedelta(hours=2)
        )
        assert all(c.ok for c in checks), checks


def test_tones_differ_and_unknown_tone_raises():
    """Formal and warm drafts differ, and an unknown tone is refused."""
    formal = compose_letter(person=PANEL[0], context=CONTEXT, tone="formal")
    warm = compose_letter(person=PANEL[0], context=CONTEXT, tone="warm")
    assert formal.body != warm.body
    assert similarity(formal.body, warm.body) < 0.6
    with pytest.raises(ServiceError):
        compose_letter(person=PANEL[0], context=CONTEXT, tone="casual")
    with pytest.raises(ServiceError):
        compose_drafts(people=[], context=CONTEXT, tone="casual")


def test_drafting_is_deterministic():
    """The same debrief always yields the same drafts."""
    first = compose_drafts(people=PANEL, context=CONTEXT, tone="warm")
    second = compose_drafts(people=PANEL, context=CONTEXT, tone="warm")
    assert first == second


@pytest.mark.parametrize("tone", ["formal", "warm"])
def test_empty_points_give_grammatical_letter_and_point_check_fails(tone):
    """Without key points or qualifications the letter is whole and "point" is flagged."""
    person = Person("Jane Doe", role="hr")
    draft = compose_letter(person=person, context=EMPTY_CONTEXT, tone=tone)
    body = draft.body
    assert "{" not in body and "}" not in body
    assert ":." not in body and "  " not in body and ": ." not in body
    assert "Project Manager" in body and "Acme Logistics" in body
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", body.split("\n\n", 1)[1]) if s]
    assert all(s[0].isupper() for s in sentences)
    assert 100 <= word_count(body) <= 200
    checks = check_letter(body=body, person=person, context=EMPTY_CONTEXT, now=ENDED)
    assert [c.key for c in checks] == [
        "name",
        "point",
        "length",
        "spelling",
        "language",
        "deadline",
        "fragments",
        "concerns",
    ]
    point = by_key(checks)["point"]
    assert not point.ok
    assert "point" in point.message.lower()
    assert by_key(checks)["spelling"].ok


def test_all_template_combinations_read_cleanly():
    """Every tone, role and index yields a spelled, in-range letter without leftovers."""
    for tone, role, index in itertools.product(
        ("formal", "warm"), (*INTERVIEWER_ROLES, "advisor"), range(6)
    ):
        draft = compose_letter(
            person=Person("Jane Doe", role=role), context=CONTEXT, tone=tone, index=index
        )
        checks = by_key(
            check_letter(body=draft.body, person=Person("Jane Doe"), context=CONTEXT, now=ENDED)
        )
        assert checks["spelling"].ok, (tone, role, index, checks["spelling"])
        assert checks["length"].ok, (tone, role, index, checks["length"])
        assert "{" not in draft.body and ".." not in draft.body
