"""The words for interviewer roles, formats, decisions and the three tests' answers.

One home for each list. Each dict maps the stored value to its label, in the order
forms offer them. Models declare their columns' choices from these, services check
values against them, forms build their choices from them, and templates and emails
show the labels through `label()` (the filters in `portal.templating`).
"""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "mark only"
    """Marks `text` for the catalog (`flask translations update`); the templates' filters
    and the forms' choices show it through gettext, in the reader's language."""
    return text


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
NOT_ANSWERED = "—"

# The languages the portal speaks (portal.i18n), each named in itself, as a chooser shows.
LANGUAGES = {"en": "English", "es": "Español"}


def label(words: dict[str, str], value: str | None, *, blank: str = NOT_ANSWERED) -> str:
    """The label of `value` in `words`; `blank` when there is none, the value itself when
    it is not in the list (an old value stays readable)."""
    if not value:
        return blank
    return words.get(value, value)


def choose(words: dict[str, str]) -> str:
    """The message for a value not in `words`: 'Choose yes, partly or no.'"""
    labels = [label.lower() for label in words.values()]
    return f"Choose {', '.join(labels[:-1])} or {labels[-1]}."


def choices(words: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """`(value, label)` pairs in offering order, for a form's or a column's choices."""
    return tuple(words.items())


def role_label(role: str, *, in_sentence: bool = False) -> str:
    """'Decision maker' for "decision_maker" ('decision maker' mid-sentence); unknown as is."""
    label = INTERVIEWER_ROLES.get(role or "", (role or "").strip())
    if in_sentence and not label.isupper():
        return label[:1].lower() + label[1:]
    return label
