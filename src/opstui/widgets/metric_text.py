"""How a metric's progress reads on the metrics screen: a table cell, and the detail above
the chart. Pure text: the screen passes the theme's colours in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text

from opstui.domain.metrics import (
    Cohort,
    Metric,
    Progress,
    Reading,
    Standing,
    describe_progress,
    format_value,
    progress_by_cohort,
    standing,
    usage_warning,
)
from opstui.widgets.tones import GOOD, MUTED, WARN
from opstui.widgets.user_text import printable

#: Short words for the table's cells.
STANDING_SHORT: dict[Standing, str] = {
    Standing.NO_READINGS: "–",
    Standing.NO_BASELINE: "no baseline",
    Standing.REACHED: "reached",
    Standing.ON_TRACK: "on track",
    Standing.BEHIND: "behind",
    Standing.UNDATED: "",
}

NO_METRICS = (
    "No metrics yet. Press n to add the outcome that shows the problem is solved, "
    "with its baseline and target."
)


def progress_cell(metric: Metric, result: Progress) -> Text:
    """ "40% on track": how far one cohort has come from the baseline to the target."""
    verdict = standing(result)
    if verdict is Standing.NO_READINGS:
        return Text("–", style=MUTED)
    if verdict is Standing.NO_BASELINE:
        return Text(format_value(result.latest, metric.unit))
    style = {
        Standing.REACHED: GOOD,
        Standing.ON_TRACK: GOOD,
        Standing.BEHIND: WARN,
    }.get(verdict, "")
    text = Text(result.percent)
    if STANDING_SHORT[verdict]:
        text.append(f" {STANDING_SHORT[verdict]}", style=style)
    return text


def metric_detail(metric: Metric | None, readings: Sequence[Reading], *, today: date) -> Text:
    """The metric's name and kind, adopters and everyone against the baseline, and a
    warning when the name sounds like a usage count."""
    if metric is None:
        return Text(NO_METRICS, style=MUTED)
    results = progress_by_cohort(metric, list(readings), today=today)
    text = Text()
    text.append(printable(metric.name), style="bold")
    direction = "higher" if metric.direction.value == "higher" else "lower"
    text.append(f" — {metric.kind.label}, {direction} is better", style=MUTED)
    for cohort, label in ((Cohort.ADOPTERS, "Adopters"), (Cohort.ALL, "All")):
        text.append("\n")
        text.append(f"{label} vs baseline: ", style="bold")
        text.append(printable(describe_progress(metric, results[cohort])))
    said = usage_warning(metric.name, metric.kind)
    if said:
        text.append("\n⚠ ", style=WARN)
        text.append(said, style=WARN)
    return text
