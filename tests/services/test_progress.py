"""The candidate's journey: each interview's state in words, and what leads the home page."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.models import ChecklistItem
from portal.models import Debrief
from portal.models import Interview
from portal.models import ThankYouLetter
from portal.models import utcnow
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.journey import progress

OVERDUE = dt.timedelta(minutes=120)


def _home(candidate, now=None):
    return progress.home(candidate=candidate, overdue_after=OVERDUE, now=now)


def test_each_interview_gets_its_phase(make):
    """Upcoming, under way, debrief due, overdue, debriefed and cancelled, by the clock."""
    candidate = make.make_candidate(time_zone="UTC")
    now = utcnow()
    coming = make.make_interview(candidate=candidate, starts_in=dt.timedelta(days=3))
    running = make.make_interview(candidate=candidate, starts_in=dt.timedelta(minutes=-10))
    due = make.make_interview(candidate=candidate, starts_in=dt.timedelta(minutes=-100))
    late = make.make_interview(candidate=candidate, starts_in=dt.timedelta(hours=-5))
    done = make.make_interview(candidate=candidate, starts_in=dt.timedelta(hours=-8))
    Debrief.create(interview=done, candidate=candidate, status="submitted", submitted_at=now)
    gone = make.make_interview(candidate=candidate, starts_in=dt.timedelta(days=1))
    Interview.update(status="cancelled").where(Interview.id == gone.id).execute()

    page = _home(candidate, now=now)
    phases = {s.interview.id: s.phase for s in page.lead + page.upcoming + page.past}
    assert phases == {
        coming.id: "upcoming",
        running.id: "now",
        due.id: "debrief_due",
        late.id: "debrief_overdue",
        done.id: "debriefed",
        gone.id: "cancelled",
    }
    # Ended without a debrief leads, most recent first; upcoming is soonest first.
    assert [s.interview.id for s in page.lead] == [due.id, late.id]
    assert [s.interview.id for s in page.upcoming] == [running.id, coming.id]


def test_today_is_the_candidates_today(make):
    """An interview later today in the candidate's zone reads 'today', not 'upcoming'."""
    candidate = make.make_candidate(time_zone="Pacific/Auckland")
    now = dt.datetime(2030, 1, 10, 1, 0)  # 14:00 in Auckland (UTC+13)
    interview = make.make_interview(candidate=candidate)
    Interview.update(
        starts_at=now + dt.timedelta(hours=5), ends_at=now + dt.timedelta(hours=6)
    ).where(Interview.id == interview.id).execute()
    (step,) = _home(candidate, now=now).upcoming
    assert step.phase == "today"
    Interview.update(
        starts_at=now + dt.timedelta(hours=12), ends_at=now + dt.timedelta(hours=13)
    ).where(Interview.id == interview.id).execute()
    (step,) = _home(candidate, now=now).upcoming
    assert step.phase == "upcoming"  # 03:00 tomorrow in Auckland


def test_steps_count_prep_and_letters(make):
    """Prep done of total, letters sent of total, and the 24-hour letter mark."""
    candidate = make.make_candidate()
    interview = make.make_interview(candidate=candidate, starts_in=dt.timedelta(hours=-3))
    items = list(ChecklistItem.select().where(ChecklistItem.interview == interview).limit(3))
    for item in items:
        item.done_at = utcnow()
        item.save()
    dana, pat = list(interview.interviewers)
    ThankYouLetter.create(interview=interview, interviewer=dana, status="sent", sent_at=utcnow())
    ThankYouLetter.create(interview=interview, interviewer=pat)
    (step,) = _home(candidate).lead
    total = ChecklistItem.select().where(ChecklistItem.interview == interview).count()
    assert (step.prep_done, step.prep_total) == (3, total)
    assert (step.letters_sent, step.letters_total) == (1, 2)
    assert step.letters_due == interview.ends_at + dt.timedelta(hours=24)


def test_another_candidates_interview_is_not_found(make):
    """interview_for scopes to the candidate: someone else's id is NotFound."""
    mine = make.make_interview()
    theirs = make.make_interview()
    assert (
        progress.interview_for(candidate_id=mine.candidate_id, interview_id=mine.id).id == mine.id
    )
    with pytest.raises(NotFound):
        progress.interview_for(candidate_id=mine.candidate_id, interview_id=theirs.id)


def test_settings_take_a_known_zone_and_a_tidy_phone(make):
    """A real zone and a phone with its spaces tidied are kept; an unknown zone is refused."""
    user = make.make_candidate()
    progress.update_settings(user=user, time_zone="America/New_York", phone=" +1  212 555 0100 ")
    assert (user.time_zone, user.phone) == ("America/New_York", "+1 212 555 0100")
    with pytest.raises(ServiceError) as caught:
        progress.update_settings(user=user, time_zone="Mars/Olympus", phone="")
    assert caught.value.field == "time_zone"


def test_relative_and_duration_read_the_way_people_say_them():
    """47 hours ahead reads 'in 2 days'; a whole day reads '1 day', not '1 day 0 h'."""
    import datetime as dt

    from portal.services import clock

    now = dt.datetime(2026, 11, 26, 12, 0)
    assert clock.relative(now + dt.timedelta(hours=47), now=now) == "in 2 days"
    assert clock.relative(now + dt.timedelta(hours=23, minutes=5), now=now) == "in 23 hours"
    assert clock.relative(now - dt.timedelta(minutes=40), now=now) == "40 min ago"
    assert clock.duration(86400) == "1 day"
    assert clock.duration(86400 + 3 * 3600) == "1 day 3 h"


def test_default_checklist_ends_with_recruiter_call():
    """Each format's default checklist has 12-16 short items and ends by calling the recruiter."""
    from portal.services.journey import default_checklist

    sections = default_checklist.DEFAULT_SECTIONS
    entries = [item for _, section_items in sections for item in section_items]
    items = [item if isinstance(item, str) else item[0] for item in entries]
    for fmt in ("onsite", "video", "phone"):
        fitting = [e for e in entries if isinstance(e, str) or fmt in e[1].split(",")]
        assert 12 <= len(fitting) <= 16, fmt
    assert all(len(item) <= 90 for item in items)
    assert [name for name, _ in sections] == [
        "Research",
        "The role",
        "Questions to ask",
        "Logistics",
        "What to bring",
        "After the interview",
    ]
    assert "recruiter" in items[-1].lower() and "call" in items[-1].lower()
    assert default_checklist.DEFAULT_TEMPLATE_NAME == "Standard interview prep"
