"""Snapshots of the metrics screen on the demo's metrics measured from events and checks,
and of the dialogs that log an event and check people, with the day frozen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from opstui.app import make_app
from opstui.db.store import Store
from opstui.demo import DEMO_TODAY
from opstui.screens import clock
from opstui.screens.metrics import MetricsScreen
from tests.demo_cache import build_demo

SnapCompare = Callable[..., bool]


@pytest.fixture
def demo_store(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    with Store.open(db_path) as store:
        build_demo(store)
        yield store


def opening(
    store: Store, metric_name: str, *keys: str, theme: str = "textual-dark"
) -> Callable[[Pilot[Any]], Any]:
    metric = next(m for m in store.list_metrics() if m.name == metric_name)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.animation_level = "none"
        pilot.app.theme = theme
        await pilot.pause()
        await pilot.app.push_screen(MetricsScreen(metric.initiative_id, metric_id=metric.id))
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(0.2)
        # A form's cursor shown, not blinking: the picture must not depend on the moment.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


SIZE_METRIC = "Size of date changes close to GA"
REPS_METRIC = "Reps able to demo the newest features"


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_events_metric_on_the_demo(
    demo_store: Store, snap_compare: SnapCompare, size: tuple[int, int], theme: str
) -> None:
    assert snap_compare(
        make_app(demo_store),
        run_before=opening(demo_store, SIZE_METRIC, theme=theme),
        terminal_size=size,
    )


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_capability_metric_on_the_demo(
    demo_store: Store, snap_compare: SnapCompare, size: tuple[int, int], theme: str
) -> None:
    assert snap_compare(
        make_app(demo_store),
        run_before=opening(demo_store, REPS_METRIC, theme=theme),
        terminal_size=size,
    )


def test_log_event_form(demo_store: Store, snap_compare: SnapCompare) -> None:
    assert snap_compare(
        make_app(demo_store),
        run_before=opening(demo_store, SIZE_METRIC, "r", *"12"),
        terminal_size=(80, 24),
    )


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_check_people_dialog(
    demo_store: Store, snap_compare: SnapCompare, size: tuple[int, int], theme: str
) -> None:
    assert snap_compare(
        make_app(demo_store),
        run_before=opening(demo_store, REPS_METRIC, "r", "y", "n", theme=theme),
        terminal_size=size,
    )


def test_metric_form_of_an_events_metric(demo_store: Store, snap_compare: SnapCompare) -> None:
    assert snap_compare(
        make_app(demo_store),
        run_before=opening(demo_store, SIZE_METRIC, "e"),
        terminal_size=(120, 40),
    )
