"""The form to add or edit a pilot cohort: who tries it, how many, since when, how far."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.validation import Length
from textual.widgets import Input, Select, TextArea

from opstui.domain.initiative import CohortScope, CohortStage, PilotCohort
from opstui.domain.text import printable
from opstui.screens.modals.form import FormModal, date_text, text_or_none

SCOPE_TEXT: dict[CohortScope, str] = {
    CohortScope.PERSON: "One person",
    CohortScope.TEAMS: "A few teams",
    CohortScope.ORGANIZATION: "The whole organization",
}


class CohortForm(FormModal[PilotCohort]):
    """Dismissed with the new or changed PilotCohort, or None."""

    LABELS = {
        "name": "Name",
        "scope": "Who",
        "size": "People",
        "started_on": "Started on",
        "stage": "Stage",
        "note": "Note",
    }

    def __init__(self, initiative_id: str, cohort: PilotCohort | None = None) -> None:
        super().__init__()
        self.initiative_id = initiative_id
        self.cohort = cohort
        self.heading = "Edit pilot cohort" if cohort else "Add a pilot cohort"
        self.save_label = "Save" if cohort else "Add"

    def compose_fields(self) -> ComposeResult:
        cohort = self.cohort
        yield from self.labelled(
            "Name",
            Input(
                printable(cohort.name, lines=False, drop=True) if cohort else "",
                placeholder="e.g. Checkout squad",
                id="cohort-name",
                validators=[Length(minimum=1, failure_description="a name is needed")],
            ),
        )
        yield from self.inline(
            "Who",
            Select(
                [(Text(text), scope) for scope, text in SCOPE_TEXT.items()],
                allow_blank=False,
                value=cohort.scope if cohort else CohortScope.TEAMS,
                id="cohort-scope",
                compact=True,
            ),
            hint="everyone means a rollout",
        )
        yield from self.inline(
            "People",
            Input(
                str(cohort.size) if cohort else "1",
                type="integer",
                id="cohort-size",
                classes="form-number",
                compact=True,
            ),
        )
        yield from self.inline(
            "Started on",
            Input(
                date_text(cohort.started_on if cohort else None),
                placeholder="YYYY-MM-DD",
                restrict=r"[0-9-]*",
                max_length=10,
                id="cohort-started",
                classes="form-date",
                compact=True,
            ),
            hint="empty if not started yet",
        )
        yield from self.inline(
            "Stage",
            Select(
                [(Text(s.value.capitalize()), s) for s in CohortStage],
                allow_blank=False,
                value=cohort.stage if cohort else CohortStage.PLANNED,
                id="cohort-stage",
                compact=True,
            ),
        )
        yield from self.labelled(
            "Note",
            TextArea(
                printable(cohort.note, drop=True) if cohort else "",
                id="cohort-note",
                classes="form-text",
                soft_wrap=True,
                tab_behavior="focus",
            ),
        )

    def build(self) -> PilotCohort:
        size = self.value_of("cohort-size").strip()
        fields: dict[str, object] = {
            "initiative_id": self.initiative_id,
            "name": self.value_of("cohort-name"),
            "scope": self.choice_of("cohort-scope"),
            "size": size or "0",
            "started_on": text_or_none(self.value_of("cohort-started")),
            "stage": self.choice_of("cohort-stage"),
            "note": self.value_of("cohort-note").strip(),
        }
        if self.cohort is not None:
            return PilotCohort.model_validate({**self.cohort.model_dump(), **fields})
        return PilotCohort.model_validate(fields)
