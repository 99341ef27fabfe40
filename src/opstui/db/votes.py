"""Votes: proposals, the ballots cast on them, and the decisions they end in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from opstui.db.anonymity import seal, truncate_log
from opstui.db.records import Records
from opstui.domain.base import Record, utcnow
from opstui.domain.session import Decision
from opstui.domain.voting import (
    Ballot,
    BallotError,
    Outcome,
    Proposal,
    ProposalStatus,
    Receipt,
    check_ballot,
    check_recast,
    sealed,
)


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
        """Record a ballot; returns it as stored.

        A second ballot by the same person in the same round replaces the first. On an
        anonymous vote the ballot is stored without the name (see ``sealed``) beside a
        receipt saying the person voted, and a second one is refused.
        Raises ``BallotError`` for a ballot its proposal cannot take (method, options,
        budget, an anonymous ballot cast twice).
        """
        with self.write():
            proposal = self.get_proposal(ballot.proposal_id)
            check_ballot(proposal, ballot)
            if proposal.status is not ProposalStatus.OPEN:
                raise BallotError("this vote is closed")
            stored = sealed(proposal, ballot)
            if stored.person_id is not None:
                self.conn.execute(
                    "DELETE FROM ballots WHERE proposal_id = ? AND round = ? AND person_id = ?",
                    (ballot.proposal_id, ballot.round, ballot.person_id),
                )
            elif ballot.person_id is not None:
                check_recast(proposal, self._has_receipt(ballot))
                self.conn.execute(
                    "INSERT INTO ballot_receipts (proposal_id, round, person_id) VALUES (?, ?, ?)",
                    (ballot.proposal_id, ballot.round, ballot.person_id),
                )
            self._insert(stored)
        return stored

    def _has_receipt(self, ballot: Ballot) -> bool:
        return bool(
            self._fetch(
                "SELECT 1 FROM ballot_receipts WHERE proposal_id = ? AND round = ? "
                "AND person_id = ?",
                (ballot.proposal_id, ballot.round, ballot.person_id),
            )
        )

    def withdraw_ballot(self, proposal_id: str, round_: int, person_id: str) -> None:
        """Take back a person's ballot (an anonymous one cannot be told apart: refused)."""
        with self.write():
            if self.get_proposal(proposal_id).anonymous:
                raise BallotError(
                    "an anonymous ballot cannot be taken back (re-vote for a new round)"
                )
            self.conn.execute(
                "DELETE FROM ballots WHERE proposal_id = ? AND round = ? AND person_id = ?",
                (proposal_id, round_, person_id),
            )

    def list_session_receipts(self, session_id: str) -> list[Receipt]:
        """Who has voted, round by round, on a session's anonymous votes."""
        return [
            Receipt(proposal_id, round_, person_id)
            for proposal_id, round_, person_id in self._fetch(
                "SELECT proposal_id, round, person_id FROM ballot_receipts "
                "WHERE proposal_id IN (SELECT id FROM proposals WHERE session_id = ?)",
                (session_id,),
            )
        ]

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
        self,
        proposal: Proposal,
        outcome: Outcome,
        decision: Decision | None = None,
        *,
        at: datetime | None = None,
        also: Sequence[Record] = (),
    ) -> Proposal:
        """Close a vote with its outcome and decision; an anonymous one is sealed.

        Sealing (see ``opstui.db.anonymity``) rewrites its ballots and receipts in an order
        that pairs none of them, and the write-ahead log is truncated after the commit.
        ``also`` are records the closing produces (a pulse's metric and reading), written
        first in the same transaction: the vote closes with them or not at all.
        """
        closed = proposal.model_copy(
            update={
                "status": ProposalStatus.CLOSED,
                "outcome": outcome,
                "closed_at": at or utcnow(),
                "revealed": True,
            }
        )
        with self.write():
            for record in also:
                self._insert(record)
            self._update(closed)
            if closed.anonymous:
                seal(self.conn, closed.id)
            if decision is not None:
                self._insert(decision)
        if closed.anonymous and not self.conn.in_transaction:
            truncate_log(self.conn)
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
