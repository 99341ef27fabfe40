"""The live session: the screen a facilitator shares on the call.

The agenda with the item under way and its prompt, a countdown per item, the
participants, everything captured so far (newest first), the open vote, actions
carried over from the last session, and a private notes pad. Every capture is
stored the moment it is entered; the timer's seconds are saved every few seconds,
so a crash loses a few seconds at most. An ended session opens here read-only.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import date

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Header, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from opstui import paths
from opstui.db.errors import NotFound, StoreError
from opstui.domain.agenda_timer import TimerReading, switch_item
from opstui.domain.base import utcnow
from opstui.domain.carried_over import carried_over
from opstui.domain.initiative import Initiative, Person
from opstui.domain.playbook import Playbook, discover_playbooks
from opstui.domain.session import ActionItem, AgendaItem, Session, SessionState
from opstui.domain.session_summary import SessionSummary, summarize_session
from opstui.domain.text import printable, shorten
from opstui.domain.vote_offers import vote_offers
from opstui.domain.vote_visibility import can_revote
from opstui.domain.voting import Ballot, BallotError, Proposal, check_ballot, open_vote
from opstui.screens.base import LIVE_CSS, DatabaseChanged, OpstuiScreen
from opstui.screens.modals.action_item import ActionItemForm
from opstui.screens.modals.choose import Choice, ChooseModal
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.modals.decision import DecisionForm
from opstui.screens.modals.end_session import EndSession
from opstui.screens.modals.feedback_form import FeedbackForm
from opstui.screens.modals.fill_in_form import FillInForm
from opstui.screens.modals.vote_setup import VoteSetup
from opstui.widgets.capture_list import CaptureList, CaptureRef, clock_time
from opstui.widgets.footer import Footer
from opstui.widgets.timer import AgendaTimer
from opstui.widgets.vote_grid import VoteGrid

#: Save the running timer at least this often (seconds): a crash loses no more.
TIMER_SAVE_EVERY = 5
#: Save the notes this long after the last key typed (seconds).
NOTES_SAVE_AFTER = 0.5

NOTES_TITLE = "Private notes (w writes · p hides them for screen sharing)"
NOTES_TITLE_WRITING = "Private notes: writing, saved as you type (Esc leaves the notes)"

VOTE_ACTIONS = frozenset({"reveal_votes", "close_vote", "revote"})
TIMER_ACTIONS = frozenset({"toggle_timer", "add_minute", "next_item", "previous_item"})


class LiveSessionScreen(OpstuiScreen):
    """One session, live (or ended and read-only)."""

    CSS_PATH = LIVE_CSS

    # The footer shows what fits, in this order: the most needed on a call first.
    BINDINGS = [
        Binding("f", "capture_feedback", "Capture feedback"),
        Binding("v", "call_vote", "Call a vote"),
        Binding("r", "reveal_votes", "Reveal votes"),
        Binding("c", "close_vote", "Close vote"),
        Binding("a", "add_action", "Add action item"),
        Binding("n", "next_item", "Next agenda item"),
        Binding("e", "end_session", "End session"),
        Binding("e", "summary", "Session summary"),
        Binding("t", "fill_in_template", "Fill in template"),
        Binding("p", "presenter_safe", "Presenter-safe view"),
        Binding("V", "revote", "Re-vote", show=False),
        Binding("D", "record_decision", "Record decision", show=False),
        Binding("b", "previous_item", "Previous agenda item", show=False),
        Binding("space", "toggle_timer", "Pause/resume timer", key_display="Space", show=False),
        Binding("plus,equals_sign", "add_minute", "One more minute", key_display="+", show=False),
        Binding("x", "tick_action", "Tick carried-over action", show=False),
        Binding("d,delete", "delete_capture", "Delete capture", show=False),
        Binding("w", "write_notes", "Write notes", show=False),
        Binding("escape", "leave", "Leave session", show=False),
    ]

    EDIT_ACTIONS = frozenset(
        {
            "capture_feedback",
            "fill_in_template",
            "call_vote",
            "reveal_votes",
            "close_vote",
            "revote",
            "record_decision",
            "add_action",
            "next_item",
            "previous_item",
            "toggle_timer",
            "add_minute",
            "tick_action",
            "delete_capture",
            "write_notes",
            "end_session",
        }
    )

    presenter_safe: reactive[bool] = reactive(False, init=False)

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
        self.clock = clock
        self.session: Session
        self.initiative: Initiative
        self.agenda: list[AgendaItem] = []
        self.people: dict[str, Person] = {}
        self.playbook: Playbook | None = None
        self.vote: Proposal | None = None
        self.ballots: list[Ballot] = []
        self.carried: list[ActionItem] = []
        self.saved_elapsed = 0
        self.agenda_stored = False
        self._notes_timer: Timer | None = None
        # Kept by reference: they are still read while the screen unmounts (on quit).
        self.timer = AgendaTimer(clock, id="live-timer")
        self.notes = TextArea(id="live-notes", soft_wrap=True)
        self._notes_dirty = False

    # -- context for app-wide actions ---------------------------------------------------------

    @property
    def context_initiative_id(self) -> str | None:
        return self.session.initiative_id if hasattr(self, "session") else None

    @property
    def context_session_id(self) -> str | None:
        return self.session_id

    @property
    def ended(self) -> bool:
        return self.session.state is SessionState.ENDED

    @property
    def editable(self) -> bool:
        return not self.read_only and not self.ended

    @property
    def participants(self) -> list[Person]:
        return [self.people[pid] for pid in self.session.participant_ids if pid in self.people]

    @property
    def current(self) -> AgendaItem:
        return self.agenda[self.session.current_item]

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="live-top"):
            with Vertical(id="live-now"):
                yield Static(id="live-item-title")
                yield Static(id="live-prompt")
            yield self.timer
        with Horizontal(id="live-body"):
            with Vertical(id="live-side"):
                yield Static(id="live-agenda")
                yield Static(id="live-people")
                yield OptionList(id="live-carried")
            with Vertical(id="live-main"):
                with VerticalScroll(id="live-vote-box"):
                    yield VoteGrid(id="live-vote")
                yield CaptureList(id="live-captures")
                yield self.notes
        # Without the palette hint the main actions fit a 120-column footer; F1 lists all.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#live-agenda").border_title = "Agenda"
        self.query_one("#live-people").border_title = "Participants"
        self.query_one("#live-carried").border_title = "Carried over"
        self.query_one("#live-captures").border_title = "Captured (newest first)"
        notes = self.notes
        try:
            self.load()
        except NotFound:
            self.notify("That session no longer exists.", severity="error")
            self.app.call_later(self.dismiss)
            return
        notes.border_title = NOTES_TITLE if self.editable else "Private notes"
        notes.load_text(self.session.notes)
        notes.read_only = not self.editable
        item = self.current
        self.saved_elapsed = item.elapsed_seconds
        self.timer.load(
            item.elapsed_seconds,
            item.allowed_seconds,
            running=self.start_timer and self.editable,
            stopped=self.ended,
        )
        self.show_all()
        if self.vote is not None and self.editable:
            self.query_one(VoteGrid).focus()
        else:
            self.query_one(CaptureList).focus()
        if self.session.state is SessionState.LIVE and not self.start_timer and self.editable:
            self.notify(
                f"Resumed at item {self.session.current_item + 1}: "
                f"{self.current.title}. The timer is paused; Space starts it.",
                title="Session resumed",
            )

    def on_resize(self) -> None:
        self.set_class(self.size.height < 32, "-compact")

    @on(DatabaseChanged)
    def on_database_changed(self) -> None:
        """Another process wrote to the file: follow it.

        A review (read-only, or an ended session) reads everything again, so an ops
        lead watching a colleague's session sees each capture within a poll or two.
        The facilitator's own live screen keeps its timer and notes, which only it
        writes, and reads the captures and carried-over actions again.
        """
        if not hasattr(self, "session"):
            return
        if self.editable:
            self.load_carried()
            self.show_carried()
            self.show_captures()
            return
        try:
            self.load()
        except NotFound:
            self.notify("That session no longer exists.", severity="error")
            self.app.call_later(self.dismiss)
            return
        item = self.current
        self.saved_elapsed = item.elapsed_seconds
        self.timer.load(
            item.elapsed_seconds, item.allowed_seconds, running=False, stopped=self.ended
        )
        if self.notes.text != self.session.notes:
            self.notes.load_text(self.session.notes)
        self.show_all()

    # -- loading and showing ----------------------------------------------------------------

    def load(self) -> None:
        """Read the session and everything around it from the store."""
        self.session = self.store.get_session(self.session_id)
        self.initiative = self.store.get_initiative(self.session.initiative_id)
        self.agenda = self.store.list_agenda(self.session_id)
        self.agenda_stored = bool(self.agenda)
        if not self.agenda:
            # A session always has an item to time, even one made outside a playbook.
            self.agenda = [AgendaItem(session_id=self.session_id, position=0, title="Session")]
        if self.session.current_item >= len(self.agenda):
            self.session = self.session.model_copy(update={"current_item": len(self.agenda) - 1})
        self.people = {p.id: p for p in self.store.list_people()}
        entries = discover_playbooks(paths.playbooks_dir())
        books = [e.playbook for e in entries if e.playbook is not None]
        self.playbook = next((b for b in books if b.key == self.session.playbook_key), None)
        self.load_vote()
        self.load_carried()

    def load_vote(self) -> None:
        self.vote = open_vote(self.store.list_proposals(session_id=self.session_id))
        self.ballots = self.store.list_ballots(self.vote.id) if self.vote else []

    def load_carried(self) -> None:
        actions = self.store.list_actions(self.session.initiative_id)
        self.carried = carried_over(actions, self.session)

    def show_all(self) -> None:
        self.show_header()
        self.show_item()
        self.show_agenda()
        self.show_people()
        self.show_carried()
        self.show_vote()
        self.show_captures()
        self.apply_presenter_safe()

    def show_header(self) -> None:
        self.title = printable(self.session.title)
        ended_at = self.session.ended_at
        if self.ended and ended_at:
            state = f"ended {ended_at.astimezone():%d %b %Y} {clock_time(ended_at)}"
        elif self.ended:
            state = "ended"
        else:
            state = "live"
        safe = " · PRESENTER-SAFE" if self.presenter_safe else ""
        self.sub_title = f"{printable(self.initiative.title)} · {state}{safe}"

    def show_item(self) -> None:
        item = self.current
        title = Text()
        title.append(f"{item.position + 1}/{len(self.agenda)}  ", style="dim")
        title.append(printable(item.title), style="bold")
        self.query_one("#live-item-title", Static).update(title)
        prompt = Text(printable(item.prompt) if item.prompt else "", style="italic")
        if item.capture:
            prompt.append(("\n" if item.prompt else "") + "Capture: ", style="dim bold")
            prompt.append(printable(item.capture), style="dim")
        self.query_one("#live-prompt", Static).update(prompt)

    def show_agenda(self) -> None:
        timer = self.timer
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(width=1)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(justify="right", no_wrap=True)
        for item in self.agenda:
            is_current = item.position == self.session.current_item
            if is_current and not self.ended:
                reading = timer.reading
            else:
                reading = TimerReading(item.elapsed_seconds, item.allowed_seconds)
            marker = "▶" if is_current and not self.ended else ("✓" if item.ended_at else " ")
            style = "bold" if is_current else ("dim" if item.ended_at else "")
            allowed = item.planned_minutes + item.extra_minutes
            if reading.elapsed:
                minutes = Text(
                    f"{reading.actual_minutes}/{allowed}m",
                    style="bold red" if reading.overrun else "",
                )
            else:
                minutes = Text(f"{allowed}m", style="dim")
            table.add_row(
                Text(marker, style="bold"),
                Text(f"{item.position + 1}. {printable(item.title)}", style=style),
                minutes,
            )
        self.query_one("#live-agenda", Static).update(table)

    def show_people(self) -> None:
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        cells = []
        for n, person in enumerate(self.participants, 1):
            cell = Text(f"{n}" if n <= 9 else "·", style="bold")
            cell.append(f" {printable(person.name)}")
            cells.append(cell)
        for row in range(0, len(cells), 2):
            grid.add_row(*cells[row : row + 2])
        panel = self.query_one("#live-people", Static)
        panel.update(grid if cells else Text("nobody picked", style="dim"))
        facilitator = self.people.get(self.session.facilitator_id or "")
        # A border title is read as markup: a name is data, so it goes in as Text.
        panel.border_subtitle = (
            Text(f"facilitator {printable(facilitator.name)}") if facilitator is not None else ""
        )

    def show_carried(self) -> None:
        carried = self.query_one("#live-carried", OptionList)
        kept = carried.highlighted
        options = []
        for action in self.carried:
            line = Text("✓ " if action.done else "☐ ", style="bold")
            line.append(
                shorten(printable(action.text), 80), style="dim strike" if action.done else ""
            )
            owner = self.people.get(action.owner_id or "")
            extra = [printable(owner.name)] if owner else []
            if action.due_on:
                extra.append(f"due {action.due_on.isoformat()}")
            if extra:
                line.append("  " + ", ".join(extra), style="dim")
            options.append(Option(line, id=action.id))
        carried.set_options(
            options or [Option(Text("No open actions from before.", style="dim"), disabled=True)]
        )
        if options:
            carried.highlighted = min(kept or 0, len(options) - 1)

    def show_vote(self) -> None:
        grid = self.query_one(VoteGrid)
        self.query_one("#live-vote-box").display = self.vote is not None
        if self.vote is not None:
            grid.show(
                self.vote, self.ballots, self.participants, presenter_safe=self.presenter_safe
            )
        self.set_class(self.vote is not None, "-voting")
        self.refresh_bindings()

    def show_captures(self) -> None:
        proposals = self.store.list_proposals(session_id=self.session_id)
        ballots = [b for p in proposals for b in self.store.list_ballots(p.id)]
        decisions = [
            d
            for d in self.store.list_decisions(self.session.initiative_id)
            if d.session_id == self.session_id
        ]
        self.query_one(CaptureList).show(
            feedback=self.store.list_feedback(session_id=self.session_id),
            fill_ins=self.store.list_fill_ins(self.session_id),
            proposals=proposals,
            ballots=ballots,
            decisions=decisions,
            actions=self.store.list_session_actions(self.session_id),
            people=self.people,
            playbook=self.playbook,
        )

    def watch_presenter_safe(self) -> None:
        self.apply_presenter_safe()
        self.show_header()
        self.show_vote()

    def apply_presenter_safe(self) -> None:
        if self.presenter_safe and self.notes.has_focus:
            self.query_one(CaptureList).focus()
        # A class, not an inline style, so the compact layout can still hide the notes too.
        self.set_class(self.presenter_safe, "-presenter-safe")

    # -- which actions apply ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not hasattr(self, "session"):
            return True
        if action in self.EDIT_ACTIONS and not self.editable:
            return False
        if action == "summary":
            return self.ended
        if action == "call_vote" and self.vote is not None:
            return False  # One vote at a time: its own keys take the place in the footer.
        if action in VOTE_ACTIONS:
            if self.vote is None:
                return False
            if action == "reveal_votes" and self.vote.revealed:
                return None
            if action == "revote" and not can_revote(self.vote):
                return None  # A blind round is revealed before it is voted again.
        return action != "tick_action" or bool(self.carried)

    # -- timer and agenda -------------------------------------------------------------------

    def on_agenda_timer_tick(self, event: AgendaTimer.Tick) -> None:
        if (
            event.elapsed - self.saved_elapsed >= TIMER_SAVE_EVERY
            or event.elapsed < self.saved_elapsed
        ):
            self.save_timer()
        self.show_agenda()

    def save_timer(self) -> None:
        """Store the seconds the current item has run (and its extra minutes)."""
        if not self.editable:
            return
        timer = self.timer
        elapsed = timer.elapsed
        item = self.current.model_copy(
            update={
                "elapsed_seconds": elapsed,
                "extra_minutes": max(timer.allowed // 60 - self.current.planned_minutes, 0),
            }
        )
        self._store_item(item)
        self.saved_elapsed = elapsed

    def _store_item(self, item: AgendaItem) -> None:
        self.agenda[item.position] = item
        if not self.agenda_stored:
            return  # The placeholder item of a session without agenda is never stored.
        try:
            self.store.update_agenda_item(item)
        except StoreError as exc:
            self.notify(f"The timer could not be saved: {exc}", severity="error")

    def action_toggle_timer(self) -> None:
        timer = self.timer
        if timer.running:
            timer.pause()
        else:
            timer.resume()
        self.save_timer()
        self.show_agenda()

    def action_add_minute(self) -> None:
        self.timer.add_minute()
        self.save_timer()
        self.show_agenda()

    def action_next_item(self) -> None:
        if self.session.current_item + 1 >= len(self.agenda):
            self.notify("This is the last agenda item: press e to end the session.")
            return
        self.go_to_item(self.session.current_item + 1, run=True)

    def action_previous_item(self) -> None:
        if self.session.current_item == 0:
            self.notify("This is the first agenda item.")
            return
        self.go_to_item(self.session.current_item - 1, run=self.timer.running)

    def go_to_item(self, position: int, *, run: bool) -> None:
        """Record the item left (its seconds and end) and start timing the one entered."""
        timer = self.timer
        self.save_timer()
        left, entered = switch_item(
            self.agenda, self.session.current_item, position, timer.elapsed, utcnow()
        )
        self._store_item(left)
        self._store_item(entered)
        self.session = self.session.model_copy(update={"current_item": position})
        try:
            self.store.set_current_item(self.session_id, position)
        except StoreError as exc:
            self.notify(f"Could not save the agenda position: {exc}", severity="error")
        timer.load(entered.elapsed_seconds, entered.allowed_seconds, running=run)
        self.saved_elapsed = entered.elapsed_seconds
        self.show_item()
        self.show_agenda()

    # -- notes -----------------------------------------------------------------------------

    @on(TextArea.Changed, "#live-notes")
    def notes_changed(self) -> None:
        if not self.editable:
            return
        self._notes_dirty = True
        if self._notes_timer is not None:
            self._notes_timer.stop()
        self._notes_timer = self.set_timer(NOTES_SAVE_AFTER, self.save_notes)

    def save_notes(self) -> None:
        if not self._notes_dirty or not self.editable:
            return
        text = self.notes.text
        try:
            self.store.save_notes(self.session_id, text)
        except StoreError as exc:
            self.notify(f"The notes could not be saved: {exc}", severity="error")
            return
        self.session = self.session.model_copy(update={"notes": text})
        self._notes_dirty = False

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.notes and self.editable:
            self.notes.border_title = NOTES_TITLE_WRITING

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.notes and self.editable:
            self.notes.border_title = NOTES_TITLE
            self.save_notes()

    def action_write_notes(self) -> None:
        if self.presenter_safe:
            self.notify("The notes are hidden in presenter-safe view: press p to show them.")
            return
        self.notes.focus()

    # -- feedback -----------------------------------------------------------------------------

    def action_capture_feedback(self) -> None:
        self.app.push_screen(
            FeedbackForm(
                session_id=self.session_id,
                participants=self.participants,
                agenda_item_id=self._stored_item_id(),
            ),
            self._captured,
        )

    def _stored_item_id(self) -> str | None:
        return self.current.id if self.agenda_stored else None

    def _captured(self, result: object) -> None:
        if result is not None:
            self.show_captures()
            self.load_carried()
            self.show_carried()

    # -- templates ---------------------------------------------------------------------------

    def action_fill_in_template(self) -> None:
        templates = self.playbook.templates if self.playbook else []
        fill_ins = self.store.list_fill_ins(self.session_id)
        if not templates:
            self.notify("This session's playbook has no templates to fill in.")
            return
        if len(templates) == 1 and not fill_ins:
            self.open_template(templates[0].key, None)
            return
        choices = [Choice(f"new:{t.key}", Text(f"New: {printable(t.title)}")) for t in templates]
        for fill_in in reversed(fill_ins):
            label = Text(f"Amend: {printable(fill_in.title)}")
            label.append(f"  last changed {clock_time(fill_in.updated_at)}", style="dim")
            known = any(t.key == fill_in.template_key for t in templates)
            choices.append(Choice(f"amend:{fill_in.id}", label, enabled=known))
        self.app.push_screen(ChooseModal("Fill in template", choices), self._template_chosen)

    def _template_chosen(self, choice: str | None) -> None:
        if choice is None:
            return
        how, _, key = choice.partition(":")
        if how == "new":
            self.open_template(key, None)
        else:
            fill_in = self.store.get_fill_in(key)
            self.open_template(fill_in.template_key, fill_in.id)

    def open_template(self, template_key: str, fill_in_id: str | None) -> None:
        if self.playbook is None:
            return
        try:
            template = self.playbook.template(template_key)
        except KeyError:
            self.notify("That template is no longer in the playbook.", severity="warning")
            return
        fill_in = self.store.get_fill_in(fill_in_id) if fill_in_id else None
        form = FillInForm(session_id=self.session_id, template=template, fill_in=fill_in)
        self.app.push_screen(form, lambda _: self.show_captures())

    # -- votes ---------------------------------------------------------------------------------

    def action_call_vote(self) -> None:
        if self.vote is not None:
            self.notify("A vote is open: close it first (c).", severity="warning")
            return
        if not self.participants:
            self.notify(
                "Nobody takes part in this session, so nobody can vote.", severity="warning"
            )
            return
        offers = vote_offers(self.playbook, self.store.list_metrics(self.session.initiative_id))
        setup = VoteSetup(
            session_id=self.session_id, offers=offers, participants=len(self.participants)
        )
        self.app.push_screen(setup, self._vote_called)

    def _vote_called(self, proposal: Proposal | None) -> None:
        if proposal is None:
            return
        self.refresh_vote()
        self.show_captures()
        self.query_one(VoteGrid).focus()

    def refresh_vote(self) -> None:
        self.load_vote()
        self.show_vote()

    def on_vote_grid_cast(self, event: VoteGrid.Cast) -> None:
        if self.vote is None or self.refuse_edit():
            return
        ballot = Ballot(
            proposal_id=self.vote.id,
            round=self.vote.round,
            person_id=event.person_id,
            method=self.vote.method,
            value=event.value,
            dots=event.dots,
        )
        try:
            check_ballot(self.vote, ballot)
            self.store.cast_ballot(ballot)
        except BallotError as exc:
            self.notify(str(exc), severity="warning")
            return
        except StoreError as exc:
            self.notify(f"The vote could not be saved: {exc}", severity="error")
            return
        self.ballots = [
            b
            for b in self.ballots
            if not (b.round == ballot.round and b.person_id == ballot.person_id)
        ] + [ballot]
        self.show_vote()
        self.show_captures()

    def on_vote_grid_withdraw(self, event: VoteGrid.Withdraw) -> None:
        if self.vote is None or self.refuse_edit():
            return
        self.store.withdraw_ballot(self.vote.id, self.vote.round, event.person_id)
        self.refresh_vote()

    def on_vote_grid_refused(self, event: VoteGrid.Refused) -> None:
        self.notify(event.hint, severity="warning", timeout=4)

    def action_reveal_votes(self) -> None:
        if self.vote is None:
            return
        self.vote = self.store.update_proposal(self.vote.model_copy(update={"revealed": True}))
        self.show_vote()
        self.show_captures()

    def action_revote(self) -> None:
        if self.vote is None or not can_revote(self.vote):
            return
        self.vote = self.store.update_proposal(
            self.vote.model_copy(update={"round": self.vote.round + 1, "revealed": False})
        )
        self.refresh_vote()
        self.query_one(VoteGrid).focus()
        self.notify(
            f"Round {self.vote.round}: everyone votes again; round {self.vote.round - 1} is kept."
        )

    def action_close_vote(self) -> None:
        if self.vote is None:
            return
        form = DecisionForm(session=self.session, proposal=self.vote, ballots=self.ballots)
        self.app.push_screen(form, self._vote_closed)

    def _vote_closed(self, decision: object) -> None:
        if decision is None:
            return
        self.refresh_vote()
        self.show_captures()
        self.query_one(CaptureList).focus()

    def action_record_decision(self) -> None:
        self.app.push_screen(DecisionForm(session=self.session), self._captured)

    # -- actions ---------------------------------------------------------------------------------

    def action_add_action(self) -> None:
        form = ActionItemForm(
            initiative_id=self.session.initiative_id,
            session_id=self.session_id,
            people=self._owners(),
            today=date.today(),
        )
        self.app.push_screen(form, self._captured)

    def _owners(self) -> list[Person]:
        owners = self.participants
        facilitator = self.people.get(self.session.facilitator_id or "")
        if facilitator is not None and facilitator not in owners:
            owners = [*owners, facilitator]
        return owners

    def action_tick_action(self) -> None:
        carried = self.query_one("#live-carried", OptionList)
        option = carried.highlighted_option
        if option is None or option.id is None:
            self.notify("Highlight a carried-over action first (Tab to the list).")
            return
        action = next((a for a in self.carried if a.id == option.id), None)
        if action is None:
            return
        self.store.set_action_done(action.id, not action.done)
        self.load_carried()
        self.show_carried()

    @on(OptionList.OptionSelected, "#live-carried")
    def carried_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.refuse_edit():
            self.action_tick_action()

    # -- editing and deleting captures -------------------------------------------------------

    @on(OptionList.OptionSelected, "#live-captures")
    def capture_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ref = self.query_one(CaptureList).selected_ref
        if ref is not None:
            self.edit_capture(ref)

    def refuse_edit(self) -> bool:
        """Say why a capture cannot be changed here: a review copy, or an ended session."""
        if self.refuse_if_read_only():
            return True
        if self.ended:
            self.notify("This session has ended: its captures can be read, not changed.")
            return True
        return False

    def edit_capture(self, ref: CaptureRef) -> None:
        if self.refuse_edit():
            return
        try:
            if ref.kind == "feedback":
                existing = self.store.get_feedback(ref.id)
                self.app.push_screen(
                    FeedbackForm(
                        session_id=self.session_id,
                        participants=self.participants,
                        existing=existing,
                    ),
                    self._captured,
                )
            elif ref.kind == "fillin":
                fill_in = self.store.get_fill_in(ref.id)
                self.open_template(fill_in.template_key, fill_in.id)
            elif ref.kind == "action":
                action = next(
                    a for a in self.store.list_session_actions(self.session_id) if a.id == ref.id
                )
                form = ActionItemForm(
                    initiative_id=self.session.initiative_id,
                    session_id=self.session_id,
                    people=self._owners(),
                    existing=action,
                )
                self.app.push_screen(form, self._captured)
            elif ref.kind == "vote" and self.vote is not None and self.vote.id == ref.id:
                self.query_one(VoteGrid).focus()
            else:
                self.notify("Votes and decisions are kept as recorded.")
        except (NotFound, StopIteration):
            self.notify("That capture is gone.", severity="warning")
            self.show_captures()

    def action_delete_capture(self) -> None:
        ref = self.query_one(CaptureList).selected_ref
        if ref is None:
            return
        detail = ""
        if ref.kind == "feedback":
            detail, what = self.store.get_feedback(ref.id).text, "remark"
        elif ref.kind == "action":
            found = [a for a in self.store.list_session_actions(self.session_id) if a.id == ref.id]
            detail, what = (found[0].text if found else ""), "action item"
        elif ref.kind == "fillin":
            detail, what = self.store.get_fill_in(ref.id).title, "filled-in template"
        else:
            self.notify("Votes and decisions are kept as recorded.")
            return

        def answered(delete: bool | None) -> None:
            if not delete:
                return
            if ref.kind == "feedback":
                self.store.delete_feedback(ref.id)
            elif ref.kind == "action":
                self.store.delete_action(ref.id)
            else:
                self.store.delete_fill_in(ref.id)
            self.show_captures()
            self.notify(f"The {what} was deleted.")

        self.app.push_screen(
            ConfirmModal(f"Delete this {what}?", yes="Delete", detail=detail), answered
        )

    # -- presenter-safe, leaving and ending --------------------------------------------------------

    def action_presenter_safe(self) -> None:
        self.presenter_safe = not self.presenter_safe
        self.notify(
            "Presenter-safe: notes and names on anonymous votes are hidden."
            if self.presenter_safe
            else "Presenter-safe view is off: notes are shown."
        )

    def action_leave(self) -> None:
        notes = self.notes
        if notes.has_focus:
            self.query_one(CaptureList).focus()  # Escape in the notes only leaves the notes.
            return
        self.persist()
        self.dismiss()

    def persist(self) -> None:
        """Save what is only in the widgets: the notes and the timer's seconds."""
        if not hasattr(self, "session") or not self.editable:
            return
        self.save_notes()
        self.save_timer()

    def on_unmount(self) -> None:
        # The store may already be closed when the app shuts down.
        with contextlib.suppress(StoreError):
            self.persist()

    def summary_data(self, *, ending: bool) -> tuple[SessionSummary, dict[str, str]]:
        """What the session produced, and the names of the people owning its actions."""
        proposals = self.store.list_proposals(session_id=self.session_id)
        summary = summarize_session(
            self.session,
            agenda=self.agenda,
            feedback=self.store.list_feedback(session_id=self.session_id),
            fill_ins=self.store.list_fill_ins(self.session_id),
            proposals=proposals,
            ballots=[b for p in proposals for b in self.store.list_ballots(p.id)],
            decisions=self.store.list_decisions(self.session.initiative_id),
            actions=self.store.list_session_actions(self.session_id),
            ended_at=utcnow() if ending else self.session.ended_at,
        )
        owners = {pid: p.name for pid, p in self.people.items()}
        return summary, owners

    def action_end_session(self) -> None:
        self.save_timer()
        summary, owners = self.summary_data(ending=True)
        self.app.push_screen(EndSession(summary, owners, ended=False), self._end_answered)

    def _end_answered(self, end: bool | None) -> None:
        if not end:
            return
        timer = self.timer
        timer.pause()
        self.save_timer()
        self.save_notes()
        now = utcnow()
        item = self.current.model_copy(update={"ended_at": now})
        self._store_item(item)
        self.session = self.store.end_session(self.session_id, now)
        timer.load(item.elapsed_seconds, item.allowed_seconds, running=False, stopped=True)
        self.notes.read_only = True
        self.notes.border_title = "Private notes"
        self.show_all()
        self.refresh_bindings()
        self.notify(f"Session ended at {clock_time(now)}.", title="Session ended")

    def action_summary(self) -> None:
        summary, owners = self.summary_data(ending=False)
        self.app.push_screen(EndSession(summary, owners, ended=True))
