"""The one form a share page has: the client's answer (no session, so no session CSRF).

The form is protected by a token bound to the share link
(see portal.services.sharing.client_answers).
"""

from __future__ import annotations

from wtforms import HiddenField
from wtforms import RadioField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import Length
from wtforms.validators import Optional

from portal.form_fields import FieldOptions
from portal.form_fields import PortalForm
from portal.form_fields import numbers
from portal.form_fields import options
from portal.i18n import lazy_gettext as _l
from portal.requests import clean_field
from portal.services import vocabulary
from portal.services.sharing.client_answers import HEADLINE_LIMIT
from portal.services.sharing.client_answers import TEXT_LIMIT

TEXT: FieldOptions = {
    "filters": [clean_field],
    "validators": [Optional(), Length(max=TEXT_LIMIT)],
}
ANSWER_NAMES = (
    "decision",
    "interest",
    "headline",
    "enough_exchanged",
    "decision_makers",
    "concerns",
    "question",
    "next_step",
    "comment",
)


class YourViewForm(PortalForm):
    """Every answer optional; at least one is needed (the service says so)."""

    class Meta:
        csrf = False  # the link-bound `form_token` below takes its place

    form_token = HiddenField()
    round_id = HiddenField()
    decision = RadioField(
        _l("Your decision"),
        choices=options(vocabulary.CLIENT_DECISIONS.items(), translate=True),
        validate_choice=False,
        # The decision card is #decision (the answer's redirect lands there).
        id="decision-choice",
    )
    interest = RadioField(
        _l("Your interest"),
        choices=numbers(1, 5),
        validate_choice=False,
        description=_l("1 is none, 5 is keen."),
    )
    headline = StringField(
        _l("In one line, why"),
        filters=[clean_field],
        validators=[Optional(), Length(max=HEADLINE_LIMIT)],
    )
    enough_exchanged = RadioField(
        _l("Did you learn enough for a natural next conversation?"),
        choices=options(vocabulary.ENOUGH_EXCHANGED.items(), translate=True),
        validate_choice=False,
    )
    decision_makers = RadioField(
        _l("Have the people who decide met the candidate?"),
        choices=options(vocabulary.DECISION_MAKERS.items(), translate=True),
        validate_choice=False,
    )
    concerns = TextAreaField(_l("Any concerns"), **TEXT)
    question = TextAreaField(_l("A question for your recruiter"), **TEXT)
    next_step = TextAreaField(_l("The next step you propose"), **TEXT)
    comment = TextAreaField(_l("Anything else"), **TEXT)

    def answers(self) -> dict:
        return {name: getattr(self, name).data or "" for name in ANSWER_NAMES}

    def round(self) -> int | None:
        value = (self.round_id.data or "").strip()
        return int(value) if value.isdigit() and len(value) < 19 else None
