"""The metrics chart tells its cohorts apart by their marks, and NO_COLOR leaves no colour.

Rendered through Textual's own line filters (``Widget.render_lines``), as they would be
written to the terminal.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.color import ColorType
from rich.style import Style
from textual.app import App
from textual.geometry import Region
from textual.widget import Widget

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.demo import DEMO_TODAY
from opstui.domain.chart_series import COHORT_LABELS, legend_swatch, series_marker
from opstui.domain.metrics import Cohort
from opstui.no_colour import no_colour
from opstui.screens import clock
from opstui.screens.metrics import MetricsScreen
from opstui.widgets.charts import ChartCanvas, ChartLegend, MetricChartPlot
from tests.demo_cache import build_demo


@pytest.fixture
def demo(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, str]]:
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    with Store.open(db_path) as store:
        build_demo(store)
        initiative = next(i for i in store.list_initiatives() if "interview" in i.title.lower())
        yield store, initiative.id


def shown(widget: Widget) -> list[str]:
    """The widget's lines as the terminal gets them, filters applied."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return ["".join(segment.text for segment in strip) for strip in strips]


def coloured(style: Style | None) -> bool:
    """Whether a style would write a colour (anything but the terminal's default)."""
    if style is None:
        return False
    colours = (style.color, style.bgcolor)
    return any(c is not None and c.type is not ColorType.DEFAULT for c in colours)


async def open_metrics(app: OpstuiApp, initiative_id: str) -> MetricChartPlot:
    await app.push_screen(MetricsScreen(initiative_id))
    return app.screen.query_one("#metric-chart", MetricChartPlot)


async def test_every_cohort_of_the_demo_chart_is_drawn_with_its_own_mark(
    demo: tuple[Store, str],
) -> None:
    store, initiative_id = demo
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        plot = await open_metrics(app, initiative_id)
        await pilot.pause()
        assert plot.chart is not None
        assert {s.key for s in plot.chart.series} == {c.value for c in Cohort}
        canvas = "\n".join(shown(plot.query_one(ChartCanvas)))
        legend = " ".join(shown(plot.query_one(ChartLegend)))
        marks = {series_marker(c.value) for c in Cohort}
        assert len(marks) == len(Cohort)
        for cohort in Cohort:
            # Drawn on the chart: a run of its mark, which no other line uses.
            assert series_marker(cohort.value) * 2 in canvas, cohort
            assert f"{legend_swatch(cohort.value)} {COHORT_LABELS[cohort]}" in legend
        assert series_marker("baseline") * 3 in canvas and series_marker("target") * 3 in canvas
        assert f"{legend_swatch('baseline')} Baseline" in legend
        assert f"{legend_swatch('target')} Target" in legend


async def test_with_no_color_the_screen_and_its_chart_carry_no_colour(
    demo: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    store, initiative_id = demo
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        plot = await open_metrics(app, initiative_id)
        await pilot.pause()
        # Textual strips colours (rather than greying them) when the app draws in ANSI.
        assert app.no_color and app.native_ansi_color
        widgets = [w for w in app.screen.query("*") if w.display and w.size.area]
        assert plot.query_one(ChartCanvas) in widgets
        for widget in widgets:
            strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
            styles = [segment.style for strip in strips for segment in strip]
            assert not any(coloured(style) for style in styles), widget
        canvas = "\n".join(shown(plot.query_one(ChartCanvas)))
        assert all(series_marker(c.value) * 2 in canvas for c in Cohort)


async def test_without_no_color_the_chart_keeps_its_colours(demo: tuple[Store, str]) -> None:
    store, initiative_id = demo
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        plot = await open_metrics(app, initiative_id)
        await pilot.pause()
        assert not app.no_color
        canvas = plot.query_one(ChartCanvas)
        strips = canvas.render_lines(Region(0, 0, canvas.size.width, canvas.size.height))
        assert any(coloured(segment.style) for strip in strips for segment in strip)


@pytest.mark.parametrize("value", [None, "", "1", "0"])
def test_the_no_colour_rule_is_textuals(value: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI asks the same rule: it must not disagree with what the app does.
    if value is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", value)
    assert App().no_color is no_colour(os.environ) is (value is not None)
