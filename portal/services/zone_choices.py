"""Time zones people choose from: a short list, most likely first, and a city typed in.

Where each zone is comes from the IANA database's own tables (`zone1970.tab` for the
zones and their coordinates, `iso3166.tab` for country names), shipped in the `tzdata`
package. Likely means: the zone itself, then its country's other zones, then the
nearest ones on the globe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from portal.services import clock

SHORT_LIST = 40


@dataclass(frozen=True)
class ZoneChoice:
    """One zone as a person reads it: 'Los Angeles, United States'."""

    name: str  # the IANA name, e.g. America/Los_Angeles
    label: str
    countries: tuple[str, ...]
    latitude: float
    longitude: float


def _table(name: str) -> list[list[str]]:
    text = resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _degrees(text: str, whole: int) -> float:
    """'+3430' or '-1181500' (ISO 6709, degrees then minutes and maybe seconds)."""
    sign = -1 if text[0] == "-" else 1
    digits = text[1:]
    degrees = int(digits[:whole])
    minutes = int(digits[whole : whole + 2])
    seconds = int(digits[whole + 2 :] or 0)
    return sign * (degrees + minutes / 60 + seconds / 3600)


def _place(name: str) -> str:
    return name.rsplit("/", 1)[-1].replace("_", " ")


@lru_cache(maxsize=1)
def all_choices() -> tuple[ZoneChoice, ...]:
    """Every zone of the IANA table, labelled with its first country."""
    countries = {row[0]: row[1] for row in _table("iso3166.tab")}
    found = []
    for row in _table("zone1970.tab"):
        codes, coordinates, name = row[0].split(","), row[1], row[2]
        split = max(coordinates.rfind("+"), coordinates.rfind("-"))
        latitude = _degrees(coordinates[:split], 2)
        longitude = _degrees(coordinates[split:], 3)
        country = countries.get(codes[0], codes[0])
        label = f"{_place(name)}, {country}"
        found.append(ZoneChoice(name, label, tuple(codes), latitude, longitude))
    return tuple(sorted(found, key=lambda z: z.name))


def _distance(a: ZoneChoice, b: ZoneChoice) -> float:
    """Great-circle distance in radians."""
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    cos = math.sin(la1) * math.sin(la2) + math.cos(la1) * math.cos(la2) * math.cos(lo1 - lo2)
    return math.acos(max(-1.0, min(1.0, cos)))


@lru_cache(maxsize=64)
def likely(near: str, count: int = SHORT_LIST) -> tuple[ZoneChoice, ...]:
    """The `count` zones someone in `near` most likely means: it, its country's, the nearest."""
    choices = all_choices()
    anchor = next((z for z in choices if z.name == near), None)
    if anchor is None:
        return choices[:count]

    def rank(zone: ZoneChoice) -> tuple[int, float]:
        same = zone.name == anchor.name
        shares_country = bool(set(zone.countries) & set(anchor.countries))
        return (0 if same else 1 if shares_country else 2, _distance(zone, anchor))

    return tuple(sorted(choices, key=rank)[:count])


def resolve(typed: str) -> str | None:
    """The IANA zone a person typed: 'America/Chicago', 'Chicago', 'chicago, united states',
    'los angeles'; None when nothing matches."""
    text = " ".join((typed or "").split())
    if not text:
        return None
    if clock.is_zone(text):
        return text
    folded = text.casefold()
    for zone in all_choices():
        if folded in (zone.label.casefold(), _place(zone.name).casefold(), zone.name.casefold()):
            return zone.name
    city = folded.split(",", 1)[0].strip()
    for name in clock.zone_names():
        if _place(name).casefold() == city:
            return name
    return None


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    return {zone.name: zone.label for zone in all_choices()}


def label(name: str) -> str:
    """'Los Angeles, United States' for America/Los_Angeles (the city alone if unknown)."""
    # A lookup, not a walk through some 300 zones: the account page asks twice.
    found = _labels().get(name)
    if found is not None:
        return found
    return _place(name) if name != "UTC" else "UTC"
