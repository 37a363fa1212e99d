"""Scheduling interviews: times converted to UTC, interviewers added, prep copied in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.db import database
from portal.models import (
    FORMATS,
    INTERVIEWER_ROLES,
    ChecklistTemplate,
    Interview,
    Interviewer,
    Position,
    User,
)
from portal.services import audit, checklists, clock
from portal.services.errors import ServiceError


@dataclass(frozen=True)
class PersonInput:
    """An interviewer as typed by the recruiter or the candidate."""

    name: str
    title: str = ""
    role: str = "peer"
    email: str = ""


def schedule(
    *,
    candidate: User,
    recruiter: User,
    position: Position,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str,
    format: str = "onsite",
    location: str = "",
    round: int = 1,
    interviewers: list[PersonInput] = (),
    template: ChecklistTemplate | None = None,
) -> Interview:
    """Book an interview. `starts_at`/`ends_at` are wall-clock times in `time_zone`."""
    if not candidate.is_candidate:
        raise ServiceError("Interviews are for candidates.", field="candidate")
    if format not in FORMATS:
        raise ServiceError("Choose onsite, video or phone.", field="format")
    if not clock.is_zone(time_zone):
        raise ServiceError("Choose a time zone from the list.", field="time_zone")
    start_utc = clock.to_utc(starts_at, time_zone)
    end_utc = clock.to_utc(ends_at, time_zone)
    if end_utc <= start_utc:
        raise ServiceError("The end must be after the start.", field="ends_at")
    with database.atomic():
        interview = Interview.create(
            candidate=candidate,
            recruiter=recruiter,
            position=position,
            round=round,
            starts_at=start_utc,
            ends_at=end_utc,
            time_zone=time_zone,
            format=format,
            location=location.strip(),
        )
        add_interviewers(interview=interview, people=interviewers, added_by="recruiter")
        checklists.copy_template_to_interview(
            template=template or checklists.ensure_default_template(), interview=interview
        )
        audit.record(
            actor=recruiter,
            action="interview.scheduled",
            target_type="interview",
            target_id=interview.id,
        )
    return interview


def add_interviewers(*, interview: Interview, people, added_by: str) -> list[Interviewer]:
    """Add people to an interview's panel, in order after those already there."""
    start = Interviewer.select().where(Interviewer.interview == interview).count()
    made = []
    for n, person in enumerate(people):
        role = person.role if person.role in INTERVIEWER_ROLES else "peer"
        made.append(
            Interviewer.create(
                interview=interview,
                name=person.name.strip(),
                title=person.title.strip(),
                email=person.email.strip(),
                role=role,
                sort_order=start + n,
                added_by=added_by,
            )
        )
    return made
