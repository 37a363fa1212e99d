"""Thank-you letter drafting, checks and packaging (portal.services.letters.drafting)."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import email
import itertools
import re
from email import policy
from pathlib import Path
from urllib.parse import unquote

import pytest

from portal.services.errors import ServiceError
from portal.services.journey import default_checklist
from portal.services.letters import drafting
from portal.services.letters.drafting import (
    Check,
    LetterContext,
    Person,
    check_letter,
    compose_drafts,
    compose_letter,
    eml_bytes,
    mailto_url,
    order_people,
    similarity,
    split_points,
    text_filename,
    too_alike,
    word_count,
)
from portal.services.vocabulary import INTERVIEWER_ROLES

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


def by_key(checks: list[Check]) -> dict[str, Check]:
    return {c.key: c for c in checks}


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


def test_letters_greet_by_first_name_in_both_tones():
    """Formal letters open "Dear <first name>," and warm ones "Hi <first name>,"."""
    person = Person("Dr. Jane Doe", role="peer")
    formal = compose_letter(person=person, context=CONTEXT, tone="formal")
    warm = compose_letter(person=person, context=CONTEXT, tone="warm")
    assert formal.body.startswith("Dear Jane,\n")
    assert warm.body.startswith("Hi Jane,\n")
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


def test_a_key_point_goes_only_to_the_person_it_was_chosen_for():
    """On a panel, no one is thanked for a topic unless the candidate chose it for them;
    qualifications still rotate across the letters."""
    people = [PANEL[0], dataclasses.replace(PANEL[1], point="Plans to open a Rotterdam hub")]
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


def test_word_count():
    """word_count counts words, not punctuation; contractions and hyphenated words once."""
    assert word_count("") == 0
    assert word_count("a day-to-day, 24-hour job") == 4
    assert word_count("Hi Jane,\n\nI don't  know — yet.") == 6


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
        "deadline",
        "fragments",
        "concerns",
    ]
    point = by_key(checks)["point"]
    assert not point.ok
    assert "point" in point.message.lower()
    assert by_key(checks)["spelling"].ok


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


def test_mailto_is_percent_encoded():
    """mailto uses %20 for spaces, %0D%0A for line breaks and contains no raw spaces."""
    url = mailto_url(
        to="jane.doe@acme.example",
        subject="Thank you — Analyst interview",
        body="Dear Jane,\n\nThanks & see you?\r\nAlex",
    )
    assert url.startswith("mailto:jane.doe@acme.example?subject=")
    assert "%20" in url and "+" not in url
    assert "%0D%0A%0D%0A" in url
    assert " " not in url and "\n" not in url and "\r" not in url
    query = url.split("?", 1)[1]
    fields = dict(part.split("=", 1) for part in query.split("&"))
    assert unquote(fields["subject"]) == "Thank you — Analyst interview"
    assert unquote(fields["body"]) == "Dear Jane,\r\n\r\nThanks & see you?\r\nAlex"


def test_mailto_with_empty_recipient():
    """An empty To still gives a usable mailto link."""
    assert mailto_url(to="", subject="Hi", body="x").startswith("mailto:?subject=Hi&body=")


def test_eml_round_trips_with_unsent_header_and_unicode():
    """The .eml parses back, carries X-Unsent: 1, and non-ASCII names survive."""
    draft = compose_letter(person=PANEL[1], context=CONTEXT, tone="warm")
    raw = eml_bytes(to="Zoë Müller <zoe@acme.example>", subject=draft.subject, body=draft.body)
    assert isinstance(raw, bytes)
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == "Thank you — Senior Data Analyst interview"
    assert message["To"].addresses[0].display_name == "Zoë Müller"
    assert message["From"] is None
    assert message.get_content_charset() == "utf-8"
    content = message.get_content()
    assert "Hi Zoë," in content
    assert content.replace("\r\n", "\n") == draft.body


def test_eml_headers_stay_on_one_line():
    """Line breaks typed into To or Subject cannot add headers to the .eml."""
    raw = eml_bytes(to="a@example.com\r\nBcc: x@example.com", subject="Hi\nBcc: y", body="x")
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Bcc"] is None
    assert message["Subject"] == "Hi Bcc: y"


def test_eml_with_empty_to():
    """An .eml may have no recipient yet."""
    message = email.message_from_bytes(eml_bytes(to="", subject="Hi", body="Hello"))
    assert message["To"] is None
    assert message["X-Unsent"] == "1"


def test_text_filename_is_safe_ascii():
    """File names are lower-case ASCII slugs with the given extension."""
    assert text_filename(person=Person("Jane Doe"), ext="txt") == "thank-you-jane-doe.txt"
    assert text_filename(person=Person("Zoë Ødegård"), ext=".EML") == "thank-you-zoe-odegard.eml"
    assert text_filename(person=Person("../../etc/passwd"), ext="txt") == (
        "thank-you-etc-passwd.txt"
    )
    assert text_filename(person=Person("李雷"), ext="txt") == "thank-you-interviewer.txt"


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


def test_default_checklist_ends_with_recruiter_call():
    """Each format's default checklist has 12-16 short items and ends by calling the recruiter."""
    sections = default_checklist.DEFAULT_SECTIONS
    entries = [item for _, section_items in sections for item in section_items]
    items = [item if isinstance(item, str) else item[0] for item in entries]
    for fmt in ("onsite", "video", "phone"):
        fitting = [e for e in entries if isinstance(e, str) or fmt in e[1].split(",")]
        assert 12 <= len(fitting) <= 16, fmt
    assert all(len(item) <= 90 for item in items)
    assert [name for name, _ in sections] == [
        "Research",
        "The role",
        "Questions to ask",
        "Logistics",
        "What to bring",
        "After the interview",
    ]
    assert "recruiter" in items[-1].lower() and "call" in items[-1].lower()
    assert default_checklist.DEFAULT_TEMPLATE_NAME == "Standard interview prep"


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
