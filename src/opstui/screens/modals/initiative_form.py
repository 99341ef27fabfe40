"""The form to create an initiative, or edit what it is about: title, status, the problem."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.validation import Length
from textual.widgets import Input, Select, TextArea

from opstui.domain.initiative import Initiative, InitiativeStatus
from opstui.domain.steps import Step
from opstui.domain.text import printable
from opstui.screens.modals.form import FormModal

#: The long-text fields of this form: model field, label, hint.
ABOUT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("problem", "Problem", "what is hard today, and for whom"),
    ("strategic_reason", "Strategic reason", "why this problem, now"),
    ("root_cause", "Root cause", "what discovery found beneath the symptoms"),
    ("vision", "Vision", "how everyone will work once it is solved"),
)


class InitiativeForm(FormModal[Initiative]):
    """Dismissed with the new or changed Initiative, or None."""

    LABELS = {"title": "Title", "status": "Status", "step": "Starting step"} | {
        key: label for key, label, _ in ABOUT_FIELDS
    }

    def __init__(self, initiative: Initiative | None = None) -> None:
        super().__init__()
        self.initiative = initiative
        self.heading = "Edit initiative" if initiative else "New initiative"
        self.save_label = "Save" if initiative else "Create"

    def compose_fields(self) -> ComposeResult:
        current = self.initiative
        yield from self.labelled(
            "Title",
            Input(
                printable(current.title, lines=False, drop=True) if current else "",
                placeholder="e.g. Make customer interviews easy to schedule",
                id="initiative-title",
                validators=[Length(minimum=1, failure_description="a title is needed")],
            ),
        )
        yield from self.inline(
            "Status",
            Select(
                [(Text(s.value.capitalize()), s) for s in InitiativeStatus],
                allow_blank=False,
                value=current.status if current else InitiativeStatus.ACTIVE,
                id="initiative-status",
                compact=True,
            ),
        )
        if current is None:
            # Later moves go through the step keys, where the doctor can warn.
            yield from self.inline(
                "Starting step",
                Select(
                    [(Text(s.label), s) for s in Step],
                    allow_blank=False,
                    value=Step.IDENTIFY_PROBLEM,
                    id="initiative-step",
                    compact=True,
                ),
                hint="most start at 1",
            )
        for key, label, hint in ABOUT_FIELDS:
            area = TextArea(
                printable(getattr(current, key), drop=True) if current else "",
                id=f"initiative-{key}",
                classes="form-text",
                soft_wrap=True,
                tab_behavior="focus",
            )
            yield from self.labelled(label, area, hint)

    def build(self) -> Initiative:
        fields: dict[str, object] = {
            "title": self.value_of("initiative-title"),
            "status": self.choice_of("initiative-status"),
        }
        for key, _, _ in ABOUT_FIELDS:
            fields[key] = self.value_of(f"initiative-{key}").strip()
        if self.initiative is None:
            fields["step"] = self.choice_of("initiative-step")
            return Initiative.model_validate(fields)
        return Initiative.model_validate({**self.initiative.model_dump(), **fields})
