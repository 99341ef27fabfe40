"""Ending a live session: what to do with a vote still open, the closing pulse its
playbook asks for, the summary, the end itself; and a session started by mistake, renamed
or cancelled.

A part of the live screen, kept apart as ``votes.py`` and ``captures.py`` are: it opens
the dialogs of the end (the open vote's question, the summary to confirm) and, once the
facilitator has answered, ends the session through its ``LiveSession``. A session never
ends with a vote still open: it would stay "open" for good, and an anonymous one would
never be sealed.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App

from opstui.domain.base import utcnow
from opstui.domain.pulse import PULSE_QUESTIONS, PulseQuestion, is_pulse, next_pulse
from opstui.domain.session import Session
from opstui.domain.text import printable
from opstui.domain.voting import ProposalSubject
from opstui.screens.base import guarded
from opstui.screens.modals.choose import Choice, ChooseModal
from opstui.screens.modals.end_session import EndSession
from opstui.screens.modals.pulse_offer import ASK, SKIP_PULSE, SKIP_QUESTION, PulseOffer
from opstui.screens.modals.rename_session import RenameSession, cancel_question
from opstui.services.session_changes import Cancelling
from opstui.widgets.capture_list import clock_time

if TYPE_CHECKING:
    from opstui.screens.live import LiveSessionScreen

#: What may be done with a vote still open when the session ends.
OPEN_VOTE_CHOICES = (
    Choice("decide", Text("Close it and record the decision, then end")),
    Choice("close", Text("Close it with its result, no decision, then end")),
    Choice("back", Text("Go back to the vote")),
)


class SessionEnding:
    """The end of one live screen's session, asked for and confirmed."""

    def __init__(self, screen: LiveSessionScreen) -> None:
        self.screen = screen
        #: The closing questions the facilitator chose not to ask in this session.
        self.skipped: set[ProposalSubject] = set()

    @property
    def app(self) -> App[object]:
        return self.screen.app

    def start(self) -> None:
        """Ask about an open vote first, then offer the closing pulse the playbook asks
        for, then show the summary to confirm the end."""
        screen, live = self.screen, self.screen.live
        if live.vote is not None and is_pulse(live.vote):
            self.close_pulse()
            return
        if live.vote is not None:
            question = ChooseModal(
                f"A vote is still open: {printable(live.vote.title)}", list(OPEN_VOTE_CHOICES)
            )
            self.app.push_screen(question, self.open_vote_answered)
            return
        pulse = next_pulse(
            live.playbook.pulse if live.playbook else None, live.captures.proposals, self.skipped
        )
        if pulse is not None:
            self.app.push_screen(PulseOffer(pulse), functools.partial(self.pulse_answered, pulse))
            return
        screen.save_timer()
        summary = live.summary(ending_at=utcnow())
        ending = EndSession(summary, live.names, ended=False, remarks_waiting=live.remarks_waiting)
        self.app.push_screen(ending, self.answered)

    @guarded()
    def open_vote_answered(self, answer: str | None) -> None:
        screen, live = self.screen, self.screen.live
        if answer == "decide":
            screen.votes.close(then=self.start)
        elif answer == "close":
            live.close_vote(None)
            screen.live_changed()
            self.start()
        elif live.vote is not None:
            screen.query_one("#live-vote").focus()

    @guarded()
    def pulse_answered(self, question: PulseQuestion, answer: str | None) -> None:
        screen, live = self.screen, self.screen.live
        if answer == ASK:
            live.call_pulse(question)
            screen.votes.changed(focus=True)
            screen.notify(
                "Everyone shows a fist of five, 0 to 5. Press e to close it and go on.",
                title="Closing pulse",
            )
        elif answer == SKIP_QUESTION:
            self.skipped.add(question.subject)
            self.start()
        elif answer == SKIP_PULSE:
            self.skipped.update(PULSE_QUESTIONS)
            self.start()

    @guarded()
    def close_pulse(self) -> None:
        """Close the pulse under way: its average becomes a reading; then go on ending."""
        screen, live = self.screen, self.screen.live
        live.close_vote(None)
        screen.live_changed()
        read = live.pulse_read
        if read is None:
            screen.notify("Nobody answered the pulse: no reading was taken.", title="Pulse")
        else:
            screen.notify(
                printable(f"{read.metric.name}: {read.reading.value:g} ({read.reading.note})"),
                title="Pulse read",
                markup=False,
            )
        self.start()

    @guarded()
    def answered(self, end: bool | None) -> None:
        if not end:
            return
        screen = self.screen
        screen.timer.pause()
        screen.save_timer()
        screen.notes.flush()
        now = utcnow()
        screen.live.end(now)
        screen.load_timer(running=False)
        screen.notes.open_live(screen.live)
        screen.devices.close_soon()  # an ended session takes nothing more from devices
        screen.show_all()
        screen.notify(f"Session ended at {clock_time(now)}.", title="Session ended")

    def show_summary(self) -> None:
        """What an ended session produced."""
        live = self.screen.live
        summary = EndSession(
            live.summary(), live.names, ended=True, remarks_waiting=live.remarks_waiting
        )
        self.app.push_screen(summary)


class SessionChanges:
    """A session started by mistake: renamed, or cancelled (deleted when it holds nothing)."""

    def __init__(self, screen: LiveSessionScreen) -> None:
        self.screen = screen

    @property
    def app(self) -> App[object]:
        return self.screen.app

    def rename(self) -> None:
        self.app.push_screen(RenameSession(self.screen.live.session), self.renamed)

    @guarded()
    def renamed(self, session: Session | None) -> None:
        if session is not None:
            self.screen.live.rename(session.title)
            self.screen.show_header()

    @guarded()
    def cancel(self) -> None:
        screen, live = self.screen, self.screen.live
        # What is typed in the notes but not yet saved counts as something captured.
        screen.notes.flush()
        screen.save_timer()
        question = cancel_question(live.session, live.cancelling())
        self.app.push_screen(question, self.cancel_answered)

    @guarded()
    def cancel_answered(self, cancel: bool | None) -> None:
        if not cancel:
            return
        screen = self.screen
        screen.timer.pause()
        how = screen.live.cancel(utcnow())  # lets the session go: nothing is saved after this
        screen.notify("Session deleted." if how is Cancelling.DELETE else "Session cancelled.")
        screen.dismiss()
