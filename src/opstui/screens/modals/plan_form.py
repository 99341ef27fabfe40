"""The form for an initiative's solution and rollout: options, plans, learning, lessons."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from opstui.domain.initiative import Initiative
from opstui.domain.text import printable
from opstui.screens.modals.form import FormModal, date_text, text_or_none

#: The long-text fields of this form: model field, label, hint.
PLAN_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("options_considered", "Options considered", "the infrastructure weighed"),
    ("chosen_solution", "Chosen solution", "and why it is most likely to reach the goal"),
    ("rollout_plan", "Rollout plan", "from the pilot to everyone"),
    ("communication_plan", "Communication plan", "who hears what, when"),
    ("learning_support", "Learning support", "how people learn the new way after launch"),
    ("lessons_learned", "Lessons learned", "what you would do differently"),
)

#: The date fields of this form: model field, label, hint.
DATE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("rolled_out_on", "Rolled out on", "YYYY-MM-DD, when it went beyond the pilot"),
    ("results_shared_on", "Results shared on", "YYYY-MM-DD, when the people affected heard"),
)


class PlanForm(FormModal[Initiative]):
    """Dismissed with the initiative carrying its new plans, or None."""

    LABELS = {key: label for key, label, _ in PLAN_FIELDS + DATE_FIELDS}

    def __init__(self, initiative: Initiative) -> None:
        super().__init__()
        self.initiative = initiative
        self.heading = "Solution and rollout"

    def compose_fields(self) -> ComposeResult:
        for key, label, hint in PLAN_FIELDS:
            area = TextArea(
                printable(getattr(self.initiative, key), drop=True),
                id=f"plan-{key}",
                classes="form-text",
                soft_wrap=True,
                tab_behavior="focus",
            )
            yield from self.labelled(label, area, hint)
        for key, label, hint in DATE_FIELDS:
            field = Input(
                date_text(getattr(self.initiative, key)),
                placeholder="YYYY-MM-DD",
                id=f"plan-{key}",
                restrict=r"[0-9-]*",
                max_length=10,
            )
            yield from self.labelled(label, field, hint)

    def build(self) -> Initiative:
        fields: dict[str, object] = {
            key: self.value_of(f"plan-{key}").strip() for key, _, _ in PLAN_FIELDS
        }
        for key, _, _ in DATE_FIELDS:
            fields[key] = text_or_none(self.value_of(f"plan-{key}"))
        return Initiative.model_validate({**self.initiative.model_dump(), **fields})
