"""What a client sees through a share link: the packet, built from the chosen sections only.

Only the sections the recruiter chose are read, so nothing else can leak into the page;
the schedule lists only interviews with the link's client, so a client never learns
where else the candidate is interviewing. Links themselves live in `share_links`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from portal.db import Prepared
from portal.db import param
from portal.models import SHARE_SECTIONS
from portal.models import Interview
from portal.models import Position
from portal.models import ShareLink
from portal.models import User
from portal.services.letters.drafting import split_points
from portal.services.sharing import documents as candidate_documents


@dataclass(frozen=True)
class ScheduleRow:
    """One interview as a client sees it: no location, no notes."""

    position_title: str
    round: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    format: str


@dataclass(frozen=True)
class Packet:
    """Everything a client page shows, and nothing else. Empty sections are never rendered."""

    candidate_name: str
    recipient_name: str
    recipient_company: str
    position_title: str
    client_name: str
    sections: tuple[str, ...]
    expires_at: dt.datetime
    # The reader's zone for dates: the interview's (where the client met the candidate),
    # or "" for the agency's own.
    time_zone: str = ""
    summary: str = ""
    highlights: tuple[str, ...] = ()
    schedule: tuple[ScheduleRow, ...] = ()
    email: str = ""
    phone: str = ""
    # Who to reach at the agency: the recruiter who made the link.
    recruiter_name: str = ""
    recruiter_email: str = ""
    recruiter_phone: str = ""
    # Set when the link was made from an interview: the client may answer ("Your view").
    link_id: int | None = None
    interview_id: int | None = None
    # The documents the recruiter chose for this link (downloaded only through it).
    documents: tuple[candidate_documents.DocumentRow, ...] = ()

    def shows(self, section: str) -> bool:
        return section in self.sections


class Person(NamedTuple):
    """Who a packet names: the candidate, or the recruiter who made the link."""

    id: int
    name: str
    email: str
    phone: str


class Meeting(NamedTuple):
    """The interview a link was made from, as its packet reads it."""

    id: int
    candidate_id: int
    time_zone: str
    position_title: str
    client_id: int
    client_name: str


def person_of(user: User) -> Person:
    """What a packet reads of `user`."""
    return Person(user.id, user.name, user.email, user.phone)


def meeting_of(interview: Interview) -> Meeting:
    """What a packet reads of `interview` (its position and client loaded, or read here)."""
    position = interview.position
    return Meeting(
        interview.id,
        interview.candidate_id,
        interview.time_zone,
        position.title,
        position.client_id,
        position.client.name,
    )


def _schedule(interview: Meeting | None) -> tuple[ScheduleRow, ...]:
    """The candidate's interviews with the same client as `interview`, oldest first."""
    if interview is None:
        return ()
    rows = _schedule_rows.driver_rows(
        candidate_id=interview.candidate_id, client_id=interview.client_id
    )
    # As the driver gives them: only the two times need converting (SQLite keeps text).
    return tuple(
        ScheduleRow(title, number, _read_time(starts_at), _read_time(ends_at), zone, kind)
        for title, number, starts_at, ends_at, zone, kind in rows
    )


_read_time = Interview.starts_at.python_value


# Share pages with a schedule run this one on every opening: prepared (portal.db.Prepared).
_schedule_rows = Prepared(
    lambda: (
        Interview.select(
            Position.title,
            Interview.round,
            Interview.starts_at,
            Interview.ends_at,
            Interview.time_zone,
            Interview.format,
        )
        .join(Position)
        .where(
            (Interview.candidate == param("candidate_id"))
            & (Position.client == param("client_id"))
            & (Interview.status == "scheduled")
        )
        .order_by(Interview.starts_at, Interview.id)
        .tuples()
    )
)


def build_packet(
    *,
    candidate: Person,
    interview: Meeting | None,
    sections: tuple[str, ...],
    summary: str,
    highlights: str,
    recipient_name: str,
    recipient_company: str,
    expires_at: dt.datetime,
    recruiter: Person | None = None,
    link_id: int | None = None,
    document_ids: tuple[int, ...] = (),
    any_documents: bool = True,
) -> Packet:
    """The packet: only chosen sections are read, so others cannot leak into the page.

    A stored link's documents are those it includes (none to read when `any_documents`
    is False); a preview's, `document_ids`.
    """
    if link_id is not None:
        shown = tuple(candidate_documents.shared_through(link_id=link_id)) if any_documents else ()
    elif document_ids:
        shown = tuple(
            d
            for d in candidate_documents.documents_of(candidate_id=candidate.id)
            if d.id in document_ids
        )
    else:
        shown = ()
    return Packet(
        candidate_name=candidate.name,
        recipient_name=recipient_name,
        recipient_company=recipient_company,
        position_title=interview.position_title if interview else "",
        client_name=interview.client_name if interview else "",
        sections=sections,
        expires_at=expires_at,
        time_zone=interview.time_zone if interview else "",
        summary=summary if "summary" in sections else "",
        highlights=tuple(split_points(highlights)) if "highlights" in sections else (),
        schedule=_schedule(interview) if "schedule" in sections else (),
        email=candidate.email if "contact" in sections else "",
        phone=candidate.phone if "contact" in sections else "",
        recruiter_name=recruiter.name if recruiter else "",
        recruiter_email=recruiter.email if recruiter else "",
        recruiter_phone=recruiter.phone if recruiter else "",
        link_id=link_id,
        interview_id=interview.id if interview else None,
        documents=shown,
    )


def packet_of(link: ShareLink) -> Packet:
    """The packet a stored link shows (its candidate and interview already loaded)."""
    sections = tuple(s for s in link.section_list if s in SHARE_SECTIONS)
    creator = getattr(link, "creator", None) or link.created_by
    return build_packet(
        candidate=person_of(link.candidate),
        interview=meeting_of(link.interview) if link.interview else None,
        sections=sections,
        summary=link.summary,
        highlights=link.highlights,
        recipient_name=link.recipient_name,
        recipient_company=link.recipient_company,
        expires_at=link.expires_at,
        recruiter=person_of(creator) if creator else None,
        link_id=link.id,
    )
