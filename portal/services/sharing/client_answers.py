"""The client's own answer through a share link: a decision per interview round.

A link made from an interview offers its client one answer per round of that position
(the candidate's interviews for the same role): first a decision (advance, hold or
pass), their interest (1-5) and one line; then, if they like, whether enough was
exchanged, the decision makers, concerns, a question for the recruiter, the next step
and a comment. The round open for an answer is the latest that has started (before
any has, the link's own). An answer can be changed until the next round starts or the
link stops working; reading it, or any page, changes nothing. The answer fills the
client's side of the three tests when the recruiter has not recorded one from a call.

No session, so no session-bound CSRF token: the form carries an HMAC of the link's
id with the app's secret, which only a page of that very link can show. A dead
link (unknown, expired, revoked) refuses an answer exactly as it refuses a visit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from peewee import JOIN
from peewee import IntegrityError

from portal.db import Prepared
from portal.db import database
from portal.db import param
from portal.models import ClientAnswer
from portal.models import Interview
from portal.models import ShareLink
from portal.models import utcnow
from portal.services.accounts import audit
from portal.services.errors import Conflict
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.mail import notices
from portal.services.sharing import share_links
from portal.services.vocabulary import CLIENT_DECISIONS
from portal.services.vocabulary import DECISION_MAKERS
from portal.services.vocabulary import ENOUGH_EXCHANGED
from portal.services.vocabulary import N_
from portal.services.vocabulary import choose

DECISION_WORDS = CLIENT_DECISIONS
HEADLINE_LIMIT = 200
TEXT_LIMIT = 2000
TEXT_FIELDS = ("concerns", "question", "next_step", "comment")
ROUND_CLOSED = N_(
    "The next round has started, so this answer can no longer be changed. "
    "Your answer for the new round is at the top of the page."
)
OUT_OF_DATE = N_("This form is out of date. Open the link again and send your answer once more.")


def form_token(*, link_id: int, secret: str) -> str:
    """The token an answer form of this link carries (HMAC of its id)."""
    digest = hmac.new(secret.encode(), f"client-answer:{link_id}".encode(), hashlib.sha256)
    return digest.hexdigest()


@dataclass(frozen=True)
class Round:
    """One interview round the link's client can answer about, and their answer to it."""

    interview_id: int
    number: int
    starts_at: dt.datetime
    answer: ClientAnswer | None  # the columns the share page shows (`_rounds`)
    open: bool  # the round answers go to now


@dataclass(frozen=True)
class Rounds:
    """The rounds of the link's position, oldest first; `current` takes answers now."""

    rounds: tuple[Round, ...]

    @property
    def current(self) -> Round | None:
        return next((r for r in self.rounds if r.open), None)

    @property
    def earlier(self) -> tuple[Round, ...]:
        """Rounds before the open one that were answered (shown, no longer changeable)."""
        current = self.current
        return tuple(
            r
            for r in self.rounds
            if r.answer is not None and current is not None and r.starts_at < current.starts_at
        )


# Every opening of a share page with a decision card runs this one: prepared
# (portal.db.Prepared). Of an answer, what the page shows (and its id: whether there is one).
_ANSWER_SHOWN = (
    ClientAnswer.id,
    ClientAnswer.decision,
    ClientAnswer.interest,
    ClientAnswer.headline,
    ClientAnswer.enough_exchanged,
    ClientAnswer.decision_makers,
    ClientAnswer.concerns,
    ClientAnswer.question,
    ClientAnswer.next_step,
    ClientAnswer.comment,
)
_rounds = Prepared(
    lambda: (
        Interview.select(Interview.id, Interview.round, Interview.starts_at, *_ANSWER_SHOWN)
        .join(
            ClientAnswer,
            JOIN.LEFT_OUTER,
            on=(ClientAnswer.interview == Interview.id)
            & (ClientAnswer.share_link == param("link_id")),
            attr="answer",
        )
        .where(
            (Interview.candidate == param("candidate_id"))
            & (Interview.position == param("position_id"))
            & ((Interview.status == "scheduled") | (Interview.id == param("interview_id")))
        )
        .order_by(Interview.starts_at, Interview.id)
    )
)


def rounds_for(*, link: ShareLink, now: dt.datetime | None = None) -> Rounds:
    """Every round of the link's position with this link's answers, and which is open.

    The rounds are the candidate's scheduled interviews for the position of the link's
    interview (that one too, even if cancelled), oldest first; one query.
    """
    if link.interview_id is None:
        return Rounds(())
    own = Interview.get_by_id(link.interview_id) if link.interview is None else link.interview
    return rounds_of(
        link_id=link.id,
        candidate_id=link.candidate_id,
        interview_id=own.id,
        position_id=own.position_id,
        now=now,
    )


def rounds_of(
    *,
    link_id: int,
    candidate_id: int,
    interview_id: int,
    position_id: int,
    now: dt.datetime | None = None,
) -> Rounds:
    """`rounds_for` the link `link_id`, made from the interview `interview_id` for the
    position `position_id` (the share page has them at hand)."""
    now = now or utcnow()
    rows: list = list(
        _rounds.run(
            link_id=link_id,
            candidate_id=candidate_id,
            position_id=position_id,
            interview_id=interview_id,
        )
    )
    started = [i for i in rows if i.starts_at <= now]
    open_id = started[-1].id if started else interview_id
    return Rounds(
        tuple(
            Round(
                interview_id=i.id,
                number=i.round,
                starts_at=i.starts_at,
                answer=i.answer if getattr(i, "answer", None) and i.answer.id else None,
                open=i.id == open_id,
            )
            for i in rows
        )
    )


def _choice(values: dict, name: str, words: dict[str, str]) -> str:
    value = values.get(name) or ""
    if value and value not in words:
        raise ServiceError(choose(words), field=name)
    return value


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
    cleaned = {
        "decision": _choice(values, "decision", CLIENT_DECISIONS),
        "interest": interest,
        "enough_exchanged": _choice(values, "enough_exchanged", ENOUGH_EXCHANGED),
        "decision_makers": _choice(values, "decision_makers", DECISION_MAKERS),
    }
    for name, limit in (("headline", HEADLINE_LIMIT),) + tuple(
        (n, TEXT_LIMIT) for n in TEXT_FIELDS
    ):
        text = values.get(name) or ""
        if not isinstance(text, str):
            text = ""
        text = text.strip()
        if len(text) > limit:
            raise ServiceError("Use at most %(n)s characters.", field=name, n=limit)
        cleaned[name] = text
    if not any(v for v in cleaned.values()):
        raise ServiceError(
            "Choose advance, hold or pass, or answer another question.", field="decision"
        )
    return cleaned


def give(
    *,
    raw: str,
    token: str,
    secret: str,
    values: dict,
    address: str,
    round_id: int | None = None,
    limit: int = share_links.BAD_TOKENS_PER_ADDRESS,
    window: int = share_links.BAD_TOKEN_WINDOW,
    now: dt.datetime | None = None,
) -> ClientAnswer:
    """Save the client's answer for the open round through the link `raw`.

    `round_id` is the round the form was drawn for: once a later round has started, that
    answer is closed (Conflict) rather than silently filed under the new round. Raises
    NotFound/Throttled for a dead link (as a visit would), Conflict for a form that is
    not this link's, ServiceError for a bad value (naming its field). Notifies the
    recruiter once per link and round.
    """
    now = now or utcnow()
    link_id = share_links.live_link(raw=raw, address=address, limit=limit, window=window, now=now)
    expected = form_token(link_id=link_id, secret=secret)
    if not isinstance(token, str) or not hmac.compare_digest(token, expected):
        raise Conflict(OUT_OF_DATE)
    link = (
        ShareLink.select(ShareLink, Interview)
        .join(Interview, JOIN.LEFT_OUTER)
        .where(ShareLink.id == link_id)
        .get()
    )
    if link.interview_id is None:
        raise NotFound(share_links.GONE_MESSAGE)
    current = rounds_for(link=link, now=now).current
    if current is None or (round_id is not None and round_id != current.interview_id):
        raise Conflict(ROUND_CLOSED)
    cleaned = _clean(values)
    for attempt in (1, 2):
        try:
            with database.atomic():
                answer, changed = _save(
                    link=link, interview_id=current.interview_id, cleaned=cleaned, now=now
                )
                if changed:
                    notices.client_answered(link=link, interview_id=current.interview_id)
                    audit.record(
                        actor=None,
                        actor_name=_client_name(link),
                        action="client.answered",
                        target=("share_link", link.id),
                        detail=f"round {current.number}: "
                        + DECISION_WORDS.get(cleaned["decision"], "no decision"),
                        address=address,
                        at=now,
                    )
            return answer
        except IntegrityError:
            if attempt == 2:
                raise Conflict(OUT_OF_DATE) from None
            # Two first answers at once: the other made the row; this one updates it.
    raise Conflict(OUT_OF_DATE)  # pragma: no cover


def _client_name(link: ShareLink) -> str:
    if link.recipient_company:
        return f"{link.recipient_name} ({link.recipient_company})"
    return link.recipient_name


def _save(
    *, link: ShareLink, interview_id: int, cleaned: dict, now: dt.datetime
) -> tuple[ClientAnswer, bool]:
    """The saved answer, and whether anything changed (a replayed post changes nothing)."""
    existing = ClientAnswer.get_or_none(
        (ClientAnswer.share_link == link.id) & (ClientAnswer.interview == interview_id)
    )
    if existing is None:
        made = ClientAnswer.create(
            share_link=link.id, interview=interview_id, created_at=now, updated_at=now, **cleaned
        )
        return made, True
    if all(getattr(existing, k) == v for k, v in cleaned.items()):
        return existing, False
    ClientAnswer.update(version=ClientAnswer.version + 1, updated_at=now, **cleaned).where(
        ClientAnswer.id == existing.id
    ).execute()
    return ClientAnswer.get_by_id(existing.id), True
