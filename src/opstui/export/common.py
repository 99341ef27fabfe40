"""Pieces every export format shares: dates, numbers, and what a vote may show.

The Markdown, JSON and CSV exports must tell the same story, so every format reads a
vote through ``vote_rounds``, which shows what ``domain.vote_visibility`` allows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime

from opstui.domain.vote_visibility import counts_shown, shown_ballots
from opstui.domain.voting import Ballot, Outcome, Proposal, ProposalStatus, Tally, tally


def day(value: date | datetime | None) -> str:
    """ISO date, or an empty string."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return utc(value).date().isoformat()
    return value.isoformat()


def utc(value: datetime) -> datetime:
    """The time in UTC: exports name one time zone so the same data gives the same bytes."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def clock(value: datetime | None) -> str:
    """Hours and minutes in UTC, or an empty string."""
    return "" if value is None else utc(value).strftime("%H:%M")


def stamp(value: datetime | None) -> str:
    """Date and time in UTC, said so: "2026-03-12 14:05 UTC"."""
    return "" if value is None else utc(value).strftime("%Y-%m-%d %H:%M UTC")


def number(value: float | None) -> str:
    """A number as people write it: no ".0", at most two decimals."""
    if value is None or not math.isfinite(value):
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def quantity(value: float | None, unit: str) -> str:
    """A number with its unit: "12 days", "45%"."""
    shown = number(value)
    if not shown or not unit.strip():
        return shown
    unit = " ".join(unit.split())
    return f"{shown}{unit}" if unit.startswith("%") else f"{shown} {unit}"


@dataclass(frozen=True)
class RoundView:
    """One round of a vote as an export may show it."""

    round: int
    #: Whether the values of this round were ever shown; if not, none are exported.
    revealed: bool
    #: How many ballots were cast (known even when the values are not shown).
    ballot_count: int
    tally: Tally | None
    #: "passed", "failed", "no-quorum", "open" or "not revealed".
    result: str
    #: The ballots that may be shown, names removed when the vote was anonymous.
    ballots: tuple[Ballot, ...]

    @property
    def passed(self) -> bool | None:
        if self.result == Outcome.PASSED.value:
            return True
        if self.result in (Outcome.FAILED.value, Outcome.NO_QUORUM.value):
            return False
        return None


NOT_REVEALED = "not revealed"
OPEN = "open"


def vote_rounds(proposal: Proposal, ballots: list[Ballot]) -> list[RoundView]:
    """Every round of a proposal, oldest first, showing only what may be shown."""
    mine = sorted(
        (b for b in ballots if b.proposal_id == proposal.id),
        key=lambda b: (b.round, b.cast_at, b.id),
    )
    rounds: list[RoundView] = []
    for number_ in range(1, proposal.round + 1):
        cast = [b for b in mine if b.round == number_]
        current = number_ == proposal.round
        if not counts_shown(proposal, number_):
            rounds.append(RoundView(number_, False, len(cast), None, NOT_REVEALED, ()))
            continue
        counted = tally(proposal, cast, number_)
        if current and proposal.status is ProposalStatus.OPEN:
            result = OPEN
        elif current and proposal.outcome is not None:
            result = proposal.outcome.value
        else:
            result = counted.outcome.value
        shown = shown_ballots(proposal, cast)
        rounds.append(RoundView(number_, True, len(cast), counted, result, shown))
    return rounds
