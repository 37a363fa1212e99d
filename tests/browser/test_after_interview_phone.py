"""The minutes after an interview on a 390 x 844 phone, in a real Chromium: the debrief's
first screen, Send with no signal, two tabs on one draft, and a one-line header."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile

from playwright.sync_api import expect

from portal.models import Debrief
from portal.models import DebriefRevision
from portal.models import Interview
from portal.models import utcnow
from portal.services.journey.interviews import PanelEntry
from tests import factories
from tests.browser.helpers import audit
from tests.browser.helpers import sign_in

SCREEN_HEIGHT = 844
SAVED = re.compile(r"^Saved (?!on this phone)")


def _ended_interview(live_server):
    with live_server.data():
        recruiter = factories.make_recruiter(name="Rae Recruiter", phone="+44 20 7946 0000")
        candidate = factories.make_candidate(name="Noor Haddad")
        interview = factories.make_interview(
            candidate=candidate,
            recruiter=recruiter,
            starts_in=dt.timedelta(minutes=-100),
            people=[PanelEntry("Priya Shah", "Head of Data", "decision_maker")],
        )
        Interview.update(recruiter_note="Ask for Priya at reception.").where(
            Interview.id == interview.id
        ).execute()
    return candidate, interview


def _sign_in(page, candidate) -> None:
    sign_in(page, candidate.email)
    page.wait_for_url("**/candidate/")


def _debrief(live_server) -> Debrief | None:
    with live_server.data():
        return Debrief.get_or_none()


def test_debrief_first_screen_shows_send_and_call_me_on_a_phone(live_server, phone):
    """At 390 x 844 the taps, 'Please call me' and Send are all on the first screen
    (screenshot kept), details are folded away, and the page passes axe and the budget."""
    candidate, interview = _ended_interview(live_server)
    _sign_in(phone, candidate)
    phone.goto(f"/candidate/interviews/{interview.id}/debrief")
    send = phone.get_by_role("button", name="Send to Rae Recruiter")
    call = phone.get_by_label("Please call me")
    for control in (send, call):
        box = control.bounding_box()
        assert box is not None and box["y"] + box["height"] <= SCREEN_HEIGHT, box
    expect(phone.get_by_label("Key points discussed")).to_be_hidden()
    shot = os.path.join(tempfile.gettempdir(), "debrief-first-screen-390x844.png")
    phone.screenshot(path=shot)
    assert os.path.getsize(shot) > 10_000
    audit(phone, label="candidate debrief (first screen)")


def test_send_with_no_signal_waits_on_the_phone_and_goes_when_it_returns(live_server, phone):
    """Offline, Send keeps the debrief on the phone and says so; nothing reaches the server;
    when the signal returns it is sent once (its key) and the confirmation shows."""
    candidate, interview = _ended_interview(live_server)
    _sign_in(phone, candidate)
    phone.goto(f"/candidate/interviews/{interview.id}/debrief")
    phone.locator('input[name="candidate_interest"][value="3"]').check()
    phone.get_by_label("Please call me").check()
    phone.get_by_label("A note for the call").fill("after 17:00")
    expect(phone.locator("#save-status")).to_have_text(SAVED)

    phone.context.set_offline(True)
    phone.get_by_role("button", name="Send to Rae Recruiter").click()
    expect(phone.locator("#save-status")).to_contain_text(
        "kept on this phone and will be sent when the signal returns"
    )
    assert phone.url.endswith("/debrief")
    held = phone.evaluate(f"() => localStorage.getItem('debrief:{interview.id}:send')")
    assert held and "idempotency_key" in held
    assert _debrief(live_server).status == "draft"

    phone.context.set_offline(False)
    phone.wait_for_url("**/debrief/sent", timeout=20_000)
    expect(phone.get_by_text("Rae Recruiter has your debrief")).to_be_visible()
    expect(phone.get_by_text("Your note: after 17:00")).to_be_visible()
    audit(phone, label="candidate debrief sent")
    assert phone.evaluate(f"() => localStorage.getItem('debrief:{interview.id}:send')") is None
    sent = _debrief(live_server)
    assert (sent.status, sent.candidate_interest, sent.call_times) == (
        "submitted",
        3,
        "after 17:00",
    )
    with live_server.data():
        assert DebriefRevision.select().count() == 1


def _two_tabs_after_a_save(live_server, phone, label: str, text: str):
    """Two tabs on one draft: tab A types `text` into `label` and it is saved; tab B was
    opened before and has not heard of it. Returns (a, b), both with details open."""
    candidate, interview = _ended_interview(live_server)
    _sign_in(phone, candidate)
    url = f"/candidate/interviews/{interview.id}/debrief"
    a = phone
    a.goto(url)
    b = a.context.new_page()
    b.goto(url)
    a.get_by_text("Add details").click()
    a.get_by_label(label).fill(text)
    expect(a.locator("#save-status")).to_have_text(SAVED)
    b.get_by_text("Add details").click()
    return a, b


def test_two_tabs_never_overwrite_each_other_silently(live_server, phone):
    """Tab A saves; tab B, opened on the older draft, is refused and shown both versions;
    B's text stays in its field until the person chooses; choosing B saves it."""
    _a, b = _two_tabs_after_a_save(live_server, phone, "Concerns", "Long commute")
    b.get_by_label("Concerns").fill("Team seemed stretched")
    conflict = b.locator("#conflict")
    expect(conflict).to_contain_text("This draft changed in another tab")
    expect(conflict).to_contain_text("This tab: Team seemed stretched · Other: Long commute")
    expect(b.get_by_label("Concerns")).to_have_value("Team seemed stretched")
    assert _debrief(live_server).concerns == "Long commute"

    b.get_by_role("button", name="Keep what this tab has").click()
    expect(b.locator("#save-status")).to_have_text(SAVED)
    assert _debrief(live_server).concerns == "Team seemed stretched"
    audit(b, label="candidate debrief (after a conflict)")


def test_send_from_a_stale_tab_shows_both_versions_and_lets_the_person_choose(live_server, phone):
    """Tab A saves; tab B, opened on the older draft, types and presses Send before its
    autosave runs: nothing is sent, B's page shows both versions with B's typing kept,
    and "Keep what this tab has and send it" sends B's text."""
    _a, b = _two_tabs_after_a_save(live_server, phone, "Concerns", "Long commute")
    b.get_by_label("Concerns").fill("Team seemed stretched")
    b.get_by_role("button", name="Send to Rae Recruiter").click()
    conflict = b.locator("#conflict")
    expect(conflict).to_contain_text("This debrief changed in another tab")
    expect(conflict).to_contain_text("Nothing was sent")
    expect(conflict).to_contain_text("This tab: Team seemed stretched · Other: Long commute")
    expect(b.get_by_label("Concerns")).to_have_value("Team seemed stretched")
    debrief = _debrief(live_server)
    assert (debrief.status, debrief.concerns) == ("draft", "Long commute")
    audit(b, label="candidate debrief (a stale Send)")

    b.get_by_role("button", name="Keep what this tab has and send it").click()
    b.wait_for_url("**/debrief/sent")
    debrief = _debrief(live_server)
    assert (debrief.status, debrief.concerns) == ("submitted", "Team seemed stretched")


def test_save_draft_from_a_stale_tab_can_take_the_other_version(live_server, phone):
    """Tab B's Save draft over tab A's newer save shows both; "Use the other tab's version"
    shows A's text, and nothing of B's was written."""
    _a, b = _two_tabs_after_a_save(live_server, phone, "Next steps", "Second round next week")
    b.get_by_label("Next steps").fill("Waiting to hear")
    b.get_by_role("button", name="Save draft").click()
    expect(b.locator("#conflict")).to_contain_text("Nothing was saved")
    b.get_by_role("link", name="Use the other tab’s version").click()
    b.get_by_text("Add details").click()
    expect(b.get_by_label("Next steps")).to_have_value("Second round next week")
    expect(b.get_by_text("Use what you typed on this phone")).to_have_count(0)
    assert _debrief(live_server).next_steps == "Second round next week"


def test_header_is_one_line_on_every_candidate_page(live_server, phone):
    """At 390 px the header (agency name, 'Shared', 'Account') is a single row everywhere."""
    candidate, interview = _ended_interview(live_server)
    with live_server.data():
        factories.make_debrief(interview=interview, key_points="Roadmap")
        from portal.services.letters import kept

        kept.ensure_drafts(interview=interview, candidate=candidate)
        upcoming = factories.make_interview(candidate=candidate, starts_in=dt.timedelta(days=1))
        letter_id = interview.letters.get().id
        assert utcnow()
    _sign_in(phone, candidate)
    base = f"/candidate/interviews/{interview.id}"
    pages = [
        "/candidate/",
        base,
        f"/candidate/interviews/{upcoming.id}/prep",
        f"{base}/debrief",
        f"{base}/debrief/sent",
        f"{base}/letters",
        f"{base}/letters/{letter_id}",
        "/candidate/account",
        "/candidate/shares",
    ]
    for path in pages:
        phone.goto(path)
        header = phone.locator("header.topbar").bounding_box()
        brand = phone.locator("header .brand").bounding_box()
        account = phone.get_by_role("link", name="Account").bounding_box()
        assert header["height"] <= 52, (path, header)
        assert abs(brand["y"] - account["y"]) < 12, (path, brand, account)
    phone.goto(f"/candidate/interviews/{upcoming.id}/prep")
    expect(phone.get_by_text("Ask for Priya at reception.")).to_have_count(0)
    audit(phone, label="candidate prep (by format)")
