"""Snapshots of the workspace's Buy-in tab and its message form, in the dark and the light
theme, at 120x40 and 80x24."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.buy_in import (
    CheckIn,
    CommItem,
    CommPurpose,
    CommStatus,
    LearningKind,
    LearningPath,
)
from opstui.domain.initiative import AffectedGroup, Group, Initiative, Person
from opstui.domain.steps import Step
from opstui.screens import clock
from opstui.screens.workspace import WorkspaceScreen

SnapCompare = Callable[..., bool]
TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def plans_app(db_path: Path) -> Iterator[OpstuiApp]:
    with Store.open(db_path) as store:
        initiative = store.add_initiative(
            Initiative(id="b0c1", title="Make customer interviews quick", step=Step.EVALUATE)
        )
        iid = initiative.id
        store.set_affected_group(AffectedGroup(initiative_id=iid, group=Group.ENGINEERING))
        dana = store.add_person(Person(id="p1", name="Dana Lee", group=Group.LEADERSHIP))
        sam = store.add_person(Person(id="p2", name="Sam Ortiz", group=Group.ENGINEERING))
        store.add_comm_item(
            CommItem(
                initiative_id=iid,
                channel="All-hands",
                purpose=CommPurpose.ANNOUNCEMENT,
                planned_on=date(2026, 4, 1),
                status=CommStatus.SENT,
                sent_on=date(2026, 4, 2),
                draft="From today, book user interviews from the team calendar.",
            )
        )
        store.add_comm_item(
            CommItem(
                initiative_id=iid,
                audience_group=Group.ENGINEERING,
                channel="#eng-announce",
                purpose=CommPurpose.RESULTS,
                planned_on=date(2026, 6, 3),
                draft="You said booking took days. It now takes one: here is what we learned.",
            )
        )
        store.add_learning_path(
            LearningPath(
                initiative_id=iid,
                kind=LearningKind.OFFICE_HOURS,
                title="Booking clinic",
                slots=["2026-04-08 14:00", "2026-04-15 14:00"],
                owner_id=sam.id,
            )
        )
        store.add_learning_path(
            LearningPath(
                initiative_id=iid,
                kind=LearningKind.VIDEO,
                title="Booking an interview in three minutes",
                audience_group=Group.ENGINEERING,
                link="https://wiki.example.org/booking",
            )
        )
        store.add_check_in(
            CheckIn(
                initiative_id=iid,
                person_id=dana.id,
                group=Group.LEADERSHIP,
                held_on=date(2026, 2, 20),
                about="What discovery found, and the metrics",
                outcome="Backs a pilot with two squads.",
            )
        )
    with Store.open(db_path) as store:
        yield make_app(store)


def buy_in_tab(theme: str, *keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        app.theme = theme
        await pilot.pause()
        await app.workers.wait_for_complete()
        await app.push_screen(WorkspaceScreen("b0c1"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        for key in ("9", *keys):
            await pilot.press(key)
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_buy_in_tab(
    snap_compare: SnapCompare, plans_app: OpstuiApp, theme: str, size: tuple[int, int]
) -> None:
    assert snap_compare(plans_app, run_before=buy_in_tab(theme), terminal_size=size)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_message_form_80x24(snap_compare: SnapCompare, plans_app: OpstuiApp, theme: str) -> None:
    assert snap_compare(plans_app, run_before=buy_in_tab(theme, "n"), terminal_size=(80, 24))
