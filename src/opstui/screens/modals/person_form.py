"""The form to add a person or change their name, role and group."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.validation import Length
from textual.widgets import Input, Select

from opstui.domain.initiative import Group, Person
from opstui.domain.text import printable
from opstui.screens.modals.form import FormModal


class PersonForm(FormModal[Person]):
    """Dismissed with the new or changed Person, or None."""

    LABELS = {"name": "Name", "role": "Role", "group": "Group"}

    def __init__(self, person: Person | None = None) -> None:
        super().__init__()
        self.person = person
        self.heading = "Edit person" if person else "Add a person"
        self.save_label = "Save" if person else "Add"

    def compose_fields(self) -> ComposeResult:
        person = self.person
        yield from self.labelled(
            "Name",
            Input(
                printable(person.name, lines=False, drop=True) if person else "",
                placeholder="Full name",
                id="person-name",
                validators=[Length(minimum=1, failure_description="a name is needed")],
            ),
        )
        yield from self.labelled(
            "Role",
            Input(
                printable(person.role, lines=False, drop=True) if person else "",
                placeholder="e.g. Product manager",
                id="person-role",
            ),
        )
        yield from self.inline(
            "Group",
            Select(
                [(Text(g.label), g) for g in Group],
                allow_blank=False,
                value=person.group if person else Group.PRODUCT,
                id="person-group",
                compact=True,
            ),
            hint="where they work",
        )

    def build(self) -> Person:
        fields = {
            "name": self.value_of("person-name"),
            "role": self.value_of("person-role").strip(),
            "group": self.choice_of("person-group"),
        }
        if self.person is None:
            return Person.model_validate(fields)
        return Person.model_validate({**self.person.model_dump(), **fields})
