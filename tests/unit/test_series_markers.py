"""The mark each chart series is drawn with: one rule, read by the drawing and the legends.

Colour alone fails without colour (NO_COLOR, a pipe) and on a 16-colour terminal, where
two cohorts' colours become the same red; each series must keep a mark of its own.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from opstui.charting import (
    SENTIMENT_KEYS,
    TERMINAL_PALETTE,
    Palette,
    draw_metric,
    draw_satisfaction,
    draw_sentiment_distribution,
)
from opstui.domain.chart_series import (
    COHORT_LABELS,
    LONE_LINE_MARKER,
    SATISFACTION_FIELDS,
    SERIES_MARKERS,
    SessionSatisfaction,
    SessionSentiment,
    legend_swatch,
    metric_chart,
    series_marker,
)
from opstui.domain.metrics import Cohort, Metric, Reading

LINE_KEYS = [cohort.value for cohort in Cohort] + ["baseline", "target"]


class Recorder:
    """A plotext figure that only remembers what it was asked to draw."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> None:
            self.calls.append((name, kwargs))

        return record

    def markers(self, *kinds: str) -> dict[str | None, Any]:
        """The marker of each drawn series, by its label."""
        return {kw.get("label"): kw.get("marker") for name, kw in self.calls if name in kinds}


def test_every_cohort_baseline_and_target_has_a_mark_of_its_own() -> None:
    marks = [series_marker(key) for key in LINE_KEYS]
    assert len(set(marks)) == len(marks)
    # A single visible character each: plotext's braille is not a mark you can name.
    assert all(len(mark) == 1 and mark.isprintable() and not mark.isspace() for mark in marks)
    assert LONE_LINE_MARKER not in marks


def test_bars_are_told_apart_by_their_fill() -> None:
    sentiment = [series_marker(key) for key, _ in SENTIMENT_KEYS]
    satisfaction = [series_marker(key) for key, _ in SATISFACTION_FIELDS]
    assert len(set(sentiment)) == 5 and len(set(satisfaction)) == 2


def test_a_charts_only_line_keeps_plotexts_fine_line() -> None:
    assert series_marker("trend") == LONE_LINE_MARKER == series_marker("adoption")
    assert "trend" not in SERIES_MARKERS


@pytest.mark.parametrize("key", LINE_KEYS)
def test_the_legend_shows_the_mark_the_line_is_drawn_with(key: str) -> None:
    assert legend_swatch(key) == series_marker(key) * 2


def test_the_legend_of_a_lone_line_is_a_plain_swatch() -> None:
    assert legend_swatch("trend") == "■■"


def chart_with_every_cohort() -> Any:
    metric = Metric(initiative_id="i", name="Score", baseline_value=1, target_value=5)
    readings = [
        Reading(metric_id=metric.id, taken_on=date(2026, 1, day), value=day / 10 + lift, cohort=c)
        for day in (1, 15, 28)
        for lift, c in enumerate(Cohort)
    ]
    return metric_chart(metric, readings)


@pytest.mark.parametrize("palette", [TERMINAL_PALETTE, Palette(plain=True), Palette()])
def test_each_series_is_drawn_with_its_mark_whatever_the_palette(palette: Palette) -> None:
    chart = chart_with_every_cohort()
    figure = Recorder()
    draw_metric(figure, chart, palette, 80, 24)
    drawn = figure.markers("plot", "scatter")
    for cohort in Cohort:
        assert drawn[COHORT_LABELS[cohort]] == series_marker(cohort.value)
    assert drawn[chart.baseline_label] == series_marker("baseline")
    assert drawn[chart.target_label] == series_marker("target")


def test_a_lone_reading_is_drawn_with_its_cohorts_mark() -> None:
    metric = Metric(initiative_id="i", name="Score", baseline_value=1, target_value=5)
    reading = Reading(metric_id=metric.id, taken_on=date(2026, 1, 1), value=2, cohort=Cohort.PILOT)
    figure = Recorder()
    draw_metric(figure, metric_chart(metric, [reading]), TERMINAL_PALETTE, 80, 24)
    assert figure.markers("scatter")["Pilot"] == "x" == series_marker("pilot")


def test_bars_are_drawn_with_their_fills_with_or_without_colour() -> None:
    sentiment = [SessionSentiment("s", "S", "01 Jan", (1, 2, 3, 2, 1))]
    satisfaction = [SessionSatisfaction("s", "S", "01 Jan", {"solution_satisfaction": 4.0}, 1)]
    for palette in (TERMINAL_PALETTE, Palette(plain=True)):
        figure = Recorder()
        draw_sentiment_distribution(figure, sentiment, palette)
        draw_satisfaction(figure, satisfaction, palette)
        fills = [kw["marker"] for name, kw in figure.calls if name.endswith("bar")]
        assert fills == [
            [series_marker(key) for key, _ in SENTIMENT_KEYS],
            [series_marker(key) for key, _ in SATISFACTION_FIELDS],
        ]
