"""Focus and size: the list in front takes the arrows, and small terminals keep things whole.

Each test drives the app as a person would at 80 columns (a laptop's split terminal)
and checks what they would see or what their keys would do.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Button

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.demo import DEMO_TODAY
from opstui.screens import clock
from opstui.screens.live import LiveSessionScreen
from opstui.screens.metrics import MetricsScreen
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.workspace import WorkspaceScreen
from opstui.widgets.charts import ChartCanvas, ChartLegend, MetricChartPlot
from opstui.widgets.row_table import RowTable
from tests.app.test_live_session import build_world, start_validation
from tests.demo_cache import build_demo

SMALL = (80, 24)


async def until(pilot: Pilot[None], done: Callable[[], object], rounds: int = 400) -> None:
    """Let the app work until ``done()`` holds: a state, not a fixed wait."""
    for _ in range(rounds):
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never got there")


async def open_workspace(app: OpstuiApp, pilot: Pilot[None], initiative_id: str) -> WorkspaceScreen:
    await until(pilot, lambda: app.screen.is_current and not app.workers)
    screen = WorkspaceScreen(initiative_id)
    await app.push_screen(screen)
    await until(pilot, lambda: screen.whole is not None and not screen.reading)
    await pilot.pause()
    return screen


async def test_sessions_table_takes_the_arrows_after_leaving_a_live_session(store: Store) -> None:
    world = build_world(store, people=4)
    app = make_app(store)
    async with app.run_test(size=SMALL) as pilot:
        # Started once the app is up, so that it is not offered for resuming.
        await pilot.pause()
        session = start_validation(world)
        workspace = await open_workspace(app, pilot, world.initiative.id)
        await pilot.press("2")
        table = workspace.query_one("#sessions", RowTable)
        await until(pilot, lambda: table.row_count == 2)
        assert app.focused is table  # the tab's list, not the row of tabs
        assert table.cursor_row == 0  # the newest: the live one
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, LiveSessionScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await until(pilot, lambda: app.screen is workspace)
        assert store.get_session(session.id).state.value == "live"
        await pilot.press("down")
        await until(pilot, lambda: table.cursor_row == 1)
        assert app.focused is table


@pytest.fixture
def demo(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    build_demo(store)
    return store


def has_focus(app: OpstuiApp, widget_id: str) -> bool:
    return app.focused is not None and app.focused.id == widget_id


def initiative_id(store: Store, title: str) -> str:
    return next(i.id for i in store.list_initiatives() if i.title == title)


async def test_overview_scrolls_with_page_down_at_once(demo: Store) -> None:
    app = make_app(demo)
    async with app.run_test(size=SMALL) as pilot:
        workspace = await open_workspace(
            app, pilot, initiative_id(demo, "Predictable release dates")
        )
        overview = workspace.query_one("#overview", VerticalScroll)
        assert overview.max_scroll_y > 0  # more than a screenful at 80x24
        assert app.focused is overview
        await pilot.press("pagedown")
        await until(pilot, lambda: overview.scroll_y > 0)


async def test_each_workspace_tab_gives_its_list_the_focus(demo: Store) -> None:
    app = make_app(demo)
    async with app.run_test(size=SMALL) as pilot:
        workspace = await open_workspace(
            app, pilot, initiative_id(demo, "Predictable release dates")
        )
        fronts = {
            "1": "overview",
            "2": "sessions",
            "3": "votes",
            "4": "feedback",
            "5": "actions",
            "6": "checklist",
            "7": "doctor",
            "8": "readiness",
        }
        for key, front in fronts.items():
            await pilot.press(key)
            await until(pilot, partial(has_focus, app, front))
        # Back on the sessions tab, the arrows move its cursor straight away.
        await pilot.press("2")
        table = workspace.query_one("#sessions", RowTable)
        await until(pilot, lambda: app.focused is table)
        await pilot.press("down")
        await until(pilot, lambda: table.cursor_row == 1)


@pytest.mark.parametrize("size", [SMALL, (120, 40)])
async def test_confirm_buttons_keep_clear_of_the_dialog_edge(
    store: Store, size: tuple[int, int]
) -> None:
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        question = ConfirmModal(
            "Leave the live session?",
            yes="Leave",
            no="Stay",
            detail="It stays live: open it again from the initiative to go on.",
        )
        app.push_screen(question)
        await until(pilot, lambda: app.screen is question and question.focused is not None)
        box = question.query_one("#confirm-box").region
        for button in question.query(Button):
            shown = button.region
            assert box.contains_region(shown)
            # The border is the box's last column; two blank columns stand before it.
            assert box.right - shown.right >= 3, (button.id, box, shown)


@pytest.mark.parametrize("size", [SMALL, (120, 40)])
async def test_metric_chart_keeps_a_legend_and_room_in_a_small_terminal(
    demo: Store, size: tuple[int, int]
) -> None:
    app = make_app(demo)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        interviews = initiative_id(demo, "Make customer interviews quick to schedule")
        screen = MetricsScreen(interviews)
        await app.push_screen(screen)
        plot = screen.query_one("#metric-chart", MetricChartPlot)
        await until(pilot, lambda: plot.chart is not None and plot.chart.series)
        assert plot.chart is not None
        canvas = plot.query_one(ChartCanvas)
        legend = plot.query_one(ChartLegend)
        # Room enough to read a trend: about half the width, and more than a handful of rows.
        roomy = size[0] * 2 // 5
        await until(pilot, lambda: legend.display and canvas.region.width >= roomy)
        assert canvas.region.height >= 6
        # Below the chart, whole, naming every line drawn: the cohorts, baseline and target.
        assert legend.region.y >= canvas.region.bottom
        assert screen.region.contains_region(legend.region)
        assert legend.region.height == len(legend.lines)
        said = " ".join(legend.lines)
        for series in plot.chart.series:
            assert series.label in said
        assert "Baseline" in said and "Target" in said
        assert all(len(line) <= legend.region.width for line in legend.lines)
