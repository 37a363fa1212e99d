"""The board's rows drawn in Python (portal.recruiter.board_lines): every value escaped."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.recruiter import board_lines
from portal.services.board import attention

HOSTILE = '"><script>alert(1)</script>'
NOW = dt.datetime(2030, 1, 2, 12, 0)


def _item(kind: str, *, phone: str = HOSTILE) -> attention.Item:
    """One item whose every text a person typed (names, phone, title, client, detail) is
    hostile."""
    interview = attention.Found(
        41,
        NOW - dt.timedelta(days=1),
        NOW - dt.timedelta(hours=23),
        "Europe/London",
        7,
        HOSTILE,
        phone,
        HOSTILE,
        HOSTILE,
        4,
        None,
    )
    chip = attention.Row(kind, NOW - dt.timedelta(hours=3), True, HOSTILE, interview)
    return attention.Item(chips=(chip,))


@pytest.mark.parametrize(
    ("kind", "phone"),
    [("letters", HOSTILE), ("review", HOSTILE), ("debrief_missing", HOSTILE), ("prep", "")],
)
def test_hostile_values_come_out_escaped(app, kind, phone):
    """A name, a number, a title or a detail never closes a tag and opens a script, whatever
    the row's button (its kind's action, a call, or opening the interview)."""
    with app.test_request_context():
        html = str(
            board_lines.rows([_item(kind, phone=phone)], zone="Europe/London", mine=True, kind=kind)
        )
    assert "<script>" not in html
    assert html.count("&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;") >= 5
    assert '<input type="hidden" name="mine" value="1">' in html
    assert html.startswith('<tr class="board-item is-overdue">') and html.endswith("</tr>\n")
