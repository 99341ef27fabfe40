"""The dashboard: rows from the domain's summaries, sorting, filtering, narrowing, forms."""

from __future__ import annotations

import gc
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import get_current_worker

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store, load_facts
from opstui.demo import DEMO_TODAY
from opstui.domain.doctor import diagnose
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import Initiative, InitiativeStatus
from opstui.domain.steps import Step
from opstui.screens import clock, home
from opstui.screens.home import HomeScreen
from opstui.screens.modals.initiative_form import InitiativeForm
from opstui.screens.people import PeopleScreen
from opstui.screens.workspace import WorkspaceScreen
from opstui.widgets.row_table import RowTable
from tests.demo_cache import build_demo


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    return DEMO_TODAY


@pytest.fixture
def demo(store: Store) -> Store:
    build_demo(store)
    return store


async def settle(app: OpstuiApp, pilot: Pilot[None]) -> None:
    """Let the loading worker finish and its rows reach the table."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def table(app: OpstuiApp) -> RowTable:
    return app.screen.query_one("#initiatives", RowTable)


def titles(app: OpstuiApp) -> list[str]:
    shown = table(app)
    return [str(shown.cells_at(i)[0]) for i in range(shown.row_count)]


def row_of(app: OpstuiApp, title: str) -> list[str]:
    shown = table(app)
    for index in range(shown.row_count):
        cells = [str(c) for c in shown.cells_at(index)]
        if cells[0] == title:
            return cells
    raise AssertionError(f"{title} is not on the dashboard")


async def test_rows_show_step_status_health_progress_mood_actions_and_last_session(
    demo: Store,
) -> None:
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert titles(app) == [i.title for i in demo.list_initiatives()]
        for initiative in demo.list_initiatives():
            facts = load_facts(demo, initiative.id, today=DEMO_TODAY)
            cells = row_of(app, initiative.title)
            assert cells[1] == initiative.step.label
            assert cells[2] == initiative.status.value
            findings = len(diagnose(facts))
            assert cells[3] == (f"⚠ {findings}" if findings else "ok")
            open_actions = sum(1 for a in facts.actions if not a.done)
            assert cells[6] == (str(open_actions) if open_actions else "–")
        docs = row_of(app, "A single home for product documentation")
        assert docs[3] == "⚠ 2" and docs[7] == "–"
        release = row_of(app, "Predictable release dates")
        assert release[4].strip().endswith("50%")
        assert release[5] == "3.4~" and release[7] == "2026-10-19"


def drawn(app: OpstuiApp, title: str) -> list[str]:
    """The row of this initiative as the table draws it on screen, cell by cell."""
    shown = table(app)
    for y in range(1, shown.size.height):
        line = shown.render_line(y)
        if line.text.startswith(f" {title}"):
            widths = [c.render_width for c in shown.columns]
            cells, start = [], 0
            for width in widths:
                cells.append(line.text[start : start + width].strip())
                start += width
            return cells
    raise AssertionError(f"{title} is not drawn")


async def test_a_summary_that_changes_elsewhere_is_drawn_again_in_its_row(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        build_demo(store)
        release = next(
            i for i in store.list_initiatives() if i.title == "Predictable release dates"
        )
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            assert drawn(app, release.title)[6] == "3"  # open actions
            kept = computed(app)
            with Store.open(db_path) as other:  # someone else, in another window
                action = next(a for a in load_facts(other, release.id).actions if not a.done)
                other.update_action(action.model_copy(update={"done": True}))
            await pilot.pause(app.POLL_SECONDS * 2.5)
            await settle(app, pilot)
            assert drawn(app, release.title)[6] == "2"
            assert computed(app) == kept + 1  # that initiative alone was computed again


def computed(app: OpstuiApp) -> int:
    """How many summaries the dashboard has computed since the app started."""
    screen = app.screen
    assert isinstance(screen, HomeScreen) and screen.kept is not None
    return screen.kept.computed


async def test_back_from_a_workspace_only_the_initiative_that_changed_is_computed_again(
    demo: Store,
) -> None:
    initiatives = demo.list_initiatives()
    release = next(i for i in initiatives if i.title == "Predictable release dates")
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert computed(app) == len(initiatives)
        before = {i.title: row_of(app, i.title) for i in initiatives}
        # There and back, nothing written: nothing computed again.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert computed(app) == len(initiatives)
        # An action of one initiative done while its workspace is open.
        await pilot.press("slash", *release.title, "enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        action = next(a for a in load_facts(demo, release.id).actions if not a.done)
        demo.update_action(action.model_copy(update={"done": True}))
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert computed(app) == len(initiatives) + 1
        await pilot.press("escape")  # the narrowing cleared: every row shown again
        await pilot.pause()
        assert row_of(app, release.title)[6] == str(int(before[release.title][6]) - 1)
        # Every row is what computing them all afresh shows.
        for initiative in initiatives:
            facts = load_facts(demo, initiative.id, today=DEMO_TODAY)
            findings = len(diagnose(facts))
            cells = row_of(app, initiative.title)
            assert cells[3] == (f"⚠ {findings}" if findings else "ok")
            open_actions = sum(1 for a in facts.actions if not a.done)
            assert cells[6] == (str(open_actions) if open_actions else "–")
            if initiative.id != release.id:
                assert cells == before[initiative.title]


async def test_o_cycles_the_sort_column_and_r_reverses_it(demo: Store) -> None:
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        stored = titles(app)
        await pilot.press("o")  # by title
        assert titles(app) == sorted(stored, key=str.casefold)
        await pilot.press("r")
        assert titles(app) == sorted(stored, key=str.casefold, reverse=True)
        await pilot.press("o")  # by step, ascending again
        steps = [row_of(app, t)[1] for t in titles(app)]
        assert steps == sorted(steps)
        assert "sorted by step" in str(app.screen.sub_title)
        for _ in range(7):  # around every column and back to the stored order
            await pilot.press("o")
        assert titles(app) == stored


async def test_clicking_a_header_sorts_by_it_and_again_reverses(demo: Store) -> None:
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        shown = table(app)
        health_x = sum(c.render_width for c in shown.columns[:3]) + 1
        await pilot.click("#initiatives", offset=(health_x, 0))
        await pilot.pause()
        health = [row_of(app, t)[3] for t in titles(app)]
        assert health[-1] == "⚠ 2" and "sorted by health, ascending" in str(app.screen.sub_title)
        await pilot.click("#initiatives", offset=(health_x, 0))
        await pilot.pause()
        assert row_of(app, titles(app)[0])[3] == "⚠ 2"
        assert "descending" in str(app.screen.sub_title)


async def test_filter_by_status_and_by_step(demo: Store) -> None:
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")  # active
        await pilot.pause()
        expected = [i.title for i in demo.list_initiatives() if i.status.value == "active"]
        assert titles(app) == expected and len(expected) == 3
        await pilot.press("g")  # step 1
        await pilot.pause()
        assert titles(app) == ["A single home for product documentation"]
        await pilot.press("g", "g")  # step 3: nothing active there
        await pilot.pause()
        assert titles(app) == []
        assert "No initiative matches" in str(app.screen.query_one("#home-empty").render())
        await pilot.press("escape")
        await pilot.pause()
        assert len(titles(app)) == 4


async def test_typing_narrows_by_title_and_enter_opens_the_first_match(demo: Store) -> None:
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"RELEASE")
        await pilot.pause()
        assert titles(app) == ["Predictable release dates"]
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        wanted = next(i for i in demo.list_initiatives() if i.title == "Predictable release dates")
        assert screen.initiative_id == wanted.id == screen.context_initiative_id


async def test_enter_on_a_row_opens_its_workspace_and_escape_comes_back(demo: Store) -> None:
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        assert app.screen.initiative_id == demo.list_initiatives()[1].id
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_new_initiative_is_saved_and_opened(demo: Store) -> None:
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InitiativeForm)
        form.query_one("#initiative-title", Input).value = "  One calendar for [bold]launches[/]  "
        form.query_one("#initiative-problem", TextArea).text = "Launch dates live in four places."
        await pilot.press("ctrl+s")
        await pilot.pause()
        created = [i for i in demo.list_initiatives() if "calendar" in i.title]
        assert len(created) == 1
        assert created[0].title == "One calendar for [bold]launches[/]"
        assert created[0].problem == "Launch dates live in four places."
        assert created[0].step is Step.IDENTIFY_PROBLEM
        assert isinstance(app.screen, WorkspaceScreen)
        assert app.screen.initiative_id == created[0].id


async def test_a_form_without_a_title_stays_open_and_saves_nothing(demo: Store) -> None:
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = len(demo.list_initiatives())
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InitiativeForm)
        assert "Title: cannot be empty" in str(app.screen.query_one(".form-error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(demo.list_initiatives()) == before


async def test_edit_initiative_changes_the_title_and_status(demo: Store) -> None:
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        first = demo.list_initiatives()[0]
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InitiativeForm)
        assert form.query_one("#initiative-title", Input).value == first.title
        form.query_one("#initiative-title", Input).value = "Interviews within a week"
        form.query_one("#initiative-status").value = InitiativeStatus.PAUSED  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        changed = demo.get_initiative(first.id)
        assert changed.title == "Interviews within a week"
        assert changed.status is InitiativeStatus.PAUSED
        assert changed.problem == first.problem and changed.step is first.step
        assert row_of(app, "Interviews within a week")[2] == "paused"


async def test_people_screen_is_reachable_by_key_and_palette(demo: Store) -> None:
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        for name in ("People", "New initiative", "Open initiative", "Sort", "Filter by status"):
            assert name in commands
        assert "Start session" in commands  # the app's own, not hidden by a dashboard key
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)


async def test_read_only_review_hides_and_refuses_edits(db_path: Path) -> None:
    with Store.open(db_path) as writable:
        build_demo(writable)
    with Store.open(db_path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            commands = [c.title for c in app.get_system_commands(app.screen)]
            assert "New initiative" not in commands and "Edit initiative" not in commands
            assert "People" in commands
            await pilot.press("n", "e")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert len(titles(app)) == 4


async def test_titles_show_at_once_and_the_summaries_follow_from_the_worker(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(250):  # far more rows than fit on the screen
        store.add_initiative(Initiative(title=f"Initiative {number:03d}"))
    computed = threading.Event()
    real = Store.dashboard_facts

    def held_back(
        self: Store, initiative_ids: Sequence[str], today: date | None = None
    ) -> list[InitiativeFacts]:
        computed.wait(10)
        return real(self, initiative_ids, today)

    monkeypatch.setattr(Store, "dashboard_facts", held_back)
    messages: list[Message] = []
    app = make_app(store)
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.pause()
        assert titles(app) == [f"Initiative {number:03d}" for number in range(250)]
        assert row_of(app, "Initiative 007")[1:4] == ["1 Identify the problem", "active", "…"]
        assert "loading" in str(app.screen.sub_title)
        computed.set()
        await settle(app, pilot)
        seventh = next(i for i in store.list_initiatives() if i.title == "Initiative 007")
        findings = len(diagnose(load_facts(store, seventh.id, today=DEMO_TODAY)))
        assert row_of(app, "Initiative 007")[3] == (f"⚠ {findings}" if findings else "ok")
        assert all("…" not in row_of(app, t) for t in titles(app))
        assert str(app.screen.sub_title).startswith("250 of 250 initiatives")
        assert "loading" not in str(app.screen.sub_title)
    # The hook may see a message more than once as it is dispatched: count each once.
    loaded = list({id(m): m for m in messages if isinstance(m, HomeScreen.Loaded)}.values())
    # A batch at a time, each bringing its own rows' summaries.
    batch = home.BATCH_INITIATIVES
    sizes = [batch] * (250 // batch)
    assert len(sizes) > 2
    assert [len(m.summaries) for m in loaded] == sizes
    assert [m.complete for m in loaded] == [False] * (len(sizes) - 1) + [True]


async def test_opening_an_initiative_stops_the_summaries_until_the_dashboard_is_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Summaries nobody sees would slow the workspace in front of them."""
    for number in range(3 * home.BATCH_INITIATIVES):
        store.add_initiative(Initiative(title=f"Initiative {number:03d}"))
    computed = threading.Event()
    batches: list[int] = []
    real = Store.dashboard_facts

    def held_back(
        self: Store, initiative_ids: Sequence[str], today: date | None = None
    ) -> list[InitiativeFacts]:
        # The dashboard's loading worker (the workspace's reads its outline in one too).
        if threading.current_thread() is not threading.main_thread() and (
            get_current_worker().group == "dashboard"
        ):
            batches.append(len(initiative_ids))
            computed.wait(10)
        return real(self, initiative_ids, today)

    monkeypatch.setattr(Store, "dashboard_facts", held_back)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        loading = [w for w in app.workers if w.group == "dashboard"]
        assert loading and "loading" in str(app.screen.sub_title)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        assert all(w.is_cancelled for w in loading)
        computed.set()
        await app.workers.wait_for_complete()
        assert batches == [home.BATCH_INITIATIVES]  # it stopped after the batch it was on
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "loading" not in str(app.screen.sub_title)
        assert all("…" not in row_of(app, t) for t in titles(app))


async def test_the_collector_is_back_once_every_summary_is_loaded(demo: Store) -> None:
    assert gc.isenabled()
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert gc.isenabled()  # the loading worker's hold has ended
