"""Forms of the candidate pages: WTForms validates shape; our macros render the HTML.

Every text field drops NUL and other control characters (a database refuses
NUL, and nobody types them) and keeps everything else exactly as typed.
"""

from __future__ import annotations

from wtforms import BooleanField
from wtforms import EmailField
from wtforms import FieldList
from wtforms import Form
from wtforms import FormField
from wtforms import HiddenField
from wtforms import PasswordField
from wtforms import RadioField
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Email
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import Regexp

from portal.form_fields import TEXT
from portal.form_fields import PortalForm
from portal.form_fields import TimeZoneField
from portal.form_fields import numbers
from portal.form_fields import options
from portal.i18n import lazy_gettext as _l
from portal.requests import clean_field
from portal.services import vocabulary
from portal.services.journey.checklists import NOTE_MAX
from portal.services.journey.debriefs import CALL_TIMES_MAX
from portal.services.journey.debriefs import TEXT_MAX
from portal.services.journey.interviews import PANEL_MAX
from portal.services.letters.drafting import LANGUAGES
from portal.services.letters.kept import BODY_MAX
from portal.services.letters.kept import SUBJECT_MAX

PEOPLE_MAX = PANEL_MAX
TIES_MAX = 40  # key points that can each be tied to a person
TOPICS_MAX = 600


clean = clean_field  # drops control characters from typed text


INTEREST = numbers(1, 5)
EXCHANGED = options(vocabulary.ENOUGH_EXCHANGED.items(), translate=True)
DECISION_MAKERS = options(vocabulary.DECISION_MAKERS.items(), translate=True)
ROLES = options(vocabulary.INTERVIEWER_ROLES.items(), translate=True)
TONES = options([("formal", _l("Formal")), ("warm", _l("Warm"))])
# Each language by its own name: a reader of either finds theirs.
LETTER_LANGUAGES = options((code, language.name) for code, language in LANGUAGES.items())


class PrepItemForm(PortalForm):
    """Tick or untick one prep item, or keep a note on it."""

    done = StringField(validators=[Optional(), Regexp(r"^[01]$", message=_l("Tick or untick."))])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=NOTE_MAX)], filters=[clean])

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if self.done.raw_data in (None, []) and self.note.raw_data in (None, []):
            self.form_errors.append(_l("Nothing to change."))
            return False
        return True


class PersonForm(Form):
    """One person met: name as they spell it, title, role on the decision, email."""

    interviewer_id = HiddenField(validators=[Optional(), Regexp(r"^\d{1,12}$")])
    name = StringField(_l("Name"), validators=[Length(max=120)], **TEXT)
    title = StringField(_l("Title"), validators=[Length(max=160)], **TEXT)
    role = SelectField(
        _l("Role in the decision"),
        choices=ROLES,
        default=vocabulary.DEFAULT_ROLE,
        validators=[Optional()],
    )
    email = EmailField(
        _l("Email"),
        validators=[
            Optional(),
            Length(max=254),
            Email(_l("Enter an email like name@example.com.")),
        ],
        **TEXT,
    )
    address_title = StringField(
        _l("Title, as in “Dear Dr Osei”"),
        validators=[Length(max=40, message=_l("Keep the title under 40 characters."))],
        description=_l("Dr, Prof, Ms… Leave blank if you are not sure."),
        **TEXT,
    )
    given_names = StringField(
        _l("Given name(s)"),
        validators=[Length(max=120, message=_l("Keep the given names under 120 characters."))],
        description=_l("What a warm letter opens with, e.g. Wei Ling."),
        **TEXT,
    )
    family_name = StringField(
        _l("Family name"),
        validators=[Length(max=120, message=_l("Keep the family name under 120 characters."))],
        **TEXT,
    )
    topics = TextAreaField(
        _l("What did you talk about?"),
        validators=[
            Length(
                max=TOPICS_MAX, message=_l("Keep this under %(max)s characters.", max=TOPICS_MAX)
            )
        ],
        description=_l(
            "Short topics, one per line, e.g. the move to Figma. Their letter starts here."
        ),
        **TEXT,
    )


class PointTieForm(Form):
    """One key point and the person on the panel it came from ("" for no one)."""

    text = HiddenField(validators=[Length(max=TEXT_MAX)], **TEXT)
    person = StringField(validators=[Optional(), Regexp(r"^\d{1,12}$")])


class DebriefForm(PortalForm):
    """The debrief: every answer optional, so a partial debrief can always be sent."""

    candidate_interest = RadioField(
        _l("Your interest, 1 low to 5 high"), choices=INTEREST, validators=[Optional()]
    )
    employer_interest = RadioField(
        _l("Their interest, as you felt it"), choices=INTEREST, validators=[Optional()]
    )
    enough_exchanged = RadioField(
        _l("Enough said for a next conversation?"), choices=EXCHANGED, validators=[Optional()]
    )
    decision_makers = RadioField(
        _l("A decision maker met or scheduled?"), choices=DECISION_MAKERS, validators=[Optional()]
    )
    still_open = TextAreaField(_l("What is still open"), validators=[Length(max=TEXT_MAX)], **TEXT)
    others_involved = TextAreaField(
        _l("Who else is involved or scheduled next"),
        validators=[Length(max=TEXT_MAX)],
        description=_l("Names you heard, and any next meeting."),
        **TEXT,
    )
    key_points = TextAreaField(
        _l("Key points discussed"),
        validators=[Length(max=TEXT_MAX)],
        description=_l("One per line. Your letters use them."),
        **TEXT,
    )
    qualifications = TextAreaField(
        _l("Qualifications to reinforce"),
        validators=[Length(max=TEXT_MAX)],
        description=_l("One per line."),
        **TEXT,
    )
    concerns = TextAreaField(_l("Concerns"), validators=[Length(max=TEXT_MAX)], **TEXT)
    next_steps = TextAreaField(
        _l("Next steps, as the employer left it"), validators=[Length(max=TEXT_MAX)], **TEXT
    )
    call_me = BooleanField(_l("Please call me"))
    # The slot chosen ("2030-06-11T15:00", UTC) or "" for as soon as you can; the
    # view reads it (`calls.parse_stamp`) and sending checks it is still free.
    call_at = StringField(_l("When can they call you?"), validators=[Optional(), Length(max=20)])
    call_times = StringField(
        _l("A note for the call"),
        validators=[Length(max=CALL_TIMES_MAX)],
        description=_l("For example: I am on a train until 9."),
        **TEXT,
    )
    people = FieldList(FormField(PersonForm), min_entries=1, max_entries=PEOPLE_MAX)
    # Who each saved key point came from (tap a name); absent until key points are saved.
    ties = FieldList(FormField(PointTieForm), min_entries=0, max_entries=TIES_MAX)
    idempotency_key = HiddenField(validators=[Optional(), Length(max=64)])
    # The draft revision this page was typed over: autosave is refused when it is stale.
    draft_rev = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$")])


class LetterForm(PortalForm):
    """The candidate's edit of one letter."""

    subject = StringField(
        _l("Subject"),
        validators=[DataRequired(_l("Add a subject.")), Length(max=SUBJECT_MAX)],
        **TEXT,
    )
    body = TextAreaField(
        _l("Letter"),
        validators=[DataRequired(_l("Write the letter.")), Length(max=BODY_MAX)],
        **TEXT,
    )


class ToneForm(PortalForm):
    """Re-draft in a tone."""

    tone = RadioField(
        _l("Tone"),
        choices=TONES,
        default="formal",
        validators=[InputRequired(_l("Choose formal or warm."))],
    )


class LetterLanguageForm(PortalForm):
    """Draft one letter in another language."""

    language = RadioField(
        _l("Language of this letter"),
        choices=LETTER_LANGUAGES,
        validators=[InputRequired(_l("Choose English or Español."))],
    )


class RedraftForm(ToneForm):
    """Re-draft one letter: the tone, its language, and the key points discussed with
    that person.

    `points_shown` says the page offered the points, so no point ticked means none; no
    language keeps the letter's own.
    """

    language = RadioField(_l("Language"), choices=LETTER_LANGUAGES, validators=[Optional()])
    points = SelectMultipleField(validate_choice=False, validators=[Optional()])
    points_shown = HiddenField(validators=[Optional(), Regexp(r"^1$")])


class SentForm(PortalForm):
    """Mark a letter sent (1) or not sent (0)."""

    sent = StringField(validators=[DataRequired(), Regexp(r"^[01]$")])


class ProfileForm(PortalForm):
    """Time zone and phone."""

    time_zone = TimeZoneField(
        _l("Your time zone"),
        description=_l("Every time the portal shows or sends you is in it. Type a city near you."),
        validators=[DataRequired(_l("Type a city near you, or choose a time zone."))],
    )
    phone = StringField(
        _l("Phone"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(r"^[0-9+()\-. ]*$", message=_l("Use digits, spaces and + ( ) - only.")),
        ],
        description=_l("So your recruiter can call you back."),
        **TEXT,
    )


class ErasureRequestForm(PortalForm):
    """Ask to be erased: the password confirms it is the candidate asking."""

    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=256)],
    )
