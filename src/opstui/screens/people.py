"""The people screen: everyone who takes part in sessions, with their role and group."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Header, Static

from opstui.domain.initiative import Group, Person
from opstui.screens.base import DatabaseChanged, OpstuiScreen, guarded
from opstui.screens.commands import Command, bindings, edit_actions, keys_footer
from opstui.widgets.row_table import RowTable, TableColumn
from opstui.widgets.tones import MUTED
from opstui.widgets.user_text import printable, user_text

#: The widest a name or a role is shown; the rest is cut with an ellipsis.
MAX_WIDTH = 40


def widest(heading: str, values: Iterable[str]) -> int:
    """The width of a column: its longest value's (up to ``MAX_WIDTH``), or its heading's."""
    longest = max((cell_len(printable(value)) for value in values), default=0)
    return max(min(longest, MAX_WIDTH), len(heading))


def people_columns(people: list[Person]) -> list[TableColumn]:
    """Name, role and group, each as wide as its longest entry."""
    return [
        TableColumn("name", Text("Name"), widest("Name", (p.name for p in people))),
        TableColumn("role", Text("Role"), widest("Role", (p.role or "–" for p in people))),
        TableColumn("group", Text("Group"), widest("Group", (g.label for g in Group))),
    ]


def person_cells(people: dict[str, Person], person_id: str) -> list[Text]:
    person = people[person_id]
    return [
        user_text(person.name),
        user_text(person.role or "–", style="" if person.role else MUTED),
        Text(person.group.label),
    ]


COMMANDS = (
    Command("escape", "back", "Back"),
    Command("n", "add_person", "Add person", edits=True),
    Command("e", "edit_person", "Edit person", edits=True),
)


class PeopleScreen(OpstuiScreen):
    """Add people once; sessions pick their participants from here."""

    BINDINGS = bindings(COMMANDS)
    EDIT_ACTIONS = edit_actions(COMMANDS)

    def __init__(self) -> None:
        super().__init__()
        self.people: list[Person] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="people-empty")
        # A file may hold thousands of people: a table that draws only the rows on screen.
        yield RowTable(id="people", zebra_stripes=True)
        yield keys_footer()

    @guarded(leave=True)
    def on_mount(self) -> None:
        self.title = "People"
        self.show_people()
        self.query_one("#people", RowTable).focus()

    def show_people(self, select_id: str | None = None) -> None:
        """Fill the table, leaving the cursor on ``select_id`` (or where it was)."""
        table = self.query_one("#people", RowTable)
        keep = select_id or self.highlighted_id()
        self.people = self.store.list_people()
        by_id = {person.id: person for person in self.people}
        table.set_contents(
            people_columns(self.people),
            list(by_id),
            partial(person_cells, by_id),
            cursor_key=keep,
        )
        empty = self.query_one("#people-empty", Static)
        empty.display = not self.people
        empty.update("Nobody yet. Press n to add the people who take part in sessions.")
        self.sub_title = ("read-only · " if self.read_only else "") + f"{len(self.people)} people"

    @on(DatabaseChanged)
    @guarded()
    def on_database_changed(self) -> None:
        self.show_people()

    def highlighted_id(self) -> str | None:
        return self.query_one("#people", RowTable).highlighted_key

    @on(RowTable.RowSelected, "#people")
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
