"""The form of a prototype on the ladder: its rung, title, status, dates, the assumption
it tests and what was learned. Dismissed with the prototype, or None when cancelled; the
workspace saves it.

The form opens on the title, so that ``n``, a title and Enter add a planned prototype
at the highlighted rung; the rung's line below its choice says what that rung tests.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.validation import Length
from textual.widgets import Input, Select, Static, TextArea

from opstui.domain.prototypes import Prototype, Stage, Status
from opstui.domain.text import printable
from opstui.screens.modals.buy_in_forms import date_input, one_line
from opstui.screens.modals.form import FormModal, text_or_none
from opstui.widgets.tones import MUTED


class PrototypeForm(FormModal[Prototype]):
    """A prototype of the ladder, new (at a given rung) or edited."""

    LABELS = {
        "stage": "Rung",
        "title": "Title",
        "status": "Status",
        "started_on": "Started on",
        "ended_on": "Ended on",
        "assumption": "Assumption tested",
        "learned": "What was learned",
    }
    FIRST_FIELD = "#prototype-title"

    def __init__(
        self,
        initiative_id: str,
        prototype: Prototype | None,
        *,
        stage: Stage = Stage.WORKFLOW_DIAGRAM,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.initiative_id = initiative_id
        self.prototype = prototype
        self.stage = prototype.stage if prototype is not None else stage
        self.today = today or date.today()
        self.heading = "Edit prototype" if prototype else "Add prototype"
        self.save_label = "Save" if prototype else "Add"

    def compose_fields(self) -> ComposeResult:
        prototype = self.prototype
        yield from self.inline(
            "Rung",
            Select(
                [(Text(f"{s.rank} {s.label}"), s) for s in Stage],
                allow_blank=False,
                value=self.stage,
                id="prototype-stage",
                compact=True,
            ),
        )
        yield Static(self._tests(self.stage), id="prototype-tests", classes="form-label")
        yield from self.labelled(
            "Title",
            Input(
                one_line(prototype.title) if prototype else "",
                placeholder="e.g. Research ops books every interview by hand for a month",
                id="prototype-title",
                validators=[Length(minimum=1, failure_description="a title is needed")],
            ),
        )
        yield from self.inline(
            "Status",
            Select(
                [(Text(s.value), s) for s in Status],
                allow_blank=False,
                value=prototype.status if prototype else Status.PLANNED,
                id="prototype-status",
                compact=True,
            ),
        )
        yield from self.inline(
            "Started on",
            date_input(prototype.started_on if prototype else None, "prototype-started-on"),
            hint=f"e.g. {self.today.isoformat()}",
        )
        yield from self.inline(
            "Ended on",
            date_input(prototype.ended_on if prototype else None, "prototype-ended-on"),
            hint="empty while it runs",
        )
        yield from self.labelled(
            "Assumption tested",
            self._prose("prototype-assumption", prototype.assumption if prototype else ""),
            hint="what must hold for the next rung to be worth building",
        )
        yield from self.labelled(
            "What was learned",
            self._prose("prototype-learned", prototype.learned if prototype else ""),
        )

    @staticmethod
    def _prose(widget_id: str, value: str) -> TextArea:
        return TextArea(
            printable(value, drop=True),
            id=widget_id,
            classes="form-text",
            soft_wrap=True,
            tab_behavior="focus",
        )

    @staticmethod
    def _tests(stage: Stage) -> Text:
        return Text(f"Tests {stage.tests}.", style=MUTED)

    @on(Select.Changed, "#prototype-stage")
    def _stage_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, Stage):
            self.query_one("#prototype-tests", Static).update(self._tests(event.value))

    def build(self) -> Prototype:
        base = self.prototype.model_dump() if self.prototype is not None else {}
        return Prototype.model_validate(
            {
                **base,
                "initiative_id": self.initiative_id,
                "stage": self.choice_of("prototype-stage"),
                "title": self.value_of("prototype-title"),
                "status": self.choice_of("prototype-status"),
                "started_on": text_or_none(self.value_of("prototype-started-on")),
                "ended_on": text_or_none(self.value_of("prototype-ended-on")),
                "assumption": self.value_of("prototype-assumption").strip(),
                "learned": self.value_of("prototype-learned").strip(),
            }
        )
