"""Read-only review: every editing action of every screen is hidden, and its key says why.

The demo file, with a live session and an open vote added, is opened read-only; on each
main screen (and each tab of the workspace) no editing action may be in the footer or
the command palette, and pressing each editing key leaves the screen as it was, says
why, and writes nothing: the file's bytes and its folder's listing are the same after.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.screen import Screen

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session import Feedback, SessionState
from opstui.domain.session_plan import plan_session
from opstui.domain.voting import Proposal
from opstui.screens.base import READ_ONLY_HINT, OpstuiScreen
from opstui.screens.home import HomeScreen
from opstui.screens.live import LiveSessionScreen
from opstui.screens.metrics import MetricsScreen
from opstui.screens.people import PeopleScreen
from opstui.screens.workspace import TABS, WorkspaceScreen, tab_digit
from opstui.widgets.capture_list import CaptureList
from tests.demo_cache import build_demo

SIZE = (120, 40)


@dataclass(frozen=True)
class Review:
    """The review copy and the ids its screens are opened on."""

    path: Path
    initiative_id: str
    live_session_id: str
    ended_session_id: str


@pytest.fixture
def review(tmp_path: Path) -> Iterator[Review]:
    """The demo with a live session (a remark and an open vote), closed: no -wal left."""
    path = tmp_path / "review" / "demo.db"
    path.parent.mkdir()
    with Store.open(path) as store:
        build_demo(store)
        initiative = store.list_initiatives()[1]
        people = [p.id for p in store.list_people()[:3]]
        book = next(b for b in builtin_playbooks() if b.key == "pilot")
        session, agenda = plan_session(
            initiative_id=initiative.id,
            playbook=book,
            title="Pilot check-in, live",
            participant_ids=people,
            facilitator_id=None,
            now=datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
        )
        store.add_session(session, agenda)
        store.add_feedback(Feedback(session_id=session.id, text="Release notes arrive late"))
        store.add_proposal(Proposal(session_id=session.id, title="Keep the pilot going"))
        ended = next(s for s in store.list_sessions() if s.state is SessionState.ENDED)
    yield Review(path, initiative.id, session.id, ended.id)


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file of the folder with its content hash and modification time."""
    return {
        entry.name: (hashlib.sha256(entry.read_bytes()).hexdigest(), entry.stat().st_mtime_ns)
        for entry in sorted(folder.iterdir())
    }


def bindings(node: object) -> list[Binding]:
    found: list[Binding] = []
    for item in getattr(node, "BINDINGS", []):
        if isinstance(item, Binding):
            found += [
                Binding(key.strip(), item.action, item.description) for key in item.key.split(",")
            ]
    return found


def edit_bindings(app: OpstuiApp, screen: Screen[Any]) -> list[Binding]:
    """The bindings of the screen and the app whose action changes the database."""
    edits: frozenset[str] = getattr(screen, "EDIT_ACTIONS", frozenset())
    return [b for b in bindings(screen) if b.action.partition("(")[0] in edits] + [
        b for b in bindings(app) if b.action in app.EDIT_ACTIONS
    ]


def top(app: OpstuiApp) -> Screen[Any]:
    """The screen on top, read afresh (so a type check does not carry over between keys)."""
    return app.screen


def notices(app: OpstuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def check_screen(app: OpstuiApp, pilot: object, screen: Screen[Any]) -> int:
    """No edit shown, none offered, each edit key refused with a reason; keys pressed."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    edits = edit_bindings(app, screen)
    assert edits, f"{type(screen).__name__} has no editing bindings to check"
    edit_actions = {b.action for b in edits}
    shown = {active.binding.action for active in screen.active_bindings.values()}
    assert not shown & edit_actions, f"{type(screen).__name__} shows {shown & edit_actions}"
    offered = {command.title for command in app.get_system_commands(screen)}
    edit_names = {b.description for b in edits} - {
        active.binding.description for active in screen.active_bindings.values()
    }
    assert not offered & edit_names, f"the palette offers {offered & edit_names}"
    pressed = 0
    for binding in edits:
        if binding.key in screen.active_bindings:
            continue  # the key means something else here (e.g. e: the ended session's summary)
        app._notifications.clear()
        await pilot.press(binding.key)
        await pilot.pause()
        pressed += 1
        assert app.screen is screen, f"{binding.key} ({binding.action}) opened {app.screen}"
        said = notices(app)
        assert READ_ONLY_HINT in said, f"{binding.key} ({binding.action}) said {said}"
        assert not [n for n in said if "Database problem" in n or "could not" in n], said
    return pressed


def screens(review: Review) -> dict[str, Callable[[], OpstuiScreen]]:
    return {
        "workspace": lambda: WorkspaceScreen(review.initiative_id),
        "people": PeopleScreen,
        "metrics": lambda: MetricsScreen(review.initiative_id),
        "live session": lambda: LiveSessionScreen(review.live_session_id),
        "ended session": lambda: LiveSessionScreen(review.ended_session_id),
    }


async def test_every_edit_is_hidden_and_refused_and_nothing_is_written(review: Review) -> None:
    before = snapshot(review.path.parent)
    pressed: dict[str, int] = {}
    with Store.open(review.path, read_only=True) as store:
        assert store.immutable  # a copy nobody writes: not even a lock file appears
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)  # no offer to resume in a review
            pressed["dashboard"] = await check_screen(app, pilot, app.screen)
            for name, make in screens(review).items():
                screen = make()
                await app.push_screen(screen)
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
                if isinstance(screen, WorkspaceScreen):
                    for number, (key, _) in enumerate(TABS, start=1):
                        await pilot.press(tab_digit(number))
                        await pilot.pause()
                        assert screen.active_tab == key
                        pressed[f"workspace {key}"] = await check_screen(app, pilot, screen)
                else:
                    pressed[name] = await check_screen(app, pilot, screen)
                await app.pop_screen()
                await pilot.pause()
            assert app._exception is None
    assert all(pressed.values()), pressed
    assert snapshot(review.path.parent) == before


async def test_enter_on_a_record_in_review_says_why(review: Review) -> None:
    """Rows that open an editor on Enter (a remark, a person) refuse in words instead."""
    before = snapshot(review.path.parent)
    with Store.open(review.path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            live = LiveSessionScreen(review.live_session_id)
            await app.push_screen(live)
            await pilot.pause()
            captures = live.query_one(CaptureList)
            assert captures.entry_count == 2  # the remark and the open vote
            captures.focus()
            captures.highlighted = 1
            app._notifications.clear()
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is live and READ_ONLY_HINT in notices(app)
            for digit in "3":  # a ballot typed at the open vote
                live.query_one("#live-vote").focus()
                app._notifications.clear()
                await pilot.press(digit)
                await pilot.pause()
                assert READ_ONLY_HINT in notices(app)
            await app.pop_screen()
            people = PeopleScreen()
            await app.push_screen(people)
            await pilot.pause()
            app._notifications.clear()
            await pilot.press("enter")
            await pilot.pause()
            assert top(app) is people and READ_ONLY_HINT in notices(app)
    with Store.open(review.path, read_only=True) as store:
        [proposal] = store.list_proposals(session_id=review.live_session_id)
        assert store.list_ballots(proposal.id) == []
    assert snapshot(review.path.parent) == before


async def test_in_review_only_a_key_meaning_an_edit_says_why(review: Review) -> None:
    """Keys bound to nothing, or to something other than an edit that is not offered
    here, stay silent; an edit key says why, even one of another tab or of the app."""
    with Store.open(review.path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            screen = WorkspaceScreen(review.initiative_id)
            await app.push_screen(screen)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.active_tab == "overview"
            said: dict[str, bool] = {}
            # z: bound to nothing; slash and o: the feedback and sessions tabs' (no edits);
            # g: this tab's edit; x: the actions tab's edit; s: the app's edit.
            for key in ("z", "slash", "o", "g", "x", "s"):
                app._notifications.clear()
                await pilot.press(key)
                await pilot.pause()
                assert app.screen is screen, key
                said[key] = READ_ONLY_HINT in notices(app)
            assert said == {"z": False, "slash": False, "o": False, "g": True, "x": True, "s": True}
