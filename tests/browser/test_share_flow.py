"""A recruiter shares a candidate with a client, who reads it on a phone; then it is revoked."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from portal.models import Debrief
from tests import factories
from tests.browser.helpers import audit
from tests.browser.helpers import sign_in


def test_recruiter_shares_two_sections_and_revokes_on_a_phone(
    live_server, desktop, phone, new_phone
):
    """Make a link with two sections, preview it, the client sees exactly those on a phone,
    the recruiter revokes it, the client's reload says it is no longer available."""
    with live_server.data():
        recruiter = factories.make_recruiter(name="Rae Recruiter")
        candidate = factories.make_candidate(
            name="Ana Costa", email="ana@example.com", phone="+44 7700 900111"
        )
        interview = factories.make_interview(
            candidate=candidate, recruiter=recruiter, starts_in=dt.timedelta(hours=-3)
        )
        Debrief.create(
            interview=interview,
            candidate=candidate,
            status="submitted",
            key_points="- Moving billing to event streams",
            qualifications="Led a 40-dashboard migration",
        )

    # The recruiter, at a desk: the form, then a preview of exactly the client's page.
    sign_in(desktop, recruiter.email)
    desktop.wait_for_url("**/recruiter/")
    desktop.goto(f"/recruiter/shares/new?candidate_id={candidate.id}&interview_id={interview.id}")
    audit(desktop, label="recruiter new share", budget=None)
    desktop.get_by_label("Who is it for?").fill("Harper Manager")
    desktop.get_by_label("Their company").fill("Client Co")
    desktop.get_by_label("Interview schedule").uncheck()
    desktop.get_by_label("Summary for the client").fill("Calm under pressure; strong on data.")
    desktop.get_by_role("button", name="Preview").click()
    preview = desktop.get_by_role("status")
    expect(preview.get_by_text("Calm under pressure; strong on data.")).to_be_visible()
    expect(preview.get_by_text("Led a 40-dashboard migration")).to_be_visible()
    assert preview.get_by_text("Moving billing to event streams").count() == 0
    assert preview.get_by_role("heading", name="Interview schedule").count() == 0
    audit(desktop, label="recruiter new share (preview)", budget=None)
    desktop.get_by_role("button", name="Make link").click()
    link = desktop.get_by_label("Share link").input_value()
    assert "/s/" in link
    audit(desktop, label="recruiter share made", budget=None)
    desktop.get_by_role("link", name="See what they will see").click()
    expect(desktop.get_by_role("heading", name="Ana Costa")).to_be_visible()
    audit(desktop, label="recruiter share preview", budget=None)

    # The client: a fresh phone, no account, no cookies.
    phone.goto(link.replace(live_server.url, ""))
    expect(phone.get_by_role("heading", level=1, name="Ana Costa")).to_be_visible()
    headings = phone.get_by_role("heading", level=2).all_inner_texts()
    assert headings[0].startswith("Your decision")  # the decision card comes first
    assert headings[1:] == ["Summary", "Interview highlights", "Your recruiter"]
    expect(phone.get_by_text("Client Co")).to_be_visible()
    # Read only: no script, and the one form is the client's own answer (the decision).
    assert phone.locator("script").count() == 0
    assert phone.locator("form").count() == 1
    assert phone.locator("form").get_attribute("action").endswith("/answer")
    assert phone.get_by_text("ana@example.com").count() == 0
    audit(phone, label="share packet")

    # Back at the desk: the client's view counted as a person; then revoke.
    desktop.goto("/recruiter/shares")
    row = desktop.get_by_role("row").filter(has_text="Harper Manager")
    assert row.get_by_role("cell").nth(5).inner_text() == "1"
    audit(desktop, label="recruiter shares", budget=None)
    row.get_by_role("button", name="Revoke").click()
    expect(desktop.get_by_text("is revoked")).to_be_visible()

    phone.reload()
    expect(phone.get_by_role("heading", name="This link is no longer available")).to_be_visible()
    assert phone.get_by_text("Ana Costa").count() == 0
    audit(phone, label="share gone")

    # The candidate sees the link, what it showed, and that it is withdrawn.
    mine = new_phone()
    sign_in(mine, candidate.email)
    mine.wait_for_url("**/candidate/")
    mine.get_by_role("link", name="Shared with employers").click()
    card = mine.get_by_role("listitem").filter(has_text="Harper Manager")
    expect(card.get_by_text("Withdrawn")).to_be_visible()
    expect(card.get_by_text("Candidate summary, Interview highlights")).to_be_visible()
    audit(mine, label="candidate shares")
