"""Votes: proposals, ballots, and the rules that say whether a proposal passed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from opstui.domain.base import Prose, Record, Title, utcnow


class VoteMethod(StrEnum):
    FIST_OF_FIVE = "fist-of-five"
    CONSENT = "consent"
    YES_NO = "yes-no"
    DOT = "dot"

    @property
    def label(self) -> str:
        return {
            VoteMethod.FIST_OF_FIVE: "Fist of five",
            VoteMethod.CONSENT: "Consent",
            VoteMethod.YES_NO: "Yes / no",
            VoteMethod.DOT: "Dot vote",
        }[self]

    @property
    def choices(self) -> tuple[str, ...]:
        """The values a ballot may hold; a dot vote's choices are its proposal's options."""
        return METHOD_CHOICES[self]


METHOD_CHOICES: dict[VoteMethod, tuple[str, ...]] = {
    VoteMethod.FIST_OF_FIVE: ("0", "1", "2", "3", "4", "5"),
    VoteMethod.CONSENT: ("agree", "abstain", "disagree", "block"),
    VoteMethod.YES_NO: ("yes", "no"),
    VoteMethod.DOT: (),
}


class PassRule(StrEnum):
    """When a proposal passes, given the ballots of its current round."""

    ALL_AT_LEAST_THREE = "all-at-least-3"
    AVERAGE_AT_LEAST_THREE = "average-at-least-3"
    NO_BLOCK_MORE_AGREE = "no-block-more-agree"
    MAJORITY = "majority"
    UNANIMOUS = "unanimous"
    CLEAR_WINNER = "clear-winner"

    @property
    def description(self) -> str:
        return PASS_RULE_TEXT[self]


PASS_RULE_TEXT: dict[PassRule, str] = {
    PassRule.ALL_AT_LEAST_THREE: "everyone shows 3 or more",
    PassRule.AVERAGE_AT_LEAST_THREE: "the average is 3 or more",
    PassRule.NO_BLOCK_MORE_AGREE: "no block, and more agree than disagree",
    PassRule.MAJORITY: "more yes than no",
    PassRule.UNANIMOUS: "everyone says yes",
    PassRule.CLEAR_WINNER: "one option has the most dots",
}

DEFAULT_RULE: dict[VoteMethod, PassRule] = {
    VoteMethod.FIST_OF_FIVE: PassRule.ALL_AT_LEAST_THREE,
    VoteMethod.CONSENT: PassRule.NO_BLOCK_MORE_AGREE,
    VoteMethod.YES_NO: PassRule.MAJORITY,
    VoteMethod.DOT: PassRule.CLEAR_WINNER,
}

RULES_FOR: dict[VoteMethod, tuple[PassRule, ...]] = {
    VoteMethod.FIST_OF_FIVE: (PassRule.ALL_AT_LEAST_THREE, PassRule.AVERAGE_AT_LEAST_THREE),
    VoteMethod.CONSENT: (PassRule.NO_BLOCK_MORE_AGREE, PassRule.UNANIMOUS),
    VoteMethod.YES_NO: (PassRule.MAJORITY, PassRule.UNANIMOUS),
    VoteMethod.DOT: (PassRule.CLEAR_WINNER,),
}


def check_vote_setup(
    method: VoteMethod, options: list[str], budget: int, pass_rule: PassRule | None
) -> None:
    """Refuse a vote whose options, dot budget or pass rule do not fit its method."""
    if method is VoteMethod.DOT:
        if len(options) < 2:
            raise ValueError("a dot vote needs at least two options")
        if len({o.lower() for o in options}) != len(options):
            raise ValueError("the options of a dot vote must differ")
        if budget < 1:
            raise ValueError("a dot vote needs a budget of at least one dot per person")
    elif options:
        raise ValueError(f"options belong to dot votes, not to {method.label}")
    if pass_rule is not None and pass_rule not in RULES_FOR[method]:
        raise ValueError(f"{pass_rule.value} is no pass rule for {method.label}")


class ProposalSubject(StrEnum):
    """What a proposal is about, so rules can find, say, the vote on the metrics."""

    GENERAL = "general"
    PROBLEM = "problem"
    METRIC = "metric"
    SOLUTION = "solution"
    NEXT_ITERATION = "next-iteration"
    #: The closing pulse (``opstui.domain.pulse``): the session's value, the rollout so far.
    PULSE_SESSION = "pulse-session"
    PULSE_ROLLOUT = "pulse-rollout"


class ProposalStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NO_QUORUM = "no-quorum"


class Proposal(Record):
    """Something put to a vote in a session."""

    session_id: str
    title: Title
    description: Prose = ""
    method: VoteMethod = VoteMethod.FIST_OF_FIVE
    pass_rule: PassRule | None = None
    #: The fewest ballots a round needs to count.
    quorum: int = Field(default=0, ge=0, le=10_000)
    #: Dot vote only: the options and how many dots each person may place.
    options: list[Title] = Field(default_factory=list)
    budget: int = Field(default=0, ge=0, le=100)
    anonymous: bool = False
    revealed: bool = False
    round: int = Field(default=1, ge=1)
    status: ProposalStatus = ProposalStatus.OPEN
    outcome: Outcome | None = None
    subject: ProposalSubject = ProposalSubject.GENERAL
    metric_id: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None

    @model_validator(mode="after")
    def _fits_method(self) -> Self:
        check_vote_setup(self.method, self.options, self.budget, self.pass_rule)
        return self

    @property
    def rule(self) -> PassRule:
        return self.pass_rule or DEFAULT_RULE[self.method]


class Ballot(Record):
    """One person's vote in one round (an anonymous vote's ballots carry no name)."""

    proposal_id: str
    round: int = Field(default=1, ge=1)
    person_id: str | None = None
    method: VoteMethod
    #: The choice, for every method but the dot vote.
    value: str | None = None
    #: The dot vote: dots placed per option.
    dots: dict[str, int] = Field(default_factory=dict)
    cast_at: datetime = Field(default_factory=utcnow)

    @model_validator(mode="after")
    def _value_fits_method(self) -> Self:
        if self.method is VoteMethod.DOT:
            if self.value is not None:
                raise ValueError("a dot vote places dots; it has no single value")
            if any(n < 0 for n in self.dots.values()):
                raise ValueError("dots cannot be negative")
        else:
            if self.dots:
                raise ValueError(f"{self.method.label} takes one value, not dots")
            if self.value not in self.method.choices:
                allowed = ", ".join(self.method.choices)
                raise ValueError(f"{self.value!r} is no {self.method.label} value ({allowed})")
        return self


class BallotError(ValueError):
    """A ballot that its proposal cannot take."""


@dataclass(frozen=True)
class Receipt:
    """That a person has voted in a round of an anonymous vote, and nothing of what."""

    proposal_id: str
    round: int
    person_id: str


def sealed(proposal: Proposal, ballot: Ballot) -> Ballot:
    """The ballot as it is stored: an anonymous vote's has no name and no time of its own.

    Who cast it is kept apart as a ``Receipt``; the time would pair the two.
    """
    if not proposal.anonymous:
        return ballot
    return ballot.model_copy(update={"person_id": None, "cast_at": proposal.created_at})


def check_recast(proposal: Proposal, already_voted: bool) -> None:
    """Refuse a second anonymous ballot: nothing says which of the stored ones to replace."""
    if proposal.anonymous and already_voted:
        raise BallotError(
            "has voted: an anonymous vote cannot be changed (re-vote for a new round)"
        )


def voters(proposal: Proposal, ballots: Iterable[Ballot], receipts: Iterable[Receipt]) -> set[str]:
    """Who has voted in the proposal's current round: named ballots and receipts."""
    named = {
        b.person_id
        for b in ballots
        if b.proposal_id == proposal.id and b.round == proposal.round and b.person_id
    }
    return named | {
        r.person_id for r in receipts if r.proposal_id == proposal.id and r.round == proposal.round
    }


def check_ballot(proposal: Proposal, ballot: Ballot) -> None:
    """Refuse a ballot that does not fit its proposal (method, options, dot budget)."""
    if ballot.method is not proposal.method:
        raise BallotError(f"this vote is {proposal.method.label}, not {ballot.method.label}")
    if proposal.method is VoteMethod.DOT:
        unknown = set(ballot.dots) - set(proposal.options)
        if unknown:
            raise BallotError(f"no such option: {', '.join(sorted(unknown))}")
        if sum(ballot.dots.values()) > proposal.budget:
            raise BallotError(f"at most {proposal.budget} dots per person")


@dataclass(frozen=True)
class Tally:
    """The count of one round, and whether the proposal passes on it."""

    method: VoteMethod
    rule: PassRule
    ballots: int
    quorum: int
    counts: dict[str, int] = field(default_factory=dict)
    average: float | None = None
    passed: bool = False

    @property
    def quorum_met(self) -> bool:
        return self.ballots >= max(self.quorum, 1)

    @property
    def outcome(self) -> Outcome:
        if not self.quorum_met:
            return Outcome.NO_QUORUM
        return Outcome.PASSED if self.passed else Outcome.FAILED

    @property
    def winner(self) -> str | None:
        if not self.counts:
            return None
        best = max(self.counts.values())
        top = [k for k, v in self.counts.items() if v == best]
        return top[0] if len(top) == 1 and best > 0 else None

    def summary(self) -> str:
        """One line such as "5: 2 · 4: 3 · 3: 1 (avg 4.2)"."""
        parts = [f"{k}: {v}" for k, v in self.counts.items() if v]
        text = " · ".join(parts) if parts else "no votes"
        if self.average is not None:
            text += f" (avg {self.average:.1f})"
        return text


def tally(proposal: Proposal, ballots: list[Ballot], round_: int | None = None) -> Tally:
    """Count the ballots of a round (the proposal's current one by default)."""
    round_ = proposal.round if round_ is None else round_
    # Ballots of another method cannot count (and would not parse): leave them out.
    mine = [
        b
        for b in ballots
        if b.proposal_id == proposal.id and b.round == round_ and b.method is proposal.method
    ]
    method, rule = proposal.method, proposal.rule
    counts: Counter[str] = Counter()
    average: float | None = None
    if method is VoteMethod.DOT:
        counts.update(dict.fromkeys(proposal.options, 0))
        for ballot in mine:
            counts.update(ballot.dots)
        ordered = dict(
            sorted(
                counts.items(),
                key=lambda kv: (
                    -kv[1],
                    proposal.options.index(kv[0]) if kv[0] in proposal.options else 0,
                ),
            )
        )
    else:
        counts.update(dict.fromkeys(method.choices, 0))
        counts.update(b.value for b in mine if b.value is not None)
        ordered = {choice: counts[choice] for choice in method.choices}
        if method is VoteMethod.FIST_OF_FIVE and mine:
            average = sum(int(b.value or 0) for b in mine) / len(mine)
    passed = bool(mine) and _passes(rule, ordered, mine, average)
    return Tally(method, rule, len(mine), proposal.quorum, ordered, average, passed)


def tallies(proposals: Iterable[Proposal], ballots: Iterable[Ballot]) -> dict[str, Tally]:
    """Each proposal's tally (its current round), by proposal id: the ballots dealt out
    to their proposals in one pass, each proposal counted by ``tally``.

    Counting every proposal against every ballot of a long-running initiative took 10 s
    for 3,160 votes (issue 23); dealt out first, it is one pass over the ballots.
    """
    mine: dict[str, list[Ballot]] = {}
    for ballot in ballots:
        mine.setdefault(ballot.proposal_id, []).append(ballot)
    return {proposal.id: tally(proposal, mine.get(proposal.id, [])) for proposal in proposals}


def _passes(
    rule: PassRule, counts: dict[str, int], ballots: list[Ballot], average: float | None
) -> bool:
    match rule:
        case PassRule.ALL_AT_LEAST_THREE:
            return all(int(b.value or 0) >= 3 for b in ballots)
        case PassRule.AVERAGE_AT_LEAST_THREE:
            return average is not None and average >= 3
        case PassRule.NO_BLOCK_MORE_AGREE:
            return counts.get("block", 0) == 0 and counts.get("agree", 0) > counts.get(
                "disagree", 0
            )
        case PassRule.MAJORITY:
            return counts.get("yes", 0) > counts.get("no", 0)
        case PassRule.UNANIMOUS:
            return all(b.value in ("yes", "agree") for b in ballots)
        case PassRule.CLEAR_WINNER:
            best = max(counts.values(), default=0)
            return best > 0 and sum(1 for v in counts.values() if v == best) == 1


# -- a vote under way ----------------------------------------------------------------------


def open_vote(proposals: Iterable[Proposal]) -> Proposal | None:
    """The vote under way, if any: the latest proposal still open."""
    found = [p for p in proposals if p.status is ProposalStatus.OPEN]
    return found[-1] if found else None


def place_dot(proposal: Proposal, dots: dict[str, int], option: str) -> dict[str, int]:
    """One more dot on an option, refused once the person's budget is spent."""
    if option not in proposal.options:
        raise ValueError(f"no such option: {option}")
    if sum(dots.values()) >= proposal.budget:
        raise ValueError(f"all {proposal.budget} dots are placed")
    placed = dict(dots)
    placed[option] = placed.get(option, 0) + 1
    return placed


def dots_left(proposal: Proposal, dots: dict[str, int]) -> int:
    return max(proposal.budget - sum(dots.values()), 0)


def decision_statement(proposal: Proposal, result: Tally) -> str:
    """A first draft of the outcome statement, for the facilitator to edit."""
    match result.outcome:
        case Outcome.PASSED:
            lead = "Agreed"
        case Outcome.FAILED:
            lead = "Not agreed"
        case Outcome.NO_QUORUM:
            lead = "No quorum"
    if proposal.method is VoteMethod.DOT and result.winner:
        return f"{lead}: {proposal.title} — {result.winner} chosen ({result.summary()})"
    return f"{lead}: {proposal.title} ({result.summary()})"
