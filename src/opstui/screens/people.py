"""The people screen: everyone who takes part in sessions, with their role and group."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from opstui.domain.initiative import Person
from opstui.screens.base import DatabaseChanged, OpstuiScreen
from opstui.widgets.footer import Footer
from opstui.widgets.user_text import user_text


class PeopleScreen(OpstuiScreen):
    """Add people once; sessions pick their participants from here."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("n", "add_person", "Add person"),
        Binding("e", "edit_person", "Edit person"),
    ]
    EDIT_ACTIONS: ClassVar[frozenset[str]] = frozenset({"add_person", "edit_person"})

    def __init__(self) -> None:
        super().__init__()
        self.people: list[Person] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="people-empty")
        yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "People"
        table = self.query_one("#people", DataTable)
        table.add_column("Name", key="name")
        table.add_column("Role", key="role")
        table.add_column("Group", key="group")
        self.show_people()
        table.focus()

    def show_people(self, select_id: str | None = None) -> None:
        """Fill the table, leaving the cursor on ``select_id`` (or where it was)."""
        table: DataTable[Text] = self.query_one("#people", DataTable)
        keep = select_id or self.highlighted_id()
        self.people = self.store.list_people()
        table.clear()
        for person in self.people:
            table.add_row(
                user_text(person.name),
                user_text(person.role or "–", style="" if person.role else "dim"),
                Text(person.group.label),
                key=person.id,
            )
        for index, person in enumerate(self.people):
            if person.id == keep:
                table.move_cursor(row=index, animate=False)
        empty = self.query_one("#people-empty", Static)
        empty.display = not self.people
        empty.update("Nobody yet. Press n to add the people who take part in sessions.")
        self.sub_title = ("read-only · " if self.read_only else "") + f"{len(self.people)} people"

    @on(DatabaseChanged)
    def on_database_changed(self) -> None:
        self.show_people()

    def highlighted_id(self) -> str | None:
        table = self.query_one("#people", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    @on(DataTable.RowSelected, "#people")
    def on_row_selected(self) -> None:
        self.action_edit_person()  # which says why not, in read-only review

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_add_person(self) -> None:
        if self.refuse_if_read_only():
            return
        from opstui.screens.modals.person_form import PersonForm

        def added(person: Person | None) -> None:
            if person is not None:
                self.store.add_person(person)
                self.show_people(person.id)

        self.app.push_screen(PersonForm(), added)

    def action_edit_person(self) -> None:
        if self.refuse_if_read_only():
            return
        person_id = self.highlighted_id()
        person = next((p for p in self.people if p.id == person_id), None)
        if person is None:
            return
        from opstui.screens.modals.person_form import PersonForm

        def edited(changed: Person | None) -> None:
            if changed is not None:
                self.store.update_person(changed)
                self.show_people(changed.id)

        self.app.push_screen(PersonForm(person), edited)
