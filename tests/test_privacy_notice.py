"""The privacy notice: reachable by anyone, linked from every candidate page and the invite
page, with the agency's contact and the retention period from the settings."""

from __future__ import annotations

import pytest

from portal.services.accounts import users


def test_notice_says_what_is_kept_who_sees_it_and_for_how_long(app, client):
    """Anyone can read it; the contact and the periods come from the settings."""
    app.config.update(
        PRIVACY_CONTACT="privacy@agency.example",
        AGENCY_EMAIL="hello@agency.example",
        RETENTION_DAYS=365,
        RETENTION_GRACE_DAYS=14,
    )
    response = client.get("/privacy")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for part in ("What we keep", "Why", "Who sees it", "How long"):
        assert f"<h2>{part}</h2>" in html
    assert "After 365 days without activity" in html and "14 days later" in html
    assert 'href="mailto:privacy@agency.example"' in html
    assert "hello@agency.example" not in html
    assert "Shared with employers" in html


def test_notice_falls_back_to_the_agency_email_then_to_the_recruiter(app, client):
    """Without a privacy contact, the agency email; without either, 'ask your recruiter'."""
    app.config.update(AGENCY_EMAIL="hello@agency.example")
    assert 'href="mailto:hello@agency.example"' in client.get("/privacy").get_data(as_text=True)
    app.config.update(AGENCY_EMAIL="")
    html = client.get("/privacy").get_data(as_text=True)
    assert "mailto:" not in html and "Ask your recruiter about your data." in html


def test_default_retention_is_730_days(client):
    """The default period is two years."""
    assert "After 730 days without activity" in client.get("/privacy").get_data(as_text=True)


def test_invite_and_sign_in_pages_link_to_the_notice(client, make):
    """Before a candidate has a password, they can read the notice."""
    candidate = make.make_candidate(password=None)
    token = users.issue_token(user=candidate, purpose="invite", hours=72)
    for path in (f"/invite/{token}", "/login"):
        assert 'href="/privacy"' in client.get(path).get_data(as_text=True), path


@pytest.fixture
def world(make):
    return make.make_candidate_world()


def test_every_candidate_page_links_to_the_notice(app, client, login_as, world):
    """Walks every candidate GET route: each HTML page it answers carries the link."""
    login_as(world.candidate)
    values = {
        "interview_id": world.interview.id,
        "letter_id": world.letter.id,
        "item_id": 1,
        "fmt": "txt",
    }
    checked = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("candidate.") or "GET" not in (rule.methods or ()):
            continue
        path = rule.build({name: values[name] for name in rule.arguments})[1]
        response = client.get(path)
        if response.mimetype != "text/html":
            continue  # files: calendar, letter downloads
        assert response.status_code == 200, path
        assert 'href="/privacy"' in response.get_data(as_text=True), path
        checked.append(path)
    assert len(checked) >= 8, checked
