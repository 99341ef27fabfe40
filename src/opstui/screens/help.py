"""The help screen: every key binding of the screen below it and of the app."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from opstui.widgets.tones import MUTED, MUTED_BOLD


@dataclass(frozen=True)
class KeyHelp:
    """One line of help: the key, what it does, and whether it works right now."""

    key: str
    description: str
    enabled: bool = True


class HelpScreen(ModalScreen[None]):
    """Lists every binding; Escape or F1 closes it."""

    BINDINGS = [
        Binding("escape,f1,q", "dismiss", "Close help"),
    ]

    def __init__(self, title: str, keys: list[KeyHelp]) -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Text(f"Keys — {self.title_text}", style="bold"), id="help-title")
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            yield Static(
                "Every action is also in the command palette (Ctrl+P) under the same name.",
                id="help-hint",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action")
        for item in self.keys:
            style = "" if item.enabled else MUTED
            table.add_row(
                Text(item.key, style="bold" if item.enabled else MUTED_BOLD),
                Text(item.description, style=style),
            )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
