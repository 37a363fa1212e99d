"""The candidate's journey: for each interview, where it stands and what to do now.

`home` answers the candidate's first question on opening the portal. Each
interview gets a state in words (prep progress, when it is, whether the debrief
is due, overdue or sent, how many letters are sent and how long is left), and
an interview that has ended without a debrief leads the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from typing import NamedTuple

from peewee import JOIN
from peewee import Value
from peewee import fn

from portal.db import Prepared
from portal.db import database
from portal.db import param
from portal.models import ChecklistItem
from portal.models import Client
from portal.models import Debrief
from portal.models import Interview
from portal.models import Interviewer
from portal.models import Position
from portal.models import ThankYouLetter
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import working_hours
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.journey.interviews import panel_of
from portal.services.letters.drafting import SEND_WITHIN
from portal.services.letters.drafting import role_rank

PHASES = ("upcoming", "today", "now", "debrief_due", "debrief_overdue", "debriefed", "cancelled")


@dataclass(frozen=True)
class Step:
    """Where one interview stands for the candidate."""

    interview: Interview
    phase: str
    prep_done: int
    prep_total: int
    debrief_status: str  # "" (none), "draft" or "submitted"
    debrief_sent_at: dt.datetime | None
    letters_sent: int
    letters_total: int
    letters_due: dt.datetime  # 24 hours after the interview ended

    @property
    def ended(self) -> bool:
        return self.phase in ("debrief_due", "debrief_overdue", "debriefed")

    @property
    def needs_debrief(self) -> bool:
        return self.phase in ("debrief_due", "debrief_overdue")


@dataclass(frozen=True)
class Home:
    """The candidate's home: what leads, letters still to send, what is coming, what is past."""

    lead: list[Step]
    upcoming: list[Step]
    past: list[Step]
    letters: tuple[Step, ...] | list[Step] = ()


def _recruiter_alias():
    return User.alias("recruiter")


# What the home page shows of each interview: when, whether it was cancelled, for whom.
# Every column peewee reads becomes an attribute set on a model, so a list reads no more.
HOME_COLUMNS = (Interview.id, Interview.starts_at, Interview.ends_at, Interview.status)


def interviews_query(*, candidate_id: int | Value, columns=(Interview,)):
    """The candidate's interviews with position, client and recruiter joined (one query);
    `candidate_id` may be a `param` placeholder (portal.db.Prepared).

    Of the joined rows, only what candidate pages show: the position's title, the
    client's name, and the recruiter's name and ways to reach them. The interview's
    own row is whole unless `columns` names fewer (the home page's list): its calendar
    file and the services an interview's own page calls use most of it.
    """
    recruiter = _recruiter_alias()
    return (
        Interview.select(
            *columns,
            Position.id,
            Position.title,
            Position.client,
            Client.id,
            Client.name,
            recruiter.id,
            recruiter.name,
            recruiter.phone,
            recruiter.email,
            # Its working hours: the debrief offers the recruiter's free times.
            recruiter.time_zone,
            recruiter.work_starts,
            recruiter.work_ends,
            recruiter.work_days,
        )
        .join(Position)
        .join(Client)
        .switch(Interview)
        .join(recruiter, on=(Interview.recruiter == recruiter.id))
        .where(Interview.candidate == candidate_id)
    )


# Most candidate pages start with this one: prepared (portal.db.Prepared).
_interview_for = Prepared(
    lambda: (
        interviews_query(candidate_id=param("candidate_id"))
        .where(Interview.id == param("interview_id"))
        .limit(1)
    )
)


def interview_for(*, candidate_id: int, interview_id: int) -> Interview:
    """One of the candidate's interviews (position, client, recruiter loaded); NotFound else."""
    found = _interview_for.first(candidate_id=candidate_id, interview_id=interview_id)
    if found is None:
        raise NotFound("That interview does not exist.")
    return found


def _heading_query(*columns, recruiter_columns: tuple[str, ...] = ()):
    """One of the candidate's interviews as a page heads it, as one named tuple: the
    interview's `columns`, its position's title, client's name and recruiter's name (and
    `recruiter_columns`, each as `recruiter_<column>`). As models, the interview,
    position, client and recruiter would be four objects and a converted value for each
    of their thirty-odd columns, on every opening of the page."""
    recruiter = _recruiter_alias()
    return (
        Interview.select(
            *columns,
            Position.title.alias("position_title"),
            Client.name.alias("client_name"),
            recruiter.name.alias("recruiter_name"),
            *(getattr(recruiter, name).alias(f"recruiter_{name}") for name in recruiter_columns),
        )
        .join(Position)
        .join(Client)
        .switch(Interview)
        .join(recruiter, on=(Interview.recruiter == recruiter.id))
        .where(
            (Interview.candidate == param("candidate_id")) & (Interview.id == param("interview_id"))
        )
        .limit(1)
        .namedtuples()
    )


_prep_heading = Prepared(
    lambda: _heading_query(
        Interview.id,
        Interview.format,
        Interview.location,
        Interview.starts_at,
        Interview.recruiter_note,
    )
)
_letters_heading = Prepared(
    lambda: _heading_query(Interview.id, Interview.ends_at, Interview.position.alias("position_id"))
)


_debrief_heading = Prepared(
    lambda: _heading_query(
        Interview.id,
        recruiter_columns=("id", "time_zone", "work_starts", "work_ends", "work_days"),
    )
)


class DebriefHeading(NamedTuple):
    """What the debrief page shows and needs of one of the candidate's interviews: its
    heading, and whose free times it offers for the call."""

    id: int
    position_title: str
    client_name: str
    recruiter_id: int
    recruiter_name: str
    recruiter_hours: working_hours.Hours


def _heading(prepared: Prepared, candidate_id: int, interview_id: int) -> Any:
    found = prepared.first(candidate_id=candidate_id, interview_id=interview_id)
    if found is None:
        raise NotFound("That interview does not exist.")
    return found


def prep_heading_for(*, candidate_id: int, interview_id: int) -> Any:
    """What the prep page says of one of the candidate's interviews (id, format, location,
    starts_at, recruiter_note, position_title, client_name, recruiter_name); NotFound else."""
    return _heading(_prep_heading, candidate_id, interview_id)


def letters_heading_for(*, candidate_id: int, interview_id: int) -> Any:
    """What the letters page reads of one of the candidate's interviews (id, ends_at,
    position_id, position_title, client_name, recruiter_name); NotFound else."""
    return _heading(_letters_heading, candidate_id, interview_id)


def debrief_heading_for(*, candidate_id: int, interview_id: int) -> DebriefHeading:
    """What the debrief page reads of one of the candidate's interviews; NotFound else."""
    row = _heading(_debrief_heading, candidate_id, interview_id)
    hours = working_hours.Hours(
        starts=int(row.recruiter_work_starts),
        ends=int(row.recruiter_work_ends),
        days=working_hours.parse_days(row.recruiter_work_days),
        time_zone=row.recruiter_time_zone,
    )
    return DebriefHeading(
        row.id, row.position_title, row.client_name, row.recruiter_id, row.recruiter_name, hours
    )


def debrief_heading_of(interview: Interview) -> DebriefHeading:
    """The same of an interview already read with its position, client and recruiter."""
    recruiter = interview.recruiter
    return DebriefHeading(
        interview.id,
        interview.position.title,
        interview.position.client.name,
        recruiter.id,
        recruiter.name,
        working_hours.of(recruiter),
    )


def interview_row_for(*, candidate_id: int, interview_id: int) -> Interview:
    """One of the candidate's interviews, its own row only; NotFound else."""
    found = Interview.get_or_none(
        (Interview.candidate == candidate_id) & (Interview.id == interview_id)
    )
    if found is None:
        raise NotFound("That interview does not exist.")
    return found


def phase_of(
    interview: Interview,
    *,
    debrief_status: str,
    now: dt.datetime,
    overdue_after: dt.timedelta,
    today_ends: dt.datetime,
) -> str:
    """One word for where the interview stands (see PHASES)."""
    if interview.status == "cancelled":
        return "cancelled"
    if now < interview.starts_at:
        return "today" if interview.starts_at < today_ends else "upcoming"
    if now < interview.ends_at:
        return "now"
    if debrief_status == "submitted":
        return "debriefed"
    if now - interview.ends_at > overdue_after:
        return "debrief_overdue"
    return "debrief_due"


def _today_ends(candidate: User, now: dt.datetime) -> dt.datetime:
    """Midnight at the end of the candidate's today, as naive UTC."""
    from portal.services import clock

    local_now = clock.to_local(now, candidate.time_zone)
    midnight = (local_now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(dt.UTC).replace(tzinfo=None)


def with_state(query):
    """`query` (over the candidate's interviews) with each interview's state in the same
    query: its prep items done and in all, its debrief's status and sending time (as
    `debrief_state`, None without one), its thank-you letters sent and in all."""
    items = ChecklistItem.alias("items")
    letters = ThankYouLetter.alias("letters")
    of_items = items.interview == Interview.id
    of_letters = letters.interview == Interview.id
    return query.select_extend(
        items.select(fn.COUNT(items.done_at)).where(of_items).alias("prep_done"),
        items.select(fn.COUNT(items.id)).where(of_items).alias("prep_total"),
        letters.select(fn.COUNT(letters.id))
        .where(of_letters & (letters.status == "sent"))
        .alias("letters_sent"),
        letters.select(fn.COUNT(letters.id)).where(of_letters).alias("letters_total"),
        Debrief.status,
        Debrief.submitted_at,
    ).join_from(
        Interview,
        Debrief,
        JOIN.LEFT_OUTER,
        on=(Debrief.interview == Interview.id),
        attr="debrief_state",
    )


def _count(interview: Interview, name: str) -> int:
    """One of the counts `with_state` selected along with `interview`."""
    return int(getattr(interview, name) or 0)


def _steps(
    rows: list[Interview],
    *,
    candidate: User,
    overdue_after: dt.timedelta,
    now: dt.datetime,
) -> list[Step]:
    """A Step for each interview, from rows read `with_state`."""
    today_ends = _today_ends(candidate, now)
    steps = []
    for interview in rows:
        debrief = getattr(interview, "debrief_state", None)
        status = (debrief.status if debrief is not None else "") or ""
        steps.append(
            Step(
                interview=interview,
                phase=phase_of(
                    interview,
                    debrief_status=status,
                    now=now,
                    overdue_after=overdue_after,
                    today_ends=today_ends,
                ),
                prep_done=_count(interview, "prep_done"),
                prep_total=_count(interview, "prep_total"),
                debrief_status=status,
                debrief_sent_at=debrief.submitted_at if debrief is not None else None,
                letters_sent=_count(interview, "letters_sent"),
                letters_total=_count(interview, "letters_total"),
                letters_due=interview.ends_at + SEND_WITHIN,
            )
        )
    return steps


_home_rows = Prepared(
    lambda: with_state(
        interviews_query(candidate_id=param("candidate_id"), columns=HOME_COLUMNS)
    ).order_by(Interview.starts_at.desc(), Interview.id.desc())
)


def home(
    *,
    candidate: User,
    overdue_after: dt.timedelta,
    now: dt.datetime | None = None,
) -> Home:
    """Every interview of `candidate` with its state; ended-without-debrief ones lead,
    then debriefed ones with thank-you letters still unsent.

    One query whatever the number of interviews.
    """
    now = now or utcnow()
    rows = list(_home_rows.run(candidate_id=candidate.id))
    lead, letters, upcoming, past = [], [], [], []
    for step in _steps(rows, candidate=candidate, overdue_after=overdue_after, now=now):
        if step.needs_debrief:
            lead.append(step)
        elif step.phase == "debriefed" and step.letters_sent < step.letters_total:
            letters.append(step)
        elif step.phase in ("upcoming", "today", "now"):
            upcoming.append(step)
        else:
            past.append(step)
    # Soonest first for what is coming; the most recent ending first for what leads.
    upcoming.reverse()
    return Home(lead=lead, upcoming=upcoming, past=past, letters=letters)


@dataclass(frozen=True)
class Overview:
    """One interview as its page shows it: the step and the people on the panel."""

    step: Step
    panel: list[Interviewer]


_overview_row = Prepared(
    lambda: (
        with_state(interviews_query(candidate_id=param("candidate_id")))
        .where(Interview.id == param("interview_id"))
        .limit(1)
    )
)


def overview(
    *,
    candidate: User,
    interview_id: int,
    overdue_after: dt.timedelta,
    now: dt.datetime | None = None,
) -> Overview:
    """One of the candidate's interviews with its state and panel; NotFound when not theirs."""
    interview = _overview_row.first(candidate_id=candidate.id, interview_id=interview_id)
    if interview is None:
        raise NotFound("That interview does not exist.")
    (step,) = _steps(
        [interview], candidate=candidate, overdue_after=overdue_after, now=now or utcnow()
    )
    panel = panel_of(interview_id=interview.id)
    return Overview(step=step, panel=sorted(panel, key=lambda p: role_rank(p.role)))


# ---------------------------------------------------------------------------
# Settings the candidate keeps for their journey: time zone and phone
# ---------------------------------------------------------------------------

PHONE_MAX = 40


def update_settings(*, user: User, time_zone: str, phone: str) -> User:
    """Set the zone times are shown in and the phone the recruiter calls back on."""
    from portal.services import clock

    if not clock.is_zone(time_zone):
        raise ServiceError("Choose a time zone from the list.", field="time_zone")
    phone = " ".join(phone.split())
    if len(phone) > PHONE_MAX:
        raise ServiceError(
            "Keep the phone number under %(n)s characters.", field="phone", n=PHONE_MAX
        )
    with database.atomic():
        user.time_zone = time_zone
        user.time_zone_set_at = utcnow()
        user.phone = phone
        user.save(only=[User.time_zone, User.time_zone_set_at, User.phone])
    return user
