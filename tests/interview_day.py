"""One interview day, rehearsed on a frozen clock: Noor Haddad in Los Angeles, her
recruiter Rae in London (09:00–18:00, Monday to Friday), against a real SMTP server.

`run_day` plays it through the real services and the real scheduled work (reminders,
digests, delivery), every `STEP` of the clock from the booking to the day after, and
returns each email as it arrived: when (from its Date header), to whom, in their zone.
`tests/test_interview_day.py` asserts the hours; `tests/print_day.py` prints them.

The week of Monday 7 June 2027 (Los Angeles UTC-7, London UTC+1):

- Fri 4 Jun 09:00 LA   Rae books the interview (Tue 08:00–09:00 LA, 16:00–17:00 London)
- Tue 09:30 LA         Noor sends her debrief, booking a call at Rae's first free time
                       that is not in her night: Wed 16:00 London, 08:00 LA
- Tue 17:45 London     Rae moves the call half an hour later
- Tue 21:30 London     the client opens the packet; 23:00 London they answer
- Wed 09:00 London     Rae's morning digest; she books round two for next week, at
                       01:00 in Los Angeles: Noor's email waits for her 08:00
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from flask import Flask

from portal import tasks
from portal.db import connected
from portal.models import CallBooking
from portal.models import User
from portal.models import frozen_at
from portal.services import clock
from portal.services.journey import calls
from portal.services.journey import debrief_versions
from portal.services.journey.interviews import PanelEntry
from portal.services.mail import notices
from portal.services.sharing import client_answers
from tests import factories
from tests import support

PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"
STEP = dt.timedelta(minutes=15)
BOOKED = dt.datetime(2027, 6, 4, 16, 0)  # Friday 09:00 LA, 17:00 London
START = dt.datetime(2027, 6, 8, 15, 0)  # Tuesday 08:00 LA, 16:00 London
END = START + dt.timedelta(hours=1)
SENT = END + dt.timedelta(minutes=30)  # 09:30 LA, 17:30 London
MOVED = dt.datetime(2027, 6, 8, 16, 45)  # 17:45 London
OPENED = dt.datetime(2027, 6, 8, 20, 30)  # 21:30 London, 13:30 LA
ANSWERED = dt.datetime(2027, 6, 8, 22, 0)  # 23:00 London, 15:00 LA
BOOKED_AGAIN = dt.datetime(2027, 6, 9, 8, 0)  # Wednesday 09:00 London, 01:00 LA
ROUND_TWO = dt.datetime(2027, 6, 15, 15, 0)  # next Tuesday 08:00 LA, 16:00 London
UNTIL = dt.datetime(2027, 6, 9, 18, 0)  # Wednesday 19:00 London


@dataclass(frozen=True)
class Arrival:
    """One email as its recipient got it."""

    at: dt.datetime  # naive UTC, from the Date header
    to: str  # the recipient's name
    zone: str
    subject: str
    kind: str  # from the Message-ID (the outbox key)
    text: str  # the plain-text part

    @property
    def local(self) -> dt.datetime:
        return clock.to_local(self.at, self.zone)

    def line(self) -> str:
        """ "Tue 09:20 Los Angeles time  Noor Haddad  Booked: your call …" """
        when = f"{self.local:%a %d %b %H:%M} {clock.zone_label(self.zone)}"
        return f"{when:<34} {self.to:<14} {self.subject}"


def _people():
    rae = factories.make_recruiter(
        name="Rae Recruiter",
        email="rae@agency.example",
        phone="+44 20 7946 0001",
        time_zone="Europe/London",
        **factories.OFFICE_HOURS,
    )
    noor = factories.make_candidate(
        name="Noor Haddad",
        email="noor@example.com",
        phone="+1 213 555 0100",
        time_zone="America/Los_Angeles",
    )
    return rae, noor


def run_day(app: Flask, smtp) -> list[Arrival]:
    """Play the day through; every email the SMTP server received, oldest first."""
    with connected():
        rae, noor = _people()
        zones = {rae.email: (rae.name, rae.time_zone), noor.email: (noor.name, noor.time_zone)}
    events = _events(app, rae, noor)
    moment = BOOKED
    with frozen_at(moment) as move_to:
        while moment <= UNTIL:
            move_to(moment)
            for at, event in events:
                if at == moment:
                    with app.app_context(), connected():
                        event()
            tasks.run_reminders(app, now=moment)
            tasks.run_digests(app, now=moment)
            tasks.run_delivery(app, now=moment)
            moment += STEP
    arrivals = []
    for message in smtp.messages():
        name, zone = next(v for k, v in zones.items() if k in str(message["To"]))
        kind = message["Message-ID"].strip("<").split("/")[0]
        at = parsedate_to_datetime(message["Date"]).astimezone(dt.UTC).replace(tzinfo=None)
        text = message.get_body(preferencelist=("plain",)).get_content()
        arrivals.append(Arrival(at, name, zone, str(message["Subject"]).strip(), kind, text))
    return arrivals


def _events(app: Flask, rae: User, noor: User):
    """(moment, what happens) through the day, each run on the frozen clock."""
    state: dict = {}

    def book_interview():
        state["interview"] = factories.make_interview(
            candidate=noor,
            recruiter=rae,
            position=factories.make_position(
                client=factories.make_client(name="Halcyon Health"), title="Data Engineer"
            ),
            starts_at=START,
            ends_at=END,
            people=[PanelEntry("Priya Shah", "Head of Data", "decision_maker")],
        )

    def book_round_two():
        factories.make_interview(
            candidate=noor,
            recruiter=rae,
            position=state["interview"].position,
            starts_in=ROUND_TWO - BOOKED_AGAIN,
            round=2,
            people=[PanelEntry("Sam Lee", "CTO", "decision_maker")],
        )

    def send_debrief():
        interview = state["interview"]
        first = support.offered_slots(interview=interview)[0]
        debrief_versions.submit(
            interview=interview,
            candidate=noor,
            answers={
                "candidate_interest": 5,
                "employer_interest": 4,
                "enough_exchanged": "yes",
                "call_me": True,
                "call_at": first.starts_at,
                "call_times": "I drive to work until 07:45",
            },
            people=[],
            idempotency_key=secrets.token_hex(16),
        )

    def move_call():
        booking = CallBooking.get(CallBooking.interview == state["interview"].id)
        later = booking.starts_at + dt.timedelta(minutes=30)
        calls.move(booking_id=booking.id, starts_at=later, by=rae)

    def share_and_open():
        link = factories.make_share_link(
            interview=state["interview"], created_by=rae, recipient_name="Harper Manager"
        )
        state["link"] = link
        notices.share_first_opened(link_id=link.id)

    def client_answers_the_link():
        link = state["link"]
        client_answers.give(
            raw=link.raw_token,
            token=client_answers.form_token(link_id=link.id, secret=app.secret_key),
            secret=app.secret_key,
            values={"decision": "advance", "interest": "4", "next_step": "Meet the CTO"},
            address="203.0.113.9",
        )

    return [
        (BOOKED, book_interview),
        (SENT, send_debrief),
        (MOVED, move_call),
        (OPENED, share_and_open),
        (ANSWERED, client_answers_the_link),
        (BOOKED_AGAIN, book_round_two),
    ]
