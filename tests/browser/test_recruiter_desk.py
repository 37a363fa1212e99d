"""A recruiter with 40 candidates, in a real Chromium: the board ranks by what is overdue,
the candidate list finds people, the recruiter's own phone reaches the candidates' Call
button, and a client reads a shared packet on a phone in their own terms."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect

from portal.models import Debrief
from portal.models import ShareLink
from portal.models import utcnow
from tests import factories
from tests.browser.helpers import audit
from tests.browser.helpers import sign_in


def test_the_board_ranks_forty_candidates_overdue_first_and_the_list_finds_them(
    live_server, desktop
):
    """On a desk: 50 rows for 70 items, the recruiter's own work on top (overdue first),
    then the candidate's chores; the candidate list filters to those with open items and
    searches by name."""
    with live_server.data():
        recruiter = factories.make_recruiter(name="Rae Recruiter", phone="+44 20 7946 0001")
        factories.make_busy_desk(recruiter)
    page = desktop
    sign_in(page, recruiter.email)
    page.wait_for_url("**/recruiter/")

    rows = page.locator("tr.board-item")
    expect(rows).to_have_count(50)
    expect(page.locator("tr.board-item.is-overdue")).to_have_count(20)
    first = rows.first
    expect(first.get_by_role("link", name="Cand B9", exact=True)).to_be_visible()
    expect(first.get_by_text("No client feedback", exact=True)).to_be_visible()
    # Row 21: the first of the candidate's chores, a debrief overdue longest.
    chores = rows.nth(20)
    expect(chores.get_by_role("link", name="Cand A9", exact=True)).to_be_visible()
    expect(chores.get_by_text("No debrief yet", exact=True)).to_be_visible()
    # Row 11, the recruiter's first not overdue: a debrief to read and a call booked in 3 hours.
    waiting = rows.nth(10)
    assert "is-overdue" not in (waiting.get_attribute("class") or "")
    expect(waiting.get_by_text("Debrief to read", exact=True)).to_be_visible()
    expect(waiting.get_by_text("Asked for a call", exact=True)).to_be_visible()
    expect(waiting.get_by_text(re.compile(r"Booked for \w{3} \d+ \w{3} \d\d:\d\d"))).to_be_visible()
    assert page.get_by_text("Candidates cannot call you yet").count() == 0
    audit(page, label="recruiter board (40 candidates)", budget=None)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Candidates").click()
    page.get_by_label("Only those with open items").check()
    page.get_by_label("Order").select_option("name_desc")
    page.get_by_role("button", name="Apply").click()
    names = page.locator("tbody tr td:first-child a")
    expect(names).to_have_count(25)
    expect(names.first).to_have_text("Cand D9")
    page.get_by_role("link", name="Next →").click()
    expect(names).to_have_count(15)
    expect(names.last).to_have_text("Cand A0")
    audit(page, label="recruiter candidates (filtered)", budget=None)
    page.get_by_label("Search").fill("Cand B4")
    page.get_by_role("button", name="Apply").click()
    expect(names).to_have_count(1)
    row = page.get_by_role("row").filter(has_text="Cand B4")
    expect(row.get_by_text("2 overdue")).to_be_visible()
    expect(row.get_by_text("None booked")).to_be_visible()


def test_a_new_recruiter_adds_their_phone_and_the_candidate_gets_a_call_button(
    live_server, phone, new_phone
):
    """On a 390 px phone, the board asks a recruiter without a phone number for it; once
    saved on the account page, the candidate's phone shows "Call" to that number. The
    Recruiters page invites one."""
    with live_server.data():
        recruiter = factories.make_recruiter(name="Nia New", phone="")
        candidate = factories.make_candidate(name="Cleo Candidate")
        interview = factories.make_ended_interview(
            minutes_ago=20, candidate=candidate, recruiter=recruiter
        )
    page = phone
    sign_in(page, recruiter.email)
    page.wait_for_url("**/recruiter/")
    expect(page.get_by_text("Candidates cannot call you yet.")).to_be_visible()
    audit(page, label="recruiter board (phone missing)", budget=None)
    page.get_by_role("link", name="Add your phone number").click()
    page.get_by_label("Your phone number").fill("+44 20 7946 0555")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("Your details are saved.")).to_be_visible()
    audit(page, label="recruiter account", budget=None)
    page.get_by_text("Menu", exact=True).click()  # on a phone, the menu is one button
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Board").click()
    expect(page.get_by_role("heading", name="Who needs you now")).to_be_visible()
    assert page.get_by_text("Candidates cannot call you yet.").count() == 0

    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Recruiters").click()
    page.get_by_label("Full name").fill("Omar Other")
    page.get_by_label("Email address").fill("omar@agency.example")
    page.get_by_role("button", name="Make invite link").click()
    expect(page.get_by_label("One-time link")).to_have_value(re.compile("/invite/"))
    page.get_by_role("link", name="Back to recruiters").click()
    expect(
        page.get_by_role("row").filter(has_text="Omar Other").get_by_text("Invited")
    ).to_be_visible()
    audit(page, label="recruiter recruiters", budget=None)

    theirs = new_phone()
    sign_in(theirs, candidate.email)
    theirs.wait_for_url("**/candidate/")
    theirs.goto(f"/candidate/interviews/{interview.id}")
    call = theirs.get_by_role("link", name="Call +44 20 7946 0555")
    expect(call).to_be_visible()
    assert call.get_attribute("href") == "tel:+442079460555"


def test_a_client_reads_third_person_highlights_and_a_local_expiry_on_a_phone(
    live_server, desktop, phone
):
    """The recruiter's form starts from "Noor led …" (no private notes); the client's phone
    shows the expiry as a date in the interview's zone, within the 14 KB budget."""
    with live_server.data():
        recruiter = factories.make_recruiter(name="Rae Recruiter")
        noor = factories.make_candidate(name="Noor Haddad")
        interview = factories.make_interview(
            candidate=noor,
            recruiter=recruiter,
            starts_in=dt.timedelta(hours=-3),
            time_zone="America/New_York",
        )
        Debrief.create(
            interview=interview,
            candidate=noor,
            status="submitted",
            key_points="their data quality problems are a mess",
            qualifications="I led the 40-dashboard migration\nMy SQL is strong",
            concerns="PRIVATE-CONCERN",
        )
    sign_in(desktop, recruiter.email)
    desktop.wait_for_url("**/recruiter/")
    desktop.goto(f"/recruiter/shares/new?candidate_id={noor.id}&interview_id={interview.id}")
    highlights = desktop.locator("textarea[name=highlights]")
    expect(highlights).to_have_value(
        "- Noor led the 40-dashboard migration\n- Noor's SQL is strong"
    )
    desktop.get_by_label("Who is it for?").fill("Harper Manager")
    desktop.get_by_label("Summary for the client").fill("A calm, careful data engineer.")
    desktop.get_by_role("button", name="Make link").click()
    link = desktop.get_by_label("Share link").input_value()

    with live_server.data():
        expires = dt.datetime(2031, 3, 2, 3, 30)
        ShareLink.update(expires_at=expires).where(ShareLink.expires_at > utcnow()).execute()
    phone.goto(link.replace(live_server.url, ""))
    expect(phone.get_by_text("Noor led the 40-dashboard migration")).to_be_visible()
    expect(phone.get_by_text("Saturday 1 March 2031, 22:30")).to_be_visible()
    # The expiry is told in the interview's zone, named (the schedule names it too).
    expect(phone.locator("p.hint", has_text="This link works until")).to_contain_text(
        "(New York time)"
    )
    assert phone.get_by_text("UTC").count() == 0
    assert phone.get_by_text("data quality").count() == 0
    assert phone.get_by_text("PRIVATE-CONCERN").count() == 0
    audit(phone, label="share packet (reader's zone)")
