"""Versions that say when a kept page is out of date: per user, and one for the site."""

from peewee import *

from portal.migrations import frozen


def up(migrator, db):
    migrator.migrate(migrator.add_column("user", "pages_version", IntegerField(default=0)))

    Frozen = frozen.base(db)

    class SiteVersion(Frozen):
        version = IntegerField(default=0)

        class Meta:
            table_name = "site_version"

    db.create_tables([SiteVersion])
    SiteVersion.insert(id=1, version=0).execute()


def down(migrator, db):
    migrator.migrate(migrator.drop_table("site_version"))
    migrator.migrate(migrator.drop_column("user", "pages_version"))
