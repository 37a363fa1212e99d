"""Forms of the auth blueprint: WTForms validates shape; our macro renders the HTML."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from portal.services import zone_choices


class LoginForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[DataRequired("Enter your email address."), Length(max=254)],
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=256)],
    )


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        description="At least 8 characters. A short phrase of a few words is easy to remember.",
        validators=[DataRequired("Choose a password."), Length(max=256)],
    )
    confirm = PasswordField(
        "Type it again",
        validators=[
            DataRequired("Type the password again."),
            EqualTo("password", "The two passwords are not the same."),
        ],
    )


class ChangePasswordForm(FlaskForm):
    """Change a signed-in user's password: the current one, then the new one twice."""

    current_password = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password."), Length(max=256)],
    )
    new_password = PasswordField(
        "New password",
        description="At least 8 characters. A short phrase of a few words is easy to remember.",
        validators=[DataRequired("Choose a new password."), Length(max=256)],
    )
    confirm = PasswordField(
        "Type the new password again",
        validators=[
            DataRequired("Type the new password again."),
            EqualTo("new_password", "The two passwords are not the same."),
        ],
    )


class TimeZoneField(StringField):
    """A time zone typed with help: a city ('Chicago'), 'Los Angeles, United States' or an
    IANA name; `data` becomes the IANA name. The page offers likely zones in a datalist."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.typed = self.data or ""

    def pre_validate(self, form):
        zone = zone_choices.resolve(self.data or "")
        if zone is None:
            raise ValidationError(
                "We do not know that time zone: type a city near you, such as Chicago, "
                "or choose one from the list."
            )
        self.data = zone

    def shown(self) -> str:
        """What the input shows: what was typed, or the zone as a person reads it."""
        typed = getattr(self, "typed", None)
        if typed is not None and (self.errors or not self.data):
            return typed
        return zone_choices.label(self.data) if self.data else ""
