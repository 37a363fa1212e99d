"""Forms of the auth blueprint: WTForms validates shape; our macro renders the HTML."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length


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
