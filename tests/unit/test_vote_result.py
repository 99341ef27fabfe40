"""A counted round in words: nothing while blind, the grid's verdict once revealed."""

from __future__ import annotations

from opstui.domain.vote_result import conditions, count_lines, revealed_result, verdict
from opstui.domain.voting import Ballot, Proposal, VoteMethod, tally


def yes_no(*values: str, revealed: bool, quorum: int = 0) -> tuple[Proposal, list[Ballot]]:
    vote = Proposal(
        session_id="s", title="Go?", method=VoteMethod.YES_NO, revealed=revealed, quorum=quorum
    )
    ballots = [
        Ballot(proposal_id=vote.id, person_id=f"p{i}", method=vote.method, value=v)
        for i, v in enumerate(values)
    ]
    return vote, ballots


def test_a_blind_round_says_nothing() -> None:
    vote, ballots = yes_no("yes", "no", "yes", revealed=False)
    assert revealed_result(vote, ballots) == ()


def test_a_revealed_round_lists_each_value_and_the_verdict() -> None:
    vote, ballots = yes_no("yes", "no", "yes", revealed=True, quorum=3)
    assert revealed_result(vote, ballots) == (
        "yes — 2 votes",
        "no — 1 vote",
        "Result: yes: 2 · no: 1 → PASSED",
        "Quorum 3 met · passes when more yes than no",
    )


def test_quorum_not_met_and_dots_are_said_as_such() -> None:
    vote, ballots = yes_no("yes", revealed=True, quorum=3)
    result = tally(vote, ballots)
    assert verdict(result).endswith("→ NO-QUORUM")
    assert conditions(vote, result).startswith("Quorum 3 not met")
    dots = Proposal(
        session_id="s", title="Pick", method=VoteMethod.DOT, options=["A", "B"], budget=3
    )
    placed = [Ballot(proposal_id=dots.id, method=VoteMethod.DOT, dots={"B": 2, "A": 1})]
    assert count_lines(tally(dots, placed)) == ("B — 2 dots", "A — 1 dot")
