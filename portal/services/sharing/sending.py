"""Share links sent from the portal, and the one nudge to a hiring manager who has not
answered.

The recruiter picks a person from the interview's panel (their name and email are
already there) or types another address; the portal makes the link and emails it, with
the recruiter as Reply-To. Sending again withdraws the old link and makes a new one (same
contents, same recipient, a fresh expiry), and the answers given through the old link
move to the new one: the raw address is never kept, so it cannot be shown or sent twice.

With the link goes one nudge, held back until 24 hours after the round the client is
asked about has ended, then into their working hours (`working_hours`). It is dropped at
delivery if they have answered that round (through any link), or the link is dead.
"""

from __future__ import annotations

import datetime as dt

from email_validator import EmailNotValidError
from email_validator import validate_email

from portal.db import database
from portal.models import ClientAnswer
from portal.models import Interview
from portal.models import Interviewer
from portal.models import ShareLink
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import audit
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.letters.drafting import Person
from portal.services.letters.kept import person_of
from portal.services.mail import notices
from portal.services.sharing import share_links
from portal.services.sharing import working_hours

NUDGE_AFTER = dt.timedelta(hours=24)


def panel_choices(*, interview_id: int | None) -> list[Person]:
    """The interview's panel people who have an email, decision makers first."""
    if interview_id is None:
        return []
    rows = (
        Interviewer.select()
        .where((Interviewer.interview == interview_id) & (Interviewer.email != ""))
        .order_by(Interviewer.sort_order, Interviewer.id)
    )
    people = [person_of(row) for row in rows]
    return sorted(people, key=lambda p: p.role != "decision_maker")


def _address(value: str) -> str:
    try:
        return validate_email(value or "", check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ServiceError(
            "Enter the email address the link goes to, like name@company.com.",
            field="recipient_email",
        ) from None


def recipient(
    *, interview_id: int | None, interviewer_id: int | None, name: str, email: str
) -> tuple[str, str]:
    """The name and address to send to: a panel person's, else the ones typed."""
    if interviewer_id:
        person = Interviewer.get_or_none(
            (Interviewer.id == interviewer_id) & (Interviewer.interview == interview_id)
        )
        if person is None or not person.email:
            raise ServiceError("Choose someone from the panel, or type a name and email.")
        return person.name, _address(person.email)
    if not (name or "").strip():
        raise ServiceError("Enter the name of the person the link is for.", field="recipient_name")
    return name.strip(), _address(email)


def _nudge_at(link: ShareLink) -> dt.datetime:
    """When the nudge may go: 24 h after the end of the round the client is asked about,
    moved into working hours in the interview's zone."""
    interview = Interview.get_by_id(link.interview_id)
    started = (
        Interview.select(Interview.ends_at, Interview.time_zone)
        .where(
            (Interview.candidate == link.candidate_id)
            & (Interview.position == interview.position_id)
            & (Interview.status == "scheduled")
            & (Interview.starts_at <= utcnow())
        )
        .order_by(Interview.starts_at.desc())
        .first()
    )
    ends_at, zone = (
        (started.ends_at, started.time_zone)
        if started
        else (
            interview.ends_at,
            interview.time_zone,
        )
    )
    return working_hours.next_working_moment(ends_at + NUDGE_AFTER, time_zone=zone)


def _send(
    link: ShareLink, raw: str, *, by: User, detail: str, address: str, now: dt.datetime
) -> ShareLink:
    """Email the new link `raw` to its recipient, with its nudge, and record who sent it
    (`detail`: to whom, and why); the link as it now stands. Inside the transaction."""
    ShareLink.update(sent_at=now).where(ShareLink.id == link.id).execute()
    notices.share_link_sent(link=link, raw=raw)
    if link.interview_id is not None:
        notices.client_nudge(link=link, raw=raw, send_at=_nudge_at(link))
    audit.record(by, "share.sent", link, detail=detail, address=address)
    return ShareLink.get_by_id(link.id)


def send_new(
    *,
    created_by: User,
    interviewer_id: int | None = None,
    recipient_name: str = "",
    recipient_email: str = "",
    address: str = "",
    **link_fields,
) -> ShareLink:
    """Make a link for the chosen person and email it to them (one transaction).

    `link_fields` are `share_links.create_link`'s (candidate, interview, sections, …).
    """
    name, email = recipient(
        interview_id=link_fields.get("interview_id"),
        interviewer_id=interviewer_id,
        name=recipient_name,
        email=recipient_email,
    )
    now = utcnow()
    with database.atomic():
        link, raw = share_links.create_link(
            created_by=created_by,
            recipient_name=name,
            recipient_email=email,
            address=address,
            **link_fields,
        )
        return _send(
            link, raw, by=created_by, detail=f"emailed to {name}", address=address, now=now
        )


def send_again(*, link_id: int, by: User, address: str = "") -> ShareLink:
    """Withdraw the link and email its recipient a new one with the same contents.

    NotFound for an unknown link; ServiceError for one the portal never emailed (it has
    no address to send to).
    """
    old = ShareLink.get_or_none(ShareLink.id == link_id)
    if old is None:
        raise NotFound("That share link does not exist.")
    if not old.recipient_email:
        raise ServiceError("This link was not sent by email: make a new one to send it.")
    now = utcnow()
    with database.atomic():
        link, raw = share_links.create_link(
            **share_links.answers_of(old),
            days=share_links.DEFAULT_DAYS,
            created_by=by,
            recipient_email=old.recipient_email,
            # The same person reads it: in the language the recruiter chose for them.
            language=old.language,
            address=address,
        )
        # Their answers stay theirs: they follow the person to the new link.
        ClientAnswer.update(share_link=link.id).where(ClientAnswer.share_link == old.id).execute()
        share_links.revoke_link(link_id=old.id, by=by, address=address, now=now)
        detail = f"sent again to {old.recipient_name}; replaces link {old.id}"
        return _send(link, raw, by=by, detail=detail, address=address, now=now)
