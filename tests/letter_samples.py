"""A panel and debriefs the letter tests share (portal.services.letters.drafting)."""

from __future__ import annotations

import datetime as dt

from portal.services.letters.drafting import Check
from portal.services.letters.drafting import LetterContext
from portal.services.letters.drafting import Person

ENDED = dt.datetime(2025, 3, 4, 14, 0)

PANEL = [
    Person("Tom Becker", "Senior Analyst", "peer", "tom@acme.example"),
    Person("Zoë Müller", "Talent Partner", "hr", "zoe@acme.example"),
    Person("Priya Natarajan", "Head of Data", "decision_maker", "priya@acme.example"),
    Person("Sam O'Neill", "Engineering Manager", "influencer", "sam@acme.example"),
]

CONTEXT = LetterContext(
    candidate_name="Alex Morgan",
    position_title="Senior Data Analyst",
    client_name="Acme Logistics",
    key_points=(
        "- Moving the reporting stack from spreadsheets to dbt\n"
        "- How the team measures delivery times\n"
        "- Plans to open a Rotterdam hub"
    ),
    qualifications="• Five years of SQL and Python in logistics • Led a migration of 40 dashboards",
    ended_at=ENDED,
)

EMPTY_CONTEXT = LetterContext(
    candidate_name="Alex Morgan",
    position_title="Project Manager",
    client_name="Acme Logistics",
    ended_at=ENDED,
)

# The examples: each is a note pasted into a sentence, and each must be flagged.
PASTED = [
    "Talking about Sofia asked a lot about how I run design critiques was, for me, the most "
    "useful part of the interview.",
    "I have continued to reflect on what you said about they are moving from Sketch to Figma "
    "and need someone to own the design system.",
    "I bring closed S$4.2m ARR in FY25, 128% of quota.",
    "I bring CA ANZ qualified, led two clean external audits.",
]


def by_key(checks: list[Check]) -> dict[str, Check]:
    return {c.key: c for c in checks}
