"""A counted round in words: the one wording of a result, for the live screen's vote grid
and for participants' devices.

What may be shown at all is ``opstui.domain.vote_visibility``'s rule; ``revealed_result``
asks it, and says nothing of a round still blind.
"""

from __future__ import annotations

from collections.abc import Iterable

from opstui.domain.vote_visibility import counts_shown
from opstui.domain.voting import Ballot, Proposal, Tally, VoteMethod, tally


def outcome_word(result: Tally) -> str:
    """The outcome as the grid heads it: "PASSED", "FAILED" or "NO-QUORUM"."""
    return result.outcome.value.upper()


def verdict(result: Tally) -> str:
    """The count and the outcome on one line: "Result: yes: 3 · no: 1 → PASSED"."""
    return f"Result: {result.summary()} → {outcome_word(result)}"


def quorum_state(result: Tally) -> str:
    return "met" if result.quorum_met else "not met"


def conditions(proposal: Proposal, result: Tally) -> str:
    """What the round needed: "Quorum 3 met · passes when more yes than no"."""
    return (
        f"Quorum {max(proposal.quorum, 1)} {quorum_state(result)}"
        f" · passes when {proposal.rule.description}"
    )


def count_lines(result: Tally) -> tuple[str, ...]:
    """One line per value or option with its count: "4 — 3 votes", "Option — 1 dot"."""
    unit = "dot" if result.method is VoteMethod.DOT else "vote"
    return tuple(
        f"{value} — {n} {unit}{'' if n == 1 else 's'}" for value, n in result.counts.items()
    )


def revealed_result(proposal: Proposal, ballots: Iterable[Ballot]) -> tuple[str, ...]:
    """The current round's result in words once it may be shown; nothing while blind."""
    if not counts_shown(proposal):
        return ()
    result = tally(proposal, list(ballots))
    return (*count_lines(result), verdict(result), conditions(proposal, result))
