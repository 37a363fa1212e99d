"""A new candidate's whole journey on a phone, in a real Chromium: invite, prep, the
interview ends, a debrief that survives a dropped connection, letters drafted and sent."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect

from portal.models import ChecklistItem
from portal.models import Debrief
from portal.models import Interview
from portal.models import ThankYouLetter
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import users
from portal.services.journey.interviews import PanelEntry
from tests import factories
from tests.browser.helpers import audit
from tests.browser.helpers import sign_in

SAVED = re.compile(r"^Saved (?!on this phone)")
ON_PHONE = re.compile(r"Saved on this phone, not sent yet")


def _debrief_on_server(live_server) -> Debrief | None:
    with live_server.data():
        return Debrief.get_or_none()


def _drafts_on_phone(page) -> int:
    return page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('debrief:')).length"
    )


def test_new_candidate_walks_the_whole_journey_on_a_phone(live_server, phone):
    """Invite, home, prep ticks, interview ends, debrief with the network cut part-way,
    letters per person with checks, one downloaded, one marked sent, sign-out clears drafts."""
    with live_server.data():
        recruiter = factories.make_recruiter(name="Rae Recruiter", phone="+44 20 7946 0000")
        candidate = users.create_user(
            role="candidate", email="noor@example.com", name="Noor Haddad", invited_by=recruiter
        )
        interview = factories.make_interview(
            candidate=candidate,
            recruiter=recruiter,
            starts_in=dt.timedelta(days=2),
            people=[
                PanelEntry("Pat Peer", "Senior Engineer", "peer", "pat@client.example"),
                PanelEntry("Dana Decider", "CTO", "decision_maker", "dana@client.example"),
            ],
        )
        token = users.issue_token(user=candidate, purpose="invite", hours=72)

    # Accept the invite.
    phone.goto(f"/invite/{token}")
    phone.get_by_label("New password").fill("quiet harbour lights")
    phone.get_by_label("Type it again").fill("quiet harbour lights")
    phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url("**/candidate/")
    expect(phone.get_by_role("heading", name="Hello, Noor Haddad")).to_be_visible()
    expect(phone.get_by_text("Prep 0 of 15 done")).to_be_visible()
    audit(phone, label="candidate home (coming up)")

    # The interview page, then prep: two ticks, instant with JS.
    phone.get_by_role("link", name=re.compile(interview.position.title)).click()
    expect(phone.get_by_role("heading", name="Who you will meet")).to_be_visible()
    expect(phone.get_by_role("link", name="Call +44 20 7946 0000")).to_have_attribute(
        "href", "tel:+442079460000"
    )
    audit(phone, label="candidate interview")
    phone.get_by_role("link", name=re.compile("Prep checklist")).first.click()
    phone.wait_for_url("**/prep")
    first = phone.get_by_role("button", name=re.compile("^Learn what the company sells"))
    second = phone.get_by_role("button", name=re.compile("^Rehearse a two-minute answer"))
    first.click()
    second.click()
    expect(first).to_have_attribute("aria-pressed", "true")
    expect(second).to_have_attribute("aria-pressed", "true")
    expect(phone.locator("#prep-progress")).to_have_text("2 of 15 done")
    audit(phone, label="candidate prep")
    with live_server.data():
        ticked = ChecklistItem.select().where(
            (ChecklistItem.interview == interview) & ChecklistItem.done_at.is_null(False)
        )
        assert ticked.count() == 2

    # The interview has ended: the debrief leads home, with a one-tap call.
    with live_server.data():
        start = utcnow() - dt.timedelta(minutes=100)
        Interview.update(starts_at=start, ends_at=start + dt.timedelta(minutes=60)).where(
            Interview.id == interview.id
        ).execute()
    phone.goto("/candidate/")
    lead = phone.locator("section.lead")
    expect(lead.get_by_text("Debrief due")).to_be_visible()
    expect(lead.get_by_role("link", name="Call Rae Recruiter")).to_have_attribute(
        "href", "tel:+442079460000"
    )
    audit(phone, label="candidate home (debrief due)")
    lead.get_by_role("link", name="Debrief now").click()
    phone.wait_for_url("**/debrief")
    audit(phone, label="candidate debrief")

    # Online, typing saves to the server as it goes.
    phone.locator('input[name="candidate_interest"][value="4"]').check()
    phone.locator('input[name="employer_interest"][value="5"]').check()
    phone.get_by_text("Add details").click()
    phone.get_by_label("Key points discussed").fill("The data platform rebuild\nHiring plans")
    status = phone.locator("#save-status")
    expect(status).to_have_text(SAVED)
    assert _debrief_on_server(live_server).key_points == "The data platform rebuild\nHiring plans"

    # The network drops: the typing stays on the phone, and the tab is closed.
    phone.context.set_offline(True)
    phone.get_by_label("Qualifications to reinforce").fill("Led a dbt migration")
    expect(status).to_contain_text(ON_PHONE)
    assert _debrief_on_server(live_server).qualifications == ""
    context = phone.context
    phone.close()

    # Back online, the page opens again: the text comes back from the phone and is sent.
    context.set_offline(False)
    page = context.new_page()
    page.goto(f"/candidate/interviews/{interview.id}/debrief")
    page.get_by_text("Add details").click()
    expect(page.get_by_label("Qualifications to reinforce")).to_have_value("Led a dbt migration")
    expect(page.locator("#save-status")).to_have_text(SAVED)
    assert _debrief_on_server(live_server).qualifications == "Led a dbt migration"

    # Offline again, then the connection returns while the page is open: sent by itself.
    context.set_offline(True)
    page.get_by_label("Concerns").fill("Long commute")
    expect(page.locator("#save-status")).to_contain_text(ON_PHONE)
    context.set_offline(False)
    expect(page.locator("#save-status")).to_have_text(SAVED, timeout=20_000)
    assert _debrief_on_server(live_server).concerns == "Long commute"

    # Someone the recruiter did not list, then send.
    page.locator("#people-2-name").fill("Lee Lead")
    page.locator("#people-2-title").fill("VP Data")
    page.locator("#people-2-role").select_option("influencer")
    page.get_by_role("button", name="Send to Rae Recruiter").click()
    page.wait_for_url("**/debrief/sent")
    expect(page.get_by_text("Rae Recruiter has your debrief")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Thank-you letters")).click()
    page.wait_for_url("**/letters")
    names = page.locator("ul.cards h2").all_inner_texts()
    assert names == ["Dana Decider", "Lee Lead", "Pat Peer"]
    audit(page, label="candidate letters")

    # The first letter: checks shown, downloaded as text, marked sent.
    page.get_by_role("link", name="Dana Decider").click()
    expect(page.get_by_role("heading", name="Letter to Dana Decider")).to_be_visible()
    expect(page.get_by_text("Addresses Dana Decider by name")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Send within 2\d h"))).to_be_visible()
    expect(page.get_by_role("link", name="Open in your mail app")).to_have_attribute(
        "href", re.compile(r"^mailto:dana@client\.example\?subject=")
    )
    audit(page, label="candidate letter")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as text (.txt)").click()
    assert download.value.suggested_filename == "thank-you-dana-decider.txt"
    page.get_by_role("button", name="Mark as sent").click()
    expect(page.get_by_role("button", name="Mark as not sent")).to_be_visible()
    with live_server.data():
        sent = list(ThankYouLetter.select().where(ThankYouLetter.status == "sent"))
        assert [letter.interviewer.name for letter in sent] == ["Dana Decider"]
    page.get_by_role("link", name="All letters").click()
    expect(page.get_by_text("1 of 3 sent")).to_be_visible()

    # Home now reads the debrief sent and the letters count; sign-out clears phone drafts.
    page.goto("/candidate/")
    expect(page.get_by_text("Letters 1 of 3 sent")).to_be_visible()
    audit(page, label="candidate home (debriefed)")
    page.goto("/candidate/account")
    audit(page, label="candidate account")
    page.evaluate("() => localStorage.setItem('debrief:999', '{}')")
    assert _drafts_on_phone(page) >= 1
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    assert _drafts_on_phone(page) == 0
    with live_server.data():
        assert User.get_by_id(candidate.id).password_hash


def _audit_with_js(browser, page, label: str) -> None:
    """axe needs script: check the same page, same session, in a script-enabled phone."""
    from tests.browser.helpers import PHONE

    context = browser.new_context(
        base_url=page.url.split("/candidate")[0],
        storage_state=page.context.storage_state(),
        **PHONE,
    )
    try:
        twin = context.new_page()
        twin.goto(page.url)
        audit(twin, label=label)
    finally:
        context.close()


def test_prep_and_debrief_work_with_javascript_off(live_server, browser):
    """No JS: a tick is a plain POST back to the list; 'Save draft' keeps the debrief."""
    from tests.browser.helpers import PHONE

    with live_server.data():
        candidate = factories.make_candidate(name="Ola Offline")
        interview = factories.make_interview(
            candidate=candidate, starts_in=dt.timedelta(minutes=-90)
        )
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, **PHONE)
    page = context.new_page()
    try:
        sign_in(page, candidate.email)
        page.wait_for_url("**/candidate/")
        page.goto(f"/candidate/interviews/{interview.id}/prep")
        page.get_by_role("button", name=re.compile("^Read the company's recent news")).click()
        page.wait_for_url(re.compile(r"/prep#item-\d+$"))
        expect(page.locator("#prep-progress")).to_have_text("1 of 15 done")
        _audit_with_js(browser, page, "candidate prep (no JS)")
        page.goto(f"/candidate/interviews/{interview.id}/debrief")
        page.get_by_text("Add details").click()
        page.get_by_label("Next steps, as the employer left it").fill("Second round Friday")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_text(re.compile("^Draft saved"))).to_have_count(2)
        page.get_by_text("Add details").click()
        expect(page.get_by_label("Next steps, as the employer left it")).to_have_value(
            "Second round Friday"
        )
        _audit_with_js(browser, page, "candidate debrief (no JS, saved)")
        assert _debrief_on_server(live_server).next_steps == "Second round Friday"
    finally:
        context.close()
