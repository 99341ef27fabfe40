"""A list of entries of wrapped text, drawn a line at a time, that keeps what it drew.

Textual's ``OptionList`` adds options only at its end, and setting its options anew
forgets every option's measured height and drawn lines: a list of 500 captures, newest
first, measured and drew all its lines again for each new one (``benchmarks/live.py``:
Enter on the 500th remark took 1.9 times as long as on the 10th). Here the entries are
handed over whole, each act's new list reusing the ``Entry`` objects that did not change;
an entry's height and lines are worked out the first time it is shown, at one width, and
kept for as long as that same object is in the list. A new entry at the top costs its own
lines, not the list's.

What it offers is what the live session's captures use: a highlighted entry moved by
keys and the mouse, Enter or a click to select it, entries that cannot be highlighted
(a placeholder), and long entries wrapped over several lines.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import ClassVar

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


@dataclass(frozen=True, eq=False)
class Entry:
    """One entry: its id, its text, and whether it can be highlighted.

    Compared by identity: the list keeps what it drew of this very object.
    """

    id: str
    prompt: Text
    disabled: bool = False


class EntryList(ScrollView, can_focus=True):
    """Entries of text, one under the other, with a highlight."""

    DEFAULT_CSS = """
    EntryList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        background: $surface;
        overflow-x: hidden;
        border: tall $border-blurred;
        padding: 0 1;
        & > .entry-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .entry-list--disabled {
            color: $text-disabled;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .entry-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"entry-list--highlighted", "entry-list--disabled"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Select", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
    ]

    highlighted: reactive[int | None] = reactive(None, init=False)
    """The highlighted entry's index; None when no entry can be highlighted."""

    class Selected(Message):
        """Enter was pressed on the highlighted entry, or an entry was clicked."""

        def __init__(self, entry_list: EntryList, entry: Entry) -> None:
            super().__init__()
            self.entry_list = entry_list
            self.entry = entry

        @property
        def control(self) -> EntryList:
            return self.entry_list

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._entries: list[Entry] = []
        #: Each entry's index, made when first asked for.
        self._index: dict[str, int] | None = None
        #: The width the heights and lines below were worked out at.
        self._width = 0
        self._heights: dict[Entry, int] = {}
        self._strips: dict[Entry, list[Strip]] = {}
        #: Each entry's first line, and how many lines the entries take in all.
        self._tops: list[int] = []
        self._line_count = 0

    # -- contents --------------------------------------------------------------------

    @property
    def entry_count(self) -> int:
        return len(self._entries)

    def entry_at(self, index: int) -> Entry:
        return self._entries[index]

    @property
    def highlighted_entry(self) -> Entry | None:
        index = self.highlighted
        return None if index is None else self._entries[index]

    def index_of(self, entry_id: str) -> int | None:
        """The index of the entry with this id, if it is in the list."""
        if self._index is None:
            self._index = {entry.id: index for index, entry in enumerate(self._entries)}
        return self._index.get(entry_id)

    def get_entry(self, entry_id: str) -> Entry:
        """The entry with this id; KeyError when it is not in the list."""
        index = self.index_of(entry_id)
        if index is None:
            raise KeyError(entry_id)
        return self._entries[index]

    def set_entries(self, entries: Sequence[Entry], highlighted: int | None = 0) -> None:
        """Show these entries, the highlight on ``highlighted`` (or the nearest entry
        that can have it). What was drawn of an entry object still in the list is kept."""
        self._entries = list(entries)
        self._index = None
        self._heights = {e: h for e in self._entries if (h := self._heights.get(e)) is not None}
        self._strips = {e: s for e in self._entries if (s := self._strips.get(e)) is not None}
        self._lay_out()
        self.set_reactive(EntryList.highlighted, self.validate_highlighted(highlighted))
        self._scroll_to_highlight()
        self.refresh()

    # -- measuring and drawing -------------------------------------------------------

    def _wrap_width(self) -> int:
        return self.scrollable_content_region.width

    def _lay_out(self) -> None:
        """Work out which entry each line of the list shows, measuring new entries only."""
        width = self._wrap_width()
        if width != self._width:
            self._width = width
            self._heights.clear()
            self._strips.clear()
        tops: list[int] = []
        count = 0
        if width > 0:
            heights = self._heights
            for entry in self._entries:
                height = heights.get(entry)
                if height is None:
                    height = heights[entry] = self._measure(entry)
                tops.append(count)
                count += height
        self._tops, self._line_count = tops, count
        self.virtual_size = Size(width, count)

    def _entry_at_line(self, line: int) -> tuple[int, int]:
        """The index of the entry shown on this line of the list, and its line in it."""
        index = bisect_right(self._tops, line) - 1
        return index, line - self._tops[index]

    def _measure(self, entry: Entry) -> int:
        """How many lines the entry takes: one, unless it is wider than the list."""
        prompt = entry.prompt
        if "\n" not in prompt.plain and prompt.cell_len <= self._width:
            return 1
        return len(self._drawn(entry))

    def _drawn(self, entry: Entry) -> list[Strip]:
        """The entry's lines at the list's width, without the list's own styles."""
        strips = self._strips.get(entry)
        if strips is None:
            console = self.app.console
            options = console.options.update_width(self._width)
            rendered = console.render_lines(entry.prompt, options, pad=True)
            strips = self._strips[entry] = [Strip(line, self._width) for line in rendered]
        return strips

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _on_resize(self, event: events.Resize) -> None:
        if self._wrap_width() != self._width:
            self._lay_out()
            self.refresh()
        self.call_after_refresh(self._scroll_to_highlight)

    def render_lines(self, crop: Region) -> list[Strip]:
        # A scrollbar that comes or goes changes the width without a resize.
        if self._wrap_width() != self._width:
            self._lay_out()
            self.call_after_refresh(self._scroll_to_highlight)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        width = self.scrollable_content_region.width
        base = self.rich_style
        line = y + scroll_y
        if line >= self._line_count or self._width != width:
            return Strip.blank(width, base)
        index, offset = self._entry_at_line(line)
        entry = self._entries[index]
        strip = self._drawn(entry)[offset]
        if entry.disabled:
            return strip.apply_style(base + self.get_component_rich_style("entry-list--disabled"))
        if index == self.highlighted:
            cursor = self.get_component_rich_style("entry-list--highlighted")
            # The highlight's colours win over the text's own, as in Textual's lists.
            over = Style(color=cursor.color, bgcolor=cursor.bgcolor)
            return Strip(Segment.apply_style(strip, base + cursor, over), strip.cell_length)
        return strip.apply_style(base)

    # -- the highlight ---------------------------------------------------------------

    def validate_highlighted(self, index: int | None) -> int | None:
        """Kept within the entries, on one that is not disabled (None when none is)."""
        entries = self._entries
        if index is None or not entries:
            return None
        index = min(max(index, 0), len(entries) - 1)
        for candidate in chain(range(index, len(entries)), range(index - 1, -1, -1)):
            if not entries[candidate].disabled:
                return candidate
        return None

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None and index < len(self._tops):
                self.refresh_lines(self._tops[index], self._heights.get(self._entries[index], 1))
        self._scroll_to_highlight()

    def _scroll_to_highlight(self) -> None:
        index = self.highlighted
        if index is None or index >= len(self._tops) or not self.size.height:
            return
        top = self._tops[index]
        bottom = top + self._heights.get(self._entries[index], 1)
        shown = self.scrollable_content_region.height
        # Forced: entries that fitted had no scrollbar yet, and would not be scrolled.
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, force=True)
        elif bottom > self.scroll_y + shown:
            self.scroll_to(y=max(bottom - shown, 0), animate=False, force=True)

    def _move(self, step: int) -> None:
        """Move the highlight ``step`` entries, skipping those that cannot have it."""
        entries = self._entries
        if not entries:
            return
        start = self.highlighted
        if start is None:
            self.highlighted = 0
            return
        direction = 1 if step > 0 else -1
        index, left = start, abs(step)
        while left and 0 <= index + direction < len(entries):
            index += direction
            if not entries[index].disabled:
                left -= 1
                self.highlighted = index

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_first(self) -> None:
        self.highlighted = 0
        self.scroll_to(y=0, animate=False)  # what cannot be highlighted above it too

    def action_last(self) -> None:
        self.highlighted = len(self._entries) - 1

    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def action_page_up(self) -> None:
        self._move(-self._page())

    def action_page_down(self) -> None:
        self._move(self._page())

    def action_select(self) -> None:
        entry = self.highlighted_entry
        if entry is not None and not entry.disabled:
            self.post_message(self.Selected(self, entry))

    # -- the mouse -------------------------------------------------------------------

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = offset.y + self.scroll_offset.y
        if not 0 <= line < self._line_count:
            return
        index, _ = self._entry_at_line(line)
        if self._entries[index].disabled:
            return
        event.stop()
        self.highlighted = index
        self.action_select()
