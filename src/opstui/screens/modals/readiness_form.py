"""The form to rate an initiative's change readiness on the six Lippitt-Knoster elements."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from opstui.domain.session import ReadinessAssessment, ReadinessElement
from opstui.screens.modals.form import FormModal, text_or_none

#: What a high rating of each element means, in a few words.
ELEMENT_HINTS: dict[ReadinessElement, str] = {
    ReadinessElement.VISION: "everyone can say where this is going",
    ReadinessElement.CONSENSUS: "the people affected agree it is worth doing",
    ReadinessElement.SKILLS: "people know how to work the new way",
    ReadinessElement.INCENTIVES: "they have a reason of their own to change",
    ReadinessElement.RESOURCES: "time, tools and help are there",
    ReadinessElement.ACTION_PLAN: "clear next steps with owners and dates",
}


class ReadinessForm(FormModal[ReadinessAssessment]):
    """Dismissed with a new ReadinessAssessment, or None."""

    LABELS = {"assessed_on": "Assessed on", "note": "Note"} | {
        e.value: e.label for e in ReadinessElement
    }

    def __init__(self, initiative_id: str, today: date) -> None:
        super().__init__()
        self.initiative_id = initiative_id
        self.today = today
        self.heading = "Change readiness: rate each element from 1 (missing) to 5 (strong)"
        self.save_label = "Add"

    def compose_fields(self) -> ComposeResult:
        for element in ReadinessElement:
            yield from self.inline(
                element.label,
                Input(
                    placeholder="1-5",
                    restrict=r"[1-5]?",
                    max_length=1,
                    id=f"readiness-{element.value}",
                    classes="form-rating",
                    compact=True,
                ),
                hint=ELEMENT_HINTS[element],
            )
        yield from self.inline(
            "Assessed on",
            Input(
                self.today.isoformat(),
                placeholder="YYYY-MM-DD",
                restrict=r"[0-9-]*",
                max_length=10,
                id="readiness-assessed_on",
                classes="form-date",
                compact=True,
            ),
        )
        yield from self.labelled(
            "Note",
            TextArea(
                id="readiness-note", classes="form-text", soft_wrap=True, tab_behavior="focus"
            ),
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        # One digit is a whole rating: go straight on to the next element.
        if event.input.has_class("form-rating") and event.value:
            self.focus_next()

    def build(self) -> ReadinessAssessment:
        fields: dict[str, object] = {
            "initiative_id": self.initiative_id,
            "assessed_on": text_or_none(self.value_of("readiness-assessed_on")),
            "note": self.value_of("readiness-note").strip(),
        }
        missing = []
        for element in ReadinessElement:
            rating = text_or_none(self.value_of(f"readiness-{element.value}"))
            if rating is None:
                missing.append(element.label)
            fields[element.value] = rating
        if missing:
            raise ValueError(f"Rate every element from 1 to 5; not rated: {', '.join(missing)}")
        return ReadinessAssessment.model_validate(fields)
