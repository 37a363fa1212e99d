"""When a candidate wants the call they asked for: their words ("after 5pm", "tomorrow
morning", "in 2 hours", "any time") read as the moment the call becomes due.

The words are read in the candidate's own time zone, from the moment they asked. What
is not understood means "as soon as you can": due when asked. The reading is a
deliberate, small set of phrases people type on a phone, never a guess at prose:

- now / asap / any time / whenever / today          -> when asked
- in 20 min / in 2 hours / in an hour               -> asked + that long
- 5pm, 5:30 pm, 17:00, after 5, from 4.30, noon      -> that clock time (1-7 without am/pm
                                                       is afternoon: "after 5" is 17:00)
- morning / lunch(time) / afternoon / evening        -> 09:00 / 12:00 / 13:00 / 17:00
- tomorrow / monday … sunday, with any of the above  -> that day (09:00 when no time)

A time later today is due then; one already past when asked is due at once (the window
the candidate named is open), unless the words named a day. A part of the day that is
already over ("morning", asked at 15:00) means the next one.
"""

from __future__ import annotations

import datetime as dt
import re

from portal.services import clock

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# (start, end) of a part of the day, in local hours.
PARTS = {
    "morning": (9, 12),
    "lunch": (12, 14),
    "lunchtime": (12, 14),
    "noon": (12, 13),
    "midday": (12, 13),
    "afternoon": (13, 17),
    "evening": (17, 21),
    "tonight": (18, 21),
}
_NOW = re.compile(r"\b(now|asap|a\.s\.a\.p|any ?time|whenever|as soon as)\b")
_IN = re.compile(r"\bin (an?|\d{1,3}) ?(h|hr|hrs|hour|hours|m|min|mins|minute|minutes)\b")
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?![\d:])")
_DAY_WORD = re.compile(r"\b(" + "|".join(WEEKDAYS) + r"|tomorrow|tmrw|tmr)\b")


def _day_offset(text: str, today: dt.date) -> int | None:
    """Days from `today` to the day the words name, or None when they name none."""
    match = _DAY_WORD.search(text)
    if match is None:
        return None
    word = match.group(1)
    if word in ("tomorrow", "tmrw", "tmr"):
        return 1
    return (WEEKDAYS.index(word) - today.weekday()) % 7


def _clock_time(text: str) -> dt.time | None:
    """The first clock time in the words, or None."""
    for match in _CLOCK.finditer(text):
        hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
        if minute > 59:
            continue
        if meridiem:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
        elif match.group(2) is None and not 1 <= hour <= 12:
            continue  # a bare "30" or "2026" is not a time
        elif hour > 23:
            continue
        elif 1 <= hour <= 7:
            hour += 12  # "after 5": nobody means five in the morning
        return dt.time(hour, minute)
    return None


def due_at(text: str, *, asked_at: dt.datetime, time_zone: str) -> dt.datetime:
    """When a call asked for at `asked_at` (naive UTC) with these words becomes due (naive UTC)."""
    words = " ".join((text or "").lower().split())
    if not words or _NOW.search(words):
        return asked_at
    span = _IN.search(words)
    if span:
        amount = 1 if span.group(1) in ("a", "an") else int(span.group(1))
        unit = dt.timedelta(hours=1) if span.group(2).startswith("h") else dt.timedelta(minutes=1)
        return asked_at + amount * unit
    local = clock.to_local(asked_at, time_zone).replace(tzinfo=None)
    offset = _day_offset(words, local.date()) or None  # today's weekday: today
    at = _clock_time(words)
    part = next((PARTS[w] for w in re.findall(r"[a-z]+", words) if w in PARTS), None)
    if at is None and part is not None:
        at = dt.time(part[0])
    if at is None and offset is None:
        return asked_at  # nothing understood: as soon as you can
    day = local.date() + dt.timedelta(days=offset or 0)
    wanted = dt.datetime.combine(day, at or dt.time(9))
    if offset is None and wanted < local:
        if at is not None and part is not None and local.hour >= part[1]:
            # "morning", asked in the afternoon: tomorrow morning.
            wanted += dt.timedelta(days=1)
        else:
            return asked_at  # the window named is already open
    return clock.to_utc(wanted, time_zone)
