"""The board's rows as the page draws them: each item's dates worded, its links filled and
its phone number made dialable once, in Python.

A board at 100,000 interviews draws hundreds of items. In Jinja every filter, call and
`str.format` costs a wrapper call on top of its own work; here each costs only its work,
and the template reads finished strings.
"""

from __future__ import annotations

from typing import NamedTuple

from portal.i18n import gettext
from portal.services.board import attention
from portal.templating import PageDates
from portal.templating import iso_filter
from portal.web import url_pattern


class Chip(NamedTuple):
    """One open item of a row: its kind's words (`label`, in lower case mid-sentence,
    and the button's), whether it is overdue, its detail, and where its button posts
    (mark handled, or the letters' nudge)."""

    kind: str
    overdue: bool
    label: str
    lower_label: str
    button: str
    detail: str
    form_url: str


class Line(NamedTuple):
    """One item of the board, its words and links ready to draw.

    `row` is the item's most urgent chip, which carries the interview's own fields;
    `phone` is the candidate's number without spaces (for tel: links), or ""; `interest`
    both sides' interest figures in words.
    """

    item: attention.Item
    row: attention.Row
    chips: tuple[Chip, ...]
    due_iso: str
    due_when: str
    due_ago: str
    starts_iso: str
    starts_when: str
    phone: str
    interest: str
    interview_url: str
    candidate_url: str


# Each kind's words for its chip: its label, the same mid-sentence, its button's.
_WORDS = {
    kind: (label, label.lower(), attention.DONE_LABELS.get(kind, "Mark handled"))
    for kind, label in attention.KINDS.items()
}


def lines(items: list[attention.Item], *, zone: str) -> list[Line]:
    """The board's `items` ready to draw, dates in `zone` and the reader's language."""
    dates = PageDates(zone)
    interview = url_pattern("recruiter.interview", "interview_id")
    candidate = url_pattern("recruiter.candidate", "user_id")
    handled = url_pattern("recruiter.mark_handled", "interview_id", "kind")
    nudge = url_pattern("recruiter.nudge_letters", "interview_id")
    # Worded once, filled per row (gettext with no values leaves the placeholders).
    interest = gettext("Interest: candidate %(candidate)s · client %(client)s")
    drawn = []
    for item in items:
        row = item.first
        due_at = item.due_at
        chips = tuple(
            Chip(
                chip.kind,
                chip.overdue,
                *_WORDS[chip.kind],
                chip.detail,
                nudge.format(interview_id=chip.interview_id)
                if chip.kind == "letters"
                else handled.format(interview_id=chip.interview_id, kind=chip.kind),
            )
            for chip in item.chips
        )
        drawn.append(
            Line(
                item=item,
                row=row,
                chips=chips,
                due_iso=iso_filter(due_at),
                due_when=dates.when(due_at),
                due_ago=dates.ago(due_at),
                starts_iso=iso_filter(row.starts_at),
                starts_when=dates.when(row.starts_at),
                phone=row.candidate_phone.replace(" ", ""),
                interest=interest
                % {
                    "candidate": row.candidate_interest or "—",
                    "client": row.client_interest or "—",
                },
                interview_url=interview.format(interview_id=row.interview_id),
                candidate_url=candidate.format(user_id=row.candidate_id),
            )
        )
    return drawn
