"""The three tests side by side: where a gap in interest starts, and where interest is low.

Each case sits on a limit (a gap of exactly 2, an interest of exactly 2) or one step
inside it, so a limit moved by one shows.
"""

from __future__ import annotations

import pytest

from portal.services.sharing.comparison import ClientSide
from portal.services.sharing.comparison import Side
from portal.services.sharing.comparison import compare


def _interest(mine: int, felt: int, theirs: int):
    interest, *_others = compare(
        candidate=Side(candidate_interest=mine, employer_interest=felt),
        client=ClientSide(client_interest=theirs),
    )
    return interest


@pytest.mark.parametrize(
    ("mine", "theirs", "gap"),
    [(4, 4, False), (5, 4, False), (4, 3, True), (3, 4, True), (3, 3, True)],
    ids=["both-4", "5-and-4", "client-3", "candidate-3", "both-3"],
)
def test_high_mutual_interest_needs_four_or_more_on_both_sides(mine, theirs, gap):
    """Both sides at 4 or more is high mutual interest; either side at 3 is a gap."""
    result = _interest(mine, felt=theirs, theirs=theirs)
    assert (f"candidate {mine}, client {theirs}" in " ".join(result.gaps)) is gap
    assert result.state == ("gap" if gap else "aligned")


@pytest.mark.parametrize(("felt", "gap"), [(5, True), (4, False)], ids=["2-apart", "1-apart"])
def test_how_the_candidate_felt_the_client_against_what_the_client_says(felt, gap):
    """The candidate's sense of the client's interest two points off what the client says
    is a gap; one point off is not."""
    result = _interest(4, felt=felt, theirs=3)
    assert (f"candidate felt the client at {felt}, client says 3" in result.gaps) is gap


@pytest.mark.parametrize(("level", "low"), [(2, True), (3, False)], ids=["2-is-low", "3-is-not"])
def test_interest_of_two_is_low_three_is_not(level, low):
    """Before the client's side is in, the candidate's interest of 2 of 5 is flagged as
    low; 3 of 5 is not."""
    interest, *_others = compare(candidate=Side(candidate_interest=level), client=None)
    assert (f"candidate's interest is low ({level} of 5)" in interest.gaps) is low
