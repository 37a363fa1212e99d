"""How to address each person met, and what the candidate talked about with them.

- interviewer.address_title / given_names / family_name: "Dr" / "Wei Ling" / "Goh", so
  a formal letter opens "Dear Dr Osei" and a warm one "Dear Wei Ling"; blank means the
  name is split by the drafting (nameparser).
- interviewer.topics: "What did you talk about?", short topics, one per line; a letter
  draws on that person's own topics first.
- interviewer.letter_point (unchanged column) now holds every key point tied to this
  person, one per line, instead of one.
"""

from peewee import *

COLUMNS = (
    ("address_title", CharField(max_length=40, default="")),
    ("given_names", CharField(max_length=120, default="")),
    ("family_name", CharField(max_length=120, default="")),
    ("topics", TextField(default="")),
)


def up(migrator, db):
    migrator.migrate(*[migrator.add_column("interviewer", name, f) for name, f in COLUMNS])


def down(migrator, db):
    migrator.migrate(*[migrator.drop_column("interviewer", name) for name, _ in reversed(COLUMNS)])
