"""What every blueprint's forms share: choices made from the vocabulary's lists."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """`(value, label)` pairs (a vocabulary dict's `.items()`) as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def numbers(low: int, high: int) -> list[SelectChoice]:
    """The whole numbers from `low` to `high` as choices ("1" … "5")."""
    return options((str(n), str(n)) for n in range(low, high + 1))
