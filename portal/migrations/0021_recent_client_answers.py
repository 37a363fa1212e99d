"""An index on when each client answer last changed.

- client_answer(updated_at): the board's "client answered" rows start from the answers
  of its window (the last fortnight) and find their interviews by key, so the board
  reads only recent answers however many there are in all.
"""

from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_index("client_answer", ("updated_at",), False))


def down(migrator, db):
    migrator.migrate(migrator.drop_index("client_answer", "client_answer_updated_at"))
