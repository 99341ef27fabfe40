"""The workspace's Prototypes tab: the ladder's four rungs in order with their prototypes,
prototypes added, edited and deleted through a dialog (keys one at a time and in one
burst), the doctor's warning above the ladder, and nothing changed in review."""

from __future__ import annotations

from datetime import date

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TabbedContent, TextArea

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.prototypes import Prototype, Stage, Status
from opstui.domain.steps import Step
from opstui.screens import clock
from opstui.screens.base import READ_ONLY_HINT
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.modals.prototype_form import PrototypeForm
from opstui.screens.workspace import WorkspaceScreen
from opstui.screens.workspace.ladder import CELL_CHARACTERS as LADDER_CELL
from opstui.screens.workspace.ladder import LadderTab

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


def seed(store: Store) -> str:
    return store.add_initiative(Initiative(title="Booking page", step=Step.PROTOTYPE_AND_EXPAND)).id


async def until(pilot: Pilot[None], done: object, rounds: int = 500) -> None:
    """Let the app work until ``done()`` holds (a state, not a fixed wait)."""
    for _ in range(rounds):
        if done():  # type: ignore[operator]
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never got there")


async def open_ladder(app: OpstuiApp, pilot: Pilot[None], initiative_id: str) -> WorkspaceScreen:
    await pilot.pause()
    await app.workers.wait_for_complete()
    screen = WorkspaceScreen(initiative_id)
    await app.push_screen(screen)
    await until(pilot, lambda: screen.whole is not None and not screen.reading)
    await pilot.press("0")
    await until(pilot, lambda: screen.query_one("#tabs", TabbedContent).active == "tab-ladder")
    await until(pilot, lambda: screen.query_one(LadderTab).shown is not None)
    return screen


async def settle(app: OpstuiApp, pilot: Pilot[None]) -> None:
    """Wait for the save and the read that follows it to be shown."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def rows(screen: WorkspaceScreen) -> list[list[str]]:
    table: DataTable[object] = screen.query_one("#ladder", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def titles(screen: WorkspaceScreen) -> list[str]:
    return [row[0] for row in rows(screen)]


def detail(screen: WorkspaceScreen) -> str:
    return str(screen.query_one("#ladder-detail", Static).render())


def move_to(screen: WorkspaceScreen, key: str) -> None:
    table: DataTable[object] = screen.query_one("#ladder", DataTable)
    table.move_cursor(row=table.get_row_index(key), animate=False)


async def test_an_empty_ladder_shows_its_four_rungs_and_what_each_tests(store: Store) -> None:
    initiative_id = seed(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_ladder(app, pilot, initiative_id)
        assert titles(screen) == [
            "1 Workflow diagram",
            "2 Documentation",
            "3 Manual process",
            "4 Automation",
        ]
        assert all(row[1] == "none" for row in rows(screen))
        assert rows(screen)[2][3] == "does it work by hand?"
        assert not screen.query_one("#ladder-warning", Static).display
        assert "Enter adds a prototype at this rung" in detail(screen)


async def test_a_prototype_is_added_at_the_highlighted_rung_key_by_key(store: Store) -> None:
    initiative_id = seed(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_ladder(app, pilot, initiative_id)
        move_to(screen, "rung:manual-process")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, PrototypeForm))
        form = app.screen
        assert isinstance(form, PrototypeForm)
        assert form.query_one("#prototype-stage", Select).value is Stage.MANUAL_PROCESS
        assert "real people" in str(form.query_one("#prototype-tests", Static).render())
        form.query_one("#prototype-status", Select).value = Status.TRYING
        form.query_one("#prototype-started-on", Input).value = "2026-05-04"
        form.query_one("#prototype-assumption", TextArea).text = "PMs wait less\nwhen ops books"
        for key in "Book by hand":
            await pilot.press(key)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen)
        await settle(app, pilot)
        [prototype] = store.list_prototypes(initiative_id)
        assert (
            prototype.stage,
            prototype.title,
            prototype.status,
            prototype.started_on,
            prototype.assumption,
        ) == (
            Stage.MANUAL_PROCESS,
            "Book by hand",
            Status.TRYING,
            date(2026, 5, 4),
            "PMs wait less\nwhen ops books",
        )
        assert titles(screen) == [
            "1 Workflow diagram",
            "2 Documentation",
            "3 Manual process",
            "• Book by hand",
            "4 Automation",
        ]
        assert rows(screen)[3][1:4] == ["trying", "2026-05-04", "PMs wait less when ops books"]
        assert rows(screen)[2][1] == "tried"


async def test_a_prototype_typed_in_one_burst_lands_whole(store: Store) -> None:
    initiative_id = seed(store)
    app = make_app(store)
    title = "Calendar bot: 2 of 4 teams, n then E"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_ladder(app, pilot, initiative_id)
        move_to(screen, "rung:automation")
        await pilot.pause()
        app.post_message(events.Key("n", "n"))
        for character in title:
            app.post_message(events.Key(character, character))
        app.post_message(events.Key("enter", "\r"))
        await until(pilot, lambda: bool(store.list_prototypes(initiative_id)))
        await until(pilot, lambda: app.screen is screen)
        [prototype] = store.list_prototypes(initiative_id)
        assert (prototype.stage, prototype.title, prototype.status) == (
            Stage.AUTOMATION,
            title,
            Status.PLANNED,
        )


async def test_editing_a_prototype_then_deleting_it(store: Store) -> None:
    initiative_id = seed(store)
    made = store.add_prototype(
        Prototype(
            initiative_id=initiative_id,
            stage=Stage.DOCUMENTATION,
            title="One-page guide",
            assumption="PMs follow it alone",
        )
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_ladder(app, pilot, initiative_id)
        move_to(screen, made.id)
        await pilot.pause()
        assert "One-page guide" in detail(screen) and "PMs follow it alone" in detail(screen)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PrototypeForm))
        form = app.screen
        assert isinstance(form, PrototypeForm)
        assert form.query_one("#prototype-title", Input).value == "One-page guide"
        form.query_one("#prototype-status", Select).value = Status.DONE
        form.query_one("#prototype-started-on", Input).value = "2026-05-01"
        form.query_one("#prototype-ended-on", Input).value = "2026-05-08"
        form.query_one("#prototype-learned", TextArea).text = "Half skipped the segment."
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        await settle(app, pilot)
        [edited] = store.list_prototypes(initiative_id)
        assert edited.id == made.id
        assert (edited.status, edited.ended_on, edited.learned) == (
            Status.DONE,
            date(2026, 5, 8),
            "Half skipped the segment.",
        )
        assert rows(screen)[2][2] == "2026-05-01\n→ 2026-05-08"

        move_to(screen, made.id)
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await until(pilot, lambda: not store.list_prototypes(initiative_id))
        await settle(app, pilot)
        assert len(rows(screen)) == 4


async def test_dates_out_of_order_are_said_in_the_form_and_nothing_is_saved(
    store: Store,
) -> None:
    initiative_id = seed(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ladder(app, pilot, initiative_id)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, PrototypeForm))
        form = app.screen
        assert isinstance(form, PrototypeForm)
        form.query_one("#prototype-title", Input).value = "Paper map"
        form.query_one("#prototype-status", Select).value = Status.DONE
        form.query_one("#prototype-started-on", Input).value = "2026-05-08"
        form.query_one("#prototype-ended-on", Input).value = "2026-05-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one(".form-error", Static).render())
        assert "cannot end before it started" in error
        form.query_one("#prototype-title", Input).value = "   "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Title: cannot be empty" in str(form.query_one(".form-error", Static).render())
        assert store.list_prototypes(initiative_id) == []


async def test_the_doctors_warning_sits_above_the_ladder(store: Store) -> None:
    initiative_id = seed(store)
    store.add_prototype(
        Prototype(
            initiative_id=initiative_id,
            stage=Stage.AUTOMATION,
            title="[bold red]Bot[/] \x1b]52;c;aGk=\x07",
            status=Status.TRYING,
            started_on=date(2026, 5, 1),
        )
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_ladder(app, pilot, initiative_id)
        warning = screen.query_one("#ladder-warning", Static)
        assert warning.display
        shown = str(warning.render())
        assert "Automation before the process was tried by hand" in shown
        assert "[bold red]Bot[/]" in shown and "\x1b" not in shown
        # The markup is shown as typed; the control characters were never stored.
        assert titles(screen)[-1] == "• [bold red]Bot[/] ]52;c;aGk="


async def test_review_shows_the_ladder_and_changes_nothing(store: Store, db_path: object) -> None:
    initiative_id = seed(store)
    store.add_prototype(
        Prototype(initiative_id=initiative_id, stage=Stage.WORKFLOW_DIAGRAM, title="Paper map")
    )
    store.close()
    with Store.open(store.path, read_only=True) as review:
        app = make_app(review)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_ladder(app, pilot, initiative_id)
            assert "• Paper map" in titles(screen)
            assert not screen.check_action("ladder", ())
            move_to(screen, "rung:documentation")
            await pilot.press("n", "E", "delete")
            await pilot.pause()
            assert app.screen is screen
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen
            assert any(READ_ONLY_HINT in str(n.message) for n in app._notifications)
            assert "Enter adds" not in detail(screen)
    with Store.open(store.path) as after:
        assert [p.title for p in after.list_prototypes(initiative_id)] == ["Paper map"]


async def test_a_pasted_page_is_cut_in_its_cell_and_whole_below(store: Store) -> None:
    initiative_id = seed(store)
    page = "We learned a lot. " * 5000
    made = store.add_prototype(
        Prototype(
            initiative_id=initiative_id,
            stage=Stage.MANUAL_PROCESS,
            title="By hand",
            learned=page,
        )
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_ladder(app, pilot, initiative_id)
        move_to(screen, made.id)
        await pilot.pause()
        shown = rows(screen)[3][4]
        assert len(shown) == LADDER_CELL and shown.endswith("…")
        assert detail(screen).count("We learned a lot.") == 5000
