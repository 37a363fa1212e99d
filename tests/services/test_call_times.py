"""A candidate's "call me" words read as the moment the call falls due, in their own zone."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.services.journey import call_times

# Tuesday 1 December 2026, 14:00 in London (UTC in winter).
ASKED = dt.datetime(2026, 12, 1, 14, 0)


def due(text: str, *, asked=ASKED, zone="Europe/London") -> dt.datetime:
    return call_times.due_at(text, asked_at=asked, time_zone=zone)


@pytest.mark.parametrize("text", ["", "now", "ASAP please", "any time", "whenever", "??"])
def test_no_time_or_now_means_due_when_asked(text):
    """Nothing said, "now", or words not understood: due the moment the candidate asked."""
    assert due(text) == ASKED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("after 5pm", dt.datetime(2026, 12, 1, 17, 0)),
        ("after 5", dt.datetime(2026, 12, 1, 17, 0)),
        ("from 4.30", dt.datetime(2026, 12, 1, 16, 30)),
        ("17:15 is best", dt.datetime(2026, 12, 1, 17, 15)),
        ("this evening", dt.datetime(2026, 12, 1, 17, 0)),
        ("in 2 hours", dt.datetime(2026, 12, 1, 16, 0)),
        ("in an hour", dt.datetime(2026, 12, 1, 15, 0)),
        ("in 20 min", dt.datetime(2026, 12, 1, 14, 20)),
        ("tomorrow morning", dt.datetime(2026, 12, 2, 9, 0)),
        ("tomorrow 10am", dt.datetime(2026, 12, 2, 10, 0)),
        ("Thursday at lunch", dt.datetime(2026, 12, 3, 12, 0)),
        ("friday", dt.datetime(2026, 12, 4, 9, 0)),
    ],
)
def test_a_named_time_is_due_then(text, expected):
    """A time later today, a span from now, or a named day falls due at that moment."""
    assert due(text) == expected


def test_a_window_already_open_is_due_at_once_but_a_past_morning_means_tomorrow():
    """ "After 11am" asked at 14:00 is due now; "morning" asked at 14:00 is tomorrow at 9."""
    assert due("after 11am") == ASKED
    assert due("10") == ASKED
    assert due("morning") == dt.datetime(2026, 12, 2, 9, 0)


def test_the_words_are_read_in_the_candidates_zone():
    """ "After 5pm" from a candidate in New York is 17:00 there, 22:00 UTC."""
    assert due("after 5pm", zone="America/New_York") == dt.datetime(2026, 12, 1, 22, 0)
