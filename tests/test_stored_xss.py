"""Stored XSS: script a candidate types into every free-text field is inert everywhere
it is shown later — recruiter pages, the CSV export and the client's share page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from portal.models import Debrief
from portal.models import Interviewer
from portal.models import ThankYouLetter
from portal.services.sharing import share_links
from tests import factories
from tests.support import PortalClient

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","click")'
FREE_TEXT = (
    "still_open",
    "others_involved",
    "key_points",
    "qualifications",
    "concerns",
    "next_steps",
    "call_times",
)


def _inert(html: str, where: str) -> None:
    assert "<script>alert" not in html, f"{where}: script tag rendered"
    assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", ""), f"{where}: handler"
    assert not re.search(r"<img[^>]+onerror", html), f"{where}: live img handler"


def test_candidate_script_is_inert_on_recruiter_pages_csv_and_share_page(app, db):
    """Every free-text field a candidate fills shows escaped on every page that shows it."""
    recruiter = factories.make_recruiter()
    candidate = factories.make_candidate(name=f"Eve {PAYLOAD}")
    interview = factories.make_interview(
        candidate=candidate, recruiter=recruiter, starts_in=dt.timedelta(minutes=-120)
    )
    phone: PortalClient = app.test_client()
    phone.post("/login", data={"email": candidate.email, "password": factories.PASSWORD})
    page = phone.get(f"/candidate/interviews/{interview.id}/debrief").get_data(as_text=True)
    key = re.search(r'name="idempotency_key"[^>]*value="([^"]+)"', page)
    form = {field: f"{field} {PAYLOAD}" for field in FREE_TEXT}
    form["key_points"] = f"{FORMULA}\n{PAYLOAD}"
    form.update(
        {
            "candidate_interest": "5",
            "employer_interest": "4",
            "enough_exchanged": "partly",
            "call_me": "y",
            "action": "submit",
            "idempotency_key": key.group(1) if key else "k1",
            "people-0-name": f"Mallory {PAYLOAD}",
            "people-0-title": f"CTO {PAYLOAD}",
            "people-0-role": "decision_maker",
            "people-0-email": "",
        }
    )
    sent = phone.post(f"/candidate/interviews/{interview.id}/debrief", data=form)
    assert sent.status_code == 302, sent.get_data(as_text=True)[:500]
    debrief = Debrief.get(Debrief.interview == interview)
    assert PAYLOAD in debrief.concerns  # stored as typed: escaping happens on output
    assert Interviewer.select().where(Interviewer.name.contains("Mallory")).exists()

    # Letters drafted from the debrief, and a prep note, carry the payload too.
    letter = ThankYouLetter.select().where(ThankYouLetter.interview == interview).first()
    if letter is not None:
        phone.post(
            f"/candidate/interviews/{interview.id}/letters/{letter.id}",
            data={"subject": f"Thanks {PAYLOAD}", "body": f"Dear you {PAYLOAD}"},
        )

    laptop: PortalClient = app.test_client()
    laptop.post("/login", data={"email": recruiter.email, "password": factories.PASSWORD})
    pages = {
        "board": "/recruiter/",
        "interview": f"/recruiter/interviews/{interview.id}",
        "list": "/recruiter/interviews",
        "list search": "/recruiter/interviews?q=Eve",
        "candidate": f"/recruiter/candidates/{candidate.id}",
        "candidates": "/recruiter/candidates",
        "new share": f"/recruiter/shares/new?candidate_id={candidate.id}&interview_id={interview.id}",
        "audit": "/recruiter/audit",
    }
    for where, path in pages.items():
        response = laptop.get(path)
        assert response.status_code == 200, f"{where}: {response.status_code}"
        html = response.get_data(as_text=True)
        _inert(html, where)
    interview_html = laptop.get(f"/recruiter/interviews/{interview.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert" in interview_html  # shown, escaped — not dropped

    export = laptop.get("/recruiter/interviews/export.csv")
    text = export.get_data().decode("utf-8-sig")
    assert export.mimetype == "text/csv"
    assert export.headers["X-Content-Type-Options"] == "nosniff"
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), "formula cell"
    assert any(FORMULA in cell for cell in cells)  # kept, but defused with a leading '

    # The share page shows recruiter-edited highlights prefilled from the debrief.
    prefill = share_links.highlight_prefill(interview=interview)
    link, raw = share_links.create_link(
        candidate_id=candidate.id,
        interview_id=interview.id,
        created_by=recruiter,
        recipient_name=f"Client {PAYLOAD}",
        recipient_company=PAYLOAD,
        sections=("summary", "schedule", "highlights"),
        summary=f"Summary {PAYLOAD}",
        highlights=prefill or f"Highlight {PAYLOAD}",
    )
    client_page = app.test_client().get(f"/s/{raw}").get_data(as_text=True)
    assert "Eve" in client_page
    _inert(client_page, "share page")
    preview = laptop.get(f"/recruiter/shares/{link.id}/preview").get_data(as_text=True)
    _inert(preview, "share preview")
    shares = laptop.get("/recruiter/shares").get_data(as_text=True)
    _inert(shares, "share list")
    own = phone.get("/candidate/").get_data(as_text=True)
    _inert(own, "candidate home")
