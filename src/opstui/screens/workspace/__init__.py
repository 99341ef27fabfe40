"""The initiative workspace: one initiative's steps, sessions, votes, feedback and health.

At the top a step indicator shows where the initiative stands; below, tabs hold what
an ops lead reviews and what a facilitator prepares: the overview (problem to lessons
learned), sessions, decisions, feedback, action items, the checklist, the doctor's
findings and change readiness. Everything is read once into ``InitiativeFacts`` and
shown from there; every edit writes through the store and reads the facts again.

Reading a long-running initiative in full (hundreds of sessions, thousands of remarks)
takes a while, so the screen reads it in two parts: its outline at once (what the
dashboard reads: the initiative, its groups, cohorts, sessions, votes and metrics, enough
for the doctor), which fills the heading, the step indicator and the overview; and the
rest in a thread worker, on a connection of its own, after which the other tabs fill.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import (
    DataTable,
    Header,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.data_table import ColumnKey
from textual.worker import get_current_worker

from opstui.collector import CollectorHold, collector_paused
from opstui.db.errors import NotFound, database_errors, describe_error
from opstui.db.store import Store, fts_query, load_facts
from opstui.domain.checklist import ChecklistState, evaluate
from opstui.domain.doctor import RULES, Finding, diagnose
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import AffectedGroup, Group, Initiative, PilotCohort
from opstui.domain.readiness import ELEMENTS, diagnose_readiness, overall, trend
from opstui.domain.session import (
    ActionItem,
    Feedback,
    FeedbackKind,
    ReadinessAssessment,
    ReadinessElement,
    Sentiment,
    Session,
    SessionState,
)
from opstui.domain.step_outputs import step_output_present, step_warning
from opstui.domain.steps import Step
from opstui.domain.voting import Outcome, ProposalStatus, tally
from opstui.screens import clock
from opstui.screens.base import DatabaseChanged, OpstuiScreen, report_error, ui_errors
from opstui.widgets.findings import FindingView
from opstui.widgets.footer import Footer
from opstui.widgets.row_table import CELL_PADDING, RowTable, TableColumn
from opstui.widgets.step_indicator import StepIndicator
from opstui.widgets.user_text import printable, user_text

#: The tabs, in order: pane id suffix and title.
TABS: tuple[tuple[str, str], ...] = (
    ("overview", "Overview"),
    ("sessions", "Sessions"),
    ("decisions", "Decisions"),
    ("feedback", "Feedback"),
    ("actions", "Actions"),
    ("checklist", "Checklist"),
    ("doctor", "Doctor"),
    ("readiness", "Readiness"),
)

#: Actions that only make sense on one tab: hidden (and their keys free) elsewhere.
TAB_ACTIONS: dict[str, str] = {
    "add_group": "overview",
    "add_cohort": "overview",
    "remove_group": "overview",
    "open_session": "sessions",
    "search_feedback": "feedback",
    "toggle_action": "actions",
    "tick_item": "checklist",
    "add_readiness": "readiness",
}


#: The tabs that show only what the outline holds: filled as soon as it is read.
OUTLINE_TABS = frozenset({"overview"})


@dataclass(frozen=True)
class ColumnSpec:
    """A table column: fixed ``width``, or a share of what is left by its ``flex`` weight."""

    key: str
    label: str
    width: int = 0
    flex: int = 0


def _columns(*specs: tuple[str, str, int] | tuple[str, str, int, int]) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(*spec) for spec in specs)


#: The columns of every table of the workspace, by table id.
TABLE_COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "groups": _columns(("group", "Group", 14), ("note", "Note", 0, 1)),
    "cohorts": _columns(
        ("name", "Cohort", 20),
        ("scope", "Who", 12),
        ("size", "People", 6),
        ("started", "Started", 10),
        ("stage", "Stage", 8),
        ("note", "Note", 0, 1),
    ),
    "sessions": _columns(
        ("when", "Date", 10),
        ("kind", "Kind", 15),
        ("title", "Session", 0, 3),
        ("state", "State", 7),
        ("people", "Participants", 0, 2),
        ("captures", "Captures", 8),
    ),
    "votes": _columns(
        ("title", "Proposal", 0, 3),
        ("session", "Session", 10),
        ("method", "Method", 12),
        ("tally", "Tally", 0, 2),
        ("outcome", "Outcome", 9),
    ),
    "decisions": _columns(
        ("when", "Decided", 10),
        ("statement", "Decision", 0, 3),
        ("review", "Review on", 10),
        ("vote", "From vote", 0, 1),
    ),
    "feedback": _columns(
        ("when", "Date", 10),
        ("who", "Who", 16),
        ("mood", "Mood", 4),
        ("kind", "Kind", 11),
        ("text", "Remark", 0, 3),
        ("tags", "Tags", 0, 1),
    ),
    "actions": _columns(
        ("done", "Done", 4),
        ("text", "Action", 0, 1),
        ("owner", "Owner", 16),
        ("due", "Due", 18),
    ),
    "checklist": _columns(
        ("done", "Done", 4),
        ("item", "Item, by phase", 0, 3),
        ("how", "How it is known", 0, 2),
    ),
}

OUTCOME_STYLE: dict[Outcome, str] = {
    Outcome.PASSED: "green",
    Outcome.FAILED: "red",
    Outcome.NO_QUORUM: "yellow",
}
STATE_STYLE: dict[SessionState, str] = {
    SessionState.PLANNED: "dim",
    SessionState.LIVE: "bold green",
    SessionState.ENDED: "",
}
SENTIMENT_STYLE: dict[Sentiment, str] = {
    Sentiment.VERY_NEGATIVE: "bold red",
    Sentiment.NEGATIVE: "red",
    Sentiment.NEUTRAL: "",
    Sentiment.POSITIVE: "green",
    Sentiment.VERY_POSITIVE: "bold green",
}
#: The participant-group filter's value for remarks made anonymously.
ANONYMOUS = "anonymous"


def rating_cell(rating: int) -> Text:
    style = "red" if rating <= 2 else ("yellow" if rating == 3 else "green")
    return Text(str(rating), style=style)


def dim(text: str) -> Text:
    """Dimmed text; what is appended to it later keeps its own style."""
    return Text().append(text, style="dim")


def cell(value: str | None) -> Text:
    """A table cell of user text, or a dash when there is none."""
    return user_text(value) if value else dim("–")


def section(text: Text, heading: str, body: str, empty: str = "not written yet") -> None:
    """Append a titled paragraph of user text, or say that it is still missing."""
    if len(text):
        text.append("\n\n")
    text.append(heading, style="bold")
    text.append("\n")
    if body.strip():
        text.append(printable(body.strip()))
    else:
        text.append(f"({empty})", style="dim italic")


class WorkspaceScreen(OpstuiScreen):
    """Everything about one initiative, in tabs under its step indicator."""

    class FactsRead(Message):
        """The loading worker has read the whole initiative, or could not."""

        def __init__(
            self,
            generation: int,
            facts: InitiativeFacts | None = None,
            findings: list[Finding] | None = None,
            checklist: list[ChecklistState] | None = None,
            *,
            error: str | None = None,
        ) -> None:
            super().__init__()
            self.generation = generation
            self.facts = facts
            self.findings = findings or []
            self.checklist = checklist or []
            self.error = error

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("right_square_bracket", "next_step", "Next step", key_display="]"),
        Binding(
            "left_square_bracket", "previous_step", "Previous step", key_display="[", show=False
        ),
        Binding("e", "edit_initiative", "Edit initiative"),
        Binding("l", "edit_plans", "Edit solution and plans", show=False),
        Binding("g", "add_group", "Add affected group"),
        Binding("c", "add_cohort", "Add pilot cohort"),
        Binding("delete", "remove_group", "Remove affected group"),
        Binding("o", "open_session", "Open session"),
        Binding("slash", "search_feedback", "Search feedback", key_display="/"),
        Binding("x", "toggle_action", "Mark action done"),
        Binding("x", "tick_item", "Tick checklist item"),
        Binding("a", "add_readiness", "Add readiness assessment"),
        *(
            Binding(str(number), f"show_tab('{key}')", title, show=False)
            for number, (key, title) in enumerate(TABS, start=1)
        ),
    ]
    EDIT_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {
            "next_step",
            "previous_step",
            "edit_initiative",
            "edit_plans",
            "add_group",
            "add_cohort",
            "remove_group",
            "toggle_action",
            "tick_item",
            "add_readiness",
        }
    )

    def __init__(self, initiative_id: str) -> None:
        super().__init__()
        self.initiative_id = initiative_id
        #: What the dashboard reads of the initiative, read on opening and after each edit:
        #: the heading, the step indicator, the overview and its edits are made from it.
        self.outline: InitiativeFacts | None = None
        #: The whole initiative, read in the background (see ``read_facts``).
        self.facts: InitiativeFacts | None = None
        #: Counts the reads; a worker's result for an older one is dropped.
        self.generation = 0
        #: Whether ``facts`` is being read again (it may be out of date until it arrives).
        self.reading = False
        #: The day the outline was read for: the rest is read for the same day.
        self._today = clock.today()
        #: Whether the screen has been shown: resumed after that, it reads everything again.
        self._opened = False
        #: Why the outline could not be read as the screen opened, if it could not.
        self._unreadable: Exception | None = None
        #: Set while the screen opens: no collection until everything is read.
        self._collector_hold: CollectorHold | None = None
        self.findings: list[Finding] = []
        self.checklist: list[ChecklistState] = []
        #: Feedback ids matching the full-text search, or None when nothing is searched.
        self.search_hits: set[str] | None = None
        #: The tabs whose widgets exist (see ``build_tab``).
        self._built_tabs: set[str] = set()
        #: The tabs filled since the facts were last read, and the width they were laid out for.
        self._shown_tabs: set[str] = set()
        self._shown_width = 0

    # -- the context app-wide actions read -----------------------------------------

    @property
    def context_initiative_id(self) -> str | None:
        return self.initiative_id

    @property
    def context_session_id(self) -> str | None:
        if self.active_tab != "sessions":
            return None
        return self.highlighted_key("#sessions")

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The outline is read before the widgets are made: the header takes the screen's
        # title as it mounts, so it shows the initiative's from the first frame.
        self._collector_hold = CollectorHold()
        try:
            self.read_outline()
        except ui_errors() as error:  # said, and the screen left, once it is up
            self._unreadable = error
        # Only the first tab's widgets are made now: the others are composed when first
        # opened (``build_tab``), which keeps the screen quick to open.
        yield Header()
        yield StepIndicator(id="steps")
        with TabbedContent(id="tabs"):
            for key, title in TABS:
                with TabPane(title, id=f"tab-{key}"):
                    if key == TABS[0][0]:
                        yield from self.compose_tab(key)
        yield Footer()

    def compose_tab(self, key: str) -> ComposeResult:
        """The widgets of one tab."""
        match key:
            case "overview":
                with VerticalScroll(id="overview"):
                    yield Static(id="overview-problem", classes="overview-text")
                    yield Label(Text("Affected groups", style="bold"), classes="overview-heading")
                    yield DataTable(id="groups", cursor_type="row", classes="overview-table")
                    yield Static(id="overview-solution", classes="overview-text")
                    yield Label(Text("Pilot cohorts", style="bold"), classes="overview-heading")
                    yield DataTable(id="cohorts", cursor_type="row", classes="overview-table")
                    yield Static(id="overview-plans", classes="overview-text")
            case "sessions":
                yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            case "decisions":
                yield Label(Text("Votes", style="bold"), classes="pane-heading")
                yield DataTable(id="votes", cursor_type="row", zebra_stripes=True)
                yield Label(Text("Decisions", style="bold"), classes="pane-heading")
                yield DataTable(id="decisions", cursor_type="row", zebra_stripes=True)
            case "feedback":
                with Horizontal(id="feedback-filters"):
                    yield Input(
                        placeholder="Search remarks  (/)", id="feedback-search", compact=True
                    )
                    yield Select(
                        [(Text(k.value.capitalize()), k.value) for k in FeedbackKind],
                        prompt="Any kind",
                        id="feedback-kind",
                        compact=True,
                    )
                    yield Select(
                        [(Text(f"{s.symbol} {s.label}"), str(int(s))) for s in Sentiment],
                        prompt="Any mood",
                        id="feedback-sentiment",
                        compact=True,
                    )
                    yield Select([], prompt="Any group", id="feedback-group", compact=True)
                    yield Select([], prompt="Any tag", id="feedback-tag", compact=True)
                # Thousands of remarks on a long-running initiative: a table that draws
                # only the rows on screen, so that the tab opens at once.
                yield RowTable(id="feedback", zebra_stripes=True)
                yield Static(id="feedback-detail", classes="pane-detail")
            case "actions":
                yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
                yield Static(id="actions-detail", classes="pane-detail")
            case "checklist":
                yield DataTable(id="checklist", cursor_type="row")
                yield Static(id="checklist-detail", classes="pane-detail")
            case "doctor":
                with VerticalScroll(id="doctor"):
                    yield Static(id="doctor-summary")
                    yield VerticalScroll(id="doctor-findings")
                    yield Static(id="doctor-rules")
            case "readiness":
                yield DataTable(id="readiness", cursor_type="row", zebra_stripes=True)
                yield Static(id="readiness-detail", classes="pane-detail")

    def on_mount(self) -> None:
        self.set_timer(CollectorHold.LIMIT_SECONDS, self.release_collector)
        self.query_one("#tabs Tabs").focus()
        self.tab_built(TABS[0][0])
        self.show_all()

    async def build_tab(self, key: str) -> None:
        """Compose a tab's widgets the first time it is opened."""
        if key in self._built_tabs:
            return
        pane = self.query_one(f"#tab-{key}", TabPane)
        await pane.mount_compose(self.compose_tab(key))
        self.tab_built(key)

    def tab_built(self, key: str) -> None:
        """A tab's widgets are mounted: give its tables their columns."""
        self._built_tabs.add(key)
        # The readiness table has a column per assessment, added as they are shown.
        for table in self.query_one(f"#tab-{key}", TabPane).query(DataTable):
            for spec in TABLE_COLUMNS.get(str(table.id), ()):
                table.add_column(Text(spec.label, style="bold"), key=spec.key, width=spec.width)

    def column_widths(self, table_id: str, padding: int) -> dict[str, int]:
        """Each column's width: the fixed ones', and a share of what they leave by weight.

        Flexible columns hold long user text: fitting them keeps every column on
        screen, and lets the rows that grow with their text wrap inside the table.
        """
        specs = TABLE_COLUMNS[table_id]
        fixed = sum(spec.width + padding for spec in specs if not spec.flex)
        flexible = [spec for spec in specs if spec.flex]
        # Room for a vertical scrollbar, and for the scroll view around the overview.
        room = self.size.width - fixed - padding * len(flexible) - 4
        weights = sum(spec.flex for spec in flexible)
        return {
            spec.key: max(room * spec.flex // weights, 8) if spec.flex else spec.width
            for spec in specs
        }

    def fit_columns(self, table: DataTable[Any]) -> None:
        """Fit the flexible columns of a table to the width of the screen."""
        widths = self.column_widths(str(table.id), 2 * table.cell_padding)
        for spec in TABLE_COLUMNS[str(table.id)]:
            if spec.flex:
                column = table.columns[ColumnKey(spec.key)]
                column.auto_width = False
                column.width = widths[spec.key]

    def row_table_columns(self, table_id: str) -> list[TableColumn]:
        """The columns of a ``RowTable`` of the workspace, fitted to the screen."""
        widths = self.column_widths(table_id, 2 * CELL_PADDING)
        return [
            TableColumn(spec.key, Text(spec.label), widths[spec.key])
            for spec in TABLE_COLUMNS[table_id]
        ]

    # -- loading ---------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        if self._opened:  # back from a dialog or another screen: something may have changed
            self.refresh_data()
            return
        self._opened = True
        if self._unreadable is not None:
            report_error(self.app, self._unreadable)
            self.app.pop_screen()
            return
        if self.outline is None:
            self.initiative_gone()
            return
        # The rest is read once the outline is on screen: reading it would compete with
        # drawing that for the interpreter.
        self.generation += 1
        self.reading = True
        self.call_after_refresh(self.read_facts, self.generation, self._today)

    @on(DatabaseChanged)
    def on_database_changed(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Read the initiative again: its outline now, the rest in the background."""
        if not self.read_outline():
            self.initiative_gone()
            return
        self.generation += 1
        self.reading = True
        self.show_all()
        self.read_facts(self.generation, self._today)

    def read_outline(self) -> bool:
        """Read the outline (False: the initiative is gone) and title the screen with it."""
        self._today = clock.today()
        with collector_paused():
            outlines = self.store.dashboard_facts([self.initiative_id], today=self._today)
            if not outlines:
                return False
            self.outline = outlines[0]
            # The outline holds all the doctor reads (``Store.dashboard_facts``).
            self.findings = diagnose(self.outline)
        self.show_heading()
        return True

    def release_collector(self) -> None:
        if self._collector_hold is not None:
            self._collector_hold.release()

    def on_unmount(self) -> None:
        self.release_collector()
        # What the screen read goes with it now, not when the collector comes by.
        self.outline = self.facts = None

    def initiative_gone(self) -> None:
        self.notify("This initiative no longer exists.", severity="error")
        if self.is_current:
            self.app.pop_screen()

    @work(thread=True, exclusive=True, group="workspace")
    def read_facts(self, generation: int, today: date) -> None:
        """Read the whole initiative on a connection of this thread's own."""
        worker = get_current_worker()
        try:
            reader = Store.open(self.database.path, read_only=True)
        except database_errors() as exc:
            self.post_message(self.FactsRead(generation, error=describe_error(exc)))
            return
        try:
            with collector_paused():
                facts = load_facts(reader, self.initiative_id, today=today)
                findings = diagnose(facts)
                checklist = evaluate(facts)
        except NotFound:
            self.post_message(self.FactsRead(generation))
            return
        except database_errors() as exc:
            self.post_message(self.FactsRead(generation, error=describe_error(exc)))
            return
        finally:
            reader.close()
        if not worker.is_cancelled:
            self.post_message(self.FactsRead(generation, facts, findings, checklist))

    @on(FactsRead)
    def on_facts_read(self, message: FactsRead) -> None:
        if message.generation != self.generation:
            return
        self.release_collector()
        self.reading = False
        for pane in self.query(TabPane):
            pane.loading = False
        if message.error is not None:
            self.notify(
                f"Could not read this initiative: {message.error}", severity="error", markup=False
            )
            return
        if message.facts is None:
            self.initiative_gone()
            return
        self.facts = message.facts
        self.findings = message.findings
        self.checklist = message.checklist
        # The overview shows the outline, read just before: the other tabs show these.
        self._shown_tabs &= OUTLINE_TABS
        self.show_heading()
        self.fill_tab(self.active_tab or TABS[0][0])
        self.refresh_bindings()

    def still_reading(self) -> bool:
        """Whether what an action needs is still being read; if so, says so."""
        if self.facts is None or self.reading:
            self.notify("Still reading this initiative; try again in a moment.", markup=False)
            return True
        return False

    def on_resize(self) -> None:
        # Only a new width changes how the tables are laid out.
        if self.outline is not None and self.size.width != self._shown_width:
            self.show_all()

    def show_all(self) -> None:
        """Show what was read last: the header and step indicator, and the tab in view.

        The other tabs are filled when they are first opened, so that a long-running
        initiative (hundreds of sessions, thousands of remarks) opens at once.
        """
        outline = self.outline
        if outline is None:
            return
        self._shown_tabs.clear()
        self._shown_width = self.size.width
        self.show_heading()
        self.query_one(StepIndicator).set_state(
            outline.initiative.step,
            {step: step_output_present(outline, step) for step in Step},
        )
        self.fill_tab(self.active_tab or TABS[0][0])
        self.refresh_bindings()

    def show_heading(self) -> None:
        if self.outline is None:
            return
        initiative = self.outline.initiative
        self.title = printable(initiative.title)
        count = len(self.findings)
        self.sub_title = (
            ("read-only · " if self.read_only else "")
            + f"step {initiative.step.label} · {initiative.status.value} · "
            + (f"{count} doctor finding{'s' if count != 1 else ''}" if count else "healthy")
        )

    def fill_tab(self, tab: str) -> None:
        """Fill one tab from what has been read, unless it already shows it."""
        if tab in self._shown_tabs or tab not in self._built_tabs:
            return
        if tab in OUTLINE_TABS:
            if self.outline is not None:
                self._shown_tabs.add(tab)
                self.show_overview(self.outline)
            return
        facts = self.facts
        if facts is None:
            # Opened before the whole initiative is read: it fills when it is.
            self.query_one(f"#tab-{tab}", TabPane).loading = True
            return
        self._shown_tabs.add(tab)
        match tab:
            case "sessions":
                self.show_sessions(facts)
            case "decisions":
                self.show_decisions(facts)
            case "feedback":
                self.show_feedback_filters(facts)
                self.show_feedback()
            case "actions":
                self.show_actions(facts)
            case "checklist":
                self.show_checklist()
            case "doctor":
                self.show_doctor()
            case "readiness":
                self.show_readiness(facts)

    # -- helpers ---------------------------------------------------------------------

    @property
    def active_tab(self) -> str:
        try:
            active = self.query_one("#tabs", TabbedContent).active
        except NoMatches:
            return ""
        return active.removeprefix("tab-")

    def highlighted_key(self, table_id: str) -> str | None:
        try:
            widget = self.query_one(table_id)
        except NoMatches:
            return None
        if isinstance(widget, RowTable):
            return widget.highlighted_key
        if not isinstance(widget, DataTable) or widget.row_count == 0:
            return None
        row_key, _ = widget.coordinate_to_cell_key(widget.cursor_coordinate)
        return row_key.value

    def name_of(self, person_id: str | None, default: str = "anonymous") -> str:
        if person_id is None or self.facts is None:
            return default
        person = self.facts.people.get(person_id)
        return person.name if person else "(someone removed)"

    def session_of(self, session_id: str | None) -> Session | None:
        if session_id is None or self.facts is None:
            return None
        return next((s for s in self.facts.sessions if s.id == session_id), None)

    def refill(self, table: DataTable[Any], keep: str | None = None) -> str | None:
        """Empty a table and fit its columns, returning the key of the row the cursor was on."""
        if keep is None and table.row_count:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
            keep = row_key.value
        table.clear()
        self.fit_columns(table)
        return keep

    @staticmethod
    def restore_cursor(table: DataTable[Any], key: str | None) -> None:
        # A row that is gone (deleted, or filtered out) leaves the cursor where it is.
        if key is not None and key in table.rows:
            table.move_cursor(row=table.get_row_index(key), animate=False)

    # -- overview --------------------------------------------------------------------

    def show_overview(self, facts: InitiativeFacts) -> None:
        initiative = facts.initiative
        problem = Text()
        section(problem, "Problem", initiative.problem)
        section(problem, "Strategic reason", initiative.strategic_reason)
        section(problem, "Root cause", initiative.root_cause)
        self.query_one("#overview-problem", Static).update(problem)

        groups: DataTable[Text] = self.query_one("#groups", DataTable)
        keep = self.refill(groups)
        for group in facts.groups:
            groups.add_row(
                Text(group.group.label),
                Text(group.note) if group.note else dim("(no note: press Enter to add one)"),
                key=group.group.value,
                height=None,
            )
        if not facts.groups:
            groups.add_row(dim("(none)"), dim("Press g to add the groups this touches"))
        self.restore_cursor(groups, keep)

        solution = Text()
        section(solution, "Vision", initiative.vision)
        section(solution, "Options considered", initiative.options_considered)
        section(solution, "Chosen solution", initiative.chosen_solution, "not chosen yet")
        self.query_one("#overview-solution", Static).update(solution)

        cohorts: DataTable[Text] = self.query_one("#cohorts", DataTable)
        keep = self.refill(cohorts)
        for cohort in facts.cohorts:
            cohorts.add_row(
                user_text(cohort.name),
                Text(cohort.scope.value),
                Text(str(cohort.size)),
                cell(cohort.started_on.isoformat() if cohort.started_on else None),
                Text(cohort.stage.value),
                cell(cohort.note),
                key=cohort.id,
                height=None,
            )
        if not facts.cohorts:
            cohorts.add_row(
                dim("(none)"), *(dim("") for _ in range(4)), dim("Press c to add a pilot cohort")
            )
        self.restore_cursor(cohorts, keep)

        plans = Text()
        section(plans, "Rollout plan", initiative.rollout_plan)
        if initiative.rolled_out_on:
            plans.append(f"\nRolled out to everyone on {initiative.rolled_out_on}", "dim")
        section(plans, "Communication plan", initiative.communication_plan)
        section(plans, "Learning support", initiative.learning_support)
        section(plans, "Lessons learned", initiative.lessons_learned)
        if initiative.results_shared_on:
            plans.append(f"\nResults shared on {initiative.results_shared_on}", "dim")
        plans.append("\n\nPress e to edit the problem and vision, l the solution and plans.", "dim")
        self.query_one("#overview-plans", Static).update(plans)

    # -- sessions --------------------------------------------------------------------

    def show_sessions(self, facts: InitiativeFacts) -> None:
        table: DataTable[Text] = self.query_one("#sessions", DataTable)
        keep = self.refill(table)
        captures: Counter[str] = Counter()
        captures.update(f.session_id for f in facts.feedback)
        captures.update(f.session_id for f in facts.fill_ins)
        captures.update(p.session_id for p in facts.proposals)
        captures.update(d.session_id for d in facts.decisions if d.session_id)
        captures.update(a.session_id for a in facts.actions if a.session_id)
        for session in reversed(facts.sessions):
            held = session.held_at
            names = [self.name_of(pid) for pid in session.participant_ids]
            people = dim(f"{len(names)}: " if names else "–")
            people.append(printable(", ".join(names)))
            table.add_row(
                cell(held.date().isoformat() if held else None),
                Text(session.kind.label),
                user_text(session.title),
                Text(session.state.value, style=STATE_STYLE[session.state]),
                people,
                Text(str(captures[session.id]).rjust(8)),
                key=session.id,
            )
        self.restore_cursor(table, keep)

    # -- decisions -------------------------------------------------------------------

    def show_decisions(self, facts: InitiativeFacts) -> None:
        votes: DataTable[Text] = self.query_one("#votes", DataTable)
        keep = self.refill(votes)
        for proposal in facts.proposals:
            counted = tally(proposal, facts.ballots)
            session = self.session_of(proposal.session_id)
            held = session.held_at if session else None
            summary = counted.summary()
            if proposal.round > 1:
                summary = f"round {proposal.round}: {summary}"
            if proposal.status is ProposalStatus.CLOSED and proposal.outcome is not None:
                outcome = Text(proposal.outcome.value, style=OUTCOME_STYLE[proposal.outcome])
            else:
                outcome = dim("open")
            votes.add_row(
                user_text(proposal.title),
                cell(held.date().isoformat() if held else None),
                Text(proposal.method.label),
                user_text(summary),
                outcome,
                key=proposal.id,
            )
        self.restore_cursor(votes, keep)

        decisions: DataTable[Text] = self.query_one("#decisions", DataTable)
        keep = self.refill(decisions)
        titles = {p.id: p.title for p in facts.proposals}
        for decision in facts.decisions:
            decisions.add_row(
                Text(decision.decided_at.date().isoformat()),
                user_text(decision.statement),
                cell(decision.review_on.isoformat() if decision.review_on else None),
                cell(titles.get(decision.proposal_id or "")),
                key=decision.id,
            )
        self.restore_cursor(decisions, keep)

    # -- feedback --------------------------------------------------------------------

    def show_feedback_filters(self, facts: InitiativeFacts) -> None:
        """Offer the groups and tags the remarks actually have."""
        groups = {self.group_of(remark) for remark in facts.feedback}
        group_select: Select[str] = self.query_one("#feedback-group", Select)
        tag_select: Select[str] = self.query_one("#feedback-tag", Select)
        chosen_group, chosen_tag = group_select.value, tag_select.value
        group_options: list[tuple[Text, str]] = [
            (Text(g.label), g.value) for g in Group if g.value in groups
        ]
        if ANONYMOUS in groups:
            group_options.append((Text("Anonymous"), ANONYMOUS))
        tags = sorted({tag for remark in facts.feedback for tag in remark.tags}, key=str.lower)
        with self.prevent(Select.Changed):
            group_select.set_options(group_options)
            tag_select.set_options([(user_text(tag), tag) for tag in tags])
            if chosen_group in groups:
                group_select.value = chosen_group
            if chosen_tag in tags:
                tag_select.value = chosen_tag

    def group_of(self, remark: Feedback) -> str:
        if remark.person_id is None or self.facts is None:
            return ANONYMOUS
        person = self.facts.people.get(remark.person_id)
        return person.group.value if person else ANONYMOUS

    def feedback_shown(self) -> list[Feedback]:
        """The remarks that pass every filter and the search."""
        if self.facts is None:
            return []

        def chosen(select_id: str) -> str | None:
            value = self.query_one(select_id, Select).value
            return value if isinstance(value, str) else None

        kind = chosen("#feedback-kind")
        sentiment = chosen("#feedback-sentiment")
        group = chosen("#feedback-group")
        tag = chosen("#feedback-tag")
        shown = []
        for remark in self.facts.feedback:
            if kind and remark.kind.value != kind:
                continue
            if sentiment and str(int(remark.sentiment)) != sentiment:
                continue
            if group and self.group_of(remark) != group:
                continue
            if tag and tag.lower() not in (t.lower() for t in remark.tags):
                continue
            if self.search_hits is not None and remark.id not in self.search_hits:
                continue
            shown.append(remark)
        return shown

    def show_feedback(self) -> None:
        table = self.query_one("#feedback", RowTable)
        remarks = {remark.id: remark for remark in self.feedback_shown()}
        table.set_contents(
            self.row_table_columns("feedback"),
            list(remarks),
            partial(self.feedback_cells, remarks),
            # A remark that is gone (deleted, or filtered out) leaves the cursor on top.
            cursor_key=table.highlighted_key,
        )
        self.show_feedback_detail()

    def feedback_cells(self, remarks: dict[str, Feedback], remark_id: str) -> list[Text]:
        """A remark's row, made when the table first draws it."""
        remark = remarks[remark_id]
        who = user_text(self.name_of(remark.person_id))
        if remark.person_id is None:
            who.stylize("italic dim")
        return [
            Text(remark.created_at.date().isoformat()),
            who,
            Text(remark.sentiment.symbol, style=SENTIMENT_STYLE[remark.sentiment]),
            Text(remark.kind.value),
            user_text(" ".join(remark.text.split())),
            user_text(", ".join(remark.tags), style="cyan"),
        ]

    def show_feedback_detail(self) -> None:
        detail = self.query_one("#feedback-detail", Static)
        remark_id = self.highlighted_key("#feedback")
        remark = next(
            (f for f in (self.facts.feedback if self.facts else []) if f.id == remark_id), None
        )
        total = len(self.facts.feedback) if self.facts else 0
        shown = self.query_one("#feedback", RowTable).row_count
        text = dim(f"{shown} of {total} remarks")
        if self.search_hits is not None:
            text.append(" match the search", style="dim")
        if remark is not None:
            session = self.session_of(remark.session_id)
            text.append("\n")
            text.append(printable(self.name_of(remark.person_id)), style="bold")
            text.append(
                f" · {remark.sentiment.label} {remark.kind.value}"
                + (f" · in {printable(session.title)}" if session else ""),
                style="dim",
            )
            text.append("\n")
            text.append(printable(remark.text))
        detail.update(text)

    @on(Input.Changed, "#feedback-search")
    def on_search_changed(self, event: Input.Changed) -> None:
        query = event.value
        # Only letters and digits are searched: punctuation alone narrows nothing.
        if not fts_query(query):
            self.search_hits = None
        else:
            self.search_hits = self.store.feedback_matching(query, self.initiative_id)
        self.show_feedback()

    @on(Select.Changed, "#feedback-filters Select")
    def on_feedback_filter(self) -> None:
        if "feedback" in self._shown_tabs:
            self.show_feedback()

    @on(RowTable.RowHighlighted, "#feedback")
    def on_feedback_highlighted(self) -> None:
        self.show_feedback_detail()

    # -- actions ---------------------------------------------------------------------

    def show_actions(self, facts: InitiativeFacts) -> None:
        table: DataTable[Text] = self.query_one("#actions", DataTable)
        keep = self.refill(table)
        today = facts.today

        def order(action: ActionItem) -> tuple[bool, bool, str]:
            return (action.done, action.due_on is None, str(action.due_on or ""))

        for action in sorted(facts.actions, key=order):
            if action.due_on is None:
                due = dim("–")
            elif not action.done and action.due_on < today:
                due = Text(f"{action.due_on.isoformat()} overdue", style="bold red")
            else:
                due = Text(action.due_on.isoformat(), style="dim" if action.done else "")
            table.add_row(
                Text("✓", style="green") if action.done else Text("☐"),
                user_text(action.text, style="dim strike" if action.done else ""),
                cell(self.name_of(action.owner_id, default="")),
                due,
                key=action.id,
            )
        self.restore_cursor(table, keep)
        self.show_action_detail()

    def show_action_detail(self) -> None:
        if self.facts is None:
            return
        today = self.facts.today
        actions = self.facts.actions
        open_count = sum(1 for a in actions if not a.done)
        overdue = sum(1 for a in actions if not a.done and a.due_on and a.due_on < today)
        text = dim(f"{open_count} open, {len(actions) - open_count} done")
        if overdue:
            text.append(f", {overdue} overdue", style="bold red")
        action_id = self.highlighted_key("#actions")
        action = next((a for a in actions if a.id == action_id), None)
        if action is not None:
            text.append("\n")
            text.append(printable(action.text), style="bold")
            session = self.session_of(action.session_id)
            if session is not None:
                text.append(f"\nFrom the session {printable(session.title)}", style="dim")
            if action.done and action.done_at is not None:
                text.append(f" · done {action.done_at.date().isoformat()}", style="dim")
        self.query_one("#actions-detail", Static).update(text)

    @on(DataTable.RowHighlighted, "#actions")
    def on_action_highlighted(self) -> None:
        self.show_action_detail()

    # -- checklist -------------------------------------------------------------------

    def show_checklist(self) -> None:
        table: DataTable[Text] = self.query_one("#checklist", DataTable)
        keep = self.refill(table)
        phase = None
        for state in self.checklist:
            item = state.item
            if item.phase != phase:
                # A heading row per phase; it has no item, so ticking it does nothing.
                phase = item.phase
                table.add_row(Text(""), Text(phase.label, style="bold"), Text(""))
            if state.auto:
                mark, how = Text("✓", style="bold green"), user_text(state.note, style="green")
            elif state.done:
                mark = Text("✓", style="bold")
                how = user_text("ticked by hand" + (f": {state.note}" if state.note else ""))
            else:
                mark = Text("☐")
                how = dim("ticks itself when data shows it" if item.auto else "tick by hand")
            table.add_row(mark, Text(f"  {item.text}"), how, key=item.key)
        self.restore_cursor(table, keep)
        self.show_checklist_detail()

    def show_checklist_detail(self) -> None:
        key = self.highlighted_key("#checklist")
        state = next((s for s in self.checklist if s.item.key == key), None)
        done = sum(1 for s in self.checklist if s.done)
        text = dim(f"{done} of {len(self.checklist)} done")
        if state is not None:
            text.append("\n")
            text.append(state.item.text, style="bold")
            text.append("\n")
            if state.auto:
                text.append("Proven by the data: ", style="green")
                text.append(printable(state.note))
            elif state.done:
                text.append("Ticked by hand" + (": " if state.note else "."), style="bold")
                text.append(printable(state.note))
                text.append("  (x unticks)", style="dim")
            elif state.item.auto is not None:
                text.append(f"Ticks itself: {state.item.proof}", style="dim")
                text.append("  (x ticks it by hand)", style="dim")
            else:
                text.append("Nothing in the data shows this; x ticks it by hand.", style="dim")
        self.query_one("#checklist-detail", Static).update(text)

    @on(DataTable.RowHighlighted, "#checklist")
    def on_checklist_highlighted(self) -> None:
        self.show_checklist_detail()

    # -- doctor ----------------------------------------------------------------------

    def show_doctor(self) -> None:
        count = len(self.findings)
        summary = (
            Text(f"{count} finding{'s' if count != 1 else ''}", style="bold yellow")
            if count
            else Text(
                "✓ No findings: none of the known mistakes shows in the data.", style="bold green"
            )
        )
        self.query_one("#doctor-summary", Static).update(summary)
        box = self.query_one("#doctor-findings", VerticalScroll)
        box.remove_children()
        box.mount_all([FindingView(finding) for finding in self.findings])
        rules = Text("The doctor checks for:", style="dim")
        for rule in RULES:
            rules.append(f"\n  · {rule.description}", style="dim")
        self.query_one("#doctor-rules", Static).update(rules)

    # -- readiness -------------------------------------------------------------------

    def show_readiness(self, facts: InitiativeFacts) -> None:
        """One row per element, one column per assessment: the ratings over time."""
        table: DataTable[Text] = self.query_one("#readiness", DataTable)
        keep = self.highlighted_key("#readiness")
        table.clear(columns=True)
        table.add_column(Text.assemble(("Element", "bold")), key="element", width=11)
        table.add_column(Text.assemble(("If weak", "bold")), key="symptom", width=12)
        ordered = sorted(facts.readiness, key=lambda a: a.assessed_on)
        # As many of the latest assessments as fit, oldest on the left.
        room = max((self.size.width - 2 * (11 + 2) - 4) // 12, 1)
        shown = ordered[-room:]
        for assessment in shown:
            table.add_column(
                Text.assemble((assessment.assessed_on.isoformat(), "bold")),
                key=assessment.id,
                width=10,
            )
        for element in ReadinessElement:
            table.add_row(
                Text(element.label),
                dim(ELEMENTS[element].symptom),
                *(rating_cell(a.rating(element)) for a in shown),
                key=element.value,
            )
        if shown:
            table.add_row(
                Text.assemble(("Mean", "bold")),
                Text(""),
                *(Text(f"{overall(a):.1f}") for a in shown),
                key="mean",
            )
        self.restore_cursor(table, keep)
        self.show_readiness_detail()

    def show_readiness_detail(self) -> None:
        detail = self.query_one("#readiness-detail", Static)
        facts = self.facts
        if facts is None or not facts.readiness:
            detail.update(
                dim(
                    "No assessment yet. Press a to rate the six elements of "
                    "change readiness (Lippitt-Knoster)."
                )
            )
            return
        chosen: ReadinessAssessment = max(facts.readiness, key=lambda a: a.assessed_on)
        text = Text().append(f"Latest: {chosen.assessed_on.isoformat()}", style="bold")
        text.append(f", mean {overall(chosen):.1f}", style="dim")
        if chosen.note.strip():
            text.append(" · ", style="dim")
            text.append(printable(" ".join(chosen.note.split())))
        weak = diagnose_readiness(chosen)
        if not weak:
            text.append(" — no element is weak.", style="green")
        for weakness in weak:
            info = ELEMENTS[weakness.element]
            text.append(f"\n{weakness.element.label} {weakness.rating}", style="bold red")
            text.append(f" → {weakness.symptom}: ", style="bold")
            text.append(info.looks_like)
            text.append("\n    ")
            text.append(weakness.advice, style="dim")
        history = trend(facts.readiness)
        if len(facts.readiness) > 1:
            changes = []
            for element, points in history.items():
                first, last = points[0][1], points[-1][1]
                arrow = "↑" if last > first else ("↓" if last < first else "=")
                changes.append(f"{element.label} {first}→{last} {arrow}")
            text.append(f"\nSince {history[ReadinessElement.VISION][0][0]}: ", style="dim")
            text.append(" · ".join(changes), style="dim")
        detail.update(text)

    # -- choosing tabs and keys ------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        tab = TAB_ACTIONS.get(action)
        if tab is not None and (tab != self.active_tab or tab not in self._built_tabs):
            return False
        if action == "remove_group":
            return self.focused is not None and self.focused.id == "groups"
        return True

    @on(TabbedContent.TabActivated)
    async def on_tab_activated(self) -> None:
        tab = self.active_tab
        await self.build_tab(tab)
        self.fill_tab(tab)
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_show_tab(self, key: str) -> None:
        self.query_one("#tabs", TabbedContent).active = f"tab-{key}"

    def action_back(self) -> None:
        # Escape in the search field only leaves the field, for the list of remarks.
        if isinstance(self.focused, Input):
            self.set_focus(self.query_one("#feedback", RowTable))
            return
        self.app.pop_screen()

    @on(DataTable.RowSelected)
    def on_row_selected(self, event: DataTable.RowSelected) -> None:
        table_id = event.data_table.id
        if table_id == "sessions":
            self.action_open_session()
        elif table_id in ("groups", "cohorts") and self.refuse_if_read_only():
            return
        elif table_id == "groups":
            self.edit_group(event.row_key.value)
        elif table_id == "cohorts":
            self.edit_cohort(event.row_key.value)

    # -- step moves ------------------------------------------------------------------

    def action_next_step(self) -> None:
        self.move_step(1)

    def action_previous_step(self) -> None:
        self.move_step(-1)

    def move_step(self, delta: int) -> None:
        """Move by one step; moving forward past a missing output asks first."""
        # The outline is read again at once after every edit: a move right after another
        # one starts from the step just set. It holds all the step warnings read.
        if self.refuse_if_read_only() or self.outline is None:
            return
        initiative = self.outline.initiative
        target_number = int(initiative.step) + delta
        if not 1 <= target_number <= 6:
            where = "first" if delta < 0 else "last"
            self.notify(f"Already at the {where} step.", severity="warning")
            return
        target = Step(target_number)
        warnings = step_warning(self.outline, target) if delta > 0 else []
        if not warnings:
            self.set_step(initiative, target)
            return
        from opstui.screens.modals.step_move import StepMoveModal

        def decided(move: bool | None) -> None:
            if move:
                self.set_step(initiative, target)

        self.app.push_screen(
            StepMoveModal(initiative.title, initiative.step, target, warnings), decided
        )

    def set_step(self, initiative: Initiative, target: Step) -> None:
        current = self.store.get_initiative(initiative.id)
        self.store.update_initiative(current.model_copy(update={"step": target}))
        self.notify(f"Now at step {target.label}.")
        self.refresh_data()

    # -- editing the initiative ------------------------------------------------------

    def action_edit_initiative(self) -> None:
        if self.refuse_if_read_only() or self.outline is None:
            return
        from opstui.screens.modals.initiative_form import InitiativeForm

        self.app.push_screen(InitiativeForm(self.outline.initiative), self.save_initiative)

    def action_edit_plans(self) -> None:
        if self.refuse_if_read_only() or self.outline is None:
            return
        from opstui.screens.modals.plan_form import PlanForm

        self.app.push_screen(PlanForm(self.outline.initiative), self.save_initiative)

    def save_initiative(self, initiative: Initiative | None) -> None:
        if initiative is None:
            return
        self.store.update_initiative(initiative)
        self.refresh_data()

    def action_add_group(self) -> None:
        if self.refuse_if_read_only():
            return
        self.edit_group(None)

    def edit_group(self, group_value: str | None) -> None:
        if self.outline is None:
            return
        from opstui.screens.modals.group_form import GroupForm

        existing = next((g for g in self.outline.groups if g.group.value == group_value), None)
        if group_value is not None and existing is None:
            self.action_add_group()  # the "(none)" placeholder row
            return
        notes = {g.group: g.note for g in self.outline.groups}

        def saved(group: AffectedGroup | None) -> None:
            if group is not None:
                self.store.set_affected_group(group)
                self.refresh_data()

        self.app.push_screen(GroupForm(self.initiative_id, existing, notes), saved)

    def action_remove_group(self) -> None:
        if self.refuse_if_read_only() or self.outline is None:
            return
        group_value = self.highlighted_key("#groups")
        existing = next((g for g in self.outline.groups if g.group.value == group_value), None)
        if existing is None:
            return
        from opstui.screens.modals.confirm import ConfirmModal

        def confirmed(remove: bool | None) -> None:
            if remove:
                self.store.remove_affected_group(self.initiative_id, existing.group.value)
                self.refresh_data()

        self.app.push_screen(
            ConfirmModal(f"Remove {existing.group.label} and its note from this initiative?"),
            confirmed,
        )

    def action_add_cohort(self) -> None:
        if self.refuse_if_read_only():
            return
        self.edit_cohort(None)

    def edit_cohort(self, cohort_id: str | None) -> None:
        if self.outline is None:
            return
        from opstui.screens.modals.cohort_form import CohortForm

        existing = next((c for c in self.outline.cohorts if c.id == cohort_id), None)

        def saved(cohort: PilotCohort | None) -> None:
            if cohort is None:
                return
            if existing is None:
                self.store.add_cohort(cohort)
            else:
                self.store.update_cohort(cohort)
            self.refresh_data()

        self.app.push_screen(CohortForm(self.initiative_id, existing), saved)

    # -- sessions, actions, checklist, readiness -------------------------------------

    def action_open_session(self) -> None:
        session_id = self.highlighted_key("#sessions")
        if session_id is None:
            return
        try:
            from opstui.screens.live import LiveSessionScreen
        except ImportError:
            self.notify("Opening sessions is not available in this build.", severity="warning")
            return
        self.app.push_screen(LiveSessionScreen(session_id))

    def action_search_feedback(self) -> None:
        self.set_focus(self.query_one("#feedback-search", Input))

    def action_toggle_action(self) -> None:
        if self.refuse_if_read_only() or self.still_reading() or self.facts is None:
            return
        action_id = self.highlighted_key("#actions")
        action = next((a for a in self.facts.actions if a.id == action_id), None)
        if action is None:
            return
        self.store.set_action_done(action.id, not action.done)
        self.refresh_data()

    def action_tick_item(self) -> None:
        if self.refuse_if_read_only() or self.still_reading():
            return
        key = self.highlighted_key("#checklist")
        state = next((s for s in self.checklist if s.item.key == key), None)
        if state is None:
            return
        if state.auto:
            self.notify("The data proves this one; it ticks itself.", markup=False)
            return
        if state.done:
            self.store.untick(self.initiative_id, state.item.key)
            self.refresh_data()
            return
        from opstui.screens.modals.tick_note import TickNote

        def ticked(note: str | None) -> None:
            if note is not None:
                self.store.tick(self.initiative_id, state.item.key, note)
                self.refresh_data()

        self.app.push_screen(TickNote(state.item.text), ticked)

    def action_add_readiness(self) -> None:
        if self.refuse_if_read_only():
            return
        from opstui.screens.modals.readiness_form import ReadinessForm

        def added(assessment: ReadinessAssessment | None) -> None:
            if assessment is not None:
                self.store.add_readiness(assessment)
                self.refresh_data()

        self.app.push_screen(ReadinessForm(self.initiative_id, clock.today()), added)
