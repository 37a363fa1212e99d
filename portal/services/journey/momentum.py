"""The momentum clock of an interview: how long each follow-up took after it ended.

From the end of the interview to the candidate's first debrief, to each thank-you
letter sent, and to the client's feedback. A step not yet done is "waiting" until
its mark passes (the debrief: the configured overdue minutes; letters and client
feedback: 24 hours), then "late". Pure functions over times: no queries here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.services import clock
from portal.services.letters import drafting
from portal.services.vocabulary import N_
from portal.services.vocabulary import Phrase

# The one 24-hour follow-up rule: letters sent, the client called back.
FOLLOW_UP_WITHIN = drafting.SEND_WITHIN


@dataclass(frozen=True)
class Step:
    """One follow-up on the clock.

    `state` is "done" (in time), "done_late", "waiting" (not yet due), "late"
    (due and not done) or "not_yet" (the interview has not ended).
    """

    label: str  # label and text: Phrases, worded where they are shown
    state: str
    done_at: dt.datetime | None
    text: str

    @property
    def is_problem(self) -> bool:
        return self.state in ("late", "done_late")


@dataclass(frozen=True)
class Clock:
    """Every step of one interview, and how long ago it ended."""

    ended: bool
    since_end: str
    steps: list[Step]


def _step(
    *,
    label: str,
    ends_at: dt.datetime,
    done_at: dt.datetime | None,
    due: dt.timedelta,
    now: dt.datetime,
) -> Step:
    if done_at is not None:
        took = done_at - ends_at
        if took.total_seconds() < 0:
            return Step(label, "done", done_at, Phrase(N_("before the interview ended")))
        state = "done_late" if took > due else "done"
        took_words = clock.duration(took.total_seconds())
        return Step(label, state, done_at, Phrase(N_("%(span)s after the end"), span=took_words))
    if now < ends_at:
        return Step(label, "not_yet", None, Phrase(N_("after the interview")))
    waited = clock.duration((now - ends_at).total_seconds())
    if now - ends_at > due:
        return Step(label, "late", None, Phrase(N_("not yet, %(span)s since the end"), span=waited))
    within = clock.duration(due.total_seconds())
    return Step(label, "waiting", None, Phrase(N_("not yet, due within %(span)s"), span=within))


def interview_clock(
    *,
    ends_at: dt.datetime,
    now: dt.datetime,
    overdue_minutes: int,
    debrief_at: dt.datetime | None,
    letters: list[tuple[str, dt.datetime | None]],
    feedback_at: dt.datetime | None,
) -> Clock:
    """The clock of one interview.

    `debrief_at` is the debrief's first submission, `letters` is (interviewer name,
    sent_at or None) per person on the panel, `feedback_at` the client feedback's
    recording time. All naive UTC.
    """
    # Each step: (label, when it was done or None, how long after the end it is due).
    follow_ups = [
        (Phrase(N_("Candidate's debrief")), debrief_at, dt.timedelta(minutes=overdue_minutes)),
        *(
            (Phrase(N_("Letter to %(name)s"), name=name), sent_at, FOLLOW_UP_WITHIN)
            for name, sent_at in letters
        ),
        (Phrase(N_("Client feedback")), feedback_at, FOLLOW_UP_WITHIN),
    ]
    steps = [
        _step(label=label, ends_at=ends_at, done_at=done_at, due=due, now=now)
        for label, done_at, due in follow_ups
    ]
    ended = now >= ends_at
    since = clock.duration((now - ends_at).total_seconds()) if ended else ""
    return Clock(ended=ended, since_end=since, steps=steps)


def hours_after(ends_at: dt.datetime, done_at: dt.datetime | None) -> str:
    """Hours from the end to `done_at`, one decimal ("" when not done): for exports."""
    if done_at is None:
        return ""
    return f"{(done_at - ends_at).total_seconds() / 3600:.1f}"
