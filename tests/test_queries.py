"""Queries per page: each page costs a handful of queries, and no more with more data (no N+1).

Every page is requested twice as the same visitor: once with a small world,
once after adding many more interviews, people and items. The count must not
grow, and must stay within the page's limit. The counts are printed at the end.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from portal.models import Debrief
from portal.models import Interview
from portal.models import Interviewer
from portal.models import ThankYouLetter
from portal.services.journey import checklists
from tests import factories
from tests import support
from tests.support import PortalClient

# (label, who, path template, most queries allowed)
PAGES = [
    ("login", "anonymous", "/login", 2),
    ("candidate home", "candidate", "/candidate/", 8),
    ("candidate account", "candidate", "/candidate/account", 4),
    ("recruiter board", "recruiter", "/recruiter/", 12),
    # The list, and the board's ten queries over its page of candidates.
    ("recruiter candidates", "recruiter", "/recruiter/candidates", 12),
    ("recruiter candidate", "recruiter", "/recruiter/candidates/{candidate_id}", 10),
    ("share packet", "anonymous", "/s/{token}", 6),
    ("recruiter shares", "recruiter", "/recruiter/shares", 4),
    ("recruiter share preview", "recruiter", "/recruiter/shares/{link_id}/preview", 5),
    (
        "recruiter new share",
        "recruiter",
        "/recruiter/shares/new?candidate_id={candidate_id}&interview_id={interview_id}",
        7,  # with the candidate's documents and the panel to send the link to
    ),
    ("candidate shares", "candidate", "/candidate/shares", 4),
    ("candidate interview", "candidate", "/candidate/interviews/{interview_id}", 7),
    ("candidate prep", "candidate", "/candidate/interviews/{interview_id}/prep", 4),
    ("candidate debrief", "candidate", "/candidate/interviews/{interview_id}/debrief", 5),
    # The panel's size comes with the panel the letters' checks read (no count of its own).
    ("candidate letters", "candidate", "/candidate/interviews/{interview_id}/letters", 6),
    (
        "candidate letter",
        "candidate",
        "/candidate/interviews/{interview_id}/letters/{letter_id}",
        7,
    ),
    ("recruiter interviews", "recruiter", "/recruiter/interviews", 5),
    (
        "recruiter interviews searched",
        "recruiter",
        "/recruiter/interviews?q=number&stage=upcoming",
        5,
    ),
    ("recruiter interview", "recruiter", "/recruiter/interviews/{interview_id}", 8),
    ("recruiter schedule interview", "recruiter", "/recruiter/interviews/new", 6),
    ("recruiter edit interview", "recruiter", "/recruiter/interviews/{interview_id}/edit", 5),
    ("recruiter clients", "recruiter", "/recruiter/clients", 3),
    ("recruiter client", "recruiter", "/recruiter/clients/{client_id}", 4),
    ("recruiter position", "recruiter", "/recruiter/positions/{position_id}", 3),
    ("recruiter templates", "recruiter", "/recruiter/templates", 4),
    ("recruiter template", "recruiter", "/recruiter/templates/{template_id}", 4),
    ("recruiter audit log", "recruiter", "/recruiter/audit", 4),
]


def _grow(candidate, recruiter, n: int) -> Interview:
    """Add `n` interviews with panels, debriefs and letters; return the last."""
    last = None
    for k in range(n):
        last = factories.make_interview(
            candidate=candidate, recruiter=recruiter, starts_in=dt.timedelta(hours=4 - 9 * k)
        )
        people = list(Interviewer.select().where(Interviewer.interview == last))
        Debrief.create(
            interview=last,
            candidate=candidate,
            status="submitted",
            version=1,
            key_points="Roadmap",
            submitted_at=last.ends_at,
        )
        for person in people:
            ThankYouLetter.create(interview=last, interviewer=person, body="Thank you")
    return last


def _count(client, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return int(response.headers["X-Query-Count"])


@pytest.mark.parametrize(("label", "who", "template", "limit"), PAGES, ids=[p[0] for p in PAGES])
def test_page_queries_do_not_grow_with_data(app, db, label, who, template, limit):
    """The page's query count is within its limit and the same with 2 or 12 interviews."""
    recruiter = factories.make_recruiter(password=None)
    candidate = factories.make_candidate(password=None)
    interview = _grow(candidate, recruiter, 2)
    client: PortalClient = app.test_client()
    if who != "anonymous":
        user = candidate if who == "candidate" else recruiter
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_signed_in_at"] = time.time()
            session["_fresh"] = True
    link = factories.make_share_link(
        interview=interview, created_by=recruiter, sections=("summary", "schedule", "contact")
    )
    values = {
        "candidate_id": candidate.id,
        "interview_id": interview.id,
        "link_id": link.id,
        "token": link.raw_token,
        "letter_id": ThankYouLetter.select(ThankYouLetter.id)
        .where(ThankYouLetter.interview == interview)
        .order_by(ThankYouLetter.id)
        .scalar(),
        "client_id": interview.position.client_id,
        "position_id": interview.position_id,
        "template_id": checklists.ensure_default_template().id,
    }
    path = template.format(**values)
    small = _count(client, path)
    _grow(candidate, recruiter, 10)
    for _ in range(10):
        factories.make_share_link(interview=interview, created_by=recruiter)
    large = _count(client, path)
    support.PAGE_QUERIES.append((label, small, large))
    assert large <= small, f"{label}: {small} queries with 2 interviews, {large} with 12 (N+1)"
    assert large <= limit, f"{label}: {large} queries > limit {limit}"
