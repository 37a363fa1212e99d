"""A candidate downloads everything about them: one zip with a readable page and JSON."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from portal.models import MODELS
from portal.models import AuditEvent
from portal.models import User
from portal.services.accounts import audit
from tests.support import links_to_user
from tests.support import rows_linked_to

EXPORT = "/candidate/account/export"


@pytest.fixture
def world(make):
    """Candidate A with a row in every table, and candidate B with their own interview."""
    a = make.make_candidate_world()
    b = make.make_candidate(name="Bernadette Other", email="bern@example.org")
    make.make_interview(candidate=b, recruiter=a.recruiter)
    a.other = b
    return a


def _unzip(response) -> tuple[dict, str]:
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = archive.namelist()
    data = json.loads(archive.read(next(n for n in names if n.endswith("/data.json"))))
    html = archive.read(next(n for n in names if n.endswith("/index.html"))).decode()
    return data, html


def test_export_is_one_zip_with_a_readable_page_and_json(client, login_as, world):
    """The download is a zip attachment, its length known, never cached, with both files."""
    login_as(world.candidate)
    response = client.post(EXPORT)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=debrief-data-")
    assert response.headers["Cache-Control"] == "no-store"
    assert int(response.headers["Content-Length"]) == len(response.get_data())
    data, html = _unzip(response)
    assert data["format"] == "debrief-export/1"
    assert data["candidate_id"] == world.candidate.id
    # The readable page shows the debrief, the amended version, the letter and the share.
    assert f"We talked about the {world.phrase} for an hour" in html
    assert f"Second round about the {world.phrase}" in html
    assert f"Thank you for the talk about the {world.phrase}." in html
    assert "Harper Manager" in html and "Chrome on Android" in html
    assert world.email in html


def test_export_covers_every_table_the_candidate_appears_in(client, login_as, world, db):
    """Walks every model's foreign keys to the user table: each row linked to the candidate
    is in the export (a new model that references a candidate fails here until exported)."""
    login_as(world.candidate)
    data, _html = _unzip(client.post(EXPORT))
    tables = data["tables"]
    for model in MODELS:
        chains = links_to_user(model)
        if not chains and model is not User:
            continue
        linked = set().union(*(rows_linked_to(model, c, world.candidate.id) for c in chains))
        if model is User:
            linked.add(world.candidate.id)
        table = model._meta.table_name
        assert linked, f"make_candidate_world makes no {table} row: add one so it is tested"
        assert table in tables, f"the export leaves out {table}"
        exported = {row["id"] for row in tables[table]}
        assert linked <= exported, f"{table}: rows {linked - exported} missing from the export"


def test_export_holds_every_debrief_version_and_no_secrets(client, login_as, world):
    """Every kept version is in the JSON as data; password and token hashes are not."""
    login_as(world.candidate)
    response = client.post(EXPORT)
    data, _html = _unzip(response)
    versions = data["tables"]["debrief_revision"]
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[1]["snapshot"]["next_steps"] == f"Second round about the {world.phrase}"
    raw = json.dumps(data)
    assert "password_hash" not in raw and "token_hash" not in raw
    assert "argon2" not in raw
    assert data["tables"]["user"][0]["email"] == world.email


def test_export_is_audited_and_lists_itself(client, login_as, world, db):
    """The download leaves an audit entry, and that entry is in the export it made."""
    login_as(world.candidate)
    data, _html = _unzip(client.post(EXPORT))
    event = AuditEvent.get(AuditEvent.action == "data.exported")
    assert event.actor_id == world.candidate.id
    assert event.id in {row["id"] for row in data["tables"]["audit_event"]}


def test_one_candidate_cannot_export_another(client, login_as, world):
    """Candidate B's export holds B's data and nothing of A's: there is no id to change."""
    login_as(world.other)
    data, html = _unzip(client.post(EXPORT))
    assert data["candidate_id"] == world.other.id
    raw = json.dumps(data) + html
    for secret in (world.name, world.email, world.phrase, "Harper Manager"):
        assert secret not in raw
    assert {row["candidate_id"] for row in data["tables"]["interview"]} == {world.other.id}


def test_export_needs_a_signed_in_candidate_and_a_csrf_token(client, login_as, world):
    """Signed out it sends to sign-in; a recruiter is refused; a forged POST is refused."""
    response = client.post(EXPORT)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login_as(world.recruiter)
    assert client.post(EXPORT).status_code == 403
    client.post("/logout")
    login_as(world.candidate)
    forged = client.post(EXPORT, csrf=False)
    assert forged.status_code == 400 and forged.mimetype != "application/zip"


def test_account_page_offers_the_download_and_the_notice(client, login_as, world):
    """The account page has the download button, the erasure link and the privacy notice."""
    login_as(world.candidate)
    html = client.get("/candidate/account").get_data(as_text=True)
    assert f'action="{EXPORT}"' in html
    assert "Download your data (zip)" in html
    assert 'href="/candidate/account/erase"' in html
    assert 'href="/privacy"' in html


def test_export_holds_the_candidates_address_not_the_recruiters(client, login_as, world):
    """A recruiter's action on the candidate is listed, without the recruiter's IP address;
    the candidate's own actions keep theirs."""
    audit.record(
        world.recruiter, "reset.issued", ("user", world.candidate.id), address="192.0.2.77"
    )
    audit.record(
        world.candidate, "profile.updated", ("user", world.candidate.id), address="198.51.100.31"
    )
    login_as(world.candidate)
    data, html = _unzip(client.post(EXPORT))
    events = data["tables"]["audit_event"]
    assert any(e["action"] == "reset.issued" and e["address"] is None for e in events)
    assert "192.0.2.77" not in json.dumps(data) and "192.0.2.77" not in html
    assert "198.51.100.31" in json.dumps(data) and "198.51.100.31" in html
