"""The debrief's one-screen answers, stale-tab protection, and prep that fits the interview.

- debrief.decision_makers: did the candidate meet a decision maker, or is one scheduled
  ("met" | "scheduled" | "none" | "" unanswered): the third of the column's tests as a tap.
- debrief.draft_rev: counts draft saves; a tab saving over a newer draft is refused.
- interview.recruiter_note: the recruiter's word for this interview, shown on prep.
- interviewer.letter_point: the key point the candidate says they discussed with this
  person; only that point is named in the letter to them.
- checklist_template_item.formats / checklist_item.formats: the interview formats an item
  applies to ("" for every format, else a comma-separated subset of onsite, video, phone).
"""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("debrief", "decision_makers", CharField(max_length=16, default="")),
        migrator.add_column("debrief", "draft_rev", IntegerField(default=0)),
        migrator.add_column("interview", "recruiter_note", TextField(default="")),
        migrator.add_column("interviewer", "letter_point", TextField(default="")),
        migrator.add_column(
            "checklist_template_item", "formats", CharField(max_length=40, default="")
        ),
        migrator.add_column("checklist_item", "formats", CharField(max_length=40, default="")),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("checklist_item", "formats"),
        migrator.drop_column("checklist_template_item", "formats"),
        migrator.drop_column("interviewer", "letter_point"),
        migrator.drop_column("interview", "recruiter_note"),
        migrator.drop_column("debrief", "draft_rev"),
        migrator.drop_column("debrief", "decision_makers"),
    )
