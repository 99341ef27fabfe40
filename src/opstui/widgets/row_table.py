"""A light table of one-line rows, drawn a line at a time: the dashboard's list.

Textual's ``DataTable`` renders every cell through Rich on its own (padding, wrapping,
line splitting) and wants every row's cells up front, which is what a screenful of a
long list spent most of its first frame on. Here a row is one line: its cells are asked
for when the row is first drawn, cut to their columns' widths and rendered once, and the
line is kept until the row changes. Only the rows on screen are ever drawn, so a list of
any length is set at once, with no paging.

What it offers is what the dashboard uses: a header that stays put while the rows
scroll (clicking a heading says so), a row cursor moved by keys, mouse and wheel, Enter
or a click on the highlighted row to select it, zebra stripes, and rows drawn again in
place as their cells change.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

#: Blank cells on each side of every cell's text.
CELL_PADDING = 1


@dataclass(frozen=True)
class TableColumn:
    """A column: its key, its heading and the width of its text (padding aside)."""

    key: str
    label: Text
    width: int

    @property
    def render_width(self) -> int:
        return self.width + 2 * CELL_PADDING


#: Gives the cells of the row with this key, one per column.
CellsOf = Callable[[str], Sequence[Text]]


def line_of(
    cells: Sequence[Text], columns: Sequence[TableColumn], console: Console, first: int = 0
) -> Strip:
    """The cells cut or padded to their columns' widths, side by side on one line.

    Each cell's segments carry its column's index (counted from ``first``), so that
    neighbouring cells are never merged into one run: a screenshot (SVG) then places
    every column where the terminal does.
    """
    segments: list[Segment] = []
    for index, (column, cell) in enumerate(zip(columns, cells, strict=False), first):
        text = one_line(cell)
        text.truncate(column.width, overflow="ellipsis", pad=True)
        meta = column_meta(index)
        pad = Segment(" " * CELL_PADDING, meta)
        segments.append(pad)
        if text.spans:  # the text's own style is under its spans
            segments += Segment.apply_style(text.render(console), post_style=meta)
        else:  # Rich leaves the text's style out when it has no spans
            segments.append(Segment(text.plain, console.get_style(text.style) + meta))
        segments.append(pad)
    return Strip(segments, sum(column.render_width for column in columns[: len(cells)]))


def one_line(cell: Text) -> Text:
    """A copy of the cell that fits on one line: its first line, marked when there is more."""
    if "\n" in cell.plain:
        text = cell.split("\n", allow_blank=True)[0]
        text.append("…")
    else:
        text = cell.copy()
    if "\t" in text.plain:
        text.expand_tabs()
    return text


@lru_cache(maxsize=64)
def column_meta(index: int) -> Style:
    """A style that only says which column a segment is in: no two columns merge."""
    return Style.from_meta({"column": index})


class TableMessage(Message):
    """A message from a table, which ``@on`` selectors match by the table's id."""

    def __init__(self, table: RowTable) -> None:
        super().__init__()
        self.table = table

    @property
    def control(self) -> RowTable:
        return self.table


class RowMessage(TableMessage):
    """A message about one row, named by its key."""

    def __init__(self, table: RowTable, row_key: str) -> None:
        super().__init__(table)
        self.row_key = row_key


class RowTable(ScrollView, can_focus=True):
    """Rows of text under a fixed header, with a row cursor."""

    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-table--header {
                background-tint: $foreground 5%;
            }
            & > .row-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        &:dark > .row-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .row-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .row-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .row-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .row-table--header-hover {
            background: $accent 30%;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-table--header",
        "row-table--header-hover",
        "row-table--even-row",
        "row-table--cursor",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first_row", "First row", show=False),
        Binding("end,ctrl+end", "last_row", "Last row", show=False),
        Binding("left", "scroll_left", "Scroll left", show=False),
        Binding("right", "scroll_right", "Scroll right", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=False, init=False)
    """The highlighted row's index (0 when the table is empty)."""

    class RowHighlighted(RowMessage):
        """The cursor moved to another row."""

    class RowSelected(RowMessage):
        """Enter was pressed on a row, or the highlighted row was clicked."""

    class HeaderSelected(TableMessage):
        """A column's heading was clicked."""

        def __init__(self, table: RowTable, column_key: str) -> None:
            super().__init__(table)
            self.column_key = column_key

    def __init__(
        self,
        *,
        zebra_stripes: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.zebra_stripes = zebra_stripes
        self._columns: tuple[TableColumn, ...] = ()
        #: The rows' keys, in order; their cells are asked of ``_cells_of`` when drawn.
        self._rows: list[str] = []
        self._cells_of: CellsOf = lambda key: ()
        #: Each row's index by key, made when first asked for (``_index``).
        self._index_by_key: dict[str, int] | None = None
        #: Each row's line, rendered without the row's background: kept until it changes.
        self._lines: dict[str, Strip] = {}
        self._hover_column: int | None = None

    # -- contents --------------------------------------------------------------------

    @property
    def columns(self) -> tuple[TableColumn, ...]:
        return self._columns

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def row_keys(self) -> list[str]:
        return list(self._rows)

    def cells_at(self, index: int) -> Sequence[Text]:
        """The cells of the row at this index, as given to the table."""
        return self._cells_of(self._rows[index])

    @property
    def highlighted_key(self) -> str | None:
        """The key of the row under the cursor; None when there are no rows."""
        return self._rows[self.cursor_row] if self._rows else None

    def set_contents(
        self,
        columns: Sequence[TableColumn],
        keys: Sequence[str],
        cells_of: CellsOf,
        cursor_key: str | None = None,
    ) -> None:
        """Show these columns and rows, the cursor on ``cursor_key`` if it is among them.

        A row's cells are asked of ``cells_of`` only when the row is first drawn: a long
        list costs no more to show than a screenful. Unlike a move of the cursor, new
        contents post no ``RowHighlighted``: the caller shows what goes with them.
        """
        self._columns = tuple(columns)
        self._rows = list(keys)
        self._cells_of = cells_of
        self._index_by_key = None
        self._lines.clear()
        width = sum(column.render_width for column in self._columns)
        self.virtual_size = Size(width, len(self._rows) + 1)
        wanted = 0
        if cursor_key is not None:
            with contextlib.suppress(ValueError):
                wanted = self._rows.index(cursor_key)
        self.set_reactive(RowTable.cursor_row, wanted)
        self._scroll_cursor_into_view()
        self.refresh()

    def refresh_row(self, key: str) -> None:
        """Draw the row with this key again, asking for its cells anew (if it is shown)."""
        index = self._index().get(key)
        if index is None:
            return
        self._lines.pop(key, None)
        self.refresh_line(index + 1)

    def _index(self) -> dict[str, int]:
        """Each row's index by key. Made when first needed, not with the contents: for
        a deep initiative's 63,000 remarks it took a good part of showing them."""
        if self._index_by_key is None:
            self._index_by_key = dict(zip(self._rows, range(len(self._rows)), strict=True))
        return self._index_by_key

    # -- drawing ---------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        if y == 0:
            strip = self._header_strip(base)
        else:
            index = y - 1 + scroll_y
            if index >= len(self._rows):
                return Strip.blank(width, base)
            strip = self._row_strip(index, base)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _header_strip(self, base: Style) -> Strip:
        style = base + self.get_component_rich_style("row-table--header")
        hover = self.get_component_rich_style("row-table--header-hover")
        console = self.app.console
        return Strip.join(
            line_of([column.label], [column], console, index).apply_style(
                style + hover if index == self._hover_column else style
            )
            for index, column in enumerate(self._columns)
        )

    def _row_strip(self, index: int, base: Style) -> Strip:
        key = self._rows[index]
        line = self._lines.get(key)
        if line is None:
            cells = self._cells_of(key)
            line = self._lines[key] = line_of(cells, self._columns, self.app.console)
        style = base
        if self.zebra_stripes and index % 2 == 0:
            style += self.get_component_rich_style("row-table--even-row")
        if index == self.cursor_row:
            cursor = self.get_component_rich_style("row-table--cursor")
            # The cursor's colours win over the cells' own, as in Textual's tables.
            over = Style(color=cursor.color, bgcolor=cursor.bgcolor)
            return Strip(Segment.apply_style(line, style + cursor, over), line.cell_length)
        return line.apply_style(style)

    # -- the cursor ------------------------------------------------------------------

    @property
    def _visible_rows(self) -> int:
        """How many rows fit under the header."""
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)
        self._scroll_cursor_into_view()
        if self._rows:
            self.post_message(self.RowHighlighted(self, self._rows[new]))

    def move_cursor(self, row: int) -> None:
        """Put the cursor on a row (kept within the rows)."""
        if self._rows:
            self.cursor_row = min(max(row, 0), len(self._rows) - 1)

    def _scroll_cursor_into_view(self) -> None:
        if not self._rows or not self.size.height:
            return
        row = self.cursor_row
        top = round(self.scroll_y)
        # Forced: contents that fitted had no scrollbar yet, and would not be scrolled.
        if row < top:
            self.scroll_to(y=row, animate=False, force=True)
        elif row >= top + self._visible_rows:
            self.scroll_to(y=row - self._visible_rows + 1, animate=False, force=True)

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_x(old_value, new_value)
        self._hover_column = None  # the heading under the pointer has moved away

    def _on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._scroll_cursor_into_view)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - self._visible_rows)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + self._visible_rows)

    def action_first_row(self) -> None:
        self.move_cursor(0)

    def action_last_row(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def action_select_cursor(self) -> None:
        if self._rows:
            self.post_message(self.RowSelected(self, self._rows[self.cursor_row]))

    # -- the mouse -------------------------------------------------------------------

    def column_at(self, x: int) -> int | None:
        """The index of the column at this x on screen, if any."""
        x += round(self.scroll_x)
        for index, column in enumerate(self._columns):
            if x < column.render_width:
                return index
            x -= column.render_width
        return None

    async def _on_click(self, event: events.Click) -> None:
        if event.y == 0:
            column = self.column_at(event.x)
            if column is not None:
                self.post_message(self.HeaderSelected(self, self._columns[column].key))
            return
        index = event.y - 1 + round(self.scroll_y)
        if not 0 <= index < len(self._rows):
            return
        event.stop()
        if index == self.cursor_row:
            self.post_message(self.RowSelected(self, self._rows[index]))
        else:
            self.cursor_row = index

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover_column(self.column_at(event.x) if event.y == 0 else None)

    def _on_leave(self, event: events.Leave) -> None:
        self._set_hover_column(None)

    def _set_hover_column(self, column: int | None) -> None:
        if column != self._hover_column:
            self._hover_column = column
            self.refresh(Region(0, 0, self.size.width, 1))
