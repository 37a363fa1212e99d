"""Both sides of one interview against the three tests, and the page that shows them.

The three tests a recruiter looks for after a first interview:

1. mutual interest — the candidate's own interest, how interested they felt the
   employer was, and the client's stated interest (each 1–5);
2. enough exchanged that a next conversation is natural — yes / partly / no from
   each side, with what is still open;
3. key decision makers — who the candidate met (people tagged decision maker) or
   expects next, and whether the client says one was met or is scheduled.

`compare` says where the sides disagree or a test fails, in words
("candidate 5, client 2"; "no decision maker met or scheduled"), and adds a fourth
row: both sides' concerns side by side, the ones they share marked. High mutual
interest passes only when both sides are at 4 or more. `divergence` is the shorter
list the board's "gap" chip and the recruiter's update email lead with: one side at 3
or below while the other is at 4 or above, a Pass against a keen candidate, a concern
both name. Only a sent debrief counts: a draft is the candidate's until they send it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

from peewee import JOIN

from portal.models import ChecklistItem
from portal.models import Client
from portal.models import ClientAnswer
from portal.models import ClientFeedback
from portal.models import Debrief
from portal.models import Interview
from portal.models import Interviewer
from portal.models import Position
from portal.models import ThankYouLetter
from portal.models import User
from portal.models import utcnow
from portal.services.errors import NotFound
from portal.services.journey import momentum
from portal.services.journey.debrief_versions import FIELD_LABELS
from portal.services.journey.debrief_versions import RevisionChanges
from portal.services.journey.debrief_versions import WordTime
from portal.services.journey.debrief_versions import display_value
from portal.services.journey.debrief_versions import revisions_with_changes
from portal.services.journey.debrief_versions import utc_words
from portal.services.journey.debriefs import ANSWER_FIELDS
from portal.services.letters.drafting import split_points
from portal.services.vocabulary import DECISION_MAKERS_IN_A_SENTENCE
from portal.services.vocabulary import ENOUGH_EXCHANGED
from portal.services.vocabulary import ENOUGH_EXCHANGED_IN_A_SENTENCE
from portal.services.vocabulary import N_
from portal.services.vocabulary import Phrase
from portal.services.vocabulary import label

INTEREST_GAP = 2
LOW_INTEREST = 2
# High mutual interest: both sides at this or more. Below it on one side while the other
# is at it or above, the sides diverge.
KEEN = 4


@dataclass(frozen=True)
class TestResult:
    """One of the three tests, both sides in short lines, and the gaps in words.

    `state` is "aligned", "gap", or "waiting" (a side has not answered yet and no
    gap shows so far).
    """

    number: int
    title: str  # this line and every other: Phrases, worded where they are shown
    candidate: list[str]
    client: list[str]
    gaps: list[str]
    state: str


@dataclass(frozen=True)
class Side:
    """What the candidate's sent debrief says, reduced to the three tests."""

    candidate_interest: int | None = None
    employer_interest: int | None = None
    enough_exchanged: str = ""
    still_open: str = ""
    decision_makers_met: list[str] = field(default_factory=list)
    others_involved: str = ""
    concerns: str = ""


@dataclass(frozen=True)
class ClientSide:
    """What the client said, reduced to the three tests."""

    client_interest: int | None = None
    enough_exchanged: str = ""
    still_open: str = ""
    decision_makers_involved: str = ""
    decision_makers: str = ""
    concerns: str = ""
    decision: str = ""  # advance | hold | pass, when the client answered through a link


NO_DEBRIEF = N_("No debrief sent yet")
NOTHING_RECORDED = N_("Nothing recorded yet")


def _answer(value: str) -> Phrase:
    """'Yes' ('not given' when blank) for a three-tests answer."""
    return Phrase(label(ENOUGH_EXCHANGED, value, blank=N_("not given")))


def _in_sentence(value: str) -> Phrase:
    """'partly' for "partly", inside a gap's sentence."""
    return Phrase(ENOUGH_EXCHANGED_IN_A_SENTENCE.get(value, value))


def _state(gaps: list[str], answered: bool) -> str:
    if gaps:
        return "gap"
    return "aligned" if answered else "waiting"


def _result(
    number: int,
    title: str,
    *,
    candidate: list[str] | None,
    client: list[str] | None,
    gaps: list[str],
    answered: bool,
) -> TestResult:
    """One test's row from each side's lines (None: that side has said nothing yet)."""
    return TestResult(
        number,
        Phrase(title),
        [Phrase(NO_DEBRIEF)] if candidate is None else candidate,
        [Phrase(NOTHING_RECORDED)] if client is None else client,
        gaps,
        _state(gaps, answered),
    )


def _interest(c: Side | None, k: ClientSide | None) -> TestResult:
    mine = c.candidate_interest if c else None
    felt = c.employer_interest if c else None
    theirs = k.client_interest if k else None
    gaps: list[str] = []
    if mine and theirs and (mine < KEEN or theirs < KEEN):
        gaps.append(
            Phrase(
                N_(
                    "candidate %(mine)s, client %(theirs)s: "
                    "high interest needs %(keen)s or more on both"
                ),
                mine=mine,
                theirs=theirs,
                keen=KEEN,
            )
        )
    else:
        if mine and mine <= LOW_INTEREST:
            gaps.append(Phrase(N_("candidate's interest is low (%(n)s of 5)"), n=mine))
        if theirs and theirs <= LOW_INTEREST:
            gaps.append(Phrase(N_("client's interest is low (%(n)s of 5)"), n=theirs))
    if felt and theirs and abs(felt - theirs) >= INTEREST_GAP:
        gaps.append(
            Phrase(
                N_("candidate felt the client at %(felt)s, client says %(theirs)s"),
                felt=felt,
                theirs=theirs,
            )
        )
    cand_lines: list[str] | None = None
    if c is not None:
        cand_lines = [
            _score_line(mine, N_("Own interest: %(n)s of 5"), N_("Own interest: not given")),
            _score_line(
                felt,
                N_("Felt the employer's interest: %(n)s of 5"),
                N_("Felt the employer's interest: not given"),
            ),
        ]
    client_lines: list[str] | None = None
    if k is not None:
        client_lines = [_score_line(theirs, N_("Interest: %(n)s of 5"), N_("Interest: not given"))]
    return _result(
        1,
        N_("High mutual interest"),
        candidate=cand_lines,
        client=client_lines,
        gaps=gaps,
        answered=bool(mine and theirs),
    )


def _score_line(score: int | None, given: str, not_given: str) -> str:
    """A 1-5 answer in its line ("Own interest: 4 of 5"), or the line saying it is not given."""
    return Phrase(given, n=score) if score else Phrase(not_given)


def _exchanged_lines(answer: str, still_open: str) -> list[str]:
    """One side's answer to the second test, and what it says is still open."""
    lines: list[str] = [Phrase(N_("Enough exchanged: %(answer)s"), answer=_answer(answer))]
    if still_open.strip():
        lines.append(Phrase(N_("Still open: %(text)s"), text=still_open.strip()))
    return lines


def _exchanged(c: Side | None, k: ClientSide | None) -> TestResult:
    mine = c.enough_exchanged if c else ""
    theirs = k.enough_exchanged if k else ""
    gaps: list[str] = []
    if mine and theirs and mine != theirs:
        gaps.append(
            Phrase(
                N_("candidate %(mine)s, client %(theirs)s"),
                mine=_in_sentence(mine),
                theirs=_in_sentence(theirs),
            )
        )
    elif mine and theirs and mine == theirs and mine != "yes":
        gaps.append(Phrase(N_("both say %(answer)s"), answer=_in_sentence(mine)))
    else:
        if mine in ("partly", "no"):
            gaps.append(Phrase(N_("candidate says %(answer)s"), answer=_in_sentence(mine)))
        if theirs in ("partly", "no"):
            gaps.append(Phrase(N_("client says %(answer)s"), answer=_in_sentence(theirs)))
    return _result(
        2,
        N_("Enough exchanged for a next conversation"),
        candidate=None if c is None else _exchanged_lines(mine, c.still_open),
        client=None if k is None else _exchanged_lines(theirs, k.still_open),
        gaps=gaps,
        answered=bool(mine and theirs),
    )


def _decision_makers(c: Side | None, k: ClientSide | None) -> TestResult:
    met = c.decision_makers_met if c else []
    next_up = c.others_involved.strip() if c else ""
    involved = k.decision_makers_involved if k else ""
    cand_lines: list[str] | None = None
    if c is not None:
        cand_lines = [
            Phrase(N_("Met decision makers: %(names)s"), names=", ".join(met))
            if met
            else Phrase(N_("Met no one tagged decision maker"))
        ]
        if next_up:
            cand_lines.append(Phrase(N_("Involved or scheduled next: %(text)s"), text=next_up))
    client_lines: list[str] | None = None
    if k is not None:
        said = DECISION_MAKERS_IN_A_SENTENCE.get(involved, N_("Decision makers: not given"))
        client_lines = [Phrase(said, capitalized=True)]
        if k.decision_makers.strip():
            client_lines.append(Phrase(N_("Names: %(names)s"), names=k.decision_makers.strip()))
    gaps: list[str] = []
    if involved == "none":
        if met:
            gaps.append(
                Phrase(
                    N_(
                        "candidate met %(names)s as decision maker; "
                        "client says none met or scheduled"
                    ),
                    names=", ".join(met),
                )
            )
        else:
            gaps.append(Phrase(DECISION_MAKERS_IN_A_SENTENCE["none"]))
    elif c is not None and not met and not next_up and involved in ("", "none"):
        gaps.append(Phrase(DECISION_MAKERS_IN_A_SENTENCE["none"]))
    elif involved == "met" and c is not None and not met:
        gaps.append(Phrase(N_("client says a decision maker was met; candidate named none")))
    return _result(
        3,
        N_("Key decision makers involved"),
        candidate=cand_lines,
        client=client_lines,
        gaps=gaps,
        answered=c is not None and bool(involved),
    )


# Words too common to make two concerns "the same one".
_COMMON = frozenset(
    {
        "about", "after", "again", "being", "below", "could", "didn't", "doesn't",
        "every", "little", "maybe", "might", "other", "really", "still", "their",
        "there", "these", "thing", "think", "those", "which", "while", "would",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z][a-z'-]+")


def _keywords(point: str) -> frozenset[str]:
    """The words of a concern that say what it is about (five letters or more, not common)."""
    return frozenset(
        w.rstrip("s") for w in _WORD.findall(point.casefold()) if len(w) >= 5 and w not in _COMMON
    )


@dataclass(frozen=True)
class Concern:
    """One concern one side named; `shared` when the other side named it too."""

    text: str
    shared: bool


def concerns_side_by_side(
    candidate_text: str, client_text: str
) -> tuple[list[Concern], list[Concern]]:
    """Both sides' concerns, point by point, each marked when the other side shares it
    (the two points have a telling word in common)."""
    mine = [(p, _keywords(p)) for p in split_points(candidate_text)]
    theirs = [(p, _keywords(p)) for p in split_points(client_text)]
    return (
        [Concern(p, any(k & other for _, other in theirs)) for p, k in mine],
        [Concern(p, any(k & other for _, other in mine)) for p, k in theirs],
    )


def _concerns(c: Side | None, k: ClientSide | None) -> TestResult:
    mine, theirs = concerns_side_by_side(c.concerns if c else "", k.concerns if k else "")
    shared = [x.text for x in theirs if x.shared]
    gaps: list[str] = [Phrase(N_("both name it: %(text)s"), text=text) for text in shared]
    return _result(
        4,
        N_("Concerns"),
        candidate=None if c is None else _concern_lines(mine),
        client=None if k is None else _concern_lines(theirs),
        gaps=gaps,
        answered=c is not None and k is not None,
    )


def _concern_lines(concerns: list[Concern]) -> list[str]:
    """One side's concerns as it wrote them, 'Both: …' where the other side names one too,
    or 'None named'."""
    if not concerns:
        return [Phrase(N_("None named"))]
    return [
        Phrase(N_("Both: %(text)s"), text=concern.text) if concern.shared else concern.text
        for concern in concerns
    ]


def compare(*, candidate: Side | None, client: ClientSide | None) -> list[TestResult]:
    """The three tests for both sides (None: that side has said nothing yet), and a
    fourth row with both sides' concerns."""
    return [
        _interest(candidate, client),
        _exchanged(candidate, client),
        _decision_makers(candidate, client),
        _concerns(candidate, client),
    ]


def divergence(*, candidate: Side | None, client: ClientSide | None) -> list[str]:
    """Where the sides diverge, in words (empty: they do not, or a side is silent).

    One side at 3 or below while the other is at 4 or above; the client passing on a
    candidate at 4 or more; a concern both name.
    """
    if candidate is None or client is None:
        return []
    found: list[str] = []
    mine, theirs = candidate.candidate_interest, client.client_interest
    if mine and theirs and (mine < KEEN) != (theirs < KEEN):
        found.append(
            Phrase(N_("interest: candidate %(mine)s, client %(theirs)s"), mine=mine, theirs=theirs)
        )
    if client.decision == "pass" and mine and mine >= KEEN:
        found.append(Phrase(N_("client passes; candidate keen (%(n)s of 5)"), n=mine))
    _, client_concerns = concerns_side_by_side(candidate.concerns, client.concerns)
    found.extend(
        Phrase(N_("both name: %(text)s"), text=x.text) for x in client_concerns if x.shared
    )
    return found


def side_of(*, debrief: Debrief | None, panel: list[Interviewer]) -> Side | None:
    """The candidate's side from a sent debrief (None for no debrief or a draft)."""
    if debrief is None or debrief.first_submitted_at is None:
        return None
    return Side(
        candidate_interest=debrief.candidate_interest,
        employer_interest=debrief.employer_interest,
        enough_exchanged=debrief.enough_exchanged or "",
        still_open=debrief.still_open or "",
        decision_makers_met=[p.name for p in panel if p.role == "decision_maker"],
        others_involved=debrief.others_involved or "",
        concerns=debrief.concerns or "",
    )


def client_side_of(
    feedback: ClientFeedback | None, answer: ClientAnswer | None = None
) -> ClientSide | None:
    """The client's side: what the recruiter recorded, else what the client answered
    through a share link, else None."""
    if feedback is None and answer is not None:
        return ClientSide(
            client_interest=answer.interest,
            enough_exchanged=answer.enough_exchanged or "",
            still_open=answer.concerns or "",
            decision_makers_involved=answer.decision_makers or "",
            decision_makers="",
            concerns=answer.concerns or "",
            decision=answer.decision or "",
        )
    if feedback is None:
        return None
    return ClientSide(
        client_interest=feedback.client_interest,
        enough_exchanged=feedback.enough_exchanged or "",
        still_open=feedback.still_open or "",
        decision_makers_involved=feedback.decision_makers_involved or "",
        decision_makers=feedback.decision_makers or "",
        concerns=feedback.concerns or "",
        decision=answer.decision if answer is not None else "",
    )


# ---------------------------------------------------------------------------
# The recruiter's interview page, loaded in a fixed handful of queries
# ---------------------------------------------------------------------------


@dataclass
class Sheet:
    """Everything the recruiter's interview page shows."""

    interview: Interview
    candidate: User
    panel: list[Interviewer]
    letters: dict[int, ThankYouLetter]
    debrief: Debrief | None
    revisions: list[RevisionChanges]
    feedback: ClientFeedback | None
    client_answer: ClientAnswer | None
    prep: list[ChecklistItem]
    clock: momentum.Clock
    tests: list[TestResult]
    divergence: list[str]
    now: dt.datetime

    @property
    def prep_done(self) -> int:
        return sum(1 for item in self.prep if item.done_at is not None)

    @property
    def sent_debrief(self) -> Debrief | None:
        if self.debrief is not None and self.debrief.first_submitted_at is not None:
            return self.debrief
        return None

    def answers(
        self, translate: Callable[[str], str], when: WordTime = utc_words
    ) -> list[tuple[str, str]]:
        """The sent debrief's answers as (label, text), in form order ("—" for blank), the
        portal's own words in the reader's language through `translate` (gettext), a
        chosen call time in the reader's zone through `when`."""
        debrief = self.sent_debrief
        if debrief is None:
            return []
        return [
            (
                translate(FIELD_LABELS[name]),
                display_value(name, getattr(debrief, name), translate, when),
            )
            for name in ANSWER_FIELDS
        ]

    @property
    def client_side_given_by_client(self) -> bool:
        """True when the client's side of the tests comes from their own answer."""
        return self.feedback is None and self.client_answer is not None

    @property
    def gap_count(self) -> int:
        return sum(1 for t in self.tests[:3] if t.state == "gap")

    @property
    def verdict(self) -> tuple[str, str]:
        """The three tests in one sentence, with its tone ("bad", "ok", or "" while waiting)."""
        if self.gap_count:
            return "bad", Phrase(N_("%(n)s of 3 tests show a gap."), n=self.gap_count)
        if any(t.state == "waiting" for t in self.tests[:3]):
            no_debrief = not self.sent_debrief
            no_client = not self.feedback and not self.client_answer
            if no_debrief and no_client:
                waiting = N_("Waiting for the candidate's debrief and the client's side.")
            elif no_debrief:
                waiting = N_("Waiting for the candidate's debrief.")
            elif no_client:
                waiting = N_("Waiting for the client's side.")
            else:
                waiting = N_("Waiting for more answers.")
            return "", Phrase(waiting)
        return "ok", Phrase(N_("Both sides pass all three tests."))


def interview_sheet(
    *,
    interview_id: int,
    overdue_minutes: int = 120,
    now: dt.datetime | None = None,
    translate: Callable[[str], str] = str,
    when: WordTime = utc_words,
) -> Sheet:
    """Load one interview with both sides, its clock and the three tests (seven queries);
    the debrief's versions are worded through `translate` and `when` (its reader's
    language and zone: `debrief_versions.display_value`).

    Reading changes nothing: the client's answer stays theirs to change until the next
    round starts.
    """
    now = now or utcnow()
    candidate_alias = User.alias("candidate")
    interview = (
        Interview.select(Interview, Position, Client, candidate_alias)
        .join(Position)
        .join(Client)
        .switch(Interview)
        .join(candidate_alias, on=(Interview.candidate == candidate_alias.id))
        .where(Interview.id == interview_id)
        .first()
    )
    if interview is None:
        raise NotFound("That interview does not exist.")
    candidate = interview.candidate
    panel: list[Interviewer] = []
    letters: dict[int, ThankYouLetter] = {}
    query = (
        Interviewer.select(Interviewer, ThankYouLetter)
        .join(ThankYouLetter, JOIN.LEFT_OUTER, on=(ThankYouLetter.interviewer == Interviewer.id))
        .where(Interviewer.interview == interview.id)
        .order_by(Interviewer.sort_order, Interviewer.id)
    )
    for person in query:
        panel.append(person)
        letter = getattr(person, "thankyouletter", None)
        if letter is not None and letter.id is not None:
            letters[person.id] = letter
    debrief = Debrief.get_or_none(Debrief.interview == interview.id)
    revisions = (
        revisions_with_changes(debrief=debrief, translate=translate, when=when)
        if debrief is not None
        else []
    )
    feedback = ClientFeedback.get_or_none(ClientFeedback.interview == interview.id)
    client_answer = (
        ClientAnswer.select()
        .where(ClientAnswer.interview == interview.id)
        .order_by(ClientAnswer.updated_at.desc())
        .first()
    )
    prep = list(
        ChecklistItem.select()
        .where(ChecklistItem.interview == interview.id)
        .order_by(ChecklistItem.sort_order, ChecklistItem.id)
    )
    sent = debrief if debrief is not None and debrief.first_submitted_at is not None else None
    clock = momentum.interview_clock(
        ends_at=interview.ends_at,
        now=now,
        overdue_minutes=overdue_minutes,
        debrief_at=sent.first_submitted_at if sent else None,
        letters=[
            (
                p.name,
                letters[p.id].sent_at
                if p.id in letters and letters[p.id].status == "sent"
                else None,
            )
            for p in panel
        ],
        feedback_at=feedback.recorded_at
        if feedback
        else (client_answer.created_at if client_answer else None),
    )
    candidate_side = side_of(debrief=sent, panel=panel)
    client_side = client_side_of(feedback, client_answer)
    tests = compare(candidate=candidate_side, client=client_side)
    return Sheet(
        interview=interview,
        candidate=candidate,
        panel=panel,
        letters=letters,
        debrief=debrief,
        revisions=revisions,
        feedback=feedback,
        client_answer=client_answer,
        prep=prep,
        clock=clock,
        tests=tests,
        divergence=divergence(candidate=candidate_side, client=client_side),
        now=now,
    )
