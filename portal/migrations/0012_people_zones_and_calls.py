"""People's time zones and hours, booked calls, and updates that wait for a digest.

- user: when their zone was set (from their browser, or chosen; empty: never, the
  agency's default is shown), and their working hours (recruiters: when calls can be
  booked and updates go at once).
- debrief: the call time the candidate chose (empty with "call me": as soon as you can).
- call_booking: the call a debrief booked, which the recruiter can move; its sequence
  rises with every change, as its calendar file's does.
- mail_preference: updates "at once" (in working hours) or in one daily digest.
- outbox_message: the digest an update was folded into.
"""

from peewee import *

from portal.migrations import frozen

USER_COLUMNS = (
    ("time_zone_set_at", lambda: DateTimeField(null=True)),
    ("work_starts", lambda: IntegerField(default=540)),
    ("work_ends", lambda: IntegerField(default=1080)),
    ("work_days", lambda: CharField(max_length=20, default="1,2,3,4,5")),
)


def _models(db):
    Frozen = frozen.base(db)
    User = frozen.table(db, "user")
    Interview = frozen.table(db, "interview")

    class CallBooking(Frozen):
        interview = ForeignKeyField(Interview, unique=True, on_delete="CASCADE")
        candidate = ForeignKeyField(User, on_delete="CASCADE")
        recruiter = ForeignKeyField(User, on_delete="RESTRICT")
        starts_at = DateTimeField(null=True)
        minutes = IntegerField(default=30)
        note = CharField(max_length=200, default="")
        sequence = IntegerField(default=0)
        asked_at = DateTimeField()
        moved_at = DateTimeField(null=True)
        cancelled_at = DateTimeField(null=True)
        created_at = DateTimeField()
        updated_at = DateTimeField()

        class Meta:
            table_name = "call_booking"
            indexes = ((("recruiter", "starts_at"), False),)

    return CallBooking


def up(migrator, db):
    migrator.migrate(
        *[migrator.add_column("user", name, make()) for name, make in USER_COLUMNS],
        migrator.add_column("debrief", "call_at", DateTimeField(null=True)),
        migrator.add_column(
            "mail_preference", "updates_when", CharField(max_length=8, default="at_once")
        ),
        migrator.add_column("outbox_message", "digest_id", IntegerField(null=True)),
    )
    db.create_tables([_models(db)])


def down(migrator, db):
    db.drop_tables([_models(db)])
    migrator.migrate(
        migrator.drop_column("outbox_message", "digest_id"),
        migrator.drop_column("mail_preference", "updates_when"),
        migrator.drop_column("debrief", "call_at"),
        *[migrator.drop_column("user", name) for name, _ in reversed(USER_COLUMNS)],
    )
