"""Mail and the client's answer: the outbox, per-person mail settings, "Your view" answers."""

from peewee import *

from portal.migrations import frozen


def _models(db):
    Frozen = frozen.base(db)
    User = frozen.table(db, "user")
    Interview = frozen.table(db, "interview")
    ShareLink = frozen.table(db, "share_link")

    class OutboxMessage(Frozen):
        key = CharField(max_length=200, unique=True)
        kind = CharField(max_length=40)
        user = ForeignKeyField(User, null=True, on_delete="CASCADE")
        interview = ForeignKeyField(Interview, null=True, on_delete="CASCADE")
        share_link = ForeignKeyField(ShareLink, null=True, on_delete="CASCADE")
        to_address = CharField(max_length=254)
        to_name = CharField(max_length=120, default="")
        subject = CharField(max_length=200, default="")
        secret = CharField(max_length=100, default="")
        status = CharField(max_length=16, default="pending")
        attempts = IntegerField(default=0)
        next_attempt_at = DateTimeField()
        claimed_at = DateTimeField(null=True)
        sent_at = DateTimeField(null=True)
        delivered_to = CharField(max_length=16, default="")
        last_error = CharField(max_length=300, default="")
        created_at = DateTimeField()

        class Meta:
            table_name = "outbox_message"
            indexes = (
                (("status", "next_attempt_at"), False),
                (("status", "created_at"), False),
            )

    class MailPreference(Frozen):
        user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
        reminders = BooleanField(default=True)
        updates = BooleanField(default=True)
        updated_at = DateTimeField()

        class Meta:
            table_name = "mail_preference"

    class ClientAnswer(Frozen):
        share_link = ForeignKeyField(ShareLink, unique=True, on_delete="CASCADE")
        interview = ForeignKeyField(Interview, on_delete="CASCADE")
        interest = IntegerField(null=True)
        enough_exchanged = CharField(max_length=8, default="")
        decision_makers = CharField(max_length=16, default="")
        decision_makers_note = TextField(default="")
        concerns = TextField(default="")
        next_step = TextField(default="")
        comment = TextField(default="")
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        read_at = DateTimeField(null=True)

        class Meta:
            table_name = "client_answer"
            indexes = ((("interview", "updated_at"), False),)

    return [OutboxMessage, MailPreference, ClientAnswer]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(list(reversed(_models(db))))
