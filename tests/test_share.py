"""Client share links over HTTP: the read-only client page, and the recruiter's and
candidate's pages about links."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest

from portal.db import database
from portal.logs import redact
from portal.models import AuditEvent
from portal.models import Debrief
from portal.models import IdempotencyKey
from portal.models import ShareLink
from portal.models import ShareView
from portal.models import User
from portal.models import utcnow
from portal.services.sharing import share_links
from tests.support import PHONE_UA
from tests.support import listed_link
from tests.support import sign_in

GONE = "This link is no longer available"


def _open(client, raw, **kwargs):
    headers = {"User-Agent": kwargs.pop("ua", PHONE_UA)}
    return client.get(f"/s/{raw}", headers=headers, **kwargs)


@pytest.fixture
def world(make):
    """A recruiter, candidate A with an interview (and a submitted debrief), candidate B."""
    recruiter = make.make_recruiter(name="Rae Recruiter")
    a = make.make_candidate(name="Ana Costa", email="ana@example.com", phone="+44 7700 900111")
    b = make.make_candidate(name="Bruno Lima", email="bruno@example.com", phone="+44 7700 900222")
    interview = make.make_interview(
        candidate=a, recruiter=recruiter, starts_in=dt.timedelta(hours=-3)
    )
    Debrief.create(
        interview=interview,
        candidate=a,
        status="submitted",
        key_points="- Moving billing to event streams",
        qualifications="Led a 40-dashboard migration",
        concerns="RAW-DEBRIEF-CONCERN",
    )
    b_interview = make.make_interview(
        candidate=b,
        recruiter=recruiter,
        position=make.make_position(client=interview.position.client, title="Bruno's role"),
    )
    return {
        "recruiter": recruiter,
        "a": a,
        "b": b,
        "interview": interview,
        "b_interview": b_interview,
    }


# ---------------------------------------------------------------------------
# The client page
# ---------------------------------------------------------------------------


def test_share_page_shows_the_packet_read_only_and_branded(client, make, world):
    """The packet carries the agency's name, the expiry date, and nothing that changes data."""
    link = make.make_share_link(interview=world["interview"], sections=("summary", "schedule"))
    response = _open(client, link.raw_token)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ana Costa" in html and "Debrief Recruiting" in html
    assert "A thoughtful engineer" in html and "Interview schedule" in html
    assert f"{link.expires_at.day} {link.expires_at.strftime('%B %Y')}" in html
    # Read only: the one form is the client's own answer ("Your view"), posted to its
    # own address; nothing else on the page can change anything.
    assert html.lower().count("<form") == 1
    assert f'action="/s/{link.raw_token}/answer"' in html
    assert "<script" not in html.lower()
    assert 'name="robots" content="noindex' in html
    assert "Set-Cookie" not in response.headers


def test_revoked_link_is_gone_on_the_next_request(client, app, make, world):
    """Revoke, open (gone, its stylesheet too), revoke again: it stays gone."""
    link = make.make_share_link(interview=world["interview"])
    reader = app.test_client()
    assert _open(reader, link.raw_token).status_code == 200
    sign_in(client, world["recruiter"])
    response = client.post(f"/recruiter/shares/{link.id}/revoke")
    assert response.headers["Location"].endswith("/recruiter/shares")
    gone = _open(reader, link.raw_token)
    assert gone.status_code == 404 and GONE in gone.get_data(as_text=True)
    assert "Ana Costa" not in gone.get_data(as_text=True)
    assert reader.get(f"/s/{link.raw_token}/seen.css").status_code == 404
    client.post(f"/recruiter/shares/{link.id}/revoke")
    again = _open(reader, link.raw_token)
    assert again.status_code == 404 and GONE in again.get_data(as_text=True)


def test_expired_link_is_gone(client, make, world):
    """A link past its expiry answers the gone page."""
    link = make.make_share_link(
        interview=world["interview"], expires_at=utcnow() - dt.timedelta(minutes=1)
    )
    response = _open(client, link.raw_token)
    assert response.status_code == 404 and GONE in response.get_data(as_text=True)
    assert "Ana Costa" not in response.get_data(as_text=True)


def _phone_ending(html: str, digits: str) -> bool:
    """Whether a phone number ending in `digits` is in the page: a test recruiter's own
    number ("+44 7700 9001115") may hold the same digits followed by more."""
    return re.search(rf"{digits}(?!\d)", html) is not None


def test_link_for_candidate_a_never_shows_candidate_b(client, make, world):
    """Every section of A's link, and B (same client) appears nowhere in it."""
    link = make.make_share_link(
        interview=world["interview"], sections=("summary", "schedule", "highlights", "contact")
    )
    html = _open(client, link.raw_token).get_data(as_text=True)
    assert "Ana Costa" in html and "ana@example.com" in html
    for secret in ("Bruno", "bruno@example.com", "Bruno's role"):
        assert secret not in html
    assert not _phone_ending(html, "900222")  # Bruno's phone


def test_sections_not_chosen_never_appear_in_the_html(client, make, world):
    """Summary only: no highlights (even when stored), schedule, contact or raw debrief."""
    link = make.make_share_link(interview=world["interview"], sections=("summary",))
    ShareLink.update(highlights="STORED-HIGHLIGHT").where(ShareLink.id == link.id).execute()
    html = _open(client, link.raw_token).get_data(as_text=True)
    assert "A thoughtful engineer" in html
    for absent in (
        "STORED-HIGHLIGHT",
        "Interview highlights",
        "Interview schedule",
        "Contact details",
        "ana@example.com",
        "mailto:ana",
        "RAW-DEBRIEF-CONCERN",
        "1 Main Street",
    ):
        assert absent not in html, absent
    assert not _phone_ending(html, "900111")  # Ana's phone, shown or in a tel: link


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
@pytest.mark.parametrize("suffix", ["", "/seen.css"])
def test_changing_methods_on_a_share_url_are_refused(client, make, world, method, suffix):
    """Anything but GET/HEAD gets 405 (not a CSRF 400), with the share headers, changing nothing."""
    link = make.make_share_link(interview=world["interview"])
    for csrf in (True, False):
        response = client.open(f"/s/{link.raw_token}{suffix}", method=method, data={}, csrf=csrf)
        assert response.status_code == 405, (method, csrf)
        assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD"}
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"
    row = listed_link(link)
    assert (row.view_count, row.bot_view_count, row.revoked_at) == (0, 0, None)


def test_guessed_short_and_altered_tokens_answer_like_an_unknown_one(client, app, make, world):
    """Same status and byte-identical body for every dead token, whatever its kind."""
    link = make.make_share_link(interview=world["interview"])
    raw = link.raw_token
    flipped = raw[:10] + ("A" if raw[10] != "A" else "B") + raw[11:]
    expired = make.make_share_link(
        interview=world["interview"], expires_at=utcnow() - dt.timedelta(seconds=1)
    )
    revoked = make.make_share_link(interview=world["interview"], revoked_at=utcnow())
    other = make.make_candidate(password=None)
    deactivated = make.make_share_link(candidate=other)
    User.update(active=False).where(User.id == other.id).execute()
    tokens = {
        "unknown": "Zm9yZ2V0LW1lLW5vdC10aGlzLWlzLWEtZ3Vlc3MtMTIz"[:43],
        "short": raw[:20],
        "long": raw + "x",
        "altered": flipped,
        "odd characters": "%00" + raw[3:],
        "expired": expired.raw_token,
        "revoked": revoked.raw_token,
        "deactivated": deactivated.raw_token,
    }
    answers = {name: _open(client, token) for name, token in tokens.items()}
    bodies = {name: r.get_data() for name, r in answers.items()}
    assert {r.status_code for r in answers.values()} == {404}
    assert len(set(bodies.values())) == 1, {k: len(v) for k, v in bodies.items()}
    assert GONE.encode() in bodies["unknown"]


def test_token_is_not_stored_in_clear(client, app, make, world):
    """The share_link row, read with plain SQL, holds only the token's SHA-256."""
    sign_in(client, world["recruiter"])
    response = client.post(
        f"/recruiter/shares/new?candidate_id={world['a'].id}",
        data={
            "recipient_name": "Harper",
            "sections": ["summary"],
            "summary": "Good",
            "days": "14",
            "action": "create",
        },
    )
    raw = re.search(r"/s/([A-Za-z0-9_-]{43})", response.get_data(as_text=True)).group(1)
    cursor = database.execute_sql("SELECT * FROM share_link")
    rows = cursor.fetchall()
    assert len(rows) == 1
    assert not any(raw in str(value) for value in rows[0])
    assert share_links.hash_token(raw) in rows[0]
    # Not in the audit log either.
    assert all(raw not in (e.detail + e.action) for e in AuditEvent.select())


def test_share_responses_carry_privacy_headers(client, app, make, world):
    """noindex, no-referrer, no-store and the strict CSP on the page, its stylesheet,
    the gone page, a 405 and a 429."""
    link = make.make_share_link(interview=world["interview"])
    responses = [
        _open(client, link.raw_token),
        client.get(f"/s/{link.raw_token}/seen.css", headers={"User-Agent": PHONE_UA}),
        _open(client, "x" * 43),
        client.post(f"/s/{link.raw_token}"),
        client.get("/s/"),
    ]
    app.config["SHARE_FAILURES_PER_ADDRESS"] = 1
    responses.append(_open(client, link.raw_token))
    assert [r.status_code for r in responses] == [200, 200, 404, 405, 404, 429]
    for response in responses:
        headers = response.headers
        assert "noindex" in headers["X-Robots-Tag"]
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cache-Control"] == "no-store"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_bots_are_not_counted_as_people(client, make, world):
    """Unfurlers (even loading the stylesheet), HEAD checks and pages whose stylesheet never
    loads count as bots; a browser that loads it counts as a person."""
    link = make.make_share_link(interview=world["interview"])
    raw = link.raw_token
    for agent in ("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "curl/8.5"):
        assert _open(client, raw, ua=agent).status_code == 200
        client.get(f"/s/{raw}/seen.css", headers={"User-Agent": agent})
    client.head(f"/s/{raw}", headers={"User-Agent": PHONE_UA})
    _open(client, raw)  # a page whose stylesheet never came
    row = listed_link(link)
    assert (row.view_count, row.bot_view_count, row.last_viewed_at) == (0, 4, None)
    _open(client, raw)
    css = client.get(f"/s/{raw}/seen.css", headers={"User-Agent": PHONE_UA})
    assert css.status_code == 200 and css.mimetype == "text/css"
    row = listed_link(link)
    assert (row.view_count, row.bot_view_count) == (1, 4) and row.last_viewed_at
    hints = {v.client_hint for v in ShareView.select().where(ShareView.link == link.id)}
    assert hints == {"Slack preview", "Script", "Link check (HEAD)", "Chrome on Android"}


def test_bad_tokens_are_rate_limited_per_address(client, app, make, world):
    """Past the limit an address gets 429 with the same wording, even for a good token;
    another address is unaffected."""
    app.config["SHARE_FAILURES_PER_ADDRESS"] = 3
    link = make.make_share_link(interview=world["interview"])
    for n in range(3):
        assert _open(client, f"{n}" * 43).status_code == 404
    blocked = _open(client, link.raw_token)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert GONE in blocked.get_data(as_text=True) and "Ana Costa" not in blocked.get_data(
        as_text=True
    )
    elsewhere = _open(client, link.raw_token, environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert elsewhere.status_code == 200


def test_a_recruiter_opening_a_link_is_not_counted(client, make, world):
    """The recruiter checking the link they sent does not look like the client viewing it."""
    link = make.make_share_link(interview=world["interview"])
    sign_in(client, world["recruiter"])
    assert _open(client, link.raw_token).status_code == 200
    client.get(f"/s/{link.raw_token}/seen.css", headers={"User-Agent": PHONE_UA})
    row = listed_link(link)
    assert (row.view_count, row.bot_view_count) == (0, 0)


def test_tokens_are_cut_out_of_logged_paths(app, client, make, world, caplog):
    """The log filter on the request and app loggers replaces the token with '…'."""
    link = make.make_share_link(interview=world["interview"])
    raw = link.raw_token
    assert redact(f'"GET /s/{raw}/seen.css HTTP/1.1" 200') == '"GET /s/…/seen.css HTTP/1.1" 200'
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info('"%s" %s %s', f"GET /s/{raw} HTTP/1.1", "200", "-")
        app.logger.error("Unhandled error on %s %s", "GET", f"/s/{raw}")
        _open(client, raw)
    assert caplog.records and raw not in caplog.text


# ---------------------------------------------------------------------------
# The recruiter's pages
# ---------------------------------------------------------------------------


def _form(**overrides):
    return {
        "recipient_name": "Harper Manager",
        "recipient_company": "Client Co",
        "sections": ["summary", "highlights"],
        "summary": "Calm under pressure; strong on data.",
        "highlights": "- Moving billing to event streams",
        "days": "10",
        "idempotency_key": "key-" + "1" * 28,
        "action": "create",
        **overrides,
    }


def test_new_link_form_is_prefilled_from_the_interview(client, world):
    """From an interview: schedule offered, highlights filled from the submitted debrief,
    contact unticked, 14 days."""
    sign_in(client, world["recruiter"])
    a, interview = world["a"], world["interview"]
    response = client.get(f"/recruiter/shares/new?candidate_id={a.id}&interview_id={interview.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ">- Led a 40-dashboard migration</textarea>" in html
    assert "Moving billing to event streams" not in html
    assert "RAW-DEBRIEF-CONCERN" not in html
    assert 'value="schedule" checked' in html
    assert 'value="contact">' in html
    assert 'name="days" type="text" value="14"' in html


def test_new_link_without_an_interview_offers_no_schedule(client, world):
    """From a candidate alone, the schedule is not offered (it would name other employers)."""
    sign_in(client, world["recruiter"])
    html = client.get(f"/recruiter/shares/new?candidate_id={world['a'].id}").get_data(as_text=True)
    assert 'value="schedule"' not in html and "start from one of the candidate" in html


def test_new_link_form_for_unknown_people_is_404(client, world):
    """An unknown candidate, or another candidate's interview, gives 404."""
    sign_in(client, world["recruiter"])
    a, b_interview = world["a"], world["b_interview"]
    assert client.get("/recruiter/shares/new?candidate_id=99999").status_code == 404
    wrong = client.get(f"/recruiter/shares/new?candidate_id={a.id}&interview_id={b_interview.id}")
    assert wrong.status_code == 404


def test_new_link_without_a_candidate_asks_which_one(client, world):
    """The list's 'Make a share link' first asks for the candidate."""
    sign_in(client, world["recruiter"])
    html = client.get("/recruiter/shares/new").get_data(as_text=True)
    assert "Which candidate?" in html and f'value="{world["a"].id}"' in html


def test_preview_before_making_shows_the_client_page_and_makes_nothing(client, make, world):
    """Preview renders the form again with the client's page below it; no link is made."""
    sign_in(client, world["recruiter"])
    a, interview = world["a"], world["interview"]
    response = client.post(
        f"/recruiter/shares/new?candidate_id={a.id}&interview_id={interview.id}",
        data=_form(action="preview"),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ShareLink.select().count() == 0
    assert 'value="Harper Manager"' in html  # the form, as typed
    preview = html[html.index('id="preview-title"') :]
    assert "Calm under pressure" in preview and "Moving billing to event streams" in preview
    assert "Interview schedule" not in preview and "ana@example.com" not in preview


def test_recruiter_makes_a_link_and_sees_the_address_once(client, world):
    """Making a link shows its address once (no-store), audits it by id, and lists it."""
    sign_in(client, world["recruiter"])
    a, interview = world["a"], world["interview"]
    response = client.post(
        f"/recruiter/shares/new?candidate_id={a.id}&interview_id={interview.id}", data=_form()
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 201 and response.headers["Cache-Control"] == "no-store"
    raw = re.search(r"/s/([A-Za-z0-9_-]{43})", html).group(1)
    link = ShareLink.get()
    assert link.section_list == ["summary", "highlights"] and link.interview_id == interview.id
    assert dt.timedelta(days=9, hours=23) < link.expires_at - utcnow() <= dt.timedelta(days=10)
    event = AuditEvent.get(AuditEvent.action == "share.created")
    assert (event.target_type, event.target_id) == ("share_link", link.id)
    listing = client.get("/recruiter/shares").get_data(as_text=True)
    preview = client.get(f"/recruiter/shares/{link.id}/preview").get_data(as_text=True)
    assert "Harper Manager" in listing and "Ana Costa" in listing
    assert raw not in listing and raw not in preview
    assert "Calm under pressure" in preview


def test_double_submit_makes_one_link(client, world):
    """The same form sent twice makes one link and leads to it, saying the address was shown once."""
    sign_in(client, world["recruiter"])
    path = f"/recruiter/shares/new?candidate_id={world['a'].id}"
    first = client.post(path, data=_form(sections=["summary"]))
    second = client.post(path, data=_form(sections=["summary"]))
    link = ShareLink.get()
    assert first.status_code == 201
    assert second.headers["Location"].endswith(f"/recruiter/shares/{link.id}/preview")
    assert ShareLink.select().count() == 1 and IdempotencyKey.select().count() == 1
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "already made" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"recipient_name": ""}, "recipient_name", "Enter the name of the person"),
        ({"sections": []}, "sections", "Choose at least one thing"),
        ({"days": "91"}, "days", "between 1 and 90 days"),
        ({"days": "soon"}, "days", "whole number of days"),
        ({"summary": ""}, "summary", "or untick it"),
    ],
)
def test_form_errors_keep_what_was_typed(client, world, changes, field, message):
    """A mistake re-renders the form with 400, the message by the field, and the text kept."""
    sign_in(client, world["recruiter"])
    response = client.post(
        f"/recruiter/shares/new?candidate_id={world['a'].id}", data=_form(**changes)
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html and message in html
    assert f'id="{field}-error"' in html
    assert "- Moving billing to event streams</textarea>" in html
    assert ShareLink.select().count() == 0


def test_list_keeps_expired_and_revoked_links_with_their_views(client, make, world):
    """Every link stays listed: live ones can be revoked, others show why they are closed."""
    live = make.make_share_link(interview=world["interview"], recipient_name="Live Lee")
    make.make_share_link(
        interview=world["interview"],
        recipient_name="Old Olga",
        expires_at=utcnow() - dt.timedelta(days=1),
    )
    make.make_share_link(
        interview=world["interview"], recipient_name="Gone Gus", revoked_at=utcnow()
    )
    ShareLink.update(view_count=3).where(ShareLink.id == live.id).execute()
    for _ in range(2):  # two openings no stylesheet confirmed: bots
        ShareView.create(link=live, client_hint="Link check (HEAD)", is_bot=True)
    sign_in(client, world["recruiter"])
    html = client.get("/recruiter/shares").get_data(as_text=True)
    for name in ("Live Lee", "Old Olga", "Gone Gus", "Expired", "Revoked"):
        assert name in html
    assert html.count('/revoke"') == 1 and f"/recruiter/shares/{live.id}/revoke" in html
    assert "<td>3</td>\n<td>2</td>" in html


def test_list_pages_by_keyset(client, make, world):
    """Fifty links a page, newest first, with a link to the older ones."""
    recruiter = world["recruiter"]
    for n in range(52):
        make.make_share_link(candidate=world["a"], created_by=recruiter, recipient_name=f"R{n:02d}")
    sign_in(client, recruiter)
    first = client.get("/recruiter/shares").get_data(as_text=True)
    assert "R51" in first and "R02" in first and "R01" not in first
    older = re.search(r'href="(/recruiter/shares\?before=\d+)"', first).group(1)
    second = client.get(older).get_data(as_text=True)
    assert "R01" in second and "R00" in second and "R02" not in second


# ---------------------------------------------------------------------------
# The candidate's page
# ---------------------------------------------------------------------------


def test_candidate_sees_their_links_what_each_shows_and_when_viewed(client, make, world, login_as):
    """Candidate A sees A's links (sections, text, views), never B's."""
    link = make.make_share_link(
        interview=world["interview"], sections=("summary", "highlights"), recipient_name="Hana"
    )
    make.make_share_link(candidate=world["b"], recipient_name="Someone For Bruno")
    viewed = utcnow() - dt.timedelta(hours=2)
    ShareLink.update(view_count=2, last_viewed_at=viewed).where(ShareLink.id == link.id).execute()
    login_as(world["a"])
    response = client.get("/candidate/shares")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hana" in html and "Candidate summary, Interview highlights" in html
    assert "Opened:</strong> 2 times" in html and viewed.strftime("%Y-%m-%dT%H:%M") in html
    assert "Led the data platform migration" in html
    assert "Someone For Bruno" not in html
    assert 'href="/candidate/shares"' in client.get("/candidate/").get_data(as_text=True)
