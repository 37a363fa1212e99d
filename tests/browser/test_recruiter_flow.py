"""A recruiter's day at a desk, in a real Chromium: schedule, board, both sides, decide, export."""

from __future__ import annotations

import csv
import datetime as dt
import io

from playwright.sync_api import expect

from portal.models import Interview
from portal.models import utcnow
from portal.services.journey import debrief_versions
from tests import factories
from tests.browser.helpers import audit
from tests.browser.helpers import sign_in


def test_recruiter_schedules_reads_both_sides_decides_and_exports(live_server, desktop):
    """A scheduled interview goes overdue, its debrief is read, both sides show a gap, it is decided and exported."""
    with live_server.data():
        recruiter = factories.make_recruiter(name="Rae Recruiter")
        candidate = factories.make_candidate(
            name="Noor Haddad", email="noor@example.com", phone="+44 7700 900222"
        )
        client = factories.make_client(name="Acme Analytics")
        factories.make_position(client=client, title="Lead Data Engineer")

    page = desktop
    sign_in(page, recruiter.email)
    page.wait_for_url("**/recruiter/")
    expect(page.get_by_text("Nothing needs you right now.")).to_be_visible()
    audit(page, label="recruiter board (empty)", budget=None)

    # Schedule, with a panel row and the default prep checklist.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Interviews").click()
    audit(page, label="recruiter interviews (empty)", budget=None)
    page.get_by_role("link", name="Schedule an interview").click()
    audit(page, label="recruiter schedule interview", budget=None)
    page.get_by_label("Candidate").select_option(label="Noor Haddad (noor@example.com)")
    page.get_by_label("Position").select_option(label="Acme Analytics — Lead Data Engineer")
    page.get_by_label("Starts").fill("2030-03-04T10:00")
    page.get_by_label("Ends").fill("2030-03-04T11:00")
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_role("group", name="Format").get_by_label("Video").check()
    page.get_by_label("Place or link").fill("https://meet.example/acme")
    page.locator("#people-0-name").fill("Dana Decider")
    page.locator("#people-0-title").fill("CTO")
    page.locator("#people-0-role").select_option("decision_maker")
    page.locator("#people-0-email").fill("dana@acme.example")
    page.get_by_role("button", name="Schedule interview").click()
    page.wait_for_url("**/recruiter/interviews/*")
    assert page.get_by_role("heading", name="Noor Haddad: Lead Data Engineer at Acme Analytics")
    expect(page.get_by_text("0 of 14 done")).to_be_visible()
    audit(page, label="recruiter interview (scheduled)", budget=None)
    interview_id = int(page.url.rstrip("/").rsplit("/", 1)[1])

    # It ended three hours ago with no debrief: it is on the board, overdue.
    with live_server.data():
        now = utcnow().replace(microsecond=0)
        Interview.update(
            starts_at=now - dt.timedelta(hours=4), ends_at=now - dt.timedelta(hours=3)
        ).where(Interview.id == interview_id).execute()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Board").click()
    row = page.get_by_role("row").filter(has_text="Noor Haddad")
    expect(row.get_by_text("No debrief yet", exact=True)).to_be_visible()
    expect(row.get_by_text("Overdue", exact=True)).to_be_visible()
    audit(page, label="recruiter board (overdue debrief)", budget=None)

    # The candidate's debrief arrives.
    with live_server.data():
        debrief_versions.submit(
            interview=Interview.get_by_id(interview_id),
            candidate=candidate,
            answers={
                "candidate_interest": 5,
                "employer_interest": 4,
                "enough_exchanged": "yes",
                "key_points": "Moving billing to event streams",
                "qualifications": "Led a 40-dashboard migration",
                "others_involved": "",
            },
            people=[],
            idempotency_key="browser-test-debrief-key-1",
        )
    page.reload()
    row = page.get_by_role("row").filter(has_text="Noor Haddad")
    expect(row.get_by_text("Debrief to read", exact=True)).to_be_visible()
    audit(page, label="recruiter board (debrief to read)", budget=None)
    row.get_by_role("link", name="Read debrief").click()
    page.wait_for_url(f"**/recruiter/interviews/{interview_id}#debrief")
    expect(page.get_by_text("Moving billing to event streams").first).to_be_visible()
    audit(page, label="recruiter interview (debrief in)", budget=None)

    # The client's side, from a call: keen candidate, lukewarm client.
    side = page.locator("#client-side")
    side.get_by_role("group", name="Client's interest in the candidate").get_by_label("2").check()
    side.get_by_role("group", name="Did they learn enough").get_by_label("Partly").check()
    side.get_by_label("What is still open for them").fill("Salary range")
    side.get_by_role("group", name="Decision makers").get_by_label("Not yet").check()
    side.get_by_label("Their concerns").fill("Notice period of three months")
    side.get_by_role("button", name="Save client feedback").click()
    page.wait_for_url(f"**/recruiter/interviews/{interview_id}#three-tests")
    tests = page.locator("#three-tests")
    expect(tests.get_by_text("candidate 5, client 2: high interest needs 4")).to_be_visible()
    expect(tests.get_by_text("candidate yes, client partly")).to_be_visible()
    expect(tests.get_by_text("3 of 3 tests show a gap")).to_be_visible()
    audit(page, label="recruiter interview (both sides)", budget=None)

    # The decision.
    decision = page.locator("#decision")
    decision.get_by_label("Hold").check()
    decision.get_by_label("Next step").fill("Ask the client about the notice period")
    decision.get_by_role("button", name="Save decision").click()
    page.wait_for_url(f"**/recruiter/interviews/{interview_id}#decision")
    expect(
        page.locator("#decision").get_by_text("Ask the client about the notice period").first
    ).to_be_visible()
    audit(page, label="recruiter interview (decided)", budget=None)

    # Export what the list shows.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Interviews").click()
    expect(page.get_by_role("cell", name="Decision made")).to_be_visible()
    audit(page, label="recruiter interviews", budget=None)
    with page.expect_download() as info:
        page.get_by_role("link", name="Export CSV").click()
    download = info.value
    assert download.suggested_filename.startswith("interviews-")
    text = open(download.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["Candidate"] for r in rows] == ["Noor Haddad"]
    assert rows[0]["Decision"] == "hold"
    assert rows[0]["Candidate interest"] == "5" and rows[0]["Client interest"] == "2"
    assert rows[0]["Key points"] == "Moving billing to event streams"


def test_people_templates_and_audit_pages_pass_axe(live_server, desktop):
    """Clients, positions, templates (with an error), a candidate, the edit form and the audit log pass axe."""
    with live_server.data():
        recruiter = factories.make_recruiter(name="Rae Recruiter")
        interview = factories.make_ended_interview(minutes_ago=90, recruiter=recruiter)
        factories.make_debrief(interview=interview, candidate_interest=4)
    page = desktop
    sign_in(page, recruiter.email)
    page.wait_for_url("**/recruiter/")
    nav = page.get_by_role("navigation", name="Main")

    nav.get_by_role("link", name="Clients").click()
    page.get_by_label("Client name").fill("Northwind Health")
    page.get_by_role("button", name="Add client").click()
    page.wait_for_url("**/recruiter/clients/*")
    page.get_by_label("Position title").fill("Product Manager")
    page.get_by_role("button", name="Add position").click()
    expect(page.get_by_role("link", name="Product Manager", exact=True)).to_be_visible()
    audit(page, label="recruiter client", budget=None)
    page.get_by_role("link", name="Product Manager", exact=True).click()
    audit(page, label="recruiter position", budget=None)
    nav.get_by_role("link", name="Clients").click()
    audit(page, label="recruiter clients", budget=None)

    nav.get_by_role("link", name="Templates").click()
    audit(page, label="recruiter templates", budget=None)
    page.get_by_role("link", name="Standard interview prep").click()
    audit(page, label="recruiter template", budget=None)
    page.get_by_label("Item 1", exact=True).fill("")
    page.get_by_role("button", name="Save item 1", exact=True).click()
    expect(page.get_by_text("Enter the item.")).to_be_visible()
    audit(page, label="recruiter template (item error)", budget=None)

    nav.get_by_role("link", name="Candidates").click()
    page.get_by_role("link", name=interview.candidate.name).click()
    audit(page, label="recruiter candidate", budget=None)
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_text("client.created")).to_be_visible()
    audit(page, label="recruiter audit log", budget=None)
    page.goto(f"/recruiter/interviews/{interview.id}/edit")
    audit(page, label="recruiter edit interview", budget=None)
