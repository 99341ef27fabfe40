"""A row of choices, each picked with one key: who spoke, how it felt, what kind it was.

Pressing an option's key picks it and moves the focus on, so a form can be filled
with a handful of keys. Arrow keys and Enter reach options without a key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from opstui.domain.text import printable

V = TypeVar("V")


@dataclass(frozen=True)
class KeyOption(Generic[V]):
    """One choice: the key that picks it (may be empty), its label, and its value."""

    key: str
    label: str
    value: V


class KeyPicker(Widget, Generic[V], can_focus=True):
    """Pick one option with its key; the focus then moves to the next field."""

    DEFAULT_CSS = """
    KeyPicker {
        height: auto;
        width: 1fr;
        padding: 0 1;
        border-left: outer $border-blurred;
        background: $surface;
    }
    KeyPicker:focus {
        border-left: outer $border;
        background-tint: $foreground 5%;
    }
    """

    BINDINGS = [
        Binding("left,up", "move(-1)", "Previous choice", show=False),
        Binding("right,down", "move(1)", "Next choice", show=False),
        Binding("enter,space", "pick_cursor", "Pick", show=False),
    ]

    cursor: reactive[int] = reactive(0)
    selected: reactive[int | None] = reactive(None)

    class Picked(Message):
        """An option was picked, by its key or with Enter."""

        def __init__(self, picker: KeyPicker[object], value: object) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

        @property
        def control(self) -> KeyPicker[object]:
            return self.picker

    class Refused(Message):
        """A key that picks nothing here was pressed."""

        def __init__(self, picker: KeyPicker[object], key: str) -> None:
            super().__init__()
            self.picker = picker
            self.key = key

    def __init__(
        self,
        options: list[KeyOption[V]],
        *,
        selected: V | None = None,
        advance: bool = True,
        next_focus: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.options = options
        self.advance = advance
        #: A selector of the widget to focus after a pick, instead of the next one.
        self.next_focus = next_focus
        index = self._index_of(selected) if selected is not None else None
        self.set_reactive(KeyPicker.selected, index)
        self.set_reactive(KeyPicker.cursor, index or 0)

    def _index_of(self, value: object) -> int | None:
        for index, option in enumerate(self.options):
            if option.value == value:
                return index
        return None

    @property
    def value(self) -> V | None:
        return None if self.selected is None else self.options[self.selected].value

    def set_options(self, options: list[KeyOption[V]], selected: V | None = None) -> None:
        """Offer other options (the pass rules change with the vote method)."""
        self.options = options
        index = self._index_of(selected) if selected is not None else None
        self.selected = index
        self.cursor = index or 0
        self.refresh(layout=True)

    def select_value(self, value: V | None) -> None:
        """Show a value as picked without moving the focus (for defaults)."""
        index = self._index_of(value)
        self.selected = index
        if index is not None:
            self.cursor = index

    def _option_text(self, index: int, option: KeyOption[V]) -> Text:
        style = ""
        if index == self.selected:
            style = "bold reverse"
        elif index == self.cursor and self.has_focus:
            style = "underline"
        text = Text()
        if option.key:
            text.append(option.key, style=f"bold {style}".strip())
            text.append(" ", style=style)
        text.append(printable(option.label), style=style)
        return text

    def layout_text(self, width: int) -> Text:
        """The options in rows that fit ``width``; an option is never split between rows."""
        text = Text(no_wrap=True, overflow="ellipsis")
        used = 0
        for index, option in enumerate(self.options):
            piece = self._option_text(index, option)
            gap = 3 if used else 0
            if used and used + gap + piece.cell_len > width:
                text.append("\n")
                used, gap = 0, 0
            text.append(" " * gap)
            text.append_text(piece)
            used += gap + piece.cell_len
        return text

    def render(self) -> Text:
        return self.layout_text(max(self.content_size.width, 1))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.layout_text(max(width, 1)).plain.split("\n"))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.options:
            self.cursor = (self.cursor + step) % len(self.options)

    def action_pick_cursor(self) -> None:
        self._pick(self.cursor)

    def _pick(self, index: int) -> None:
        self.selected = index
        self.cursor = index
        self.post_message(self.Picked(self, self.options[index].value))  # type: ignore[arg-type]
        # Focus moves at once, not in a message handler: the app holds the keys typed
        # after this one until it has (see ``TypeAhead``), then hands them to the next field.
        if self.next_focus is not None:
            self.screen.query_one(self.next_focus).focus()
        elif self.advance:
            self.screen.focus_next()

    def on_key(self, event: events.Key) -> None:
        for index, option in enumerate(self.options):
            if option.key and event.character is not None and event.character == option.key:
                event.stop()
                event.prevent_default()
                self._pick(index)
                return
        if event.is_printable and event.character not in (" ",):
            event.stop()
            event.prevent_default()
            self.post_message(self.Refused(self, event.character or event.key))  # type: ignore[arg-type]
