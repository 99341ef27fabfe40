"""The process map typed live: each line stored once the map reads it, shown at once.

Keys are sent one at a time and in one burst straight after M (type-ahead must not lose
any); the database holds the lines afterwards. A review shows the map, types nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual import events
from textual.widgets import Input, OptionList, Static

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session import Session
from opstui.domain.session_plan import plan_session
from opstui.screens.live import LiveSessionScreen
from opstui.screens.modals.process_map import NO_MAP, ProcessMapPanel
from opstui.screens.workspace import WorkspaceScreen
from opstui.services.process_mapping import ProcessMapping
from opstui.widgets.process_map_view import ProcessMapView
from tests.app.test_live_session import SIZE, World, build_world, notices, open_live

STARTED = datetime(2026, 3, 16, 14, 0, tzinfo=UTC)
LINES = [
    "[start] Brief (PM) -> Review (Design): brief",
    "Review (Design) -> Build (Eng): spec",
    "Build (Eng) -> Ship (Eng) [end]",
]


def start_mapping(world: World) -> Session:
    book = next(b for b in builtin_playbooks() if b.key == "process-mapping")
    session, agenda = plan_session(
        initiative_id=world.initiative.id,
        playbook=book,
        title="Map the interview flow",
        participant_ids=[p.id for p in world.people[:4]],
        facilitator_id=world.facilitator.id,
        now=STARTED,
    )
    world.store.add_session(session, agenda)
    return session


def stored_lines(store: Store) -> list[tuple[str, str | None, str]]:
    rows = store.database.rows(
        "SELECT m.title, m.session_id, l.text FROM process_map_lines l "
        "JOIN process_maps m ON m.id = l.map_id ORDER BY l.position"
    )
    return [(r["title"], r["session_id"], r["text"]) for r in rows]


def panel_of(app: OpstuiApp) -> ProcessMapPanel:
    screen = app.screen
    assert isinstance(screen, ProcessMapPanel)
    return screen


def shown(app: OpstuiApp) -> str:
    view = panel_of(app).query_one("#map-view", ProcessMapView)
    return str(view.query_one("#map-drawing", Static).render())


async def until(pilot: object, done: object, rounds: int = 300) -> None:
    for _ in range(rounds):
        if done():  # type: ignore[operator]
            return
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    raise AssertionError("the app never got there")


async def test_lines_typed_one_at_a_time_are_stored_and_drawn(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_mapping(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("M")
            await until(pilot, lambda: isinstance(app.screen, ProcessMapPanel))
            for line in LINES:
                for key in line:
                    await pilot.press(key)
                await pilot.press("enter")
                await pilot.pause()
            assert stored_lines(store) == [(session.title, session.id, t) for t in LINES]
            assert panel_of(app).query_one("#map-input", Input).value == ""
            drawing = shown(app)
            assert "Brief" in drawing and "Review" in drawing and "Ship" in drawing
            assert "new people" in drawing  # Eng is no one's role: found at once
            assert len(panel_of(app).query_one("#map-lines", OptionList).options) == 3


async def test_a_burst_right_after_m_loses_no_key(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_mapping(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            burst = ["M"]
            for line in LINES:
                burst += [*line, "enter"]
            await pilot.press(*burst)
            await until(pilot, lambda: len(stored_lines(store)) == len(LINES))
            assert [text for _, _, text in stored_lines(store)] == LINES


async def test_a_bad_line_stays_in_the_field_with_the_reason(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_mapping(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("M", *"Brief -> (", "enter")
            await until(
                pilot,
                lambda: "Not added" in str(panel_of(app).query_one("#map-hint", Static).render()),
            )
            assert panel_of(app).query_one("#map-input", Input).value == "Brief -> ("
            assert stored_lines(store) == []


async def test_a_line_is_edited_and_deleted_from_the_list(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_mapping(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("M")
            for line in LINES[:2]:
                await pilot.press(*line, "enter")
            await until(pilot, lambda: len(stored_lines(store)) == 2)
            # To the list, up to the first line, Enter: it is in the field to change.
            await pilot.press("shift+tab", "up", "enter")
            field = panel_of(app).query_one("#map-input", Input)
            await until(pilot, lambda: field.value == LINES[0] and field.has_focus)
            await pilot.press("ctrl+u", *"[start] Brief (PM) -> Triage (Design)", "enter")
            await until(
                pilot, lambda: stored_lines(store)[0][2] == "[start] Brief (PM) -> Triage (Design)"
            )
            await pilot.press("shift+tab", "d")
            await until(pilot, lambda: len(stored_lines(store)) == 1)
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, LiveSessionScreen))


async def test_a_review_shows_the_map_and_types_nothing(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_mapping(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("M", *LINES[0], "enter")
            await until(pilot, lambda: len(stored_lines(store)) == 1)
    with Store.open(db_path, read_only=True) as review:
        app = make_app(review)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("M")
            await until(pilot, lambda: isinstance(app.screen, ProcessMapPanel))
            panel = panel_of(app)
            assert not panel.query_one("#map-input", Input).display
            assert "Brief" in shown(app)
            await pilot.press(*"A -> B", "enter", "d")
            await pilot.pause()
    with Store.open(db_path) as store:
        assert [text for _, _, text in stored_lines(store)] == [LINES[0]]


async def test_the_workspace_shows_the_maps_after_the_session(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.push_screen(WorkspaceScreen(world.initiative.id))
            await until(pilot, lambda: isinstance(app.screen, WorkspaceScreen))
            await app.workers.wait_for_complete()
            await pilot.press("2", "M")
            await until(pilot, lambda: NO_MAP in notices(app))
            assert isinstance(app.screen, WorkspaceScreen)
        session = start_mapping(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("M", *LINES[0], "enter")
            await until(pilot, lambda: len(stored_lines(store)) == 1)
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, LiveSessionScreen))
            await app.push_screen(WorkspaceScreen(world.initiative.id))
            await until(pilot, lambda: isinstance(app.screen, WorkspaceScreen))
            await app.workers.wait_for_complete()
            # Sessions are newest first: the mapping session is under the cursor.
            await pilot.press("2", "M")
            await until(pilot, lambda: isinstance(app.screen, ProcessMapPanel))
            assert "Brief" in shown(app)
            assert not panel_of(app).query_one("#map-input", Input).display


async def test_a_paste_of_several_lines_adds_them_all(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_mapping(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await open_live(app, pilot, session.id)
            await pilot.press("M")
            await until(pilot, lambda: isinstance(app.screen, ProcessMapPanel))
            await pilot.pause()
            # As the terminal sends it: control characters and all (the app drops them).
            app.post_message(events.Paste("\n".join(LINES) + "\r\nShip (Eng) -> Write\x1b up\x07"))
            await until(pilot, lambda: len(stored_lines(store)) == len(LINES) + 1)
            texts = [text for _, _, text in stored_lines(store)]
            assert texts == [*LINES, "Ship (Eng) -> Write up"]


async def test_a_review_follows_the_lines_typed_in_another_window(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store)
        session = start_mapping(world)
        writer = ProcessMapping(store, world.initiative.id, session_id=session.id)
        view = writer.add_line(writer.session_map(), LINES[0])
        with Store.open(db_path, read_only=True) as review:
            app = make_app(review)
            async with app.run_test(size=SIZE) as pilot:
                await open_live(app, pilot, session.id)
                await pilot.press("M")
                await until(pilot, lambda: isinstance(app.screen, ProcessMapPanel))
                assert "Review" in shown(app) and "Build" not in shown(app)
                writer.add_line(view, LINES[1])  # the facilitator's window, another connection
                await until(pilot, lambda: "Build" in shown(app))
