"""Linking an answer of a filled-in template later, from the workspace: on the Sessions
tab, L on a session offers the answers of its filled-in templates, then the link dialog;
the file holds the link from that one answer, and the session notes say what came of it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.buy_in import LinkTarget
from opstui.domain.session import FillIn
from opstui.screens.base import READ_ONLY_HINT
from opstui.screens.modals.choose import ChooseModal
from opstui.screens.modals.link_remark import LinkRemarkModal
from opstui.screens.workspace import WorkspaceScreen
from opstui.screens.workspace.sessions import SessionsTab
from tests.app.test_link_remarks_live import notes
from tests.app.test_live_session import BEFORE, SIZE, World, build_world
from tests.app.test_workspace import open_workspace

ROLE = "PM on the [bold]payments[/bold] team"
PAIN = "Booking a room takes three mails"


def with_notes(world: World) -> FillIn:
    """Interview notes of two answers (and an empty one), filled in the ended session."""
    return world.store.add_fill_in(
        FillIn(
            session_id=world.previous.id,
            template_key="interview-notes",
            title="Interview notes",
            values={"role": ROLE, "workflow": "", "pain_points": PAIN},
            created_at=BEFORE + timedelta(minutes=20),
            updated_at=BEFORE + timedelta(minutes=20),
        )
    )


async def on_the_session(screen: WorkspaceScreen, pilot: object, world: World) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("2")
    await pilot.pause()
    assert screen.active_tab == "sessions"
    assert screen.query_one(SessionsTab).highlighted_session == world.previous.id


def heading(modal: object) -> str:
    assert isinstance(modal, LinkRemarkModal)
    rendered = modal.query_one("#link-heading", Static).render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


async def test_an_answer_is_linked_later_from_the_sessions_tab(store: Store) -> None:
    world = build_world(store)
    fill_in = with_notes(world)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, world.initiative.id)
        await on_the_session(screen, pilot, world)
        await pilot.press("L")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ChooseModal)
        # The answers with a value, template by template, in the template's order;
        # the user's words are data, not markup.
        lines = [choice.label.plain for choice in chooser.choices]
        assert lines == [
            f"Interview notes — Role and team: {ROLE}",
            f"Interview notes — Pain points: {PAIN}",
        ]
        await pilot.press("down", "enter")
        await pilot.pause()
        modal = app.screen
        assert heading(modal) == "Link answer “Pain points”: what came of it"
        # No decision in this initiative: its open action comes first.
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
    [link] = store.list_links(world.initiative.id)
    assert (link.feedback_id, link.fill_in_id, link.field_key) == (None, fill_in.id, "pain_points")
    assert (link.target, link.action_id) == (LinkTarget.ACTION, world.carried.id)
    text = notes(store, world.previous.id)
    assert f"- **Pain points:** {PAIN}\n  - → action: {world.carried.text}" in text


async def test_linking_an_answer_later_is_refused_in_review(tmp_path: Path) -> None:
    path = tmp_path / "review.db"
    with Store.open(path) as store:
        world = build_world(store)
        with_notes(world)
    with Store.open(path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_workspace(app, pilot, world.initiative.id)
            await on_the_session(screen, pilot, world)
            app._notifications.clear()
            await pilot.press("L")
            await pilot.pause()
            assert app.screen is screen
            assert READ_ONLY_HINT in [str(n.message) for n in app._notifications]
            assert store.list_links(world.initiative.id) == []
