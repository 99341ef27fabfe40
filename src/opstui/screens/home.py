"""The dashboard: every initiative at a glance, where every visit starts.

Each row is an initiative's title, step and status, shown the moment the screen opens
(one cheap query), and its ``summarize`` from the domain: health (the doctor's
findings), main metric's progress, the mood of its last session, open action items and
when it last met. Those summaries are computed in a thread worker, on a read-only
connection of its own, from ``Store.dashboard_facts`` (a few queries over every
initiative at once), and filled into the rows already on screen, so that a large
database never keeps the list waiting nor freezes the screen. Sorting, filtering and
narrowing work on the rows in memory; the table (``RowTable``) draws only the rows on
screen, so a long list is shown as soon as a short one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Header, Input, Select, Static
from textual.worker import get_current_worker

from opstui.db.database import InitiativeHeading
from opstui.db.errors import database_errors, describe_error
from opstui.domain.steps import Step
from opstui.domain.values import InitiativeStatus, Sentiment
from opstui.screens import clock
from opstui.screens.base import DatabaseChanged, OpstuiScreen
from opstui.widgets.footer import Footer
from opstui.widgets.row_table import RowTable, TableColumn
from opstui.widgets.step_indicator import SHORT_TITLES
from opstui.widgets.user_text import printable, user_text

if TYPE_CHECKING:
    from opstui.domain.initiative import Initiative

    # The summaries (and the doctor behind them) are computed in the loading worker.
    from opstui.domain.initiative_summary import InitiativeSummary

#: Below this width the table uses short step names and narrow columns.
NARROW_WIDTH = 110
#: Initiatives summarized at a time: each batch's rows are filled in as it is done, only
#: one batch's facts are held in memory at once, and a cancelled worker (the dashboard
#: left for a workspace) stops after the batch it is on, a few hundredths of a second.
BATCH_INITIATIVES = 25
#: After a start from the command line, how long the summaries wait for the first frame
#: to reach the terminal: computing them competes with drawing it for the interpreter.
FIRST_FRAME_SECONDS = 0.1

STATUS_STYLE: dict[InitiativeStatus, str] = {
    InitiativeStatus.ACTIVE: "",
    InitiativeStatus.PAUSED: "yellow",
    InitiativeStatus.DONE: "green",
    InitiativeStatus.DROPPED: "dim",
}
STATUS_ORDER = {status: index for index, status in enumerate(InitiativeStatus)}


@dataclass(frozen=True)
class DashboardRow:
    """One initiative on the dashboard: its summary, once the worker has computed it."""

    initiative: InitiativeHeading
    summary: InitiativeSummary | None = None

    @property
    def initiative_id(self) -> str:
        return self.initiative.id


@dataclass(frozen=True)
class Column:
    """A dashboard column: its key, header, widths (wide, narrow) and how it sorts."""

    key: str
    label: str
    wide: int
    narrow: int
    sort_key: Callable[[DashboardRow], Any]
    #: A shorter header for narrow terminals.
    short_label: str = ""


def _of_summary(read: Callable[[InitiativeSummary], Any]) -> Callable[[DashboardRow], Any]:
    """A sort key read from the summary; rows still being computed have none."""
    return lambda row: None if row.summary is None else read(row.summary)


def _share(summary: InitiativeSummary) -> float | None:
    progress = summary.metric_progress
    return None if progress is None else progress.share


COLUMNS: tuple[Column, ...] = (
    Column("title", "Initiative", 0, 0, lambda r: r.initiative.title.casefold()),
    Column("step", "Step", 23, 11, lambda r: int(r.initiative.step)),
    Column("status", "Status", 7, 7, lambda r: STATUS_ORDER[r.initiative.status]),
    Column("health", "Health", 6, 6, _of_summary(lambda s: s.health)),
    Column("progress", "Progress", 8, 4, _of_summary(_share), "Goal"),
    Column("sentiment", "Mood", 4, 4, _of_summary(lambda s: s.last_session_sentiment)),
    Column("actions", "Open", 4, 4, _of_summary(lambda s: s.open_actions)),
    Column("last", "Last met", 10, 6, _of_summary(lambda s: s.last_session_on), "Met"),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
#: The columns read from the initiative itself, known before any summary.
HEADING_COLUMNS = frozenset({"title", "step", "status"})

#: Choices of the status filter: "" means any status.
STATUS_FILTER: list[tuple[Text, str]] = [(Text("Any status"), "")] + [
    (Text(s.value.capitalize()), s.value) for s in InitiativeStatus
]
#: Choices of the step filter: 0 means any step.
STEP_FILTER: list[tuple[Text, int]] = [(Text("Any step"), 0)] + [
    (Text(s.label), int(s)) for s in Step
]


def sort_rows(rows: list[DashboardRow], column: str | None, reverse: bool) -> list[DashboardRow]:
    """Sorted by a column (rows without a value last either way); None keeps stored order."""
    if column is None:
        return list(reversed(rows)) if reverse else list(rows)
    key = COLUMN_BY_KEY[column].sort_key
    known = [r for r in rows if key(r) is not None]
    unknown = [r for r in rows if key(r) is None]
    return sorted(known, key=key, reverse=reverse) + unknown


def matches(initiative: InitiativeHeading, status: str, step: int, words: list[str]) -> bool:
    """Whether a row passes the status and step filters and holds every typed word."""
    if status and initiative.status.value != status:
        return False
    if step and int(initiative.step) != step:
        return False
    title = initiative.title.casefold()
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


def summary_cells(summary: InitiativeSummary | None, narrow: bool) -> list[Text]:
    """The cells computed from the summary, in column order; dots while it is computed."""
    if summary is None:
        return [Text("…", style="dim") for _ in range(len(COLUMNS) - len(HEADING_COLUMNS))]
    return [
        health_cell(summary.health),
        progress_cell(summary, narrow),
        sentiment_cell(summary.last_session_sentiment),
        Text(
            str(summary.open_actions) if summary.open_actions else "–",
            style="" if summary.open_actions else "dim",
        ),
        last_met_cell(summary, narrow),
    ]


def row_cells(row: DashboardRow, narrow: bool) -> list[Text]:
    """Every cell of a row, in column order."""
    initiative = row.initiative
    step = (
        f"{int(initiative.step)} {SHORT_TITLES[initiative.step]}"
        if narrow
        else initiative.step.label
    )
    return [
        user_text(initiative.title),
        Text(step),
        Text(initiative.status.value, style=STATUS_STYLE[initiative.status]),
        *summary_cells(row.summary, narrow),
    ]


class InitiativeTable(RowTable):
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
        """Summaries computed by the loading worker: all of them when ``complete``."""

        bubble = False

        def __init__(
            self,
            generation: int,
            summaries: list[InitiativeSummary],
            complete: bool = True,
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
        #: Every initiative, in stored order: what the rows show before their summaries.
        self.initiatives: list[InitiativeHeading] = []
        self.summaries: dict[str, InitiativeSummary] = {}
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.loading_rows = False
        self.generation = 0
        self._layout_narrow: bool | None = None
        #: The filters the table was last filled with: an unchanged filter keeps it.
        self._shown_filters: tuple[str, int, list[str]] | None = None
        self._started = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="dashboard-filters"):
            yield Input(placeholder="Type to narrow by title  (/)", id="narrow", compact=True)
            # The two filters are mounted once the rows are on screen (``mount_filters``):
            # building them would hold the first frame back by a tenth of the start.
        yield Static(id="home-empty")
        yield InitiativeTable(id="initiatives", zebra_stripes=True)
        yield Static(id="dashboard-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Initiatives"
        self.query_one("#home-empty", Static).display = False
        self.table.focus()
        # The titles at once, from one cheap query; the summaries follow from the worker.
        self.read_initiatives()
        if self._layout_narrow is not None:  # laid out already: the resize came first
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
        if self._layout_narrow != self.narrow_layout:
            self.show_rows()

    @property
    def narrow_layout(self) -> bool:
        return self.size.width < NARROW_WIDTH

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
        """Add the status and step filters beside the narrowing field."""
        filters = self.query_one("#dashboard-filters", Horizontal)
        if not filters.is_attached:  # the app is closing already
            return
        filters.mount(
            Select(STATUS_FILTER, allow_blank=False, value="", id="filter-status", compact=True),
            Select(STEP_FILTER, allow_blank=False, value=0, id="filter-step", compact=True),
        )

    def reload(self, read: bool = True) -> None:
        """Read the initiatives again and show them; compute their summaries in the background."""
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
        """Summarize every initiative on a connection of this thread's own.

        The first time, this thread is also where the domain models (and pydantic) are
        imported, while the first screen is already up and waiting for keys.
        """
        from opstui.db.store import Store
        from opstui.domain.initiative_summary import summarize_initiative

        worker = get_current_worker()
        day = clock.today()
        try:
            reader = Store.open(self.database.path, read_only=True)
        except database_errors() as exc:
            self.post_message(self.Loaded(generation, [], error=describe_error(exc)))
            return
        try:
            ids = [heading.id for heading in reader.initiative_headings()]
            summaries: list[InitiativeSummary] = []
            for start in range(0, max(len(ids), 1), BATCH_INITIATIVES):
                if worker.is_cancelled:
                    return
                batch = ids[start : start + BATCH_INITIATIVES]
                summaries += [summarize_initiative(f) for f in reader.dashboard_facts(batch, day)]
                complete = start + BATCH_INITIATIVES >= len(ids)
                self.post_message(self.Loaded(generation, list(summaries), complete))
        except database_errors() as exc:
            self.post_message(self.Loaded(generation, [], error=describe_error(exc)))
        finally:
            reader.close()
        # What opening an initiative needs is loaded now, while the list is read, rather
        # than when Enter is pressed (a few hundredths of a second, the first time).
        import opstui.screens.workspace  # noqa: F401

    @on(Loaded)
    def on_loaded(self, message: Loaded) -> None:
        if message.generation != self.generation:
            return
        self.loading_rows = not message.complete and not message.error
        if message.error:
            self.notify(
                f"Could not read the initiatives: {message.error}", severity="error", markup=False
            )
            self.show_status()
            return
        before = self.summaries
        fresh = {s.initiative_id: s for s in message.summaries}
        # Until the last batch, the rows not computed again yet keep what they showed.
        self.summaries = fresh if message.complete else {**before, **fresh}
        if self.sort_column in HEADING_COLUMNS or self.sort_column is None:
            # The rows stay where they are: only their computed cells change. The
            # summaries of earlier batches come again, the same objects.
            changed = [
                key
                for key, summary in fresh.items()
                if (earlier := before.get(key)) is not summary and earlier != summary
            ]
            if message.complete:
                changed += [key for key in before if key not in fresh]
            self.update_summary_cells(changed)
        else:
            self.show_rows()

    # -- showing ---------------------------------------------------------------------

    @property
    def table(self) -> InitiativeTable:
        return self.query_one("#initiatives", InitiativeTable)

    def filters(self) -> tuple[str, int, list[str]]:
        """The status, step and words the list is narrowed by ("" and 0: any)."""
        status = self._filter_value("#filter-status")
        step = self._filter_value("#filter-step")
        words = self.query_one("#narrow", Input).value.casefold().split()
        return (
            status if isinstance(status, str) else "",
            step if isinstance(step, int) else 0,
            words,
        )

    def visible_rows(self) -> list[DashboardRow]:
        status, step, words = self.filters()
        rows = [
            DashboardRow(i, self.summaries.get(i.id))
            for i in self.initiatives
            if matches(i, status, step, words)
        ]
        return sort_rows(rows, self.sort_column, self.sort_reverse)

    def table_columns(self, rows: list[DashboardRow]) -> list[TableColumn]:
        """The columns for these rows at this width, the sorted one marked."""
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
        longest = max((len(r.initiative.title) for r in rows), default=10)
        # The title takes what the other columns leave (and a scrollbar, if one is needed).
        scrollbar = 2 if len(rows) + 7 > self.size.height else 0
        room = max(self.size.width - fixed - 2 - scrollbar, 16)
        widths["title"] = max(min(max(longest, 10), room), labels["title"].cell_len)
        return [TableColumn(c.key, labels[c.key], widths[c.key]) for c in COLUMNS]

    def show_rows(self) -> None:
        """Fill the table from the rows in memory, keeping the cursor on its initiative."""
        highlighted = self.highlighted_id()
        rows = self.visible_rows()
        self._shown_filters = self.filters()
        narrow = self.narrow_layout
        self._layout_narrow = narrow
        self.table.set_contents(
            self.table_columns(rows),
            [row.initiative_id for row in rows],
            partial(self.cells_of, {row.initiative_id: row.initiative for row in rows}, narrow),
            cursor_key=highlighted,
        )
        empty = self.query_one("#home-empty", Static)
        if not self.initiatives:
            empty.update(
                "No initiatives yet. Press n to start one, or run `opstui demo` "
                "to explore a sample database."
            )
            empty.display = True
        elif not rows:
            empty.update("No initiative matches the filters. Press Escape to clear them.")
            empty.display = True
        else:
            empty.display = False
        self.show_status()
        self.show_detail()

    def cells_of(
        self, initiatives: dict[str, InitiativeHeading], narrow: bool, initiative_id: str
    ) -> list[Text]:
        """A row's cells, asked for by the table when it draws the row."""
        initiative = initiatives[initiative_id]
        return row_cells(DashboardRow(initiative, self.summaries.get(initiative_id)), narrow)

    def update_summary_cells(self, changed: list[str]) -> None:
        """Draw the rows of these initiatives again, with their new summaries."""
        table = self.table
        for initiative_id in changed:
            table.refresh_row(initiative_id)
        self.show_status()
        self.show_detail()

    def show_status(self) -> None:
        parts = [f"{self.table.row_count} of {len(self.initiatives)} initiatives"]
        if self.sort_column is not None:
            direction = "descending" if self.sort_reverse else "ascending"
            parts.append(f"sorted by {COLUMN_BY_KEY[self.sort_column].label.lower()}, {direction}")
        if self.loading_rows:
            parts.append("loading…")
        if self.read_only:
            parts.insert(0, "read-only")
        self.sub_title = " · ".join(parts)

    def highlighted_id(self) -> str | None:
        return self.table.highlighted_key

    def highlighted_summary(self) -> InitiativeSummary | None:
        wanted = self.highlighted_id()
        return None if wanted is None else self.summaries.get(wanted)

    def show_detail(self) -> None:
        """Below the table: the highlighted initiative's title and main metric in full."""
        detail = self.query_one("#dashboard-detail", Static)
        summary = self.highlighted_summary()
        if summary is None:
            wanted = self.highlighted_id()
            initiative = next((i for i in self.initiatives if i.id == wanted), None)
            detail.update(
                ""
                if initiative is None
                else Text()
                .append(printable(initiative.title), style="bold")
                .append(f"  · step {initiative.step.label}", style="dim")
            )
            return
        text = Text().append(printable(summary.title), style="bold")
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
            text.append(printable(summary.metric_name))
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
        key = event.column_key
        if key == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = key, False
        self.show_rows()

    @on(Input.Changed, "#narrow")
    @on(Select.Changed, "#filter-status")
    @on(Select.Changed, "#filter-step")
    def on_filter_changed(self) -> None:
        # The selects announce their first value as they mount: nothing to redo then.
        if self.is_mounted and self.filters() != self._shown_filters:
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

    def _filter_value(self, select_id: str) -> object:
        """A filter's value; none (any) in the moment before the filters are mounted."""
        try:
            return self.query_one(select_id, Select).value
        except NoMatches:
            return None

    def _cycle(self, select_id: str) -> None:
        try:
            select: Select[Any] = self.query_one(select_id, Select)
        except NoMatches:
            return
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
        for select in self.query("#dashboard-filters Select").results(Select):
            select.value = "" if select.id == "filter-status" else 0
