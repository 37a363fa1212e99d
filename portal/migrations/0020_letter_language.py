"""Each thank-you letter's own language.

- thank_you_letter.language: "en" or "es" (portal.services.letters.drafting.LANGUAGES),
  the language the letter is drafted in, chosen by the candidate per letter (a candidate
  in Madrid may write to a London interviewer in English). Letters drafted before this
  were drafted in English, so that is what they hold.
"""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("thank_you_letter", "language", CharField(max_length=8, default="en")),
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_column("thank_you_letter", "language"))
