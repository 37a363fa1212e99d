"""Recruiter pages through the test client: board, interviews, both sides, people, templates,
export and the audit log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from portal.models import AttentionMark
from portal.models import AuditEvent
from portal.models import ChecklistItem
from portal.models import ChecklistTemplate
from portal.models import ChecklistTemplateItem
from portal.models import Client
from portal.models import ClientFeedback
from portal.models import Debrief
from portal.models import Interview
from portal.models import Interviewer
from portal.models import Position
from portal.models import utcnow
from portal.services.journey import checklists
from tests.support import page_text
from tests.support import post_gapped_feedback
from tests.support import schedule_form


@pytest.fixture
def recruiter(make, login_as):
    """A signed-in recruiter."""
    user = make.make_recruiter(name="Rae Recruiter", time_zone="Europe/London")
    login_as(user)
    return user


def _key() -> str:
    return "k" * 8 + str(utcnow().timestamp()).replace(".", "")[:20] + "abcdefgh"


def test_a_candidate_gets_no_recruiter_page(client, make, login_as):
    """A signed-in candidate is refused every recruiter page, the export included."""
    candidate = make.make_candidate()
    interview = make.make_interview(candidate=candidate)
    login_as(candidate)
    for path in (
        "/recruiter/",
        "/recruiter/interviews",
        f"/recruiter/interviews/{interview.id}",
        "/recruiter/interviews/export.csv",
        "/recruiter/audit",
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        assert candidate.name not in page_text(response)


def test_board_lists_an_overdue_debrief_with_its_actions_and_marks_it_handled(
    client, make, recruiter
):
    """The row shows why, who and what to do; marking it handled records who and hides it."""
    candidate = make.make_candidate(name="Noor Haddad", phone="+44 7700 900111")
    interview = make.make_ended_interview(minutes_ago=180, candidate=candidate)
    html = page_text(client.get("/recruiter/"))
    assert "No debrief yet" in html and "Overdue" in html and "Noor Haddad" in html
    assert 'href="tel:+447700900111"' in html
    response = client.post(f"/recruiter/board/{interview.id}/debrief_missing/handled")
    assert response.headers["Location"].endswith("/recruiter/")
    mark = AttentionMark.get(AttentionMark.interview == interview)
    assert mark.handled_by_id == recruiter.id
    assert "Noor Haddad" not in page_text(client.get("/recruiter/"))
    assert client.post(f"/recruiter/board/{interview.id}/bogus/handled").status_code == 404


def test_scheduling_copies_the_template_and_keeps_the_time_zone(client, make, recruiter):
    """A scheduled interview stores UTC, its zone, the panel and a copy of the chosen template."""
    candidate = make.make_candidate()
    position = make.make_position()
    response = client.post("/recruiter/interviews/new", data=schedule_form(candidate, position))
    interview = Interview.get(Interview.candidate == candidate)
    assert response.headers["Location"].endswith(f"/recruiter/interviews/{interview.id}")
    assert interview.starts_at == dt.datetime(2030, 3, 4, 15, 0)  # 10:00 in New York
    assert (interview.time_zone, interview.format, interview.round) == (
        "America/New_York",
        "video",
        2,
    )
    panel = list(Interviewer.select().where(Interviewer.interview == interview))
    assert [(p.name, p.role) for p in panel] == [("Dana Decider", "decision_maker")]
    assert ChecklistItem.select().where(ChecklistItem.interview == interview).count() == 14
    page = page_text(client.get(f"/recruiter/interviews/{interview.id}"))
    assert "Dana Decider" in page and "0 of 14 done" in page
    assert (
        f"/recruiter/shares/new?candidate_id={candidate.id}&amp;interview_id={interview.id}" in page
    )


def test_a_double_submit_books_one_interview(client, make, recruiter):
    """The same idempotency key twice leads to the same interview page, with one booking."""
    candidate = make.make_candidate()
    data = schedule_form(candidate, make.make_position())
    first = client.post("/recruiter/interviews/new", data=data)
    second = client.post("/recruiter/interviews/new", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert Interview.select().where(Interview.candidate == candidate).count() == 1


def test_a_scheduling_error_keeps_everything_typed(client, make, recruiter):
    """An end before the start re-renders with 400, the message, and what was typed."""
    candidate = make.make_candidate()
    data = schedule_form(
        make.make_candidate(), make.make_position(), ends_at="2030-03-04T09:00"
    ) | {"candidate": str(candidate.id)}
    response = client.post("/recruiter/interviews/new", data=data)
    html = page_text(response)
    assert response.status_code == 400
    assert "The end must be after the start." in html
    assert 'value="2030-03-04T09:00"' in html
    assert 'value="https://meet.example/abc"' in html
    assert 'value="Dana Decider"' in html
    assert Interview.select().count() == 0


def test_rescheduling_moves_the_times_and_brings_handled_rows_back(client, make, recruiter):
    """New times are saved in the interview's zone, audited as a reschedule, marks cleared."""
    interview = make.make_ended_interview(minutes_ago=200, time_zone="Europe/Paris")
    client.post(f"/recruiter/board/{interview.id}/debrief_missing/handled")
    dana = Interviewer.get(
        (Interviewer.interview == interview) & (Interviewer.role == "decision_maker")
    )
    form = page_text(client.get(f"/recruiter/interviews/{interview.id}/edit"))
    assert 'value="Dana Decider"' in form
    response = client.post(
        f"/recruiter/interviews/{interview.id}/edit",
        data={
            "position": str(interview.position_id),
            "round": "1",
            "starts_at": "2030-05-06T09:00",
            "ends_at": "2030-05-06T10:00",
            "time_zone": "Europe/Paris",
            "format": "onsite",
            "location": "5 Rue Example",
            "people-0-interviewer_id": str(dana.id),
            "people-0-name": "Dana Decider",
            "people-0-title": "CEO",
            "people-0-role": "decision_maker",
            "people-0-email": "",
        },
    )
    assert response.headers["Location"].endswith(f"/recruiter/interviews/{interview.id}")
    moved = Interview.get_by_id(interview.id)
    assert moved.starts_at == dt.datetime(2030, 5, 6, 7, 0)  # 09:00 in Paris, summer time
    assert Interviewer.get_by_id(dana.id).title == "CEO"
    assert AttentionMark.select().where(AttentionMark.interview == interview).count() == 0
    assert AuditEvent.get(
        AuditEvent.target_id == interview.id, AuditEvent.action == "interview.rescheduled"
    )


def test_cancelling_takes_an_interview_off_the_board(client, make, recruiter):
    """A cancelled interview shows as cancelled and leaves the board; editing it is refused."""
    candidate = make.make_candidate(name="Cass Cancelled")
    interview = make.make_ended_interview(minutes_ago=200, candidate=candidate)
    assert "Cass Cancelled" in page_text(client.get("/recruiter/"))
    response = client.post(f"/recruiter/interviews/{interview.id}/cancel")
    assert response.headers["Location"].endswith(f"/recruiter/interviews/{interview.id}")
    assert Interview.get_by_id(interview.id).status == "cancelled"
    assert "Cass Cancelled" not in page_text(client.get("/recruiter/"))
    assert "Cancelled" in page_text(client.get(f"/recruiter/interviews/{interview.id}"))
    refused = client.post(f"/recruiter/interviews/{interview.id}/edit", data={})
    assert refused.status_code == 400


def test_both_sides_against_the_three_tests_flag_the_gaps(client, make, recruiter):
    """The candidate's 5 against the client's 2, and no decision maker, are flagged in words."""
    interview = make.make_ended_interview(minutes_ago=120, people=[make_person("Pat Peer", "peer")])
    make.make_debrief(
        interview=interview,
        candidate_interest=5,
        employer_interest=4,
        enough_exchanged="yes",
        key_points="Data platform",
    )
    response = post_gapped_feedback(client, interview)
    assert response.headers["Location"].endswith(
        f"/recruiter/interviews/{interview.id}#three-tests"
    )
    html = page_text(client.get(f"/recruiter/interviews/{interview.id}"))
    assert "candidate 5, client 2" in html
    assert "candidate yes, client partly" in html
    assert "no decision maker met or scheduled" in html
    assert "3 of 3 tests show a gap" in html
    assert "Data platform" in html  # the candidate's own answers
    saved = ClientFeedback.get(ClientFeedback.interview == interview)
    assert (saved.client_interest, saved.recorded_by_id) == (2, recruiter.id)
    event = AuditEvent.get(AuditEvent.action == "client_feedback.recorded")
    assert "Notice" not in event.detail and "Salary" not in event.detail


def make_person(name: str, role: str):
    from portal.services.journey.interviews import PanelEntry

    return PanelEntry(name, "Title", role)


def test_an_empty_client_feedback_is_refused_and_typed_text_kept(client, make, recruiter):
    """Nothing chosen: 400 with a message; an overlong answer keeps its text."""
    interview = make.make_ended_interview(minutes_ago=120)
    empty = client.post(f"/recruiter/interviews/{interview.id}/client-feedback", data={})
    assert empty.status_code == 400
    assert "Record at least one answer" in page_text(empty)
    long = client.post(
        f"/recruiter/interviews/{interview.id}/client-feedback",
        data={"concerns": "x" * 4001, "next_step": "Call back Friday"},
    )
    assert long.status_code == 400
    assert "Call back Friday" in page_text(long)
    assert ClientFeedback.select().count() == 0


def test_the_decision_is_saved_with_its_next_step(client, make, recruiter):
    """Move forward with a next step shows on the page and in the list."""
    interview = make.make_ended_interview(minutes_ago=120)
    response = client.post(
        f"/recruiter/interviews/{interview.id}/decision",
        data={"decision": "forward", "decision_next_step": "Second round with the CEO"},
    )
    assert response.headers["Location"].endswith("#decision")
    saved = Interview.get_by_id(interview.id)
    assert (saved.decision, saved.decision_next_step) == ("forward", "Second round with the CEO")
    assert saved.decided_at is not None
    assert "Second round with the CEO" in page_text(
        client.get(f"/recruiter/interviews/{interview.id}")
    )
    assert "Move forward" in page_text(client.get("/recruiter/interviews?stage=decision"))
    assert client.post(f"/recruiter/interviews/{interview.id}/decision", data={}).status_code == 400


def test_the_debrief_history_says_what_changed(client, make, recruiter):
    """An amended debrief lists the changed answers, before and after, and can be marked read."""
    import json

    from portal.models import DebriefRevision
    from portal.services.journey.debrief_versions import snapshot_of

    interview = make.make_ended_interview(minutes_ago=120)
    debrief = make.make_debrief(interview=interview, candidate_interest=3)
    debrief.candidate_interest = 5
    debrief.version = 2
    debrief.submitted_at = utcnow()
    debrief.save()
    DebriefRevision.create(
        debrief=debrief,
        number=2,
        snapshot=json.dumps(snapshot_of(debrief=debrief, people=[])),
        created_at=debrief.submitted_at,
    )
    html = page_text(client.get(f"/recruiter/interviews/{interview.id}"))
    assert "version 2" in html
    assert re.search(r"<del>3 of 5</del> → <ins>5 of 5</ins>", html)
    response = client.post(
        f"/recruiter/board/{interview.id}/review/handled", data={"back": "interview"}
    )
    assert response.headers["Location"].endswith(f"/recruiter/interviews/{interview.id}")
    assert Debrief.get_by_id(debrief.id).reviewed_by_id == recruiter.id


def test_the_list_pages_forward_and_back(client, make, recruiter):
    """Next and Previous links walk the list without counting; filters ride along."""
    candidate = make.make_candidate(name="Paging Person")
    for k in range(30):
        make.make_interview(candidate=candidate, starts_in=dt.timedelta(hours=k), people=[])
    first = page_text(client.get(f"/recruiter/interviews?candidate={candidate.id}"))
    assert first.count("Paging Person") >= 25
    next_link = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert f"candidate={candidate.id}" in next_link
    second = page_text(client.get(next_link))
    assert len(re.findall(r"/recruiter/interviews/\d+\"", second)) == 5
    prev_link = re.search(r'rel="prev" href="([^"]+)"', second).group(1).replace("&amp;", "&")
    again = page_text(client.get(prev_link))
    ids = lambda html: re.findall(r"/recruiter/interviews/(\d+)\"", html)  # noqa: E731
    assert ids(again) == ids(first)


def test_export_downloads_csv_for_the_filtered_list(client, make, recruiter):
    """The export link streams a CSV attachment of what the list shows, and is audited."""
    ana = make.make_candidate(name="Ana Müller")
    make.make_interview(candidate=ana)
    make.make_interview(candidate=make.make_candidate(name="Ben Okafor"))
    response = client.get("/recruiter/interviews/export.csv?q=ana")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8-sig")
    names = [row["Candidate"] for row in csv.DictReader(io.StringIO(text))]
    assert names == ["Ana Müller"]
    assert AuditEvent.get(AuditEvent.action == "export.interviews").actor_id == recruiter.id


def test_editing_a_template_never_changes_interviews_already_scheduled(client, make, recruiter):
    """Rename, add, edit, reorder and remove items; the booked interview keeps its own copy."""
    interview = make.make_interview()
    before = list(
        ChecklistItem.select(ChecklistItem.text)
        .where(ChecklistItem.interview == interview)
        .order_by(ChecklistItem.sort_order)
        .tuples()
    )
    template = checklists.ensure_default_template()
    items = list(
        ChecklistTemplateItem.select()
        .where(ChecklistTemplateItem.template == template)
        .order_by(ChecklistTemplateItem.sort_order)
    )
    base = f"/recruiter/templates/{template.id}"
    client.post(base, data={"name": "Agency prep"})
    client.post(
        f"{base}/items",
        data={"section": "Extra", "text": "Bring a portfolio", "idempotency_key": _key()},
    )
    client.post(
        f"{base}/items/edit",
        data={"item": items[0].id, "section": "Research", "text": "Read the annual report"},
    )
    client.post(f"{base}/items/move", data={"item": items[1].id, "direction": "up"})
    client.post(f"{base}/items/remove", data={"item": items[2].id})
    now = list(
        ChecklistTemplateItem.select(ChecklistTemplateItem.text)
        .where(ChecklistTemplateItem.template == template)
        .order_by(ChecklistTemplateItem.sort_order)
        .tuples()
    )
    assert ChecklistTemplate.get_by_id(template.id).name == "Agency prep"
    assert now[0] == (items[1].text,)
    assert now[1] == ("Read the annual report",)
    assert (items[2].text,) not in now
    assert now[-1] == ("Bring a portfolio",)
    after = list(
        ChecklistItem.select(ChecklistItem.text)
        .where(ChecklistItem.interview == interview)
        .order_by(ChecklistItem.sort_order)
        .tuples()
    )
    assert after == before


def test_a_new_template_can_become_the_default_for_new_interviews(client, make, recruiter):
    """Exactly one default; scheduling then copies the new default's items."""
    checklists.ensure_default_template()
    response = client.post(
        "/recruiter/templates", data={"name": "Short", "start_from": "0", "idempotency_key": _key()}
    )
    short = ChecklistTemplate.get(ChecklistTemplate.name == "Short")
    assert response.headers["Location"].endswith(f"/recruiter/templates/{short.id}")
    client.post(
        f"/recruiter/templates/{short.id}/items",
        data={"section": "Go", "text": "Be on time", "idempotency_key": _key()},
    )
    client.post(f"/recruiter/templates/{short.id}/default")
    defaults = ChecklistTemplate.select().where(ChecklistTemplate.is_default == True)  # noqa: E712
    assert [t.id for t in defaults] == [short.id]
    interview = make.make_interview()
    assert [i.text for i in ChecklistItem.select().where(ChecklistItem.interview == interview)] == [
        "Be on time"
    ]


def test_an_overlong_template_item_keeps_its_text_on_error(client, make, recruiter):
    """Editing an item to nothing re-renders with the message beside it, status 400."""
    template = checklists.ensure_default_template()
    item = ChecklistTemplateItem.select().where(ChecklistTemplateItem.template == template).first()
    response = client.post(
        f"/recruiter/templates/{template.id}/items/edit",
        data={"item": item.id, "section": "Typed section", "text": ""},
    )
    assert response.status_code == 400
    html = page_text(response)
    assert "Enter the item." in html and 'value="Typed section"' in html


def test_clients_and_positions_are_created_once_and_edited(client, make, recruiter):
    """A double-submitted client is made once; a position is added, renamed and closed."""
    data = {"name": "Acme Analytics", "notes": "Retained", "idempotency_key": _key()}
    first = client.post("/recruiter/clients", data=data)
    second = client.post("/recruiter/clients", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert Client.select().where(Client.name == "Acme Analytics").count() == 1
    acme = Client.get(Client.name == "Acme Analytics")
    client.post(
        f"/recruiter/clients/{acme.id}/positions",
        data={
            "title": "Data Lead",
            "search_type": "retained",
            "open": "y",
            "idempotency_key": _key(),
        },
    )
    position = Position.get(Position.client == acme)
    assert (position.title, position.search_type, position.open) == ("Data Lead", "retained", True)
    client.post(
        f"/recruiter/positions/{position.id}",
        data={"title": "Lead Data Engineer", "search_type": "retained"},
    )
    position = Position.get_by_id(position.id)
    assert (position.title, position.open) == ("Lead Data Engineer", False)
    html = page_text(client.get(f"/recruiter/clients/{acme.id}"))
    assert "Lead Data Engineer" in html and "Closed" in html
    bad = client.post(
        "/recruiter/clients", data={"name": "", "notes": "keep me", "idempotency_key": _key()}
    )
    assert bad.status_code == 400 and "keep me" in page_text(bad)


def test_the_audit_log_shows_actions_and_filters_them(client, make, recruiter):
    """Sign-in and actions are listed with who did them; the action filter narrows the list."""
    interview = make.make_ended_interview(minutes_ago=200)
    client.post(f"/recruiter/interviews/{interview.id}/cancel")
    html = page_text(client.get("/recruiter/audit"))
    assert "sign_in" in html and "interview.cancelled" in html and "Rae Recruiter" in html
    only = page_text(client.get("/recruiter/audit?action=interview.cancelled"))
    assert "interview.cancelled" in only and "<code>sign_in</code>" not in only
    mine = page_text(client.get(f"/recruiter/audit?actor={recruiter.id}&date_from=2000-01-01"))
    assert "interview.cancelled" in mine


def test_the_candidate_page_lists_interviews_and_links_to_share(client, make, recruiter):
    """A candidate's page shows their interviews, a schedule link and a share link."""
    candidate = make.make_candidate(name="Sam Shown")
    interview = make.make_interview(candidate=candidate)
    html = page_text(client.get(f"/recruiter/candidates/{candidate.id}"))
    assert f"/recruiter/interviews/{interview.id}" in html
    assert f"/recruiter/interviews/new?candidate_id={candidate.id}" in html
    assert f"/recruiter/shares/new?candidate_id={candidate.id}" in html


def test_the_board_shows_the_most_urgent_rows_and_every_row_of_one_kind(
    client, make, recruiter, monkeypatch
):
    """The first view is capped (never above an overdue row) with counts per kind; a kind
    view lists only that kind."""
    from portal.recruiter import views

    monkeypatch.setattr(views, "SHOWN_ROWS", 2)
    for minutes in (200, 300, 400):
        make.make_ended_interview(minutes_ago=minutes)
    soon = make.make_interview(
        candidate=make.make_candidate(name="Prep Person"), starts_in=dt.timedelta(hours=5)
    )
    html = page_text(client.get("/recruiter/"))
    # Three overdue rows against a cap of two: every overdue row stays.
    assert html.count('<tr class="board-item is-overdue') == 3
    assert "1 more below the first 3" in html
    assert re.search(
        r'kind=debrief_missing"[^>]*>No debrief yet <span class="count">3</span>', html
    )
    assert "Prep Person" not in html
    prep = page_text(client.get("/recruiter/?kind=prep"))
    assert prep.count('<tr class="board-item') == 1 and "Prep Person" in prep
    response = client.post(
        f"/recruiter/board/{soon.id}/prep/handled", data={"kind": "prep", "mine": "1"}
    )
    assert response.headers["Location"].endswith("/recruiter/?mine=1&kind=prep")


def test_one_time_links_never_reach_the_audit_log(client, make, recruiter):
    """Issuing invite and reset links is audited without the token."""
    candidate = make.make_candidate()
    for path in ("invite", "reset"):
        html = page_text(client.post(f"/recruiter/candidates/{candidate.id}/{path}"))
        token = re.search(rf"/{path}/([A-Za-z0-9_\-]+)", html).group(1)
        for event in AuditEvent.select():
            assert token not in f"{event.action} {event.detail} {event.target_type}"
    actions = {e.action for e in AuditEvent.select().where(AuditEvent.target_id == candidate.id)}
    assert {"invite.issued", "reset.issued"} <= actions
