"""Linking an answer of a filled-in template live: L on the template's line, the answer,
a line, Enter; the list marks the template, the file holds the link from that one answer,
and the session notes say what came of it under the answer."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import Static

from opstui.app import make_app
from opstui.db.store import Store
from opstui.domain.buy_in import LinkTarget
from opstui.domain.session import ActionItem, FillIn, Session
from opstui.screens.live import LiveSessionScreen
from opstui.screens.modals.choose import ChooseModal
from opstui.screens.modals.link_remark import LinkRemarkModal
from tests.app.test_link_remarks_live import notes, send
from tests.app.test_live_session import SIZE, STARTED, World, build_world, open_live, top
from tests.app.test_live_session import start_validation as start
from tests.app.test_type_ahead import settle

PROBLEM = "Scheduling an interview takes days"
AFFECTED = "PMs and design"
ACTION = "Reserve two rooms every Thursday"


def with_fill_in(
    world: World, values: dict[str, str | int | float | None] | None = None
) -> tuple[Session, ActionItem, FillIn]:
    """A live session holding an action item and, filled in after it, a problem statement."""
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
    fill_in = store.add_fill_in(
        FillIn(
            session_id=session.id,
            template_key="problem-statement",
            title="Problem statement",
            # An empty answer is not offered: there is nothing to link.
            values=values or {"problem": PROBLEM, "root_cause": "", "affected": AFFECTED},
            created_at=STARTED + timedelta(minutes=6),
            updated_at=STARTED + timedelta(minutes=6),
        )
    )
    return session, action, fill_in


def fill_in_line(screen: LiveSessionScreen, fill_in: FillIn) -> str:
    return screen.captures.get_entry(f"fillin:{fill_in.id}").prompt.plain


def shown(screen: object, selector: str) -> str:
    assert isinstance(screen, LinkRemarkModal | ChooseModal)
    rendered = screen.query_one(selector, Static).render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


async def test_an_answer_is_linked_to_an_action_key_by_key(store: Store) -> None:
    world = build_world(store)
    session, action, fill_in = with_fill_in(world)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(app, pilot, session.id)
        assert "→" not in fill_in_line(screen, fill_in)
        await pilot.press("L")  # the filled-in template is the newest line
        await pilot.pause()
        chooser = top(app)
        assert isinstance(chooser, ChooseModal)
        # Only the answers with a value, in the template's order, label and words.
        assert [c.key for c in chooser.choices] == ["problem", "affected"]
        assert chooser.choices[1].label.plain == f"Who is affected: {AFFECTED}"
        await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        modal = top(app)
        assert isinstance(modal, LinkRemarkModal)
        assert shown(modal, "#link-heading") == "Link answer “Who is affected”: what came of it"
        assert shown(modal, "#link-quote") == f"“{AFFECTED}”"
        await pilot.press("enter")  # the session's own open action comes first
        await pilot.pause()
        assert not isinstance(top(app), LinkRemarkModal | ChooseModal)
        assert "→ 1" in fill_in_line(screen, fill_in)
    [link] = store.list_links(world.initiative.id)
    assert (link.feedback_id, link.fill_in_id, link.field_key) == (None, fill_in.id, "affected")
    assert (link.target, link.action_id) == (LinkTarget.ACTION, action.id)
    text = notes(store, session.id)
    assert f"- **Who is affected:** {AFFECTED}\n  - → action: {ACTION}" in text
    # The other answer led nowhere.
    assert f"- **Problem:** {PROBLEM}\n- **Who is affected:**" in text


async def test_an_answer_and_a_change_typed_in_one_burst_are_linked_whole(store: Store) -> None:
    world = build_world(store)
    session, _action, fill_in = with_fill_in(world)
    app = make_app(store)
    change = "Vision names room booking too"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(app, pilot, session.id)
        # The first answer, then the last line (a change), its words and Enter.
        send(app, "L", "enter", "end", "enter", *change, "enter")
        await settle(pilot, lambda: bool(store.list_links(world.initiative.id)))
        await settle(pilot, lambda: app.screen is screen)
        # The list redraws after the dialog has gone: wait for it, not for a fixed time.
        await settle(pilot, lambda: "→ 1" in fill_in_line(screen, fill_in))
    [link] = store.list_links(world.initiative.id)
    assert (link.fill_in_id, link.field_key, link.target, link.change) == (
        fill_in.id,
        "problem",
        LinkTarget.CHANGE,
        change,
    )
    assert f"- **Problem:** {PROBLEM}\n  - → change: {change}" in notes(store, session.id)


async def test_a_single_answer_is_linked_without_choosing_it(store: Store) -> None:
    world = build_world(store)
    session, _action, fill_in = with_fill_in(world, {"problem": PROBLEM})
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(app, pilot, session.id)
        send(app, "L", "enter")
        await settle(pilot, lambda: bool(store.list_links(world.initiative.id)))
        await settle(pilot, lambda: app.screen is screen)
        assert "→ 1" in fill_in_line(screen, fill_in)
        # Its link is offered last, to take it back.
        await pilot.press("L", "end", "enter")
        await pilot.pause()
        assert "→" not in fill_in_line(screen, fill_in)
    assert store.list_links(world.initiative.id) == []
