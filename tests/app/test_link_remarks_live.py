"""Linking a remark live: L on the captured list, a line, Enter; the list marks it, the
file holds it, and the session notes say what came of it (the remark still anonymous)."""

from __future__ import annotations

from datetime import timedelta

from textual import events

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.buy_in import LinkTarget
from opstui.domain.session import ActionItem, Feedback, FeedbackKind, Session
from opstui.export import available_playbooks
from opstui.screens.live import LiveSessionScreen
from opstui.screens.modals.link_remark import LinkRemarkModal
from opstui.services.exporting import Exporter
from tests.app.test_live_session import SIZE, STARTED, World, build_world, open_live, top
from tests.app.test_live_session import start_validation as start
from tests.app.test_type_ahead import settle

QUOTE = "Booking a room takes longer than the interview"
ACTION = "Reserve two rooms every Thursday"


def with_remark(world: World) -> tuple[Session, ActionItem, Feedback]:
    """A live session holding an action item and, captured after it, an anonymous remark."""
    session = start(world)
    store = world.store
    action = store.add_action(
        ActionItem(
            initiative_id=world.initiative.id,
            session_id=session.id,
            text=ACTION,
            created_at=STARTED + timedelta(minutes=5),
        )
    )
    remark = store.add_feedback(
        Feedback(
            session_id=session.id,
            person_id=None,
            kind=FeedbackKind.CONCERN,
            text=QUOTE,
            created_at=STARTED + timedelta(minutes=6),
        )
    )
    return session, action, remark


def remark_line(screen: LiveSessionScreen, remark: Feedback) -> str:
    return screen.captures.get_entry(f"feedback:{remark.id}").prompt.plain


def notes(store: Store, session_id: str) -> str:
    exporter = Exporter(store, available_playbooks(None))
    return exporter.render("session", session_id, "md").text


def send(app: OpstuiApp, *keys: str) -> None:
    """Post keys all at once, as a fast typist's terminal does: one-letter keys as typed."""
    for key in keys:
        character = key if len(key) == 1 else {"enter": "\r"}.get(key)
        app.post_message(events.Key(key, character))


async def test_a_remark_is_linked_to_an_action_with_two_keys(store: Store) -> None:
    world = build_world(store)
    session, action, remark = with_remark(world)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(app, pilot, session.id)
        assert "→" not in remark_line(screen, remark)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LinkRemarkModal)
        await pilot.press("enter")  # the session's own open action comes first
        await pilot.pause()
        assert not isinstance(top(app), LinkRemarkModal)
        assert "→ 1" in remark_line(screen, remark)
    [link] = store.list_links(world.initiative.id)
    assert (link.feedback_id, link.target, link.action_id) == (
        remark.id,
        LinkTarget.ACTION,
        action.id,
    )
    text = notes(store, session.id)
    assert f"- anonymous (neutral, 3/5): {QUOTE}\n  - → action: {ACTION}" in text
    assert f"you said: “{QUOTE}” — anonymous" in text
    feedback = text.split("## Feedback")[1].split("## Templates")[0]
    assert not any(person.name in feedback for person in world.people)


async def test_a_change_typed_in_one_burst_is_linked_whole(store: Store) -> None:
    world = build_world(store)
    session, _action, remark = with_remark(world)
    app = make_app(store)
    change = "Vision names room booking too"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(app, pilot, session.id)
        # The change is the last line: End reaches it, Enter asks for its words.
        send(app, "L", "end", "enter", *change, "enter")
        await settle(pilot, lambda: bool(store.list_links(world.initiative.id)))
        # The list shows the link once the screen has handled the act, a moment after
        # the dialog closed (a loaded machine saw it in between).
        await settle(pilot, lambda: app.screen is screen and "→ 1" in remark_line(screen, remark))
    [link] = store.list_links(world.initiative.id)
    assert (link.feedback_id, link.target, link.change) == (remark.id, LinkTarget.CHANGE, change)
    assert f"{QUOTE}\n  - → change: {change}" in notes(store, session.id)


async def test_a_link_is_taken_back_from_the_same_dialog(store: Store) -> None:
    world = build_world(store)
    session, _action, remark = with_remark(world)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(app, pilot, session.id)
        await pilot.press("L", "enter")
        await pilot.pause()
        assert len(store.list_links(world.initiative.id)) == 1
        # The remark's link is offered last, to unlink.
        await pilot.press("L", "end", "enter")
        await pilot.pause()
        assert "→" not in remark_line(screen, remark)
    assert store.list_links(world.initiative.id) == []
    assert store.list_feedback(session_id=session.id) == [remark]
