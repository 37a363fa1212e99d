"""Which typed notes can go into a sentence, and as what (drafting.notes)."""

from __future__ import annotations

import pytest

from portal.services.letters.drafting.notes import clause_of
from portal.services.letters.drafting.notes import next_step_of
from portal.services.letters.drafting.notes import topic_of

PANEL_NAMES = {"sofia", "marin", "amara", "osei", "wei", "ling", "goh"}


@pytest.mark.parametrize(
    ("note", "topic"),
    [
        ("their data quality problems", "your data quality problems"),
        ("Their move to event sourcing", "your move to event sourcing"),
        ("the team's on-call rota", "your on-call rota"),
        ("Moving from Sketch to Figma", "moving from Sketch to Figma"),
        ("hiring two analysts", "hiring two analysts"),
        ("The data platform rebuild", "the data platform rebuild"),
        ("discussed the clinical data platform", "the clinical data platform"),
        ("Q3 roadmap + pricing", "Q3 roadmap and pricing"),
        ("Rotterdam hub", "Rotterdam hub"),
        # Notes, not topics: a person first, a subject, shorthand, a question, a clause.
        ("Sofia asked a lot about how I run design critiques", None),
        (
            "they are moving from Sketch to Figma and need someone to own the design system",
            None,
        ),
        ("I think the team is small", None),
        ("mtg w/ CFO re budget", None),
        ("budget for the new hub?", None),
        ("CFO wants someone who has done an IPO", None),
        ("Amara's view on the data strategy", None),
    ],
)
def test_a_note_is_a_topic_only_where_it_reads_as_one(note, topic):
    """Topics are phrases one can talk about; a note about someone or a clause is not."""
    assert topic_of(note, names=PANEL_NAMES) == topic


@pytest.mark.parametrize(
    ("note", "clause"),
    [
        ("closed S$4.2m ARR in FY25, 128% of quota", "I closed S$4.2m ARR in FY25, 128% of quota"),
        (
            "CA ANZ qualified, led two clean external audits",
            "I am CA ANZ qualified, and I led two clean external audits",
        ),
        ("Led a dbt migration", "I led a dbt migration"),
        ("ran the APAC channel team", "I ran the APAC channel team"),
        ("five years of SQL", "I bring five years of SQL"),
        ("5 yrs in healthtech", "I bring 5 years in healthtech"),
        ("WCAG 2.2 audits", "I have experience with WCAG 2.2 audits"),
        ("Managing a team of 8", "I have experience managing a team of 8"),
        ("PMP certified", "I am PMP certified"),
        ("fluent in Mandarin", "I am fluent in Mandarin"),
        ("Fluent German", "I speak fluent German"),
        ("i led the SOC2 audit", "I led the SOC2 audit"),
        ("I ran the on-call rota for two years", "I ran the on-call rota for two years"),
        # Not certain: left for the candidate's own words.
        ("their stack is old", None),
        ("Sofia liked my portfolio", None),
        ("exp w/ design systems", None),
        ("they need someone who has led an IPO", None),
    ],
)
def test_a_qualification_becomes_a_first_person_clause_only_with_certainty(note, clause):
    """Verb forms are read from the lexicon: "closed" is a past tense, so "I closed"."""
    assert clause_of(note, names=PANEL_NAMES) == clause


@pytest.mark.parametrize(
    ("note", "step"),
    [
        ("the portfolio review next week", "the portfolio review next week"),
        ("meeting the CFO on Friday", "meeting the CFO on Friday"),
        ("case study next week", None),  # "I look forward to case study" is not English
        ("2nd round w/ CEO", None),
        ("they will call by Friday", None),
    ],
)
def test_a_next_step_is_named_only_when_it_follows_look_forward_to(note, step):
    """Only a phrase with an article, an owner word or a gerund reads after "to"."""
    assert next_step_of(note, names=PANEL_NAMES) == step
