"""A whole interview day, Los Angeles and London, on a frozen clock against a real SMTP
server: each message arrives at the right hour in its recipient's zone, and nothing that
can wait arrives in anyone's night (see tests/interview_day.py for the day)."""

from __future__ import annotations

from portal.services.mail import notices
from tests.interview_day import run_day


def test_a_candidate_in_los_angeles_and_a_recruiter_in_london_through_an_interview_day(
    mail_app, smtp
):
    """Every email, in order, at its local hour for the person who gets it."""
    arrivals = run_day(mail_app, smtp)
    got = [(a.to, a.kind, f"{a.local:%a %H:%M}") for a in arrivals]
    assert got == [
        # Friday: the booking, at once (09:00 in LA, 17:00 in London when Rae booked it).
        ("Noor Haddad", "interview-scheduled", "Fri 09:00"),
        # Monday 08:00 LA: 24 h before, and not in Noor's night.
        ("Noor Haddad", "prep-reminder", "Mon 08:00"),
        # Tuesday: the interview ends 09:00 LA (17:00 London).
        ("Noor Haddad", "debrief-now", "Tue 09:00"),
        # Noor sends at 09:30 LA = 17:30 London: inside Rae's hours, all at once; too
        # late for a call today, so she books Rae's first time in her morning.
        ("Noor Haddad", "call-booked", "Tue 09:30"),
        ("Rae Recruiter", "call-request", "Tue 17:30"),
        ("Rae Recruiter", "debrief-sent", "Tue 17:30"),
        # Rae moves the call at 17:45 London: both told, each in their own zone.
        ("Noor Haddad", "call-moved", "Tue 09:45"),
        ("Rae Recruiter", "call-moved", "Tue 17:45"),
        # The client opened (21:30) and answered (23:00 London): held for the morning.
        ("Rae Recruiter", "digest", "Wed 09:00"),
        # Round two, booked at 09:00 London = 01:00 LA for next week: it waits for 08:00 LA.
        ("Noor Haddad", "interview-scheduled", "Wed 08:00"),
        # Letters due 20 h after the end = 05:00 LA: they wait for 08:00 there.
        ("Noor Haddad", "letters-due", "Wed 08:00"),
    ]
    subjects = {(a.to, a.kind): a.subject for a in arrivals}
    assert subjects[("Noor Haddad", "call-booked")] == (
        "Booked: your call with Rae, Wed 9 Jun 08:00"
    )
    assert subjects[("Noor Haddad", "call-moved")] == (
        "Moved: your call with Rae, now Wed 9 Jun 08:30"
    )
    assert subjects[("Rae Recruiter", "call-moved")] == (
        "Moved: your call with Noor, now Wed 9 Jun 16:30"
    )
    assert subjects[("Rae Recruiter", "digest")] == "Your morning digest · 2 updates"
    for arrival in arrivals:
        hour = arrival.local.hour
        assert notices.QUIET_UNTIL <= hour < notices.QUIET_FROM, arrival.line()
