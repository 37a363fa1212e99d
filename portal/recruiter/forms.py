"""Recruiter forms: shape only; rules live in the services.

Every text field drops NUL and other control characters (a database refuses
NUL, and nobody types them). Lengths match the columns they fill.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from wtforms import BooleanField
from wtforms import DateField
from wtforms import DateTimeLocalField
from wtforms import FieldList
from wtforms import Form
from wtforms import FormField
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import RadioField
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import TimeField
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import Regexp
from wtforms.validators import ValidationError

from portal.form_fields import TEXT
from portal.form_fields import Choice
from portal.form_fields import PortalForm
from portal.form_fields import TimeZoneField
from portal.form_fields import email_field
from portal.form_fields import idempotency_key
from portal.form_fields import numbers
from portal.form_fields import options
from portal.form_fields import text_field
from portal.i18n import lazy_gettext as _l
from portal.requests import clean_field
from portal.services import clock
from portal.services import vocabulary
from portal.services.accounts import working_hours
from portal.services.board.listing import CANDIDATE_SORTS
from portal.services.board.listing import CANDIDATE_STATES
from portal.services.board.listing import STAGES
from portal.services.journey.interviews import PANEL_MAX

PEOPLE_ROWS = 4
PEOPLE_MAX = PANEL_MAX
TEXT_MAX = 4000


clean = clean_field  # drops control characters from typed text


@lru_cache(maxsize=1)
def _zone_choices() -> tuple[Choice, ...]:
    """Every zone as a choice, built once: the list is the same for every form."""
    return tuple(
        options(((z, z.replace("_", " ")) for z in ("UTC", *clock.zone_names())), translate=False)
    )


ROLE_CHOICES = options(vocabulary.INTERVIEWER_ROLES.items(), translate=True)
FORMAT_CHOICES = options(vocabulary.FORMATS.items(), translate=True)
INTEREST_CHOICES = numbers(1, 5)
EXCHANGED_CHOICES = options(vocabulary.ENOUGH_EXCHANGED.items(), translate=True)
INVOLVED_CHOICES = options(vocabulary.DECISION_MAKERS.items(), translate=True)
DECISION_CHOICES = options(vocabulary.DECISIONS.items(), translate=True)
SEARCH_TYPE_CHOICES = options([("contingency", _l("Contingency")), ("retained", _l("Retained"))])
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def in_calendar(form, field) -> None:
    """A date (or date and time) from 2000 to 2099: any real interview's, and far from
    the calendar's end, where "the next day" or a time zone's offset would overflow."""
    if field.data is not None and not clock.in_range(field.data):
        raise ValidationError(_l("Enter a date from 2000 to 2099."))


class InviteForm(PortalForm):
    name = text_field(_l("Full name"), max_length=120, required=_l("Enter the candidate's name."))
    email = email_field(_l("Email address"), required=_l("Enter the candidate's email address."))
    phone = text_field(_l("Phone"), max_length=40)


class PersonForm(Form):
    """One row of the panel: a person the candidate meets (a blank name is no one)."""

    interviewer_id = HiddenField(validators=[Optional(), Length(max=12)])
    name = text_field(_l("Name"), max_length=120)
    title = text_field(_l("Job title"), max_length=160)
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=vocabulary.DEFAULT_ROLE)
    email = email_field(_l("Email"))


class InterviewForm(PortalForm):
    """Schedule or edit an interview. Times are wall-clock in the chosen time zone."""

    candidate = SelectField(
        _l("Candidate"), coerce=int, validators=[DataRequired(_l("Choose a candidate."))]
    )
    position = SelectField(
        _l("Position"), coerce=int, validators=[DataRequired(_l("Choose a position."))]
    )
    round = IntegerField(
        _l("Round"),
        default=1,
        validators=[InputRequired(_l("Enter the round.")), NumberRange(1, 20, _l("From 1 to 20."))],
    )
    starts_at = DateTimeLocalField(
        _l("Starts"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(_l("Enter the start date and time.")), in_calendar],
    )
    ends_at = DateTimeLocalField(
        _l("Ends"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(_l("Enter the end date and time.")), in_calendar],
    )
    time_zone = SelectField(
        _l("Time zone"),
        description=_l("The zone the interview happens in; the times above are in it."),
        validators=[InputRequired(_l("Choose a time zone."))],
    )
    format = RadioField(
        _l("Format"),
        choices=FORMAT_CHOICES,
        default="onsite",
        validators=[InputRequired(_l("Choose on site, video or phone."))],
    )
    location = text_field(
        _l("Place or link"),
        max_length=500,
        description=_l("An address for on site, a meeting link for video, a number for phone."),
    )
    recruiter_note = text_field(
        _l("Your note for their prep page"),
        max_length=1000,
        area=True,
        description=_l("Who to ask for, what to bring, the dress code."),
    )
    template = SelectField(
        _l("Prep checklist"),
        coerce=int,
        validators=[InputRequired(_l("Choose a checklist template."))],
        description=_l(
            "Its items are copied into this interview; later template edits do not change them."
        ),
    )
    people = FieldList(FormField(PersonForm), min_entries=PEOPLE_ROWS, max_entries=PEOPLE_MAX)
    idempotency_key = idempotency_key()

    def set_zone_choices(self) -> None:
        self.time_zone.choices = _zone_choices()

    def when_and_where(self) -> dict[str, Any]:
        """The interview's own answers as the services take them (once validated)."""
        return {
            "round": self.round.data,
            "starts_at": self.starts_at.data,
            "ends_at": self.ends_at.data,
            "time_zone": self.time_zone.data,
            "format": self.format.data,
            "location": self.location.data or "",
            "recruiter_note": self.recruiter_note.data or "",
        }


class FeedbackForm(PortalForm):
    """The client's side, recorded from a call. Every answer is optional."""

    client_interest = RadioField(
        _l("Client's interest in the candidate"),
        choices=INTEREST_CHOICES,
        validate_choice=False,
        description=_l("1 is none, 5 is keen."),
    )
    enough_exchanged = RadioField(
        _l("Did they learn enough for a natural next conversation?"),
        choices=EXCHANGED_CHOICES,
        validate_choice=False,
    )
    still_open = text_field(_l("What is still open for them"), max_length=TEXT_MAX, area=True)
    decision_makers_involved = RadioField(
        _l("Decision makers"), choices=INVOLVED_CHOICES, validate_choice=False
    )
    decision_makers = text_field(
        _l("Who decides, and when they meet the candidate"), max_length=TEXT_MAX, area=True
    )
    concerns = text_field(_l("Their concerns"), max_length=TEXT_MAX, area=True)
    next_step = text_field(_l("Next step they proposed"), max_length=TEXT_MAX, area=True)

    # Every answer but the interest is text (typed, or a vocabulary word), blank for none;
    # each is named alike here, on the recorded feedback and in the service.
    TEXT_ANSWERS = (
        "enough_exchanged",
        "still_open",
        "decision_makers_involved",
        "decision_makers",
        "concerns",
        "next_step",
    )

    def answers(self) -> dict:
        """The answers as the service takes them (blank where nothing was chosen)."""
        interest = self.client_interest.data
        return {
            "client_interest": int(interest) if interest in {"1", "2", "3", "4", "5"} else None,
            **{name: self[name].data or "" for name in self.TEXT_ANSWERS},
        }


class DecisionForm(PortalForm):
    decision = RadioField(
        _l("Decision"),
        choices=DECISION_CHOICES,
        validators=[InputRequired(_l("Choose move forward, hold or stop."))],
        # The interview page's Decision section is #decision (redirects land there).
        id="decision-choice",
    )
    decision_next_step = text_field(
        _l("Next step"),
        max_length=2000,
        area=True,
        description=_l("What happens next, and who does it."),
    )


def reason_for_the_candidate(*, max_length: int, too_long: str) -> Any:
    """The optional reason a cancel form passes on to the candidate, in the email they get
    (`too_long`: the message when it is longer than `max_length`)."""
    return TextAreaField(
        _l("Reason for the candidate"),
        validators=[Optional(), Length(max=max_length, message=too_long)],
        description=_l("Goes into the email they get; leave it empty to say nothing more."),
        **TEXT,
    )


class CancelForm(PortalForm):
    reason = reason_for_the_candidate(
        max_length=500, too_long=_l("Keep the reason under 500 characters.")
    )


class MoveCallForm(PortalForm):
    """A new time for a booked call, in the recruiter's own zone."""

    starts_at = DateTimeLocalField(
        _l("New time"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(_l("Enter the new date and time.")), in_calendar],
        description=_l("In your time zone. Both of you get the calendar file again."),
    )


class CancelCallForm(PortalForm):
    reason = reason_for_the_candidate(
        max_length=200, too_long=_l("Keep the reason under 200 characters.")
    )


class ClientForm(PortalForm):
    name = text_field(_l("Client name"), max_length=160, required=_l("Enter the client's name."))
    notes = text_field(_l("Notes"), max_length=TEXT_MAX, area=True)
    idempotency_key = idempotency_key()


class PositionForm(PortalForm):
    title = text_field(
        _l("Position title"), max_length=160, required=_l("Enter the position's title.")
    )
    search_type = RadioField(_l("Search"), choices=SEARCH_TYPE_CHOICES, default="contingency")
    open = BooleanField(_l("Open: new interviews can be booked for it"), default=True)
    idempotency_key = idempotency_key()

    def answers(self) -> dict[str, Any]:
        """The position's title, search type and state as the services take them."""
        return {
            "title": self.title.data or "",
            "search_type": self.search_type.data,
            "open": bool(self.open.data),
        }


class RenameForm(PortalForm):
    name = text_field(
        _l("Template name"), max_length=120, required=_l("Enter a name for the template.")
    )


class TemplateForm(RenameForm):
    start_from = SelectField(_l("Start from"), coerce=int)
    idempotency_key = idempotency_key()


class ItemForm(PortalForm):
    """Add an item to a template."""

    section = text_field(
        _l("Section"), max_length=80, required=_l("Enter a section, like Research.")
    )
    text = text_field(
        _l("Item"), max_length=300, required=_l("Enter what the candidate should do.")
    )
    idempotency_key = idempotency_key()


class ItemEditForm(PortalForm):
    """Change, move or remove one template item (the item's id travels in the form)."""

    item = IntegerField(validators=[InputRequired(), NumberRange(1, 2**62)])
    section = StringField(validators=[Optional(), Length(max=80)], **TEXT)
    text = StringField(validators=[Optional(), Length(max=300)], **TEXT)
    direction = StringField(validators=[Optional(), Length(max=8)])


class InterviewFilterForm(PortalForm):
    """The interview list's filters (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = text_field(_l("Search names"), max_length=100)
    client = SelectField(_l("Client"), coerce=str, validate_choice=False)
    position = SelectField(_l("Position"), coerce=str, validate_choice=False)
    stage = SelectField(
        _l("Stage"),
        choices=options(
            [("", _l("Any stage")), *((stage, _l(label)) for stage, label in STAGES.items())]
        ),
        validate_choice=False,
    )
    date_from = DateField(_l("Starts on or after"), validators=[Optional(), in_calendar])
    date_to = DateField(_l("Starts on or before"), validators=[Optional(), in_calendar])
    sort = SelectField(
        _l("Order"),
        choices=options([("newest", _l("Newest first")), ("oldest", _l("Oldest first"))]),
        validate_choice=False,
    )
    candidate = HiddenField(validators=[Optional(), Length(max=12)])
    mine = BooleanField(_l("Only my interviews"))


class CandidateFilterForm(PortalForm):
    """The candidate list's filters (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = text_field(_l("Search"), max_length=100, description=_l("Name, email or phone."))
    state = SelectField(
        _l("State"),
        choices=options([("", _l("Any state")), *CANDIDATE_STATES.items()], translate=True),
        validate_choice=False,
    )
    sort = SelectField(
        _l("Order"), choices=options(CANDIDATE_SORTS.items(), translate=True), validate_choice=False
    )
    open_items = BooleanField(_l("Only those with open items"))


class AuditFilterForm(PortalForm):
    """The audit log's filters (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    actor = SelectField(_l("Who"), coerce=str, validate_choice=False)
    action = text_field(
        _l("Action"), max_length=60, description=_l("An action, or a family such as interview.")
    )
    date_from = DateField(_l("On or after"), validators=[Optional(), in_calendar])
    date_to = DateField(_l("On or before"), validators=[Optional(), in_calendar])


PHONE_PATTERN = Regexp(r"^[0-9+()\-. ]*$", message=_l("Use digits, spaces and + ( ) - . only."))


class ProfileForm(PortalForm):
    """A recruiter's own details. One section of the account page; others (e.g. what to be
    told about) are further forms on the same page, each with its own `form` name."""

    name = text_field(
        _l("Your name"),
        max_length=120,
        required=_l("Enter your name."),
        description=_l("Candidates see it next to the Call button."),
    )
    phone = text_field(
        _l("Your phone number"),
        max_length=40,
        more=[PHONE_PATTERN],
        description=_l("Candidates get a Call button to this number after each interview."),
    )
    time_zone = TimeZoneField(
        _l("Your time zone"),
        description=_l("Times on your pages and in your emails are in it. Type a city."),
        validators=[DataRequired(_l("Type a city, or choose a time zone."))],
    )


class MultipleCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (the template draws them)."""


class WorkingHoursForm(PortalForm):
    """A recruiter's working hours: candidates book calls in them; updates wait outside them."""

    starts = TimeField(
        _l("From"), format="%H:%M", validators=[InputRequired(_l("Enter when your day starts."))]
    )
    ends = TimeField(
        _l("Until"), format="%H:%M", validators=[InputRequired(_l("Enter when your day ends."))]
    )
    days = MultipleCheckboxField(
        _l("Working days"),
        choices=options(
            ((str(n), name) for n, name in enumerate(working_hours.WEEKDAY_NAMES, 1)),
            translate=True,
        ),
        validators=[InputRequired(_l("Choose at least one working day."))],
    )

    def validate_ends(self, field):
        if self.starts.data and field.data and field.data <= self.starts.data:
            raise ValidationError(_l("Your day must end after it starts."))


class RecruiterInviteForm(PortalForm):
    """Invite another recruiter: who, and the phone candidates will call."""

    name = text_field(_l("Full name"), max_length=120, required=_l("Enter the recruiter's name."))
    email = email_field(_l("Email address"), required=_l("Enter the recruiter's email address."))
    phone = text_field(
        _l("Phone"),
        max_length=40,
        more=[PHONE_PATTERN],
        description=_l("Candidates call this number after interviews. They can add it later."),
    )
