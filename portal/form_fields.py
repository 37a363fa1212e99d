"""What every blueprint's forms share: the typed-text filter, choices made from the
vocabulary's lists, and the time zone field."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeAlias, TypedDict

from wtforms import StringField

# WTForms 3.3 wants choices as SelectChoice (plain tuples are deprecated); typeshed's
# stubs describe WTForms 3.2, which had none, so the checker sees it as Any.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import ValidationError

from portal.requests import clean_field
from portal.services import zone_choices

# A SelectChoice: the value sent and the label shown (Any to the checker, as above).
Choice: TypeAlias = Any


class Filters(TypedDict):
    """Keyword arguments fields share (`**TEXT`), typed so checkers can follow them."""

    filters: Sequence[Callable[[Any], Any]]


class FieldOptions(Filters):
    """Filters and validators several fields share."""

    validators: list[Any]


# Every text field drops NUL and other control characters and keeps the rest as typed.
TEXT: Filters = {"filters": [clean_field]}


def options(pairs: Iterable[tuple[Any, str]]) -> list[Choice]:
    """`(value, label)` pairs (a vocabulary dict's `.items()`) as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def numbers(low: int, high: int) -> list[Choice]:
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
