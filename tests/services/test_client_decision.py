"""The three tests told honestly, the concerns row, and where the sides diverge."""

from __future__ import annotations

from portal.services.sharing.comparison import ClientSide
from portal.services.sharing.comparison import Side
from portal.services.sharing.comparison import compare
from portal.services.sharing.comparison import divergence


def test_high_mutual_interest_needs_four_or_more_on_both_sides():
    """3 against 4 is a gap, not "aligned"; 4 against 5 passes."""
    lukewarm = compare(candidate=Side(candidate_interest=3), client=ClientSide(client_interest=4))
    assert lukewarm[0].title == "High mutual interest"
    assert lukewarm[0].state == "gap"
    assert "candidate 3, client 4" in lukewarm[0].gaps[0]
    keen = compare(candidate=Side(candidate_interest=4), client=ClientSide(client_interest=5))
    assert keen[0].state == "aligned"


def test_a_fourth_row_sets_both_sides_concerns_side_by_side_and_marks_shared_ones():
    """The concerns each side named, with the one both name marked on both sides."""
    tests = compare(
        candidate=Side(concerns="Salary below my expectations\nLong commute"),
        client=ClientSide(concerns="Salary expectations may be high; No Kubernetes"),
    )
    row = tests[3]
    assert row.title == "Concerns"
    assert row.candidate == ["Both: Salary below my expectations", "Long commute"]
    assert row.client == ["Both: Salary expectations may be high", "No Kubernetes"]
    assert row.state == "gap"


def test_divergence_names_split_interest_a_pass_on_a_keen_candidate_and_a_shared_concern():
    """The board's gap: one side at 3 or below against 4 or above; Pass against a keen
    candidate; a concern both name. Nothing while a side is silent."""
    assert divergence(
        candidate=Side(candidate_interest=5), client=ClientSide(client_interest=3)
    ) == ["interest: candidate 5, client 3"]
    assert divergence(
        candidate=Side(candidate_interest=4), client=ClientSide(client_interest=4, decision="pass")
    ) == ["client passes; candidate keen (4 of 5)"]
    assert divergence(
        candidate=Side(concerns="The on-call rota"), client=ClientSide(concerns="on-call load")
    ) == ["both name: on-call load"]
    assert divergence(candidate=Side(candidate_interest=5), client=None) == []
    assert (
        divergence(candidate=Side(candidate_interest=4), client=ClientSide(client_interest=5)) == []
    )
