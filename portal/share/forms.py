"""The one form a share page has: the client's "Your view" (no session, so no session CSRF).

The form is protected by a token bound to the share link
(see portal.services.sharing.client_answers).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from portal.requests import clean_field
from portal.services.sharing.client_answers import TEXT_LIMIT


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


TEXT = {"filters": [clean_field], "validators": [Optional(), Length(max=TEXT_LIMIT)]}


class YourViewForm(FlaskForm):
    """Every answer optional; at least one is needed (the service says so)."""

    class Meta:
        csrf = False  # the link-bound `form_token` below takes its place

    form_token = HiddenField()
    interest = RadioField(
        "Your interest in this candidate",
        choices=_choices((str(n), str(n)) for n in range(1, 6)),
        validate_choice=False,
        description="1 is none, 5 is keen.",
    )
    enough_exchanged = RadioField(
        "Did you learn enough for a natural next conversation?",
        choices=_choices([("yes", "Yes"), ("partly", "Partly"), ("no", "No")]),
        validate_choice=False,
    )
    decision_makers = RadioField(
        "Decision makers",
        choices=_choices(
            [
                ("met", "The people who decide have met the candidate"),
                ("scheduled", "They are scheduled to meet next"),
                ("none", "Not met or scheduled yet"),
            ]
        ),
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
