"""Each letter in the language the candidate chooses for it (candidate letter pages): a
candidate in Madrid may write to one interviewer in Spanish and to another in English."""

from __future__ import annotations

import datetime as dt
import email
from email import policy

import pytest

from portal.models import Interviewer
from portal.models import ThankYouLetter
from tests.support import candidate_url
from tests.support import idempotency_key
from tests.support import page_text


def _interview(make, login_as, *, language: str = ""):
    """A signed-in candidate whose interview with Dr Amara Osei and Wei Ling Goh just
    ended, with a debrief typed in Spanish."""
    candidate = make.make_candidate(name="Lucía Fernández", language=language)
    interview = make.make_interview(candidate=candidate, starts_in=dt.timedelta(minutes=-100))
    Interviewer.delete().where(Interviewer.interview == interview).execute()
    for n, (name, role, extra) in enumerate(
        [
            ("Dr Amara Osei", "decision_maker", {"topics": "la plataforma de datos clínicos"}),
            (
                "Wei Ling Goh",
                "influencer",
                {"given_names": "Wei Ling", "family_name": "Goh", "address_title": "Ms"},
            ),
        ]
    ):
        Interviewer.create(
            interview=interview,
            name=name,
            role=role,
            sort_order=n,
            email=f"p{n}@c.example",
            **extra,
        )
    make.make_debrief(
        interview=interview,
        qualifications="lideré el rediseño de una app de citas médicas\ncinco años de SQL",
        candidate_interest=4,
    )
    login_as(candidate)
    return interview


def _letter(name: str) -> ThankYouLetter:
    return ThankYouLetter.select().join(Interviewer).where(Interviewer.name == name).get()


@pytest.fixture
def drafted(make, login_as, client):
    """The interview above with both letters drafted, formally (the candidate has no
    language of their own yet: English)."""
    interview = _interview(make, login_as)
    client.post(candidate_url(interview, "/letters"), data={"tone": "formal"})
    return interview


def test_a_candidate_writes_one_letter_in_spanish_and_another_in_english(client, drafted):
    """Choosing Spanish for Dr Osei's letter drafts it afresh in Spanish, greeting her
    without guessing her gender; Wei Ling Goh's stays in English; the page says which is
    which and offers each letter its own choice."""
    osei, goh = _letter("Dr Amara Osei"), _letter("Wei Ling Goh")
    assert (osei.language, goh.language) == ("en", "en")
    assert osei.body.startswith("Dear Dr Osei,")

    response = client.post(
        candidate_url(drafted, f"/letters/{osei.id}/language"), data={"language": "es"}
    )
    assert response.headers["Location"].endswith(candidate_url(drafted, "/letters"))
    osei, goh = _letter("Dr Amara Osei"), _letter("Wei Ling Goh")
    assert osei.language == "es" and osei.tone == "formal"
    assert osei.body.startswith("Buenos días, Amara Osei:\n")
    assert "la plataforma de datos clínicos" in osei.body
    assert "lideré el rediseño de una app de citas médicas" in osei.body
    assert "Dear" not in osei.body and " the " not in osei.body
    assert osei.subject == "Gracias por la entrevista — " + drafted.position.title
    assert goh.language == "en" and goh.body.startswith("Dear Ms Goh,")
    # The notes typed in Spanish are left beside the English letter, never put in it.
    assert "lideré" not in goh.body and "cinco años" not in goh.body

    html = page_text(client.get(candidate_url(drafted, "/letters")))
    assert "The letter to Dr Amara Osei is drafted in Español." in html
    assert html.count('name="language"') == 2
    assert f'<li class="card" id="letter-{osei.id}">' in html
    card = html[html.index(f'id="letter-{osei.id}"') : html.index(f'id="letter-{goh.id}"')]
    assert '<option value="es" lang="es" selected>Español</option>' in card
    assert '<span lang="es">Español</span>' in card

    page = page_text(client.get(candidate_url(drafted, f"/letters/{osei.id}")))
    assert 'lang="es"' in page[page.index('<textarea class="input" id="body"') :]
    assert "Buenos días, Amara Osei:" in page


def test_a_spanish_speaking_candidate_gets_spanish_letters_by_default(make, login_as, client):
    """A candidate who reads the portal in Spanish gets their letters drafted in Spanish,
    formally "usted", warmly "tú"; a title that gives the gender agrees ("Ms" is "Sra.");
    the choice of language is offered in Spanish."""
    interview = _interview(make, login_as, language="es")
    client.post(candidate_url(interview, "/letters"), data={"tone": "formal"})
    osei, goh = _letter("Dr Amara Osei"), _letter("Wei Ling Goh")
    assert (osei.language, goh.language) == ("es", "es")
    assert goh.body.startswith("Estimada Sra. Goh:\n")
    html = page_text(client.get(candidate_url(interview, "/letters")))
    assert "Idioma de esta carta" in html and "Redactar en este idioma" in html
    client.post(candidate_url(interview, "/letters"), data={"tone": "warm"})
    goh = _letter("Wei Ling Goh")
    assert goh.language == "es" and goh.body.startswith("Hola, Wei Ling:\n")


def test_a_spanish_letter_downloads_in_spanish(client, drafted):
    """The .eml draft says its language (Content-Language: es) and carries the Spanish
    subject; the .txt file opens with "Asunto:" and is named in Spanish."""
    osei = _letter("Dr Amara Osei")
    client.post(candidate_url(drafted, f"/letters/{osei.id}/language"), data={"language": "es"})
    eml = client.get(candidate_url(drafted, f"/letters/{osei.id}/download.eml"))
    message = email.message_from_bytes(eml.get_data(), policy=policy.default)
    assert message["Content-Language"] == "es"
    assert message["Subject"].startswith("Gracias por la entrevista")
    assert message.get_content().startswith("Buenos días, Amara Osei:")
    txt = client.get(candidate_url(drafted, f"/letters/{osei.id}/download.txt"))
    assert txt.get_data(as_text=True).startswith("Asunto: Gracias por la entrevista")
    assert 'filename="gracias-dr-amara-osei.txt"' in txt.headers["Content-Disposition"]
    english = client.get(
        candidate_url(drafted, f"/letters/{_letter('Wei Ling Goh').id}/download.eml")
    )
    assert email.message_from_bytes(english.get_data())["Content-Language"] == "en"


def test_an_edited_letter_keeps_its_text_when_another_language_is_chosen(client, drafted):
    """A fresh draft would replace what the candidate typed: the switch is refused, says
    how to do it, and the letter is unchanged."""
    osei = _letter("Dr Amara Osei")
    edited = osei.body.replace("Dear Dr Osei,", "Dear Dr Osei, (my own words)")
    client.post(
        candidate_url(drafted, f"/letters/{osei.id}"),
        data={"subject": osei.subject, "body": edited},
    )
    response = client.post(
        candidate_url(drafted, f"/letters/{osei.id}/language"),
        data={"language": "es"},
        follow_redirects=True,
    )
    assert "You have edited this letter" in page_text(response)
    osei = _letter("Dr Amara Osei")
    assert osei.language == "en" and "(my own words)" in osei.body


def test_re_drafting_on_the_letter_page_may_change_its_language(client, drafted):
    """The letter's own "Re-draft" takes a language too, and replaces the text with it."""
    goh = _letter("Wei Ling Goh")
    client.post(
        candidate_url(drafted, f"/letters/{goh.id}/redraft"),
        data={"tone": "warm", "language": "es"},
    )
    goh = _letter("Wei Ling Goh")
    assert (goh.tone, goh.language) == ("warm", "es")
    assert goh.body.startswith("Hola, Wei Ling:\n")
    client.post(candidate_url(drafted, "/letters"), data={"tone": "formal"})
    goh = _letter("Wei Ling Goh")
    assert (goh.tone, goh.language) == ("formal", "es")
    assert goh.body.startswith("Estimada Sra. Goh:\n")


def test_a_language_the_portal_does_not_draft_in_is_refused(client, drafted):
    """An unknown language changes nothing and says what to choose."""
    osei = _letter("Dr Amara Osei")
    response = client.post(
        candidate_url(drafted, f"/letters/{osei.id}/language"),
        data={"language": "fr"},
        follow_redirects=True,
    )
    assert "Choose English or Español." in page_text(response)
    assert _letter("Dr Amara Osei").body == osei.body


def test_sending_a_spanish_speaking_candidates_debrief_drafts_spanish_letters(
    make, login_as, client
):
    """The debrief sent from its page drafts one letter per person, in the candidate's own
    language, from what they typed in Spanish."""
    candidate = make.make_candidate(name="Tomás Reyes", language="es")
    interview = make.make_interview(candidate=candidate, starts_in=dt.timedelta(minutes=-100))
    Interviewer.delete().where(Interviewer.interview == interview).execute()
    Interviewer.create(
        interview=interview, name="Ana García", role="decision_maker", email="ana@c.example"
    )
    login_as(candidate)
    html = page_text(client.get(candidate_url(interview, "/debrief")))
    person = Interviewer.get(Interviewer.interview == interview)
    response = client.post(
        candidate_url(interview, "/debrief"),
        data={
            "idempotency_key": idempotency_key(html),
            "action": "submit",
            "people-0-interviewer_id": str(person.id),
            "people-0-name": person.name,
            "people-0-role": person.role,
            "people-0-email": person.email,
            "people-0-address_title": "Sra.",
            "people-0-topics": "la hoja de ruta del sistema de diseño",
            "qualifications": "construí un sistema de diseño que usan 6 equipos",
            "candidate_interest": "5",
        },
    )
    assert response.status_code == 302
    letter = _letter("Ana García")
    assert letter.language == "es"
    assert letter.body.startswith("Estimada Sra. García:\n")
    assert "la hoja de ruta del sistema de diseño" in letter.body
    assert "construí un sistema de diseño que usan 6 equipos" in letter.body


def test_the_checks_on_a_letter_read_in_the_candidates_language(make, login_as, client):
    """A Spanish-speaking candidate reads the guidance on their letter in Spanish, what
    they typed quoted in it as text, never as markup."""
    interview = _interview(make, login_as, language="es")
    client.post(candidate_url(interview, "/letters"), data={"tone": "formal"})
    goh = _letter("Wei Ling Goh")
    client.post(
        candidate_url(interview, f"/letters/{goh.id}"),
        data={"subject": goh.subject, "body": goh.body + "\nThank you for the <b>time</b>.\n"},
    )
    html = page_text(client.get(candidate_url(interview, f"/letters/{goh.id}")))
    assert "Se dirige a Wei Ling Goh por su nombre" in html
    assert "Parece escrito en English: «Thank you for the &lt;b&gt;time&lt;/b&gt;.»" in html
    assert "esta carta está en Español" in html
    assert "Addresses" not in html and "<b>time" not in html
