"""One-time links' emails carry a token made when the email is written, kept only as a hash
(`one_time_token.mailed_hash`); the outbox keeps no token, so those it held are dropped."""

from peewee import *

# Columns this migration empties on purpose (the migration test checks only these changed).
EMPTIES = {"outbox_message": {"secret"}}


def up(migrator, db):
    migrator.migrate(
        migrator.add_column(
            "one_time_token", "mailed_hash", CharField(max_length=64, null=True, unique=True)
        )
    )
    # Raw invite and reset tokens waiting in the outbox (or kept there by a failed send):
    # such a message now makes its own token when it is sent.
    db.execute_sql("UPDATE outbox_message SET secret = '' WHERE secret <> ''")


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("one_time_token", "one_time_token_mailed_hash"),
        migrator.drop_column("one_time_token", "mailed_hash"),
    )
