"""The form to add a group an initiative affects, or change what is noted about it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Select, TextArea

from opstui.domain.initiative import AffectedGroup, Group
from opstui.domain.text import printable
from opstui.screens.modals.form import FormModal


class GroupForm(FormModal[AffectedGroup]):
    """Dismissed with the affected group and its note, or None.

    Saving a group already on the initiative replaces its note (the store keeps one
    row per group), so picking an existing group here edits it.
    """

    LABELS = {"group": "Group", "note": "Note"}

    def __init__(
        self,
        initiative_id: str,
        existing: AffectedGroup | None = None,
        notes: dict[Group, str] | None = None,
    ) -> None:
        super().__init__()
        self.initiative_id = initiative_id
        self.existing = existing
        #: The notes already kept per group, shown when that group is picked.
        self.notes = dict(notes or {})
        self.heading = (
            f"Affected group: {existing.group.label}" if existing else "Add an affected group"
        )

    def compose_fields(self) -> ComposeResult:
        first = self.existing.group if self.existing else self._first_missing()
        yield from self.inline(
            "Group",
            Select(
                [(Text(g.label), g) for g in Group],
                allow_blank=False,
                value=first,
                id="group-group",
                disabled=self.existing is not None,
                compact=True,
            ),
        )
        yield from self.labelled(
            "Note",
            TextArea(
                printable(
                    self.existing.note if self.existing else self.notes.get(first, ""), drop=True
                ),
                id="group-note",
                classes="form-text",
                soft_wrap=True,
                tab_behavior="focus",
            ),
            hint="their experience of the problem",
        )

    def _first_missing(self) -> Group:
        return next((g for g in Group if g not in self.notes), Group.PRODUCT)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "group-group" and isinstance(event.value, Group):
            self.query_one("#group-note", TextArea).text = printable(
                self.notes.get(event.value, ""), drop=True
            )

    def build(self) -> AffectedGroup:
        fields = {
            "initiative_id": self.initiative_id,
            "group": self.choice_of("group-group"),
            "note": self.value_of("group-note").strip(),
        }
        if self.existing is not None:
            return AffectedGroup.model_validate({**self.existing.model_dump(), **fields})
        return AffectedGroup.model_validate(fields)
