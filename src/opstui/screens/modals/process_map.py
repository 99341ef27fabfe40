"""The process map, typed live: one hand-off a line, drawn and checked as it is typed.

Opened from the live session (``M``). The field at the bottom takes a line; Enter adds it
to the session's map (made with its first line, titled after the session) once the map's
parser has read it: a line it refuses stays in the field, the reason beside it, and
nothing is stored. A paste of several lines adds them all, or none (saying which line of
the paste was refused). The drawing and the findings above follow at once.

The lines are listed in order: Shift+Tab moves there from the field (Tab to the
drawing, to scroll it); Enter on one puts it in the field to be
changed (Enter saves it, Esc leaves it as it was), ``d`` or Delete removes it. Ctrl+O
shows the initiative's other maps in turn (read only here). In a review, or an ended
session, the map is shown and nothing can be typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from opstui.db.errors import StoreError
from opstui.domain.text import printable
from opstui.screens.base import DatabaseChanged, guarded
from opstui.screens.modals.live_modal import LiveModal
from opstui.services.process_mapping import MapLineError, MapView, ProcessMapping
from opstui.widgets.process_map_view import ProcessMapView
from opstui.widgets.tones import MUTED

if TYPE_CHECKING:
    from opstui.db.store import Store

KEYS = {
    "add": "Enter adds the line · ⇧Tab lines · Tab map · ^O other maps · Esc close",
    "edit": "Editing line {n}: Enter saves it · Esc leaves it as it was",
    "lines": "Enter edits the line · d deletes it · Tab back to typing · Esc close",
    "read": "Read only · Tab lines, map · ^O other maps · Esc close",
}
PLACEHOLDER = "[start] Brief (PM) -> Review (Design): brief"


def line_option(number: int, text: str) -> Option:
    label = Text(no_wrap=True, overflow="ellipsis")
    label.append(f"{number:>2} ")  # plain: a muted number fails AA under the cursor
    label.append(printable(text, lines=False))
    return Option(label)


class MapInput(Input):
    """The field a map's lines are typed into; a paste of several lines adds them all."""

    class PastedLines(Message):
        def __init__(self, lines: list[str]) -> None:
            super().__init__()
            self.lines = lines

    def on_paste(self, event: events.Paste) -> None:
        # The app has made the paste printable already; an Input would keep its first line.
        lines = [line for line in event.text.splitlines() if line.strip()]
        if len(lines) > 1:
            event.prevent_default()
            event.stop()
            self.post_message(self.PastedLines(lines))


class ProcessMapPanel(LiveModal[None]):
    """The session's process map and the field its lines are typed into."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+o", "other_map", "Other map"),
        Binding("d,delete", "delete_line", "Delete line", show=False),
    ]

    def __init__(self, mapping: ProcessMapping) -> None:
        super().__init__()
        self.mapping = mapping
        self.own = mapping.session_map()
        self.others = [v for v in mapping.maps() if v.id != self.own.id]
        #: Which map is shown: 0 the session's own, then the initiative's others. Where
        #: nothing can be typed, a session without a map opens on the initiative's first.
        self.shown = 1 if self.own.id is None and self.others and not mapping.editable else 0
        #: The line being changed in the field, if one is.
        self.editing: str | None = None

    @property
    def view(self) -> MapView:
        return self.own if self.shown == 0 else self.others[self.shown - 1]

    @property
    def typing(self) -> bool:
        """Whether lines can be typed into the map shown."""
        return self.mapping.editable and self.shown == 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box", id="map-box"):
            yield Static(id="map-title", classes="form-title")
            yield ProcessMapView(id="map-view")
            yield OptionList(id="map-lines")
            with Horizontal(id="map-entry"):
                yield MapInput(placeholder=PLACEHOLDER, id="map-input", max_length=2000)
                yield Static("", classes="form-hint", id="map-hint")
            yield Static("", classes="form-keys", id="map-keys")

    def on_resize(self) -> None:
        self.set_class(self.size.height < 32, "-compact")

    def on_mount(self) -> None:
        field = self.query_one("#map-input", Input)
        field.display = self.mapping.editable
        self.show()
        if self.mapping.editable:
            field.focus()
        else:
            self.query_one("#map-lines", OptionList).focus()

    # -- showing ------------------------------------------------------------------------------

    def show(self) -> None:
        view = self.view
        title = Text("Process map: ")
        title.append(printable(view.title, lines=False))
        if self.shown:
            title.append(f"  (another map of the initiative, {self.shown} of {len(self.others)})")
        elif self.others:
            title.append(f"  (+{len(self.others)} more of the initiative: ^O)", style=MUTED)
        self.query_one("#map-title", Static).update(title)
        self.query_one("#map-view", ProcessMapView).show(view)
        lines = self.query_one("#map-lines", OptionList)
        highlighted = lines.highlighted
        lines.clear_options()
        lines.add_options(line_option(n, line.text) for n, line in enumerate(view.lines, 1))
        if view.lines:
            lines.highlighted = min(highlighted or 0, len(view.lines) - 1)
        self.query_one("#map-input", Input).disabled = not self.typing
        self.show_keys()

    def show_keys(self) -> None:
        if self.editing is not None:
            number = next(i for i, line in enumerate(self.view.lines, 1) if line.id == self.editing)
            keys = KEYS["edit"].format(n=number)
        elif isinstance(self.focused, OptionList) and self.typing:
            keys = KEYS["lines"]
        else:
            keys = KEYS["add"] if self.typing else KEYS["read"]
        self.query_one("#map-keys", Static).update(keys)

    def hint(self, text: str) -> None:
        self.query_one("#map-hint", Static).update(Text(text))

    @on(OptionList.OptionHighlighted)
    @on(Input.Changed)
    def _keys_follow(self) -> None:
        self.show_keys()

    def on_descendant_focus(self) -> None:
        self.show_keys()

    @on(DatabaseChanged)
    @guarded()
    def follow(self) -> None:
        """Another window wrote to the file (a review watching the facilitator type): read
        the maps again, keeping the line being changed if it is still there."""
        self.own = self.mapping.session_map()
        self.others = [v for v in self.mapping.maps() if v.id != self.own.id]
        self.shown = min(self.shown, len(self.others))
        if self.editing is not None and all(line.id != self.editing for line in self.own.lines):
            self.stop_editing()
        self.show()

    # -- typing -------------------------------------------------------------------------------

    @on(Input.Submitted, "#map-input")
    def take_line(self, event: Input.Submitted) -> None:
        """Enter: add the line (or save the one being changed), if the map reads it."""
        event.stop()
        if not self.typing:
            return
        field = event.input
        try:
            if self.editing is not None:
                self.own = self.mapping.edit_line(self.own, self.editing, event.value)
            else:
                self.own = self.mapping.add_line(self.own, event.value)
        except (MapLineError, StoreError) as error:
            self.hint(str(error))  # the line stays in the field, to be put right
            return
        self.editing = None
        self.hint("")
        # Only what was submitted goes: keys typed after Enter are already the next line.
        field.value = field.value.removeprefix(event.value)
        self.show()
        lines = self.query_one("#map-lines", OptionList)
        if self.own.lines:
            lines.highlighted = len(self.own.lines) - 1

    @on(MapInput.PastedLines)
    def take_pasted(self, event: MapInput.PastedLines) -> None:
        """A paste of several lines: each added, or none, with the reason."""
        if not self.typing or self.editing is not None:
            self.hint("Paste one line at a time while a line is being changed.")
            return
        try:
            self.own = self.mapping.add_lines(self.own, event.lines)
        except (MapLineError, StoreError) as error:
            self.hint(str(error))
            return
        self.hint("")
        self.notify(f"{len(event.lines)} lines added.")
        self.show()

    @on(OptionList.OptionSelected, "#map-lines")
    def edit_line(self, event: OptionList.OptionSelected) -> None:
        """Enter on a line: into the field, to be changed."""
        event.stop()
        if not self.typing:
            return
        line = self.view.lines[event.option_index]
        self.editing = line.id
        field = self.query_one("#map-input", Input)
        field.value = printable(line.text, lines=False, drop=True)
        field.cursor_position = len(field.value)
        field.focus()
        self.hint("")
        self.show_keys()

    def action_delete_line(self) -> None:
        lines = self.query_one("#map-lines", OptionList)
        if not self.typing or self.focused is not lines or lines.highlighted is None:
            return
        line = self.view.lines[lines.highlighted]
        try:
            self.own = self.mapping.delete_line(self.own, line.id)
        except (MapLineError, StoreError) as error:
            self.hint(str(error))
            return
        if self.editing == line.id:
            self.editing = None
            self.query_one("#map-input", Input).value = ""
        self.notify(Text(f"Line deleted: {printable(line.text, lines=False)}").plain, markup=False)
        self.show()

    def action_other_map(self) -> None:
        if not self.others:
            self.notify("This is the initiative's only map.")
            return
        self.stop_editing()
        self.shown = (self.shown + 1) % (len(self.others) + 1)
        self.show()

    def stop_editing(self) -> None:
        if self.editing is not None:
            self.editing = None
            self.query_one("#map-input", Input).value = ""
            self.hint("")

    def action_close(self) -> None:
        """Esc: out of changing a line first, then out of the map."""
        if self.editing is not None:
            self.stop_editing()
            self.show_keys()
            return
        self.dismiss(None)


NO_MAP = "This initiative has no process map yet: type one live, with M in a session."


def open_process_map(
    app: App[Any], store: Store, initiative_id: str, session_id: str | None
) -> None:
    """The maps of an initiative after its sessions, read only: ``session_id``'s first."""
    mapping = ProcessMapping(store, initiative_id, session_id=session_id, editable=False)
    panel = ProcessMapPanel(mapping)
    if panel.own.id is None and not panel.others:
        app.notify(NO_MAP)
        return
    app.push_screen(panel)
