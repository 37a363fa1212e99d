"""The client's own answer through a share link ("Your view").

A link made from an interview offers the client one answer: interest (1-5), enough
exchanged (yes/partly/no), decision makers (met/scheduled/none), concerns, the next
step they propose, and a free comment. They may change it until the recruiter has
read it. It fills the client's side of the three tests when the recruiter has not
recorded one from a call, marked as given by the client.

No session, so no session-bound CSRF token: the form carries an HMAC of the link's
id with the app's secret, which only a page of that very link can show. A dead
link (unknown, expired, revoked) refuses an answer exactly as it refuses a visit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from peewee import IntegrityError

from portal.db import database
from portal.models import ClientAnswer, ShareLink, utcnow
from portal.services.errors import Conflict, NotFound, ServiceError
from portal.services.mail import notices
from portal.services.sharing import share_links
from portal.services.vocabulary import DECISION_MAKERS, ENOUGH_EXCHANGED, choose

TEXT_LIMIT = 2000
TEXT_FIELDS = ("concerns", "next_step", "comment")
READ_ALREADY = (
    "Your recruiter has already read your answer, so it can no longer be changed here. "
    "Reply to them directly to add anything."
)
OUT_OF_DATE = "This form is out of date. Open the link again and send your view once more."


def form_token(*, link_id: int, secret: str) -> str:
    """The token a "Your view" form of this link carries (HMAC of its id)."""
    digest = hmac.new(secret.encode(), f"client-answer:{link_id}".encode(), hashlib.sha256)
    return digest.hexdigest()


def _clean(values: dict) -> dict:
    interest = values.get("interest")
    if interest in ("", None):
        interest = None
    else:
        try:
            interest = int(interest)
        except (TypeError, ValueError):
            interest = 0
        if not 1 <= interest <= 5:
            raise ServiceError("Choose from 1 to 5.", field="interest")
    exchanged = values.get("enough_exchanged") or ""
    if exchanged and exchanged not in ENOUGH_EXCHANGED:
        raise ServiceError(choose(ENOUGH_EXCHANGED), field="enough_exchanged")
    makers = values.get("decision_makers") or ""
    if makers and makers not in DECISION_MAKERS:
        raise ServiceError(choose(DECISION_MAKERS), field="decision_makers")
    cleaned = {"interest": interest, "enough_exchanged": exchanged, "decision_makers": makers}
    for name in TEXT_FIELDS:
        text = values.get(name) or ""
        if not isinstance(text, str):
            text = ""
        text = text.strip()
        if len(text) > TEXT_LIMIT:
            raise ServiceError(f"Use at most {TEXT_LIMIT} characters.", field=name)
        cleaned[name] = text
    if not any(v for v in cleaned.values()):
        raise ServiceError("Answer at least one question.", field="interest")
    return cleaned


def answer_for_link(*, link_id: int) -> ClientAnswer | None:
    """The answer given through a link, if any."""
    return ClientAnswer.get_or_none(ClientAnswer.share_link == link_id)


def give(
    *,
    raw: str,
    token: str,
    secret: str,
    values: dict,
    address: str,
    limit: int = share_links.BAD_TOKENS_PER_ADDRESS,
    window: int = share_links.BAD_TOKEN_WINDOW,
    now: dt.datetime | None = None,
) -> ClientAnswer:
    """Save the client's answer through the link `raw` (first time or a change).

    Raises NotFound/Throttled for a dead link (as a visit would), Conflict for a form
    that is not this link's or an answer the recruiter has read, ServiceError for a
    bad value (naming its field). Notifies the recruiter once per link.
    """
    now = now or utcnow()
    link_id = share_links.live_link(raw=raw, address=address, limit=limit, window=window, now=now)
    expected = form_token(link_id=link_id, secret=secret)
    if not isinstance(token, str) or not hmac.compare_digest(token, expected):
        raise Conflict(OUT_OF_DATE)
    link = ShareLink.get_by_id(link_id)
    if link.interview_id is None:
        raise NotFound(share_links.GONE_MESSAGE)
    cleaned = _clean(values)
    for attempt in (1, 2):
        try:
            with database.atomic():
                answer = _save(link=link, cleaned=cleaned, now=now)
                notices.client_answered(link=link)
            return answer
        except IntegrityError:
            if attempt == 2:
                raise Conflict(OUT_OF_DATE) from None
            # Two first answers at once: the other made the row; this one updates it.
    raise Conflict(OUT_OF_DATE)  # pragma: no cover


def _save(*, link: ShareLink, cleaned: dict, now: dt.datetime) -> ClientAnswer:
    existing = ClientAnswer.get_or_none(ClientAnswer.share_link == link.id)
    if existing is None:
        return ClientAnswer.create(
            share_link=link.id,
            interview=link.interview_id,
            created_at=now,
            updated_at=now,
            **cleaned,
        )
    if existing.read_at is not None:
        raise Conflict(READ_ALREADY)
    if all(getattr(existing, k) == v for k, v in cleaned.items()):
        return existing  # a replayed post: nothing new
    changed = (
        ClientAnswer.update(version=ClientAnswer.version + 1, updated_at=now, **cleaned)
        .where((ClientAnswer.id == existing.id) & ClientAnswer.read_at.is_null())
        .execute()
    )
    if not changed:
        raise Conflict(READ_ALREADY)
    return ClientAnswer.get_by_id(existing.id)


def answer_for_interview(*, interview_id: int) -> ClientAnswer | None:
    """The newest client answer for an interview (through any of its links)."""
    return (
        ClientAnswer.select()
        .where(ClientAnswer.interview == interview_id)
        .order_by(ClientAnswer.updated_at.desc())
        .first()
    )


def mark_read(*, answer: ClientAnswer, now: dt.datetime | None = None) -> bool:
    """The recruiter has been shown `answer`: it is final from now on.

    Only the version they saw is locked: a change the client made a moment later stays
    open until the recruiter's next look.
    """
    if answer.read_at is not None:
        return False
    return bool(
        ClientAnswer.update(read_at=now or utcnow())
        .where(
            (ClientAnswer.id == answer.id)
            & (ClientAnswer.version == answer.version)
            & ClientAnswer.read_at.is_null()
        )
        .execute()
    )
