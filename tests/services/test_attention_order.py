"""The board at a busy desk: 40 candidates, 70 open items, one row per interview.

The recruiter's own work first (calls, reading debriefs, the client's side), then the
candidate's chores (debriefs, letters, prep); within each, overdue rows first (the
longest overdue at the top), then the others by when they fall due; a call request is due at the time the candidate asked for; no overdue row is ever
cut off by the row limit.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.models import Debrief, utcnow
from portal.services.board import attention
from tests import factories

MIN = dt.timedelta(minutes=1)
OVERDUE_MINUTES = factories.BUSY_DESK_OVERDUE_MINUTES


@pytest.fixture
def recruiter(make, login_as):
    """A signed-in recruiter."""
    user = make.make_recruiter(name="Rae Recruiter")
    login_as(user)
    return user


def busy_desk(recruiter):
    """40 candidates with 70 open items over 50 interviews; returns {interview id: (due, kinds)}.

    - 10 with a debrief missing for 3+ hours (overdue), and a second interview in 5 hours
      whose prep is not started (due at its start);
    - 10 whose interview ended 26+ hours ago with no letter sent and no word from the
      client (both overdue since the 24-hour mark);
    - 10 who sent a debrief 10 minutes ago asking for a call "in 3 hours" (not overdue:
      the call is due in 2 h 50 min, reading the debrief in 110 min);
    - 10 whose interview starts in 10+ hours with prep not started.
    """
    expected = {}
    for i in range(40):
        group, n = divmod(i, 10)
        candidate = factories.make_candidate(name=f"Cand {'ABCD'[group]}{n}")
        if group == 0:
            late = factories.make_ended_interview(
                minutes_ago=185 + 10 * n, candidate=candidate, recruiter=recruiter
            )
            expected[late.id] = (late.ends_at + OVERDUE_MINUTES * MIN, ["debrief_missing"])
            soon = factories.make_interview(
                starts_in=dt.timedelta(hours=5) + n * MIN, candidate=candidate, recruiter=recruiter
            )
            expected[soon.id] = (soon.starts_at, ["prep"])
        elif group == 1:
            old = factories.make_ended_interview(
                minutes_ago=26 * 60 + 3 * n, candidate=candidate, recruiter=recruiter
            )
            debrief = factories.make_debrief(interview=old)
            Debrief.update(reviewed_at=utcnow()).where(Debrief.id == debrief.id).execute()
            expected[old.id] = (
                old.ends_at + dt.timedelta(hours=24),
                ["client_feedback", "letters"],
            )
        elif group == 2:
            fresh = factories.make_ended_interview(
                minutes_ago=40 + n, candidate=candidate, recruiter=recruiter
            )
            asked = utcnow().replace(microsecond=0) - 10 * MIN + n * dt.timedelta(seconds=5)
            factories.make_debrief(
                interview=fresh, submitted_at=asked, call_me=True, call_times="in 3 hours"
            )
            expected[fresh.id] = (asked + OVERDUE_MINUTES * MIN, ["review", "call_request"])
        else:
            later = factories.make_interview(
                starts_in=dt.timedelta(hours=10) + n * MIN,
                candidate=candidate,
                recruiter=recruiter,
            )
            expected[later.id] = (later.starts_at, ["prep"])
    return expected


def test_forty_candidates_and_seventy_items_are_ranked_recruiters_work_first(make):
    """One row per interview with its items as chips: the recruiter's own work above the
    candidate's chores, each overdue first, longest overdue on top, then by due time; a
    call asked "in 3 hours" is due then, not overdue on arrival."""
    expected = busy_desk(make.make_recruiter(password=None))
    now = utcnow()

    result = attention.attention(now=now, overdue_minutes=OVERDUE_MINUTES)

    assert len(result.rows) == 70
    assert len(result.items) == len(expected) == 50
    assert len({item.first.candidate_id for item in result.items}) == 40
    for item in result.items:
        due, kinds = expected[item.first.interview_id]
        assert [chip.kind for chip in item.chips] == kinds, item.first.candidate_name
        assert item.due_at == due, item.first.candidate_name
    flags = [item.overdue for item in result.items]
    assert flags == [True] * 10 + [False] * 10 + [True] * 10 + [False] * 20
    chores = [item.first.candidates_chore for item in result.items]
    assert chores == [False] * 20 + [True] * 30
    for part in (result.items[:10], result.items[10:20], result.items[20:30], result.items[30:]):
        assert [i.due_at for i in part] == sorted(i.due_at for i in part)
    assert result.items[0].first.candidate_name == "Cand B9"  # client due 2 h 27 min ago
    assert result.items[20].first.candidate_name == "Cand A9"  # ended 4 h 35 min ago
    assert result.items[-1].first.candidate_name == "Cand D9"  # starts in 10 h 9 min
    calls = [chip for chip in result.rows if chip.kind == "call_request"]
    assert len(calls) == 10 and not any(chip.overdue for chip in calls)
    for chip in calls:
        assert dt.timedelta(hours=2, minutes=45) < chip.due_at - now < dt.timedelta(hours=3)


def test_the_board_page_never_cuts_off_an_overdue_row(client, make, recruiter, monkeypatch):
    """With room for 5 rows, every row down to the last overdue one shows (30), in board
    order, one per interview."""
    from portal.recruiter import views

    monkeypatch.setattr(views, "SHOWN_ROWS", 5)
    factories.make_busy_desk(recruiter)
    order = [item.first.candidate_name for item in attention.attention(now=utcnow()).items]

    html = client.get("/recruiter/").get_data(as_text=True)

    rows = re.findall(r'<tr class="board-item( is-overdue)?">.*?>(Cand \w+)</a>', html, re.S)
    assert [name for _, name in rows] == order[:30]
    assert [bool(flag) for flag, _ in rows] == [True] * 10 + [False] * 10 + [True] * 10
    assert "20 more below the first 30" in html
    assert html.count('class="chip ') == 50  # the 30 rows' chips: 20 double, 10 single
