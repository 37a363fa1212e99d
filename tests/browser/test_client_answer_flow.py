"""The client answers "Your view" on a phone, without an account; the recruiter sees both sides."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from tests import factories
from tests.browser.helpers import audit


def test_client_answers_on_a_phone_and_the_recruiter_sees_both_sides(live_server, phone, desktop):
    """390 px, no account: the client gives their view; the recruiter's interview page shows
    the candidate's side and the client's side (given by the client) against the tests."""
    with live_server.data():
        recruiter = factories.make_recruiter(
            name="Rae Recruiter", email="rae@agency.example", phone="+44 20 7946 0001"
        )
        candidate = factories.make_candidate(name="Ana Costa")
        interview = factories.make_interview(
            candidate=candidate, recruiter=recruiter, starts_in=dt.timedelta(hours=-3)
        )
        factories.make_debrief(
            interview=interview, candidate_interest=5, employer_interest=4, enough_exchanged="yes"
        )
        link = factories.make_share_link(interview=interview, created_by=recruiter)

    assert phone.viewport_size["width"] == 390
    phone.goto(f"/s/{link.raw_token}")
    expect(phone.get_by_role("heading", level=1, name="Ana Costa")).to_be_visible()
    expect(phone.get_by_role("link", name="rae@agency.example")).to_be_visible()
    expect(phone.get_by_role("link", name="+44 20 7946 0001")).to_be_visible()
    audit(phone, label="share packet with your view")
    view = phone.get_by_role("region", name="Your view")
    view.get_by_role("group", name="Your interest in this candidate").get_by_label("4").check()
    view.get_by_role("group", name="Did you learn enough").get_by_label("Partly").check()
    view.get_by_label("Scheduled next").check()
    view.get_by_label("The next step you propose").fill("Meet our CTO next week")
    view.get_by_role("button", name="Send your view").click()
    expect(phone.get_by_text("Your answer is saved.")).to_be_visible()
    expect(phone.get_by_label("The next step you propose")).to_have_value("Meet our CTO next week")
    cookies = phone.context.cookies()
    assert not [c for c in cookies if c["name"] == "session"]

    desktop.goto("/login")
    desktop.get_by_label("Email address").fill(recruiter.email)
    desktop.get_by_label("Password").fill(factories.PASSWORD)
    desktop.get_by_role("button", name="Sign in").click()
    desktop.wait_for_url("**/recruiter/")
    desktop.goto(f"/recruiter/interviews/{interview.id}")
    tests = desktop.locator("#three-tests")
    expect(tests.get_by_text("given by the client")).to_be_visible()
    interest = tests.get_by_role("row").filter(has_text="Mutual interest")
    expect(interest.get_by_role("cell").nth(0)).to_contain_text("Own interest: 5 of 5")
    expect(interest.get_by_role("cell").nth(1)).to_contain_text("Interest: 4 of 5")
    expect(desktop.get_by_text("Meet our CTO next week")).to_be_visible()
    audit(desktop, label="recruiter interview with the client's answer", budget=None)

    # Read now: the client's page says so and offers no more changes.
    phone.reload()
    expect(phone.get_by_text("has read your answer")).to_be_visible()
    assert phone.get_by_role("button", name="Update your view").count() == 0
