"""The dashboard tells where each initiative comes from once a file holds several sources.

The files are built with the store, then given other files' sites with plain SQL, as a
merge (built elsewhere) would leave them: ``initiatives.origin_site`` and ``sites`` rows.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Select

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.demo import DEMO_TODAY
from opstui.domain.initiative import Initiative
from opstui.screens import clock
from opstui.screens.home import HomeScreen
from opstui.widgets.dashboard.filters import DashboardFilters
from opstui.widgets.dashboard.rows import ANY_SOURCE
from opstui.widgets.row_table import RowTable

ALICE = "a1" * 16
BOB = "b2" * 16
#: A site no merge named: shown by the start of its id.
UNNAMED = "c3d4e5f6" + "0" * 24
HOSTILE = "[bold red]x[/] \x1b[2J\x1b]52;c;aGk=\x07"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    return DEMO_TODAY


def give_sources(path: Path, origins: dict[str, str], labels: dict[str, str]) -> None:
    """Test setup only: the initiatives of these titles come from these sites, so named."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO sites (id, label, first_merged_at) VALUES (?, ?, ?)",
                [(site, label, "2026-10-01T00:00:00Z") for site, label in labels.items()],
            )
            conn.executemany(
                "UPDATE initiatives SET origin_site = ? WHERE title = ?",
                [(site, title) for title, site in origins.items()],
            )
    finally:
        conn.close()


def add_in_order(path: Path, *titles: str) -> None:
    """Initiatives created a minute apart: the dashboard lists them in this order."""
    start = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    with Store.open(path) as store:
        for minute, title in enumerate(titles):
            store.add_initiative(
                Initiative(title=title, created_at=start + timedelta(minutes=minute))
            )


@pytest.fixture
def three_sources(db_path: Path) -> Path:
    """Four initiatives: two of this file, one of alice's file and one of bob's."""
    add_in_order(db_path, "Ours first", "Alice's rollout", "Bob's pilot", "Ours second")
    give_sources(
        db_path, {"Alice's rollout": ALICE, "Bob's pilot": BOB}, {ALICE: "alice", BOB: "bob"}
    )
    return db_path


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def table(app: OpstuiApp) -> RowTable:
    return app.screen.query_one("#initiatives", RowTable)


def shown(app: OpstuiApp) -> list[list[str]]:
    """Every row's cells as plain text."""
    rows = table(app)
    return [[c.plain for c in rows.cells_at(i)] for i in range(rows.row_count)]


def drawn_lines(app: OpstuiApp) -> list[str]:
    """The table as drawn on screen, a line at a time."""
    rows = table(app)
    return [rows.render_line(y).text for y in range(rows.size.height)]


def source_filter(app: OpstuiApp) -> Select[str | None]:
    return app.screen.query_one("#filter-source", Select)


def choices(app: OpstuiApp) -> list[str]:
    """What the source filter's list offers, as it shows it."""
    offered = source_filter(app).query_one(OptionList)
    return [str(offered.get_option_at_index(index).prompt) for index in range(offered.option_count)]


async def test_the_from_column_names_each_source(three_sources: Path) -> None:
    with Store.open(three_sources, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert [c.key for c in table(app).columns][:3] == ["title", "origin", "step"]
            assert [row[:2] for row in shown(app)] == [
                ["Ours first", "This file"],
                ["Alice's rollout", "alice"],
                ["Bob's pilot", "bob"],
                ["Ours second", "This file"],
            ]
            assert any(line.startswith(" Alice's rollout  alice ") for line in drawn_lines(app))


async def test_filtering_by_source_narrows_the_rows_and_any_source_restores_them(
    three_sources: Path,
) -> None:
    with Store.open(three_sources, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            select = source_filter(app)
            assert choices(app) == ["Any source", "This file", "alice", "bob"]
            select.value = "alice"
            await pilot.pause()
            assert [row[0] for row in shown(app)] == ["Alice's rollout"]
            assert "1 of 4 initiatives" in str(app.screen.sub_title)
            select.value = None  # this file
            await pilot.pause()
            assert [row[0] for row in shown(app)] == ["Ours first", "Ours second"]
            select.value = ANY_SOURCE
            await pilot.pause()
            assert len(shown(app)) == 4
            # Escape clears the source with the other filters.
            select.value = "bob"
            await pilot.pause()
            assert [row[0] for row in shown(app)] == ["Bob's pilot"]
            await pilot.press("escape")
            await pilot.pause()
            assert source_filter(app).value == ANY_SOURCE and len(shown(app)) == 4


async def test_choosing_a_source_with_the_keyboard(three_sources: Path) -> None:
    with Store.open(three_sources, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            source_filter(app).focus()
            await pilot.press("enter", "down", "down", "down", "enter")  # bob
            await pilot.pause()
            assert [row[0] for row in shown(app)] == ["Bob's pilot"]


async def test_a_hostile_or_missing_label_is_shown_literally(db_path: Path) -> None:
    add_in_order(db_path, "Ours", "Theirs", "Nobody's")
    give_sources(db_path, {"Theirs": ALICE, "Nobody's": UNNAMED}, {ALICE: HOSTILE})
    with Store.open(db_path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            cells = {row[0]: row[1] for row in shown(app)}
            assert cells["Nobody's"] == "site c3d4e5f6"
            literal = cells["Theirs"]
            assert literal.startswith("[bold red]x[/] ␛[2J")
            assert "\x1b" not in literal and "\x07" not in literal
            line = next(t for t in drawn_lines(app) if t.startswith(" Theirs "))
            assert "[bold red]x[/]" in line and "\x1b" not in line
            assert "[bold red]x[/] ␛[2J␛]52;c;aGk=␇" in choices(app)
            table(app).move_cursor(1)
            await pilot.pause()
            detail = str(app.screen.query_one("#dashboard-detail").render())
            assert "from [bold red]x[/] ␛[2J" in detail and "\x1b" not in detail
            source_filter(app).value = "site c3d4e5f6"
            await pilot.pause()
            assert [row[0] for row in shown(app)] == ["Nobody's"]


async def test_a_solo_file_has_no_from_column_and_no_source_filter(db_path: Path) -> None:
    add_in_order(db_path, "Only ours", "Also ours")
    with Store.open(db_path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert "origin" not in [c.key for c in table(app).columns]
            assert app.screen.query("#filter-step")  # the other filters are there
            assert not app.screen.query("#filter-source")
            assert "-with-source" not in app.screen.query_one(DashboardFilters).classes


async def test_at_80_columns_the_filter_fits_and_the_column_gives_way(
    three_sources: Path,
) -> None:
    with Store.open(three_sources, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "origin" not in [c.key for c in table(app).columns]
            assert all(len(line) <= 80 for line in drawn_lines(app))
            bar = app.screen.query_one(DashboardFilters)
            narrow = app.screen.query_one("#narrow")
            assert narrow.size.width >= 20
            assert source_filter(app).region.right <= bar.region.right
            source_filter(app).value = "bob"
            await pilot.pause()
            assert [row[0] for row in shown(app)] == ["Bob's pilot"]
            # Where the column gives way, the line below the table names the source.
            assert "· from bob" in str(app.screen.query_one("#dashboard-detail").render())
            await pilot.resize_terminal(120, 40)
            await pilot.pause()
            assert "origin" in [c.key for c in table(app).columns]
            assert shown(app) and shown(app)[0][:2] == ["Bob's pilot", "bob"]


async def test_a_merge_seen_while_the_dashboard_is_open_adds_the_source(db_path: Path) -> None:
    add_in_order(db_path, "Ours", "Soon alice's")
    with Store.open(db_path) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert not app.screen.query("#filter-source")
            give_sources(db_path, {"Soon alice's": ALICE}, {ALICE: "alice"})
            screen = app.screen
            assert isinstance(screen, HomeScreen)
            screen.reload()  # what noticing another process's write does
            await settle(pilot)
            assert [row[1] for row in shown(app)] == ["This file", "alice"]
            assert source_filter(app).value == ANY_SOURCE
