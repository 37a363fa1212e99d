"""The words for interviewer roles, interview formats and decisions: one home for each list.

Each dict maps the stored value to its label, in the order forms offer them. Services
check values against these, forms build their choices from them, and templates show
the labels through the filters in `portal.templating`.
"""

from __future__ import annotations

# In ranking order: letters, lists and the board put decision makers first.
INTERVIEWER_ROLES = {
    "decision_maker": "Decision maker",
    "influencer": "Influencer",
    "peer": "Peer",
    "hr": "HR",
}
DEFAULT_ROLE = "peer"  # assumes the least about who someone is

# The recruiter's words for a format, and how the candidate's and client's pages say it.
FORMATS = {"onsite": "On site", "video": "Video", "phone": "Phone"}
FORMAT_AS_MEETING = {"onsite": "In person", "video": "Video call", "phone": "Phone call"}

# The recruiter's decision after an interview ("" on the interview: not decided yet).
DECISIONS = {"forward": "Move forward", "hold": "Hold", "stop": "Stop"}


def role_label(role: str, *, in_sentence: bool = False) -> str:
    """'Decision maker' for "decision_maker" ('decision maker' mid-sentence); unknown as is."""
    label = INTERVIEWER_ROLES.get(role or "", (role or "").strip())
    if in_sentence and not label.isupper():
        return label[:1].lower() + label[1:]
    return label
