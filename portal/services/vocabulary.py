"""The words for interviewer roles, formats, decisions and the three tests' answers.

One home for each list. Each dict maps the stored value to its label, in the order
forms offer them. Models declare their columns' choices from these, services check
values against them, forms build their choices from them, and templates and emails
show the labels through `label()` (the filters in `portal.templating`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from typing import Self

from babel.dates import format_datetime


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "mark only"
    """Marks `text` for the catalog (`flask translations update`); the templates' filters
    and the forms' choices show it through gettext, in the reader's language."""
    return text


class Phrase(str):
    """Words a service builds for a page: the English text itself (so it reads, compares
    and joins as before) that also keeps its marked msgid and the values filled into it, so
    the page or email shows it in the reader's language (`portal.i18n.say`). A value that
    is itself a Phrase is said in that language too; any other value (a name, what someone
    wrote) is shown as given. `capitalized`: the first letter upper-cased once worded."""

    msgid: str
    variables: dict[str, object]
    capitalized: bool

    def __new__(cls, msgid: str, *, capitalized: bool = False, **variables: object) -> Self:
        text = msgid % variables if variables else msgid
        if capitalized:
            text = text[:1].upper() + text[1:]
        phrase = super().__new__(cls, text)
        phrase.msgid = msgid
        phrase.variables = variables
        phrase.capitalized = capitalized
        return phrase


class Moment(Phrase):
    """A wall-clock time in words ('Tue 8 Dec 09:00'): `say` words it in the reader's
    language by the CLDR `pattern` (babel's), English here."""

    local: dt.datetime
    pattern: str

    def __new__(cls, local: dt.datetime, pattern: str = "EEE d MMM HH:mm") -> Moment:
        moment = super().__new__(cls, format_datetime(local, pattern, locale="en"))
        moment.local, moment.pattern = local, pattern
        return moment


def joined(parts: Sequence[str], separator: str) -> Phrase:
    """`parts` one after another with `separator` between them, each said in the reader's
    language where it is a Phrase (the whole has nothing of its own to translate)."""
    values: dict[str, Any] = {f"part{n}": part for n, part in enumerate(parts)}
    return Phrase(separator.join(f"%({name})s" for name in values), **values)


# In ranking order: letters, lists and the board put decision makers first.
INTERVIEWER_ROLES = {
    "decision_maker": N_("Decision maker"),
    "influencer": N_("Influencer"),
    "peer": N_("Peer"),
    "hr": N_("HR"),
}
DEFAULT_ROLE = "peer"  # assumes the least about who someone is

# The recruiter's words for a format, and how the candidate's and client's pages say it.
FORMATS = {"onsite": N_("On site"), "video": N_("Video"), "phone": N_("Phone")}
FORMAT_AS_MEETING = {
    "onsite": N_("In person"),
    "video": N_("Video call"),
    "phone": N_("Phone call"),
}
# Inside a sentence of an email or a calendar file ("round 2, on site").
FORMAT_IN_WORDS = {"onsite": N_("on site"), "video": N_("video call"), "phone": N_("phone call")}

# The recruiter's decision after an interview ("" on the interview: not decided yet).
DECISIONS = {"forward": N_("Move forward"), "hold": N_("Hold"), "stop": N_("Stop")}

# The client's decision on a round, given through their share link.
CLIENT_DECISIONS = {"advance": N_("Advance"), "hold": N_("Hold"), "pass": N_("Pass")}

# The three tests' answers, the same for the candidate, the recruiter and the client
# ("" where nobody answered). The questions differ by who is asked; the answers do not.
ENOUGH_EXCHANGED = {"yes": N_("Yes"), "partly": N_("Partly"), "no": N_("No")}
DECISION_MAKERS = {"met": N_("Met"), "scheduled": N_("Scheduled next"), "none": N_("Not yet")}
# The client's decision-makers answer inside a sentence of the three-tests comparison.
DECISION_MAKERS_IN_A_SENTENCE = {
    "met": N_("a decision maker was met"),
    "scheduled": N_("a decision maker is scheduled next"),
    "none": N_("no decision maker met or scheduled"),
}
# An enough-exchanged answer inside a gap's sentence ("client says partly").
ENOUGH_EXCHANGED_IN_A_SENTENCE = {"yes": N_("yes"), "partly": N_("partly"), "no": N_("no")}
NOT_ANSWERED = "—"

# The audit log's action names, as stored and as the English page shows them (the name is
# also what its filter takes); the catalog gives each its words in another language.
AUDIT_ACTIONS = {
    "sign_in": N_("sign_in"),
    "interview": N_("interview"),
    "interview.scheduled": N_("interview.scheduled"),
    "interview.edited": N_("interview.edited"),
    "interview.rescheduled": N_("interview.rescheduled"),
    "interview.cancelled": N_("interview.cancelled"),
    "interview.decided": N_("interview.decided"),
    "client_feedback.recorded": N_("client_feedback.recorded"),
    "client_feedback.updated": N_("client_feedback.updated"),
    "debrief.sent": N_("debrief.sent"),
    "debrief.reviewed": N_("debrief.reviewed"),
    "debrief.call_handled": N_("debrief.call_handled"),
    "letter.marked_sent": N_("letter.marked_sent"),
    "letter.marked_unsent": N_("letter.marked_unsent"),
    "letters.nudged": N_("letters.nudged"),
    "share": N_("share"),
    "share.created": N_("share.created"),
    "share.sent": N_("share.sent"),
    "share.viewed": N_("share.viewed"),
    "share.revoked": N_("share.revoked"),
    "share.document_downloaded": N_("share.document_downloaded"),
    "client.answered": N_("client.answered"),
    "board.handled": N_("board.handled"),
    "call.moved": N_("call.moved"),
    "call.cancelled": N_("call.cancelled"),
    "client": N_("client"),
    "client.created": N_("client.created"),
    "client.edited": N_("client.edited"),
    "position": N_("position"),
    "position.created": N_("position.created"),
    "position.edited": N_("position.edited"),
    "document.attached": N_("document.attached"),
    "document.removed": N_("document.removed"),
    "template": N_("template"),
    "template.created": N_("template.created"),
    "template.renamed": N_("template.renamed"),
    "template.default": N_("template.default"),
    "template.item_added": N_("template.item_added"),
    "template.item_edited": N_("template.item_edited"),
    "template.item_moved": N_("template.item_moved"),
    "template.item_removed": N_("template.item_removed"),
    "invite.issued": N_("invite.issued"),
    "reset.issued": N_("reset.issued"),
    "recruiter.invited": N_("recruiter.invited"),
    "profile.updated": N_("profile.updated"),
    "password.changed": N_("password.changed"),
    "user.deactivated": N_("user.deactivated"),
    "user.reactivated": N_("user.reactivated"),
    "export.interviews": N_("export.interviews"),
    "data.exported": N_("data.exported"),
    "mail.resent": N_("mail.resent"),
    "erasure.requested": N_("erasure.requested"),
    "candidate.erased": N_("candidate.erased"),
    "retention.warned": N_("retention.warned"),
    "retention.withdrawn": N_("retention.withdrawn"),
}

# The languages the portal speaks (portal.i18n), each named in itself, as a chooser shows.
LANGUAGES = {"en": "English", "es": "Español"}


def label(words: dict[str, str], value: str | None, *, blank: str = NOT_ANSWERED) -> str:
    """The label of `value` in `words`; `blank` when there is none, the value itself when
    it is not in the list (an old value stays readable)."""
    if not value:
        return blank
    return words.get(value, value)


# What a value not offered by one of these lists is told: a whole sentence each, so the
# catalog has it (the labels strung together would stay English inside Spanish).
_CHOOSE = (
    (CLIENT_DECISIONS, N_("Choose advance, hold or pass.")),
    (ENOUGH_EXCHANGED, N_("Choose yes, partly or no.")),
    (DECISION_MAKERS, N_("Choose met, scheduled next or not yet.")),
)


def choose(words: dict[str, str]) -> str:
    """The message for a value not in `words` (one of the lists in `_CHOOSE`):
    'Choose yes, partly or no.'"""
    return next(message for offered, message in _CHOOSE if offered is words)


def choices(words: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """`(value, label)` pairs in offering order, for a form's or a column's choices."""
    return tuple(words.items())


def role_label(role: str, *, in_sentence: bool = False) -> str:
    """'Decision maker' for "decision_maker" ('decision maker' mid-sentence); unknown as is."""
    label = INTERVIEWER_ROLES.get(role or "", (role or "").strip())
    if in_sentence and not label.isupper():
        return label[:1].lower() + label[1:]
    return label
