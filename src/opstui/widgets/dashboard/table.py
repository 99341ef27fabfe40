"""The dashboard's table: a row per initiative, sorted by any column, narrowed by filters.

The screen hands it the initiatives it read (``show``) and, a batch at a time, their
summaries (``take_summaries``); the table keeps the order the user chose and draws a
row's cells only when the row is on screen (see ``RowTable``).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size

from opstui.db.database import InitiativeHeading
from opstui.widgets.dashboard.rows import (
    COLUMN_BY_KEY,
    COLUMNS,
    HEADING_COLUMNS,
    SOURCE_COLUMN,
    SOURCE_WIDTH,
    THIS_FILE,
    Column,
    DashboardRow,
    Filters,
    row_cells,
    shown_sources,
    sort_rows,
)
from opstui.widgets.row_table import RowTable, TableColumn

if TYPE_CHECKING:
    from opstui.domain.initiative_summary import InitiativeSummary

#: Below this width the table uses short step names and narrow columns.
NARROW_WIDTH = 110
#: The "From" column is left out where it would leave the titles less room than this.
TITLE_BESIDE_SOURCE = 20


def is_narrow(width: int) -> bool:
    return width < NARROW_WIDTH


class InitiativeTable(RowTable):
    """The dashboard's table, where Enter opens the highlighted initiative."""

    # Enter keeps the table's own meaning (select the row, in the order keys were
    # typed); only its name changes, so it shows in the footer (short, first) and the
    # palette (the tooltip is its full name there and in F1).
    BINDINGS = [Binding("enter", "select_cursor", "Open", tooltip="Open initiative")]

    def __init__(self, *, zebra_stripes: bool = False, id: str | None = None) -> None:
        super().__init__(zebra_stripes=zebra_stripes, id=id)
        #: Every initiative, in stored order, as the screen last handed them over.
        self.initiatives: list[InitiativeHeading] = []
        self.summaries: dict[str, InitiativeSummary] = {}
        self.sort_column: str | None = None
        self.sort_reverse = False
        #: Whether the columns were last laid out narrow; None before the first time.
        self.laid_out_narrow: bool | None = None
        #: The filters the rows were last chosen by: an unchanged filter keeps them.
        self.shown_filters: Filters | None = None
        #: The sources told apart (``shown_sources``): none when all are one.
        self.sources: list[str | None] = []
        #: Whether the "From" column was last laid out.
        self.laid_out_source = False

    # -- filling ---------------------------------------------------------------------

    def show(self, initiatives: list[InitiativeHeading], filters: Filters, room: Size) -> None:
        """Fill the table with the initiatives that pass, laid out for the screen's size.

        The cursor stays on the initiative it was on.
        """
        highlighted = self.highlighted_key
        self.initiatives = initiatives
        self.sources = shown_sources(initiatives)
        rows = sort_rows(
            [DashboardRow(i, self.summaries.get(i.id)) for i in initiatives if filters.admit(i)],
            self.sort_column,
            self.sort_reverse,
        )
        narrow = is_narrow(room.width)
        columns = self.table_columns(rows, room)
        with_source = any(column.key == SOURCE_COLUMN.key for column in columns)
        self.shown_filters, self.laid_out_narrow = filters, narrow
        self.laid_out_source = with_source
        self.set_contents(
            columns,
            [row.initiative_id for row in rows],
            partial(
                self.cells_of,
                {row.initiative_id: row.initiative for row in rows},
                narrow,
                with_source,
            ),
            cursor_key=highlighted,
        )

    def fits(self, room: Size) -> bool:
        """Whether the columns were laid out for a screen this size (narrow or wide, with
        the "From" column or without)."""
        return self.laid_out_narrow == is_narrow(room.width) and self.laid_out_source == (
            self.source_fits(room, self.row_count)
        )

    def source_column(self) -> Column | None:
        """The "From" column, as wide as the longest source; None when it is not shown."""
        if not self.sources:
            return None
        longest = max(len(source or THIS_FILE) for source in self.sources)
        width = min(max(longest, len(SOURCE_COLUMN.label)), SOURCE_WIDTH)
        return Column(SOURCE_COLUMN.key, SOURCE_COLUMN.label, width, width, SOURCE_COLUMN.sort_key)

    def source_fits(self, room: Size, rows: int) -> bool:
        """Whether the "From" column is shown: there are sources, and room beside titles."""
        source = self.source_column()
        if source is None:
            return False
        narrow = is_narrow(room.width)
        fixed = sum((c.narrow if narrow else c.wide) + 2 for c in COLUMNS if c.key != "title")
        scrollbar = 2 if rows + 7 > room.height else 0
        return room.width - fixed - 2 - scrollbar - (source.wide + 2) >= TITLE_BESIDE_SOURCE

    def table_columns(self, rows: list[DashboardRow], room: Size) -> list[TableColumn]:
        """The columns for these rows on a screen of this size, the sorted one marked."""
        narrow = is_narrow(room.width)
        labels: dict[str, Text] = {}
        widths: dict[str, int] = {}
        shown = list(COLUMNS)
        source = self.source_column()
        if source is not None and self.source_fits(room, len(rows)):
            shown.insert(1, source)
        for column in shown:
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
        scrollbar = 2 if len(rows) + 7 > room.height else 0
        space = max(room.width - fixed - 2 - scrollbar, 16)
        widths["title"] = max(min(max(longest, 10), space), labels["title"].cell_len)
        return [TableColumn(c.key, labels[c.key], widths[c.key]) for c in shown]

    def cells_of(
        self,
        initiatives: dict[str, InitiativeHeading],
        narrow: bool,
        with_source: bool,
        initiative_id: str,
    ) -> list[Text]:
        """A row's cells, asked for by the table when it draws the row."""
        initiative = initiatives[initiative_id]
        row = DashboardRow(initiative, self.summaries.get(initiative_id))
        return row_cells(row, narrow, with_source)

    def take_summaries(self, summaries: list[InitiativeSummary], complete: bool) -> bool:
        """Fill in a batch of summaries computed again; ``complete`` on the last batch.

        Only the initiatives that changed come (see ``DashboardSummaries``); the others
        keep theirs. Returns True when the rows stayed where they are, only their
        computed cells drawn again; False when they are sorted by a computed column and
        must be shown again (``show``) to take their new places.
        """
        before = self.summaries
        fresh = {s.initiative_id: s for s in summaries}
        self.summaries = {**before, **fresh}
        if complete:  # an initiative deleted meanwhile leaves no summary behind
            known = {i.id for i in self.initiatives}
            self.summaries = {k: v for k, v in self.summaries.items() if k in known}
        changed = [key for key, summary in fresh.items() if before.get(key) != summary]
        if not changed:
            return True
        if self.sort_column not in HEADING_COLUMNS and self.sort_column is not None:
            return False
        for initiative_id in changed:
            self.refresh_row(initiative_id)
        return True

    # -- sorting ---------------------------------------------------------------------

    def cycle_sort(self) -> None:
        """Stored order, then each column on screen in turn (shown at the next ``show``)."""
        keys: list[str | None] = [None, *(c.key for c in self.columns or COLUMNS)]
        current = keys.index(self.sort_column) if self.sort_column in keys else 0
        self.sort_column = keys[(current + 1) % len(keys)]
        self.sort_reverse = False

    def reverse_sort(self) -> None:
        self.sort_reverse = not self.sort_reverse

    def sort_by(self, key: str) -> None:
        """Sort by this column; by the same one again, the other way round."""
        if key == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = key, False

    # -- what is shown ---------------------------------------------------------------

    def counts(self) -> list[str]:
        """How many initiatives are shown of how many, and the order they are in."""
        parts = [f"{self.row_count} of {len(self.initiatives)} initiatives"]
        if self.sort_column is not None:
            direction = "descending" if self.sort_reverse else "ascending"
            parts.append(f"sorted by {COLUMN_BY_KEY[self.sort_column].label.lower()}, {direction}")
        return parts

    def highlighted_origin(self) -> str | None:
        """The file the highlighted initiative comes from: None for this file (or none)."""
        wanted = self.highlighted_key
        heading = next((i for i in self.initiatives if i.id == wanted), None)
        return None if heading is None else heading.origin

    def highlighted(self) -> InitiativeSummary | InitiativeHeading | None:
        """The highlighted initiative: its summary, or its heading until that is computed."""
        wanted = self.highlighted_key
        if wanted is None:
            return None
        summary = self.summaries.get(wanted)
        if summary is not None:
            return summary
        return next((i for i in self.initiatives if i.id == wanted), None)
