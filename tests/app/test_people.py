"""The people screen: adding and editing the people sessions pick their participants from."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.initiative import Group, Person
from opstui.screens.modals.person_form import PersonForm
from opstui.screens.people import MAX_WIDTH, PeopleScreen
from opstui.widgets.row_table import RowTable


async def open_people(app: OpstuiApp) -> PeopleScreen:
    screen = PeopleScreen()
    await app.push_screen(screen)
    return screen


def names(screen: PeopleScreen) -> list[list[str]]:
    table = screen.query_one("#people", RowTable)
    return [[str(c) for c in table.cells_at(i)] for i in range(table.row_count)]


async def test_add_a_person_with_role_and_group(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_people(app)
        await pilot.pause()
        assert "Nobody yet" in str(screen.query_one("#people-empty").render())
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PersonForm)
        assert app.focused is form.query_one("#person-name", Input)
        await pilot.press(*"Ana [Ops] Lee")
        form.query_one("#person-role", Input).value = "Release manager"
        form.query_one("#person-group", Select).value = Group.ENGINEERING
        await pilot.press("enter")
        await pilot.pause()
        [person] = store.list_people()
        assert (person.name, person.role, person.group) == (
            "Ana [Ops] Lee",
            "Release manager",
            Group.ENGINEERING,
        )
        assert names(screen) == [["Ana [Ops] Lee", "Release manager", "Engineering"]]


async def test_a_person_needs_a_name(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(app)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonForm)
        assert "Name: cannot be empty" in str(app.screen.query_one(".form-error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert store.list_people() == []


async def test_edit_a_person_keeps_their_id(store: Store) -> None:
    kept = store.add_person(Person(name="Bo Park", role="PM", group=Group.PRODUCT))
    store.add_person(Person(name="Cy Diaz", role="Designer", group=Group.DESIGN))
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_people(app)
        await pilot.pause()
        await pilot.press("enter")  # the first row, Bo Park
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PersonForm)
        assert form.query_one("#person-name", Input).value == "Bo Park"
        form.query_one("#person-role", Input).value = "Group PM"
        form.query_one("#person-group", Select).value = Group.LEADERSHIP
        await pilot.press("ctrl+s")
        await pilot.pause()
        changed = store.get_person(kept.id)
        assert (changed.name, changed.role, changed.group) == (
            "Bo Park",
            "Group PM",
            Group.LEADERSHIP,
        )
        assert len(store.list_people()) == 2
        assert names(screen)[0] == ["Bo Park", "Group PM", "Leadership"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PeopleScreen)


async def test_read_only_people_cannot_be_changed(db_path: Path) -> None:
    with Store.open(db_path) as writable:
        writable.add_person(Person(name="Bo Park"))
    with Store.open(db_path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_people(app)
            await pilot.pause()
            commands = [c.title for c in app.get_system_commands(app.screen)]
            assert "Add person" not in commands and "Edit person" not in commands
            await pilot.press("n", "enter", "e")
            await pilot.pause()
            assert app.screen is screen
            assert [p.name for p in store.list_people()] == ["Bo Park"]


async def test_columns_fit_the_longest_entries_and_long_ones_are_cut(store: Store) -> None:
    store.add_person(Person(name="Bo Park", role="Product manager", group=Group.PRODUCT))
    store.add_person(Person(name="An extraordinarily long name " * 3, group=Group.ENGINEERING))
    app = make_app(store)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_people(app)
        await pilot.pause()
        table = screen.query_one("#people", RowTable)
        assert [c.width for c in table.columns][:2] == [MAX_WIDTH, len("Product manager")]
        drawn = [table.render_line(y).text for y in range(1, 3)]
        long_name = next(line for line in drawn if "extraordinarily" in line)
        assert long_name[MAX_WIDTH] == "…"  # after the cell's left padding
        assert "Product manager" in next(line for line in drawn if "Bo Park" in line)
