"""What every tab of the workspace shares.

A tab is a ``TabPane`` that builds its widgets the first time it is opened (a long-running
initiative's workspace must open at once), shows one read of the initiative handed to it
by the screen (``present``), and lays out its tables so that the columns holding long user
text share the screen's width. It never reads the database: what it shows comes down from
the screen, and a change the user makes in it goes up as an ``Edit`` message that the
screen saves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import DataTable, Static, TabPane
from textual.widgets.data_table import ColumnKey

from opstui.domain.checklist import ChecklistState
from opstui.domain.doctor import Finding
from opstui.domain.facts import InitiativeFacts
from opstui.domain.remark_trail import Loop, loop_of
from opstui.screens.commands import Command
from opstui.widgets.row_table import CELL_PADDING, RowTable, TableColumn


@dataclass(frozen=True)
class InitiativeRead:
    """One read of an initiative, as the tabs show it: its facts and the rules' verdicts.

    The verdicts are worked out with the read, in the loading thread, so that showing
    the doctor or the checklist costs nothing more; and so is what the tabs of long lists
    work out to show them (``prepared``). The outline read as the screen opens has no
    checklist, trail or tab's work: no tab that shows the outline needs them.
    """

    facts: InitiativeFacts
    findings: list[Finding] = field(default_factory=list)
    checklist: list[ChecklistState] = field(default_factory=list)
    #: The trail from remarks to what came of them, which three tabs read.
    loop: Loop | None = None
    #: What each tab works out from the facts before showing them, by the tab's key
    #: (``WorkspaceTab.prepare``): worked out in the loading thread too.
    prepared: dict[str, object] = field(default_factory=dict)

    def trail(self) -> Loop:
        """The trail of remarks: worked out with the read, or else now."""
        return self.loop if self.loop is not None else loop_of(self.facts)


@dataclass(frozen=True)
class ColumnSpec:
    """A table column: fixed ``width``, or a share of what is left by its ``flex`` weight."""

    key: str
    label: str
    width: int = 0
    flex: int = 0


def columns(*specs: tuple[str, str, int] | tuple[str, str, int, int]) -> tuple[ColumnSpec, ...]:
    """Column specs from ``(key, label, width[, flex])`` tuples."""
    return tuple(ColumnSpec(*spec) for spec in specs)


class Edit(Message):
    """Something the user did in a tab that changes the initiative: the screen saves it."""


class WorkspaceTab(TabPane):
    """A tab of the workspace: built when first opened, showing what the screen read."""

    #: The tab's key (its pane is ``tab-<key>``) and its title.
    KEY: ClassVar[str]
    TITLE: ClassVar[str]
    #: The screen's commands that act on this tab: offered only while it is in view.
    COMMANDS: ClassVar[tuple[Command, ...]] = ()
    #: More of them, ranked in the footer after the workspace's main keys.
    LATER_COMMANDS: ClassVar[tuple[Command, ...]] = ()
    #: Whether the outline (what the dashboard reads) is all it shows.
    SHOWS_OUTLINE: ClassVar[bool] = False
    #: The columns of its tables, by table id.
    COLUMNS: ClassVar[dict[str, tuple[ColumnSpec, ...]]] = {}
    #: The id of the widget in front, which takes the arrow keys while the tab is in view:
    #: its list, or the pane that scrolls. Empty: the one whose id is the tab's key.
    FRONT: ClassVar[str] = ""

    def __init__(self, *, build_now: bool = False) -> None:
        """Make the tab; its widgets come when it is first opened.

        Args:
            build_now: Compose the widgets with the tab (the tab shown first).
        """
        super().__init__(self.TITLE, id=f"tab-{self.KEY}")
        self._build_now = build_now
        #: Whether the widgets exist (see ``build``).
        self.is_built = False
        #: What is shown, and the screen width it was laid out for.
        self.shown: InitiativeRead | None = None
        self._shown_width = 0

    # -- building --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self._build_now:
            yield from self.compose_content()

    def compose_content(self) -> ComposeResult:
        """The tab's widgets."""
        raise NotImplementedError

    def on_mount(self) -> None:
        if self._build_now:
            self.built()

    async def build(self) -> None:
        """Compose the tab's widgets, the first time it is opened."""
        if not self.is_built:
            await self.mount_compose(self.compose_content())
            self.built()

    def focus_front(self) -> None:
        """Give the arrow keys (and Page Up/Down) to the widget in front, once built.

        At once rather than deferred like ``focus()``: keys typed just after the tab was
        chosen are meant for its list, not for the row of tabs.
        """
        if self.is_built:
            self.screen.set_focus(self.query_one(f"#{self.FRONT or self.KEY}"))

    def built(self) -> None:
        """The widgets are mounted: give the tables their columns."""
        self.is_built = True
        for table in self.query(DataTable):
            for spec in self.COLUMNS.get(str(table.id), ()):
                table.add_column(Text(spec.label, style="bold"), key=spec.key, width=spec.width)

    # -- showing ---------------------------------------------------------------------

    def present(self, read: InitiativeRead | None) -> None:
        """Show ``read`` unless it is shown already at this width; None: still being read."""
        if not self.is_built:
            return
        if read is None:
            self.loading = True
            return
        self.loading = False
        width = self.screen.size.width
        if read is self.shown and width == self._shown_width:
            return
        self.shown, self._shown_width = read, width
        self.show(read)

    def show(self, read: InitiativeRead) -> None:
        """Fill the tab's widgets from ``read``."""
        raise NotImplementedError

    @classmethod
    def prepare(cls, facts: InitiativeFacts) -> object | None:
        """What ``show`` works out from the whole initiative before filling the widgets,
        worked out in the loading thread (``InitiativeRead.prepared``); None: nothing.

        A long-running initiative's lists (6,320 sessions, 63,000 remarks) take longer to
        go through than a screen may block (100 ms, issue 23): the tab that goes through
        them does it here, and ``show`` only hands the result to its widgets.
        """
        return None

    def prepared(self, read: InitiativeRead) -> object | None:
        """What ``prepare`` worked out for ``read``: in the loading thread, or else now."""
        if self.KEY in read.prepared:
            return read.prepared[self.KEY]
        return self.prepare(read.facts)

    def enables(self, action: str) -> bool:
        """Whether one of the tab's ``COMMANDS`` applies now (the tab is in view)."""
        return True

    def on_unmount(self) -> None:
        # What was read goes with the screen, not when the collector comes by.
        self.shown = None

    # -- tables ----------------------------------------------------------------------

    def column_widths(self, table_id: str, padding: int) -> dict[str, int]:
        """Each column's width: the fixed ones', and a share of what they leave by weight.

        Flexible columns hold long user text: fitting them keeps every column on
        screen, and lets the rows that grow with their text wrap inside the table.
        """
        specs = self.COLUMNS[table_id]
        fixed = sum(spec.width + padding for spec in specs if not spec.flex)
        flexible = [spec for spec in specs if spec.flex]
        # Room for a vertical scrollbar, and for the scroll view around the overview. The
        # screen's width, as a hidden tab has no width of its own to lay out against.
        room = self.screen.size.width - fixed - padding * len(flexible) - 4
        weights = sum(spec.flex for spec in flexible)
        return {
            spec.key: max(room * spec.flex // weights, 8) if spec.flex else spec.width
            for spec in specs
        }

    def fit_columns(self, table: DataTable[Any]) -> None:
        """Fit the flexible columns of a table to the width of the screen."""
        widths = self.column_widths(str(table.id), 2 * table.cell_padding)
        for spec in self.COLUMNS[str(table.id)]:
            if spec.flex:
                column = table.columns[ColumnKey(spec.key)]
                column.auto_width = False
                column.width = widths[spec.key]

    def row_table_columns(self, table_id: str) -> list[TableColumn]:
        """The columns of a ``RowTable``, fitted to the screen."""
        widths = self.column_widths(table_id, 2 * CELL_PADDING)
        return [
            TableColumn(spec.key, Text(spec.label), widths[spec.key])
            for spec in self.COLUMNS[table_id]
        ]

    def refill(self, table: DataTable[Any]) -> str | None:
        """Empty a table and fit its columns, returning the key of the row the cursor was on."""
        keep = None
        if table.row_count:
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

    def select_key(self, key: str) -> bool:
        """Put the cursor of the table holding the row ``key`` on it, and focus that table.

        What a search hit opens on; False when no table of the tab shows that row (yet).
        """
        for table in self.query(DataTable):
            if key in table.rows:
                table.move_cursor(row=table.get_row_index(key), animate=False)
                self.screen.set_focus(table)
                return True
        for rows in self.query(RowTable):
            keys = rows.row_keys
            if key in keys:
                rows.move_cursor(keys.index(key))
                self.screen.set_focus(rows)
                return True
        return False

    def highlighted_key(self, table_id: str) -> str | None:
        """The key of the row under the cursor of one of the tab's tables, if any."""
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


class TableTab(WorkspaceTab):
    """A tab that is one table (id: the tab's key), with a detail line or two below it."""

    #: Whether alternate rows are shaded.
    ZEBRA: ClassVar[bool] = True
    #: Whether the table may hold thousands of rows: then it is a ``RowTable``, which
    #: draws only the rows on screen (filled with ``set_contents``, not ``table``).
    LONG: ClassVar[bool] = False

    def compose_content(self) -> ComposeResult:
        if self.LONG:
            yield RowTable(id=self.KEY, zebra_stripes=self.ZEBRA)
        else:
            yield DataTable(id=self.KEY, cursor_type="row", zebra_stripes=self.ZEBRA)
        yield Static(id=f"{self.KEY}-detail", classes="pane-detail")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one(f"#{self.KEY}", DataTable)

    @property
    def highlighted(self) -> str | None:
        """The key of the row under the cursor, if any."""
        return self.highlighted_key(f"#{self.KEY}")

    @on(DataTable.RowHighlighted)
    @on(RowTable.RowHighlighted)
    def on_row_highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """Fill the detail below the table: counts, and the highlighted row in full."""
        self.query_one(f"#{self.KEY}-detail", Static).update(self.detail())

    def detail(self) -> Text:
        """What the detail below the table says."""
        raise NotImplementedError


class EditingTab(WorkspaceTab):
    """A tab whose rows open forms: in a review (``read_only``) Enter says why it edits
    nothing."""

    def __init__(self, *, read_only: bool, build_now: bool = False) -> None:
        """Make the tab.

        Args:
            read_only: The file is open for review: Enter on a row says why it edits nothing.
            build_now: Compose the widgets with the tab.
        """
        super().__init__(build_now=build_now)
        self.read_only = read_only
