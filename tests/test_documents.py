"""A candidate's documents: attached by the recruiter, checked from their content, shared
only through a link, shown to the candidate, exported, and gone after erasure."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from portal.models import Document
from portal.models import DocumentBlob
from portal.models import ShareDocument
from tests.factories import make_docx
from tests.factories import make_pdf

PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def desk(make, login_as):
    """A signed-in recruiter and a candidate with an interview."""
    recruiter = make.make_recruiter(name="Rae Recruiter")
    login_as(recruiter)
    interview = make.make_ended_interview(minutes_ago=90, recruiter=recruiter)
    return interview


def _upload(client, candidate_id: int, data: bytes, name: str, title: str = "CV"):
    return client.post(
        f"/recruiter/candidates/{candidate_id}/documents",
        data={"title": title, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_a_pdf_and_a_word_file_are_attached_and_listed(client, desk):
    """Both land on the candidate page, typed from their content, named to match it."""
    cid = desk.candidate_id
    pdf = _upload(client, cid, make_pdf("Ana's CV"), "ana-cv.pdf")
    assert pdf.status_code == 302 and pdf.headers["Location"].endswith(f"/{cid}#documents")
    word = _upload(client, cid, make_docx("Portfolio"), "portfolio.bin", title="Portfolio")
    assert word.status_code == 302
    assert [(d.filename, d.kind) for d in Document.select().order_by(Document.id)] == [
        ("ana-cv.pdf", "pdf"),
        ("portfolio.docx", "docx"),
    ]
    page = client.get(f"/recruiter/candidates/{cid}").get_data(as_text=True)
    assert "ana-cv.pdf" in page and "portfolio.docx" in page


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (PNG, "cv.pdf", "Choose a PDF or Word file"),
        (b"", "cv.pdf", "This file is empty"),
        (make_pdf("Half a CV")[:-20], "cv.pdf", "This file is incomplete"),
        (make_docx("Half a CV")[:-30], "cv.docx", "This file is incomplete"),
        (b"just some text, renamed", "cv.docx", "Choose a PDF or Word file"),
    ],
    ids=["image named .pdf", "empty", "cut-off pdf", "cut-off docx", "text named .docx"],
)
def test_a_bad_file_is_refused_beside_the_field_and_the_title_stays(
    client, desk, data, name, message
):
    """Wrong type (whatever its name), empty, or cut off: a message beside the file field,
    the title typed is still there, nothing stored."""
    response = _upload(client, desk.candidate_id, data, name, title="Keep this title")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="file-error"' in html and message in html
    assert 'value="Keep this title"' in html
    assert Document.select().count() == 0


def test_a_file_over_the_cap_is_refused_in_words(app, client, desk):
    """Over the cap (a setting): refused beside the field; far over it (the server stops
    reading), the same words on the same page, never a bare error."""
    app.config["DOCUMENT_MAX_BYTES"] = 2048
    over = _upload(client, desk.candidate_id, make_pdf("x" * 3000), "big.pdf", title="Big")
    assert over.status_code == 400
    assert "larger than 2 KB" in over.get_data(as_text=True)
    assert 'value="Big"' in over.get_data(as_text=True)
    far = _upload(client, desk.candidate_id, make_pdf("x" * 400_000), "huge.pdf")
    assert far.status_code == 413
    assert 'id="file-error"' in far.get_data(as_text=True)
    assert Document.select().count() == 0


def test_other_forms_still_take_no_files(client, desk, make):
    """Only the upload route keeps files: elsewhere a file in place of a field is dropped."""
    response = client.post(
        "/recruiter/clients",
        data={"name": (io.BytesIO(b"Acme"), "name.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400


def _shared_link(client, make, desk, *, with_document: bool):
    _upload(client, desk.candidate_id, make_pdf("Ana's CV"), "ana-cv.pdf")
    document = Document.get()
    link = make.make_share_link(interview=desk, created_by=desk.recruiter)
    if with_document:
        ShareDocument.create(link=link.id, document=document.id)
    return link, document


def test_the_client_downloads_a_shared_document_only_through_its_link(client, make, desk):
    """As an attachment, never stored by caches; a document the link does not include, or
    any document through a dead link, answers like a dead link."""
    link, document = _shared_link(client, make, desk, with_document=True)
    visitor = client.application.test_client()
    page = visitor.get(f"/s/{link.raw_token}", headers={"User-Agent": PHONE_UA})
    href = f"/s/{link.raw_token}/documents/{document.id}"
    assert f'href="{href}"' in page.get_data(as_text=True)
    got = visitor.get(href, headers={"User-Agent": PHONE_UA})
    assert got.status_code == 200 and got.data == make_pdf("Ana's CV")
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert "ana-cv.pdf" in got.headers["Content-Disposition"]
    assert got.headers["Cache-Control"] == "no-store"
    assert got.headers["Content-Type"] == "application/pdf"

    other, _ = make.make_share_link(interview=desk, created_by=desk.recruiter), None
    not_included = visitor.get(f"/s/{other.raw_token}/documents/{document.id}")
    assert not_included.status_code == 404 and b"no longer available" in not_included.data
    client.post(f"/recruiter/shares/{link.id}/revoke")
    assert visitor.get(href).status_code == 404


def test_a_share_link_chooses_its_documents(client, desk):
    """The new-link form offers the candidate's documents; the ticked ones go in the link."""
    _upload(client, desk.candidate_id, make_pdf("Ana's CV"), "ana-cv.pdf")
    document = Document.get()
    form = f"/recruiter/shares/new?candidate_id={desk.candidate_id}&interview_id={desk.id}"
    assert "ana-cv.pdf" in client.get(form).get_data(as_text=True)
    made = client.post(
        form,
        data={
            "recipient_name": "Harper Manager",
            "sections": ["summary"],
            "summary": "Strong.",
            "days": "14",
            "documents": [str(document.id)],
            "action": "create",
        },
    )
    assert made.status_code == 201
    assert [(r.document_id,) for r in ShareDocument.select()] == [(document.id,)]


def test_the_candidate_sees_which_documents_were_shared(app, make, desk):
    """Their "Shared with employers" page names the documents each link includes."""
    recruiter_client = app.test_client()
    from tests.support import login

    login(recruiter_client, desk.recruiter)
    link, _ = _shared_link(recruiter_client, make, desk, with_document=True)
    candidate_client = app.test_client()
    login(candidate_client, desk.candidate)
    page = candidate_client.get("/candidate/shares").get_data(as_text=True)
    assert "Documents shared:" in page and "CV" in page


def test_documents_are_in_the_candidates_export(app, make, desk):
    """The export zip holds the file itself, listed on its readable page."""
    recruiter_client = app.test_client()
    from tests.support import login

    login(recruiter_client, desk.recruiter)
    _upload(recruiter_client, desk.candidate_id, make_pdf("Ana's CV"), "ana-cv.pdf")
    document = Document.get()
    candidate_client = app.test_client()
    login(candidate_client, desk.candidate)
    response = candidate_client.post("/candidate/account/export")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        path = next(n for n in names if n.endswith(f"documents/{document.id}-ana-cv.pdf"))
        assert archive.read(path) == make_pdf("Ana's CV")
        index = next(n for n in names if n.endswith("index.html"))
        assert f"documents/{document.id}-ana-cv.pdf" in archive.read(index).decode()


def test_erasure_removes_the_documents_down_to_the_bytes(app, make):
    """After erasure no row is left, and the file's words are in neither the SQLite file
    nor its write-ahead log."""
    from portal.db import is_sqlite
    from portal.services.privacy import erasure

    world = make.make_candidate_world()
    assert Document.select().count() == 1
    erasure.erase_candidate(candidate_id=world.candidate.id, by=None, reason="recruiter")
    assert Document.select().count() == DocumentBlob.select().count() == 0
    assert ShareDocument.select().count() == 0
    if not is_sqlite():
        return
    from portal.db import database

    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(app.config["DATABASE"])
    wal = path.with_name(path.name + "-wal")
    raw = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert world.phrase.encode() not in raw
    assert world.email.encode() not in raw


def test_an_old_word_file_is_named_in_the_readers_language(client, desk):
    """A .doc is 'Word (old format)' in the list; to a Spanish recruiter, 'Word (formato
    antiguo)'."""
    Document.create(
        candidate=desk.candidate_id,
        title="CV",
        filename="cv.doc",
        kind="doc",
        size=2048,
        sha256="0" * 64,
        created_at=desk.ends_at,
    )
    page = client.get(f"/recruiter/candidates/{desk.candidate_id}").get_data(as_text=True)
    assert "(Word (old format), 2 KB)" in page
    desk.recruiter.language = "es"
    desk.recruiter.save()
    page = client.get(f"/recruiter/candidates/{desk.candidate_id}").get_data(as_text=True)
    assert "(Word (formato antiguo), 2 KB)" in page
