"""The candidate's one-line states (portal.candidate.step_lines): the words for each place an
interview can stand, its letters, in the reader's language; a phone number a phone dials."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from flask_babel import force_locale

from portal.candidate import step_lines
from portal.models import frozen_at

NOW = dt.datetime(2026, 12, 7, 12, 0)


def _step(phase: str, starts_in: dt.timedelta, **more) -> SimpleNamespace:
    starts = NOW + starts_in
    interview = SimpleNamespace(starts_at=starts, ends_at=starts + dt.timedelta(hours=1))
    fields = {
        "interview": interview,
        "phase": phase,
        "needs_debrief": phase in ("debrief_due", "debrief_overdue"),
        "debrief_sent_at": None,
        "letters_total": 0,
        "letters_sent": 0,
        "letters_due": interview.ends_at + dt.timedelta(hours=24),
    }
    return SimpleNamespace(**{**fields, **more})


def test_each_place_an_interview_stands_in_words(app):
    """Coming, today, under way, debrief due or overdue, sent, cancelled: each its words,
    the time tagged for machines, in English and in Spanish."""
    with app.test_request_context(), frozen_at(NOW):
        said = {
            phase: str(step_lines.step_state(_step(phase, starts_in)))
            for phase, starts_in in [
                ("upcoming", dt.timedelta(days=3)),
                ("today", dt.timedelta(hours=2)),
                ("now", dt.timedelta(minutes=-30)),
                ("debrief_due", dt.timedelta(hours=-2)),
                ("debrief_overdue", dt.timedelta(days=-2)),
                ("cancelled", dt.timedelta(days=1)),
            ]
        }
        sent = _step(
            "debriefed", dt.timedelta(days=-1), debrief_sent_at=NOW - dt.timedelta(hours=3)
        )
        said["debriefed"] = str(step_lines.step_state(sent))
        with force_locale("es"):
            spanish = str(step_lines.step_state(_step("debrief_due", dt.timedelta(hours=-2))))
    assert said["upcoming"].startswith("Interview in 3 days · <time datetime=")
    assert said["today"].startswith("<strong>Interview <time") and "today 14:00" in said["today"]
    assert said["now"] == "<strong>Interview under way</strong> · ends 12:30"
    assert (
        '<span class="tag tag-warn">Debrief due</span> the interview ended' in said["debrief_due"]
    )
    assert '<span class="tag tag-bad">Debrief overdue</span>' in said["debrief_overdue"]
    assert said["debriefed"] == '<span class="tag tag-ok">Debrief sent</span> 3 hours ago'
    assert said["cancelled"] == '<span class="tag tag-bad">Cancelled</span>'
    assert "Debrief" not in spanish and "<time datetime=" in spanish


def test_letters_say_how_many_are_sent_and_by_when(app):
    """None drafted, some sent before the mark, some after it, all sent."""
    ended = dt.timedelta(hours=-3)
    with app.test_request_context(), frozen_at(NOW):
        none = str(step_lines.letters_state(_step("debriefed", ended), NOW))
        some = str(
            step_lines.letters_state(
                _step("debriefed", ended, letters_total=3, letters_sent=1), NOW
            )
        )
        late = _step("debriefed", dt.timedelta(days=-3), letters_total=3, letters_sent=1)
        past = str(step_lines.letters_state(late, NOW))
        done = _step("debriefed", ended, letters_total=2, letters_sent=2)
        all_sent = str(step_lines.letters_state(done, NOW))
    assert none.startswith("Letters not drafted yet · send by tomorrow")
    assert some.startswith("Letters 1 of 3 sent · send by tomorrow") and "(in 22 hours)" in some
    assert past == "Letters 1 of 3 sent · past the 24-hour mark, send today anyway"
    assert all_sent == "Letters 2 of 2 sent"


def test_a_phone_number_becomes_a_link_a_phone_dials():
    assert step_lines.tel_link("+44 (0) 7700-900.001") == "tel:+4407700900001"
