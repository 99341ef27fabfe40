"""Cancelling a session started by mistake and renaming one, from the workspace's
Sessions tab and from the live screen, checked in the database afterwards."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from opstui.app import OpstuiApp, make_app
from opstui.db.errors import NotFound
from opstui.db.store import Store
from opstui.domain.session import Feedback, Session, SessionKind, SessionState
from opstui.screens.live import LiveSessionScreen
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.modals.rename_session import RenameSession
from opstui.screens.workspace import WorkspaceScreen
from opstui.widgets.row_table import RowTable
from tests.app.test_live_session import (
    BEFORE,
    SIZE,
    build_world,
    open_live,
    start_validation,
    top,
)
from tests.app.test_workspace import open_workspace, rows, show_tab


def add_mistake(store: Store, initiative_id: str, *, remark: bool) -> Session:
    """An ended session held after the others, with a remark in it or nothing."""
    session = store.add_session(
        Session(
            initiative_id=initiative_id,
            playbook_key="discovery",
            kind=SessionKind.DISCOVERY,
            title="Wrong initiative",
            state=SessionState.ENDED,
            started_at=BEFORE + timedelta(days=1),
            ended_at=BEFORE + timedelta(days=1, minutes=5),
        )
    )
    if remark:
        store.add_feedback(Feedback(session_id=session.id, text="Said before we noticed"))
    return session


async def highlight_newest(
    app: OpstuiApp, pilot: Pilot[None], initiative_id: str
) -> WorkspaceScreen:
    screen = await open_workspace(app, pilot, initiative_id)
    await show_tab(pilot, screen, "2", "sessions")
    screen.query_one("#sessions", RowTable).focus()  # the newest is first
    await pilot.pause()
    return screen


def confirm_text(app: OpstuiApp) -> str:
    assert isinstance(app.screen, ConfirmModal)
    return str(app.screen.query_one("#confirm-detail", Static).render())


async def test_an_empty_session_is_deleted_from_the_sessions_tab(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=2)
        mistake = add_mistake(store, world.initiative.id, remark=False)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await highlight_newest(app, pilot, world.initiative.id)
            await pilot.press("X", "n")  # no: kept as it was
            await pilot.pause()
            assert store.get_session(mistake.id).cancelled_at is None
            await pilot.press("X")
            await pilot.pause()
            assert "will be deleted" in confirm_text(app)
            await pilot.press("y")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert [r[2] for r in rows(screen, "#sessions")] == [world.previous.title]
        with pytest.raises(NotFound):
            store.get_session(mistake.id)
        assert store.get_session(world.previous.id).cancelled_at is None


async def test_a_session_with_a_remark_is_kept_cancelled_from_the_sessions_tab(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=2)
        mistake = add_mistake(store, world.initiative.id, remark=True)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await highlight_newest(app, pilot, world.initiative.id)
            await pilot.press("X")
            await pilot.pause()
            assert "will be kept, marked cancelled" in confirm_text(app)
            await pilot.press("y")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert rows(screen, "#sessions")[0][3] == "cancelled"
        kept = store.get_session(mistake.id)
        assert kept.cancelled_at is not None
        assert len(store.list_feedback(session_id=mistake.id)) == 1


async def test_rename_from_the_sessions_tab_refuses_a_blank_title(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=2)
        mistake = add_mistake(store, world.initiative.id, remark=False)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await highlight_newest(app, pilot, world.initiative.id)
            await pilot.press("R")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, RenameSession)
            assert form.query_one("#session-title", Input).value == "Wrong initiative"
            form.query_one("#session-title", Input).value = "   "
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is form
            assert "Title: cannot be empty" in str(form.query_one(".form-error").render())
            form.query_one("#session-title", Input).value = "Scheduling, by mistake"
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert top(app) is screen
            assert rows(screen, "#sessions")[0][2] == "Scheduling, by mistake"
        assert store.get_session(mistake.id).title == "Scheduling, by mistake"


async def test_offered_on_the_sessions_tab_and_a_live_session_but_not_in_review(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=2)
        mistake = add_mistake(store, world.initiative.id, remark=False)
        live = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await highlight_newest(app, pilot, world.initiative.id)
            names = [c.title for c in app.get_system_commands(app.screen)]
            assert "Cancel session" in names and "Rename session" in names
            await open_live(app, pilot, live.id)
            names = [c.title for c in app.get_system_commands(app.screen)]
            assert "Cancel session" in names and "Rename session" in names
            # An ended session opens read-only: neither is offered, nor do the keys act.
            ended = await open_live(app, pilot, world.previous.id)
            names = [c.title for c in app.get_system_commands(app.screen)]
            assert "Cancel session" not in names and "Rename session" not in names
            await pilot.press("X", "y")
            await pilot.pause()
            assert app.screen is ended
    with Store.open(db_path, read_only=True) as review:
        app = make_app(review)
        async with app.run_test(size=SIZE) as pilot:
            screen = await highlight_newest(app, pilot, world.initiative.id)
            names = [c.title for c in app.get_system_commands(app.screen)]
            assert "Open session" in names
            assert "Cancel session" not in names and "Rename session" not in names
            await pilot.press("X", "y", "R")
            await pilot.pause()
            assert app.screen is screen
    with Store.open(db_path) as store:
        assert store.get_session(mistake.id).title == "Wrong initiative"
        assert store.get_session(world.previous.id).cancelled_at is None


# -- from the live screen -----------------------------------------------------------------


async def test_an_empty_live_session_is_deleted_and_the_screen_closes(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=2)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            commands = [c.title for c in app.get_system_commands(app.screen)]
            assert "Cancel session" in commands and "Rename session" in commands
            await pilot.press("X")
            await pilot.pause()
            assert "will be deleted" in confirm_text(app)
            await pilot.press("y")
            await pilot.pause()
            assert not screen.is_attached
            assert not isinstance(app.screen, LiveSessionScreen)
            assert screen.live.hold is None  # another app may open what is left
        with pytest.raises(NotFound):
            store.get_session(session.id)
        assert store.list_agenda(session.id) == []


async def test_a_live_session_with_notes_is_kept_cancelled_and_ended(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=2)
        session = start_validation(world, presenter_safe=False)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            # Typed in the notes pad, not yet saved: still something captured.
            await pilot.press("w", *"Wrong team on the call", "escape")
            await pilot.press("X")
            await pilot.pause()
            assert "will be kept, marked cancelled" in confirm_text(app)
            await pilot.press("y")
            await pilot.pause()
            assert not screen.is_attached
        kept = store.get_session(session.id)
        assert kept.cancelled_at is not None
        assert kept.state is SessionState.ENDED and kept.ended_at is not None
        assert kept.notes == "Wrong team on the call"
        assert store.live_sessions() == []


async def test_rename_on_the_live_screen_shows_at_once(db_path: Path) -> None:
    with Store.open(db_path) as store:
        world = build_world(store, people=2)
        session = start_validation(world)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_live(app, pilot, session.id)
            await pilot.press("R")
            await pilot.pause()
            assert isinstance(app.screen, RenameSession)
            await pilot.press(*"Metrics check", "enter")  # typing replaces the title
            await pilot.pause()
            assert top(app) is screen
            assert screen.title == "Metrics check"
        saved = store.get_session(session.id)
        assert saved.title == "Metrics check"
        assert saved.state is SessionState.LIVE
