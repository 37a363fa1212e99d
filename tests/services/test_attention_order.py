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

from portal.models import utcnow
from portal.services.board import attention
from tests import factories

OVERDUE_MINUTES = factories.BUSY_DESK_OVERDUE_MINUTES


@pytest.fixture
def recruiter(make, login_as):
    """A signed-in recruiter."""
    user = make.make_recruiter(name="Rae Recruiter")
    login_as(user)
    return user


def test_forty_candidates_and_seventy_items_are_ranked_recruiters_work_first(make):
    """One row per interview with its items as chips: the recruiter's own work above the
    candidate's chores, each overdue first, longest overdue on top, then by due time; a
    call asked "in 3 hours" is due then, not overdue on arrival."""
    expected = factories.make_busy_desk(make.make_recruiter(password=None))
    now = utcnow()

    result = attention.attention(now=now, overdue_minutes=OVERDUE_MINUTES)

    assert len(result.rows) == 70
    assert len(result.items) == len(expected) == 50
    assert len({item.interview.candidate_id for item in result.items}) == 40
    for item in result.items:
        due, kinds = expected[item.first.interview_id]
        assert [chip.kind for chip in item.chips] == kinds, item.interview.candidate_name
        assert item.due_at == due, item.interview.candidate_name
    flags = [item.overdue for item in result.items]
    assert flags == [True] * 10 + [False] * 10 + [True] * 10 + [False] * 20
    chores = [item.first.candidates_chore for item in result.items]
    assert chores == [False] * 20 + [True] * 30
    for part in (result.items[:10], result.items[10:20], result.items[20:30], result.items[30:]):
        assert [i.due_at for i in part] == sorted(i.due_at for i in part)
    assert result.items[0].interview.candidate_name == "Cand B9"  # client due 2 h 27 min ago
    assert result.items[20].interview.candidate_name == "Cand A9"  # ended 4 h 35 min ago
    assert result.items[-1].interview.candidate_name == "Cand D9"  # starts in 10 h 9 min
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
    order = [item.interview.candidate_name for item in attention.attention(now=utcnow()).items]

    html = client.get("/recruiter/").get_data(as_text=True)

    rows = re.findall(r'<tr class="board-item( is-overdue)?">.*?>(Cand \w+)</a>', html, re.S)
    assert [name for _, name in rows] == order[:30]
    assert [bool(flag) for flag, _ in rows] == [True] * 10 + [False] * 10 + [True] * 10
    assert "20 more below the first 30" in html
    assert html.count('class="chip ') == 50  # the 30 rows' chips: 20 double, 10 single
