"""The people a candidate met: who they are, how to address them, and in what order.

Names are split by `nameparser` (titles, multi-part given names, particles such as
"van" or "de la"); what the candidate stored on the panel (title, given names, family
name) always wins over what the split guesses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from nameparser import HumanName

from portal.services.vocabulary import INTERVIEWER_ROLES


@dataclass(frozen=True)
class Person:
    """Someone the candidate met (an interviewer row as the services pass it on); `role`
    is one of INTERVIEWER_ROLES (others sort last).

    `points` are the debrief's key points the candidate tied to this person; `topics`
    what they say they talked about with them. `address_title`, `given_names` and
    `family_name` are how the person is addressed, when the candidate said so. `id` is
    the stored interviewer's (None for someone not stored).
    """

    name: str
    title: str = ""
    role: str = "peer"
    email: str = ""
    points: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    address_title: str = ""
    given_names: str = ""
    family_name: str = ""
    id: int | None = None


@dataclass(frozen=True)
class NameParts:
    """A name as a letter uses it: "Dr" / "Wei Ling" / "Osei"; any part may be empty."""

    title: str
    given: str
    family: str


def _no_dot(title: str) -> str:
    # British usage, and what most of our agencies write: "Dr Osei", not "Dr. Osei".
    return title.strip().rstrip(".")


def name_parts(person: Person) -> NameParts:
    """How to address `person`: stored parts first, else `nameparser`'s reading of the name."""
    parsed = HumanName((person.name or "").strip())
    given = " ".join(p for p in (parsed.first, parsed.middle) if p)
    return NameParts(
        title=_no_dot(person.address_title or parsed.title),
        given=(person.given_names or given).strip(),
        family=(person.family_name or parsed.last).strip(),
    )


def greeting_name(person: Person, tone: str) -> str:
    """The name after "Dear": formal "Dr Osei" (title and family name where known, else
    the whole name), warm "Wei Ling" (the given names); "" when there is no name."""
    parts = name_parts(person)
    if tone == "warm":
        return parts.given or parts.family or person.name.strip()
    if parts.title and parts.family:
        return f"{parts.title} {parts.family}"
    whole = " ".join(p for p in (parts.given, parts.family) if p)
    return whole or person.name.strip()


def name_words(person: Person) -> set[str]:
    """Every lower-cased word of a person's name, title and stored name parts."""
    text = " ".join((person.name, person.given_names, person.family_name))
    return {w.lower() for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", text)}


def _role_key(role: str) -> str:
    # Forms and imports spell roles loosely ("Decision maker", "decision-maker").
    return re.sub(r"[\s\-]+", "_", (role or "").strip().lower())


def role_key(role: str) -> str:
    """`role` as a key of INTERVIEWER_ROLES when it is one, spelled loosely or not."""
    return _role_key(role)


def role_rank(role: str) -> int:
    """Where a role sorts: decision makers 0, influencers 1, peers 2, HR 3, unknown 4."""
    key = _role_key(role)
    ranked = list(INTERVIEWER_ROLES)
    return ranked.index(key) if key in ranked else len(ranked)


def order_people(people: Iterable[Person]) -> list[Person]:
    """People by role: decision makers, influencers, peers, HR, then unknown roles.

    Order within a role is kept as given.
    """
    # sorted() is stable, so equal ranks keep the order the candidate entered them in.
    return sorted(people, key=lambda p: role_rank(p.role))


# A bullet at the start of a line or segment: -, *, •, ·, –, —, or "1." / "1)" numbering
# (followed by a space, so "1.5 years of Python" keeps its number).
_BULLET = re.compile(r"^\s*(?:[-*•·–—]+|\d{1,2}[.)](?=\s))\s*")
_SEPARATORS = re.compile(r"[\n\r;•]+")


def split_points(text: str) -> list[str]:
    """Short points from free text: one per line, or separated by ';' or bullets.

    Leading bullet marks ("-", "*", "•", "1.") and surrounding whitespace are stripped and
    empty entries dropped. A hyphen inside a point ("day-to-day") is left alone.
    """
    points: list[str] = []
    for segment in _SEPARATORS.split(text or ""):
        point = _BULLET.sub("", segment).strip()
        if point:
            points.append(point)
    return points
