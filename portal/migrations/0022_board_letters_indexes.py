"""Indexes the board's letters rows are read from alone, without the tables' rows.

- interviewer(interview_id, role): whether an interview's panel has a decision maker,
  and how many people it has.
- thank_you_letter(interviewer_id, status), unique like the letter's interviewer alone:
  whether a person's letter was sent. Unique, so that the database takes it over the
  interviewer's own unique index, which would send it to the letter's row for its status.

At 100,000 interviews a fortnight's letters rows read a few thousand people and letters,
scattered over the two tables; these indexes hold the same answers in a few pages.
"""

from peewee import *

INDEXES = (
    ("interviewer", ("interview_id", "role"), False),
    ("thank_you_letter", ("interviewer_id", "status"), True),
)


def up(migrator, db):
    migrator.migrate(
        *[migrator.add_index(table, columns, unique) for table, columns, unique in INDEXES]
    )


def down(migrator, db):
    migrator.migrate(
        *[
            migrator.drop_index(table, f"{table}_{'_'.join(columns)}")
            for table, columns, _unique in reversed(INDEXES)
        ]
    )
