"""The metrics screen: metrics and readings added, edited, deleted and imported, and charted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Select, Static

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.demo import DEMO_TODAY
from opstui.domain.chart_series import Point
from opstui.domain.initiative import Initiative
from opstui.domain.metrics import Cohort, Direction, Metric, MetricKind, Reading
from opstui.screens import clock
from opstui.screens.metrics import MetricsScreen
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.modals.import_readings import ImportReadings
from opstui.screens.modals.metric_form import MetricForm
from opstui.screens.modals.reading_form import ReadingForm
from opstui.widgets.charts import (
    AdoptionPlot,
    ChartCanvas,
    ChartLegend,
    ChartNote,
    ChartPlot,
    MetricChartPlot,
    SatisfactionPlot,
    SentimentDistributionPlot,
    SentimentTrendPlot,
    VoteResultPlot,
)
from tests.demo_cache import build_demo

TODAY = date(2026, 4, 15)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def filled(db_path: Path) -> Iterator[tuple[Store, Initiative, Metric]]:
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="Quick interviews"))
        metric = store.add_metric(
            Metric(
                initiative_id=initiative.id,
                name="Days to an interview",
                unit="days",
                direction=Direction.LOWER,
                baseline_value=12,
                baseline_on=date(2026, 1, 1),
                target_value=5,
                target_on=date(2026, 6, 30),
                primary=True,
            )
        )
        store.add_readings(
            [
                Reading(metric_id=metric.id, taken_on=date(2026, 1, 1), value=12),
                Reading(metric_id=metric.id, taken_on=date(2026, 3, 1), value=9),
            ]
        )
        yield store, initiative, metric


async def open_metrics(app: OpstuiApp, pilot: Pilot[None], initiative_id: str) -> MetricsScreen:
    await pilot.pause()
    screen = MetricsScreen(initiative_id)
    await app.push_screen(screen)
    await pilot.pause()
    return screen


async def type_into(pilot: Pilot[None], widget: Input, text: str) -> None:
    widget.focus()
    widget.value = ""
    await pilot.press(*text)


async def until(pilot: Pilot[None], done: Callable[[], object], rounds: int = 500) -> None:
    """Let the app work (a worker checks and imports a file) until ``done()`` holds."""
    for _ in range(rounds):
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never got there")


def top(app: OpstuiApp) -> Screen[object]:
    """The screen on top, read afresh (mypy would keep an earlier isinstance narrowing)."""
    return app.screen


def chart_of(screen: MetricsScreen) -> MetricChartPlot:
    return screen.query_one("#metric-chart", MetricChartPlot)


def shown_lines(plot: ChartPlot) -> list[str]:
    """What the chart widget shows, line by line: its message, or its note, chart and legend."""
    if plot.message is not None:
        return str(plot.query_one(".chart-message", Static).render()).splitlines()
    note = plot.query_one(ChartNote)
    above = str(note.render()).splitlines() if note.display else []
    legend = plot.query_one(ChartLegend)
    below = legend.lines if legend.display else []
    return above + str(plot.query_one(ChartCanvas).render()).splitlines() + below


async def test_a_reading_added_in_the_form_is_stored_and_charted(
    filled: tuple[Store, Initiative, Metric],
) -> None:
    store, initiative, metric = filled
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_metrics(app, pilot, initiative.id)
        await pilot.press("r")
        form = app.screen
        assert isinstance(form, ReadingForm)
        assert form.query_one("#reading-date", Input).value == TODAY.isoformat()
        await pilot.press(*"7.5")
        form.query_one("#reading-cohort", Select).value = Cohort.ADOPTERS
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        adopters = [r for r in store.list_readings(metric.id) if r.cohort is Cohort.ADOPTERS]
        assert [(r.taken_on, r.value) for r in adopters] == [(TODAY, 7.5)]
        chart = chart_of(screen).chart
        assert chart is not None
        series = {s.key: s for s in chart.series}
        assert series["adopters"].points == (Point(TODAY, 7.5),)
        assert Point(date(2026, 3, 1), 9.0) in series["all"].points
        table = screen.query_one("#readings-table", DataTable)
        assert table.row_count == 3
        assert "Adopters vs baseline: 7.5 days on 2026-04-15" in str(
            screen.query_one("#metric-detail", Static).render()
        )


async def test_a_bad_value_keeps_the_form_open_and_writes_nothing(
    filled: tuple[Store, Initiative, Metric],
) -> None:
    store, initiative, metric = filled
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_metrics(app, pilot, initiative.id)
        await pilot.press("r")
        form = app.screen
        await type_into(pilot, form.query_one("#reading-date", Input), "2026-02-30")
        await type_into(pilot, form.query_one("#reading-value", Input), "4")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Date" in str(form.query_one(".form-error", Static).render())
        assert len(store.list_readings(metric.id)) == 2


async def test_new_metric_form_warns_as_a_usage_name_is_typed(
    filled: tuple[Store, Initiative, Metric],
) -> None:
    store, initiative, _ = filled
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_metrics(app, pilot, initiative.id)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, MetricForm)
        warning = form.query_one("#metric-warning", Static)
        assert not warning.display
        await pilot.press(*"Logins per week")
        await pilot.pause()
        assert warning.display
        assert "measure problems solved with the tool" in str(warning.render())
        await type_into(pilot, form.query_one("#metric-name", Input), "Documents created")
        await pilot.pause()
        assert "decisions improved by the documents" in str(warning.render())
        await type_into(pilot, form.query_one("#metric-name", Input), "Days to an answer")
        await pilot.pause()
        assert not warning.display
        # Choosing the usage kind warns even when the name does not give it away.
        form.query_one("#metric-kind", Select).value = MetricKind.USAGE
        await pilot.pause()
        assert warning.display
        await type_into(pilot, form.query_one("#metric-baseline", Input), "10")
        await type_into(pilot, form.query_one("#metric-target", Input), "2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        added = next(m for m in store.list_metrics(initiative.id) if m.name == "Days to an answer")
        assert (added.kind, added.baseline_value, added.target_value) == (MetricKind.USAGE, 10, 2)
        assert screen.metric_id == added.id  # the new metric is selected


async def test_editing_a_metric_changes_only_what_was_changed(
    filled: tuple[Store, Initiative, Metric],
) -> None:
    store, initiative, metric = filled
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_metrics(app, pilot, initiative.id)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, MetricForm)
        assert form.query_one("#metric-baseline", Input).value == "12"
        await type_into(pilot, form.query_one("#metric-target", Input), "4.5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        changed = store.get_metric(metric.id)
        assert changed.target_value == 4.5
        assert changed.model_dump(exclude={"target_value"}) == metric.model_dump(
            exclude={"target_value"}
        )


async def test_deleting_a_metric_asks_first_and_takes_its_readings(
    filled: tuple[Store, Initiative, Metric],
) -> None:
    store, initiative, metric = filled
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_metrics(app, pilot, initiative.id)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmModal)
        assert "2 readings" in app.screen.question
        await pilot.press("escape")
        await pilot.pause()
        assert store.list_metrics(initiative.id) == [metric]
        await pilot.press("d")
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert store.list_metrics(initiative.id) == []
        assert store.list_readings(metric.id) == []
        assert chart_of(screen).message == "Choose a metric to see its chart."
        assert "No metrics yet" in str(screen.query_one("#metric-detail", Static).render())


async def test_editing_and_deleting_a_reading(filled: tuple[Store, Initiative, Metric]) -> None:
    store, initiative, metric = filled
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_metrics(app, pilot, initiative.id)
        table = screen.query_one("#readings-table", DataTable)
        table.focus()
        await pilot.pause()
        # Newest first: the cursor is on the reading of 2026-03-01.
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, ReadingForm)
        assert form.query_one("#reading-value", Input).value == "9"
        await type_into(pilot, form.query_one("#reading-value", Input), "8.5")
        await type_into(pilot, form.query_one("#reading-note", Input), "after the panel")
        await pilot.press("ctrl+s")
        await pilot.pause()
        march = next(r for r in store.list_readings(metric.id) if r.taken_on == date(2026, 3, 1))
        assert (march.value, march.note) == (8.5, "after the panel")
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert [r.taken_on for r in store.list_readings(metric.id)] == [date(2026, 1, 1)]
        chart = chart_of(screen).chart
        assert chart is not None and chart.readings == 1
        assert chart_of(screen).note is not None  # one reading: said plainly


async def test_importing_a_good_csv_in_the_app(
    filled: tuple[Store, Initiative, Metric], tmp_path: Path
) -> None:
    store, initiative, metric = filled
    csv = tmp_path / "readings.csv"
    csv.write_text("date,value,cohort\n2026-04-01,8,all\n2026-04-01,6,adopters\n", "utf-8")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_metrics(app, pilot, initiative.id)
        await pilot.press("i")
        assert isinstance(top(app), ImportReadings)
        await pilot.press(*str(csv), "enter")
        await until(pilot, lambda: top(app) is screen and not app.workers)
        assert len(store.list_readings(metric.id)) == 4
        chart = chart_of(screen).chart
        assert chart is not None
        assert [s.key for s in chart.series] == ["all", "adopters"]
        assert screen.last_import == str(csv)


async def test_a_csv_with_bad_rows_is_refused_whole_in_the_app(
    filled: tuple[Store, Initiative, Metric], tmp_path: Path
) -> None:
    store, initiative, metric = filled
    csv = tmp_path / "bad.csv"
    csv.write_text("date,value,cohort\n2026-04-01,8,all\n2026-04-02,eight,all\n", "utf-8")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_metrics(app, pilot, initiative.id)
        await pilot.press("i")
        dialog = app.screen
        assert isinstance(dialog, ImportReadings)
        await pilot.press(*str(csv), "enter")
        await until(pilot, lambda: top(app) is dialog and not app.workers)
        listed = str(dialog.query_one("#import-problems", Static).render())
        assert "line 3: value 'eight' is not a number" in listed
        assert "Nothing imported: 1 bad row" in str(dialog.query_one(".form-error").render())
        assert len(store.list_readings(metric.id)) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert top(app) is screen
        assert len(store.list_readings(metric.id)) == 2


async def test_read_only_review_offers_no_edits(db_path: Path) -> None:
    with Store.open(db_path) as writer:
        initiative = writer.add_initiative(Initiative(title="Review me"))
        metric = writer.add_metric(Metric(initiative_id=initiative.id, name="Score"))
    with Store.open(db_path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_metrics(app, pilot, initiative.id)
            for key in ("n", "e", "d", "r", "t", "x", "i"):
                await pilot.press(key)
                await pilot.pause()
                assert app.screen is screen, key
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Add reading" not in titles and "Import readings" not in titles
            assert "Metric chart" in titles
            assert store.list_readings(metric.id) == []


async def test_names_and_notes_are_shown_literally(db_path: Path) -> None:
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="[b]Markup[/b]"))
        metric = store.add_metric(Metric(initiative_id=initiative.id, name="[red]Score[/]"))
        store.add_reading(
            Reading(metric_id=metric.id, taken_on=date(2026, 1, 1), value=1, note="[/] oops")
        )
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_metrics(app, pilot, initiative.id)
            table = screen.query_one("#metrics-table", DataTable)
            assert str(table.get_row_at(0)[0]) == "[red]Score[/]"
            readings = screen.query_one("#readings-table", DataTable)
            assert str(readings.get_row_at(0)[3]) == "[/] oops"
            assert "[b]Markup[/b]" in str(screen.query_one("#metrics-heading", Static).render())


async def test_no_metrics_and_no_readings_are_said_plainly(db_path: Path) -> None:
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="Fresh"))
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_metrics(app, pilot, initiative.id)
            assert "No metrics yet" in str(screen.query_one("#metric-detail", Static).render())
            store.add_metric(Metric(initiative_id=initiative.id, name="Score"))
            screen.reload()
            await pilot.pause()
            plot = chart_of(screen)
            assert plot.message == "Score: no readings yet, so there is nothing to chart."
            assert "no readings yet" in " ".join(shown_lines(plot))
            assert screen.query_one("#sentiment-chart", SentimentDistributionPlot).message
            assert screen.query_one("#vote-chart", VoteResultPlot).message == (
                "No votes in this initiative's sessions yet."
            )


async def test_the_chart_is_redrawn_to_fit_a_new_size(
    filled: tuple[Store, Initiative, Metric],
) -> None:
    store, initiative, _ = filled
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_metrics(app, pilot, initiative.id)
        plot = chart_of(screen)
        wide = shown_lines(plot)
        # Taller than plotext's fallback terminal (24 lines, without one): drawn whole.
        assert plot.size.height > 24
        assert max(len(line) for line in wide) == plot.size.width
        assert len(wide) == plot.size.height
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        narrow = shown_lines(plot)
        assert plot.size.width < 70
        assert max(len(line) for line in narrow) == plot.size.width
        assert len(narrow) == plot.size.height


async def test_m_opens_the_metrics_of_the_initiative_in_view(db_path: Path) -> None:
    with Store.open(db_path) as store:
        first = store.add_initiative(Initiative(title="First"))
        store.add_initiative(Initiative(title="Second"))
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            home = app.screen
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, MetricsScreen)
            highlighted = getattr(home, "highlighted_id", lambda: None)()
            assert app.screen.initiative_id == (highlighted or first.id)
            # Pressed again on the metrics screen, it stays on the same initiative.
            screen = app.screen
            await pilot.press("m")
            await pilot.pause()
            assert app.screen is screen
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is home


async def test_demo_initiative_shows_adopters_progress_and_every_chart(db_path: Path) -> None:
    with Store.open(db_path) as store:
        build_demo(store)
        initiative = next(i for i in store.list_initiatives() if "interview" in i.title.lower())
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_metrics(app, pilot, initiative.id)
            detail = str(screen.query_one("#metric-detail", Static).render())
            assert "Adopters vs baseline:" in detail and "of the way from" in detail
            chart = chart_of(screen).chart
            assert chart is not None and {"all", "adopters"} <= {s.key for s in chart.series}
            sessions = screen.query_one("#sentiment-chart", SentimentDistributionPlot).sessions
            assert len(sessions) >= 3
            assert screen.query_one("#sentiment-trend", SentimentTrendPlot).message is None
            satisfaction = screen.query_one("#satisfaction-chart", SatisfactionPlot).sessions
            assert satisfaction and "solution_satisfaction" in satisfaction[0].scores
            adoption = screen.query_one("#adoption-chart", AdoptionPlot).chart
            assert adoption is not None and adoption.cohorts
            votes = screen.query_one("#votes-table", DataTable)
            assert votes.row_count >= 1
            assert screen.query_one("#vote-chart", VoteResultPlot).bars is not None
            for tab in ("2", "3", "4", "5", "1"):
                await pilot.press(tab)
                await pilot.pause()
            assert DEMO_TODAY.year >= 2026
