"""The home screen: the initiatives in the database, where every visit starts."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from opstui.domain.initiative import Initiative
from opstui.screens.base import DatabaseChanged, OpstuiScreen


class HomeScreen(OpstuiScreen):
    """Every initiative with its step and status."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="home-empty")
        yield DataTable(id="initiatives", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Initiative", key="title")
        table.add_column("Step", key="step")
        table.add_column("Status", key="status")
        self.show(self.store.list_initiatives())

    def on_database_changed(self, _: DatabaseChanged) -> None:
        self.show(self.store.list_initiatives())

    def show(self, initiatives: list[Initiative]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for initiative in initiatives:
            table.add_row(
                Text(initiative.title),
                Text(initiative.step.label),
                Text(initiative.status.value),
                key=initiative.id,
            )
        empty = self.query_one("#home-empty", Static)
        empty.display = not initiatives
        empty.update("No initiatives yet. Run `opstui demo` to explore a sample database.")
