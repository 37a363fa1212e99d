"""What every blueprint's forms share: their base class (`PortalForm`), the typed-text
filter, fields several forms declare alike (text of a length, an email address, a
password, the idempotency key), choices made from the vocabulary's lists, and the time
zone field."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from types import MappingProxyType
from typing import Any
from typing import TypeAlias
from typing import TypedDict

from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms import HiddenField
from wtforms import PasswordField
from wtforms import StringField
from wtforms import TextAreaField

# WTForms 3.3 wants choices as SelectChoice (plain tuples are deprecated); typeshed's
# stubs describe WTForms 3.2, which had none, so the checker sees it as Any.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired
from wtforms.validators import Email
from wtforms.validators import EqualTo
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import ValidationError

from portal.i18n import lazy_gettext as _l
from portal.requests import clean_field
from portal.services import zone_choices

# A SelectChoice: the value sent and the label shown (Any to the checker, as above).
Choice: TypeAlias = Any


class PortalForm(FlaskForm):
    """Every form's base: Flask-WTF's, with WTForms' own messages in the reader's language.

    WTForms keeps each language's catalog once per process (`cache_translations`);
    Flask-WTF's Babel hook, turned off in the settings (`WTF_I18N_ENABLED`), read it from
    disk again on every request that drew a form.
    """

    class Meta:
        @property
        def locales(self) -> list[str] | bool:
            locale = get_locale()
            return [str(locale)] if locale is not None else False


# The `meta` of a form a page only draws (this request does not send it): no CSRF field
# of its own. The page writes the session's token itself (`csrf()` in the templates) and
# a form that is not sent is never validated, so Flask-WTF would make the field, and read
# its settings and the token, for nothing (about 40 µs a form).
DRAWN_ONLY = MappingProxyType({"csrf": False})


class Filters(TypedDict):
    """Keyword arguments fields share (`**TEXT`), typed so checkers can follow them."""

    filters: Sequence[Callable[[Any], Any]]


class FieldOptions(Filters):
    """Filters and validators several fields share."""

    validators: list[Any]


# Every text field drops NUL and other control characters and keeps the rest as typed.
TEXT: Filters = {"filters": [clean_field]}


def text_field(
    label: str,
    *,
    max_length: int,
    required: str | None = None,
    area: bool = False,
    more: Sequence[Any] = (),
    **kwargs: Any,
) -> Any:
    """Typed text of at most `max_length` characters, in a text area with `area`.
    `required` is the message when it is left empty; without it the field may be, and
    then `more` (further validators) is skipped."""
    kind = TextAreaField if area else StringField
    first = DataRequired(required) if required else Optional()
    return kind(label, validators=[first, Length(max=max_length), *more], **TEXT, **kwargs)


def email_field(label: str, *, required: str | None = None, **kwargs: Any) -> Any:
    """An email address written like name@example.com (up to 254 characters, as the
    column); `required` as for `text_field`."""
    return EmailField(
        label,
        validators=[
            DataRequired(required) if required else Optional(),
            Email(_l("Enter an email address like name@example.com."), check_deliverability=False),
            Length(max=254),
        ],
        **TEXT,
        **kwargs,
    )


def password_field(label: str, *, required: str, **kwargs: Any) -> Any:
    """A password field (up to 256 characters: hashing a longer one only costs time)."""
    return PasswordField(label, validators=[DataRequired(required), Length(max=256)], **kwargs)


def password_again(label: str, *, required: str, same_as: str) -> Any:
    """The password typed a second time, which must match the field `same_as`."""
    return PasswordField(
        label,
        validators=[
            DataRequired(required),
            EqualTo(same_as, _l("The two passwords are not the same.")),
        ],
    )


def new_password_field(label: str, *, required: str) -> Any:
    """A new password, with the hint on what makes a good one."""
    return password_field(
        label,
        required=required,
        description=_l("At least 8 characters. A short phrase of a few words is easy to remember."),
    )


def idempotency_key() -> Any:
    """The hidden key that makes a form which creates something create it once, however
    often it is sent."""
    return HiddenField(validators=[Optional(), Length(max=64)], default=new_key)


def new_key() -> str:
    """A fresh idempotency key for a form that creates something."""
    return secrets.token_urlsafe(18)


def options(pairs: Iterable[tuple[Any, str]], *, translate: bool = False) -> list[Choice]:
    """`(value, label)` pairs (a vocabulary dict's `.items()`) as WTForms choices. With
    `translate`, each label is shown in the reader's language (the vocabulary marks its
    words for the catalog). Never for what people typed (names): a lazy translation is
    rendered as markup, unescaped."""
    return [
        SelectChoice(value, _l(label) if translate and isinstance(label, str) else label)
        for value, label in pairs
    ]


def numbers(low: int, high: int) -> list[Choice]:
    """The whole numbers from `low` to `high` as choices ("1" … "5")."""
    return [SelectChoice(str(n), str(n)) for n in range(low, high + 1)]


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
                _l(
                    "We do not know that time zone: type a city near you, such as Chicago, "
                    "or choose one from the list."
                )
            )
        self.data = zone

    def shown(self) -> str:
        """What the input shows: what was typed, or the zone as a person reads it."""
        typed = getattr(self, "typed", None)
        if typed is not None and (self.errors or not self.data):
            return typed
        return zone_choices.label(self.data) if self.data else ""
