"""Spanish drafting's own rules (drafting.spanish, drafting.notes_es): reading notes
typed in Spanish, greeting a person as a Spanish letter does, and what reads like a
pasted note in Spanish."""

from __future__ import annotations

import pytest

from portal.services.letters.drafting import LetterContext
from portal.services.letters.drafting import Person
from portal.services.letters.drafting import check_letter
from portal.services.letters.drafting import notes_es
from portal.services.letters.drafting.spanish import greeting
from portal.services.letters.drafting.spanish import note_like
from portal.services.letters.drafting.spanish import polish
from tests.letter_samples import ENDED
from tests.letter_samples import by_key


@pytest.mark.parametrize(
    ("note", "topic"),
    [
        ("Migración de la facturación a Kafka", "migración de la facturación a Kafka"),
        ("nuestros planes para un centro en Róterdam", "sus planes para un centro en Róterdam"),
        ("hablamos de la cadencia de investigación", "la cadencia de investigación"),
        ("contratar a dos analistas", "contratar a dos analistas"),
        ("- cómo miden los plazos de entrega", "cómo miden los plazos de entrega"),
        ("los estándares de accesibilidad", "los estándares de accesibilidad"),
        (
            "la revisión del portafolio la semana que viene",  # "que" starts a relative clause
            "la revisión del portafolio la semana que viene",
        ),
        ("creo que el equipo es pequeño", None),
        ("Sofia preguntó mucho por mis críticas de diseño", None),
        ("están pasando de Sketch a Figma", None),
        ("reu con el CFO x el presupuesto", None),
        ("¿presupuesto para investigación?", None),
        ("hiring two analysts", None),  # typed in English: never in a Spanish letter
        ("Su paso a event sourcing", None),
    ],
)
def test_a_note_is_a_topic_only_when_it_reads_as_one(note, topic):
    """Noun phrases, infinitives and "cómo …" are topics ("nuestros" becomes "sus");
    clauses, shorthand, questions, names and English are not."""
    assert notes_es.topic_of(note.lstrip("- "), names={"sofia"}) == topic


@pytest.mark.parametrize(
    ("qualification", "clause"),
    [
        ("Lideré una migración a dbt", "lideré una migración a dbt"),
        ("yo dirijo un equipo de 8", "dirijo un equipo de 8"),
        ("cinco años de SQL", "cuento con cinco años de SQL"),
        ("auditorías WCAG 2.2", "tengo experiencia en auditorías WCAG 2.2"),
        ("Alemán fluido", "hablo alemán fluido"),
        ("árabe nativo", "el árabe es mi lengua materna"),
        (
            "cerré 4,2 M S$ de ARR en el FY25, un 128 % de la cuota",
            "cerré 4,2 M S$ de ARR en el FY25, un 128 % de la cuota",
        ),
        (
            "he liderado dos auditorías, impartí formación",
            "he liderado dos auditorías, e impartí formación",
        ),
        ("gestionando equipos remotos", "tengo experiencia gestionando equipos remotos"),
        ("auditor colegiado, dirigí dos auditorías", None),  # agrees with a gender
        ("mi etapa en una start-up de logística", None),
        ("Prototipo en SwiftUI", None),  # "I prototype" or "a prototype"?
        ("liderar equipos", None),
        ("five years of SQL", None),
    ],
)
def test_a_qualification_becomes_a_clause_of_the_first_person_only_when_certain(
    qualification, clause
):
    """Spanish drops the subject: a first-person verb stays as typed; a noun phrase is
    something the candidate has; "y" becomes "e" before an i sound; a decimal comma is
    not a list; anything uncertain is left for the candidate's words."""
    assert notes_es.clause_of(qualification) == clause


@pytest.mark.parametrize(
    ("person", "tone", "line"),
    [
        (Person("Zoë Müller", address_title="Ms"), "formal", "Estimada Sra. Müller:"),
        (Person("Tom Becker", address_title="Sr."), "formal", "Estimado Sr. Becker:"),
        (Person("Amara Osei", address_title="Dra"), "formal", "Estimada Dra. Osei:"),
        (Person("Dr Amara Osei"), "formal", "Buenos días, Amara Osei:"),  # "Dr": no gender
        (Person("Sam Doe", address_title="Mx"), "formal", "Buenos días, Sam Doe:"),
        (
            Person("Ana García López", address_title="Sra."),
            "formal",
            "Estimada Sra. Ana García López:",
        ),
        (
            Person(
                "Ana García López",
                address_title="Sra.",
                given_names="Ana",
                family_name="García López",
            ),
            "formal",
            "Estimada Sra. García López:",
        ),
        (
            Person("Wei Ling Goh", given_names="Wei Ling", family_name="Goh"),
            "warm",
            "Hola, Wei Ling:",
        ),
        (Person(""), "formal", "Buenos días:"),
        (Person(""), "warm", "Hola:"),
    ],
)
def test_a_spanish_greeting_agrees_only_where_the_title_says_how(person, tone, line):
    """ "Estimada/Estimado" with the title a Spanish letter writes ("Sra.", "Dra."), never
    guessed from a first name; otherwise a greeting that needs no gender; a double surname
    is kept whole unless the candidate said which part is the family name."""
    assert greeting(person, tone) == line


def test_what_reads_like_a_pasted_spanish_note_is_found():
    """ ": nuestros …", "sobre ellos …", "sobre Sofia preguntó", "sobre necesitan" and
    "cuento con lideré" read like notes; the drafting's own sentences do not."""
    for sentence in (
        "Hablamos de: nuestros problemas de calidad.",
        "Me gustó lo que dijo sobre ellos quieren crecer.",
        "Hablar sobre Sofia preguntó por mi proceso fue útil.",
        "Me quedo con lo que hablamos sobre necesitan más gente.",
        "Además, cuento con lideré una migración.",
    ):
        assert note_like(sentence), sentence
    for sentence in (
        "Me gustaría saber un poco más sobre cómo se definiría el puesto.",
        "Nuestra conversación sobre sus planes para un centro en Róterdam me sigue pareciendo muy valiosa.",
        "Puedo responder a cualquier otra cosa que quieras saber.",
    ):
        assert note_like(sentence) is None, sentence


def test_de_el_is_written_del():
    """A join that leaves "de el" or "a el" is written as Spanish writes it; a name that
    starts with "El" keeps its article."""
    assert polish("Quedo a la espera de el ejercicio; voy a el panel.") == (
        "Quedo a la espera del ejercicio; voy al panel."
    )
    assert polish("Trabajé en Medora de El Salvador.") == "Trabajé en Medora de El Salvador."


def test_the_spanish_spelling_check_knows_verb_forms_and_flags_typos():
    """Conjugated verbs, plurals and verbs with their pronouns are Spanish words; a typo
    is flagged."""
    context = LetterContext(
        candidate_name="Lucía", position_title="Analista", client_name="Acme", language="es"
    )
    body = (
        "Hola, Priya:\n\nLideré equipos y agradecería explicarme los planes. "
        "Me encantó la conversasion.\n\nUn saludo,\nLucía\n"
    )
    check = by_key(check_letter(body=body, person=Person("Priya Shah"), context=context, now=ENDED))
    assert not check["spelling"].ok and check["spelling"].message == "Check: conversasion"


@pytest.mark.parametrize(
    ("language", "sentence", "flagged"),
    [
        ("es", "Thank you for the time you gave me during the interview.", "Reads as English"),
        ("en", "Muchas gracias por el tiempo que me dedicó en la entrevista.", "Reads as Español"),
        ("en", "I spent three years at Banco de España in Madrid.", None),
        ("es", "Trabajé tres años en Marks and Spencer, en Londres.", None),
    ],
)
def test_a_sentence_in_the_other_language_is_flagged(language, sentence, flagged):
    """The language check names a sentence written in the other language, and leaves a
    name with a word of it ("Banco de España") alone."""
    context = LetterContext(
        candidate_name="Lucía", position_title="Analyst", client_name="Acme", language=language
    )
    body = f"Hola, Priya:\n\n{sentence}\n\nUn saludo,\nLucía\n"
    check = by_key(check_letter(body=body, person=Person("Priya Shah"), context=context, now=ENDED))
    if flagged:
        assert not check["language"].ok and check["language"].message.startswith(flagged)
    else:
        assert check["language"].ok, check["language"]


def test_notes_typed_in_spanish_never_land_in_an_english_letter():
    """A candidate in Madrid writing to London in English: their Spanish notes are left
    beside the letter for their own words, never put in it."""
    from portal.services.letters.drafting import notes

    assert notes.topic_of("la plataforma de datos clínicos") is None
    assert notes.clause_of("Dirijo un equipo de 8") is None
    assert notes.topic_of("the clinical data platform") == "the clinical data platform"
