"""The live session's vote: calling one, the ballots typed into its grid, revealing,
voting again and closing it with a decision."""

from __future__ import annotations

import functools
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message

from opstui.domain.vote_offers import vote_offers
from opstui.domain.voting import BallotError, Proposal
from opstui.screens.base import guarded
from opstui.screens.live.captures import refused
from opstui.screens.modals.decision import DecisionForm
from opstui.screens.modals.vote_setup import VoteSetup
from opstui.services.live_session import LiveSession, LiveSessionError
from opstui.widgets.vote_grid import VoteGrid


class LiveChanged(Message):
    """Something was captured or changed: the screen shows it where it is listed."""


class VoteBox(VerticalScroll):
    """The open vote's grid, shown only while a vote is open."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.live: LiveSession | None = None
        self.presenter_safe = False

    def compose(self) -> ComposeResult:
        yield VoteGrid(id="live-vote")

    def show(self, live: LiveSession, *, presenter_safe: bool) -> None:
        """Show ``live``'s open vote (or hide the box when none is open)."""
        self.live, self.presenter_safe = live, presenter_safe
        self.display = live.vote is not None
        if live.vote is not None:
            self.query_one(VoteGrid).show(
                live.vote,
                live.ballots,
                live.participants,
                voted=live.voted,
                presenter_safe=presenter_safe,
            )

    def changed(self, *, focus: bool = False) -> None:
        if self.live is not None:
            self.show(self.live, presenter_safe=self.presenter_safe)
        if focus:
            self.query_one(VoteGrid).focus()
        self.post_message(LiveChanged())

    def said(self, error: Exception) -> None:
        self.notify(str(error), severity="warning", markup=False)

    # -- calling, revealing, voting again, closing -------------------------------------------

    @guarded()
    def call(self) -> None:
        live = self.live
        if live is None:
            return
        if live.vote is not None:
            self.notify("A vote is open: close it first (c).", severity="warning")
            return
        if not live.participants:
            self.notify(
                "Nobody takes part in this session, so nobody can vote.", severity="warning"
            )
            return
        offers = vote_offers(live.playbook, live.store.list_metrics(live.session.initiative_id))
        setup = VoteSetup(
            session_id=live.session_id,
            offers=offers,
            participants=len(live.participants),
            save=live.call_vote,
        )
        self.app.push_screen(setup, self.vote_called)

    def vote_called(self, proposal: Proposal | None) -> None:
        if proposal is not None:
            self.changed(focus=True)

    @guarded()
    def reveal(self) -> None:
        if self.live is not None and self.live.vote is not None:
            self.live.reveal()
            self.changed()

    @guarded()
    def revote(self) -> None:
        if self.live is None:
            return
        try:
            vote = self.live.revote()
        except LiveSessionError as exc:
            self.said(exc)
            return
        self.changed(focus=True)
        self.notify(f"Round {vote.round}: everyone votes again; round {vote.round - 1} is kept.")

    def close(self, then: Callable[[], object] | None = None) -> None:
        """Close the open vote with a decision (and do ``then`` once it is closed)."""
        live = self.live
        if live is None or live.vote is None:
            return
        form = DecisionForm(
            session=live.session, proposal=live.vote, ballots=live.ballots, save=live.close_vote
        )
        self.app.push_screen(form, functools.partial(self.vote_closed, then=then))

    def vote_closed(self, decision: object, then: Callable[[], object] | None = None) -> None:
        if decision is not None:
            self.changed()
            if then is not None:
                then()

    # -- ballots typed into the grid -----------------------------------------------------------

    def refused(self) -> bool:
        """Say why no ballot can be taken here (no vote, a review copy, an ended session)."""
        return self.live is None or self.live.vote is None or refused(self, self.live)

    @guarded()
    def on_vote_grid_cast(self, event: VoteGrid.Cast) -> None:
        event.stop()
        if self.live is None or self.refused():
            return
        try:
            self.live.cast(event.person_id, event.value, event.dots)
        except (BallotError, LiveSessionError) as exc:
            self.said(exc)
            return
        self.changed()

    @guarded()
    def on_vote_grid_withdraw(self, event: VoteGrid.Withdraw) -> None:
        event.stop()
        if self.live is None or self.refused():
            return
        try:
            self.live.withdraw(event.person_id)
        except (BallotError, LiveSessionError) as exc:
            self.said(exc)
            return
        self.changed()

    def on_vote_grid_refused(self, event: VoteGrid.Refused) -> None:
        event.stop()
        self.notify(event.hint, severity="warning", timeout=4)
