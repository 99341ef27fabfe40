"""The initiative workspace: one initiative's steps, sessions, votes, feedback and health.

At the top a step indicator shows where the initiative stands; below, tabs hold what
an ops lead reviews and what a facilitator prepares: the overview (problem to lessons
learned), sessions, decisions, feedback, action items, the checklist, the doctor's findings,
change readiness, the buy-in plans (messages, ways to learn, check-ins) and the
prototype ladder, each a widget of its own module in this package.

The screen arranges them, reads the initiative and hands what it read down to the tabs
(``WorkspaceTab.present``); what the user does in a tab comes up as a message, which the
screen saves through the store before reading the initiative again.

Reading a long-running initiative takes a while (its outline alone, 493 ms for 6,320
sessions: issue 23), so the screen reads only the initiative's row at once, for its
heading, and the rest in a thread worker on a connection of its own, in two parts: the
outline (what the dashboard reads: the initiative, its groups, cohorts, sessions, votes and
metrics, enough for the doctor), which fills the doctor's count in the heading, the step
indicator and the overview; then the whole initiative, after which the other tabs fill.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.widgets import Header, Input, TabbedContent
from textual.worker import get_current_worker

from opstui.collector import CollectorHold, KeptApart
from opstui.db.errors import NotFound, database_errors, describe_error
from opstui.db.store import Store
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import Initiative
from opstui.domain.steps import Step
from opstui.screens import clock
from opstui.screens.base import DatabaseChanged, OpstuiScreen, guarded, report_error, ui_errors
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
from opstui.screens.modals.process_map import open_process_map
from opstui.screens.workspace import edits, reading
from opstui.screens.workspace.actions import ActionsTab
from opstui.screens.workspace.buy_in import BuyInTab
from opstui.screens.workspace.checklist import ChecklistTab
from opstui.screens.workspace.decisions import DecisionsTab
from opstui.screens.workspace.doctor import DoctorTab
from opstui.screens.workspace.feedback import FeedbackTab
from opstui.screens.workspace.ladder import LadderTab
from opstui.screens.workspace.later_links import LaterLinks
from opstui.screens.workspace.overview import OverviewTab
from opstui.screens.workspace.readiness import ReadinessTab
from opstui.screens.workspace.reading import FactsRead, OutlineRead
from opstui.screens.workspace.remark_search import RemarkSearch
from opstui.screens.workspace.session_changes import SessionChanges
from opstui.screens.workspace.sessions import SessionsTab
from opstui.screens.workspace.steps import WorkspaceSteps
from opstui.screens.workspace.tab import Edit, InitiativeRead, WorkspaceTab
from opstui.widgets.user_text import printable

__all__ = ["TABS", "WorkspaceScreen", "tab_digit"]

#: The tabs, in order.
TAB_TYPES: tuple[type[WorkspaceTab], ...] = (
    OverviewTab,
    SessionsTab,
    DecisionsTab,
    FeedbackTab,
    ActionsTab,
    ChecklistTab,
    DoctorTab,
    ReadinessTab,
    BuyInTab,
    LadderTab,
)
#: The tabs, in order: pane id suffix and title.
TABS: tuple[tuple[str, str], ...] = tuple((tab.KEY, tab.TITLE) for tab in TAB_TYPES)

#: The commands that act on one tab: hidden (and their keys free) elsewhere.
TAB_ACTIONS: dict[str, str] = {
    command.action_name: tab.KEY
    for tab in TAB_TYPES
    for command in (*tab.COMMANDS, *tab.LATER_COMMANDS)
}


def tab_digit(number: int) -> str:
    """The digit that shows the tab of that number: 1 to 9, then 0 for the tenth."""
    if not 1 <= number <= 10:
        raise ValueError(f"no digit is left for tab {number}")
    return str(number % 10)


#: Every command of the workspace, in the footer's order: Back, the tab's in view, the
#: app's that matter most here, the step, the tab's export, the report, the edits, and a
#: digit per tab. At 80 columns the footer holds Back to Next step on every tab (the
#: tab's own under a short label); at 120, the exports too.
COMMANDS: tuple[Command, ...] = (
    Command("escape", "back", "Back"),
    *(command for tab in TAB_TYPES for command in tab.COMMANDS),
    in_footer(OPEN_METRICS),
    in_footer(START_SESSION),
    Command("right_square_bracket", "next_step", "Next step", edits=True, key_display="]"),
    *(command for tab in TAB_TYPES for command in tab.LATER_COMMANDS),
    in_footer(EXPORT_INITIATIVE),
    Command("f8", "export_results", "Export results", footer=False),
    Command(
        "left_square_bracket",
        "previous_step",
        "Previous step",
        edits=True,
        key_display="[",
    ),
    Command("e", "edit_initiative", "Edit initiative", edits=True, label="Edit"),
    Command("l", "edit_plans", "Edit solution and plans", edits=True, label="Plans"),
    *(
        Command(tab_digit(number), f"show_tab('{tab.KEY}')", tab.TITLE, footer=False)
        for number, tab in enumerate(TAB_TYPES, start=1)
    ),
)


class WorkspaceScreen(OpstuiScreen):
    """Everything about one initiative, in tabs under its step indicator."""

    BINDINGS = bindings(COMMANDS)
    EDIT_ACTIONS = edit_actions(COMMANDS)

    def __init__(
        self, initiative_id: str, *, tab: str | None = None, row: str | None = None
    ) -> None:
        """Open on the initiative; on the tab ``tab`` with the row ``row`` selected, if given
        (where a search hit lives)."""
        super().__init__()
        self.initiative_id = initiative_id
        self._opening_tab, self._wanted_row = tab, row
        #: The initiative's own row, read at once on opening and after each edit: the
        #: heading is made from it.
        self.initiative: Initiative | None = None
        #: What the dashboard reads of the initiative, read in the background on opening
        #: and after each edit (until then, the last one with the initiative read since):
        #: the step indicator, the overview and its edits are made from it.
        self.outline: InitiativeRead | None = None
        #: The whole initiative, read in the background (see ``read_facts``).
        self.whole: InitiativeRead | None = None
        #: Counts the reads; a worker's result for an older one is dropped.
        self.generation = 0
        #: The collector is held off from composing until the whole is shown.
        self._collector_hold: CollectorHold | None = None
        #: What was alive once the whole was shown, out of the collector's scans.
        self._kept_apart: KeptApart | None = None
        self.session_changes = SessionChanges(self)
        self.later_links = LaterLinks(self)
        self.remark_search = RemarkSearch(self)
        #: Whether ``whole`` is being read again (it may be out of date until it arrives).
        self.reading = False
        #: The day the outline was read for: the rest is read for the same day.
        self._today = clock.today()
        #: Whether the screen has been shown: resumed after that, it reads everything again.
        self._opened = False
        #: Why the initiative could not be read as the screen opened, if it could not.
        self._unreadable: Exception | None = None
        #: Whether the initiative was gone as the screen opened.
        self._gone = False
        #: Steps moved by before the outline was read: moved once it is.
        self._moves: list[int] = []
        #: The read the heading counts the doctor's findings of: the latest.
        self._latest: InitiativeRead | None = None
        #: The screen width the tabs were last laid out for.
        self._shown_width = 0

    @property
    def facts(self) -> InitiativeFacts | None:
        """The whole initiative, once read."""
        return self.whole.facts if self.whole else None

    # -- the context app-wide actions read -----------------------------------------

    @property
    def context_initiative_id(self) -> str | None:
        return self.initiative_id

    @property
    def context_session_id(self) -> str | None:
        if self.active_tab != SessionsTab.KEY:
            return None
        return self.query_one(SessionsTab).highlighted_session

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Until the whole initiative is read and shown (see ``opstui.collector``).
        self._collector_hold = CollectorHold()
        # The initiative is read before the widgets are made: the header takes the screen's
        # title as it mounts, so it shows the initiative's from the first frame.
        try:
            self._gone = not self.read_heading()
        except ui_errors() as error:  # said, and the screen left, once it is up
            self._unreadable = error
        yield Header()
        yield WorkspaceSteps(self.set_step, id="steps")
        # Only the first tab's widgets are made now: the others are composed when first
        # opened (``WorkspaceTab.build``), which keeps the screen quick to open.
        with TabbedContent(id="tabs"):
            yield OverviewTab(read_only=self.read_only, build_now=True)
            yield SessionsTab()
            yield DecisionsTab()
            yield FeedbackTab()
            yield ActionsTab()
            yield ChecklistTab()
            yield DoctorTab()
            yield ReadinessTab(self.initiative_id)
            yield BuyInTab(read_only=self.read_only)
            yield LadderTab(read_only=self.read_only)
        yield keys_footer()

    def on_mount(self) -> None:
        self.set_timer(CollectorHold.LIMIT_SECONDS, self.collector_limit)
        self.show_all()
        if self._opening_tab:
            self.action_show_tab(self._opening_tab)
            return
        # The overview in front scrolls with the arrows and Page Up/Down at once; the row of
        # tabs is a Tab (or a digit) away.
        self.tab(TABS[0][0]).focus_front()

    def collector_limit(self) -> None:
        """The collector back after ``LIMIT_SECONDS``, unless the initiative is still being
        read: a deep one's full collections mid-read block 140-170 ms each (issue 23)."""
        if self.reading and self.whole is None:
            self.set_timer(CollectorHold.LIMIT_SECONDS, self.collector_limit)
        else:
            self.release_collector()

    def release_collector(self) -> None:
        if self._collector_hold is not None:
            self._collector_hold.release()

    @property
    def active_tab(self) -> str:
        try:
            active = self.query_one("#tabs", TabbedContent).active
        except NoMatches:
            return ""
        return active.removeprefix("tab-")

    def tab(self, key: str) -> WorkspaceTab:
        return self.query_one(f"#tab-{key}", WorkspaceTab)

    # -- loading ---------------------------------------------------------------------

    @guarded()
    def on_screen_resume(self) -> None:
        if self._opened:  # back from a dialog or another screen: something may have changed
            self.refresh_data()
            return
        self._opened = True
        if self._unreadable is not None:
            report_error(self.app, self._unreadable)
            self.app.pop_screen()
            return
        if self._gone:
            self.initiative_gone()
            return
        # The rest is read once the heading is on screen: reading it would compete with
        # drawing that for the interpreter.
        self.generation += 1
        self.reading = True
        self.call_after_refresh(self.read_facts, self.generation, self._today)

    @on(DatabaseChanged)
    @guarded()
    def on_database_changed(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Read the initiative again: its row now, its outline and the rest in the background."""
        if not self.read_heading():
            self.initiative_gone()
            return
        self.generation += 1
        self.reading = True
        self.show_all()
        self.read_facts(self.generation, self._today)

    def read_heading(self) -> bool:
        """Read the initiative's row (False: it is gone) and title the screen with it.

        The outline shown until the new one is read gets the initiative just read, so
        that a step move right after another starts from the step just set.
        """
        self._today = clock.today()
        try:
            self.initiative = self.store.get_initiative(self.initiative_id)
        except NotFound:
            return False
        if self.outline is not None and self.outline.facts.initiative != self.initiative:
            facts = replace(self.outline.facts, initiative=self.initiative)
            self.outline = replace(self.outline, facts=facts)
        self.show_heading()
        return True

    def on_unmount(self) -> None:
        self.release_collector()
        self.remark_search.close()
        if self._kept_apart is not None:
            self._kept_apart.end()
        # What the screen read goes with it now, not when the collector comes by.
        self.outline = self.whole = self._latest = self.initiative = None

    def initiative_gone(self) -> None:
        self.notify("This initiative no longer exists.", severity="error")
        if self.is_current:
            self.app.pop_screen()

    @work(thread=True, exclusive=True, group="workspace")
    def read_facts(self, generation: int, today: date) -> None:
        """Read the outline, then the whole initiative, on a connection of this thread's own."""
        worker = get_current_worker()
        try:
            with Store.open(self.database.path, read_only=True) as reader:
                outline = reading.read_outline(reader, self.initiative_id, today)
                if worker.is_cancelled:
                    return
                self.post_message(OutlineRead(generation, outline))
                read = reading.read_whole(reader, self.initiative_id, today, TAB_TYPES)
        except NotFound:
            self.post_message(FactsRead(generation))
            return
        except database_errors() as exc:
            self.post_message(FactsRead(generation, error=describe_error(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(FactsRead(generation, read))

    @on(OutlineRead)
    def outline_arrived(self, message: OutlineRead) -> None:
        if message.generation != self.generation:
            return
        self.outline = self._latest = message.read
        self.show_all()
        moves, self._moves = self._moves, []
        for delta in moves:
            self.move_step(delta)

    @on(FactsRead)
    def whole_arrived(self, message: FactsRead) -> None:
        if message.generation != self.generation:
            return
        self.reading = False
        if message.read is None or message.error is not None:
            self.release_collector()
        for tab in self.query(WorkspaceTab):
            tab.loading = False
        if message.error is not None:
            self.notify(
                f"Could not read this initiative: {message.error}", severity="error", markup=False
            )
            return
        if message.read is None:
            self.initiative_gone()
            return
        self.whole = self._latest = message.read
        self.show_heading()
        self.present(self.active_tab)
        self.select_wanted_row()
        self.refresh_bindings()
        if self._kept_apart is None:  # the first whole read: what stays while the screen does
            self._kept_apart = KeptApart()
        self.call_after_refresh(self.release_collector)

    def still_reading(self) -> bool:
        """Whether what an action needs is still being read; if so, says so."""
        if self.whole is None or self.reading:
            self.notify("Still reading this initiative; try again in a moment.", markup=False)
            return True
        return False

    # -- showing ---------------------------------------------------------------------

    def on_resize(self) -> None:
        # Only a new width changes how the tables are laid out.
        if self.initiative is not None and self.size.width != self._shown_width:
            self.show_all()

    def show_all(self) -> None:
        """Show what was read last: the header and step indicator, and the tab in view.

        The other tabs are filled when they are first opened, so that a long-running
        initiative (hundreds of sessions, thousands of remarks) opens at once.
        """
        self._shown_width = self.size.width
        self.show_heading()
        if self.outline is not None:
            self.query_one(WorkspaceSteps).show(self.outline.facts)
        self.present(self.active_tab)
        self.refresh_bindings()

    def show_heading(self) -> None:
        initiative = self.initiative
        if initiative is None:
            return
        self.title = printable(initiative.title)
        heading = ("read-only · " if self.read_only else "") + (
            f"step {initiative.step.label} · {initiative.status.value}"
        )
        if self._latest is not None:
            count = len(self._latest.findings)
            heading += " · " + (
                f"{count} doctor finding{'s' if count != 1 else ''}" if count else "healthy"
            )
        self.sub_title = heading

    def present(self, key: str) -> None:
        """Hand a tab what it shows: the outline, or the whole initiative once read."""
        tab = self.tab(key or TABS[0][0])
        tab.present(self.outline if tab.SHOWS_OUTLINE else self.whole)

    # -- choosing tabs and keys ------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        key = TAB_ACTIONS.get(action)
        if key is None:
            return True
        if key != self.active_tab:
            return False
        tab = self.tab(key)
        return tab.is_built and tab.enables(action)

    @on(TabbedContent.TabActivated)
    async def on_tab_activated(self) -> None:
        key = self.active_tab
        tab = self.tab(key)
        await tab.build()
        self.present(key)
        tab.focus_front()
        self.select_wanted_row()

    def select_wanted_row(self) -> None:
        """Select the row the screen was opened for, once its tab shows it."""
        if (
            self._wanted_row
            and self.whole
            and self.tab(self.active_tab).select_key(self._wanted_row)
        ):
            self._wanted_row = None
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_show_tab(self, key: str) -> None:
        self.query_one("#tabs", TabbedContent).active = f"tab-{key}"

    def action_back(self) -> None:
        # Escape in the search field only leaves the field, for the list of remarks.
        if isinstance(self.focused, Input):
            self.query_one(FeedbackTab).leave_search()
            return
        self.app.pop_screen()

    # -- the tabs' commands: the tab asks, the screen saves ----------------------------

    def action_add_group(self) -> None:
        if not self.refuse_if_read_only():
            self.query_one(OverviewTab).edit_group(None)

    def action_add_cohort(self) -> None:
        if not self.refuse_if_read_only():
            self.query_one(OverviewTab).edit_cohort(None)

    def action_remove_group(self) -> None:
        if not self.refuse_if_read_only():
            self.query_one(OverviewTab).remove_highlighted_group()

    def action_open_session(self) -> None:
        self.query_one(SessionsTab).open_highlighted()

    async def action_export_session(self) -> None:
        # The app's export, which finds the highlighted session (``context_session_id``).
        await self.app.run_action("app.export_session")

    def action_export_results(self) -> None:
        """What we heard and what came of it, for everyone or one group (issue 20)."""
        from opstui.screens.modals.results_export import export_results_from_app

        export_results_from_app(self.app, self.store, self.initiative_id)

    @guarded()
    def action_process_map(self) -> None:
        """The highlighted session's process map, or the initiative's, with their findings."""
        session_id = self.query_one(SessionsTab).highlighted_session
        open_process_map(self.app, self.store, self.initiative_id, session_id)

    def action_rename_session(self) -> None:
        self.session_changes.rename()

    def action_cancel_session(self) -> None:
        self.session_changes.cancel()

    def action_search_feedback(self) -> None:
        self.query_one(FeedbackTab).focus_search()
        self.remark_search.prepare()

    def action_link_remark(self) -> None:
        self.later_links.link_remark()

    def action_link_answer(self) -> None:
        self.later_links.link_answer()

    def action_toggle_action(self) -> None:
        if not (self.refuse_if_read_only() or self.still_reading()):
            self.query_one(ActionsTab).toggle_highlighted()

    def action_tick_item(self) -> None:
        if not (self.refuse_if_read_only() or self.still_reading()):
            self.query_one(ChecklistTab).tick_highlighted()

    def action_buy_in(self, what: str) -> None:
        if not (self.refuse_if_read_only() or self.still_reading()):
            self.query_one(BuyInTab).act(what)

    def action_ladder(self, what: str) -> None:
        if not (self.refuse_if_read_only() or self.still_reading()):
            self.query_one(LadderTab).act(what)

    def action_add_readiness(self) -> None:
        if not self.refuse_if_read_only():
            self.query_one(ReadinessTab).add_assessment()

    @on(FeedbackTab.SearchChanged)
    def search_feedback(self, message: FeedbackTab.SearchChanged) -> None:
        self.remark_search.find(message.query)

    @on(Edit)
    @guarded()
    def save_edit(self, edit: Edit) -> None:
        """Save what the user did in a tab, then read the initiative again."""
        edits.save_edit(self.store, self.initiative_id, edit)
        self.refresh_data()

    # -- step moves and editing the initiative -----------------------------------------

    def action_next_step(self) -> None:
        if not self.refuse_if_read_only():
            self.move_step(1)

    def action_previous_step(self) -> None:
        if not self.refuse_if_read_only():
            self.move_step(-1)

    def move_step(self, delta: int) -> None:
        """Move; pressed before the outline (what a move checks) is read, once it is."""
        if self.outline is None:
            self._moves.append(delta)
        else:
            self.query_one(WorkspaceSteps).move(delta)

    @guarded()
    def set_step(self, target: Step) -> None:
        current = self.store.get_initiative(self.initiative_id)
        self.store.update_initiative(current.model_copy(update={"step": target}))
        self.notify(f"Now at step {target.label}.")
        self.refresh_data()

    def action_edit_initiative(self) -> None:
        if self.refuse_if_read_only() or self.outline is None:
            return
        from opstui.screens.modals.initiative_form import InitiativeForm

        self.app.push_screen(InitiativeForm(self.outline.facts.initiative), self.save_initiative)

    def action_edit_plans(self) -> None:
        if self.refuse_if_read_only() or self.outline is None:
            return
        from opstui.screens.modals.plan_form import PlanForm

        self.app.push_screen(PlanForm(self.outline.facts.initiative), self.save_initiative)

    @guarded()
    def save_initiative(self, initiative: Initiative | None) -> None:
        if initiative is None:
            return
        self.store.update_initiative(initiative)
        self.refresh_data()
