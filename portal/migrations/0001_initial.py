"""The whole domain model: every table and index."""

# Frozen copies of the models at this point; Python-side defaults (utcnow) are
# not part of the schema, so they are left out here.
from peewee import *

from portal.migrations import frozen


def up(migrator, db):
    Frozen = frozen.base(db)

    class User(Frozen):
        role = CharField(index=True, max_length=16)
        email = CharField(unique=True, max_length=254)
        name = CharField(max_length=120)
        phone = CharField(max_length=40, default="")
        password_hash = CharField(null=True)
        time_zone = CharField(max_length=64, default="Europe/London")
        active = BooleanField(default=True)
        session_version = IntegerField(default=1)
        created_at = DateTimeField()
        last_login_at = DateTimeField(null=True)
        invited_by = ForeignKeyField("self", null=True, on_delete="SET NULL")

        class Meta:
            table_name = "user"
            indexes = ((("role", "name"), False),)

    db.create_tables([User])

    class Client(Frozen):
        name = CharField(index=True, max_length=160)
        notes = TextField(default="")
        created_at = DateTimeField()

        class Meta:
            table_name = "client"

    db.create_tables([Client])

    class Position(Frozen):
        client = ForeignKeyField(Client, on_delete="CASCADE")
        title = CharField(max_length=160)
        search_type = CharField(max_length=16, default="contingency")
        open = BooleanField(default=True)
        created_at = DateTimeField()

        class Meta:
            table_name = "position"
            indexes = ((("client", "title"), False),)

    db.create_tables([Position])

    class Interview(Frozen):
        candidate = ForeignKeyField(User, on_delete="CASCADE")
        recruiter = ForeignKeyField(User, on_delete="RESTRICT")
        position = ForeignKeyField(Position, on_delete="RESTRICT")
        round = IntegerField(default=1)
        starts_at = DateTimeField()
        ends_at = DateTimeField()
        time_zone = CharField(max_length=64, default="Europe/London")
        format = CharField(max_length=16, default="onsite")
        location = CharField(max_length=500, default="")
        status = CharField(max_length=16, default="scheduled")
        decision = CharField(max_length=16, default="")
        decision_next_step = TextField(default="")
        decided_at = DateTimeField(null=True)
        created_at = DateTimeField()
        updated_at = DateTimeField()

        class Meta:
            table_name = "interview"
            indexes = (
                (("candidate", "starts_at"), False),
                (("recruiter", "starts_at"), False),
                (("position", "starts_at"), False),
                (("starts_at", "id"), False),
                (("ends_at", "id"), False),
                (("status", "ends_at"), False),
            )

    db.create_tables([Interview])

    class AttentionMark(Frozen):
        interview = ForeignKeyField(Interview, on_delete="CASCADE")
        kind = CharField(max_length=40)
        handled_by = ForeignKeyField(User, on_delete="RESTRICT")
        handled_at = DateTimeField()

        class Meta:
            table_name = "attention_mark"
            indexes = ((("interview", "kind"), True),)

    db.create_tables([AttentionMark])

    class AuditEvent(Frozen):
        actor = ForeignKeyField(User, null=True, on_delete="SET NULL")
        action = CharField(max_length=60)
        target_type = CharField(max_length=40, default="")
        target_id = IntegerField(null=True)
        detail = CharField(max_length=300, default="")
        address = CharField(max_length=64, default="")
        created_at = DateTimeField(index=True)

        class Meta:
            table_name = "audit_event"
            indexes = ((("actor", "created_at"), False), (("action", "created_at"), False))

    db.create_tables([AuditEvent])

    class ChecklistItem(Frozen):
        interview = ForeignKeyField(Interview, on_delete="CASCADE")
        section = CharField(max_length=80)
        text = CharField(max_length=300)
        sort_order = IntegerField(default=0)
        done_at = DateTimeField(null=True)
        note = TextField(default="")

        class Meta:
            table_name = "checklist_item"
            indexes = ((("interview", "sort_order"), False),)

    db.create_tables([ChecklistItem])

    class ChecklistTemplate(Frozen):
        name = CharField(max_length=120)
        is_default = BooleanField(index=True, default=False)
        created_at = DateTimeField()
        updated_at = DateTimeField()

        class Meta:
            table_name = "checklist_template"

    db.create_tables([ChecklistTemplate])

    class ChecklistTemplateItem(Frozen):
        template = ForeignKeyField(ChecklistTemplate, on_delete="CASCADE")
        section = CharField(max_length=80)
        text = CharField(max_length=300)
        sort_order = IntegerField(default=0)

        class Meta:
            table_name = "checklist_template_item"
            indexes = ((("template", "sort_order"), False),)

    db.create_tables([ChecklistTemplateItem])

    class ClientFeedback(Frozen):
        interview = ForeignKeyField(Interview, unique=True, on_delete="CASCADE")
        recorded_by = ForeignKeyField(User, on_delete="RESTRICT")
        client_interest = IntegerField(null=True)
        enough_exchanged = CharField(max_length=8, default="")
        still_open = TextField(default="")
        decision_makers = TextField(default="")
        decision_makers_involved = CharField(max_length=16, default="")
        concerns = TextField(default="")
        next_step = TextField(default="")
        recorded_at = DateTimeField(index=True)
        updated_at = DateTimeField()

        class Meta:
            table_name = "client_feedback"

    db.create_tables([ClientFeedback])

    class Debrief(Frozen):
        interview = ForeignKeyField(Interview, unique=True, on_delete="CASCADE")
        candidate = ForeignKeyField(User, on_delete="CASCADE")
        status = CharField(max_length=16, default="draft")
        candidate_interest = IntegerField(null=True)
        employer_interest = IntegerField(null=True)
        enough_exchanged = CharField(max_length=8, default="")
        still_open = TextField(default="")
        others_involved = TextField(default="")
        key_points = TextField(default="")
        qualifications = TextField(default="")
        concerns = TextField(default="")
        next_steps = TextField(default="")
        call_me = BooleanField(default=False)
        call_times = CharField(max_length=200, default="")
        call_handled_at = DateTimeField(null=True)
        call_handled_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        version = IntegerField(default=0)
        first_submitted_at = DateTimeField(null=True)
        submitted_at = DateTimeField(index=True, null=True)
        reviewed_at = DateTimeField(null=True)
        reviewed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        created_at = DateTimeField()
        updated_at = DateTimeField()

        class Meta:
            table_name = "debrief"

    db.create_tables([Debrief])

    class DebriefRevision(Frozen):
        debrief = ForeignKeyField(Debrief, on_delete="CASCADE")
        number = IntegerField()
        snapshot = TextField()
        created_at = DateTimeField()

        class Meta:
            table_name = "debrief_revision"
            indexes = ((("debrief", "number"), True),)

    db.create_tables([DebriefRevision])

    class IdempotencyKey(Frozen):
        key = CharField(unique=True, max_length=64)
        user = ForeignKeyField(User, on_delete="CASCADE")
        scope = CharField(max_length=40)
        result = CharField(max_length=200, default="")
        created_at = DateTimeField(index=True)

        class Meta:
            table_name = "idempotency_key"

    db.create_tables([IdempotencyKey])

    class Interviewer(Frozen):
        interview = ForeignKeyField(Interview, on_delete="CASCADE")
        name = CharField(max_length=120)
        title = CharField(max_length=160, default="")
        email = CharField(max_length=254, default="")
        role = CharField(max_length=16, default="peer")
        sort_order = IntegerField(default=0)
        added_by = CharField(max_length=16, default="recruiter")
        created_at = DateTimeField()

        class Meta:
            table_name = "interviewer"
            indexes = ((("interview", "sort_order"), False),)

    db.create_tables([Interviewer])

    class OneTimeToken(Frozen):
        token_hash = CharField(unique=True, max_length=64)
        user = ForeignKeyField(User, on_delete="CASCADE")
        purpose = CharField(max_length=16)
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        created_at = DateTimeField()

        class Meta:
            table_name = "one_time_token"
            indexes = ((("user", "purpose"), False),)

    db.create_tables([OneTimeToken])

    class ShareLink(Frozen):
        token_hash = CharField(unique=True, max_length=64)
        candidate = ForeignKeyField(User, on_delete="CASCADE")
        interview = ForeignKeyField(Interview, null=True, on_delete="CASCADE")
        created_by = ForeignKeyField(User, on_delete="RESTRICT")
        recipient_name = CharField(max_length=120)
        recipient_company = CharField(max_length=160, default="")
        sections = CharField(max_length=200, default="")
        summary = TextField(default="")
        highlights = TextField(default="")
        expires_at = DateTimeField(index=True)
        revoked_at = DateTimeField(null=True)
        revoked_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        view_count = IntegerField(default=0)
        bot_view_count = IntegerField(default=0)
        last_viewed_at = DateTimeField(null=True)
        created_at = DateTimeField(index=True)

        class Meta:
            table_name = "share_link"

    db.create_tables([ShareLink])

    class ShareView(Frozen):
        link = ForeignKeyField(ShareLink, on_delete="CASCADE")
        viewed_at = DateTimeField()
        client_hint = CharField(max_length=80, default="")
        is_bot = BooleanField(default=False)
        confirmed = BooleanField(default=False)

        class Meta:
            table_name = "share_view"
            indexes = ((("link", "viewed_at"), False),)

    db.create_tables([ShareView])

    class ThankYouLetter(Frozen):
        interview = ForeignKeyField(Interview, on_delete="CASCADE")
        interviewer = ForeignKeyField(Interviewer, unique=True, on_delete="CASCADE")
        tone = CharField(max_length=16, default="formal")
        subject = CharField(max_length=200, default="")
        body = TextField(default="")
        status = CharField(max_length=16, default="draft")
        sent_at = DateTimeField(null=True)
        created_at = DateTimeField()
        updated_at = DateTimeField()

        class Meta:
            table_name = "thank_you_letter"
            indexes = ((("interview", "status"), False),)

    db.create_tables([ThankYouLetter])

    class ThrottleEvent(Frozen):
        key = CharField(max_length=200)
        created_at = DateTimeField()

        class Meta:
            table_name = "throttle_event"
            indexes = ((("key", "created_at"), False),)

    db.create_tables([ThrottleEvent])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("throttle_event"))
    migrator.migrate(migrator.drop_table("thank_you_letter"))
    migrator.migrate(migrator.drop_table("share_view"))
    migrator.migrate(migrator.drop_table("share_link"))
    migrator.migrate(migrator.drop_table("one_time_token"))
    migrator.migrate(migrator.drop_table("interviewer"))
    migrator.migrate(migrator.drop_table("idempotency_key"))
    migrator.migrate(migrator.drop_table("debrief_revision"))
    migrator.migrate(migrator.drop_table("debrief"))
    migrator.migrate(migrator.drop_table("client_feedback"))
    migrator.migrate(migrator.drop_table("checklist_template_item"))
    migrator.migrate(migrator.drop_table("checklist_template"))
    migrator.migrate(migrator.drop_table("checklist_item"))
    migrator.migrate(migrator.drop_table("audit_event"))
    migrator.migrate(migrator.drop_table("attention_mark"))
    migrator.migrate(migrator.drop_table("interview"))
    migrator.migrate(migrator.drop_table("position"))
    migrator.migrate(migrator.drop_table("client"))
    migrator.migrate(migrator.drop_table("user"))
