"""What every blueprint's forms share: choices made from the vocabulary's lists, and the
time zone field."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from portal.services import zone_choices


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """`(value, label)` pairs (a vocabulary dict's `.items()`) as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def numbers(low: int, high: int) -> list[SelectChoice]:
    """The whole numbers from `low` to `high` as choices ("1" … "5")."""
    return options((str(n), str(n)) for n in range(low, high + 1))


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
