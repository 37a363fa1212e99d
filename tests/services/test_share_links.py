"""Share-link rules (portal.services.sharing.share_links): tokens, sections, expiry, revoking, view counting."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from portal.models import SHARE_SECTIONS
from portal.models import AuditEvent
from portal.models import Debrief
from portal.models import ShareLink
from portal.models import ShareView
from portal.models import User
from portal.models import utcnow
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.errors import Throttled
from portal.services.sharing import documents
from portal.services.sharing import packets
from portal.services.sharing import share_links
from portal.services.sharing import visitors
from tests import factories
from tests.support import PHONE_UA
from tests.support import listed_link


def _make(make, **kwargs):
    recruiter = kwargs.pop("created_by", None) or make.make_recruiter(password=None)
    candidate = kwargs.pop("candidate", None) or make.make_candidate(password=None)
    answers = {
        "candidate_id": candidate.id,
        "created_by": recruiter,
        "recipient_name": "Harper Manager",
        "sections": ["summary"],
        "summary": "Strong on data.",
        **kwargs,
    }
    return share_links.create_link(**answers)


def _visit(raw):
    """The stylesheet's request from the phone that opened the page."""
    return share_links.Visit(raw=raw, address="10.0.0.1", user_agent=PHONE_UA)


def _open(raw, **kwargs):
    """Open the link as the share page does; the packet it shows."""
    link_id = share_links.open_link(
        share_links.Visit(
            raw=raw, address=kwargs.pop("address", "10.0.0.1"), user_agent=PHONE_UA, **kwargs
        )
    )
    return share_links.packet_for(link_id)


def test_token_is_256_random_bits_and_only_its_hash_is_stored(make):
    """The raw token is 43 URL-safe characters; the row keeps its SHA-256 and nothing else."""
    link, raw = _make(make)
    assert share_links.TOKEN_PATTERN.fullmatch(raw)
    row = listed_link(link)
    assert row.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in repr(row.__data__)
    _, other = _make(make)
    assert other != raw


@pytest.mark.parametrize("days", [0, -1, 91, 365])
def test_expiry_must_be_between_one_and_ninety_days(make, days):
    """A link lasts 1 to 90 days; anything else is refused on the days field."""
    with pytest.raises(ServiceError) as caught:
        _make(make, days=days)
    assert caught.value.field == "days"


def test_default_expiry_is_fourteen_days(make):
    """Without a choice, a link works for 14 days."""
    before = utcnow()
    link, _ = _make(make)
    assert dt.timedelta(days=14) <= link.expires_at - before < dt.timedelta(days=14, minutes=1)


@pytest.mark.parametrize(
    ("sections", "message"),
    [([], "at least one"), (["summary", "letters"], "only from"), (["schedule"], "interview")],
)
def test_sections_come_from_the_allowlist(make, sections, message):
    """No sections, an unknown one (letters are never shared) or a schedule without an
    interview are refused."""
    with pytest.raises(ServiceError) as caught:
        _make(make, sections=sections)
    assert caught.value.field == "sections" and message in caught.value.message


def test_text_of_a_section_not_chosen_is_not_stored(make):
    """Highlights typed but not ticked are dropped, so they can never reach a page."""
    link, _ = _make(make, sections=["summary"], highlights="Secret highlight")
    assert ShareLink.get_by_id(link.id).highlights == ""


def test_a_chosen_text_section_needs_text(make):
    """Ticking the summary without writing one is an error on the summary field."""
    with pytest.raises(ServiceError) as caught:
        _make(make, sections=["summary"], summary="   ")
    assert caught.value.field == "summary"


def test_no_link_for_a_deactivated_candidate(make):
    """A link for a deactivated candidate would never open, so it is not made."""
    candidate = make.make_candidate(password=None, active=False)
    with pytest.raises(ServiceError):
        _make(make, candidate=candidate)


def test_interview_must_belong_to_the_candidate(make):
    """An interview of another candidate cannot be attached to a link."""
    other = make.make_interview()
    with pytest.raises(NotFound):
        _make(make, interview_id=other.id, sections=["schedule"])


def test_same_idempotency_key_makes_one_link(make):
    """A retried create with the same key makes nothing and names the first link."""
    recruiter = make.make_recruiter(password=None)
    candidate = make.make_candidate(password=None)
    link, _ = _make(make, created_by=recruiter, candidate=candidate, idempotency_key="k" * 32)
    with pytest.raises(share_links.AlreadyMade) as caught:
        _make(make, created_by=recruiter, candidate=candidate, idempotency_key="k" * 32)
    assert caught.value.link_id == link.id
    assert ShareLink.select().count() == 1


def test_create_and_revoke_are_audited_by_id_once(make):
    """Audit rows name the link by id; a second revoke changes and records nothing."""
    link, raw = _make(make)
    recruiter = User.get_by_id(link.created_by_id)
    share_links.revoke_link(link_id=link.id, by=recruiter)
    first = ShareLink.get_by_id(link.id).revoked_at
    share_links.revoke_link(link_id=link.id, by=recruiter)
    assert ShareLink.get_by_id(link.id).revoked_at == first
    events = list(AuditEvent.select().where(AuditEvent.target_type == "share_link"))
    assert [(e.action, e.target_id) for e in events] == [
        ("share.created", link.id),
        ("share.revoked", link.id),
    ]
    assert all(raw not in e.detail for e in events)


@pytest.mark.parametrize("state", ["unknown", "expired", "revoked", "deactivated", "malformed"])
def test_every_dead_link_raises_the_same_not_found(make, state):
    """Unknown, expired, revoked, deactivated and malformed all end in one NotFound."""
    link, raw = _make(make)
    if state == "unknown":
        raw = "A" * 43
    elif state == "malformed":
        raw = raw + "="
    elif state == "expired":
        ShareLink.update(expires_at=utcnow() - dt.timedelta(seconds=1)).execute()
    elif state == "revoked":
        ShareLink.update(revoked_at=utcnow()).execute()
    else:
        User.update(active=False).where(User.id == link.candidate_id).execute()
    with pytest.raises(NotFound) as caught:
        _open(raw)
    assert caught.value.message == share_links.GONE_MESSAGE


def test_bad_tokens_are_throttled_per_address_even_for_a_right_one(make):
    """Past the limit an address gets Throttled for every token; other addresses do not."""
    _, raw = _make(make)
    for _ in range(3):
        with pytest.raises(NotFound):
            _open("B" * 43, limit=3)
    with pytest.raises(Throttled) as caught:
        _open(raw, limit=3)
    assert caught.value.retry_after > 0
    assert _open(raw, limit=3, address="10.0.0.2").candidate_name


def test_schedule_shows_only_interviews_with_the_same_client(make):
    """A client never sees the candidate's interviews with other employers."""
    candidate = make.make_candidate(password=None)
    here = make.make_interview(candidate=candidate)
    make.make_interview(
        candidate=candidate, position=make.make_position(client=here.position.client)
    )
    elsewhere = make.make_interview(candidate=candidate)
    _, raw = _make(make, candidate=candidate, interview_id=here.id, sections=["schedule"])
    packet = _open(raw)
    assert len(packet.schedule) == 2
    assert elsewhere.position.title not in {row.position_title for row in packet.schedule}


def test_packet_holds_only_chosen_sections(make):
    """Contact details and highlights stay empty unless chosen, even when stored."""
    link, raw = _make(make, sections=["summary"])
    ShareLink.update(highlights="Stored but unchosen").execute()
    packet = _open(raw)
    assert packet.sections == ("summary",)
    assert packet.email == packet.phone == "" and packet.highlights == () and packet.schedule == ()


def test_highlights_prefill_from_the_submitted_debrief_only(make):
    """The submitted debrief's qualifications, one per line, no repeats; never its notes."""
    interview = make.make_interview(candidate=make.make_candidate(name="Ana Costa"))
    debrief = Debrief.create(
        interview=interview,
        candidate=interview.candidate,
        status="draft",
        key_points="- Data platform\n- Team of six",
        qualifications="data platform; Five years of SQL; Data platform",
    )
    assert share_links.highlight_prefill(interview=interview, candidate_name="Ana Costa") == ""
    Debrief.update(status="submitted").where(Debrief.id == debrief.id).execute()
    assert share_links.highlight_prefill(interview=interview, candidate_name="Ana Costa") == (
        "- Data platform\n- Five years of SQL"
    )


def test_a_view_counts_as_a_person_only_once_the_stylesheet_confirms_it(make):
    """Opening counts as a bot until seen.css loads; one stylesheet confirms one opening."""
    link, raw = _make(make)
    _open(raw)
    row = listed_link(link)
    assert (row.view_count, row.bot_view_count, row.last_viewed_at) == (0, 1, None)
    assert share_links.confirm_view(_visit(raw))
    assert not share_links.confirm_view(_visit(raw))
    row = listed_link(link)
    assert (row.view_count, row.bot_view_count) == (1, 0) and row.last_viewed_at is not None
    view = ShareView.get(ShareView.link == link.id)
    assert view.confirmed and not view.is_bot and view.client_hint == "Chrome on Android"


def test_a_stale_opening_is_not_confirmed(make):
    """A stylesheet request long after the page (a replay) confirms nothing."""
    link, raw = _make(make)
    _open(raw, now=utcnow() - dt.timedelta(hours=1))
    assert not share_links.confirm_view(_visit(raw))
    assert ShareLink.get_by_id(link.id).view_count == 0


def test_staff_openings_are_not_counted(make):
    """A recruiter checking a link leaves the counts alone."""
    link, raw = _make(make)
    _open(raw, staff=True)
    row = listed_link(link)
    assert (row.view_count, row.bot_view_count) == (0, 0)


@pytest.mark.parametrize(
    "agent",
    [
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Twitterbot/1.0",
        "WhatsApp/2.23.20.0 A",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
        "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.4266; Pro)",
        "curl/8.5.0",
        "Wget/1.21.4",
        "python-requests/2.32.3",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/124.0.0.0 Safari/537.36",
        "",
    ],
)
def test_link_preview_bots_and_scripts_are_bots(agent):
    """Chat unfurlers, mail scanners, crawlers, scripts and headless browsers are bots."""
    assert visitors.is_bot(agent)


@pytest.mark.parametrize(
    ("agent", "hint"),
    [
        (PHONE_UA, "Chrome on Android"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0",
            "Firefox on Mac",
        ),
        (
            "Mozilla/5.0 (Linux; Android 13; CUBOT P80) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/120.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        ("Slackbot-LinkExpanding 1.0", "Slack preview"),
    ],
)
def test_client_hint_is_coarse(agent, hint):
    """People get 'browser on system' (a Cubot phone is no bot); bots get their kind."""
    assert visitors.client_hint(agent) == hint
    assert not agent or visitors.is_bot(agent) == (hint == "Slack preview")


def test_every_share_section_has_a_label_and_every_label_a_section():
    """A section added on one side only would show unlabelled or never be offered."""
    assert set(share_links.SECTION_LABELS) == set(SHARE_SECTIONS)


@pytest.mark.parametrize("from_interview", [False, True])
@pytest.mark.parametrize("with_document", [False, True])
def test_the_share_page_reads_the_packet_a_stored_link_shows(make, from_interview, with_document):
    """The page's one-row read of a link (packet_and_link) gives the packet the link's
    models give (packets.packet_of, as its preview shows it), every section chosen, with
    and without an interview and a document; and the link's ids and language."""
    recruiter = make.make_recruiter(password=None)
    candidate = make.make_candidate(password=None, phone="+44 7700 900123")
    interview = make.make_interview(candidate=candidate, recruiter=recruiter)
    link, _raw = _make(
        make,
        candidate=candidate,
        created_by=recruiter,
        interview_id=interview.id if from_interview else None,
        sections=[s for s in SHARE_SECTIONS if from_interview or s != "schedule"],
        highlights="Shipped <fast>\nLed a team",
    )
    if with_document:
        document = documents.attach(
            candidate_id=candidate.id,
            title="CV <b>",
            filename="cv.pdf",
            data=factories.make_pdf(),
            by=recruiter,
        )
        documents.include(link_id=link.id, document_ids=(document.id,))
    packet, page_link = share_links.packet_and_link(link.id)
    assert packet == packets.packet_of(ShareLink.get_by_id(link.id))
    assert bool(packet.documents) is with_document
    assert bool(packet.schedule) is from_interview and packet.recruiter_phone == recruiter.phone
    assert page_link == share_links.PageLink(
        link.id,
        candidate.id,
        interview.id if from_interview else None,
        interview.position_id if from_interview else None,
        link.language,
    )
