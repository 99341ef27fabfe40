"""The form to log (or edit) an event of a metric measured from events: the day, how
many days before the milestone it fell, its size, the cohort and a note."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select

from opstui.domain.metric_events import MetricEvent, describe_rule
from opstui.domain.metrics import Cohort, Metric
from opstui.domain.text import printable
from opstui.screens import clock
from opstui.screens.modals.form import FormModal
from opstui.screens.modals.reading_form import COHORT_TEXT


class EventForm(FormModal[MetricEvent]):
    """Dismissed with the new or changed MetricEvent, or None."""

    LABELS = {
        "happened_on": "Date",
        "days_before": "Days before the milestone",
        "magnitude": "Size",
        "cohort": "Cohort",
        "note": "Note",
    }
    #: The day is today's and the size 1 already: typing starts at the distance.
    FIRST_FIELD = "#event-days"

    def __init__(self, metric: Metric, event: MetricEvent | None = None) -> None:
        super().__init__()
        self.metric = metric
        self.event = event
        self.heading = f"{'Edit event' if event else 'Log an event'} of {metric.name}"
        self.save_label = "Save" if event else "Log"

    def compose_fields(self) -> ComposeResult:
        event = self.event
        yield from self.labelled(
            "Date",
            Input(
                (event.happened_on if event else clock.today()).isoformat(),
                placeholder="YYYY-MM-DD",
                restrict=r"[0-9-]*",
                max_length=10,
                id="event-date",
            ),
        )
        yield from self.labelled(
            "Days before the milestone",
            Input(
                "" if event is None or event.days_before is None else str(event.days_before),
                type="integer",
                placeholder="e.g. 12 (empty: counts fully)",
                id="event-days",
            ),
            hint=describe_rule(self.metric),
        )
        unit = f" in {self.metric.unit}" if self.metric.unit.strip() else ""
        yield from self.labelled(
            "Size",
            Input(
                f"{event.magnitude:g}" if event else "1",
                type="number",
                placeholder=f"how big{unit}",
                id="event-size",
            ),
            hint="1 counts it once; or days moved, people affected…",
        )
        yield from self.labelled(
            "Cohort",
            Select(
                [(Text(COHORT_TEXT[c]), c) for c in Cohort],
                allow_blank=False,
                value=event.cohort if event else Cohort.ALL,
                id="event-cohort",
            ),
        )
        yield from self.labelled(
            "Note",
            Input(
                printable(event.note, lines=False, drop=True) if event else "",
                placeholder="what happened (optional)",
                id="event-note",
            ),
        )

    def build(self) -> MetricEvent:
        size = self.value_of("event-size").strip()
        if not size:
            raise ValueError("Size: type how big it was (1 counts it once)")
        fields: dict[str, object] = {
            "metric_id": self.metric.id,
            "happened_on": self.value_of("event-date").strip() or None,
            "days_before": self.value_of("event-days").strip() or None,
            "magnitude": size,
            "cohort": self.choice_of("event-cohort"),
            "note": self.value_of("event-note").strip(),
        }
        if self.event is not None:
            return MetricEvent.model_validate({**self.event.model_dump(), **fields})
        return MetricEvent.model_validate(fields)
