"""When a message that can wait may reach a client: inside their working hours.

Until people carry their own zone and hours, a hiring manager's are taken to be those of
the interview's zone, 09:00-18:00 Monday to Friday. This one function is the place to
point at a person's own zone and hours.
"""

from __future__ import annotations

import datetime as dt

from portal.services import clock

DAY_STARTS = dt.time(9, 0)
DAY_ENDS = dt.time(18, 0)
WORKDAYS = frozenset(range(5))  # Monday to Friday


def next_working_moment(at: dt.datetime, *, time_zone: str) -> dt.datetime:
    """`at` (naive UTC) if it falls in working hours in `time_zone`, else the next start
    of a working day there (naive UTC)."""
    local = clock.to_local(at, time_zone).replace(tzinfo=None)
    while True:
        if local.weekday() in WORKDAYS and local.time() < DAY_ENDS:
            if local.time() < DAY_STARTS:
                local = dt.datetime.combine(local.date(), DAY_STARTS)
            return clock.to_utc(local, time_zone).replace(microsecond=0)
        local = dt.datetime.combine(local.date() + dt.timedelta(days=1), DAY_STARTS)
