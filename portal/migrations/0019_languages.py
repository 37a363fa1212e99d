"""Languages: the one each person reads, and the one a recruiter chose for a share link.

- user.language: "en", "es", or "" (not chosen: their browser's language stands in on
  pages, English in emails). A candidate's is taken from their browser when they accept
  their invite, and changed on their account page.
- share_link.language: the language the client reads the share page and its emails in;
  "" follows the client's browser (emails: English).
"""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("user", "language", CharField(max_length=8, default="")),
        migrator.add_column("share_link", "language", CharField(max_length=8, default="")),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("share_link", "language"),
        migrator.drop_column("user", "language"),
    )
