"""A yes-or-no question before something that cannot be undone, such as removing a record."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from opstui.domain.text import printable, shorten
from opstui.screens.base import OpstuiModal


class ConfirmModal(OpstuiModal[bool]):
    """Dismissed with True when the user confirms (y), False otherwise (n or Escape).

    The safe answer has the focus, so an Enter typed by habit keeps what is there.
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(
        self, question: str, yes: str = "Remove", no: str = "Keep", detail: str = ""
    ) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box", id="confirm-box"):
            yield Static(Text(self.question, style="bold"), classes="form-title")
            if self.detail:
                yield Static(Text(shorten(printable(self.detail), 400)), id="confirm-detail")
            with Horizontal(classes="form-buttons"):
                yield Button(f"{self.yes_label} (y)", variant="error", id="confirm-yes")
                yield Button(f"{self.no_label} (n)", variant="primary", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
