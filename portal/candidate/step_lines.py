"""Where an interview stands, in one line of words, for the candidate's home and interview
pages; and a phone number as a link a phone dials.

Templates call these as globals (`{{ step_state(step) }}`), as they call the field drawers
(`portal/form_html.py`): as Jinja macros each line cost a context and an import on top of
its words, on a page that draws one for every interview. Every value passes through
`markupsafe.escape` on its way in and each line is marked safe in one place,
`form_html.drawn`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup
from markupsafe import escape

from portal.form_html import drawn
from portal.form_html import filled
from portal.i18n import page_catalog
from portal.services.vocabulary import N_
from portal.templating import ago_filter
from portal.templating import iso_filter
from portal.templating import local_time
from portal.templating import when_filter


def _said(message: str, **values: Any) -> Markup:
    # A message in the reader's language, its values escaped (as a template's `_()`).
    return filled(page_catalog().ugettext(message), values)


def _time_tag(value: dt.datetime) -> str:
    return f'<time datetime="{escape(iso_filter(value))}">{escape(when_filter(value))}</time>'


def step_state(step: Any) -> Markup:
    """'Interview in 3 days · Thu 10 Dec 18:59', 'Debrief due the interview ended 30 min
    ago · today 18:29', 'Debrief sent 2 hours ago'… in the reader's language and zone."""
    # Each message marked N_ outside an f-string: where the extraction finds it.
    interview, phase = step.interview, step.phase
    if phase == "cancelled":
        cancelled = _said(N_("Cancelled"))
        return drawn(f'<span class="tag tag-bad">{cancelled}</span>')
    if phase == "upcoming":
        starts = interview.starts_at
        coming = _said(N_("Interview %(ago)s"), ago=ago_filter(starts))
        return drawn(f"{coming} · {_time_tag(starts)}")
    if phase == "today":
        starts = interview.starts_at
        today = _said(N_("Interview"))
        return drawn(f"<strong>{today} {_time_tag(starts)}</strong> · {escape(ago_filter(starts))}")
    if phase == "now":
        under_way = _said(N_("Interview under way"))
        ends = _said(N_("ends %(time)s"), time=local_time(interview.ends_at))
        return drawn(f"<strong>{under_way}</strong> · {ends}")
    if step.needs_debrief:
        if phase == "debrief_overdue":
            words, tone = _said(N_("Debrief overdue")), "tag-bad"
        else:
            words, tone = _said(N_("Debrief due")), "tag-warn"
        tag = f'<span class="tag {tone}">{words}</span>'
        ended = _said(N_("the interview ended %(ago)s"), ago=ago_filter(interview.ends_at))
        return drawn(f"{tag} {ended} · {_time_tag(interview.ends_at)}")
    sent = _said(N_("Debrief sent"))
    return drawn(
        f'<span class="tag tag-ok">{sent}</span> {escape(ago_filter(step.debrief_sent_at))}'
    )


def letters_state(step: Any, now: dt.datetime) -> Markup:
    """'Letters 1 of 3 sent · send by tomorrow 09:00 (in 20 hours)', 'Letters not drafted
    yet', or past the mark: 'send today anyway'."""
    due = step.letters_due
    send_by = _said(N_("send by %(when)s"), when=when_filter(due))
    if not step.letters_total:
        not_yet = _said(N_("Letters not drafted yet"))
        return drawn(f"{not_yet} · {send_by}" if due > now else not_yet)
    line = str(
        _said(
            N_("Letters %(sent)s of %(total)s sent"),
            sent=step.letters_sent,
            total=step.letters_total,
        )
    )
    if step.letters_sent < step.letters_total:
        if due > now:
            line += f" · {send_by} ({escape(ago_filter(due))})"
        else:
            late = _said(N_("past the 24-hour mark, send today anyway"))
            line += f" · {late}"
    return drawn(line)


def tel_link(phone: str) -> str:
    """'tel:+447700900001': the number as a phone dials it (no spaces, brackets, dashes)."""
    digits = phone
    for mark in (" ", "(", ")", "-", "."):
        digits = digits.replace(mark, "")
    return f"tel:{digits}"


STEP_GLOBALS = {
    "step_state": step_state,
    "letters_state": letters_state,
    "tel_link": tel_link,
}
