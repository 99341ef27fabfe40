"""The votes of a live session: calling one, the ballots, revealing, voting again, closing.

Part of ``LiveSession`` (``opstui.services.live_session``), kept apart so each reads on
its own: ``LiveVotes`` holds the acts on the session's votes, over the state the
session object loads (the open vote, its ballots, who has voted on an anonymous one).
An anonymous vote's ballots are stored without names; who has voted is a receipt
(see ``opstui.db.anonymity``), and a second anonymous ballot is refused.

Free of Textual, like the session object itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from opstui.db.errors import RecordRefused
from opstui.domain.base import Record, utcnow
from opstui.domain.pulse import (
    PulseQuestion,
    PulseReading,
    is_pulse,
    pulse_proposal,
    pulse_reading,
)
from opstui.domain.session import ActionItem, Decision, Feedback, FillIn, Session
from opstui.domain.vote_visibility import can_revote
from opstui.domain.voting import (
    Ballot,
    BallotError,
    Proposal,
    Receipt,
    check_ballot,
    check_recast,
    tally,
    voters,
)

if TYPE_CHECKING:
    from opstui.db.store import Store


R = TypeVar("R", bound=Record)


class LiveSessionError(ValueError):
    """An act the session cannot take now; the text is written for the facilitator."""


@dataclass
class Captures:
    """Everything captured in one session, oldest first within each kind."""

    feedback: list[Feedback] = field(default_factory=list)
    fill_ins: list[FillIn] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    ballots: list[Ballot] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)

    def by_kind(self) -> dict[str, Any]:
        """The lists by kind, as keyword arguments (to show or summarize them)."""
        return dict(vars(self))


def replaced(items: list[R], item: R) -> list[R]:
    """``items`` with the one of the same id replaced by ``item``, or ``item`` added."""
    if any(existing.id == item.id for existing in items):
        return [item if existing.id == item.id else existing for existing in items]
    return [*items, item]


class LiveVotes:
    """The acts on a session's votes (the base of ``LiveSession``, which loads the state)."""

    store: Store
    session_id: str
    session: Session
    captures: Captures
    #: The open vote, if any, and the ballots of all its rounds.
    vote: Proposal | None
    ballots: list[Ballot]
    #: Who has voted on the session's anonymous votes (their ballots carry no name).
    receipts: list[Receipt]

    def _ours(self, record: R) -> R:
        """``record`` made in this session: the act, not the dialog, says where it belongs."""
        update: dict[str, object] = {"session_id": self.session_id}
        if hasattr(record, "initiative_id"):
            update["initiative_id"] = self.session.initiative_id
        return record.model_copy(update=update)

    def call_vote(self, proposal: Proposal) -> Proposal:
        if self.vote is not None:
            raise LiveSessionError("A vote is open: close it first.")
        try:
            saved = self.store.add_proposal(self._ours(proposal))
        except RecordRefused:
            # The file holds one open vote per session: one was opened elsewhere.
            raise LiveSessionError(
                "Another vote is already open in this session: close it first."
            ) from None
        self.captures.proposals.append(saved)
        self.vote, self.ballots = saved, []
        return saved

    def _open_vote(self) -> Proposal:
        if self.vote is None:
            raise LiveSessionError("No vote is open.")
        return self.vote

    @property
    def voted(self) -> set[str]:
        """Who has voted in the open vote's current round."""
        if self.vote is None:
            return set()
        return voters(self.vote, self.ballots, self.receipts)

    def cast(self, person_id: str, value: str | None, dots: dict[str, int]) -> Ballot:
        """Record one person's ballot in the current round (raises ``BallotError``)."""
        vote = self._open_vote()
        try:
            ballot = Ballot(
                proposal_id=vote.id,
                round=vote.round,
                person_id=person_id,
                method=vote.method,
                value=value,
                dots=dots,
            )
        except ValidationError as exc:
            raise BallotError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
        check_ballot(vote, ballot)
        check_recast(vote, person_id in self.voted)
        stored = self.store.cast_ballot(ballot)
        if stored.person_id is None:
            self.receipts.append(Receipt(vote.id, vote.round, person_id))

        def kept(b: Ballot) -> bool:
            return not (
                b.proposal_id == vote.id and b.round == vote.round and b.person_id == person_id
            )

        self.ballots = [*filter(kept, self.ballots), stored]
        self.captures.ballots = [*filter(kept, self.captures.ballots), stored]
        return stored

    def withdraw(self, person_id: str) -> None:
        """Take back a person's ballot in the current round (not on an anonymous vote)."""
        vote = self._open_vote()
        self.store.withdraw_ballot(vote.id, vote.round, person_id)

        def kept(b: Ballot) -> bool:
            return not (
                b.proposal_id == vote.id and b.round == vote.round and b.person_id == person_id
            )

        self.ballots = list(filter(kept, self.ballots))
        self.captures.ballots = list(filter(kept, self.captures.ballots))

    def _vote_changed(self, vote: Proposal) -> Proposal:
        saved = self.store.update_proposal(vote)
        self.captures.proposals = replaced(self.captures.proposals, saved)
        self.vote = saved
        return saved

    def reveal(self) -> Proposal:
        return self._vote_changed(self._open_vote().model_copy(update={"revealed": True}))

    def revote(self) -> Proposal:
        """Vote again in a new round; the earlier rounds are kept."""
        vote = self._open_vote()
        if not can_revote(vote):
            raise LiveSessionError("Reveal this round before voting again.")
        return self._vote_changed(
            vote.model_copy(update={"round": vote.round + 1, "revealed": False})
        )

    def close_vote(self, decision: Decision | None) -> Proposal:
        """Close the open vote with its outcome, and the decision taken on it (if one was)."""
        vote = self._open_vote()
        if decision is not None:
            decision = self._ours(decision).model_copy(update={"proposal_id": vote.id})
        outcome = tally(vote, self.ballots).outcome
        pulse = self.pulse_reading(vote)
        also: list[Record] = []
        if pulse is not None:
            vote = vote.model_copy(update={"metric_id": pulse.metric.id})
            also = [pulse.metric, pulse.reading] if pulse.new else [pulse.reading]
        closed = self.store.close_proposal(vote, outcome, decision, also=also)
        self.pulse_read = pulse
        self.captures.proposals = replaced(self.captures.proposals, closed)
        if closed.anonymous:
            # Sealing wrote the ballots again, with new ids and in another order.
            self.captures.ballots = self.store.list_session_ballots(self.session_id)
        if decision is not None:
            self.captures.decisions.append(decision)
        self.vote, self.ballots = None, []
        return closed

    # -- the closing pulse --------------------------------------------------------------------

    #: What the last closed vote read into a pulse metric (None when it was no pulse).
    pulse_read: PulseReading | None = None

    def pulse_reading(self, vote: Proposal) -> PulseReading | None:
        """What closing ``vote`` now would read into its pulse metric (see
        ``opstui.domain.pulse``), on the session's day."""
        if not is_pulse(vote):
            return None
        held = self.session.held_at or utcnow()
        return pulse_reading(
            vote,
            self.ballots,
            initiative_id=self.session.initiative_id,
            metrics=self.store.list_metrics(self.session.initiative_id),
            session_title=self.session.title,
            taken_on=held.astimezone().date(),
        )

    def call_pulse(self, question: PulseQuestion) -> Proposal:
        """Put a closing question to the vote (see ``opstui.domain.pulse``)."""
        return self.call_vote(pulse_proposal(self.session_id, question))

    def record_decision(self, decision: Decision) -> Decision:
        saved = self.store.add_decision(self._ours(decision))
        self.captures.decisions.append(saved)
        return saved
