"""A letter per language, on a 390 x 844 phone in a real Chromium: the candidate picks
Spanish for one interviewer's letter and English for another's, and reads each drafted
in its own language."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from portal.models import Interviewer
from portal.models import ThankYouLetter
from portal.services.journey.interviews import PanelEntry
from tests import factories
from tests.browser.helpers import audit
from tests.browser.helpers import sign_in


def test_pick_spanish_for_one_letter_and_english_for_another(live_server, phone):
    """Draft both letters, choose Español for Dr Osei's and English for Wei Ling Goh's:
    Dr Osei's opens "Buenos días, Amara Osei:" and names the topic in Spanish, Goh's
    opens "Dear Wei Ling Goh,"; the letters page and both letters pass axe and fit."""
    with live_server.data():
        candidate = factories.make_candidate(name="Lucía Fernández")
        interview = factories.make_interview(
            candidate=candidate,
            starts_in=dt.timedelta(minutes=-100),
            people=[
                PanelEntry("Dr Amara Osei", "Chief Medical Officer", "decision_maker"),
                PanelEntry("Wei Ling Goh", "Head of Design", "influencer"),
            ],
        )
        # What the candidate noted talking about with Dr Osei, typed in Spanish.
        Interviewer.update(topics="la plataforma de datos clínicos").where(
            (Interviewer.interview == interview.id) & (Interviewer.name == "Dr Amara Osei")
        ).execute()
        factories.make_debrief(
            interview=interview,
            qualifications="lideré el rediseño de una app de citas médicas",
            candidate_interest=4,
        )
    sign_in(phone, candidate.email)
    phone.wait_for_url("**/candidate/")

    phone.goto(f"/candidate/interviews/{interview.id}/letters")
    phone.get_by_role("button", name="Draft 2 letters").click()
    cards = phone.locator("li.card")
    expect(cards).to_have_count(2)
    osei = cards.filter(has_text="Dr Amara Osei")
    goh = cards.filter(has_text="Wei Ling Goh")

    osei.get_by_label("Language of this letter").select_option("es")
    osei.get_by_role("button", name="Draft in this language").click()
    expect(phone.locator(".flash-success")).to_contain_text(
        "The letter to Dr Amara Osei is drafted in Español."
    )
    goh.get_by_label("Language of this letter").select_option("en")
    goh.get_by_role("button", name="Draft in this language").click()
    expect(osei).to_contain_text("Español")
    expect(goh).to_contain_text("English")
    audit(phone, label="candidate letters (a language each)")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    with live_server.data():
        letters = {
            letter.interviewer.name: letter
            for letter in ThankYouLetter.select().where(ThankYouLetter.interview == interview.id)
        }
    phone.goto(f"/candidate/interviews/{interview.id}/letters/{letters['Dr Amara Osei'].id}")
    body = phone.get_by_label("Letter")
    spanish = body.input_value()
    assert spanish.startswith("Buenos días, Amara Osei:")
    assert "la plataforma de datos clínicos" in spanish
    assert "lideré el rediseño de una app de citas médicas" in spanish
    assert "Dear" not in spanish and "Thank you" not in spanish
    expect(body).to_have_attribute("lang", "es")
    audit(phone, label="candidate letter (in Spanish)")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.goto(f"/candidate/interviews/{interview.id}/letters/{letters['Wei Ling Goh'].id}")
    body = phone.get_by_label("Letter")
    english = body.input_value()
    assert english.startswith("Dear Wei Ling Goh,")
    assert "Gracias" not in english and "Buenos días" not in english
    expect(body).to_have_attribute("lang", "en")
