"""Ask before deleting a capture: y deletes, n or Escape keeps it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from opstui.domain.live import printable, shorten
from opstui.screens.modals.live_modal import LiveModal


class ConfirmDeleteCapture(LiveModal[bool]):
    """A yes-or-no question about deleting one thing, shown with what would go."""

    BINDINGS = [
        Binding("y", "answer(True)", "Delete"),
        Binding("n,escape", "answer(False)", "Keep"),
    ]

    def __init__(self, what: str, detail: str = "") -> None:
        super().__init__()
        self.what = what
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box", id="confirm-box"):
            yield Static(Text(f"Delete this {self.what}?"), classes="form-title")
            if self.detail:
                yield Static(Text(shorten(printable(self.detail), 400)), id="confirm-detail")
            with Horizontal(classes="form-buttons"):
                yield Button("Delete (y)", variant="error", id="confirm-yes")
                yield Button("Keep (n)", variant="primary", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, delete: bool) -> None:
        self.dismiss(delete)
