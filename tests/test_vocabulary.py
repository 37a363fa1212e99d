"""The three tests' answers read the same wherever they are asked or shown."""

from __future__ import annotations

from portal.candidate.forms import DebriefForm
from portal.models import ClientAnswer
from portal.models import ClientFeedback
from portal.models import Debrief
from portal.recruiter.forms import FeedbackForm
from portal.services import vocabulary
from portal.share.forms import YourViewForm


def _labels(field) -> list[tuple[str, str]]:
    return [(value, label) for value, label, _, _ in field.iter_choices()]


def test_candidate_recruiter_and_client_are_offered_the_same_answers(app):
    """The debrief, the recruiter's client-side form and the client's form offer one list."""
    exchanged = list(vocabulary.ENOUGH_EXCHANGED.items())
    makers = list(vocabulary.DECISION_MAKERS.items())
    with app.test_request_context():
        debrief, feedback = (
            DebriefForm(meta={"csrf": False}),
            FeedbackForm(meta={"csrf": False}),
        )
        view = YourViewForm()
        assert _labels(debrief.enough_exchanged) == exchanged
        assert _labels(feedback.enough_exchanged) == exchanged
        assert _labels(view.enough_exchanged) == exchanged
        assert _labels(debrief.decision_makers) == makers
        assert _labels(feedback.decision_makers_involved) == makers
        assert _labels(view.decision_makers) == makers


def test_columns_declare_the_vocabulary_as_their_choices():
    """Every column holding one of these answers names the same values."""
    for column in (
        Debrief.enough_exchanged,
        ClientFeedback.enough_exchanged,
        ClientAnswer.enough_exchanged,
    ):
        assert dict(column.choices) == vocabulary.ENOUGH_EXCHANGED
    for column in (
        Debrief.decision_makers,
        ClientFeedback.decision_makers_involved,
        ClientAnswer.decision_makers,
    ):
        assert dict(column.choices) == vocabulary.DECISION_MAKERS


def test_an_unknown_answer_is_refused_with_the_offered_words():
    """The message lists the choices as the forms show them."""
    assert vocabulary.choose(vocabulary.ENOUGH_EXCHANGED) == "Choose yes, partly or no."
    assert vocabulary.choose(vocabulary.DECISION_MAKERS) == "Choose met, scheduled next or not yet."


def test_each_refusal_of_an_unknown_answer_names_its_lists_labels():
    """Each message is written whole (so the catalog has it in every language) and still
    lists its list's labels, in offering order, as the forms show them."""
    for words, message in vocabulary._CHOOSE:
        labels = [label.lower() for label in words.values()]
        assert message == f"Choose {', '.join(labels[:-1])} or {labels[-1]}."
        assert vocabulary.choose(words) == message
    assert vocabulary.choose(vocabulary.CLIENT_DECISIONS) == "Choose advance, hold or pass."
