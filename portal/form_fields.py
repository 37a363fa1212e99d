"""What every blueprint's forms share: the typed-text filter and choices from the vocabulary."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeAlias, TypedDict

# WTForms 3.3 wants choices as SelectChoice (plain tuples are deprecated); typeshed's
# stubs describe WTForms 3.2, which had none, so the checker sees it as Any.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from portal.requests import clean_field

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
