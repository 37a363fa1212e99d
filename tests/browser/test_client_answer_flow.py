"""The hiring manager's 20-second answer on a phone, and the recruiter's next move.

At 390x844, without an account: the decision card is on screen as the page opens, Advance
is three taps away, and the CV downloads through the link. The recruiter's board then
shows the answer above the candidate's letter chores, with the gap chip where the sides
differ; a second round gets its own answer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import expect

from portal.models import Debrief
from tests import factories
from tests.browser.helpers import audit
from tests.browser.helpers import sign_in

VIEWPORT_HEIGHT = 844


def _on_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT_HEIGHT


def test_the_client_advances_in_three_taps_and_the_recruiter_sees_it_first(
    live_server, phone, desktop
):
    """Three taps from the top of the page, the CV downloaded, the answer and the gap on the
    board above a letters chore, and round 2 asking afresh."""
    from portal.services.sharing import client_feedback
    from portal.services.sharing import documents

    with live_server.data():
        recruiter = factories.make_recruiter(
            name="Rae Recruiter", email="rae@agency.example", phone="+44 20 7946 0001"
        )
        candidate = factories.make_candidate(name="Ana Costa")
        interview = factories.make_interview(
            candidate=candidate, recruiter=recruiter, starts_in=dt.timedelta(hours=-3)
        )
        factories.make_debrief(
            interview=interview, candidate_interest=3, employer_interest=4, enough_exchanged="yes"
        )
        # Another candidate's letters are overdue: their chore, below the client's answer.
        chores = factories.make_ended_interview(minutes_ago=30 * 60, recruiter=recruiter)
        read = factories.make_debrief(interview=chores, candidate_interest=4)
        Debrief.update(reviewed_at=read.submitted_at).where(Debrief.id == read.id).execute()
        client_feedback.record(interview=chores, by=recruiter, client_interest=4)
        cv = documents.attach(
            candidate_id=candidate.id,
            title="CV",
            filename="ana-costa-cv.pdf",
            data=factories.make_pdf("Ana Costa, data engineer"),
            by=recruiter,
        )
        link = factories.make_share_link(interview=interview, created_by=recruiter)
        documents.include(link_id=link.id, document_ids=(cv.id,))

    assert phone.viewport_size == {"width": 390, "height": VIEWPORT_HEIGHT}
    phone.goto(f"/s/{link.raw_token}")
    card = phone.get_by_role("region", name="Your decision")
    advance = card.get_by_role("group", name="Your decision").get_by_label("Advance")
    four = card.get_by_role("group", name="Your interest").get_by_label("4")
    send = card.get_by_role("button", name="Send", exact=True)
    assert all(_on_screen(x) for x in (advance, four, send)), "the card must fit the first screen"
    assert phone.evaluate("window.scrollY") == 0
    audit(phone, label="share packet with the decision card", budget=None)
    advance.tap()
    four.tap()
    send.tap()
    expect(phone.get_by_text("Sent: Advance, interest 4 of 5.")).to_be_visible()

    with phone.expect_download() as got:
        phone.get_by_role("link", name="CV").click()
    download = got.value
    assert download.suggested_filename == "ana-costa-cv.pdf"
    assert Path(download.path()).read_bytes() == factories.make_pdf("Ana Costa, data engineer")

    sign_in(desktop, recruiter.email)
    desktop.wait_for_url("**/recruiter/")
    rows = desktop.locator("tr.board-item")
    first = rows.nth(0)
    expect(first).to_contain_text("Ana Costa")
    expect(first).to_contain_text("Client answered")
    expect(first.locator(".kind-gap")).to_contain_text("Gap")
    expect(first).to_contain_text("Interest: candidate 3 · client 4")
    letters_row = rows.filter(has_text="Thank-you letters not sent")
    expect(letters_row).to_contain_text(chores.candidate.name)
    expect(letters_row.get_by_role("button", name="Nudge candidate")).to_be_visible()
    audit(desktop, label="board with a client answer and a gap", budget=None)

    with live_server.data():
        factories.make_interview(
            candidate=candidate,
            recruiter=recruiter,
            position=interview.position,
            starts_in=dt.timedelta(minutes=-20),
            round=2,
        )
    phone.reload()
    expect(phone.get_by_role("heading", name="Your decision after round 2")).to_be_visible()
    expect(phone.get_by_text("Round 1: Advance, interest 4 of 5")).to_be_visible()
    card = phone.get_by_role("region", name="Your decision after round 2")
    card.get_by_role("group", name="Your decision").get_by_label("Hold").tap()
    card.get_by_role("button", name="Send", exact=True).tap()
    expect(phone.get_by_text("Sent: Hold.")).to_be_visible()
    expect(phone.get_by_text("Round 1: Advance, interest 4 of 5")).to_be_visible()
