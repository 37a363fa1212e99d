"""Scheduled runs: each periodic task's slot is taken by one task consumer only."""

from peewee import *


def _model(db):
    class ScheduledRun(Model):
        task = CharField(max_length=40)
        slot = DateTimeField()
        ran_at = DateTimeField()

        class Meta:
            database = db
            table_name = "scheduled_run"
            indexes = ((("task", "slot"), True),)

    return ScheduledRun


def up(migrator, db):
    db.create_tables([_model(db)])


def down(migrator, db):
    db.drop_tables([_model(db)])
