"""The app shell: home screen, help, palette commands, read-only marking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from opstui.app import make_app
from opstui.db.store import Store
from opstui.screens.help import HelpScreen
from opstui.widgets.row_table import RowTable
from tests.demo_cache import build_demo


def _cell_texts(table: RowTable) -> list[str]:
    return [str(table.cells_at(i)[0]) for i in range(table.row_count)]


async def test_home_lists_the_demo_initiatives(db_path: Path) -> None:
    with Store.open(db_path) as store:
        build_demo(store)
        expected = [i.title for i in store.list_initiatives()]
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()  # the dashboard loads its rows in a thread
            await pilot.pause()
            table = app.screen.query_one("#initiatives", RowTable)
            assert _cell_texts(table) == expected
            assert len(expected) == 4
            assert any("Make customer interviews" in t for t in expected)


async def test_markup_in_titles_is_shown_literally(store: Store) -> None:
    from opstui.domain.initiative import Initiative

    store.add_initiative(Initiative(title="[bold]Not bold[/] [link=x]"))
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#initiatives", RowTable)
        assert any("[bold]Not bold[/]" in t for t in _cell_texts(table))


async def test_f1_lists_every_binding(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        descriptions = [k.description for k in app.screen.keys]
        assert "Help" in descriptions and "Quit" in descriptions
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_offers_bindings_by_name(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Help" in titles and "Quit" in titles
        assert len(titles) == len(set(titles))


async def test_read_only_is_marked_in_the_header(db_path: Path) -> None:
    Store.open(db_path).close()
    with Store.open(db_path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert "read-only" in app.sub_title


async def test_ctrl_q_quits(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_read_only_app_follows_a_writer(db_path: Path) -> None:
    from opstui.domain.initiative import Initiative

    Store.open(db_path).close()  # closed cleanly: no -wal left, so review opens immutable
    with Store.open(db_path, read_only=True) as review:
        assert review.immutable
        app = make_app(review)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            with Store.open(db_path) as facilitator:
                facilitator.add_initiative(Initiative(title="Captured live"))
                await pilot.pause(app.POLL_SECONDS * 2.5)
                table = app.screen.query_one("#initiatives", RowTable)
                assert "Captured live" in _cell_texts(table)


async def test_notices_show_user_text_literally(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.notify("Created [bold]Q3[/] \x1b[2J plan", title="[red]x")
        await pilot.pause()
        (notice,) = list(app._notifications)
        assert notice.markup is False
        assert "[bold]Q3[/]" in notice.message
        assert "\x1b" not in notice.message and "\u241b" in notice.message
        assert notice.title == "[red]x"


def test_first_screen_is_drawn_without_the_domain_models(tmp_path: Path) -> None:
    """The app opens the file and lists the initiatives before pydantic is imported.

    In a fresh process: the dashboard's loading thread, which brings in the models,
    is held back, and the titles must already be in the table; the store over the
    same connection then works as usual.
    """
    path = tmp_path / "demo.db"
    with Store.open(path) as store:
        build_demo(store)
    probe = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from opstui.cli import open_database\n"
        "from opstui.app import make_app\n"
        "from opstui.screens.home import HomeScreen\n"
        "HomeScreen.load_summaries = lambda self, generation: None\n"
        f"app = make_app(open_database(Path({str(path)!r})))\n"
        "async def main():\n"
        "    async with app.run_test(size=(120, 40)) as pilot:\n"
        "        await pilot.pause()\n"
        "        rows = app.screen.query_one('#initiatives').row_count\n"
        "        print('ROWS', rows, 'PYDANTIC', 'pydantic' in sys.modules)\n"
        "        print('STORE', len(app.store.list_initiatives()), 'pydantic' in sys.modules)\n"
        "        assert app.store.database is app.database\n"
        "asyncio.run(main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "ROWS 4 PYDANTIC False" in result.stdout
    assert "STORE 4 True" in result.stdout
