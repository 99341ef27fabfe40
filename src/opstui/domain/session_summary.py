"""What a session produced: shown when it ends, and summed up in its notes.

The end-of-session dialog and the exported notes read the same ``SessionSummary``:
time against the agenda, remarks by kind, votes with what may be shown of them,
decisions and actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Decision,
    Feedback,
    FeedbackKind,
    FillIn,
    Session,
)
from opstui.domain.vote_visibility import counts_shown
from opstui.domain.voting import Ballot, Outcome, Proposal, ProposalStatus, VoteMethod, tally

#: What a vote's counts say while its round is blind.
HIDDEN_COUNTS = "hidden until revealed"


@dataclass(frozen=True)
class VoteResult:
    """How one vote of the session went."""

    title: str
    method: VoteMethod
    rounds: int
    outcome: Outcome | None
    #: The count of its current round, or ``HIDDEN_COUNTS`` while that is blind.
    counts: str
    decision: str | None = None


@dataclass(frozen=True)
class AgendaTime:
    """The agenda's time: as planned (with the minutes added on the way) and as run."""

    #: Planned minutes, the ones added during the session included.
    planned_minutes: int
    #: Of those, the minutes added during the session.
    added_minutes: int
    actual_minutes: int
    #: Whether any item's timer ever ran.
    started: bool
    #: Titles of the items that ran over their time.
    overruns: tuple[str, ...] = ()


def agenda_time(agenda: Sequence[AgendaItem]) -> AgendaTime:
    """The time of a whole agenda, planned and actual."""
    return AgendaTime(
        planned_minutes=sum(item.planned_minutes + item.extra_minutes for item in agenda),
        added_minutes=sum(item.extra_minutes for item in agenda),
        actual_minutes=sum(item.actual_minutes for item in agenda),
        started=any(item.started_at is not None or item.elapsed_seconds > 0 for item in agenda),
        overruns=tuple(item.title for item in agenda if item.overran),
    )


@dataclass(frozen=True)
class SessionSummary:
    """What a session produced."""

    feedback_by_kind: dict[FeedbackKind, int]
    fill_ins: list[str]
    votes: list[VoteResult]
    decisions: list[str]
    actions: list[ActionItem]
    time: AgendaTime
    ended_at: datetime | None = None

    @property
    def feedback_total(self) -> int:
        return sum(self.feedback_by_kind.values())

    @property
    def open_votes(self) -> list[VoteResult]:
        return [v for v in self.votes if v.outcome is None]


def summarize_session(
    session: Session,
    *,
    agenda: Sequence[AgendaItem],
    feedback: Sequence[Feedback],
    fill_ins: Sequence[FillIn],
    proposals: Sequence[Proposal],
    ballots: Sequence[Ballot],
    decisions: Sequence[Decision],
    actions: Sequence[ActionItem],
    ended_at: datetime | None = None,
) -> SessionSummary:
    """Captures by kind, vote outcomes, decisions, actions and time against plan.

    Only this session's decisions and actions count, whatever the lists hold.
    """
    by_kind = dict.fromkeys(FeedbackKind, 0)
    for item in feedback:
        by_kind[item.kind] += 1
    mine = [d for d in decisions if d.session_id == session.id]
    votes = []
    for proposal in proposals:
        statement = next((d.statement for d in mine if d.proposal_id == proposal.id), None)
        shown = counts_shown(proposal)
        votes.append(
            VoteResult(
                proposal.title,
                proposal.method,
                proposal.round,
                proposal.outcome if proposal.status is ProposalStatus.CLOSED else None,
                tally(proposal, list(ballots)).summary() if shown else HIDDEN_COUNTS,
                statement,
            )
        )
    return SessionSummary(
        feedback_by_kind=by_kind,
        fill_ins=[f.title for f in fill_ins],
        votes=votes,
        decisions=[d.statement for d in mine],
        actions=[a for a in actions if a.session_id == session.id],
        time=agenda_time(agenda),
        ended_at=ended_at or session.ended_at,
    )
