"""The form to add or edit a metric, warning as it is typed when it counts tool usage."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.validation import Length
from textual.widgets import Checkbox, Input, Select, Static

from opstui.domain.metric_tree import can_predict, link_problem, predictable_targets
from opstui.domain.metrics import Direction, Metric, MetricKind, usage_warning
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

    def on_mount(self) -> None:
        self.update_warning()
        self.update_predicts()

    def update_predicts(self) -> None:
        """Offer "Predicts" only for a leading indicator, and only when it has a choice."""
        kind = MetricKind(self.choice_of("metric-kind") or MetricKind.OUTCOME)
        shown = can_predict(kind) and bool(predictable_targets(self.metric, self.metrics))
        self.query_one("#metric-predicts-field").display = shown

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
