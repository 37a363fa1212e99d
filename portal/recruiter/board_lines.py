"""The board's rows as the page draws them: one table row per item, its dates worded, its
links filled, its phone number made dialable and its chips' forms written, in Python.

A board at 100,000 interviews draws hundreds of items, each every overdue one. In Jinja
each of a row's thirty-odd values costs a lookup, an escape and a wrapper call on top of
its own work (the template took 30 µs a row); here each costs its escape, and the words
every row repeats are looked up, escaped and written into the rows' pattern once per page.
As in `portal/form_html.py`, every value passes through `markupsafe.escape` on its way in
and the whole is marked safe in one place, `form_html.drawn` (tests send hostile values
through it).
"""

from __future__ import annotations

from markupsafe import Markup
from markupsafe import escape

from portal.form_html import drawn
from portal.i18n import gettext
from portal.i18n import say
from portal.services.board import attention
from portal.services.vocabulary import N_
from portal.signing import csrf_token
from portal.templating import PageDates
from portal.templating import iso_filter
from portal.web import url_pattern


def _kind_words() -> dict[str, tuple[Markup, Markup, Markup]]:
    """Each kind's words for its chip, in the reader's language: its label, the same
    mid-sentence, its button's."""
    words = {}
    for kind, label in attention.KINDS.items():
        said = say(label)
        done = attention.DONE_LABELS.get(kind, attention.MARK_HANDLED)
        words[kind] = (escape(said), escape(said[:1].lower() + said[1:]), escape(say(done)))
    return words


def _words(message: str) -> Markup:
    """A message of the page in the reader's language, as markup (the catalog's text is
    the page's own, as in a template's `_()`)."""
    # The catalog's text is the portal's own (ruff, bandit and semgrep would flag this).
    return Markup(gettext(message))  # noqa: S704  # nosec B704  # nosemgrep: markup-from-data


def rows(items: list[attention.Item], *, zone: str, mine: bool, kind: str) -> Markup:
    """The board's `items` as table rows, dates in `zone` and the reader's language; each
    chip's form keeps `mine` and the `kind` shown for the page it returns to."""
    dates = PageDates(zone)
    # The links' patterns, escaped once: what fills them is an id or a kind's key.
    interview = str(escape(url_pattern("recruiter.interview", "interview_id")))
    candidate = str(escape(url_pattern("recruiter.candidate", "user_id")))
    handled = str(escape(url_pattern("recruiter.mark_handled", "interview_id", "kind")))
    nudge_url = str(escape(url_pattern("recruiter.nudge_letters", "interview_id")))
    # Marked N_: the extraction (`flask translations update`) knows no `_words`.
    due = _words(N_("Due"))
    # Worded outside the f-strings: the extraction does not look inside one.
    was_due_words, overdue_words = _words(N_("Was due")), _words(N_("Overdue"))
    was_due = f'<strong class="bad">{was_due_words}</strong>'
    overdue_tag = f' <span class="tag tag-bad">{overdue_words}</span>'
    nudge, call = _words(N_("Nudge candidate")), _words(N_("Call"))
    # As the other actions say it ("See prep of Ana"), not "Open": a word Spanish says
    # otherwise of a link that is open (the status).
    see_interview, of = _words(N_("See the interview")), escape(say(attention.OF))
    letters_of = _words(N_(": letters, %(name)s"))
    # Worded once, filled per row (gettext with no values leaves the placeholders).
    interest = gettext("Interest: candidate %(candidate)s · client %(client)s")
    token_field = f'<input type="hidden" name="csrf_token" value="{escape(csrf_token())}">'
    if mine:
        token_field += '<input type="hidden" name="mine" value="1">'
    handled_fields = token_field
    if kind:
        handled_fields += f'<input type="hidden" name="kind" value="{escape(kind)}">'
    # The row's button: its kind's action, else a call to the candidate, else the interview.
    actions = {
        key: (escape(action.anchor), escape(say(action.label)), escape(say(action.about)))
        for key, action in attention.ACTIONS.items()
    }
    kind_words = _kind_words()
    table_rows = []
    for item in items:
        chips = item.chips
        row, shown = chips[0], item.interview
        name = escape(shown.candidate_name)
        interview_url = interview.format(interview_id=shown.interview_id)
        phone = escape(shown.candidate_phone.replace(" ", ""))
        drawn_chips = []
        for chip in chips:
            label, lower_label, button = kind_words[chip.kind]
            if chip.kind == "letters":
                form_url = nudge_url.format(interview_id=chip.interview_id)
                fields, button, about = token_field, nudge, str(letters_of % {"name": name})
            else:
                form_url = handled.format(interview_id=chip.interview_id, kind=chip.kind)
                fields, about = handled_fields, f": {lower_label}, {name}"
            overdue = chip.overdue
            drawn_chips.append(
                f'<li class="chip kind-{chip.kind}{" chip-overdue" if overdue else ""}">'
                f'<span class="chip-label">{label}</span>{overdue_tag if overdue else ""}'
                f'<br><span class="muted">{escape(say(chip.detail))}</span>\n'
                f'<form method="post" action="{form_url}" class="inline-form">{fields}'
                '<button class="button button-secondary button-small" type="submit">'
                f'{button}<span class="vh">{about}</span></button></form></li>\n'
            )
        if row.kind in actions:
            anchor, words, about = actions[row.kind]
            action = (
                f'<a class="button button-small" href="{interview_url}#{anchor}">'
                f'{words}<span class="vh"> {about} {name}</span></a>\n'
            )
        elif phone:
            action = (
                f'<a class="button button-small" href="tel:{phone}">'
                f'{call}<span class="vh"> {name}</span></a>\n'
            )
        else:
            action = (
                f'<a class="button button-small" href="{interview_url}">'
                f'{see_interview}<span class="vh"> {of} {name}</span></a>'
            )
        number = escape(shown.candidate_phone)
        phone_link = f'<br><a href="tel:{phone}">{number}</a>' if phone else ""
        interests = interest % {
            "candidate": shown.candidate_interest or "—",
            "client": shown.client_interest or "—",
        }
        overdue, due_at, starts_at = row.overdue, row.due_at, shown.starts_at
        # ISO times and filled link patterns hold nothing to escape.
        table_rows.append(
            f'<tr class="board-item{" is-overdue" if overdue else ""}">\n'
            f'<td>{was_due if overdue else due} <time datetime="{iso_filter(due_at)}">'
            f"{escape(dates.when(due_at))}</time>\n"
            f'<br><span class="muted">{escape(dates.ago(due_at))}</span></td>\n'
            f'<td><a href="{candidate.format(user_id=shown.candidate_id)}">{name}</a>'
            f"{phone_link}</td>\n"
            f'<td><a href="{interview_url}">{escape(shown.position_title)} · '
            f"{escape(shown.client_name)}</a>\n"
            f'<br><time datetime="{iso_filter(starts_at)}">{escape(dates.when(starts_at))}</time>\n'
            f'<br><span class="interest">{escape(interests)}</span></td>\n'
            f'<td><ul class="chips">\n{"".join(drawn_chips)}</ul></td>\n'
            f'<td class="row-actions">\n{action}</td>\n'
            "</tr>\n"
        )
    return drawn("".join(table_rows))
