"""Debriefs: change descriptions between revisions, drafts, submissions and amendments."""

from __future__ import annotations

from portal.services.debriefs import FIELD_LABELS, Change, describe_changes

DANA = {"name": "Dana Decider", "title": "CTO", "role": "decision_maker", "email": "d@x.example"}


def test_first_revision_lists_every_answer_given():
    """Against an empty 'before', each filled answer is a change from the blank mark."""
    changes = describe_changes(
        before={}, after={"candidate_interest": 4, "key_points": "Roadmap", "people": [DANA]}
    )
    assert changes == [
        Change(FIELD_LABELS["candidate_interest"], "—", "4 of 5"),
        Change(FIELD_LABELS["key_points"], "—", "Roadmap"),
        Change("People met", "—", "Dana Decider (CTO, decision maker, d@x.example)"),
    ]


def test_unchanged_and_blank_answers_are_not_changes():
    """Missing, None and empty read the same, and equal answers give no change at all."""
    before = {"candidate_interest": None, "key_points": "", "call_me": False, "people": []}
    after = {"still_open": "  ", "call_me": False}
    assert describe_changes(before=before, after=after) == []


def test_amended_answers_show_before_and_after():
    """A changed scale, choice, flag and person are described in words, in form order."""
    before = {
        "employer_interest": 2,
        "enough_exchanged": "partly",
        "call_me": False,
        "people": [DANA],
    }
    after = {
        "employer_interest": 4,
        "enough_exchanged": "yes",
        "call_me": True,
        "people": [{**DANA, "name": "Dana Dekker"}],
    }
    changes = describe_changes(before=before, after=after)
    assert [c.label for c in changes] == [
        FIELD_LABELS["employer_interest"],
        FIELD_LABELS["enough_exchanged"],
        FIELD_LABELS["call_me"],
        "People met",
    ]
    assert changes[0] == Change(FIELD_LABELS["employer_interest"], "2 of 5", "4 of 5")
    assert changes[1].before == "Partly" and changes[1].after == "Yes"
    assert changes[2].after == "Yes"
    assert changes[3].after.startswith("Dana Dekker (CTO")
