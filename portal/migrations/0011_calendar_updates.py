"""Calendar files that update and cancel: each interview's calendar SEQUENCE (raised on
every change the candidate is told of), and what a queued message must remember from
the moment of the change (what changed, old -> new; a cancellation's reason)."""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("interview", "calendar_sequence", IntegerField(default=0)),
        migrator.add_column("outbox_message", "context", TextField(default="")),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("outbox_message", "context"),
        migrator.drop_column("interview", "calendar_sequence"),
    )
