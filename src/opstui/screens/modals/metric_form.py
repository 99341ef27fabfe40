"""The form to add or edit a metric, warning as it is typed when it counts tool usage."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.validation import Length
from textual.widgets import Checkbox, Input, Select, Static

from opstui.domain.metric_tree import can_predict, link_problem, predictable_targets
from opstui.domain.metrics import Direction, Measure, Metric, MetricKind, Period, usage_warning
from opstui.domain.text import printable
from opstui.screens.base import METRICS_CSS
from opstui.screens.modals.form import FormModal, date_text, text_or_none

KIND_TEXT: dict[MetricKind, str] = {
    MetricKind.OUTCOME: "Outcome — the problem getting solved",
    MetricKind.LEADING: "Leading indicator — an early sign of the outcome",
    MetricKind.SENTIMENT: "Sentiment — how people feel about it",
    MetricKind.USAGE: "Usage — how much a tool is used",
}

DIRECTION_TEXT: dict[Direction, str] = {
    Direction.HIGHER: "Higher is better",
    Direction.LOWER: "Lower is better",
}


MEASURE_TEXT: dict[Measure, str] = {
    Measure.READINGS: "Readings entered by hand or imported",
    Measure.EVENTS: "Events, weighted by days before a milestone",
    Measure.CAPABILITY: "Capability checks — share of people who can",
}

PERIOD_TEXT: dict[Period, str] = {
    Period.WEEK: "Per week",
    Period.MONTH: "Per month",
    Period.QUARTER: "Per quarter",
}


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _number(text: str, label: str) -> float | None:
    """An optional number typed in a field, or a ValueError naming the field."""
    raw = text.strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{label}: {raw!r} is not a number") from None


class MetricForm(FormModal[Metric]):
    """Dismissed with the new or changed Metric, or None."""

    CSS_PATH = METRICS_CSS

    LABELS = {
        "name": "Name",
        "kind": "Kind",
        "unit": "Unit",
        "direction": "Direction",
        "baseline_value": "Baseline",
        "baseline_on": "Baseline date",
        "target_value": "Target",
        "target_on": "Target date",
        "predicts_id": "Predicts",
        "measure": "How it is measured",
        "window_days": "Counts fully within",
        "beyond_weight": "Beyond, counts",
        "period": "Readings",
    }

    def __init__(
        self, initiative_id: str, metric: Metric | None = None, *, metrics: Sequence[Metric] = ()
    ) -> None:
        super().__init__()
        self.initiative_id = initiative_id
        self.metric = metric
        #: The initiative's metrics: what a leading indicator may predict is among them.
        self.metrics = list(metrics)
        self.heading = "Edit metric" if metric else "Add a metric"
        self.save_label = "Save" if metric else "Add"

    def compose_fields(self) -> ComposeResult:
        metric = self.metric
        yield from self.labelled(
            "Name",
            Input(
                printable(metric.name, lines=False, drop=True) if metric else "",
                placeholder="e.g. Days from question to customer interview",
                id="metric-name",
                validators=[Length(minimum=1, failure_description="a name is needed")],
            ),
            hint="what changes when the problem is solved",
        )
        yield from self.labelled(
            "Kind",
            Select(
                [(Text(text), kind) for kind, text in KIND_TEXT.items()],
                allow_blank=False,
                value=metric.kind if metric else MetricKind.OUTCOME,
                id="metric-kind",
            ),
        )
        yield Static(id="metric-warning")
        targets = predictable_targets(metric, self.metrics)
        predicts = metric.predicts_id if metric else None
        with Vertical(id="metric-predicts-field"):
            yield from self.labelled(
                "Predicts",
                Select(
                    [(Text(printable(m.name, lines=False)), m.id) for m in targets],
                    prompt="Nothing (yet)",
                    value=predicts if predicts in {m.id for m in targets} else Select.NULL,
                    id="metric-predicts",
                ),
                hint="the outcome this leading indicator is an early sign of",
            )
        yield from self.labelled(
            "Unit",
            Input(
                printable(metric.unit, lines=False, drop=True) if metric else "",
                placeholder="e.g. days, %",
                id="metric-unit",
            ),
        )
        yield from self.labelled(
            "Direction",
            Select(
                [(Text(text), d) for d, text in DIRECTION_TEXT.items()],
                allow_blank=False,
                value=metric.direction if metric else Direction.HIGHER,
                id="metric-direction",
            ),
        )
        yield from self.compose_measure()
        with Horizontal(classes="metric-pair"):
            with Vertical():
                yield from self.labelled(
                    "Baseline",
                    Input(
                        _number_text(metric.baseline_value if metric else None),
                        type="number",
                        placeholder="today's value",
                        id="metric-baseline",
                    ),
                )
            with Vertical():
                yield from self.labelled(
                    "Measured on",
                    Input(
                        date_text(metric.baseline_on if metric else None),
                        placeholder="YYYY-MM-DD",
                        restrict=r"[0-9-]*",
                        max_length=10,
                        id="metric-baseline-on",
                    ),
                )
        with Horizontal(classes="metric-pair"):
            with Vertical():
                yield from self.labelled(
                    "Target",
                    Input(
                        _number_text(metric.target_value if metric else None),
                        type="number",
                        placeholder="where it should get",
                        id="metric-target",
                    ),
                )
            with Vertical():
                yield from self.labelled(
                    "By",
                    Input(
                        date_text(metric.target_on if metric else None),
                        placeholder="YYYY-MM-DD",
                        restrict=r"[0-9-]*",
                        max_length=10,
                        id="metric-target-on",
                    ),
                )
        yield Checkbox(
            "The initiative's main outcome metric (shown on the dashboard)",
            metric.primary if metric else False,
            id="metric-primary",
        )

    def compose_measure(self) -> ComposeResult:
        """How the readings come, and for events and checks the rule that makes them."""
        metric = self.metric
        yield from self.labelled(
            "How it is measured",
            Select(
                [(Text(text), m) for m, text in MEASURE_TEXT.items()],
                allow_blank=False,
                value=metric.measure if metric else Measure.READINGS,
                id="metric-measure",
            ),
        )
        with Horizontal(classes="metric-pair", id="metric-rule"):
            with Vertical(id="metric-window-box"):
                yield from self.labelled(
                    "Counts fully within",
                    Input(
                        ""
                        if metric is None or metric.window_days is None
                        else str(metric.window_days),
                        type="integer",
                        placeholder="days (empty: all)",
                        id="metric-window",
                    ),
                )
            with Vertical(id="metric-beyond-box"):
                yield from self.labelled(
                    "Beyond, counts",
                    Input(
                        _number_text(metric.beyond_weight if metric else None),
                        type="number",
                        placeholder="0 to 1, e.g. 0.25",
                        id="metric-beyond",
                    ),
                )
            with Vertical():
                yield from self.labelled(
                    "Readings",
                    Select(
                        [(Text(text), p) for p, text in PERIOD_TEXT.items()],
                        allow_blank=False,
                        value=metric.period if metric else Period.WEEK,
                        id="metric-period",
                    ),
                )

    def on_mount(self) -> None:
        self.update_warning()
        self.update_predicts()
        self.show_rule()

    def update_predicts(self) -> None:
        """Offer "Predicts" only for a leading indicator, and only when it has a choice."""
        kind = MetricKind(self.choice_of("metric-kind") or MetricKind.OUTCOME)
        shown = can_predict(kind) and bool(predictable_targets(self.metric, self.metrics))
        self.query_one("#metric-predicts-field").display = shown

    def show_rule(self) -> None:
        """The window and fraction for events, the period for events and checks."""
        measure = self.choice_of("metric-measure") or Measure.READINGS
        self.query_one("#metric-rule").display = measure is not Measure.READINGS
        for box in ("#metric-window-box", "#metric-beyond-box"):
            self.query_one(box).display = measure is Measure.EVENTS

    def update_warning(self) -> None:
        """Show the guide's advice while the name or kind says the metric counts usage."""
        kind = self.choice_of("metric-kind") or MetricKind.OUTCOME
        warning = usage_warning(self.value_of("metric-name"), MetricKind(kind))
        shown = self.query_one("#metric-warning", Static)
        shown.update(Text(warning or ""))
        shown.display = warning is not None

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "metric-name":
            self.update_warning()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "metric-kind":
            self.update_warning()
            self.update_predicts()
        elif event.select.id == "metric-measure":
            self.show_rule()

    def build(self) -> Metric:
        fields: dict[str, object] = {
            "initiative_id": self.initiative_id,
            "name": self.value_of("metric-name"),
            "kind": self.choice_of("metric-kind"),
            "unit": self.value_of("metric-unit").strip(),
            "direction": self.choice_of("metric-direction"),
            "baseline_value": _number(self.value_of("metric-baseline"), "Baseline"),
            "baseline_on": text_or_none(self.value_of("metric-baseline-on")),
            "target_value": _number(self.value_of("metric-target"), "Target"),
            "target_on": text_or_none(self.value_of("metric-target-on")),
            "primary": self.query_one("#metric-primary", Checkbox).value,
            **self.rule_fields(),
        }
        kind = MetricKind(self.choice_of("metric-kind"))
        fields["predicts_id"] = self.choice_of("metric-predicts") if can_predict(kind) else None
        if self.metric is not None:
            built = Metric.model_validate({**self.metric.model_dump(), **fields})
        else:
            built = Metric.model_validate(fields)
        problem = link_problem(built, self.metrics)
        if problem is not None:
            raise ValueError(f"Predicts: {problem}")
        return built

    def rule_fields(self) -> dict[str, object]:
        """How the metric is measured; the window and fraction only for events."""
        measure = Measure(self.choice_of("metric-measure") or Measure.READINGS)
        events = measure is Measure.EVENTS
        window = self.value_of("metric-window").strip()
        return {
            "measure": measure,
            "window_days": (window or None) if events else None,
            "beyond_weight": _number(self.value_of("metric-beyond"), "Beyond, counts")
            if events
            else None,
            "period": self.choice_of("metric-period") or Period.WEEK,
        }
