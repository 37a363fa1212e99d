"""Documents attached to a candidate (a CV, a portfolio): PDF or Word, kept in the database.

Rules held here:

- The type is told from the content, never the name: `filetype` reads the magic bytes,
  then the structure is checked, so a cut-off upload is refused rather than stored: a PDF
  must end with its `%%EOF` marker; a .docx is a zip whose directory (at its very end)
  opens and holds `word/document.xml`; a .doc is an OLE compound file made of whole
  512-byte sectors. Empty, too large (`max_bytes`), of another type, or cut off: a
  ServiceError on the field `file`, in words.
- The bytes live in `DocumentBlob`, in the database every app server reaches; lists read
  only the description.
- A client gets a document only through a live share link that includes it
  (`ShareDocument`); anything else answers like a dead link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass

import filetype  # type: ignore[import-untyped]  # ships no type information

from portal.db import Prepared
from portal.db import database
from portal.db import param
from portal.db import tuples
from portal.models import Document
from portal.models import DocumentBlob
from portal.models import ShareDocument
from portal.models import ShareLink
from portal.models import User
from portal.models import utcnow
from portal.services.accounts import audit
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.vocabulary import N_

MAX_BYTES = 10 * 1024 * 1024
TITLE_LIMIT = 120
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
}
# A file's kind as lists show it, in the reader's language where it is shown (`worded`).
KIND_LABELS = {"pdf": "PDF", "docx": "Word", "doc": N_("Word (old format)")}
WRONG_TYPE = N_("Choose a PDF or Word file (.pdf, .docx or .doc). This file is neither.")
CUT_OFF = N_("This file is incomplete (it looks cut off). Upload it again.")
# The end of a PDF may carry a few bytes after %%EOF (a line break, padding).
PDF_TAIL = 1024
OLE_SECTOR = 512


@dataclass(frozen=True)
class DocumentRow:
    """A document as lists show it (never its bytes)."""

    id: int
    title: str
    filename: str
    kind: str
    size: int
    created_at: dt.datetime

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def _too_large(max_bytes: int) -> ServiceError:
    """The refusal of a file over `max_bytes`, the limit in whole MB (else KB)."""
    if max_bytes >= 1024 * 1024:
        return ServiceError(
            "This file is larger than %(n)s MB. Make it smaller, or choose another.",
            field="file",
            n=round(max_bytes / (1024 * 1024)),
        )
    return ServiceError(
        "This file is larger than %(n)s KB. Make it smaller, or choose another.",
        field="file",
        n=max_bytes // 1024,
    )


def kind_of(data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """'pdf', 'docx' or 'doc' for a whole, readable file; ServiceError (field `file`) else."""
    if not data:
        raise ServiceError("This file is empty. Choose the document itself.", field="file")
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    guess = filetype.guess(data)
    extension = guess.extension if guess else ""
    if extension == "pdf":
        if b"%%EOF" not in data[-PDF_TAIL:]:
            raise ServiceError(CUT_OFF, field="file")
        return "pdf"
    if extension in ("docx", "zip"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise ServiceError(CUT_OFF, field="file") from None
        if "word/document.xml" not in names:
            raise ServiceError(WRONG_TYPE, field="file")
        return "docx"
    if extension == "doc":
        if len(data) < 3 * OLE_SECTOR or len(data) % OLE_SECTOR:
            raise ServiceError(CUT_OFF, field="file")
        return "doc"
    raise ServiceError(WRONG_TYPE, field="file")


def _candidate(candidate_id: int) -> User:
    user = User.get_or_none((User.id == candidate_id) & (User.role == "candidate"))
    if user is None or user.erased_at is not None:
        raise NotFound("That candidate does not exist.")
    return user


def _filename(name: str, kind: str) -> str:
    """The name to download it under: the uploaded one without any folder, and the right
    extension (the content decided the type, so the name follows it)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "document"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem[:180]}.{kind}"


def attach(
    *,
    candidate_id: int,
    title: str,
    filename: str,
    data: bytes,
    by: User,
    max_bytes: int = MAX_BYTES,
    address: str = "",
) -> Document:
    """Store a document for the candidate, after checking it (see the module docstring)."""
    candidate = _candidate(candidate_id)
    title = (title or "").strip()
    if len(title) > TITLE_LIMIT:
        raise ServiceError("Use at most %(n)s characters.", field="title", n=TITLE_LIMIT)
    kind = kind_of(data, max_bytes=max_bytes)
    name = _filename(filename, kind)
    with database.atomic():
        document = Document.create(
            candidate=candidate.id,
            title=title or name.rsplit(".", 1)[0],
            filename=name,
            kind=kind,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=by.id,
            created_at=utcnow(),
        )
        DocumentBlob.create(document=document.id, data=data)
        audit.record(
            actor=by,
            action="document.attached",
            target=candidate,
            detail=f"document {document.id}, {KIND_LABELS[kind]}, {len(data)} bytes",
            address=address,
        )
    return document


def _described():
    """Documents' descriptions, in `DocumentRow` order (never their bytes)."""
    return Document.select(
        Document.id,
        Document.title,
        Document.filename,
        Document.kind,
        Document.size,
        Document.created_at,
    )


def documents_of(*, candidate_id: int) -> list[DocumentRow]:
    """The candidate's documents, newest first (descriptions only)."""
    rows = tuples(
        _described()
        .where(Document.candidate == candidate_id)
        .order_by(Document.created_at.desc(), Document.id.desc())
    )
    return [DocumentRow(*row) for row in rows]


def remove(*, document_id: int, candidate_id: int, by: User, address: str = "") -> None:
    """Delete a document (its bytes, and its place in every link, go with it)."""
    with database.atomic():
        gone = (
            Document.delete()
            .where((Document.id == document_id) & (Document.candidate == candidate_id))
            .execute()
        )
        if not gone:
            raise NotFound("That document does not exist.")
        audit.record(
            actor=by,
            action="document.removed",
            target=("user", candidate_id),
            detail=f"document {document_id}",
            address=address,
        )


def check_choice(*, candidate_id: int, document_ids) -> tuple[int, ...]:
    """The chosen documents, all the candidate's own (ServiceError on `documents` else)."""
    chosen = tuple(sorted({int(i) for i in document_ids or ()}))
    if not chosen:
        return ()
    owned = {
        row[0]
        for row in tuples(
            Document.select(Document.id).where(
                Document.id.in_(chosen) & (Document.candidate == candidate_id)
            )
        )
    }
    if owned != set(chosen):
        raise ServiceError("Choose only this candidate's documents.", field="documents")
    return chosen


def include(*, link_id: int, document_ids: tuple[int, ...]) -> None:
    """Add the documents to a link (inside the link's own transaction)."""
    for document_id in document_ids:
        ShareDocument.insert(link=link_id, document=document_id).on_conflict_ignore().execute()


def shared_through(*, link_id: int) -> list[DocumentRow]:
    """The documents a link includes (descriptions only), oldest first."""
    return [DocumentRow(*row) for row in _shared_through.run(link_id=link_id)]


# Every opening of a share page runs this one: prepared (portal.db.Prepared).
_shared_through = Prepared(
    lambda: (
        _described()
        .join(ShareDocument, on=(ShareDocument.document == Document.id))
        .where(ShareDocument.link == param("link_id"))
        .order_by(Document.created_at, Document.id)
        .tuples()
    )
)


@dataclass(frozen=True)
class SharedDocument:
    """One document the candidate can see was shared: with whom, through which link."""

    link_id: int
    title: str
    recipient_name: str
    recipient_company: str
    shared_at: dt.datetime
    link_live: bool


def shared_with_whom(*, candidate_id: int, now: dt.datetime | None = None) -> list[SharedDocument]:
    """Which of the candidate's documents went into which link, newest link first."""
    now = now or utcnow()
    rows = tuples(
        ShareDocument.select(
            ShareLink.id,
            Document.title,
            ShareLink.recipient_name,
            ShareLink.recipient_company,
            ShareLink.created_at,
            ShareLink.revoked_at,
            ShareLink.expires_at,
        )
        .join(Document, on=(ShareDocument.document == Document.id))
        .switch(ShareDocument)
        .join(ShareLink, on=(ShareDocument.link == ShareLink.id))
        .where(Document.candidate == candidate_id)
        .order_by(ShareLink.created_at.desc(), ShareLink.id.desc(), Document.id)
    )
    return [
        SharedDocument(link_id, title, name, company, made, revoked is None and expires > now)
        for link_id, title, name, company, made, revoked, expires in rows
    ]


def download(
    *, link_id: int, document_id: int, address: str = "", now: dt.datetime | None = None
) -> tuple[Document, bytes]:
    """A document through the live link `link_id` (found live a moment ago); NotFound when
    the link does not include it. Logged in the audit, naming the link's recipient."""
    found = (
        Document.select(Document, DocumentBlob.data, ShareLink.recipient_name)
        .join(ShareDocument, on=(ShareDocument.document == Document.id))
        .join(ShareLink, on=(ShareDocument.link == ShareLink.id))
        .switch(Document)
        .join(DocumentBlob, on=(DocumentBlob.document == Document.id))
        .where((ShareDocument.link == link_id) & (Document.id == document_id))
        .objects()
        .first()
    )
    if found is None:
        raise NotFound("That document is not available.")
    audit.record(
        actor=None,
        actor_name=found.recipient_name,
        action="share.document_downloaded",
        target=("share_link", link_id),
        detail=f"document {document_id}",
        address=address,
        at=now,
    )
    return found, bytes(found.data)
