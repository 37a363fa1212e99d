"""Forms of the auth blueprint: WTForms validates shape; our macro renders the HTML."""

from wtforms import EmailField
from wtforms.validators import DataRequired, Length

from portal.form_fields import PortalForm, new_password_field, password_again, password_field


class LoginForm(PortalForm):
    email = EmailField(
        "Email address",
        validators=[DataRequired("Enter your email address."), Length(max=254)],
    )
    password = password_field("Password", required="Enter your password.")


class SetPasswordForm(PortalForm):
    password = new_password_field("New password", required="Choose a password.")
    confirm = password_again(
        "Type it again", required="Type the password again.", same_as="password"
    )


class ChangePasswordForm(PortalForm):
    """Change a signed-in user's password: the current one, then the new one twice."""

    current_password = password_field("Current password", required="Enter your current password.")
    new_password = new_password_field("New password", required="Choose a new password.")
    confirm = password_again(
        "Type the new password again",
        required="Type the new password again.",
        same_as="new_password",
    )
