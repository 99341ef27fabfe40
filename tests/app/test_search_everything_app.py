"""Search everything in the app: ctrl+f (or the palette), words typed in one burst or key
by key, and Enter opens the hit's initiative on its tab with its row selected."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.demo import DEMO_TODAY
from opstui.domain.search import HitKind
from opstui.domain.session import Feedback
from opstui.screens import clock
from opstui.screens.modals.search_everything import NOTHING_TO_SEARCH, TAB_OF, SearchEverything
from opstui.screens.workspace import TABS, WorkspaceScreen
from opstui.widgets.row_table import RowTable
from tests.demo_cache import build_demo

SIZE = (120, 40)
SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    return DEMO_TODAY


@pytest.fixture
def demo_store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as store:
        build_demo(store)
        yield store


def burst(app: OpstuiApp, *parts: str) -> None:
    """Post every key at once, as the terminal driver does for fast typing."""
    for part in parts:
        if part in ("ctrl+f", "enter"):
            app.post_message(events.Key(part, "\r" if part == "enter" else None))
            continue
        for character in part:
            app.post_message(events.Key(character, character))


async def until(pilot: Pilot[None], done: Callable[[], bool], rounds: int = 400) -> None:
    for _ in range(rounds):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


def opened_on(app: OpstuiApp, tab: str, row: str) -> bool:
    screen = app.screen
    if not isinstance(screen, WorkspaceScreen) or screen.active_tab != tab:
        return False
    pane = screen.tab(tab)
    for table in pane.query(DataTable):
        if row in table.rows and table.has_focus:
            key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
            return key.value == row
    return any(rows.highlighted_key == row and rows.has_focus for rows in pane.query(RowTable))


async def test_a_burst_then_enter_opens_the_action_on_its_row(demo_store: Store) -> None:
    everyone = [a for i in demo_store.list_initiatives() for a in demo_store.list_actions(i.id)]
    wanted = next(a for a in everyone if "second security" in a.text)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "ctrl+f", "find train second secu", "enter")
        await until(pilot, lambda: opened_on(app, "actions", wanted.id))
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        assert screen.initiative_id == wanted.initiative_id


async def test_keys_one_at_a_time_and_a_chosen_remark(demo_store: Store) -> None:
    wanted = next(f for f in demo_store.list_feedback() if f.text.startswith("Security review"))
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(app.screen, SearchEverything))
        await pilot.press(*"queue of one")
        dialog = app.screen
        assert isinstance(dialog, SearchEverything)
        await until(pilot, lambda: bool(dialog.hits))
        assert dialog.hits[0].id == wanted.id
        await pilot.press("down", "enter")  # into the list, then choose the hit
        await until(pilot, lambda: opened_on(app, "feedback", wanted.id))


async def test_user_text_is_shown_literally_and_empty_queries_say_so(demo_store: Store) -> None:
    session = demo_store.list_sessions()[0]
    hostile = "Zanzibar [bold red]loud[/] \x1b]52;c;aGk=\x07 done"
    demo_store.add_feedback(Feedback(session_id=session.id, text=hostile))
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "ctrl+f", "zanzibar")
        await until(pilot, lambda: isinstance(app.screen, SearchEverything))
        dialog = app.screen
        assert isinstance(dialog, SearchEverything)
        await until(pilot, lambda: bool(dialog.hits))
        prompt = dialog.query_one(OptionList).get_option_at_index(0).prompt
        shown = str(getattr(prompt, "plain", prompt))
        assert "[bold red]loud[/]" in shown and "\x1b" not in shown and "\x07" not in shown
        dialog.query_one("#search-query").value = '"()*:'  # type: ignore[attr-defined]
        await until(pilot, lambda: dialog.searched == '"()*:')
        status = dialog.query_one("#search-status", Static)
        assert str(status.render()) == NOTHING_TO_SEARCH
        assert dialog.query_one(OptionList).option_count == 0
        await pilot.press("enter")  # nothing to open: the dialog stays
        assert app.screen is dialog
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, SearchEverything))


async def test_the_palette_offers_it(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = [command.title for command in app.get_system_commands(app.screen)]
        assert "Search everything" in names


def search_for(words: str) -> Callable[[Pilot[None]], object]:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(pilot.app.screen, SearchEverything))
        await pilot.press(*words)
        dialog = pilot.app.screen
        assert isinstance(dialog, SearchEverything)
        await until(pilot, lambda: dialog.searched == words)
        # The cursor shown, not blinking: the picture must not depend on the moment.
        for field in dialog.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.fixture
def review_app(demo_store: Store) -> Iterator[OpstuiApp]:
    with Store.open(demo_store.path, read_only=True) as review:
        yield make_app(review)


def test_results_120x40(snap_compare: SnapCompare, review_app: OpstuiApp) -> None:
    assert snap_compare(review_app, run_before=search_for("security"), terminal_size=(120, 40))


def test_results_80x24(snap_compare: SnapCompare, review_app: OpstuiApp) -> None:
    assert snap_compare(review_app, run_before=search_for("pilot"), terminal_size=(80, 24))


def test_every_kind_opens_on_a_tab_of_the_workspace() -> None:
    assert set(TAB_OF) == set(HitKind)
    assert set(TAB_OF.values()) <= {key for key, _ in TABS}


async def test_a_fill_in_answer_opens_its_session_and_a_decision_its_row(
    demo_store: Store,
) -> None:
    answer = demo_store.search_everything("Kwame")[0]
    decision = demo_store.search_everything("second security reviewer expands")[0]
    assert (answer.kind, decision.kind) == (HitKind.FILL_IN, HitKind.DECISION)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "ctrl+f", "Kwame", "enter")
        assert answer.session_id is not None
        await until(pilot, lambda: opened_on(app, "sessions", str(answer.session_id)))
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, WorkspaceScreen))
        burst(app, "ctrl+f", "second security reviewer expands", "enter")
        await until(pilot, lambda: opened_on(app, "decisions", decision.id))
