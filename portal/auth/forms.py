"""Forms of the auth blueprint: WTForms validates shape; our macro renders the HTML."""

from wtforms import EmailField
from wtforms.validators import DataRequired
from wtforms.validators import Length

from portal.form_fields import PortalForm
from portal.form_fields import new_password_field
from portal.form_fields import password_again
from portal.form_fields import password_field
from portal.i18n import lazy_gettext as _l


class LoginForm(PortalForm):
    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address.")), Length(max=254)],
    )
    password = password_field(_l("Password"), required=_l("Enter your password."))


class SetPasswordForm(PortalForm):
    password = new_password_field(_l("New password"), required=_l("Choose a password."))
    confirm = password_again(
        _l("Type it again"), required=_l("Type the password again."), same_as="password"
    )


class ChangePasswordForm(PortalForm):
    """Change a signed-in user's password: the current one, then the new one twice."""

    current_password = password_field(
        _l("Current password"), required=_l("Enter your current password.")
    )
    new_password = new_password_field(_l("New password"), required=_l("Choose a new password."))
    confirm = password_again(
        _l("Type the new password again"),
        required=_l("Type the new password again."),
        same_as="new_password",
    )
