"""Scheduled runs: each periodic task's slot is taken by one task consumer only."""

from peewee import *

from portal.migrations import frozen


def _model(db):
    Frozen = frozen.base(db)

    class ScheduledRun(Frozen):
        task = CharField(max_length=40)
        slot = DateTimeField()
        ran_at = DateTimeField()

        class Meta:
            table_name = "scheduled_run"
            indexes = ((("task", "slot"), True),)

    return ScheduledRun


def up(migrator, db):
    db.create_tables([_model(db)])


def down(migrator, db):
    db.drop_tables([_model(db)])
