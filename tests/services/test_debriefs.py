"""Debriefs: change descriptions between revisions, drafts, submissions and amendments."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from portal.models import Debrief
from portal.models import DebriefRevision
from portal.models import IdempotencyKey
from portal.models import Interviewer
from portal.models import ThankYouLetter
from portal.models import utcnow
from portal.services.errors import Conflict
from portal.services.errors import ServiceError
from portal.services.journey import debrief_versions
from portal.services.journey import debriefs
from portal.services.journey.debrief_versions import FIELD_LABELS
from portal.services.journey.debrief_versions import Change
from portal.services.journey.debrief_versions import describe_changes
from portal.services.journey.interviews import PanelEntry
from portal.services.letters import kept

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


# ---------------------------------------------------------------------------
# Drafts, submissions and amendments, on a real database
# ---------------------------------------------------------------------------

KEY = "k" * 24


def _ended(make):
    return make.make_interview(starts_in=dt.timedelta(minutes=-100))


def _panel(interview):
    return list(
        Interviewer.select().where(Interviewer.interview == interview).order_by(Interviewer.id)
    )


def test_draft_keeps_answers_and_adds_people_met(make):
    """A draft saves only the answers given and adds new people as candidate-added."""
    interview = _ended(make)
    debrief, ids = debriefs.save_draft(
        interview=interview,
        candidate=interview.candidate,
        answers={"candidate_interest": 4, "key_points": "Data platform"},
        people=[PanelEntry("Lee Lead", "VP Data", "influencer", "lee@x.example")],
    )
    assert debrief.status == "draft" and debrief.candidate_interest == 4
    assert debrief.employer_interest is None
    lee = Interviewer.get_by_id(ids[0])
    assert (lee.name, lee.role, lee.added_by) == ("Lee Lead", "influencer", "candidate")
    assert DebriefRevision.select().count() == 0


def test_saving_twice_corrects_people_instead_of_adding_twins(make):
    """A row with its id is corrected; a row without id matching a name updates that person."""
    interview = _ended(make)
    dana, pat = _panel(interview)
    _, ids = debriefs.save_draft(
        interview=interview,
        candidate=interview.candidate,
        answers={},
        people=[
            PanelEntry("Dana Dekker", "CTO", "decision_maker", None, interviewer_id=dana.id),
            PanelEntry("pat peer", "Staff Engineer", "peer", ""),
        ],
    )
    assert ids == [dana.id, pat.id]
    people = _panel(interview)
    assert [p.name for p in people] == ["Dana Dekker", "pat peer"]
    assert people[0].email == "dana@client.example"  # None kept the stored email


def test_blank_name_removes_a_person_only_on_an_explicit_save(make):
    """Autosave skips a cleared name (it may be retyped); an explicit save removes the person."""
    interview = _ended(make)
    dana, pat = _panel(interview)
    entries = [PanelEntry("", "", "peer", "", interviewer_id=pat.id)]
    debriefs.save_draft(
        interview=interview, candidate=interview.candidate, answers={}, people=entries
    )
    assert len(_panel(interview)) == 2
    debriefs.save_draft(
        interview=interview,
        candidate=interview.candidate,
        answers={},
        people=entries,
        remove_blank=True,
    )
    assert [p.id for p in _panel(interview)] == [dana.id]


def test_a_person_with_a_sent_letter_is_never_removed(make):
    """Clearing the name of someone already thanked keeps them (the letter is history)."""
    interview = _ended(make)
    dana, _pat = _panel(interview)
    ThankYouLetter.create(interview=interview, interviewer=dana, status="sent", sent_at=utcnow())
    debriefs.save_draft(
        interview=interview,
        candidate=interview.candidate,
        answers={},
        people=[PanelEntry("", "", "peer", "", interviewer_id=dana.id)],
        remove_blank=True,
    )
    assert dana.id in [p.id for p in _panel(interview)]


def test_submit_keeps_version_one_with_the_whole_snapshot(make):
    """The first submission is version 1; its snapshot has every answer and the people."""
    interview = _ended(make)
    result = debrief_versions.submit(
        interview=interview,
        candidate=interview.candidate,
        answers={"candidate_interest": 5, "enough_exchanged": "partly", "call_me": True},
        people=[],
        idempotency_key=KEY,
    )
    debrief = result.debrief
    assert result.new_version and debrief.status == "submitted" and debrief.version == 1
    assert debrief.first_submitted_at == debrief.submitted_at
    revision = DebriefRevision.get(DebriefRevision.debrief == debrief)
    snapshot = json.loads(revision.snapshot)
    assert set(snapshot) == set(debriefs.ANSWER_FIELDS) | {"people"}
    assert snapshot["candidate_interest"] == 5 and snapshot["call_me"] is True
    assert [p["name"] for p in snapshot["people"]] == ["Dana Decider", "Pat Peer"]
    assert set(snapshot["people"][0]) == {"name", "title", "role", "email"}


def test_the_same_idempotency_key_twice_keeps_one_version(make):
    """A retried or double submit changes nothing the second time."""
    interview = _ended(make)
    args = {"interview": interview, "candidate": interview.candidate, "people": []}
    first = debrief_versions.submit(answers={"key_points": "Roadmap"}, idempotency_key=KEY, **args)
    second = debrief_versions.submit(answers={"key_points": "Roadmap"}, idempotency_key=KEY, **args)
    assert first.new_version and not second.new_version
    assert DebriefRevision.select().count() == 1
    assert IdempotencyKey.select().count() == 1
    assert Debrief.get_by_id(first.debrief.id).version == 1


def test_someone_elses_key_is_refused(make):
    """A key spent by another candidate does not reach this debrief."""
    interview = _ended(make)
    other = _ended(make)
    debrief_versions.submit(
        interview=other, candidate=other.candidate, answers={}, people=[], idempotency_key=KEY
    )
    with pytest.raises(Conflict):
        debrief_versions.submit(
            interview=interview,
            candidate=interview.candidate,
            answers={},
            people=[],
            idempotency_key=KEY,
        )
    assert Debrief.select().where(Debrief.interview == interview).count() == 0


def test_amendment_is_a_new_version_and_its_changes_are_described(make):
    """Amending keeps version 2; the history lists what changed, newest first."""
    interview = _ended(make)
    args = {"interview": interview, "candidate": interview.candidate, "people": []}
    debrief_versions.submit(answers={"employer_interest": 2}, idempotency_key="a" * 20, **args)
    result = debrief_versions.submit(
        answers={"employer_interest": 4, "concerns": "Travel"}, idempotency_key="b" * 20, **args
    )
    assert result.debrief.version == 2
    history = debrief_versions.revisions_with_changes(debrief=result.debrief)
    assert [r.number for r in history] == [2, 1]
    assert [(c.before, c.after) for c in history[0].changes] == [
        ("2 of 5", "4 of 5"),
        ("—", "Travel"),
    ]


def test_sending_the_same_answers_again_keeps_no_new_version(make):
    """An amendment with nothing changed is not a version."""
    interview = _ended(make)
    args = {"interview": interview, "candidate": interview.candidate, "people": []}
    debrief_versions.submit(answers={"key_points": "A"}, idempotency_key="a" * 20, **args)
    again = debrief_versions.submit(answers={"key_points": "A"}, idempotency_key="b" * 20, **args)
    assert not again.new_version and again.debrief.version == 1


def test_amendment_asks_the_recruiter_to_look_and_call_again(make):
    """A reviewed debrief amended with a new call request is unreviewed and the call unhandled."""
    interview = _ended(make)
    recruiter = interview.recruiter
    args = {"interview": interview, "candidate": interview.candidate, "people": []}
    first = debrief_versions.submit(answers={"call_me": True}, idempotency_key="a" * 20, **args)
    Debrief.update(reviewed_at=utcnow(), reviewed_by=recruiter, call_handled_at=utcnow()).where(
        Debrief.id == first.debrief.id
    ).execute()
    debrief_versions.submit(
        answers={"call_me": True, "call_times": "after 5pm"}, idempotency_key="b" * 20, **args
    )
    debrief = Debrief.get_by_id(first.debrief.id)
    assert debrief.reviewed_at is None and debrief.call_handled_at is None


def test_after_submission_drafts_are_refused(make):
    """Once sent, answers change only through an amendment (a kept version)."""
    interview = _ended(make)
    debrief_versions.submit(
        interview=interview,
        candidate=interview.candidate,
        answers={},
        people=[],
        idempotency_key=KEY,
    )
    with pytest.raises(Conflict):
        debriefs.save_draft(
            interview=interview,
            candidate=interview.candidate,
            answers={"concerns": "x"},
            people=[],
        )


def test_submitting_drafts_a_letter_per_person_decision_makers_first(make):
    """Each person met gets a formal draft; the letters list puts decision makers first."""
    from portal.services.journey.interviews import PanelEntry

    interview = make.make_interview(
        starts_in=dt.timedelta(hours=-2),
        people=[
            PanelEntry("Pat Peer", "Engineer", "peer"),
            PanelEntry("Dana Decider", "CTO", "decision_maker"),
        ],
    )
    debrief_versions.submit(
        interview=interview,
        candidate=interview.candidate,
        answers={"key_points": "Data platform\nHiring plans", "qualifications": "Ten years of SQL"},
        people=[],
        idempotency_key=KEY,
    )
    rows = kept.letters_of(interview=interview)
    assert [r.interviewer.name for r in rows] == ["Dana Decider", "Pat Peer"]
    assert all(r.tone == "formal" and r.status == "draft" for r in rows)
    assert "Dana" in rows[0].body and "Pat" in rows[1].body


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"candidate_interest": 7}, "candidate_interest"),
        ({"employer_interest": True}, "employer_interest"),
        ({"enough_exchanged": "maybe"}, "enough_exchanged"),
        ({"call_times": "x" * 201}, "call_times"),
        ({"concerns": "x" * 4001}, "concerns"),
        ({"version": 9}, "version"),
    ],
)
def test_out_of_range_answers_are_refused_by_the_service(make, answers, field):
    """The service holds the rule even if a view forgot it."""
    interview = _ended(make)
    with pytest.raises(ServiceError) as caught:
        debriefs.save_draft(
            interview=interview, candidate=interview.candidate, answers=answers, people=[]
        )
    assert caught.value.field == field
