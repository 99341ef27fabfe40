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
    DashboardRow,
    Filters,
    row_cells,
    sort_rows,
)
from opstui.widgets.row_table import RowTable, TableColumn

if TYPE_CHECKING:
    from opstui.domain.initiative_summary import InitiativeSummary

#: Below this width the table uses short step names and narrow columns.
NARROW_WIDTH = 110


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

    # -- filling ---------------------------------------------------------------------

    def show(self, initiatives: list[InitiativeHeading], filters: Filters, room: Size) -> None:
        """Fill the table with the initiatives that pass, laid out for the screen's size.

        The cursor stays on the initiative it was on.
        """
        highlighted = self.highlighted_key
        self.initiatives = initiatives
        rows = sort_rows(
            [DashboardRow(i, self.summaries.get(i.id)) for i in initiatives if filters.admit(i)],
            self.sort_column,
            self.sort_reverse,
        )
        narrow = is_narrow(room.width)
        self.shown_filters, self.laid_out_narrow = filters, narrow
        self.set_contents(
            self.table_columns(rows, room),
            [row.initiative_id for row in rows],
            partial(self.cells_of, {row.initiative_id: row.initiative for row in rows}, narrow),
            cursor_key=highlighted,
        )

    def fits(self, room: Size) -> bool:
        """Whether the columns were laid out for a screen this wide (narrow or wide)."""
        return self.laid_out_narrow == is_narrow(room.width)

    def table_columns(self, rows: list[DashboardRow], room: Size) -> list[TableColumn]:
        """The columns for these rows on a screen of this size, the sorted one marked."""
        narrow = is_narrow(room.width)
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
        scrollbar = 2 if len(rows) + 7 > room.height else 0
        space = max(room.width - fixed - 2 - scrollbar, 16)
        widths["title"] = max(min(max(longest, 10), space), labels["title"].cell_len)
        return [TableColumn(c.key, labels[c.key], widths[c.key]) for c in COLUMNS]

    def cells_of(
        self, initiatives: dict[str, InitiativeHeading], narrow: bool, initiative_id: str
    ) -> list[Text]:
        """A row's cells, asked for by the table when it draws the row."""
        initiative = initiatives[initiative_id]
        return row_cells(DashboardRow(initiative, self.summaries.get(initiative_id)), narrow)

    def take_summaries(self, summaries: list[InitiativeSummary], complete: bool) -> bool:
        """Fill in a batch of summaries: all of them, when ``complete``.

        Returns True when the rows stayed where they are, only their computed cells
        drawn again; False when they are sorted by a computed column and must be shown
        again (``show``) to take their new places.
        """
        before = self.summaries
        fresh = {s.initiative_id: s for s in summaries}
        # Until the last batch, the rows not computed again yet keep what they showed.
        self.summaries = fresh if complete else {**before, **fresh}
        if self.sort_column not in HEADING_COLUMNS and self.sort_column is not None:
            return False
        # The summaries of earlier batches come again, the same objects.
        changed = [
            key
            for key, summary in fresh.items()
            if (earlier := before.get(key)) is not summary and earlier != summary
        ]
        if complete:
            changed += [key for key in before if key not in fresh]
        for initiative_id in changed:
            self.refresh_row(initiative_id)
        return True

    # -- sorting ---------------------------------------------------------------------

    def cycle_sort(self) -> None:
        """Stored order, then each column in turn (shown at the next ``show``)."""
        keys: list[str | None] = [None, *COLUMN_BY_KEY]
        self.sort_column = keys[(keys.index(self.sort_column) + 1) % len(keys)]
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

    def highlighted(self) -> InitiativeSummary | InitiativeHeading | None:
        """The highlighted initiative: its summary, or its heading until that is computed."""
        wanted = self.highlighted_key
        if wanted is None:
            return None
        summary = self.summaries.get(wanted)
        if summary is not None:
            return summary
        return next((i for i in self.initiatives if i.id == wanted), None)
