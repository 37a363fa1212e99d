"""The client's decision per round, documents in the packet, links sent from the portal.

- client_answer: one answer per link *and round* (unique on both, no longer on the link
  alone); the decision (advance | hold | pass), a one-line reason (`headline`) and a
  question for the recruiter. `read_at` goes: reading an answer no longer locks it.
- share_link.recipient_email / sent_at: the address the portal emailed the link to.
- audit_event.actor_name: who acted when they have no account (a client, by name).
- document, document_blob, share_document: files attached to a candidate (bytes kept
  apart from their description), and which of them each link includes.
"""

from peewee import *

from portal.migrations import frozen


def _models(db):
    Frozen = frozen.base(db)
    User = frozen.table(db, "user")
    ShareLink = frozen.table(db, "share_link")

    class Document(Frozen):
        candidate = ForeignKeyField(User, on_delete="CASCADE")
        title = CharField(max_length=120)
        filename = CharField(max_length=200)
        kind = CharField(max_length=8)
        size = IntegerField()
        sha256 = CharField(max_length=64)
        uploaded_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        created_at = DateTimeField()

        class Meta:
            table_name = "document"
            indexes = ((("candidate", "created_at"), False),)

    class DocumentBlob(Frozen):
        document = ForeignKeyField(Document, unique=True, on_delete="CASCADE")
        data = BlobField()

        class Meta:
            table_name = "document_blob"

    class ShareDocument(Frozen):
        link = ForeignKeyField(ShareLink, on_delete="CASCADE")
        document = ForeignKeyField(Document, on_delete="CASCADE")

        class Meta:
            table_name = "share_document"
            indexes = ((("link", "document"), True),)

    return [Document, DocumentBlob, ShareDocument]


ANSWER_COLUMNS = {
    "decision": lambda: CharField(max_length=16, default=""),
    "headline": lambda: CharField(max_length=200, default=""),
    "question": lambda: TextField(default=""),
}


def up(migrator, db):
    migrator.migrate(
        migrator.drop_index("client_answer", "clientanswer_share_link_id"),
        migrator.add_index("client_answer", ("share_link_id",), False),
        migrator.add_index("client_answer", ("share_link_id", "interview_id"), True),
        *[migrator.add_column("client_answer", n, make()) for n, make in ANSWER_COLUMNS.items()],
        migrator.drop_column("client_answer", "read_at"),
        migrator.add_column("share_link", "recipient_email", CharField(max_length=254, default="")),
        migrator.add_column("share_link", "sent_at", DateTimeField(null=True)),
        migrator.add_column("audit_event", "actor_name", CharField(max_length=120, default="")),
    )
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(list(reversed(_models(db))))
    migrator.migrate(
        migrator.drop_column("audit_event", "actor_name"),
        migrator.drop_column("share_link", "sent_at"),
        migrator.drop_column("share_link", "recipient_email"),
        migrator.add_column("client_answer", "read_at", DateTimeField(null=True)),
        *[migrator.drop_column("client_answer", n) for n in reversed(ANSWER_COLUMNS)],
        migrator.drop_index("client_answer", "client_answer_share_link_id_interview_id"),
        migrator.drop_index("client_answer", "client_answer_share_link_id"),
    )
    # The name 0008 gave it (peewee named it after the model, not the table).
    db.execute_sql(
        'CREATE UNIQUE INDEX "clientanswer_share_link_id" ON "client_answer" ("share_link_id")'
    )
