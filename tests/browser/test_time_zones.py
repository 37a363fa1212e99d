"""A phone in Los Angeles: its zone reaches the portal by itself at sign-in."""

from __future__ import annotations

from playwright.sync_api import expect

from portal.models import User
from tests import factories
from tests.browser.helpers import PHONE
from tests.browser.helpers import audit
from tests.browser.helpers import sign_in


def test_signing_in_on_a_phone_in_los_angeles_sets_the_zone(browser, live_server):
    """The browser's zone (Intl) goes with the sign-in form; the account page then shows
    Los Angeles time and offers nearby zones first."""
    with live_server.data():
        candidate = factories.make_candidate(name="Lena Ortiz")
    context = browser.new_context(
        base_url=live_server.url, timezone_id="America/Los_Angeles", **PHONE
    )
    page = context.new_page()
    sign_in(page, candidate.email)
    page.wait_for_url("**/candidate/")
    page.goto("/candidate/account")
    expect(page.locator("#zone-now")).to_contain_text("Los Angeles time")
    expect(page.get_by_label("Your time zone")).to_have_value("Los Angeles, United States")
    audit(page, label="candidate account (zone)")
    with live_server.data():
        assert User.get_by_id(candidate.id).time_zone == "America/Los_Angeles"
    context.close()
