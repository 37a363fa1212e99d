"""Who was met, how to address them, in what order (drafting.people)."""

from __future__ import annotations

import pytest

from portal.services.letters.drafting import Person
from portal.services.letters.drafting import greeting_name
from portal.services.letters.drafting import name_parts
from portal.services.letters.drafting import order_people
from portal.services.letters.drafting import split_points
from portal.services.vocabulary import INTERVIEWER_ROLES


@pytest.mark.parametrize(
    ("person", "formal", "warm"),
    [
        (Person("Dr Amara Osei"), "Dr Osei", "Amara"),
        (Person("Dr. Amara Osei"), "Dr Osei", "Amara"),
        (Person("Wei Ling Goh"), "Wei Ling Goh", "Wei Ling"),
        (Person("Prof. Jean-Luc Martin"), "Prof Martin", "Jean-Luc"),
        (Person("Ms Sofia de la Cruz"), "Ms de la Cruz", "Sofia"),
        (Person("Ludwig van Beethoven", address_title="Mr"), "Mr van Beethoven", "Ludwig"),
        # Family name first, as the candidate stored it: the panel's parts win.
        (
            Person("Goh Wei Ling", address_title="Ms", given_names="Wei Ling", family_name="Goh"),
            "Ms Goh",
            "Wei Ling",
        ),
        (Person("Cher"), "Cher", "Cher"),
    ],
)
def test_greeting_names_follow_title_given_and_family_names(person, formal, warm):
    """Formal: title and family name where known ("Dr Osei"); warm: the given names
    ("Wei Ling"); multi-part given names, titles and particles are split with care."""
    assert greeting_name(person, "formal") == formal
    assert greeting_name(person, "warm") == warm


def test_name_parts_prefer_what_the_candidate_stored():
    """A stored title, given name or family name replaces the parsed one, part by part."""
    parts = name_parts(Person("Amara Osei", address_title="Dr."))
    assert (parts.title, parts.given, parts.family) == ("Dr", "Amara", "Osei")


def test_decision_makers_come_first_and_order_is_stable():
    """order_people puts decision makers first, then influencer, peer, HR, unknown roles last."""
    people = [
        Person("A", role="hr"),
        Person("B", role="advisor"),
        Person("C", role="peer"),
        Person("D", role="decision_maker"),
        Person("E", role="peer"),
        Person("F", role="influencer"),
        Person("G", role="decision_maker"),
    ]
    assert [p.name for p in order_people(people)] == ["D", "G", "F", "C", "E", "A", "B"]
    assert tuple(INTERVIEWER_ROLES) == ("decision_maker", "influencer", "peer", "hr")


def test_split_points_handles_bullets_semicolons_and_newlines():
    """split_points splits on lines, ';' and '•', strips bullets and drops empties."""
    text = (
        "- Team growth plans\n"
        "* Budget for Q3; hiring timeline\n"
        "\n  •  \n"
        "• On-call • day-to-day work\n"
        "1. Data\n"
        "1.5 years of Python"
    )
    assert split_points(text) == [
        "Team growth plans",
        "Budget for Q3",
        "hiring timeline",
        "On-call",
        "day-to-day work",
        "Data",
        "1.5 years of Python",
    ]
    assert split_points("") == []
    assert split_points("  ;  ; \n") == []
