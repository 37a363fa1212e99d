"""Bot openings are counted from share_view rows: the running counter goes.

Every opening of a share link wrote its row and bumped this counter in one
transaction; the row alone says the same, and the opening is one INSERT.
"""

from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.drop_column("share_link", "bot_view_count"))


def down(migrator, db):
    migrator.migrate(migrator.add_column("share_link", "bot_view_count", IntegerField(default=0)))
