"""A candidate's data on a phone (390 px): the privacy notice, the export downloaded and read,
erasure asked for; then the recruiter carries it out from the board."""

from __future__ import annotations

import json
import re
import zipfile

from playwright.sync_api import expect

from portal.models import User
from tests import factories
from tests.browser.helpers import audit
from tests.browser.helpers import sign_in
from tests.support import find_text


def test_candidate_downloads_their_data_and_asks_to_be_erased_on_a_phone(
    live_server, phone, desktop, tmp_path
):
    """Notice from the footer; the zip downloads and holds a debrief answer in both files;
    the erasure request needs the password; the recruiter erases; nothing is left."""
    with live_server.data():
        world = factories.make_candidate_world()
    assert phone.viewport_size["width"] == 390

    sign_in(phone, world.email)
    phone.wait_for_url("**/candidate/")
    phone.get_by_role("link", name="Privacy notice").click()
    expect(phone.get_by_role("heading", name="Privacy notice", level=1)).to_be_visible()
    audit(phone, label="privacy notice (candidate)")

    phone.get_by_role("link", name="Account", exact=True).click()
    expect(phone.get_by_role("heading", name="Your data")).to_be_visible()
    audit(phone, label="candidate account (your data)")
    with phone.expect_download() as download_info:
        phone.get_by_role("button", name="Download your data (zip)").click()
    download = download_info.value
    assert re.fullmatch(r"debrief-data-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    answer = f"We talked about the {world.phrase} for an hour"
    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
        data = json.loads(archive.read(next(n for n in names if n.endswith("data.json"))))
        html = archive.read(next(n for n in names if n.endswith("index.html"))).decode()
    assert data["tables"]["debrief"][0]["key_points"] == answer
    assert answer in html
    # The readable page opens in the phone's browser too.
    page_file = tmp_path / "index.html"
    page_file.write_text(html)
    phone.goto(page_file.as_uri())
    expect(phone.get_by_text(answer, exact=True).first).to_be_visible()

    phone.goto("/candidate/account")
    phone.get_by_role("link", name="Ask to erase your data").click()
    expect(phone.get_by_role("heading", name="Erase your data")).to_be_visible()
    audit(phone, label="candidate erase request")
    phone.get_by_role("button", name="Ask to erase my data").click()
    expect(phone.get_by_text("Enter your password.").first).to_be_visible()
    phone.get_by_label("Your password").fill(factories.PASSWORD)
    phone.get_by_role("button", name="Ask to erase my data").click()
    expect(phone.get_by_text("You asked on")).to_be_visible()

    sign_in(desktop, world.recruiter.email)
    desktop.wait_for_url("**/recruiter/")
    expect(desktop.get_by_role("heading", name="Personal data to erase")).to_be_visible()
    audit(desktop, label="recruiter board (erasure asked)", budget=None)
    desktop.get_by_role("link", name=world.name).first.click()
    expect(desktop.get_by_role("heading", name=f"Erase {world.name}?")).to_be_visible()
    audit(desktop, label="recruiter erase confirm", budget=None)
    desktop.get_by_role("button", name=f"Erase {world.name}").click()
    expect(desktop.get_by_text("Erased: their personal data is gone")).to_be_visible()
    audit(desktop, label="recruiter candidate (erased)", budget=None)

    phone.reload()
    phone.wait_for_url("**/login**")
    with live_server.data():
        assert find_text(world.name, world.email, world.phrase) == {}
        assert not User.get_by_id(world.candidate.id).active
