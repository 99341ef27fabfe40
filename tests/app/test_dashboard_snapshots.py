"""Snapshots of the dashboard and the initiative workspace on the demo data.

"Today" is frozen at the demo's anchor day, so overdue marks, the doctor's timing
rules and metric progress come out the same on any day the tests run.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.demo import DEMO_TODAY, build_demo
from opstui.screens import clock
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.workspace import WorkspaceScreen

SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    return DEMO_TODAY


@pytest.fixture
def demo_app(db_path: Path) -> Iterator[OpstuiApp]:
    with Store.open(db_path) as store:
        build_demo(store)
    with Store.open(db_path, read_only=True) as review:
        yield make_app(review)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def open_workspace(title: str, *keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, OpstuiApp)
        initiative = next(i for i in app.store.list_initiatives() if i.title == title)
        await app.push_screen(WorkspaceScreen(initiative.id))
        # Everything but the heading is read in the background.
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()

    return run_before


def test_dashboard_120x40(snap_compare: SnapCompare, demo_app: OpstuiApp) -> None:
    assert snap_compare(demo_app, run_before=settle, terminal_size=(120, 40))


def test_dashboard_80x24(snap_compare: SnapCompare, demo_app: OpstuiApp) -> None:
    assert snap_compare(demo_app, run_before=settle, terminal_size=(80, 24))


def test_workspace_overview(snap_compare: SnapCompare, demo_app: OpstuiApp) -> None:
    assert snap_compare(
        demo_app,
        run_before=open_workspace("Predictable release dates"),
        terminal_size=(120, 40),
    )


def test_workspace_doctor_findings(snap_compare: SnapCompare, demo_app: OpstuiApp) -> None:
    assert snap_compare(
        demo_app,
        run_before=open_workspace("A single home for product documentation", "7"),
        terminal_size=(120, 40),
    )


def test_workspace_checklist_80x24(snap_compare: SnapCompare, demo_app: OpstuiApp) -> None:
    assert snap_compare(
        demo_app,
        run_before=open_workspace("Predictable release dates", "6"),
        terminal_size=(80, 24),
    )


def test_workspace_sessions_80x24(snap_compare: SnapCompare, demo_app: OpstuiApp) -> None:
    # The sessions list has the focus (its cursor row lit), and the footer fits.
    assert snap_compare(
        demo_app,
        run_before=open_workspace("Predictable release dates", "2"),
        terminal_size=(80, 24),
    )


def test_confirm_dialog_80x24(snap_compare: SnapCompare, demo_app: OpstuiApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.push_screen(
            ConfirmModal(
                "Leave the live session?",
                yes="Leave",
                no="Stay",
                detail="It stays live: open it again from the initiative to go on.",
            )
        )
        await pilot.pause()

    # The buttons stand clear of the box's edge when the box fills the terminal.
    assert snap_compare(demo_app, run_before=run_before, terminal_size=(80, 24))
