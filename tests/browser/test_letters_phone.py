"""Who said what and the letter page, on a 390 x 844 phone in a real Chromium: tapping a
name ties a key point to a person, the letter names it, and the page reads top-down."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from portal.models import Interviewer
from portal.models import ThankYouLetter
from portal.services.journey.interviews import PanelEntry
from tests import factories
from tests.browser.helpers import audit
from tests.browser.helpers import sign_in

NOTE = "Priya asked how I would cut charting time"


def test_tie_a_point_to_a_person_and_read_the_letter_top_down(live_server, phone):
    """Add details: topics, how to address Dr Shah, a key point tied by tapping her name;
    her formal letter opens "Dear Dr Shah", names the topic, keeps the note beside the
    letter; both pages pass axe and fit the phone."""
    with live_server.data():
        candidate = factories.make_candidate(name="Noor Haddad")
        interview = factories.make_interview(
            candidate=candidate,
            starts_in=dt.timedelta(minutes=-100),
            people=[
                PanelEntry("Priya Shah", "Chief Medical Officer", "decision_maker"),
                PanelEntry("Wei Ling Goh", "Head of Design", "influencer"),
            ],
        )
    sign_in(phone, candidate.email)
    phone.wait_for_url("**/candidate/")

    phone.goto(f"/candidate/interviews/{interview.id}/debrief")
    phone.get_by_text("Add details").click()
    first = phone.locator("fieldset.person").first
    first.get_by_label("What did you talk about?").fill("the care-home pilot")
    first.get_by_text("How to address them").click()
    first.get_by_label("Title, as in").fill("Dr")
    phone.get_by_label("Key points discussed").fill(f"Charting time for doctors\n{NOTE}")
    phone.get_by_role("button", name="Save draft").click()

    phone.get_by_text("Add details").click()
    ties = phone.locator("fieldset.tie")
    expect(ties).to_have_count(2)
    ties.nth(1).get_by_text("Priya Shah").click()  # tap the name
    audit(phone, label="candidate debrief (who said it)")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="Send to").click()
    phone.wait_for_url("**/debrief/sent")

    with live_server.data():
        shah = Interviewer.get(Interviewer.name == "Priya Shah")
        assert shah.letter_point == NOTE and shah.address_title == "Dr"
        letter = ThankYouLetter.get(ThankYouLetter.interviewer == shah.id)
    phone.goto(f"/candidate/interviews/{interview.id}/letters/{letter.id}")
    body = phone.get_by_label("Letter")
    value = body.input_value()
    assert value.startswith("Dear Dr Shah,") and "the care-home pilot" in value
    assert "asked how I would" not in value
    expect(phone.get_by_role("complementary")).to_contain_text(NOTE)
    phone.get_by_text("Re-draft: tone, language and points").click()
    tone = phone.get_by_text("Tone", exact=True).bounding_box()
    assert tone["y"] < body.bounding_box()["y"]
    audit(phone, label="candidate letter (points and notes)")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
