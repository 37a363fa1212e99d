"""What each table holds about a candidate, and which of its text is personal.

One `Holding` per model in `portal.models.MODELS` (a test fails on a model
without one, and on a text field left unclassified):

- `rows(candidate)` selects the candidate's rows in that table (None: the
  table never holds anything about a candidate). The export writes these
  rows; erasure scrubs them.
- `personal` names every text field that is personal, with what erasure puts
  in its place: a value, or a function of the row.
- `kept` names every other text field, with why it is not personal.
- `hidden` fields are never exported (secrets, internal counters).
- `actors_own` fields are about whoever did what the row records (its `actor`,
  e.g. their IP address): exported only on rows the candidate did themselves.
- `delete_on_erasure`: erasure deletes the rows instead of scrubbing them.

Numbers, dates, flags and links between rows are not personal on their own:
erasure keeps them, so counts and timings ("12 interviews, 9 debriefs sent
within 2 hours") survive.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from peewee import CharField
from peewee import Model
from peewee import Select
from peewee import TextField

from portal.models import MODELS
from portal.models import AttentionMark
from portal.models import AuditEvent
from portal.models import CallBooking
from portal.models import ChecklistItem
from portal.models import ChecklistTemplate
from portal.models import ChecklistTemplateItem
from portal.models import Client
from portal.models import ClientAnswer
from portal.models import ClientFeedback
from portal.models import Debrief
from portal.models import DebriefRevision
from portal.models import Document
from portal.models import DocumentBlob
from portal.models import IdempotencyKey
from portal.models import Interview
from portal.models import Interviewer
from portal.models import MailPreference
from portal.models import OneTimeToken
from portal.models import OutboxMessage
from portal.models import Position
from portal.models import ScheduledRun
from portal.models import ShareDocument
from portal.models import ShareLink
from portal.models import ShareView
from portal.models import SiteVersion
from portal.models import ThankYouLetter
from portal.models import ThrottleEvent
from portal.models import User
from portal.services.accounts.users import throttle_keys_of
from portal.services.journey.debriefs import WRITTEN_ANSWERS


@dataclass(frozen=True)
class Holding:
    """What one model holds about a candidate (see the module docstring)."""

    model: type[Model]
    rows: Callable[[User], Select] | None
    personal: Mapping[str, Any] = field(default_factory=dict)
    kept: Mapping[str, str] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()
    actors_own: frozenset[str] = frozenset()
    json_fields: frozenset[str] = frozenset()
    delete_on_erasure: bool = False


def scrub_json(value: Any) -> Any:
    """The same JSON shape with every string emptied (keys, numbers and flags stay)."""
    if isinstance(value, dict):
        return {key: scrub_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub_json(item) for item in value]
    if isinstance(value, str):
        return ""
    return value


def _scrub_snapshot(row: DebriefRevision) -> str:
    try:
        snapshot = json.loads(row.snapshot)
    except ValueError:
        return "{}"
    return json.dumps(scrub_json(snapshot))


def _own_interviews(candidate: User) -> Select:
    return Interview.select(Interview.id).where(Interview.candidate == candidate.id)


def _own_links(candidate: User) -> Select:
    return ShareLink.select(ShareLink.id).where(ShareLink.candidate == candidate.id)


def _theirs(model: type[Model], column: str = "candidate") -> Callable[[User], Select]:
    """Rows of `model` whose `column` is the candidate."""
    owner = model._meta.fields[column]
    key = model._meta.primary_key
    return lambda candidate: model.select().where(owner == candidate.id).order_by(key)


def _via(
    model: type[Model], column: str, owned: Callable[[User], Select], *, grouped: bool = False
) -> Callable[[User], Select]:
    """Rows of `model` whose `column` points at one of the candidate's `owned` rows, in
    the order they were made (`grouped`: row by row of those they point at)."""
    owner = model._meta.fields[column]
    key = model._meta.primary_key
    order = (owner, key) if grouped else (key,)
    return lambda candidate: model.select().where(owner.in_(owned(candidate))).order_by(*order)


def _via_interview(model: type[Model]) -> Callable[[User], Select]:
    """Rows of `model` hanging off the candidate's interviews."""
    return _via(model, "interview", _own_interviews)


def _via_link(
    model: type[Model], column: str = "link", *, grouped: bool = False
) -> Callable[[User], Select]:
    """Rows of `model` hanging off the candidate's share links."""
    return _via(model, column, _own_links, grouped=grouped)


def outbox_of(candidate: User) -> Select:
    """Emails to the candidate, or about their interviews or share links."""
    message = OutboxMessage
    return (
        message.select()
        .where(
            (message.user == candidate.id)
            | message.interview.in_(_own_interviews(candidate))
            | message.share_link.in_(_own_links(candidate))
        )
        .order_by(message.id)
    )


def _audit_about(candidate: User) -> Select:
    """Events the candidate did, or done to them, their interviews or their share links."""
    event = AuditEvent
    return (
        event.select()
        .where(
            (event.actor == candidate.id)
            | ((event.target_type == "user") & (event.target_id == candidate.id))
            | ((event.target_type == "interview") & event.target_id.in_(_own_interviews(candidate)))
            | ((event.target_type == "share_link") & event.target_id.in_(_own_links(candidate)))
        )
        .order_by(event.id)
    )


def _throttle_rows(candidate: User) -> Select:
    """Sign-in throttle rows counted against the candidate's account."""
    account, per_address = throttle_keys_of(candidate.email)
    key = ThrottleEvent.key
    return ThrottleEvent.select().where((key == account) | key.startswith(per_address))


ENUM = "one of a fixed set of values"
FORMATS = "interview format names from a fixed set"
LANGUAGE = "the language the portal speaks to them, from a fixed set"
TEMPLATE_TEXT = "copied from the recruiter's checklist template, the same for everyone"

HOLDINGS: tuple[Holding, ...] = (
    Holding(
        User,
        _theirs(User, "id"),
        personal={
            "name": lambda row: f"Erased candidate {row.id}",
            "email": lambda row: f"erased-{row.id}@erased.invalid",
            "phone": "",
            "password_hash": None,
            "time_zone": "UTC",  # says roughly where they live
        },
        kept={
            "role": ENUM,
            "work_days": "weekday numbers of their working hours",
            "language": LANGUAGE,
        },
        hidden=frozenset({"password_hash", "session_version", "pages_version"}),
    ),
    Holding(
        Interview,
        _theirs(Interview),
        personal={"location": "", "decision_next_step": "", "recruiter_note": ""},
        kept={
            "time_zone": "the zone the interview was booked in (the employer's), from a fixed list",
            "format": ENUM,
            "status": ENUM,
            "decision": ENUM,
        },
    ),
    Holding(
        Interviewer,
        _via_interview(Interviewer),
        # Third parties, kept only as part of the candidate's record.
        personal={
            "name": "",
            "title": "",
            "email": "",
            "letter_point": "",
            "address_title": "",
            "given_names": "",
            "family_name": "",
            "topics": "",
        },
        kept={"role": ENUM, "added_by": ENUM},
    ),
    Holding(
        ChecklistItem,
        _via_interview(ChecklistItem),
        personal={"note": ""},
        kept={"section": TEMPLATE_TEXT, "text": TEMPLATE_TEXT, "formats": FORMATS},
    ),
    Holding(
        Debrief,
        _theirs(Debrief),
        # Read from the debrief's own list: an answer added there is personal from the start.
        personal={name: "" for name in (*WRITTEN_ANSWERS, "call_times")},
        kept={"status": ENUM, "enough_exchanged": ENUM, "decision_makers": ENUM},
    ),
    Holding(
        CallBooking,
        _via_interview(CallBooking),
        personal={"note": ""},
    ),
    Holding(
        DebriefRevision,
        lambda c: (
            DebriefRevision.select()
            .join(Debrief)
            .where(Debrief.candidate == c.id)
            .order_by(DebriefRevision.id)
        ),
        # Every answer emptied; the version, its date and how many people were met stay.
        personal={"snapshot": _scrub_snapshot},
        json_fields=frozenset({"snapshot"}),
    ),
    Holding(
        IdempotencyKey,
        _theirs(IdempotencyKey, "user"),
        kept={
            "key": "a random value the page made",
            "scope": ENUM,
            "result": "the id and version of what the write made",
        },
        hidden=frozenset({"key"}),
    ),
    Holding(
        ClientFeedback,
        _via_interview(ClientFeedback),
        # The employer's view of the candidate is about the candidate.
        personal={"still_open": "", "decision_makers": "", "concerns": "", "next_step": ""},
        kept={"enough_exchanged": ENUM, "decision_makers_involved": ENUM},
    ),
    Holding(
        ThankYouLetter,
        _via_interview(ThankYouLetter),
        personal={"subject": "", "body": ""},
        kept={"tone": ENUM, "status": ENUM, "language": LANGUAGE},
    ),
    Holding(
        ShareLink,
        _theirs(ShareLink),
        personal={"recipient_name": "", "recipient_email": "", "summary": "", "highlights": ""},
        kept={
            "token_hash": "a hash of a random token",
            "recipient_company": "the employer's name",
            "sections": "names from a fixed set",
            "language": LANGUAGE,
        },
        hidden=frozenset({"token_hash"}),
    ),
    Holding(
        ShareView,
        _via_link(ShareView, grouped=True),
        kept={"client_hint": "the opener's browser family (e.g. 'Chrome on Android')"},
    ),
    Holding(
        OneTimeToken,
        _theirs(OneTimeToken, "user"),
        kept={
            "token_hash": "a hash of a random token",
            "mailed_hash": "a hash of a random token",
            "purpose": ENUM,
        },
        hidden=frozenset({"token_hash", "mailed_hash"}),
    ),
    Holding(
        AuditEvent,
        _audit_about,
        # `detail` is short free text; the address is the IP of whoever acted: the
        # candidate's own is theirs to see, a recruiter's is not about them; `actor_name`
        # the client who acted through a link.
        personal={"detail": "", "address": "", "actor_name": ""},
        kept={"action": ENUM, "target_type": ENUM},
        actors_own=frozenset({"address"}),
    ),
    Holding(
        ThrottleEvent,
        _throttle_rows,
        # The keys hold a hash of the email: they would still single them out.
        personal={"key": ""},
        hidden=frozenset({"key"}),
        delete_on_erasure=True,
    ),
    Holding(
        ClientAnswer,
        _via_link(ClientAnswer, "share_link"),
        # The client's own words about the candidate are about the candidate.
        personal={
            name: ""
            for name in (
                "headline",
                "decision_makers_note",
                "concerns",
                "next_step",
                "comment",
                "question",
            )
        },
        kept={"decision": ENUM, "enough_exchanged": ENUM, "decision_makers": ENUM},
    ),
    Holding(
        OutboxMessage,
        outbox_of,
        # Deleted on erasure: nothing is sent to, or about, an erased person afterwards.
        personal={
            "to_address": "",
            "to_name": "",
            "subject": "",
            "secret": "",
            "last_error": "",
            "context": "",  # what changed in a booking (places, names), a cancel reason
        },
        kept={
            "key": "names the message kind, ids and a time",
            "kind": ENUM,
            "status": ENUM,
            "delivered_to": ENUM,
        },
        hidden=frozenset({"secret"}),
        delete_on_erasure=True,
    ),
    Holding(
        MailPreference,
        _theirs(MailPreference, "user"),
        kept={"updates_when": ENUM},
        delete_on_erasure=True,
    ),
    Holding(
        AttentionMark,
        _via_interview(AttentionMark),
        kept={"kind": ENUM},
    ),
    Holding(
        Document,
        _theirs(Document),
        # Deleted on erasure, with their bytes and their place in share links (cascade).
        personal={"title": "", "filename": ""},
        kept={"kind": ENUM, "sha256": "a checksum of the file's bytes"},
        hidden=frozenset({"sha256"}),
        delete_on_erasure=True,
    ),
    Holding(
        DocumentBlob,
        lambda c: (
            DocumentBlob.select()
            .join(Document)
            .where(Document.candidate == c.id)
            .order_by(DocumentBlob.id)
        ),
        # The bytes go into the export as files of their own, not into data.json.
        hidden=frozenset({"data"}),
        delete_on_erasure=True,
    ),
    Holding(
        ShareDocument,
        _via_link(ShareDocument),
    ),
    Holding(Client, None, kept={"name": "an employer", "notes": "the recruiter's notes on it"}),
    Holding(Position, None, kept={"title": "a role at an employer", "search_type": ENUM}),
    Holding(ChecklistTemplate, None, kept={"name": "a recruiter's template"}),
    Holding(
        ChecklistTemplateItem,
        None,
        kept={"section": TEMPLATE_TEXT, "text": TEMPLATE_TEXT, "formats": FORMATS},
    ),
    Holding(SiteVersion, None),
    Holding(ScheduledRun, None, kept={"task": "the name of a periodic task"}),
)

BY_MODEL: dict[type[Model], Holding] = {holding.model: holding for holding in HOLDINGS}


def text_fields(model: type[Model]) -> list[str]:
    """Names of the model's text columns (CharField and TextField, and their kin)."""
    return [f.name for f in model._meta.sorted_fields if isinstance(f, CharField | TextField)]


def unclassified() -> dict[str, list[str]]:
    """Models without a holding, or with text fields neither personal nor kept (empty: none)."""
    missing: dict[str, list[str]] = {}
    for model in MODELS:
        holding = BY_MODEL.get(model)
        if holding is None:
            missing[model.__name__] = ["(no holding)"]
            continue
        known = set(holding.personal) | set(holding.kept)
        loose = [name for name in text_fields(model) if name not in known]
        if loose:
            missing[model.__name__] = loose
    return missing
