"""Snapshots of the workspace's Prototypes tab and its form, in the dark and the light
theme, at 120x40 and 80x24: a ladder mid-climb, and one automated too early."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.prototypes import Prototype, Stage, Status
from opstui.domain.steps import Step
from opstui.screens import clock
from opstui.screens.workspace import WorkspaceScreen

SnapCompare = Callable[..., bool]
TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


def write_ladder(db_path: Path, *, early: bool) -> None:
    with Store.open(db_path) as store:
        iid = store.add_initiative(
            Initiative(
                id="l0c1", title="Make customer interviews quick", step=Step.PROTOTYPE_AND_EXPAND
            )
        ).id
        rungs = [
            (
                Stage.WORKFLOW_DIAGRAM,
                "The booking flow on paper",
                "One intake point can replace private messages to account managers.",
                "It can, with a 24-hour silent approval and a backup approver.",
                Status.DONE,
                date(2026, 3, 2),
                date(2026, 3, 2),
            ),
            (
                Stage.DOCUMENTATION,
                "One page: how to ask for an interview",
                "PMs can ask for an interview from written steps, without help.",
                "Half the first requests left out the customer segment.",
                Status.DONE,
                date(2026, 3, 9),
                date(2026, 3, 16),
            ),
            (
                Stage.MANUAL_PROCESS,
                "Research ops books every interview by hand",
                "A panel of customers who opted in fills a team's interviews every week.",
                "",
                Status.PLANNED if early else Status.TRYING,
                None if early else date(2026, 3, 17),
                None,
            ),
            (
                Stage.AUTOMATION,
                "Bookable slots, confirmed by the customer",
                "Customers confirm a slot themselves from an email link.",
                "",
                Status.TRYING if early else Status.PLANNED,
                date(2026, 4, 1) if early else None,
                None,
            ),
        ]
        for n, (stage, title, assumption, learned, status, started, ended) in enumerate(rungs):
            store.add_prototype(
                Prototype(
                    id=f"pt{n}",
                    initiative_id=iid,
                    stage=stage,
                    title=title,
                    assumption=assumption,
                    learned=learned,
                    status=status,
                    started_on=started,
                    ended_on=ended,
                )
            )


@pytest.fixture
def climbing(db_path: Path) -> Iterator[OpstuiApp]:
    write_ladder(db_path, early=False)
    with Store.open(db_path) as store:
        yield make_app(store)


@pytest.fixture
def early(db_path: Path) -> Iterator[OpstuiApp]:
    write_ladder(db_path, early=True)
    with Store.open(db_path) as store:
        yield make_app(store)


def ladder_tab(theme: str, *keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        app.theme = theme
        await pilot.pause()
        await app.workers.wait_for_complete()
        await app.push_screen(WorkspaceScreen("l0c1"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        for key in ("0", "down", "down", *keys):
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        # A form's cursor shown, not blinking: the picture must not depend on the moment.
        for field in app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_ladder_tab(
    snap_compare: SnapCompare, climbing: OpstuiApp, theme: str, size: tuple[int, int]
) -> None:
    assert snap_compare(climbing, run_before=ladder_tab(theme), terminal_size=size)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_ladder_automated_too_early(
    snap_compare: SnapCompare, early: OpstuiApp, theme: str
) -> None:
    assert snap_compare(early, run_before=ladder_tab(theme), terminal_size=(120, 40))


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_prototype_form_80x24(snap_compare: SnapCompare, climbing: OpstuiApp, theme: str) -> None:
    assert snap_compare(climbing, run_before=ladder_tab(theme, "enter"), terminal_size=(80, 24))
