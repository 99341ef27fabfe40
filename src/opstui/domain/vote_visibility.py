"""What of a vote may be shown: the rule every screen, chart and export follows.

- A blind round shows how many voted, never what they chose, until it is revealed
  (closing a vote reveals it). An earlier round was revealed before it was re-voted
  (re-voting is offered only on a revealed round), so it may always be shown.
- An anonymous vote never shows who chose what: only the counts. Its ballots lose
  their names when it closes; what is shown of them never carries a name, and comes
  in an order that says nothing about who voted when.
- In presenter-safe view an anonymous vote does not even list who has voted: the
  voters are numbered instead of named.
"""

from __future__ import annotations

from collections.abc import Iterable

from opstui.domain.voting import Ballot, Proposal, ProposalStatus


def counts_shown(proposal: Proposal, round_: int | None = None) -> bool:
    """Whether the count of a round (the current one by default) may be shown."""
    round_ = proposal.round if round_ is None else round_
    if round_ < proposal.round:
        return True
    return proposal.revealed or proposal.status is ProposalStatus.CLOSED


def choices_shown(proposal: Proposal, round_: int | None = None) -> bool:
    """Whether what each person chose in a round may be shown beside their name."""
    return counts_shown(proposal, round_) and not proposal.anonymous


def voters_named(proposal: Proposal, *, presenter_safe: bool) -> bool:
    """Whether the people who voted may be listed by name (who has voted, not what)."""
    return not (proposal.anonymous and presenter_safe)


def can_revote(proposal: Proposal) -> bool:
    """A new round may be called on an open vote whose current round was revealed."""
    return proposal.status is ProposalStatus.OPEN and proposal.revealed


def ballot_value(ballot: Ballot, options: list[str]) -> str:
    """What a ballot says: "4", "agree", or dots per option in the options' order."""
    if ballot.value is not None:
        return ballot.value
    placed = [(o, ballot.dots.get(o, 0)) for o in options if ballot.dots.get(o, 0)]
    extra = sorted((o, n) for o, n in ballot.dots.items() if o not in options and n)
    return ", ".join(f"{o}: {n}" for o, n in placed + extra) or "no dots"


def shown_ballots(proposal: Proposal, ballots: Iterable[Ballot]) -> tuple[Ballot, ...]:
    """The ballots of a shown round as they may be shown: nameless if the vote is anonymous.

    An anonymous vote's ballots are ordered by what they say, so that the order gives
    nothing away about who voted when.
    """
    if not proposal.anonymous:
        return tuple(ballots)
    return tuple(
        sorted(
            (b.model_copy(update={"person_id": None}) for b in ballots),
            key=lambda b: (ballot_value(b, proposal.options), b.id),
        )
    )
