"""Drafts read as a hiring manager would read them, on varied debriefs (hypothesis), in
every language letters are drafted in.

Each property is what a reader notices: a greeting as the person expects, no note
pasted as typed, no credit for a topic the person may not have raised, wording that matches the
stated interest, nothing of the candidate's concerns, and letters from two candidates
to the same person that do not say the same thing. Each holds for English and for
Spanish, with the notes typed in that language; Spanish letters also hold no English
sentence, open their questions with "¿", and never guess the candidate's gender.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from portal.services.letters.drafting import LetterContext
from portal.services.letters.drafting import Person
from portal.services.letters.drafting import check_letter
from portal.services.letters.drafting import compose_drafts
from portal.services.letters.drafting import compose_letter
from portal.services.letters.drafting import greeting_name
from portal.services.letters.drafting import phrases
from portal.services.letters.drafting import split_points
from portal.services.letters.drafting.spanish import title_of


@dataclass(frozen=True)
class Typed:
    """What candidates type in one language, and what a reader of it would notice."""

    first: list[str]
    last: list[str]
    titles: list[str]  # how the candidate stored the person's title, if at all
    points: list[str]
    quals: list[str]
    concerns: list[str]
    strong: re.Pattern  # wording that overstates interest
    pasted: re.Pattern  # shorthand that shows a note pasted as typed
    candidate: str
    position: str


ROLES = ["decision_maker", "influencer", "peer", "hr"]
# Notes as candidates type them: shorthand, possessives, the first person, bullets.
TYPED = {
    "en": Typed(
        first=["Priya", "Tom", "Zoë", "Sam", "Jane", "Ade", "Lars", "Dr Amara", "Wei Ling"],
        last=["Shah", "Becker", "Müller", "O'Neill", "Doe", "Okafor", "Berg"],
        titles=[""],
        points=[
            "their data quality problems",
            "Their move to event sourcing",
            "our plans for a Rotterdam hub",
            "the team's on-call rota",
            "I think the team is small",
            "Migrating billing to Kafka",
            "hiring two analysts",
            "The data platform rebuild",
            "- how they measure delivery times",
            "Sofia asked a lot about how I run design critiques",
            "they are moving from Sketch to Figma and need someone to own the design system",
            "mtg w/ CFO re budget",
        ],
        quals=[
            "Led a dbt migration",
            "five years of SQL",
            "my time at a logistics start-up",
            "I ran the on-call rota for two years",
            "Fluent German",
            "built the reporting stack from scratch",
            "closed S$4.2m ARR in FY25, 128% of quota",
            "CA ANZ qualified, led two clean external audits",
        ],
        concerns=["", "Long commute", "salary band looks low", "worried about the on-call rota"],
        strong=re.compile(
            r"very interested|excited|thrilled|delighted|enthusiastic|\bkeen\b|love to|would love",
            re.IGNORECASE,
        ),
        pasted=re.compile(r"\btheir\b|:\s*(?:I|my|our|we)\b", re.IGNORECASE),
        candidate="Noor Haddad",
        position="Data Engineer",
    ),
    "es": Typed(
        first=["Lucía", "Javier", "María José", "Íñigo", "Dr Amara", "Wei Ling", "Tom"],
        last=["García López", "Fernández", "Müller", "O'Neill", "Okafor", "Ruiz"],
        titles=["", "Sra.", "Sr.", "Dra.", "Dr", "Ms", "Mx"],
        points=[
            "sus problemas de calidad de datos",
            "Su paso a event sourcing",
            "nuestros planes para un centro en Róterdam",
            "las guardias del equipo",
            "creo que el equipo es pequeño",
            "Migración de la facturación a Kafka",
            "contratar a dos analistas",
            "La reconstrucción de la plataforma de datos",
            "- cómo miden los plazos de entrega",
            "Sofía preguntó mucho por cómo llevo las críticas de diseño",
            "están pasando de Sketch a Figma y necesitan a alguien que lleve el sistema de diseño",
            "reu con el CFO x el presupuesto",
            "hiring two analysts",
        ],
        quals=[
            "Lideré una migración a dbt",
            "cinco años de SQL",
            "mi etapa en una start-up de logística",
            "llevé las guardias durante dos años",
            "Alemán fluido",
            "construí desde cero el sistema de informes",
            "cerré 4,2 M S$ de ARR en el FY25, un 128 % de la cuota",
            "auditor colegiado, dirigí dos auditorías externas sin salvedades",
            "five years of SQL",
        ],
        concerns=[
            "",
            "Trayecto largo",
            "la banda salarial parece baja",
            "me preocupan las guardias",
        ],
        strong=re.compile(
            r"muy interesad|entusiasm|ilusi|me encantar|muchísimas ganas|más ganas|deseando",
            re.IGNORECASE,
        ),
        pasted=re.compile(
            r":\s*(?:yo|mi|mis|nuestr\w*|nosotr\w*)\b|\b(?:ellos|ellas)\b", re.IGNORECASE
        ),
        candidate="Noor Haddad",
        position="Ingeniera de Datos",
    ),
}
LANGUAGES = sorted(TYPED)
# English words no Spanish sentence has (names, products and the candidate's own words aside).
ENGLISH_WORDS = re.compile(
    r"\b(?:the|and|of|to|with|for|our|their|my|is|are|was|you|your|thank|thanks|we|they|"
    r"about|from|this|that|would|will|hiring|team|looking|forward)\b",
    re.IGNORECASE,
)
GENDERED_SELF = re.compile(
    r"\b(?:interesad|encantad|agradecid|ilusionad|convencid|segur|content)[oa]s?\b",
    re.IGNORECASE,
)


def people(language: str):
    typed = TYPED[language]
    return st.builds(
        lambda first, last, role, n, title: Person(
            f"{first} {last}",
            "Lead",
            role,
            f"{first.lower().replace(' ', '')}{n}@client.example",
            address_title=title,
        ),
        st.sampled_from(typed.first),
        st.sampled_from(typed.last),
        st.sampled_from(ROLES),
        st.integers(0, 99),
        st.sampled_from(typed.titles),
    )


def contexts(language: str):
    typed = TYPED[language]
    return st.builds(
        lambda cid, points, quals, concerns, interest, size: LetterContext(
            candidate_name=typed.candidate,
            position_title=typed.position,
            client_name="Acme",
            key_points="\n".join(points),
            qualifications="\n".join(quals),
            candidate_key=str(cid),
            interest=interest,
            concerns=concerns,
            panel_size=size,
            language=language,
        ),
        st.integers(1, 10_000),
        st.lists(st.sampled_from(typed.points), max_size=4, unique=True),
        st.lists(st.sampled_from(typed.quals), max_size=3, unique=True),
        st.sampled_from(typed.concerns),
        st.none() | st.integers(1, 5),
        st.integers(1, 5),
    )


tones = st.sampled_from(["formal", "warm"])
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
per_language = pytest.mark.parametrize("language", LANGUAGES)


def mark(language: str) -> str:
    return phrases.bank("formal", language)["mark"]


def _body_without_signoff(body: str) -> str:
    # The candidate's own name and the greeting are theirs; the sentences are the draft's.
    return "\n\n".join(body.split("\n\n")[1:-1])


def _expected_greeting(person: Person, tone: str, language: str) -> re.Pattern:
    """The greeting a reader of the language expects, written out independently."""
    name = re.escape(greeting_name(person, tone))
    if language == "en":
        return re.compile(rf"Dear {name},\n")
    if tone == "warm":
        return re.compile(rf"Hola, {name}:\n")
    title, gender = title_of(person)
    if not title:  # the title says nothing of gender: a greeting that needs none
        return re.compile(r"Buenos días, [^\n:]+:\n")
    return re.compile(
        rf"{'Estimada' if gender == 'f' else 'Estimado'} {re.escape(title)} [^\n:]+:\n"
    )


@per_language
@SETTINGS
@given(tone=tones, index=st.integers(0, 6), data=st.data())
def test_drafts_greet_as_expected_and_never_paste_a_note(language, tone, index, data):
    """'Dear Dr Osei,' / 'Estimada Dra. Osei:' / 'Buenos días, Amara Osei:' where the title
    does not say; no 'their …', ': I …' or ': nuestros …' fragments; no note that
    drafting could not read is in the letter; the fragment check finds nothing pasted."""
    person, context = data.draw(people(language)), data.draw(contexts(language))
    draft = compose_letter(person=person, context=context, tone=tone, index=index)
    body = draft.body
    assert _expected_greeting(person, tone, language).match(body), body.split("\n")[0]
    text = _body_without_signoff(body)
    assert not TYPED[language].pasted.search(text), text
    for note in draft.asides:
        assert note not in body
    unmarked = body.replace(mark(language), "")
    checks = {
        c.key: c for c in check_letter(body=unmarked, person=person, context=context, now=_now())
    }
    assert checks["fragments"].ok, checks["fragments"]
    assert checks["language"].ok, checks["language"]


@per_language
@SETTINGS
@given(tone=tones, data=st.data())
def test_no_one_is_credited_with_a_topic_they_may_not_have_raised(language, tone, data):
    """On a panel of two or more, a key point appears only when chosen for that person."""
    person, context = data.draw(people(language)), data.draw(contexts(language))
    if context.panel_size < 2:
        context = LetterContext(**{**context.__dict__, "panel_size": 2})
    body = compose_letter(person=person, context=context, tone=tone).body.lower()
    frames = " ".join(phrases.all_phrases(language)).lower()
    for point in split_points(context.key_points):
        tail = " ".join(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", point.lower())[-2:])
        if (
            any(tail in q.lower() for q in TYPED[language].quals)
            or tail in frames
            or tail in context.position_title.lower()
        ):
            continue  # the same words may come in as a qualification, a frame's, the title
        assert tail not in body, (point, body)


@per_language
@SETTINGS
@given(tone=tones, data=st.data())
def test_a_chosen_point_is_named_in_that_persons_letter(language, tone, data):
    """The point the candidate picked for this person is in their letter, as a phrase."""
    person, context = data.draw(people(language)), data.draw(contexts(language))
    points = [
        p
        for p in split_points(context.key_points)
        if not p.lower().startswith("i ")
        and not any(w in context.concerns.lower() for w in re.findall(r"[^\W\d_]{4,}", p.lower()))
    ]
    if not points:
        return
    chosen = data.draw(st.sampled_from(points))
    person = Person(person.name, person.title, person.role, person.email, points=(chosen,))
    draft = compose_letter(person=person, context=context, tone=tone)
    last_word = re.findall(r"[^\W\d_]+", chosen)[-1]
    # In a sentence where it reads as a topic, else beside the letter with a marked place.
    assert last_word in draft.body or (chosen in draft.asides and mark(language) in draft.body)


@per_language
@SETTINGS
@given(tone=tones, index=st.integers(0, 6), data=st.data())
def test_wording_follows_the_stated_interest(language, tone, index, data):
    """3 of 5 (or no answer) never reads 'very interested', 'keen', 'me ilusiona' or
    'me encantaría'."""
    person, context = data.draw(people(language)), data.draw(contexts(language))
    body = compose_letter(person=person, context=context, tone=tone, index=index).body
    if context.interest is None or context.interest <= 3:
        assert not TYPED[language].strong.search(body), body


@per_language
@SETTINGS
@given(tone=tones, index=st.integers(0, 6), data=st.data())
def test_concerns_never_reach_a_letter(language, tone, index, data):
    """Nothing that overlaps the concerns is quoted; the concerns check agrees."""
    person, context = data.draw(people(language)), data.draw(contexts(language))
    body = compose_letter(person=person, context=context, tone=tone, index=index).body
    checks = {c.key: c for c in check_letter(body=body, person=person, context=context, now=_now())}
    assert checks["concerns"].ok, (checks["concerns"], body)


@per_language
@SETTINGS
@given(second_id=st.integers(10_001, 20_000), tone=tones, data=st.data())
def test_two_candidates_writing_to_the_same_person_differ(language, second_id, tone, data):
    """Same interviewer, same notes, two candidates: the letters are never the same text."""
    person, first = data.draw(people(language)), data.draw(contexts(language))
    second = LetterContext(**{**first.__dict__, "candidate_key": str(second_id)})
    a = compose_letter(person=person, context=first, tone=tone).body
    b = compose_letter(person=person, context=second, tone=tone).body
    assert a != b


def _sentences(body: str) -> set[str]:
    return {s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", body) if s.strip()}


@pytest.mark.parametrize(
    ("language", "points", "quals"),
    [
        ("en", "hiring two analysts", "Led a dbt migration"),
        ("es", "contratar a dos analistas", "Lideré una migración a dbt"),
    ],
)
def test_candidates_writing_to_one_person_share_few_sentences(language, points, quals):
    """Over 300 pairs of candidates with the same notes, a pair shares on average under a
    third of its sentences (greeting and name aside), and no pair shares them all."""
    person = Person("Priya Shah", "Head of Data", "decision_maker", "priya@client.example")
    base = LetterContext(
        candidate_name="Noor Haddad",
        position_title="Data Engineer",
        client_name="Acme",
        key_points=points,
        qualifications=quals,
        interest=4,
        panel_size=1,
        language=language,
    )
    shares = []
    for n in range(300):
        one, two = (
            {
                s
                for s in _sentences(
                    compose_letter(
                        person=person,
                        context=LetterContext(**{**base.__dict__, "candidate_key": str(k)}),
                    ).body
                )
                if "Priya" not in s and s != "Noor Haddad"
            }
            for k in (2 * n + 1, 2 * n + 2)
        )
        shares.append(len(one & two) / len(one | two))
    assert max(shares) < 1
    assert sum(shares) / len(shares) < 1 / 3


@per_language
@SETTINGS
@given(data=st.data())
def test_one_candidates_letters_to_a_panel_differ(language, data):
    """Letters to one panel are never the same text."""
    panel = data.draw(
        st.lists(people(language), min_size=2, max_size=5, unique_by=lambda p: p.email)
    )
    bodies = [
        d.body for _, d in compose_drafts(people=panel, context=data.draw(contexts(language)))
    ]
    assert len(set(bodies)) == len(bodies)


@SETTINGS
@given(person=people("es"), context=contexts("es"), tone=tones, index=st.integers(0, 6))
def test_a_spanish_letter_reads_as_spanish(person, context, tone, index):
    """No English sentence in a Spanish letter, even from notes typed in English (those
    are left beside it); every question and exclamation opened with "¿" / "¡"; nothing
    agrees with the candidate's gender; "de el" is always "del"."""
    body = compose_letter(person=person, context=context, tone=tone, index=index).body
    text = _body_without_signoff(body).replace(mark("es"), "")
    for sentence in _sentences(text):
        assert not ENGLISH_WORDS.search(sentence), sentence
        assert sentence.count("?") == sentence.count("¿"), sentence
        assert sentence.count("!") == sentence.count("¡"), sentence
    assert not GENDERED_SELF.search(text), text
    assert not re.search(r"\b(?:de|a) el\b", text), text


@pytest.mark.parametrize(
    ("language", "body", "concerns", "pasted"),
    [
        (
            "en",
            "Dear Priya,\n\nThanks. We discussed: their data quality problems. The commute.\n",
            "commute",
            "their data quality",
        ),
        (
            "es",
            "Hola, Priya:\n\nGracias. Hablamos de: nuestros problemas de calidad. El trayecto.\n",
            "trayecto",
            "nuestros",
        ),
    ],
)
def test_check_flags_pasted_notes_and_concerns(language, body, concerns, pasted):
    """A letter with shorthand pasted from the notes and the commute in it gets two warnings."""
    context = LetterContext(
        candidate_name="Noor",
        position_title="Engineer",
        client_name="Acme",
        concerns=concerns,
        language=language,
    )
    checks = {
        c.key: c
        for c in check_letter(body=body, person=Person("Priya Shah"), context=context, now=_now())
    }
    assert not checks["fragments"].ok and pasted in checks["fragments"].message
    assert not checks["concerns"].ok and concerns in checks["concerns"].message


def _now():
    import datetime as dt

    return dt.datetime(2030, 1, 1, 12, 0)
