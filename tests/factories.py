"""Plain factory functions for test data: `make_<thing>(**overrides)`."""

from __future__ import annotations

import datetime as dt
import itertools

from portal.models import Client
from portal.models import Debrief
from portal.models import Interview
from portal.models import Position
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import users
from portal.services.journey import interviews
from portal.services.journey.interviews import PanelEntry

PASSWORD = "correct horse battery"
_seq = itertools.count(1)
_hash_cache: dict[str, str] = {}


def _password_hash(password: str) -> str:
    # argon2 costs ~100 ms a hash; tests reuse one per password.
    if password not in _hash_cache:
        _hash_cache[password] = users.hash_password(password)
    return _hash_cache[password]


def make_user(*, role: str = "candidate", password: str | None = PASSWORD, **overrides) -> User:
    n = next(_seq)
    fields = {
        "email": f"{role}{n}@example.com",
        "name": f"{role.title()} Number{n}",
        "phone": f"+44 7700 900{n:03d}",
        "time_zone": "Europe/London",
    }
    fields.update(overrides)
    user = User.create(
        role=role,
        password_hash=_password_hash(password) if password else None,
        **fields,
    )
    return user


def make_candidate(**overrides) -> User:
    return make_user(role="candidate", **overrides)


# A test's recruiter is at work around the clock, so an update reaches them at once
# whenever the suite runs; tests of working hours and the digest set real hours.
ALWAYS_AT_WORK = {"work_starts": 0, "work_ends": 24 * 60, "work_days": "1,2,3,4,5,6,7"}
OFFICE_HOURS = {"work_starts": 9 * 60, "work_ends": 18 * 60, "work_days": "1,2,3,4,5"}


def make_recruiter(**overrides) -> User:
    return make_user(role="recruiter", **{**ALWAYS_AT_WORK, **overrides})


def make_client(**overrides) -> Client:
    return Client.create(**{"name": f"Client {next(_seq)}", **overrides})


def make_position(*, client: Client | None = None, **overrides) -> Position:
    return Position.create(
        client=client or make_client(), **{"title": f"Engineer {next(_seq)}", **overrides}
    )


def make_interview(
    *,
    candidate: User | None = None,
    recruiter: User | None = None,
    position: Position | None = None,
    starts_in: dt.timedelta = dt.timedelta(days=2),
    minutes: int = 60,
    people: list[PanelEntry] | None = None,
    time_zone: str = "UTC",
    **overrides,
) -> Interview:
    """An interview starting `starts_in` from now (negative: in the past), via the real service."""
    start = (utcnow() + starts_in).replace(microsecond=0)
    interview = interviews.schedule(
        candidate=candidate or make_candidate(),
        recruiter=recruiter or make_recruiter(),
        position=position or make_position(),
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        time_zone=time_zone,
        format=overrides.pop("format", "onsite"),
        location=overrides.pop("location", "1 Main Street"),
        interviewers=people
        if people is not None
        else [
            PanelEntry("Dana Decider", "CTO", "decision_maker", "dana@client.example"),
            PanelEntry("Pat Peer", "Engineer", "peer"),
        ],
    )
    if overrides:
        Interview.update(**overrides).where(Interview.id == interview.id).execute()
        interview = Interview.get_by_id(interview.id)
    return interview


def make_share_link(
    *,
    candidate: User | None = None,
    interview: Interview | None = None,
    created_by: User | None = None,
    sections: tuple[str, ...] = ("summary",),
    days: int = 14,
    **overrides,
):
    """A share link made by the real service; its raw token is on `link.raw_token`.

    `overrides` set stored fields afterwards (e.g. `expires_at`, `revoked_at`, `highlights`).
    """
    from portal.models import ShareLink
    from portal.services.sharing import share_links

    if candidate is None:
        candidate = interview.candidate if interview is not None else make_candidate()
    link, raw = share_links.create_link(
        candidate_id=candidate.id,
        interview_id=interview.id if interview is not None else None,
        created_by=created_by or make_recruiter(password=None),
        recipient_name=overrides.pop("recipient_name", "Harper Manager"),
        recipient_company=overrides.pop("recipient_company", "Client Co"),
        sections=sections,
        summary=overrides.pop("summary", "A thoughtful engineer with a record of shipping."),
        highlights=overrides.pop("highlights_text", "- Led the data platform migration"),
        days=days,
    )
    if overrides:
        ShareLink.update(**overrides).where(ShareLink.id == link.id).execute()
        link = ShareLink.get_by_id(link.id)
    link.raw_token = raw
    return link


def make_debrief(
    *,
    interview: Interview,
    submitted_at: dt.datetime | None = None,
    draft: bool = False,
    **answers,
):
    """A debrief for `interview`: sent (version 1, with its kept revision) unless `draft`.

    `submitted_at` defaults to the interview's end plus 30 minutes; `answers` set
    Debrief answer fields (candidate_interest=5, call_me=True, …).
    """
    import json

    from portal.models import Debrief
    from portal.models import DebriefRevision
    from portal.models import Interviewer
    from portal.services.journey.debrief_versions import snapshot_of

    when = submitted_at or (interview.ends_at + dt.timedelta(minutes=30))
    debrief = Debrief.create(
        interview=interview,
        candidate=interview.candidate_id,
        status="draft" if draft else "submitted",
        version=0 if draft else 1,
        first_submitted_at=None if draft else when,
        submitted_at=None if draft else when,
        created_at=when,
        updated_at=when,
        **answers,
    )
    if not draft:
        people = list(
            Interviewer.select(
                Interviewer.name, Interviewer.title, Interviewer.role, Interviewer.email
            )
            .where(Interviewer.interview == interview)
            .dicts()
        )
        DebriefRevision.create(
            debrief=debrief,
            number=1,
            snapshot=json.dumps(snapshot_of(debrief=debrief, people=people)),
            created_at=when,
        )
    return debrief


def make_ended_interview(*, minutes_ago: int, **overrides) -> Interview:
    """An hour-long interview that ended `minutes_ago` minutes ago."""
    return make_interview(starts_in=dt.timedelta(minutes=-(minutes_ago + 60)), **overrides)


def make_pdf(text: str = "A short CV") -> bytes:
    """A small, whole PDF whose page content carries `text` (as plain bytes)."""
    body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/Contents 4 0 R>>endobj\n"
        b"4 0 obj<</Length "
        + str(len(body)).encode()
        + b">>stream\n"
        + body
        + b"\nendstream endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def make_docx(text: str = "A short CV") -> bytes:
    """A small Word (.docx) file: a zip holding word/document.xml with `text`."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
    return out.getvalue()


def make_call_booking(*, interview: Interview, asked_at: dt.datetime, **overrides):
    """The call a sent debrief booked (`starts_at` None: as soon as you can)."""
    from portal.models import CallBooking

    return CallBooking.create(
        interview=interview,
        candidate=interview.candidate_id,
        recruiter=interview.recruiter_id,
        asked_at=asked_at,
        **overrides,
    )


def make_candidate_world(
    *,
    name: str = "Zephyrine Okonkwo-Baptiste",
    email: str = "zephyrine.ob@example.net",
    phrase: str = "lighthouse kelp migration",
    recruiter: User | None = None,
):
    """A candidate with a row in every table a candidate can appear in, their name, email
    and `phrase` written into every kind of free text (for export and erasure tests).

    Returns a SimpleNamespace: candidate, recruiter, interview, debrief, letter, link
    (with `raw_token`), and the name, email and phrase used.
    """
    import json
    from types import SimpleNamespace

    from portal.models import CallBooking
    from portal.models import ChecklistItem
    from portal.models import ClientAnswer
    from portal.models import DebriefRevision
    from portal.models import IdempotencyKey
    from portal.models import Interviewer
    from portal.models import MailPreference
    from portal.models import OutboxMessage
    from portal.models import ShareView
    from portal.models import ThankYouLetter
    from portal.services.accounts import audit
    from portal.services.accounts import throttle
    from portal.services.board import attention
    from portal.services.journey import checklists
    from portal.services.journey.debrief_versions import snapshot_of
    from portal.services.letters import kept
    from portal.services.sharing import client_feedback
    from portal.services.sharing import documents

    recruiter = recruiter or make_recruiter(name="Rae Recruiter")
    candidate = make_candidate(name=name, email=email, time_zone="Europe/Paris")
    interview = make_interview(
        candidate=candidate,
        recruiter=recruiter,
        starts_in=dt.timedelta(hours=-3),
        location=f"Meet {name} at reception",
    )
    Interview.update(
        decision="forward",
        decision_next_step=f"Offer {name} a second round",
        recruiter_note=f"{name}, bring the {phrase} slides",
    ).where(Interview.id == interview.id).execute()
    Interviewer.create(
        interview=interview,
        name="Olu Added",
        title="Team lead",
        email="olu@client.example",
        added_by="candidate",
        sort_order=9,
        letter_point=f"the {phrase}",
    )
    item = ChecklistItem.select().where(ChecklistItem.interview == interview).first()
    checklists.update_item(
        interview=interview, item_id=item.id, done=True, note=f"Mention the {phrase}"
    )
    debrief = make_debrief(
        interview=interview,
        candidate_interest=5,
        employer_interest=4,
        enough_exchanged="yes",
        key_points=f"We talked about the {phrase} for an hour",
        qualifications=f"{name} led the platform move",
        concerns="Commute",
        call_me=True,
        call_times="After 5pm",
    )
    people = list(Interviewer.select().where(Interviewer.interview == interview).dicts())
    amended = snapshot_of(debrief=debrief, people=people)
    amended["next_steps"] = f"Second round about the {phrase}"
    DebriefRevision.create(debrief=debrief, number=2, snapshot=json.dumps(amended))
    IdempotencyKey.create(
        key=f"k-{candidate.id}", user=candidate, scope="debrief.submit", result="debrief:1:1"
    )
    kept.ensure_drafts(interview=interview, candidate=candidate)
    letter = ThankYouLetter.select().where(ThankYouLetter.interview == interview).first()
    kept.save_letter(
        letter=letter,
        subject=f"Thank you from {name}",
        body=f"Thank you for the talk about the {phrase}.\n\n{name}\n{email}",
    )
    kept.mark_sent(letter=letter, sent=True)
    client_feedback.record(
        interview=interview,
        by=recruiter,
        client_interest=4,
        enough_exchanged="partly",
        still_open=f"Whether {name} can start soon",
        decision_makers="Dana Decider",
        concerns=f"{name} asked about the {phrase}",
        next_step="Second round",
    )
    link = make_share_link(
        candidate=candidate,
        interview=interview,
        created_by=recruiter,
        sections=("summary", "highlights"),
        summary=f"{name} is strong on the {phrase}.",
        highlights_text=f"- {name} ({email}) shipped it",
        recipient_name="Harper Manager",
    )
    ShareView.create(link=link, client_hint="Chrome on Android", confirmed=True)
    users.issue_token(user=candidate, purpose="reset", hours=2, created_by=recruiter)
    account_key, per_address = users.throttle_keys_of(email)
    throttle.record(key=account_key)
    throttle.record(key=per_address + "203.0.113.9")
    attention.mark_handled(interview_id=interview.id, kind="prep", by=recruiter)
    OutboxMessage.create(
        key=f"world:{candidate.id}",
        kind="debrief_now",
        user=candidate,
        interview=interview,
        to_address=email,
        to_name=name,
        subject=f"{name}: how did the {phrase} interview go?",
        last_error=f"550 no mailbox {email}",
    )
    MailPreference.create(user=candidate, reminders=False)
    CallBooking.create(
        interview=interview,
        candidate=candidate,
        recruiter=recruiter,
        starts_at=interview.ends_at + dt.timedelta(hours=2),
        note=f"Call {name} about the {phrase}",
        asked_at=interview.ends_at,
    )
    ClientAnswer.create(
        share_link=link,
        interview=interview,
        interest=4,
        enough_exchanged="yes",
        decision_makers="met",
        decision_makers_note=f"{name} met our CTO",
        concerns=f"{name} may not like the {phrase}",
        next_step=f"Invite {name} back",
        comment=f"Ask {name} ({email}) about the {phrase}",
        decision="advance",
        headline=f"{name} knows the {phrase}",
        question=f"Is {name} free to start?",
    )
    document = documents.attach(
        candidate_id=candidate.id,
        title=f"{name} CV",
        filename=f"{name}.pdf",
        data=make_pdf(f"{name} {email} {phrase}"),
        by=recruiter,
    )
    documents.include(link_id=link.id, document_ids=(document.id,))
    audit.record(
        None, "share.viewed", ("share_link", link.id), actor_name="Harper Manager (Client Co)"
    )
    audit.record(candidate, "sign_in", candidate, address="203.0.113.9")
    audit.record(recruiter, "note", candidate, detail=f"called {name} on {email}")
    return SimpleNamespace(
        candidate=User.get_by_id(candidate.id),
        recruiter=recruiter,
        interview=interview,
        debrief=debrief,
        letter=letter,
        link=link,
        name=name,
        email=email,
        phrase=phrase,
    )


BUSY_DESK_OVERDUE_MINUTES = 120
_MINUTE = dt.timedelta(minutes=1)
_HOUR = dt.timedelta(hours=1)


def make_busy_desk(recruiter: User) -> dict[int, tuple[dt.datetime, list[str]]]:
    """A busy desk for the board's tests (overdue after BUSY_DESK_OVERDUE_MINUTES): 40
    candidates with 70 open items over 50 interviews; returns {interview id: (due, kinds)},
    the kinds in board order (the recruiter's own work first).

    - 10 with a debrief missing for 3+ hours (overdue), and a second interview in 5 hours
      whose prep is not started (due at its start);
    - 10 whose interview ended 26+ hours ago with no letter sent and no word from the
      client (both overdue since the 24-hour mark);
    - 10 who sent a debrief 10 minutes ago asking for a call "in 3 hours" (not overdue:
      the call is due in 2 h 50 min, reading the debrief in 110 min);
    - 10 whose interview starts in 10+ hours with prep not started.
    """
    expected = {}
    for i in range(40):
        group, n = divmod(i, 10)
        candidate = make_candidate(name=f"Cand {'ABCD'[group]}{n}")
        if group == 0:
            late = make_ended_interview(
                minutes_ago=185 + 10 * n, candidate=candidate, recruiter=recruiter
            )
            expected[late.id] = (
                late.ends_at + BUSY_DESK_OVERDUE_MINUTES * _MINUTE,
                ["debrief_missing"],
            )
            soon = make_interview(
                starts_in=dt.timedelta(hours=5) + n * _MINUTE,
                candidate=candidate,
                recruiter=recruiter,
            )
            expected[soon.id] = (soon.starts_at, ["prep"])
        elif group == 1:
            old = make_ended_interview(
                minutes_ago=26 * 60 + 3 * n, candidate=candidate, recruiter=recruiter
            )
            debrief = make_debrief(interview=old)
            Debrief.update(reviewed_at=utcnow()).where(Debrief.id == debrief.id).execute()
            expected[old.id] = (
                old.ends_at + dt.timedelta(hours=24),
                ["client_feedback", "letters"],
            )
        elif group == 2:
            fresh = make_ended_interview(
                minutes_ago=40 + n, candidate=candidate, recruiter=recruiter
            )
            asked = utcnow().replace(microsecond=0) - 10 * _MINUTE + n * dt.timedelta(seconds=5)
            make_debrief(interview=fresh, submitted_at=asked, call_me=True)
            make_call_booking(interview=fresh, asked_at=asked, starts_at=asked + 3 * _HOUR)
            expected[fresh.id] = (
                asked + BUSY_DESK_OVERDUE_MINUTES * _MINUTE,
                ["review", "call_request"],
            )
        else:
            later = make_interview(
                starts_in=dt.timedelta(hours=10) + n * _MINUTE,
                candidate=candidate,
                recruiter=recruiter,
            )
            expected[later.id] = (later.starts_at, ["prep"])
    return expected
