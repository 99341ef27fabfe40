"""The live session: the screen a facilitator shares on the call.

The agenda with the item under way and its prompt, a countdown per item, the
participants, everything captured so far (newest first), the open vote, actions
carried over from the last session, and a private notes pad. Every capture is
stored the moment it is entered; the timer's seconds are saved every few seconds,
so a crash loses a few seconds at most. An ended session opens here read-only.

The screen arranges. The session's state and every act on it belong to the
``LiveSession`` (``opstui.services.live_session``); the panels are widgets fed from
it; the vote (``votes.py``) and the captures (``captures.py``) each have a part of
their own that opens their dialogs.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Header, Static

from opstui import paths
from opstui.collector import KeptApart
from opstui.db.errors import NotFound, StoreError
from opstui.domain.base import utcnow
from opstui.domain.session import SessionState
from opstui.domain.text import printable
from opstui.domain.vote_visibility import can_revote
from opstui.screens.base import LIVE_CSS, DatabaseChanged, OpstuiScreen, guarded
from opstui.screens.commands import (
    EXPORT_INITIATIVE,
    EXPORT_SESSION,
    Command,
    bindings,
    edit_actions,
    in_footer,
    keys_footer,
)
from opstui.screens.live.captures import CaptureDesk
from opstui.screens.live.carried import CarriedDesk
from opstui.screens.live.devices import QUEUE_ACTIONS, Devices, DevicesActions
from opstui.screens.live.ending import SessionChanges, SessionEnding
from opstui.screens.live.notes import NotesDesk
from opstui.screens.live.people import PeopleDesk
from opstui.screens.live.votes import LiveChanged, VoteBox
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.modals.process_map import ProcessMapPanel
from opstui.services.live_session import LiveSession
from opstui.services.process_mapping import ProcessMapping
from opstui.widgets.live_panels import (
    AgendaPanel,
    item_prompt,
    item_title,
    session_line,
)
from opstui.widgets.timer import AgendaTimer

__all__ = ["LiveSessionScreen"]

#: Save the running timer at least this often (seconds): a crash loses no more.
TIMER_SAVE_EVERY = 5

VOTE_ACTIONS = frozenset({"reveal_votes", "close_vote", "revote"})

GONE = "That session no longer exists."

# The footer shows the keys of a call, most needed first (the README's order), under
# short labels so that more fit: at 80 columns f, v, a, t, n and e (r and c take the
# place of v while a vote is open, and n and e give theirs up); then the exports, the
# timer and the rest as the width allows. F1 and the palette list every command under
# its full name.
COMMANDS = (
    Command("f", "capture_feedback", "Capture feedback", edits=True, label="Feedback"),
    Command("v", "call_vote", "Call a vote", edits=True, label="Vote"),
    Command("r", "reveal_votes", "Reveal votes", edits=True, label="Reveal"),
    Command("c", "close_vote", "Close vote", edits=True, label="Close"),
    Command("a", "add_action", "Add action item", edits=True, label="Action"),
    Command("t", "fill_in_template", "Fill in template", edits=True, label="Template"),
    Command("n", "next_item", "Next agenda item", edits=True, label="Next item"),
    Command("e", "end_session", "End session", edits=True, label="End"),
    Command("e", "summary", "Session summary", label="Summary"),
    in_footer(EXPORT_SESSION),
    in_footer(EXPORT_INITIATIVE),
    Command(
        "space", "toggle_timer", "Pause/resume timer", True, key_display="Space", label="Pause"
    ),
    Command(
        "plus,equals_sign", "add_minute", "One more minute", True, key_display="+", label="Minute"
    ),
    Command("b", "previous_item", "Previous agenda item", edits=True, label="Previous"),
    Command("j", "add_participant", "Add a late joiner", edits=True, label="Joiner"),
    Command("p", "presenter_safe", "Presenter-safe view", label="Presenter-safe"),
    Command("w", "write_notes", "Write notes", edits=True, label="Notes"),
    Command("escape", "leave", "Leave session", label="Leave"),
    Command("V", "revote", "Re-vote", edits=True, footer=False),
    Command("D", "record_decision", "Record decision", edits=True, footer=False),
    Command("L", "link_remark", "Link remark", edits=True, footer=False),
    Command("x", "tick_action", "Tick carried-over action", edits=True, footer=False),
    Command("d,delete", "delete_capture", "Delete capture", edits=True, footer=False),
    Command("R", "rename_session", "Rename session", edits=True, footer=False),
    Command("X", "cancel_session", "Cancel session", edits=True, footer=False),
    Command("i", "invite_devices", "Invite devices", edits=True, footer=False),
    Command("M", "process_map", "Process map", footer=False),
    Command("Y", "accept_remark", "Accept remark from a device", edits=True, footer=False),
    Command("N", "reject_remark", "Reject remark from a device", edits=True, footer=False),
)


class LiveSessionScreen(DevicesActions, OpstuiScreen):
    """One session, live (or ended and read-only)."""

    CSS_PATH = LIVE_CSS

    BINDINGS = bindings(COMMANDS)
    EDIT_ACTIONS = edit_actions(COMMANDS)

    #: Hidden until the session says otherwise: nothing private shows before it is read.
    presenter_safe: reactive[bool] = reactive(True, init=False)

    def __init__(
        self,
        session_id: str,
        *,
        start_timer: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.session_id = session_id
        self.start_timer = start_timer
        self._live: LiveSession | None = None
        #: What was alive once the screen showed, out of the collector's scans.
        self._kept_apart: KeptApart | None = None
        #: The seconds of the current item last stored.
        self.saved_elapsed = 0
        # Kept by reference: they are still read while the screen unmounts (on quit).
        self.timer = AgendaTimer(clock, id="live-timer")
        self.notes = NotesDesk(id="live-notes")
        self.votes = VoteBox(id="live-vote-box")
        self.captures = CaptureDesk(id="live-captures")
        self.carried = CarriedDesk(id="live-carried")
        self.people = PeopleDesk(id="live-people")
        self.ending = SessionEnding(self)
        self.changes = SessionChanges(self)
        self.devices = Devices(self)

    # -- what the screen is about -----------------------------------------------------------

    @property
    def live(self) -> LiveSession:
        """The session shown, and every act on it (read when the screen mounts)."""
        assert self._live is not None, "the session is read when the screen mounts"
        return self._live

    @property
    def context_initiative_id(self) -> str | None:
        return self._live.session.initiative_id if self._live else None

    @property
    def context_session_id(self) -> str | None:
        return self.session_id

    @property
    def ended(self) -> bool:
        return self.live.ended

    @property
    def editable(self) -> bool:
        return self.live.editable

    # -- layout and loading -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="live-top"):
            with Vertical(id="live-now"):
                yield Static(id="live-item-title")
                yield Static(id="live-prompt")
            with Vertical(id="live-right"):
                yield self.timer
                yield Static(id="live-safe")
        yield self.devices.line
        with Horizontal(id="live-body"):
            with Vertical(id="live-side"):
                yield AgendaPanel(id="live-agenda")
                yield self.people
                yield self.carried
            with Vertical(id="live-main"):
                yield self.votes
                yield self.devices.queue
                yield self.captures
                yield self.notes
            yield self.devices.panel
        yield keys_footer()

    @guarded(leave=True)
    def on_mount(self) -> None:
        # Once shown, what the app holds is kept out of the collector's scans: a full
        # collection every few dialogs scanned it all while a key waited (``collector``).
        self.call_after_refresh(self._keep_apart)
        self.query_one("#live-agenda").border_title = "Agenda"
        self.query_one("#live-people").border_title = "Participants"
        self.query_one("#live-carried").border_title = "Carried over"
        self.captures.border_title = "Captured (newest first)"
        try:
            self._live = live = LiveSession(
                self.store, self.session_id, playbooks_dir=paths.playbooks_dir()
            )
        except NotFound:
            self.notify(GONE, severity="error")
            self.app.call_later(self.dismiss)
            return
        # Before the first frame: a presenter-safe session never shows its notes, not once.
        self.set_reactive(LiveSessionScreen.presenter_safe, live.session.presenter_safe)
        self.notes.open_live(live)
        self.load_timer(running=self.start_timer and self.editable)
        self.show_all()
        if live.held_elsewhere:
            self.notify(live.refusal() or "", title="Read-only here", severity="warning")
        if live.vote is not None and self.editable:
            self.query_one("#live-vote").focus()
        else:
            self.captures.focus()
        if live.session.state is SessionState.LIVE and self.editable and not self.start_timer:
            self.notify(
                f"Resumed at item {live.session.current_item + 1}: "
                f"{live.current.title}. The timer is paused; Space starts it.",
                title="Session resumed",
            )

    def load_timer(self, *, running: bool) -> None:
        item = self.live.current
        self.saved_elapsed = item.elapsed_seconds
        self.timer.load(
            item.elapsed_seconds, item.allowed_seconds, running=running, stopped=self.ended
        )

    def on_resize(self) -> None:
        compact = self.size.height < 32
        self.set_class(compact, "-compact")
        self.set_class(self.size.width < 100, "-narrow")
        self.timer.set_small(compact)

    @on(DatabaseChanged)
    @guarded()
    def on_database_changed(self) -> None:
        """Another process wrote to the file: follow it.

        A review (read-only, or an ended session) reads everything again, so an ops
        lead watching a colleague's session sees each capture within a poll or two.
        The facilitator's own live screen keeps its timer and notes, which only it
        writes, and reads the captures, votes and carried-over actions again.
        """
        if self._live is None:
            return
        if self.editable:
            self.live.follow()
            self.show_all()
            return
        try:
            self.live.load()
        except NotFound:
            self.notify(GONE, severity="error")
            self.app.call_later(self.dismiss)
            return
        self.load_timer(running=False)
        self.notes.open_live(self.live)
        # Follow the facilitator's screen: what they hide stays hidden here too.
        self.set_reactive(LiveSessionScreen.presenter_safe, self.live.session.presenter_safe)
        self.show_all()

    # -- showing ----------------------------------------------------------------------------

    def show_all(self) -> None:
        live = self.live
        self.show_header()
        self.show_item()
        self.show_agenda()
        self.people.show_live(live)
        self.show_carried()
        self.show_vote()
        self.captures.show_live(live)
        self.devices.show()
        self.apply_presenter_safe()

    def show_header(self) -> None:
        live = self.live
        self.title = printable(live.session.title)
        self.sub_title = session_line(live.session, live.initiative)
        safe = self.query_one("#live-safe", Static)
        if self.presenter_safe:
            safe.update(" PRESENTER-SAFE ")
        else:
            safe.update("notes shown · p hides")
        safe.set_class(self.presenter_safe, "-on")

    def show_item(self) -> None:
        live = self.live
        title = item_title(live.current, len(live.agenda))
        self.query_one("#live-item-title", Static).update(title)
        self.query_one("#live-prompt", Static).update(item_prompt(live.current))

    def show_agenda(self) -> None:
        live = self.live
        reading = None if self.ended else self.timer.reading
        self.query_one(AgendaPanel).show(live.agenda, live.session.current_item, reading)

    def show_carried(self) -> None:
        self.carried.show_live(self.live)

    def show_vote(self) -> None:
        self.votes.show(self.live, presenter_safe=self.presenter_safe)
        self.set_class(self.live.vote is not None, "-voting")
        self.refresh_bindings()

    @on(LiveChanged)
    def live_changed(self) -> None:
        """After every act, the facilitator's or a device's: show it, and wake the pages."""
        self.show_vote()
        self.captures.show_live(self.live)
        self.devices.follow()

    def refresh_vote(self) -> None:
        """Read the session's votes and captures again (after a write from elsewhere)."""
        self.live.follow()
        self.live_changed()

    def watch_presenter_safe(self) -> None:
        self.apply_presenter_safe()
        self.show_header()
        self.show_vote()
        self.devices.show()

    def apply_presenter_safe(self) -> None:
        if self.presenter_safe and self.notes.has_focus:
            self.captures.focus()
        # A class, not an inline style, so the compact layout can still hide the notes too.
        self.set_class(self.presenter_safe, "-presenter-safe")

    # -- which actions apply ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._live is None:
            return True
        if action in self.EDIT_ACTIONS and not self.editable:
            return False
        if action == "summary":
            return self.ended
        if action in QUEUE_ACTIONS:
            return self.devices_allow(action)
        vote = self.live.vote
        if action == "call_vote" and vote is not None:
            return False  # One vote at a time: its own keys take the place in the footer.
        if action in VOTE_ACTIONS:
            if vote is None:
                return False
            if action == "reveal_votes" and vote.revealed:
                return None
            if action == "revote" and not can_revote(vote):
                return None  # A blind round is revealed before it is voted again.
        return action != "tick_action" or bool(self.live.carried)

    # -- timer and agenda -------------------------------------------------------------------

    def on_agenda_timer_tick(self, event: AgendaTimer.Tick) -> None:
        if (
            event.elapsed - self.saved_elapsed >= TIMER_SAVE_EVERY
            or event.elapsed < self.saved_elapsed
        ):
            self.save_timer()
        self.show_agenda()

    @guarded()
    def save_timer(self) -> None:
        """Store the seconds the current item has run (and its extra minutes)."""
        if self.editable:
            self.live.save_time(self.timer.elapsed, self.timer.allowed)
            self.saved_elapsed = self.timer.elapsed

    def action_toggle_timer(self) -> None:
        if self.timer.running:
            self.timer.pause()
        else:
            self.timer.resume()
        self.save_timer()
        self.show_agenda()

    def action_add_minute(self) -> None:
        self.timer.add_minute()
        self.save_timer()
        self.show_agenda()

    def action_next_item(self) -> None:
        position = self.live.session.current_item + 1
        if position >= len(self.live.agenda):
            self.notify("This is the last agenda item: press e to end the session.")
            return
        self.go_to_item(position, run=True)

    def action_previous_item(self) -> None:
        position = self.live.session.current_item - 1
        if position < 0:
            self.notify("This is the first agenda item.")
            return
        self.go_to_item(position, run=self.timer.running)

    @guarded()
    def go_to_item(self, position: int, *, run: bool) -> None:
        """Record the item left (its seconds and end) and start timing the one entered."""
        self.save_timer()
        self.live.move_to(position, self.timer.elapsed, utcnow())
        self.load_timer(running=run)
        self.show_item()
        self.show_agenda()
        self.devices.follow()

    def action_write_notes(self) -> None:
        self.notes.write(hidden=self.presenter_safe)

    # -- captures and the vote: their own parts do the work ------------------------------------

    def action_capture_feedback(self) -> None:
        self.captures.capture_feedback()

    def action_fill_in_template(self) -> None:
        self.captures.fill_in_template()

    def action_add_action(self) -> None:
        self.captures.add_action()

    def action_record_decision(self) -> None:
        self.captures.record_decision()

    def action_link_remark(self) -> None:
        self.captures.link_selected()

    def action_delete_capture(self) -> None:
        self.captures.delete_selected()

    def action_call_vote(self) -> None:
        self.votes.call()

    def action_reveal_votes(self) -> None:
        self.votes.reveal()

    def action_revote(self) -> None:
        self.votes.revote()

    def action_close_vote(self) -> None:
        self.votes.close()

    def action_tick_action(self) -> None:
        self.carried.tick_highlighted()

    def action_add_participant(self) -> None:
        self.people.add_late_joiner()

    @guarded()
    def action_process_map(self) -> None:
        """The session's process map, typed a line at a time (shown, not typed, in a review)."""
        live = self.live
        mapping = ProcessMapping(
            self.store,
            live.session.initiative_id,
            session_id=self.session_id,
            session_title=live.session.title,
            editable=live.editable,
        )
        self.app.push_screen(ProcessMapPanel(mapping))

    # -- presenter-safe, leaving and ending ---------------------------------------------------

    @guarded()
    def action_presenter_safe(self) -> None:
        self.live.set_presenter_safe(not self.presenter_safe)
        self.presenter_safe = self.live.session.presenter_safe
        self.notify(
            "Presenter-safe: notes and names on anonymous votes are hidden."
            if self.presenter_safe
            else "Presenter-safe view is off: notes are shown."
        )

    def action_leave(self) -> None:
        """Escape: out of the notes; out of a live session only once confirmed."""
        if self.notes.has_focus:
            self.captures.focus()  # Escape in the notes only leaves the notes.
            return
        if self._live is None or not self.editable:
            self.leave()  # a review or an ended session: nothing runs on without us
            return
        question = ConfirmModal(
            "Leave the live session?",
            yes="Leave",
            no="Stay",
            detail="It stays live: open it again from the initiative to go on.",
        )
        self.app.push_screen(question, lambda leave: self.leave() if leave else None)

    def leave(self) -> None:
        self.persist()
        self.dismiss()

    def persist(self) -> None:
        """Save what is only in the widgets: the notes and the timer's seconds."""
        if self._live is not None and self.editable:
            self.notes.flush()
            self.save_timer()

    def _keep_apart(self) -> None:
        if self._kept_apart is None and self.is_attached:
            self._kept_apart = KeptApart(collect=True)

    async def on_unmount(self) -> None:
        if self._kept_apart is not None:
            self._kept_apart.end()
        # The store may already be closed when the app shuts down.
        with contextlib.suppress(StoreError):
            self.persist()
        await self.devices.close()  # left, cancelled or quitting: the links die, the port is free
        if self._live is not None:
            self._live.release()

    def action_end_session(self) -> None:
        self.ending.start()

    def action_rename_session(self) -> None:
        self.changes.rename()

    def action_cancel_session(self) -> None:
        self.changes.cancel()

    def action_summary(self) -> None:
        self.ending.show_summary()
