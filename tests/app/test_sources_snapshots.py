"""Snapshots of the dashboard of a team file: the demo's initiatives from three sources.

Two of the demo's initiatives are given to other files' sites (as a merge leaves them),
so the "From" column and the source filter show, in the dark and the light theme.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.demo import DEMO_TODAY
from opstui.screens import clock
from tests.app.test_dashboard_sources import ALICE, BOB, give_sources
from tests.demo_cache import build_demo

SnapCompare = Callable[..., bool]


def build_team_demo(path: Path) -> None:
    """The demo, two of its initiatives from alice's and bob's files."""
    with Store.open(path) as store:
        build_demo(store)
    give_sources(
        path,
        {"Predictable release dates": ALICE, "A single home for product documentation": BOB},
        {ALICE: "alice", BOB: "bob-laptop"},
    )


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    return DEMO_TODAY


@pytest.fixture
def team_app(db_path: Path) -> Iterator[OpstuiApp]:
    build_team_demo(db_path)
    with Store.open(db_path, read_only=True) as review:
        yield make_app(review)


def settled_in(theme: str) -> Callable[[Pilot[None]], object]:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.theme = theme
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def test_sources_dashboard_dark(snap_compare: SnapCompare, team_app: OpstuiApp) -> None:
    assert snap_compare(team_app, run_before=settled_in("textual-dark"), terminal_size=(120, 40))


def test_sources_dashboard_light(snap_compare: SnapCompare, team_app: OpstuiApp) -> None:
    assert snap_compare(team_app, run_before=settled_in("textual-light"), terminal_size=(120, 40))


def test_sources_dashboard_80x24(snap_compare: SnapCompare, team_app: OpstuiApp) -> None:
    assert snap_compare(team_app, run_before=settled_in("textual-dark"), terminal_size=(80, 24))
