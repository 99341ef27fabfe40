"""Snapshots of the metrics screen on the demo data, with the day frozen to the demo's."""

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


def interviews_id(store: Store) -> str:
    return next(i.id for i in store.list_initiatives() if "interview" in i.title.lower())


def opening(store: Store, *keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        # The tabs' underline slides when a tab is chosen: no animation, no half-way frames.
        pilot.app.animation_level = "none"
        await pilot.pause()
        await pilot.app.push_screen(MetricsScreen(interviews_id(store)))
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


def test_metric_screen_on_the_demo(demo_store: Store, snap_compare: SnapCompare) -> None:
    assert snap_compare(
        make_app(demo_store), run_before=opening(demo_store), terminal_size=(120, 40)
    )


def test_sentiment_tab_on_the_demo(demo_store: Store, snap_compare: SnapCompare) -> None:
    assert snap_compare(
        make_app(demo_store), run_before=opening(demo_store, "2"), terminal_size=(120, 40)
    )


def test_metric_form_warns_about_usage(demo_store: Store, snap_compare: SnapCompare) -> None:
    keys = ("n", *"Logins per week")
    assert snap_compare(
        make_app(demo_store), run_before=opening(demo_store, *keys), terminal_size=(120, 40)
    )


def test_metric_screen_80x24(demo_store: Store, snap_compare: SnapCompare) -> None:
    # The chart takes half the width, with its legend below it, and the footer fits.
    assert snap_compare(
        make_app(demo_store), run_before=opening(demo_store), terminal_size=(80, 24)
    )
