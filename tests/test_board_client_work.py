"""The board shows the client's answers and the gaps, above the candidate's chores."""

from __future__ import annotations

import re

from portal.models import ClientAnswer
from portal.models import Debrief
from portal.models import utcnow
from portal.services.board import attention
from portal.services.sharing import client_feedback


def _answer(link, interview, **values):
    now = utcnow()
    return ClientAnswer.create(
        share_link=link.id, interview=interview.id, created_at=now, updated_at=now, **values
    )


def test_a_client_answer_and_a_gap_rank_above_overdue_letters(client, make, login_as):
    """An overdue letter chore sits below a fresh client answer and the gap it opens; the row
    shows both interest figures; marking the answer read keeps the gap until it is read."""
    recruiter = make.make_recruiter(name="Rae Recruiter")
    login_as(recruiter)
    chores = make.make_ended_interview(minutes_ago=30 * 60, recruiter=recruiter)
    read = make.make_debrief(interview=chores, candidate_interest=4)
    Debrief.update(reviewed_at=utcnow()).where(Debrief.id == read.id).execute()
    client_feedback.record(interview=chores, by=recruiter, client_interest=4)
    answered = make.make_ended_interview(minutes_ago=90, recruiter=recruiter)
    make.make_debrief(interview=answered, candidate_interest=5, concerns="The salary")
    link = make.make_share_link(interview=answered, created_by=recruiter)
    _answer(link, answered, decision="pass", interest=3, concerns="Salary too high")

    board = attention.attention(now=utcnow())
    first, second = board.items[0], board.items[1]
    assert first.first.interview_id == answered.id and second.first.interview_id == chores.id
    assert {"client_answer", "gap"} <= {c.kind for c in first.chips}
    gap = next(c for c in first.chips if c.kind == "gap")
    assert "interest: candidate 5, client 3" in gap.detail
    assert "client passes; candidate keen (5 of 5)" in gap.detail
    assert "both name: Salary too high" in gap.detail

    html = client.get("/recruiter/").get_data(as_text=True)
    assert html.index("Client answered") < html.index("Thank-you letters not sent")
    assert "Interest: candidate 5 · client 3" in html
    assert re.search(r'class="chip kind-gap[^"]*"><span class="chip-label">Gap</span>', html)

    client.post(f"/recruiter/board/{answered.id}/client_answer/handled")
    kinds = [c.kind for c in attention.attention(now=utcnow()).items[0].chips]
    assert "client_answer" not in kinds and "gap" in kinds


def test_letters_not_sent_offers_nudge_candidate_which_emails_them(
    mail_app, client, make, smtp, login_as
):
    """The letters chip's action is "Nudge candidate", not "Mark handled": it emails the
    candidate from the recruiter and takes the chore off the board."""
    from portal import tasks

    recruiter = make.make_recruiter(name="Rae Recruiter", email="rae@agency.example")
    login_as(recruiter)
    late = make.make_ended_interview(minutes_ago=30 * 60, recruiter=recruiter)
    html = client.get("/recruiter/").get_data(as_text=True)
    chip = html[html.index('<span class="chip-label">Thank-you letters not sent') :]
    chip = chip[: chip.index("</li>")]
    assert "Nudge candidate" in chip and "Mark handled" not in chip
    response = client.post(f"/recruiter/board/{late.id}/nudge-letters")
    assert response.status_code == 302
    assert "letters" not in [c.kind for c in attention.attention(now=utcnow()).rows]
    tasks.run_delivery(mail_app)
    (message,) = [m for m in smtp.to(late.candidate.email) if "letters" in m["Subject"]]
    assert "asks: your thank-you letters" in message["Subject"]
    assert message["Reply-To"].addresses[0].addr_spec == "rae@agency.example"


def test_the_gap_leads_the_recruiters_update_email(mail_app, client, make, smtp):
    """The client's answer email about a diverging interview starts with the gap."""
    from portal import tasks
    from portal.services.mail import notices

    recruiter = make.make_recruiter(name="Rae Recruiter", email="rae@agency.example")
    interview = make.make_ended_interview(minutes_ago=90, recruiter=recruiter)
    make.make_debrief(interview=interview, candidate_interest=5)
    link = make.make_share_link(interview=interview, created_by=recruiter)
    _answer(link, interview, decision="pass", interest=2, concerns="Too junior")
    notices.client_answered(link=link, interview_id=interview.id)
    tasks.run_delivery(mail_app)
    (message,) = smtp.to("rae@agency.example")
    assert message["Subject"].startswith("Gap: ")
    body = message.get_body(("plain",)).get_content()
    assert "The sides diverge: interest: candidate 5, client 2" in body
    assert body.index("The sides diverge") < body.index("answered through the share link")
