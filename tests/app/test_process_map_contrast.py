"""The process map panel reads at WCAG AA in the light and the dark theme, live and after."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from opstui.app import make_app
from opstui.db.store import Store
from opstui.screens.live import LiveSessionScreen
from opstui.screens.modals.resume_session import ResumeSession
from opstui.screens.workspace import WorkspaceScreen
from tests.app.test_contrast import THEMES, Shot, capture, check, settle, shoot
from tests.app.test_process_map_snapshots import seed_map


@pytest.mark.parametrize("theme", THEMES)
async def test_the_map_panel_reads_at_aa(theme: str, db_path: Path) -> None:
    with Store.open(db_path) as store:
        session_id = seed_map(store)

        async def drive(pilot: Pilot[None], shots: list[Shot]) -> None:
            app = pilot.app
            if isinstance(app.screen, ResumeSession):
                await pilot.press("escape")
            await app.push_screen(LiveSessionScreen(session_id, clock=lambda: 5000.0))
            await settle(pilot)
            await pilot.press("M")
            app.clear_notifications()
            await shoot(pilot, shots, "live map")
            await pilot.press("shift+tab")
            await shoot(pilot, shots, "live map, lines")
            await pilot.press("escape")
            await settle(pilot)
            await app.push_screen(WorkspaceScreen("m0c1"))
            await settle(pilot)
            await pilot.press("2", "M")
            await shoot(pilot, shots, "workspace map")

        shots = await capture(make_app(store), theme, drive)
    assert len(shots) == 3
    check(theme, shots)
