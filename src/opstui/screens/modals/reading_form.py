"""The form to add or edit one reading of a metric: day, value, cohort and a note."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select

from opstui.domain.metrics import Cohort, Metric, Reading
from opstui.domain.text import printable
from opstui.screens import clock
from opstui.screens.modals.form import FormModal

COHORT_TEXT: dict[Cohort, str] = {
    Cohort.ALL: "All — everyone affected",
    Cohort.ADOPTERS: "Adopters — those who took up the new way",
    Cohort.PILOT: "Pilot — the pilot cohorts",
    Cohort.NON_ADOPTERS: "Non-adopters — those who have not",
}


class ReadingForm(FormModal[Reading]):
    """Dismissed with the new or changed Reading, or None."""

    LABELS = {"taken_on": "Date", "value": "Value", "cohort": "Cohort", "note": "Note"}

    def __init__(
        self, metric: Metric, reading: Reading | None = None, *, cohort: Cohort | None = None
    ) -> None:
        super().__init__()
        self.metric = metric
        self.reading = reading
        self.cohort = reading.cohort if reading else (cohort or Cohort.ALL)
        action = "Edit reading" if reading else "Add a reading"
        self.heading = f"{action} of {metric.name}"
        self.save_label = "Save" if reading else "Add"

    def compose_fields(self) -> ComposeResult:
        reading = self.reading
        yield from self.labelled(
            "Date",
            Input(
                (reading.taken_on if reading else clock.today()).isoformat(),
                placeholder="YYYY-MM-DD",
                restrict=r"[0-9-]*",
                max_length=10,
                id="reading-date",
            ),
        )
        unit = f" in {self.metric.unit}" if self.metric.unit.strip() else ""
        yield from self.labelled(
            "Value",
            Input(
                "" if reading is None else f"{reading.value:g}",
                type="number",
                placeholder=f"the measurement{unit}",
                id="reading-value",
            ),
        )
        yield from self.labelled(
            "Cohort",
            Select(
                [(Text(COHORT_TEXT[c]), c) for c in Cohort],
                allow_blank=False,
                value=self.cohort,
                id="reading-cohort",
            ),
            hint="whose measurement this is",
        )
        yield from self.labelled(
            "Note",
            Input(
                printable(reading.note, lines=False, drop=True) if reading else "",
                placeholder="optional",
                id="reading-note",
            ),
        )

    def on_mount(self) -> None:
        # The date is filled in already: typing starts at the value, once the form's own
        # mount handler has focused its first field.
        self.call_after_refresh(self.query_one("#reading-value", Input).focus)

    def build(self) -> Reading:
        raw = self.value_of("reading-value").strip()
        if not raw:
            raise ValueError("Value: type the measurement")
        fields: dict[str, object] = {
            "metric_id": self.metric.id,
            "taken_on": self.value_of("reading-date").strip() or None,
            "value": raw,
            "cohort": self.choice_of("reading-cohort"),
            "note": self.value_of("reading-note").strip(),
        }
        if self.reading is not None:
            return Reading.model_validate({**self.reading.model_dump(), **fields})
        return Reading.model_validate(fields)
