"""Votes: proposals, the ballots cast on them, and the decisions they end in."""

from __future__ import annotations

from opstui.db.records import Records
from opstui.domain.base import utcnow
from opstui.domain.session import Decision
from opstui.domain.voting import Ballot, Outcome, Proposal, ProposalStatus, check_ballot


class VoteRecords(Records):
    """Proposals, ballots and decisions."""

    # -- votes -----------------------------------------------------------------------

    def add_proposal(self, proposal: Proposal) -> Proposal:
        with self.write():
            self._insert(proposal)
        return proposal

    def update_proposal(self, proposal: Proposal) -> Proposal:
        with self.write():
            self._update(proposal)
        return proposal

    def get_proposal(self, proposal_id: str) -> Proposal:
        return self._get(Proposal, proposal_id)

    def list_proposals(
        self, *, session_id: str | None = None, initiative_id: str | None = None
    ) -> list[Proposal]:
        if session_id is not None:
            return self._list(Proposal, "session_id = ?", (session_id,), order="created_at, rowid")
        if initiative_id is not None:
            return self._list(
                Proposal,
                "session_id IN (SELECT id FROM sessions WHERE initiative_id = ?)",
                (initiative_id,),
                order="created_at, rowid",
            )
        return self._list(Proposal, order="created_at, rowid")

    def cast_ballot(self, ballot: Ballot) -> Ballot:
        """Record a ballot; a second one by the same person in the same round replaces it.

        Raises ``BallotError`` for a ballot its proposal cannot take (method, options, budget).
        """
        check_ballot(self.get_proposal(ballot.proposal_id), ballot)
        with self.write():
            if ballot.person_id is not None:
                self.conn.execute(
                    "DELETE FROM ballots WHERE proposal_id = ? AND round = ? AND person_id = ?",
                    (ballot.proposal_id, ballot.round, ballot.person_id),
                )
            self._insert(ballot)
        return ballot

    def withdraw_ballot(self, proposal_id: str, round_: int, person_id: str) -> None:
        with self.write():
            self.conn.execute(
                "DELETE FROM ballots WHERE proposal_id = ? AND round = ? AND person_id = ?",
                (proposal_id, round_, person_id),
            )

    def list_ballots(self, proposal_id: str, round_: int | None = None) -> list[Ballot]:
        if round_ is None:
            return self._list(Ballot, "proposal_id = ?", (proposal_id,), order="round, rowid")
        return self._list(Ballot, "proposal_id = ? AND round = ?", (proposal_id, round_))

    def list_session_ballots(self, session_id: str) -> list[Ballot]:
        """Every ballot of every vote of a session, in one query."""
        return self._list(
            Ballot,
            "proposal_id IN (SELECT id FROM proposals WHERE session_id = ?)",
            (session_id,),
            order="round, rowid",
        )

    def list_initiative_ballots(self, initiative_id: str) -> list[Ballot]:
        """Every ballot of every vote of an initiative, in one query."""
        return self._list(
            Ballot,
            "proposal_id IN (SELECT p.id FROM proposals p JOIN sessions s ON s.id = p.session_id"
            " WHERE s.initiative_id = ?)",
            (initiative_id,),
            # Votes in the order they were called, then by round.
            order="(SELECT p.created_at FROM proposals p WHERE p.id = proposal_id), "
            "(SELECT p.rowid FROM proposals p WHERE p.id = proposal_id), round, rowid",
        )

    def close_proposal(
        self, proposal: Proposal, outcome: Outcome, decision: Decision | None = None
    ) -> Proposal:
        """Close a vote with its outcome and decision; anonymous ballots lose their names."""
        closed = proposal.model_copy(
            update={
                "status": ProposalStatus.CLOSED,
                "outcome": outcome,
                "closed_at": utcnow(),
                "revealed": True,
            }
        )
        with self.write():
            self._update(closed)
            if closed.anonymous:
                self.conn.execute(
                    "UPDATE ballots SET person_id = NULL WHERE proposal_id = ?", (closed.id,)
                )
            if decision is not None:
                self._insert(decision)
        return closed

    # -- decisions -------------------------------------------------------------------

    def add_decision(self, decision: Decision) -> Decision:
        with self.write():
            self._insert(decision)
        return decision

    def list_decisions(self, initiative_id: str) -> list[Decision]:
        return self._list(
            Decision, "initiative_id = ?", (initiative_id,), order="decided_at, rowid"
        )
