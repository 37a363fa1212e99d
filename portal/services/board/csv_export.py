"""CSV export of interviews with both sides' answers, streamed in flat memory.

Rows come in keyset batches (two queries a batch, never one per row) and leave as
text chunks, so 100,000 interviews cost the memory of one batch. The file opens
cleanly in spreadsheets: UTF-8 with a byte-order mark, CRLF line ends, and every
text cell that a spreadsheet would run as a formula (starting with = + - @, a tab
or a carriage return) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from peewee import JOIN
from peewee import Case
from peewee import fn

from portal.db import connected
from portal.db import database
from portal.db import tuples
from portal.models import Client
from portal.models import ClientFeedback
from portal.models import Debrief
from portal.models import Interview
from portal.models import Interviewer
from portal.models import Position
from portal.models import ThankYouLetter
from portal.models import User
from portal.models import utcnow
from portal.services import clock
from portal.services.accounts import audit
from portal.services.board.listing import INTERVIEW_COLUMNS
from portal.services.board.listing import STAGES
from portal.services.board.listing import Candidate
from portal.services.board.listing import Cursor
from portal.services.board.listing import InterviewFilters
from portal.services.board.listing import interviews_in_order
from portal.services.board.listing import stage_of
from portal.services.journey.momentum import hours_after

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 500
CHUNK = 64 * 1024

HEADER = [
    "Interview",
    "Candidate",
    "Candidate email",
    "Client",
    "Position",
    "Round",
    "Starts (local)",
    "Ends (local)",
    "Time zone",
    "Starts (UTC)",
    "Format",
    "Place or link",
    "Stage",
    "Decision",
    "Decision next step",
    "Decided (UTC)",
    "Debrief",
    "Debrief first sent (UTC)",
    "Hours to debrief",
    "Debrief version",
    "Candidate interest",
    "Employer interest as felt",
    "Enough exchanged (candidate)",
    "Still open (candidate)",
    "Others involved or next",
    "Key points",
    "Qualifications to reinforce",
    "Concerns (candidate)",
    "Next steps (candidate)",
    "Asked for a call",
    "Client interest",
    "Enough exchanged (client)",
    "Still open (client)",
    "Decision makers (client)",
    "Decision maker names (client)",
    "Concerns (client)",
    "Next step (client)",
    "Client feedback recorded (UTC)",
    "Hours to client feedback",
    "People on panel",
    "Decision makers on panel",
    "Letters sent",
    "Hours to first letter",
]

COLUMNS = (
    *INTERVIEW_COLUMNS,
    Interview.location,
    Interview.status,
    Interview.decision,
    Interview.decision_next_step,
    Interview.decided_at,
    Candidate.name,
    Candidate.email,
    Position.title,
    Client.name,
    Debrief.status,
    Debrief.first_submitted_at,
    Debrief.version,
    Debrief.candidate_interest,
    Debrief.employer_interest,
    Debrief.enough_exchanged,
    Debrief.still_open,
    Debrief.others_involved,
    Debrief.key_points,
    Debrief.qualifications,
    Debrief.concerns,
    Debrief.next_steps,
    Debrief.call_me,
    ClientFeedback.id,
    ClientFeedback.client_interest,
    ClientFeedback.enough_exchanged,
    ClientFeedback.still_open,
    ClientFeedback.decision_makers_involved,
    ClientFeedback.decision_makers,
    ClientFeedback.concerns,
    ClientFeedback.next_step,
    ClientFeedback.recorded_at,
)


def safe_cell(value):
    """A cell value a spreadsheet shows as text: formulas defused, None blank, numbers kept."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _utc(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%dT%H:%MZ") if value else ""


def _local(value: dt.datetime, tz: str) -> str:
    return clock.to_local(value, tz).strftime("%Y-%m-%d %H:%M")


def _panel_counts(ids: list[int]) -> dict[int, tuple[int, int, int, dt.datetime | None]]:
    """{interview id: (people, decision makers, letters sent, first sent)} in one query."""
    if not ids:
        return {}
    rows = (
        Interviewer.select(
            Interviewer.interview,
            fn.COUNT(Interviewer.id),
            fn.SUM(Case(None, [(Interviewer.role == "decision_maker", 1)], 0)),
            fn.COUNT(ThankYouLetter.id),
            fn.MIN(ThankYouLetter.sent_at),
        )
        .join(
            ThankYouLetter,
            JOIN.LEFT_OUTER,
            on=((ThankYouLetter.interviewer == Interviewer.id) & (ThankYouLetter.status == "sent")),
        )
        .where(Interviewer.interview.in_(ids))
        .group_by(Interviewer.interview)
    )
    return {
        interview_id: (int(people), int(dms or 0), int(sent), first)
        for interview_id, people, dms, sent, first in tuples(rows)
    }


def _line(r: tuple, counts: tuple, now: dt.datetime) -> list:
    (
        iid, starts, ends, tz, rnd, fmt, location, status, decision, next_step, decided_at,
        cname, cemail, title, client,
        d_status, d_first, d_version, c_int, e_int, d_exch, d_open, d_others, d_points,
        d_quals, d_concerns, d_next, d_call,
        f_id, f_int, f_exch, f_open, f_involved, f_names, f_concerns, f_next, f_at,
    ) = r  # fmt: skip
    people, dms, sent, first_letter = counts
    sent_debrief = d_first is not None
    stage = stage_of(
        status=status, decision=decision, feedback_at=f_at, debrief_at=d_first, ends_at=ends,
        now=now,
    )  # fmt: skip
    answers = (
        [c_int, e_int, d_exch, d_open, d_others, d_points, d_quals, d_concerns, d_next, d_call]
        if sent_debrief
        else [""] * 10
    )
    return [
        iid,
        cname,
        cemail,
        client,
        title,
        rnd,
        _local(starts, tz),
        _local(ends, tz),
        tz,
        _utc(starts),
        fmt,
        location,
        STAGES[stage],
        decision,
        next_step,
        _utc(decided_at),
        ("sent" if sent_debrief else (d_status or "none")),
        _utc(d_first),
        hours_after(ends, d_first),
        d_version if sent_debrief else "",
        *answers,
        f_int,
        f_exch,
        f_open,
        f_involved,
        f_names,
        f_concerns,
        f_next,
        _utc(f_at),
        hours_after(ends, f_at),
        people,
        dms,
        sent,
        hours_after(ends, first_letter),
    ]


def rows(
    *, filters: InterviewFilters, now: dt.datetime | None = None, batch: int = BATCH
) -> Iterator[list]:
    """Every interview the filters select, in list order, as CSV-ready cells (not yet escaped)."""
    now = now or utcnow()
    after: Cursor | None = None
    while True:
        records, next_cursor, _ = interviews_in_order(
            *COLUMNS,
            filters=filters,
            now=now,
            after=after,
            before=None,
            size=batch,
            key=lambda r: Cursor(r[1], r[0]),
        )
        counts = _panel_counts([r[0] for r in records])
        for r in records:
            yield _line(r, counts.get(r[0], (0, 0, 0, None)), now)
        if next_cursor is None:
            return
        after = Cursor.decode(next_cursor)


def csv_chunks(
    *, filters: InterviewFilters, now: dt.datetime | None = None, batch: int = BATCH
) -> Iterator[str]:
    """The CSV file as text chunks of about 64 KB: a BOM, the header, then the rows.

    The generator holds its own connection while it runs: a streamed response is
    read after the request's own connection has been handed back.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(HEADER)
    with connected():
        for line in rows(filters=filters, now=now, batch=batch):
            writer.writerow([safe_cell(v) for v in line])
            if buffer.tell() >= CHUNK:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


def interviews_csv(
    *,
    filters: InterviewFilters,
    by: User,
    address: str = "",
    now: dt.datetime | None = None,
) -> Iterator[str]:
    """Record the export in the audit log (now), then return the file's chunks (lazily)."""
    now = now or utcnow()
    with database.atomic():
        audit.record(by, "export.interviews", ("interview", None), address=address)
    return csv_chunks(filters=filters, now=now)
