"""The workspace's Buy-in tab: messages, ways to learn and check-ins kept through dialogs,
a message marked sent recording that results were shared, and nothing changed in review."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TabbedContent, TextArea

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.buy_in import CheckIn, CommItem, CommPurpose, CommStatus, LearningKind
from opstui.domain.initiative import AffectedGroup, Group, Initiative, Person
from opstui.domain.steps import Step
from opstui.screens import clock
from opstui.screens.base import READ_ONLY_HINT
from opstui.screens.modals.buy_in_forms import CheckInForm, CommItemForm, LearningPathForm
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.workspace import WorkspaceScreen

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


def seed(store: Store) -> tuple[str, Person]:
    """An initiative at step 6 affecting engineering, and one person to name."""
    initiative = store.add_initiative(Initiative(title="Booking page", step=Step.EVALUATE))
    store.set_affected_group(AffectedGroup(initiative_id=initiative.id, group=Group.ENGINEERING))
    dana = store.add_person(Person(name="Dana Lee", group=Group.LEADERSHIP))
    return initiative.id, dana


async def open_buy_in(app: OpstuiApp, pilot: Pilot[None], initiative_id: str) -> WorkspaceScreen:
    await pilot.pause()
    await app.workers.wait_for_complete()
    screen = WorkspaceScreen(initiative_id)
    await app.push_screen(screen)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.press("9")
    await pilot.pause()
    assert screen.query_one("#tabs", TabbedContent).active == "tab-buy-in"
    return screen


async def settle(app: OpstuiApp, pilot: Pilot[None]) -> None:
    """Wait for the save and the read that follows it to be shown."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def cells(screen: WorkspaceScreen, table_id: str) -> list[list[str]]:
    table: DataTable[object] = screen.query_one(f"#{table_id}", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def detail(screen: WorkspaceScreen) -> str:
    return str(screen.query_one("#buy-in-detail", Static).render())


async def test_a_results_message_added_then_marked_sent_records_results_shared(
    store: Store,
) -> None:
    initiative_id, _ = seed(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_buy_in(app, pilot, initiative_id)
        assert "Results not shared yet" in detail(screen)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CommItemForm)
        form.query_one("#comm-audience", Select).value = f"group:{Group.ENGINEERING.value}"
        form.query_one("#comm-purpose", Select).value = CommPurpose.RESULTS
        form.query_one("#comm-planned", Input).value = "2026-06-03"
        form.query_one("#comm-draft", TextArea).text = "You said booking took days; now it is one."
        form.query_one("#comm-channel", Input).focus()
        await pilot.press(*"#eng-announce", "enter")
        await settle(app, pilot)
        [item] = store.list_comm_items(initiative_id)
        assert (item.audience_group, item.purpose, item.status) == (
            Group.ENGINEERING,
            CommPurpose.RESULTS,
            CommStatus.PLANNED,
        )
        assert cells(screen, "messages")[0][:4] == [
            "Engineering",
            "#eng-announce",
            "results",
            "2026-06-03",
        ]

        screen.query_one("#messages", DataTable).focus()
        await pilot.press("t")
        await settle(app, pilot)
        [sent] = store.list_comm_items(initiative_id)
        assert (sent.status, sent.sent_on) == (CommStatus.SENT, TODAY)
        assert store.get_initiative(initiative_id).results_shared_on == TODAY
        assert cells(screen, "messages")[0][3] == "✓ 2026-06-01"
        assert "Results shared on 2026-06-01." in detail(screen)
        assert "You said booking took days" in detail(screen)


async def test_a_message_is_sent_on_a_date_through_its_form(store: Store) -> None:
    initiative_id, _ = seed(store)
    store.add_comm_item(CommItem(initiative_id=initiative_id, channel="All-hands"))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_buy_in(app, pilot, initiative_id)
        screen.query_one("#messages", DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CommItemForm)
        form.query_one("#comm-sent", Input).value = "2026-05-28"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        [sent] = store.list_comm_items(initiative_id)
        assert (sent.status, sent.sent_on, sent.channel) == (
            CommStatus.SENT,
            date(2026, 5, 28),
            "All-hands",
        )
        # An update, not the results message: nothing says results were shared.
        assert store.get_initiative(initiative_id).results_shared_on is None


async def test_a_bad_date_is_said_in_the_form_and_nothing_is_saved(store: Store) -> None:
    initiative_id, _ = seed(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_buy_in(app, pilot, initiative_id)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CommItemForm)
        form.query_one("#comm-sent", Input).value = "2026-13-40"
        form.query_one("#comm-channel", Input).value = "Email"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Sent on: is not a date" in str(form.query_one(".form-error", Static).render())
        assert store.list_comm_items(initiative_id) == []


async def test_a_learning_path_with_slots_and_an_owner(store: Store) -> None:
    initiative_id, dana = seed(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_buy_in(app, pilot, initiative_id)
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LearningPathForm)
        form.query_one("#path-kind", Select).value = LearningKind.OFFICE_HOURS
        form.query_one("#path-owner", Select).value = dana.id
        form.query_one("#path-slots", TextArea).text = "2026-06-05 14:00\n\n2026-06-12 14:00\n"
        form.query_one("#path-title", Input).focus()
        await pilot.press(*"Booking clinic", "enter")
        await settle(app, pilot)
        [path] = store.list_learning_paths(initiative_id)
        assert path.slots == ["2026-06-05 14:00", "2026-06-12 14:00"]
        assert (path.kind, path.owner_id, path.audience_group) == (
            LearningKind.OFFICE_HOURS,
            dana.id,
            None,
        )
        assert cells(screen, "learning")[0] == [
            "office hours",
            "Booking clinic",
            "Everyone",
            "2026-06-05 14:00, 2026-06-12 14:00",
            "Dana Lee",
        ]


async def test_a_check_in_added_then_deleted(store: Store) -> None:
    initiative_id, dana = seed(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_buy_in(app, pilot, initiative_id)
        await pilot.press("k")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CheckInForm)
        assert form.query_one("#check-in-held", Input).value == "2026-06-01"
        form.query_one("#check-in-person", Select).value = dana.id
        form.query_one("#check-in-held", Input).value = "2026-02-20"
        form.query_one("#check-in-outcome", TextArea).text = "Backs the pilot."
        form.query_one("#check-in-about", Input).focus()
        await pilot.press(*"What discovery found", "enter")
        await settle(app, pilot)
        [check_in] = store.list_check_ins(initiative_id)
        assert check_in == CheckIn.model_validate(
            {
                **check_in.model_dump(),
                "person_id": dana.id,
                "group": Group.LEADERSHIP,
                "held_on": date(2026, 2, 20),
                "about": "What discovery found",
                "outcome": "Backs the pilot.",
            }
        )
        assert cells(screen, "check-ins")[0][:3] == ["2026-02-20", "Dana Lee", "Leadership"]

        screen.query_one("#check-ins", DataTable).focus()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#confirm-yes")
        await settle(app, pilot)
        assert store.list_check_ins(initiative_id) == []


async def test_in_review_the_plans_show_and_every_edit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "review.db"
    with Store.open(path) as writer:
        initiative_id, _ = seed(writer)
        writer.add_comm_item(CommItem(initiative_id=initiative_id, channel="All-hands"))
    with Store.open(path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_buy_in(app, pilot, initiative_id)
            assert cells(screen, "messages")[0][1] == "All-hands"
            table = screen.query_one("#messages", DataTable)
            table.focus()
            for key in ("t", "n", "enter"):
                app.clear_notifications()
                await pilot.press(key)
                await pilot.pause()
                assert app.screen is screen
                assert [n.message for n in app._notifications] == [READ_ONLY_HINT]
    with Store.open(path, read_only=True) as store:
        [item] = store.list_comm_items(initiative_id)
        assert item.status is CommStatus.PLANNED
