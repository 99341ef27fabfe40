"""Snapshots of the process map: typed live (the panel over the live session) and read
after the session (from the workspace's Sessions tab), dark and light, 120x40 and 80x24.

At 120 columns the map is drawn as boxes; at 80 it is too wide and reads as a list.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.initiative import AffectedGroup, Group, Initiative, Person
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session_plan import plan_session
from opstui.domain.steps import Step
from opstui.screens import clock
from opstui.screens.live import LiveSessionScreen
from opstui.screens.modals.resume_session import ResumeSession
from opstui.screens.workspace import WorkspaceScreen
from opstui.services.process_mapping import ProcessMapping

SnapCompare = Callable[..., bool]
T0 = datetime(2026, 5, 11, 14, 0, tzinfo=UTC)
THEMES = ["textual-dark", "textual-light"]
SIZES = [(120, 40), (80, 24)]
LINES = [
    "[start] Request interview (PM) -> Find a slot (Research Ops): request",
    "Find a slot (Research Ops) -> Book a room (Office) -> Send invite (Research Ops): room",
    "Send invite (Research Ops) -> Interview (PM) [end]: invite",
    "Find a slot (Research Ops) -> Request interview (PM): no slot",
    "Interview (PM) -> Write up (PM): notes",
]


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(clock, "today", lambda: date(2026, 5, 12))
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("OPSTUI_ASCII", raising=False)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def seed_map(store: Store) -> str:
    """An initiative at step 5 with a process-mapping session and its map typed."""
    initiative = store.add_initiative(
        Initiative(
            id="m0c1", title="Make customer interviews quick", step=Step.PROTOTYPE_AND_EXPAND
        )
    )
    store.set_affected_group(AffectedGroup(initiative_id="m0c1", group=Group.PRODUCT))
    people = [
        store.add_person(Person(id="p1", name="Dana Lee", role="PM")),
        store.add_person(Person(id="p2", name="Sam Ortiz", role="Research Ops")),
    ]
    book = next(b for b in builtin_playbooks() if b.key == "process-mapping")
    session, agenda = plan_session(
        initiative_id=initiative.id,
        playbook=book,
        title="Map the interview flow",
        participant_ids=[p.id for p in people],
        facilitator_id=None,
        now=T0,
    )
    store.add_session(session, agenda)
    mapping = ProcessMapping(store, "m0c1", session_id=session.id, session_title=session.title)
    view = mapping.session_map()
    for line in LINES:
        view = mapping.add_line(view, line)
    return session.id


@pytest.fixture
def mapped(db_path: Path) -> Iterator[tuple[OpstuiApp, str]]:
    with Store.open(db_path) as store:
        session_id = seed_map(store)
    with Store.open(db_path) as store:
        yield make_app(store), session_id


def live_panel(theme: str, session_id: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        app.theme = theme
        await pilot.pause()
        if isinstance(app.screen, ResumeSession):
            await pilot.press("escape")
        await app.push_screen(LiveSessionScreen(session_id, clock=lambda: 5000.0))
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()

    return run_before


def workspace_panel(theme: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        app.theme = theme
        await pilot.pause()
        if isinstance(app.screen, ResumeSession):
            await pilot.press("escape")
        await app.workers.wait_for_complete()
        await app.push_screen(WorkspaceScreen("m0c1"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
@pytest.mark.parametrize("theme", THEMES)
def test_live_map_panel(
    snap_compare: SnapCompare, mapped: tuple[OpstuiApp, str], theme: str, size: tuple[int, int]
) -> None:
    app, session_id = mapped
    assert snap_compare(app, run_before=live_panel(theme, session_id), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
@pytest.mark.parametrize("theme", THEMES)
def test_workspace_map(
    snap_compare: SnapCompare, mapped: tuple[OpstuiApp, str], theme: str, size: tuple[int, int]
) -> None:
    app, _ = mapped
    assert snap_compare(app, run_before=workspace_panel(theme), terminal_size=size)
