"""A yes-or-no question before something that cannot be undone, such as removing a record."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from opstui.screens.base import OpstuiModal


class ConfirmModal(OpstuiModal[bool]):
    """Dismissed with True when the user confirms, False otherwise."""

    BINDINGS = [Binding("escape", "no", "Cancel")]

    def __init__(self, question: str, yes: str = "Remove", no: str = "Keep") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(Text(self.question, style="bold"), classes="form-title")
            with Horizontal(classes="form-buttons"):
                yield Button(self.yes_label, variant="error", id="confirm-yes")
                yield Button(self.no_label, variant="primary", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_no(self) -> None:
        self.dismiss(False)
