"""The footer of every main screen: the most used keys first, whole, ending with Help and Quit.

Each screen is walked at 80x24 and 120x40, for the facilitator and in read-only review:
the keys drawn must lie inside the footer, one after another, and end with F1 Help and
Quit; at 80 columns they are exactly the ones chosen for the screen, and at 120 the keys
the README promises (m on the initiative, F6 the session's notes, F7 the report) are
among them. F1 and the command palette list every command the screen offers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Footer

from opstui.app import OpstuiApp, make_app
from opstui.db.store import Store
from opstui.demo import DEMO_TODAY
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session_plan import plan_session
from opstui.domain.voting import Proposal
from opstui.screens import clock, home, live, metrics, people, workspace
from opstui.screens.commands import APP_COMMANDS, Command
from opstui.screens.help import HelpScreen
from opstui.screens.home import HomeScreen
from opstui.screens.live import LiveSessionScreen
from opstui.screens.metrics import MetricsScreen
from opstui.screens.people import PeopleScreen
from opstui.screens.workspace import TAB_TYPES, WorkspaceScreen, tab_digit
from opstui.widgets.keys_footer import KeysFooter, ShownKey
from tests.demo_cache import build_demo

SMALL, LARGE = (80, 24), (120, 40)
LAST = ["f1 Help", "^q Quit"]


@dataclass(frozen=True)
class World:
    """The demo file, and what its screens are opened on."""

    path: Path
    initiative_id: str
    #: A live session with nothing open, and one with a vote under way.
    calm_session_id: str
    voting_session_id: str


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    path = tmp_path / "demo.db"
    with Store.open(path) as store:
        build_demo(store)
        initiative = store.list_initiatives()[1]
        people_ids = [p.id for p in store.list_people()[:3]]
        book = next(b for b in builtin_playbooks() if b.key == "pilot")
        ids = []
        for title in ("Pilot check-in", "Pilot vote"):
            session, agenda = plan_session(
                initiative_id=initiative.id,
                playbook=book,
                title=title,
                participant_ids=people_ids,
                facilitator_id=None,
                now=datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
            )
            store.add_session(session, agenda)
            ids.append(session.id)
        store.add_proposal(Proposal(session_id=ids[1], title="Keep the pilot going"))
    yield World(path, initiative.id, ids[0], ids[1])


async def until(pilot: Pilot[None], done: Callable[[], object], rounds: int = 500) -> None:
    """Let the app work until ``done()`` holds."""
    for _ in range(rounds):
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never got there")


def drawn(app: OpstuiApp) -> list[str] | None:
    """The footer's keys as drawn, checked to lie whole inside it and in a row; None
    until they are laid out."""
    footer = app.screen.query_one(Footer)
    assert isinstance(footer, KeysFooter)
    keys = list(footer.query(ShownKey))
    if not keys or not all(key.region for key in keys):
        return None
    if footer.region.width != app.size.width:
        return None
    previous_right = footer.region.x
    for key in keys:
        shown = str(key.render())
        assert footer.region.contains_region(key.region), f"{shown} is cut"
        assert key.region.width == len(shown), f"{shown} is not whole"
        assert key.region.x >= previous_right, f"{shown} overlaps the key before"
        previous_right = key.region.right
    return [str(key.render()) for key in keys]


async def footer_of(pilot: Pilot[None], app: OpstuiApp) -> list[str]:
    """The footer of the screen in view once it is drawn, which it always ends with Help
    and Quit."""
    await pilot.pause()
    await until(pilot, lambda: drawn(app) is not None)
    await pilot.pause(0.05)  # a change of bindings redraws it after a refresh
    await until(pilot, lambda: drawn(app) is not None)
    keys = drawn(app)
    assert keys is not None
    assert keys[-2:] == LAST, keys
    return keys


async def start(app: OpstuiApp, pilot: Pilot[None]) -> None:
    """Past the offer to resume the live sessions, on the dashboard with its rows."""
    await pilot.pause()
    if not app.read_only:
        await until(pilot, lambda: not isinstance(app.screen, HomeScreen))
        await pilot.press("escape")
    await until(pilot, lambda: isinstance(app.screen, HomeScreen) and not app.workers)


async def open_screen(app: OpstuiApp, pilot: Pilot[None], screen: Screen[Any]) -> None:
    await app.push_screen(screen)
    await until(pilot, lambda: app.screen is screen)
    if isinstance(screen, WorkspaceScreen):
        await until(pilot, lambda: screen.whole is not None and not screen.reading)
    await pilot.pause()
    await app.workers.wait_for_complete()


async def show_tab(pilot: Pilot[None], screen: WorkspaceScreen, number: int) -> None:
    """The workspace's tab of that number, in view."""
    key = TAB_TYPES[number - 1].KEY
    await pilot.press(tab_digit(number))
    await until(pilot, lambda: screen.active_tab == key)
    await pilot.pause()


async def walk(world: World, *, read_only: bool, size: tuple[int, int]) -> dict[str, list[str]]:
    """Every main screen's footer, opened the way a person would reach it."""
    shown: dict[str, list[str]] = {}
    with Store.open(world.path, read_only=read_only) as store:
        app = make_app(store)
        async with app.run_test(size=size) as pilot:
            await start(app, pilot)
            shown["dashboard"] = await footer_of(pilot, app)
            screen = WorkspaceScreen(world.initiative_id)
            await open_screen(app, pilot, screen)
            for number, tab in enumerate(TAB_TYPES, start=1):
                await show_tab(pilot, screen, number)
                shown[f"workspace {tab.KEY}"] = await footer_of(pilot, app)
            await pilot.press("m")
            await until(pilot, lambda: isinstance(app.screen, MetricsScreen))
            shown["metrics"] = await footer_of(pilot, app)
            await open_screen(app, pilot, PeopleScreen())
            shown["people"] = await footer_of(pilot, app)
            for name, session_id in (
                ("live", world.calm_session_id),
                ("live, voting", world.voting_session_id),
            ):
                await open_screen(app, pilot, LiveSessionScreen(session_id))
                shown[name] = await footer_of(pilot, app)
            assert app._exception is None
    return shown


#: The workspace's keys after Back and the tab's own.
STEPS = ["m Metrics", "s Start session", "] Next step"]

#: The footers at 80 columns: what each screen is most often for, then Help and Quit.
AT_80 = {
    "dashboard": [
        *("⏎ Open", "n New initiative", "s Start session", "o Sort", "p People", "/ Narrow")
    ],
    "workspace overview": ["esc Back", "g Add group", *STEPS],
    "workspace sessions": ["esc Back", "o Open session", *STEPS],
    "workspace decisions": ["esc Back", *STEPS, "f7 Export report"],
    "workspace feedback": ["esc Back", "/ Search feedback", *STEPS],
    "workspace actions": ["esc Back", "x Mark done", *STEPS],
    "workspace checklist": ["esc Back", "x Tick item", *STEPS],
    "workspace doctor": ["esc Back", *STEPS, "f7 Export report"],
    "workspace readiness": ["esc Back", "a Assess", *STEPS],
    "workspace ladder": ["esc Back", "n Add prototype", *STEPS],
    "metrics": ["esc Back", "r Add reading", "n New metric", "e Edit metric", "i Import"],
    "people": ["esc Back", "n Add person", "e Edit person"],
    "live": ["f Feedback", "v Vote", "a Action", "t Template", "n Next item", "e End"],
    "live, voting": [
        *("f Feedback", "r Reveal", "c Close", "a Action", "t Template", "n Next item")
    ],
}

#: In review nothing that edits is shown: the room goes to the exports.
AT_80_REVIEW = {
    "dashboard": ["⏎ Open", "o Sort", "p People", "/ Narrow", "m Metrics", "f7 Export report"],
    "workspace sessions": ["esc Back", "o Open session", "m Metrics", "f6 Export notes"],
    "workspace feedback": ["esc Back", "/ Search feedback", "m Metrics", "f7 Export report"],
    "workspace overview": ["esc Back", "m Metrics", "f7 Export report"],
    "metrics": ["esc Back", "f7 Export report"],
    "people": ["esc Back"],
    "live": ["f6 Export notes", "f7 Export report", "p Presenter-safe", "esc Leave"],
}

#: What the README promises per screen, which a 120-column footer shows.
PROMISED = {
    "dashboard": {"⏎ Open", "n New initiative", "s Start session", "/ Narrow", "o Sort"}
    | {"p People", "m Metrics", "f7 Export report"},
    "workspace overview": {"m Metrics", "s Start session", "f7 Export report"},
    "workspace sessions": {"o Open session", "m Metrics", "f6 Export notes", "f7 Export report"},
    "metrics": {"r Add reading", "n New metric", "i Import", "f7 Export report"},
    "people": {"n Add person", "e Edit person"},
    "live": {"f Feedback", "v Vote", "a Action", "t Template", "n Next item", "e End"}
    | {"f6 Export notes", "f7 Export report", "Space Pause"},
    "live, voting": {"f Feedback", "r Reveal", "c Close", "a Action", "t Template"},
}

PROMISED_REVIEW = {
    "dashboard": {"⏎ Open", "/ Narrow", "o Sort", "p People", "m Metrics", "f7 Export report"},
    "workspace sessions": {"m Metrics", "f6 Export notes", "f7 Export report"},
    "workspace overview": {"m Metrics", "f7 Export report"},
    "metrics": {"f7 Export report"},
    "live": {"f6 Export notes", "f7 Export report", "esc Leave"},
}


@pytest.mark.parametrize("read_only", [False, True], ids=["facilitator", "review"])
async def test_every_footer_fits_and_ends_with_help_and_quit(world: World, read_only: bool) -> None:
    """At 80 columns the chosen keys, at 120 the README's: whole, then Help and Quit."""
    narrow = await walk(world, read_only=read_only, size=SMALL)
    assert len(narrow) == 15  # every screen was seen, each ending with Help and Quit
    for name, keys in (AT_80_REVIEW if read_only else AT_80).items():
        assert narrow[name] == keys + LAST, name
    wide = await walk(world, read_only=read_only, size=LARGE)
    for name, promised in (PROMISED_REVIEW if read_only else PROMISED).items():
        assert promised <= set(wide[name]), (name, promised - set(wide[name]))
    for name, drawn_keys in wide.items():
        # A wider terminal only adds keys, after those shown at 80 columns.
        assert drawn_keys[: len(narrow[name]) - 2] == narrow[name][:-2], name
        assert sum(len(key) + 1 for key in drawn_keys) - 1 <= LARGE[0], name


# -- F1 and the palette: every command, whatever the footer had room for -----------------


def available(app: OpstuiApp, screen: Screen[Any], commands: tuple[Command, ...]) -> set[str]:
    """The names of ``commands`` (and the app's) the screen offers in its present state."""
    names = set()
    for command in (*commands, *APP_COMMANDS):
        action = command.action_name
        owner: Any = screen
        if command in APP_COMMANDS or action.startswith("app."):
            owner, action = app, action.removeprefix("app.")
        if owner.check_action(action, ()) is not False:
            names.add(command.name)
    return names


async def listed(app: OpstuiApp, pilot: Pilot[None]) -> set[str]:
    """What F1 lists for the screen in view; each that can run now is in the palette too."""
    screen = app.screen
    await pilot.press("f1")
    await until(pilot, lambda: isinstance(app.screen, HelpScreen) and app.screen.is_mounted)
    help_screen = app.screen
    assert isinstance(help_screen, HelpScreen)
    names = {key.description for key in help_screen.keys}
    runnable = {key.description for key in help_screen.keys if key.enabled}
    palette = {command.title for command in app.get_system_commands(screen)}
    assert runnable <= palette, runnable - palette
    await pilot.press("escape")
    await until(pilot, lambda: app.screen is screen)
    return names


async def test_f1_and_the_palette_list_every_command_of_every_screen(world: World) -> None:
    with Store.open(world.path) as store:
        app = make_app(store)
        async with app.run_test(size=SMALL) as pilot:
            await start(app, pilot)
            dashboard = app.screen
            names = await listed(app, pilot)
            assert available(app, dashboard, home.COMMANDS) | {"Open initiative"} <= names
            assert {
                "Narrow by title",
                "Filter by step",
                "Quit",
                "Export initiative report",
            } <= names

            screen = WorkspaceScreen(world.initiative_id)
            await open_screen(app, pilot, screen)
            seen: set[str] = set()
            for number, tab in enumerate(TAB_TYPES, start=1):
                await show_tab(pilot, screen, number)
                names = await listed(app, pilot)
                assert available(app, screen, workspace.COMMANDS) <= names, tab.KEY
                seen |= names
            # Across its tabs, every command of the workspace (but the one offered only
            # while the list of groups has the focus).
            expected = {command.name for command in workspace.COMMANDS}
            assert expected - {"Remove affected group"} <= seen

            await pilot.press("m")
            await until(pilot, lambda: isinstance(app.screen, MetricsScreen))
            await pilot.pause()
            names = await listed(app, pilot)
            # r adds what the selected metric is measured by: here, typed-in readings.
            adds = {"Log event", "Check people"}
            assert {command.name for command in metrics.COMMANDS} - adds <= names
            assert not adds & names

            await open_screen(app, pilot, PeopleScreen())
            names = await listed(app, pilot)
            assert {command.name for command in people.COMMANDS} <= names

            seen = set()
            for session_id in (world.calm_session_id, world.voting_session_id):
                session = LiveSessionScreen(session_id)
                await open_screen(app, pilot, session)
                names = await listed(app, pilot)
                assert available(app, session, live.COMMANDS) <= names
                seen |= names
            assert {"Call a vote", "Reveal votes", "Close vote", "End session"} <= seen
            assert {"Export session notes", "Export initiative report", "Quit", "Help"} <= seen
