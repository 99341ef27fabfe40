"""The dashboard: every initiative at a glance, where every visit starts.

Each row is ``summarize(load_facts(...))`` of one initiative: its step, status, health
(the doctor's findings), main metric's progress, the mood of its last session, open
action items and when it last met. The rows are computed in a thread worker on a
read-only connection of its own, and posted back in batches, so that a large database
never freezes the screen. Sorting, filtering and narrowing work on the rows in memory.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Select, Static
from textual.worker import get_current_worker

from opstui.db.errors import StoreError
from opstui.db.store import Store, load_facts
from opstui.domain.initiative import Initiative, InitiativeStatus
from opstui.domain.session import Sentiment
from opstui.domain.steps import Step
from opstui.domain.summary import InitiativeSummary, summarize
from opstui.screens import clock
from opstui.screens.base import DatabaseChanged, OpstuiScreen
from opstui.widgets.step_indicator import SHORT_TITLES

#: How often, at most, a loading worker posts the rows it has so far.
BATCH_SECONDS = 0.25
#: Below this width the table uses short step names and narrow columns.
NARROW_WIDTH = 110

STATUS_STYLE: dict[InitiativeStatus, str] = {
    InitiativeStatus.ACTIVE: "",
    InitiativeStatus.PAUSED: "yellow",
    InitiativeStatus.DONE: "green",
    InitiativeStatus.DROPPED: "dim",
}
STATUS_ORDER = {status: index for index, status in enumerate(InitiativeStatus)}


@dataclass(frozen=True)
class Column:
    """A dashboard column: its key, header, widths (wide, narrow) and how it sorts."""

    key: str
    label: str
    wide: int
    narrow: int
    sort_key: Callable[[InitiativeSummary], Any]
    #: A shorter header for narrow terminals.
    short_label: str = ""


def _share(summary: InitiativeSummary) -> float | None:
    progress = summary.metric_progress
    return None if progress is None else progress.share


COLUMNS: tuple[Column, ...] = (
    Column("title", "Initiative", 0, 0, lambda s: s.title.casefold()),
    Column("step", "Step", 22, 11, lambda s: int(s.step)),
    Column("status", "Status", 7, 7, lambda s: STATUS_ORDER[s.status]),
    Column("health", "Health", 6, 6, lambda s: s.health),
    Column("progress", "Progress", 8, 4, _share, "Goal"),
    Column("sentiment", "Mood", 5, 4, lambda s: s.last_session_sentiment),
    Column("actions", "Open", 4, 4, lambda s: s.open_actions),
    Column("last", "Last met", 10, 6, lambda s: s.last_session_on, "Met"),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}

#: Choices of the status filter: "" means any status.
STATUS_FILTER: list[tuple[Text, str]] = [(Text("Any status"), "")] + [
    (Text(s.value.capitalize()), s.value) for s in InitiativeStatus
]
#: Choices of the step filter: 0 means any step.
STEP_FILTER: list[tuple[Text, int]] = [(Text("Any step"), 0)] + [
    (Text(s.label), int(s)) for s in Step
]


def sort_summaries(
    summaries: list[InitiativeSummary], column: str | None, reverse: bool
) -> list[InitiativeSummary]:
    """Sorted by a column (rows without a value last either way); None keeps stored order."""
    if column is None:
        return list(reversed(summaries)) if reverse else list(summaries)
    key = COLUMN_BY_KEY[column].sort_key
    known = [s for s in summaries if key(s) is not None]
    unknown = [s for s in summaries if key(s) is None]
    return sorted(known, key=key, reverse=reverse) + unknown


def matches(summary: InitiativeSummary, status: str, step: int, words: list[str]) -> bool:
    """Whether a row passes the status and step filters and holds every typed word."""
    if status and summary.status.value != status:
        return False
    if step and int(summary.step) != step:
        return False
    title = summary.title.casefold()
    return all(word in title for word in words)


def progress_cell(summary: InitiativeSummary, narrow: bool) -> Text:
    """The main metric's way from baseline to target: a small bar and a percentage."""
    progress = summary.metric_progress
    if progress is None or progress.share is None:
        return Text("–", style="dim")
    share = min(max(progress.share, 0.0), 1.0)
    style = "green" if progress.reached else ("yellow" if progress.on_track is False else "")
    text = Text()
    if not narrow:
        filled = round(share * 3)
        text.append("█" * filled + "░" * (3 - filled) + " ", style=style or "cyan")
    text.append(progress.percent.rjust(4), style=style)
    return text


def sentiment_cell(average: float | None) -> Text:
    """The average sentiment of the last session, with its sign: 3.8+ ."""
    if average is None:
        return Text("–", style="dim")
    symbol = Sentiment(min(max(round(average), 1), 5)).symbol
    style = "green" if average >= 3.5 else ("red" if average < 2.5 else "")
    return Text(f"{average:.1f}{symbol}", style=style)


def last_met_cell(summary: InitiativeSummary, narrow: bool) -> Text:
    """The day of the last session: "2026-10-19", or "19 Oct" where room is short."""
    day = summary.last_session_on
    if day is None:
        return Text("–", style="dim")
    return Text(f"{day.day} {day:%b}" if narrow else day.isoformat())


def health_cell(findings: int) -> Text:
    if findings == 0:
        return Text("ok", style="green")
    return Text(f"⚠ {findings}", style="yellow")


class InitiativeTable(DataTable[Text]):
    """The dashboard's table, where Enter opens the highlighted initiative."""

    # Enter keeps the table's own meaning (select the row, in the order keys were
    # typed); only its name changes, so it shows in the footer and the palette.
    BINDINGS = [Binding("enter", "select_cursor", "Open initiative")]


class HomeScreen(OpstuiScreen):
    """Every initiative with its step, health, progress and latest session."""

    BINDINGS = [
        Binding("n", "new_initiative", "New initiative"),
        Binding("e", "edit_initiative", "Edit initiative", show=False),
        Binding("p", "people", "People"),
        Binding("slash", "narrow", "Narrow by title", key_display="/"),
        Binding("o", "cycle_sort", "Sort"),
        Binding("r", "reverse_sort", "Reverse sort", show=False),
        Binding("f", "cycle_status", "Filter by status", show=False),
        Binding("g", "cycle_step", "Filter by step", show=False),
        Binding("escape", "clear_filters", "Clear filters", show=False),
    ]
    EDIT_ACTIONS: ClassVar[frozenset[str]] = frozenset({"new_initiative", "edit_initiative"})

    class Loaded(Message):
        """Rows computed by the loading worker: all of them when ``complete``."""

        bubble = False

        def __init__(
            self,
            generation: int,
            summaries: list[InitiativeSummary],
            complete: bool,
            error: str | None = None,
        ) -> None:
            super().__init__()
            #: Which reload computed these rows: those of an overtaken one are dropped.
            self.generation = generation
            self.summaries = summaries
            self.complete = complete
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[InitiativeSummary] = []
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.loading_rows = False
        self.generation = 0
        self._layout_narrow: bool | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="dashboard-filters"):
            yield Input(placeholder="Type to narrow by title  (/)", id="narrow", compact=True)
            yield Select(
                STATUS_FILTER, allow_blank=False, value="", id="filter-status", compact=True
            )
            yield Select(STEP_FILTER, allow_blank=False, value=0, id="filter-step", compact=True)
        yield Static(id="home-empty")
        yield InitiativeTable(id="initiatives", cursor_type="row", zebra_stripes=True)
        yield Static(id="dashboard-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Initiatives"
        self.query_one("#home-empty", Static).display = False
        self.query_one("#initiatives", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    @on(DatabaseChanged)
    def on_database_changed(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        if self._layout_narrow != self.narrow_layout:
            self.show_rows()

    @property
    def narrow_layout(self) -> bool:
        return self.size.width < NARROW_WIDTH

    # -- loading ---------------------------------------------------------------------

    def reload(self) -> None:
        """Compute every row again, in the background."""
        self.loading_rows = True
        self.generation += 1
        self.show_status()
        self.load_summaries(self.generation)

    @work(thread=True, exclusive=True, group="dashboard")
    def load_summaries(self, generation: int) -> None:
        """Summarize every initiative on a connection of this thread's own."""
        worker = get_current_worker()
        day = clock.today()
        try:
            reader = Store.open(self.store.path, read_only=True)
        except (StoreError, sqlite3.Error) as exc:
            self.post_message(self.Loaded(generation, [], complete=True, error=str(exc)))
            return
        summaries: list[InitiativeSummary] = []
        posted = time.monotonic()
        try:
            people = {p.id: p for p in reader.list_people()}  # read once, not per initiative
            for initiative in reader.list_initiatives():
                if worker.is_cancelled:
                    return
                facts = load_facts(reader, initiative.id, today=day, people=people)
                summaries.append(summarize(facts))
                if time.monotonic() - posted > BATCH_SECONDS:
                    self.post_message(self.Loaded(generation, list(summaries), complete=False))
                    posted = time.monotonic()
        except (StoreError, sqlite3.Error) as exc:
            self.post_message(self.Loaded(generation, summaries, complete=True, error=str(exc)))
            return
        finally:
            reader.close()
        if not worker.is_cancelled:
            self.post_message(self.Loaded(generation, summaries, complete=True))

    @on(Loaded)
    def on_loaded(self, message: Loaded) -> None:
        if message.generation != self.generation:
            return
        self.summaries = message.summaries
        self.loading_rows = not message.complete
        if message.error:
            self.notify(
                f"Could not read the initiatives: {message.error}", severity="error", markup=False
            )
        self.show_rows()

    # -- showing ---------------------------------------------------------------------

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#initiatives", DataTable)

    def filters(self) -> tuple[str, int, list[str]]:
        status = self.query_one("#filter-status", Select).value
        step = self.query_one("#filter-step", Select).value
        words = self.query_one("#narrow", Input).value.casefold().split()
        return (
            status if isinstance(status, str) else "",
            step if isinstance(step, int) else 0,
            words,
        )

    def visible_summaries(self) -> list[InitiativeSummary]:
        status, step, words = self.filters()
        shown = [s for s in self.summaries if matches(s, status, step, words)]
        return sort_summaries(shown, self.sort_column, self.sort_reverse)

    def _add_columns(self, table: DataTable[Text], rows: list[InitiativeSummary]) -> None:
        narrow = self.narrow_layout
        labels: dict[str, Text] = {}
        widths: dict[str, int] = {}
        for column in COLUMNS:
            label = Text(
                (column.short_label or column.label) if narrow else column.label, style="bold"
            )
            if column.key == self.sort_column:
                label.append(" ▼" if self.sort_reverse else " ▲")
            labels[column.key] = label
            widths[column.key] = max(column.narrow if narrow else column.wide, label.cell_len)
        fixed = sum(width + 2 for key, width in widths.items() if key != "title")
        longest = max((len(s.title) for s in rows), default=10)
        # The title takes what the other columns leave (and a scrollbar, if one is needed).
        scrollbar = 2 if len(rows) + 7 > self.size.height else 0
        room = max(self.size.width - fixed - 2 - scrollbar, 16)
        widths["title"] = max(min(max(longest, 10), room), labels["title"].cell_len)
        for column in COLUMNS:
            table.add_column(labels[column.key], key=column.key, width=widths[column.key])

    def show_rows(self) -> None:
        """Fill the table from the rows in memory, keeping the cursor on its initiative."""
        table = self.table
        highlighted = self.highlighted_id()
        rows = self.visible_summaries()
        narrow = self.narrow_layout
        self._layout_narrow = narrow
        table.clear(columns=True)
        self._add_columns(table, rows)
        for summary in rows:
            step = (
                f"{int(summary.step)} {SHORT_TITLES[summary.step]}"
                if narrow
                else summary.step.label
            )
            table.add_row(
                Text(summary.title),
                Text(step),
                Text(summary.status.value, style=STATUS_STYLE[summary.status]),
                health_cell(summary.health),
                progress_cell(summary, narrow),
                sentiment_cell(summary.last_session_sentiment),
                Text(
                    str(summary.open_actions) if summary.open_actions else "–",
                    style="" if summary.open_actions else "dim",
                ),
                last_met_cell(summary, narrow),
                key=summary.initiative_id,
            )
        if highlighted is not None:
            for index, summary in enumerate(rows):
                if summary.initiative_id == highlighted:
                    table.move_cursor(row=index, animate=False)
                    break
        empty = self.query_one("#home-empty", Static)
        if not self.summaries and not self.loading_rows:
            empty.update(
                "No initiatives yet. Press n to start one, or run `opstui demo` "
                "to explore a sample database."
            )
            empty.display = True
        elif not rows and not self.loading_rows:
            empty.update("No initiative matches the filters. Press Escape to clear them.")
            empty.display = True
        else:
            empty.display = False
        self.show_status()
        self.show_detail()

    def show_status(self) -> None:
        shown = self.table.row_count if self.is_mounted else 0
        parts = [f"{shown} of {len(self.summaries)} initiatives"]
        if self.sort_column is not None:
            direction = "descending" if self.sort_reverse else "ascending"
            parts.append(f"sorted by {COLUMN_BY_KEY[self.sort_column].label.lower()}, {direction}")
        if self.loading_rows:
            parts.append("loading…")
        if self.read_only:
            parts.insert(0, "read-only")
        self.sub_title = " · ".join(parts)

    def highlighted_id(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def highlighted_summary(self) -> InitiativeSummary | None:
        wanted = self.highlighted_id()
        return next((s for s in self.summaries if s.initiative_id == wanted), None)

    def show_detail(self) -> None:
        """Below the table: the highlighted initiative's title and main metric in full."""
        detail = self.query_one("#dashboard-detail", Static)
        summary = self.highlighted_summary()
        if summary is None:
            detail.update("")
            return
        text = Text().append(summary.title, style="bold")
        text.append(f"  · step {summary.step.label}", style="dim")
        findings = summary.health
        text.append(
            f" · {findings} doctor finding{'s' if findings != 1 else ''}"
            if findings
            else " · no doctor findings",
            style="yellow" if findings else "dim",
        )
        text.append("\n")
        progress = summary.metric_progress
        if summary.metric_name is None:
            text.append("No metric yet.", style="dim")
        else:
            text.append("Main metric: ", style="dim")
            text.append(summary.metric_name)
            if progress is not None and progress.latest is not None:
                text.append(f" — latest {progress.latest:g}")
                if progress.latest_on is not None:
                    text.append(f" on {progress.latest_on.isoformat()}")
                if progress.share is not None:
                    text.append(f", {progress.percent} of the way to target")
                if progress.reached:
                    text.append(" (reached)", style="green")
                elif progress.on_track is False:
                    text.append(" (behind schedule)", style="yellow")
            else:
                text.append(" — no readings yet", style="dim")
        detail.update(text)

    @on(DataTable.RowHighlighted, "#initiatives")
    def on_row_highlighted(self) -> None:
        self.show_detail()

    @on(DataTable.RowSelected, "#initiatives")
    def on_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_workspace(event.row_key.value)

    @on(Input.Submitted, "#narrow")
    def on_narrow_submitted(self) -> None:
        """Enter in the narrowing field opens the first initiative that matches."""
        initiative_id = self.highlighted_id()
        if initiative_id is None:
            self.notify("No initiative matches.", severity="warning")
            return
        self.open_workspace(initiative_id)

    @on(DataTable.HeaderSelected, "#initiatives")
    def on_header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value
        if key == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = key, False
        self.show_rows()

    @on(Input.Changed, "#narrow")
    @on(Select.Changed, "#filter-status")
    @on(Select.Changed, "#filter-step")
    def on_filter_changed(self) -> None:
        if self.is_mounted:
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
        self.set_focus(self.query_one("#narrow", Input))

    def action_cycle_sort(self) -> None:
        """Stored order, then each column in turn."""
        keys: list[str | None] = [None, *COLUMN_BY_KEY]
        self.sort_column = keys[(keys.index(self.sort_column) + 1) % len(keys)]
        self.sort_reverse = False
        self.show_rows()

    def action_reverse_sort(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self.show_rows()

    def _cycle(self, select_id: str) -> None:
        select: Select[Any] = self.query_one(select_id, Select)
        values: list[Any] = [
            value for _, value in (STATUS_FILTER if "status" in select_id else STEP_FILTER)
        ]
        current = values.index(select.value) if select.value in values else 0
        select.value = values[(current + 1) % len(values)]

    def action_cycle_status(self) -> None:
        self._cycle("#filter-status")

    def action_cycle_step(self) -> None:
        self._cycle("#filter-step")

    def action_clear_filters(self) -> None:
        narrow = self.query_one("#narrow", Input)
        if narrow.has_focus and narrow.value:
            narrow.value = ""
            return
        if narrow.has_focus:
            self.table.focus()
            return
        narrow.value = ""
        self.query_one("#filter-status", Select).value = ""
        self.query_one("#filter-step", Select).value = 0
