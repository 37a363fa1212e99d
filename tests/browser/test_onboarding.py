"""A recruiter invites a candidate, who accepts on a phone and signs in: in a real Chromium."""

from __future__ import annotations

from playwright.sync_api import expect

from tests import factories
from tests.browser.helpers import audit


def test_recruiter_invites_and_candidate_accepts_on_a_phone(live_server, desktop, phone):
    """The whole onboarding, with axe and the page budget on every page seen."""
    with live_server.data():
        recruiter = factories.make_recruiter(name="Rae Recruiter")

    desktop.goto("/login")
    audit(desktop, label="login (desktop)", budget=None)
    desktop.get_by_label("Email address").fill(recruiter.email)
    desktop.get_by_label("Password").fill(factories.PASSWORD)
    desktop.get_by_role("button", name="Sign in").click()
    desktop.wait_for_url("**/recruiter/")
    audit(desktop, label="recruiter board", budget=None)

    desktop.get_by_role("link", name="Candidates").click()
    desktop.get_by_label("Full name").fill("Noor Haddad")
    desktop.get_by_label("Email address").fill("noor@example.com")
    desktop.get_by_role("button", name="Make invite link").click()
    link = desktop.get_by_label("One-time link").input_value()
    assert "/invite/" in link
    audit(desktop, label="invite link made", budget=None)

    phone.goto(link.replace(live_server.url, ""))
    expect(phone.get_by_role("heading", name="Welcome, Noor Haddad")).to_be_visible()
    audit(phone, label="accept invite")
    phone.get_by_label("New password").fill("short")
    phone.get_by_label("Type it again").fill("short")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_text("Use at least 8 characters.").first).to_be_visible()
    audit(phone, label="accept invite (error)")
    phone.get_by_label("New password").fill("quiet harbour lights")
    phone.get_by_label("Type it again").fill("quiet harbour lights")
    phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url("**/candidate/")
    expect(phone.get_by_role("heading", name="Hello, Noor Haddad")).to_be_visible()
    audit(phone, label="candidate home (empty)")

    # Sign out (a POST), then back in with the new password.
    phone.goto("/candidate/account")
    phone.get_by_role("button", name="Sign out").click()
    phone.wait_for_url("**/login")
    audit(phone, label="login (phone)")
    phone.get_by_label("Email address").fill("noor@example.com")
    phone.get_by_label("Password").fill("quiet harbour lights")
    phone.get_by_role("button", name="Sign in").click()
    phone.wait_for_url("**/candidate/")
