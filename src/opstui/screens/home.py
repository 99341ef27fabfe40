"""The dashboard: every initiative at a glance, where every visit starts.

Each row is an initiative's title, step and status, shown the moment the screen opens
(one cheap query), and its ``summarize`` from the domain: health (the doctor's
findings), main metric's progress, the mood of its last session, open action items and
when it last met. Those summaries are computed in a thread worker, on a read-only
connection of its own, from ``Store.dashboard_facts`` (a few queries over many
initiatives at once), and filled into the rows already on screen, so that a large
database never keeps the list waiting nor freezes the screen. They are kept between
visits: coming back, only the initiatives that changed are computed again
(``DashboardSummaries``). Sorting, filtering and
narrowing work on the rows in memory; the table (``RowTable``) draws only the rows on
screen, so a long list is shown as soon as a short one.

The screen reads and arranges; its parts (the table, the filters, the detail line below
them) are widgets of ``opstui.widgets.dashboard``, handed what it read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Header, Input, Select, Static
from textual.worker import get_current_worker

from opstui.collector import CollectorHold
from opstui.db.database import InitiativeHeading
from opstui.db.errors import database_errors, describe_error
from opstui.screens import clock
from opstui.screens.base import DatabaseChanged, OpstuiScreen, guarded
from opstui.screens.commands import (
    EXPORT_INITIATIVE,
    OPEN_METRICS,
    START_SESSION,
    Command,
    bindings,
    edit_actions,
    in_footer,
    keys_footer,
)
from opstui.widgets.dashboard.detail import InitiativeDetail
from opstui.widgets.dashboard.filters import DashboardFilters
from opstui.widgets.dashboard.table import InitiativeTable
from opstui.widgets.row_table import RowTable

if TYPE_CHECKING:
    from opstui.domain.initiative import Initiative

    # The summaries (and the doctor behind them) are computed in the loading worker.
    from opstui.domain.initiative_summary import InitiativeSummary
    from opstui.services.dashboard_summaries import DashboardSummaries

#: Initiatives summarized at a time: each batch's rows are filled in as it is done, only
#: one batch's facts are held in memory at once, and a cancelled worker (the dashboard
#: left for a workspace) stops after the batch it is on, a few hundredths of a second.
BATCH_INITIATIVES = 25
#: After a start from the command line, how long the summaries wait for the first frame
#: to reach the terminal: computing them competes with drawing it for the interpreter.
FIRST_FRAME_SECONDS = 0.1


#: In the footer's order, after Enter (open): what a visit to the dashboard is most often
#: for, as the README tells it. At 80 columns the footer holds Enter to People.
COMMANDS = (
    Command("n", "new_initiative", "New initiative", edits=True),
    in_footer(START_SESSION),
    Command("o", "cycle_sort", "Sort"),
    Command("p", "people", "People"),
    # The narrowing field shows its key too: it comes after the keys nothing else shows.
    Command("slash", "narrow", "Narrow by title", key_display="/", label="Narrow"),
    in_footer(OPEN_METRICS),
    in_footer(EXPORT_INITIATIVE),
    Command("e", "edit_initiative", "Edit initiative", edits=True, label="Edit"),
    Command("f", "cycle_status", "Filter by status", label="Status"),
    Command("g", "cycle_step", "Filter by step", label="Step"),
    Command("r", "reverse_sort", "Reverse sort", footer=False),
    Command("escape", "clear_filters", "Clear filters", footer=False),
)


class HomeScreen(OpstuiScreen):
    """Every initiative with its step, health, progress and latest session."""

    BINDINGS = bindings(COMMANDS)
    EDIT_ACTIONS = edit_actions(COMMANDS)
    # Below 100 columns the filters make room for the source filter (see app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    class Loaded(Message):
        """Summaries computed again by the loading worker; the last batch is ``complete``."""

        bubble = False

        def __init__(
            self,
            generation: int,
            summaries: list[InitiativeSummary],
            complete: bool = True,
            error: str | None = None,
        ) -> None:
            super().__init__()
            #: Which reload computed these rows: an overtaken one's end nothing.
            self.generation = generation
            self.summaries = summaries
            self.complete = complete
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        #: Every initiative, in stored order: what the rows show before their summaries.
        self.initiatives: list[InitiativeHeading] = []
        self.loading_rows = False
        self.generation = 0
        self._started = False
        #: The summaries kept between visits (made in the worker: it imports the domain).
        self.kept: DashboardSummaries | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield DashboardFilters(id="dashboard-filters")
        yield Static(id="home-empty")
        yield InitiativeTable(id="initiatives", zebra_stripes=True)
        yield InitiativeDetail(id="dashboard-detail")
        yield keys_footer()

    @property
    def table(self) -> InitiativeTable:
        return self.query_one("#initiatives", InitiativeTable)

    @property
    def filter_bar(self) -> DashboardFilters:
        return self.query_one("#dashboard-filters", DashboardFilters)

    def on_mount(self) -> None:
        self.title = "Initiatives"
        self.query_one("#home-empty", Static).display = False
        self.table.focus()
        # The titles at once, from one cheap query; the summaries follow from the worker.
        self.read_initiatives()
        if self.table.laid_out_narrow is not None:  # laid out already: the resize came first
            self.show_rows()

    def on_screen_resume(self) -> None:
        if self._started:
            self.reload()
            return
        # The first time, the rows reach the screen before the worker competes for the CPU.
        self._started = True
        self.loading_rows = True
        self.show_status()
        self.call_after_refresh(self._after_first_rows)

    def on_screen_suspend(self) -> None:
        # Summaries nobody sees would only slow the screen in front; they are computed
        # again when the dashboard is back (``on_screen_resume``).
        self.workers.cancel_group(self, "dashboard")

    def _after_first_rows(self) -> None:
        self.mount_filters()
        if not self.app.is_headless:
            self.set_timer(FIRST_FRAME_SECONDS, lambda: self.reload(read=False))
        else:
            self.reload(read=False)

    @on(DatabaseChanged)
    def on_database_changed(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        if not self.table.fits(self.size):
            self.show_rows()

    # -- loading ---------------------------------------------------------------------

    def read_initiatives(self) -> None:
        """Read every initiative's title, step and status (a quick query, on this thread)."""
        try:
            self.initiatives = self.database.initiative_headings()
        except database_errors() as exc:
            self.notify(
                f"Could not read the initiatives: {describe_error(exc)}",
                severity="error",
                markup=False,
            )

    def mount_filters(self) -> None:
        """Add the status and step filters (and the source one) beside the narrowing field."""
        self.filter_bar.mount_selects(self.table.sources)

    def reload(self, read: bool = True, everything: bool = False) -> None:
        """Read the initiatives again and show them; compute the summaries of those that
        changed in the background (``everything``: of every one, as after a merge, whose
        edits keep the other file's stamps)."""
        if everything and self.kept is not None:
            self.kept.forget()
        if read:
            before = self.initiatives
            self.read_initiatives()
            if self.initiatives != before:
                self.show_rows()
        self.loading_rows = True
        self.generation += 1
        self.show_status()
        self.load_summaries(self.generation)

    @work(thread=True, exclusive=True, group="dashboard")
    def load_summaries(self, generation: int) -> None:
        """Summarize the initiatives that changed, on a connection of this thread's own.

        The first time, that is every initiative, and this thread is also where the
        domain models (and pydantic) are imported, while the first screen is already up
        and waiting for keys. Afterwards it is only those changed since (see
        ``DashboardSummaries``): nothing, coming back from a workspace where nothing
        was written.
        """
        from opstui.db.store import Store
        from opstui.services.dashboard_summaries import DashboardSummaries

        worker = get_current_worker()
        day = clock.today()
        if self.kept is None:
            self.kept = DashboardSummaries(BATCH_INITIATIVES)
        try:
            reader = Store.open(self.database.path, read_only=True)
        except database_errors() as exc:
            self.post_message(self.Loaded(generation, [], error=describe_error(exc)))
            return
        # Tens of thousands of models are made here and kept (see ``opstui.collector``).
        hold = CollectorHold()
        try:
            for summaries, complete in self.kept.refresh(reader, day, lambda: worker.is_cancelled):
                self.post_message(self.Loaded(generation, summaries, complete))
        except database_errors() as exc:
            self.post_message(self.Loaded(generation, [], error=describe_error(exc)))
        finally:
            hold.release()
            reader.close()
        # What opening an initiative needs is loaded now, while the list is read, rather
        # than when Enter is pressed (a few hundredths of a second, the first time).
        import opstui.screens.workspace  # noqa: F401

    @on(Loaded)
    def on_loaded(self, message: Loaded) -> None:
        if message.generation != self.generation:
            # An overtaken refresh's summaries are still the file's: the refresh after it
            # computes only what changed since, so they are not computed again.
            if message.summaries and self.table.take_summaries(message.summaries, False):
                self.show_detail()
            elif message.summaries:
                self.show_rows()
            return
        self.loading_rows = not message.complete and not message.error
        if message.error:
            self.notify(
                f"Could not read the initiatives: {message.error}", severity="error", markup=False
            )
            self.show_status()
            return
        if self.table.take_summaries(message.summaries, message.complete):
            self.show_status()
            self.show_detail()
        else:
            self.show_rows()

    # -- showing ---------------------------------------------------------------------

    def show_rows(self) -> None:
        """Fill the table from the rows in memory, keeping the cursor on its initiative."""
        table = self.table
        table.show(self.initiatives, self.filter_bar.current(), self.size)
        self.filter_bar.show_sources(table.sources)
        empty = self.query_one("#home-empty", Static)
        if not self.initiatives:
            empty.update(
                "No initiatives yet. Press n to start one, or run `opstui demo` "
                "to explore a sample database."
            )
            empty.display = True
        elif not table.row_count:
            empty.update("No initiative matches the filters. Press Escape to clear them.")
            empty.display = True
        else:
            empty.display = False
        self.show_status()
        self.show_detail()

    def show_status(self) -> None:
        parts = self.table.counts()
        if self.loading_rows:
            parts.append("loading…")
        if self.read_only:
            parts.insert(0, "read-only")
        self.sub_title = " · ".join(parts)

    def highlighted_id(self) -> str | None:
        return self.table.highlighted_key

    def show_detail(self) -> None:
        table = self.table
        self.query_one(InitiativeDetail).show(table.highlighted(), table.highlighted_origin())

    @on(RowTable.RowHighlighted, "#initiatives")
    def on_row_highlighted(self) -> None:
        self.show_detail()

    @on(RowTable.RowSelected, "#initiatives")
    def on_row_selected(self, event: RowTable.RowSelected) -> None:
        self.open_workspace(event.row_key)

    @on(Input.Submitted, "#narrow")
    def on_narrow_submitted(self) -> None:
        """Enter in the narrowing field opens the first initiative that matches."""
        initiative_id = self.highlighted_id()
        if initiative_id is None:
            self.notify("No initiative matches.", severity="warning")
            return
        self.open_workspace(initiative_id)

    @on(RowTable.HeaderSelected, "#initiatives")
    def on_header_selected(self, event: RowTable.HeaderSelected) -> None:
        self.table.sort_by(event.column_key)
        self.show_rows()

    @on(Input.Changed, "#narrow")
    @on(Select.Changed, "#filter-status")
    @on(Select.Changed, "#filter-step")
    @on(Select.Changed, "#filter-source")
    def on_filter_changed(self) -> None:
        # The selects announce their first value as they mount: nothing to redo then.
        if self.is_mounted and self.filter_bar.current() != self.table.shown_filters:
            self.show_rows()

    # -- actions ---------------------------------------------------------------------

    def open_workspace(self, initiative_id: str) -> None:
        from opstui.screens.workspace import WorkspaceScreen

        # Coming back, the keys should work on the list again, not type into the filter.
        self.set_focus(self.table)
        self.app.push_screen(WorkspaceScreen(initiative_id))

    def action_new_initiative(self) -> None:
        if self.refuse_if_read_only():
            return
        from opstui.screens.modals.initiative_form import InitiativeForm

        def created(initiative: Initiative | None) -> None:
            if initiative is None:
                return
            self.store.add_initiative(initiative)
            self.notify(f"Created {initiative.title}", markup=False)
            self.open_workspace(initiative.id)

        self.app.push_screen(InitiativeForm(), created)

    @guarded()
    def action_edit_initiative(self) -> None:
        if self.refuse_if_read_only():
            return
        initiative_id = self.highlighted_id()
        if initiative_id is None:
            return
        from opstui.screens.modals.initiative_form import InitiativeForm

        def edited(initiative: Initiative | None) -> None:
            if initiative is None:
                return
            self.store.update_initiative(initiative)
            self.reload()

        self.app.push_screen(InitiativeForm(self.store.get_initiative(initiative_id)), edited)

    def action_people(self) -> None:
        from opstui.screens.people import PeopleScreen

        self.app.push_screen(PeopleScreen())

    def action_narrow(self) -> None:
        # Focus at once (not after a refresh), so keys typed straight after "/" land in it.
        self.set_focus(self.filter_bar.narrow_field)

    def action_cycle_sort(self) -> None:
        """Stored order, then each column in turn."""
        self.table.cycle_sort()
        self.show_rows()

    def action_reverse_sort(self) -> None:
        self.table.reverse_sort()
        self.show_rows()

    def action_cycle_status(self) -> None:
        self.filter_bar.cycle("filter-status")

    def action_cycle_step(self) -> None:
        self.filter_bar.cycle("filter-step")

    def action_clear_filters(self) -> None:
        """Escape: empty the narrowing field, then leave it; elsewhere, clear every filter."""
        narrow = self.filter_bar.narrow_field
        if narrow.has_focus and narrow.value:
            narrow.value = ""
        elif narrow.has_focus:
            self.table.focus()
        else:
            self.filter_bar.clear()
