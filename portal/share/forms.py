"""The one form a share page has: the client's "Your view" (no session, so no session CSRF).

The form is protected by a token bound to the share link
(see portal.services.sharing.client_answers).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import Length, Optional

from portal.form_fields import numbers, options
from portal.requests import clean_field
from portal.services import vocabulary
from portal.services.sharing.client_answers import TEXT_LIMIT

TEXT = {"filters": [clean_field], "validators": [Optional(), Length(max=TEXT_LIMIT)]}


class YourViewForm(FlaskForm):
    """Every answer optional; at least one is needed (the service says so)."""

    class Meta:
        csrf = False  # the link-bound `form_token` below takes its place

    form_token = HiddenField()
    interest = RadioField(
        "Your interest in this candidate",
        choices=numbers(1, 5),
        validate_choice=False,
        description="1 is none, 5 is keen.",
    )
    enough_exchanged = RadioField(
        "Did you learn enough for a natural next conversation?",
        choices=options(vocabulary.ENOUGH_EXCHANGED.items()),
        validate_choice=False,
    )
    decision_makers = RadioField(
        "Have the people who decide met the candidate?",
        choices=options(vocabulary.DECISION_MAKERS.items()),
        validate_choice=False,
    )
    concerns = TextAreaField("Any concerns", **TEXT)
    next_step = TextAreaField("The next step you propose", **TEXT)
    comment = TextAreaField("Anything else", **TEXT)

    def answers(self) -> dict:
        return {
            "interest": self.interest.data or "",
            "enough_exchanged": self.enough_exchanged.data or "",
            "decision_makers": self.decision_makers.data or "",
            "concerns": self.concerns.data or "",
            "next_step": self.next_step.data or "",
            "comment": self.comment.data or "",
        }
