"""The UI boundary: a database or file problem in a screen becomes a notice, never a crash.

Each handler and action that reads or writes is marked ``@guarded()``; a screen that could
not load what it shows (``@guarded(leave=True)``) is left rather than shown half-built.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from textual.pilot import Pilot

from opstui.app import OpstuiApp, make_app
from opstui.db.errors import DatabaseBusy, StorageFailure
from opstui.db.store import Store
from opstui.screens.base import DatabaseChanged, guarded
from opstui.screens.home import HomeScreen
from opstui.screens.metrics import MetricsScreen
from opstui.screens.people import PeopleScreen
from opstui.screens.workspace import WorkspaceScreen
from tests.demo_cache import build_demo

BUSY = "another program kept the database busy for too long"
BUSY_NOTICE = (
    "Another program kept the database busy for too long. That step was not saved; "
    "what was saved before is safe."
)
FULL = "the disk is full"


def failing(error: Exception) -> Callable[..., Any]:
    """A stand-in for a store method that meets ``error``."""

    def fail(*args: object, **kwargs: object) -> Any:
        raise error

    return fail


# -- the decorator on its own ------------------------------------------------------------


@dataclass
class FakeApp:
    """What ``guarded`` asks of the app: to notify, to log, its screens, to call later."""

    depth: int = 2
    notices: list[tuple[str, str]] = field(default_factory=list)
    later: list[Callable[[], object]] = field(default_factory=list)
    log: Any = field(default_factory=lambda: SimpleNamespace(error=lambda *args: None))

    @property
    def screen_stack(self) -> list[object]:
        return [object()] * self.depth

    def notify(self, message: str, *, title: str = "", **kwargs: object) -> None:
        self.notices.append((title, message))

    def call_later(self, callback: Callable[[], object]) -> None:
        self.later.append(callback)

    def pop_screen(self) -> None:
        """Never called here: leaving is only scheduled."""


class FakeScreen:
    def __init__(self, app: FakeApp, *, current: bool = True) -> None:
        self.app = app
        self.is_current = current
        self.calls: list[str] = []

    @guarded()
    def save(self, what: str, error: Exception | None = None) -> str:
        self.calls.append(what)
        if error is not None:
            raise error
        return f"saved {what}"

    @guarded()
    async def save_later(self, what: str, error: Exception | None = None) -> str:
        self.calls.append(what)
        if error is not None:
            raise error
        return f"saved {what}"

    @guarded(leave=True)
    def load(self, error: Exception) -> None:
        raise error

    @guarded(leave=True)
    async def load_later(self, error: Exception) -> None:
        raise error


def test_a_handler_that_succeeds_returns_what_it_returns() -> None:
    screen = FakeScreen(FakeApp())
    assert screen.save("a remark") == "saved a remark"
    assert screen.app.notices == [] and screen.app.later == []


def test_a_database_problem_in_a_handler_is_told_and_the_handler_returns_none() -> None:
    screen = FakeScreen(FakeApp())
    assert screen.save("a remark", DatabaseBusy(BUSY)) is None
    assert screen.calls == ["a remark"]
    assert screen.app.notices == [("Database problem", BUSY_NOTICE)]
    assert screen.app.later == []  # not left: only loaders leave


async def test_an_async_handler_is_guarded_too() -> None:
    screen = FakeScreen(FakeApp())
    assert inspect.iscoroutinefunction(FakeScreen.save_later)
    assert await screen.save_later("a vote") == "saved a vote"
    assert await screen.save_later("a vote", StorageFailure(FULL)) is None
    assert [title for title, _ in screen.app.notices] == ["Database problem"]
    assert screen.app.notices[0][1].startswith("The disk is full. That step was not saved")


def test_a_file_problem_is_told_as_one() -> None:
    screen = FakeScreen(FakeApp())
    error = PermissionError(13, "Permission denied", "/exports/notes.md")
    assert screen.save("notes", error) is None
    assert screen.app.notices == [
        ("File problem", "A file could not be used: Permission denied (/exports/notes.md).")
    ]


def test_a_bug_is_not_hidden() -> None:
    screen = FakeScreen(FakeApp())
    with pytest.raises(ZeroDivisionError):
        screen.save("a remark", ZeroDivisionError())
    assert screen.app.notices == []


@pytest.mark.parametrize("asynchronous", [False, True])
async def test_a_loader_that_fails_leaves_its_screen(asynchronous: bool) -> None:
    app = FakeApp(depth=2)
    screen = FakeScreen(app)
    if asynchronous:
        await screen.load_later(DatabaseBusy(BUSY))
    else:
        screen.load(DatabaseBusy(BUSY))
    assert app.notices == [("Database problem", BUSY_NOTICE)]
    assert app.later == [app.pop_screen]


def test_a_loader_does_not_leave_the_last_screen_nor_one_not_on_top() -> None:
    alone = FakeScreen(FakeApp(depth=1))
    alone.load(DatabaseBusy(BUSY))
    underneath = FakeScreen(FakeApp(depth=3), current=False)
    underneath.load(DatabaseBusy(BUSY))
    for screen in (alone, underneath):
        assert screen.app.notices == [("Database problem", BUSY_NOTICE)]
        assert screen.app.later == []


def test_the_handler_keeps_its_name_and_parameters() -> None:
    """Textual passes a message to a handler only if its signature takes one."""
    assert FakeScreen.save.__name__ == "save"
    assert list(inspect.signature(FakeScreen.save).parameters) == ["self", "what", "error"]
    assert list(inspect.signature(FakeScreen.load_later).parameters) == ["self", "error"]


# -- in the app --------------------------------------------------------------------------


@pytest.fixture
def demo(store: Store) -> Store:
    build_demo(store)
    return store


async def settled(app: OpstuiApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def notices(app: OpstuiApp) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


async def test_a_key_action_that_meets_a_busy_database_is_a_notice(
    demo: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "get_initiative", failing(DatabaseBusy(BUSY)))
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("e")  # edit the highlighted initiative: it is read first
        await pilot.pause()
        assert notices(app) == [BUSY_NOTICE]
        # Called from code rather than by its key (which the app guards as well).
        home.action_edit_initiative()
        await pilot.pause()
        assert notices(app) == [BUSY_NOTICE, BUSY_NOTICE]
        assert app.screen is home
        await pilot.press("p")  # the app goes on answering keys
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        assert app._exception is None


async def test_a_message_handler_that_meets_a_failing_disk_is_a_notice(
    demo: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ticking an action done goes up from the tab as a message the screen saves."""
    initiative_id = demo.list_initiatives()[0].id
    monkeypatch.setattr(demo, "set_action_done", failing(StorageFailure(FULL)))
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        screen = WorkspaceScreen(initiative_id)
        await app.push_screen(screen)
        await settled(app, pilot)
        await pilot.press("5")  # the action items
        await pilot.pause()
        assert screen.active_tab == "actions"
        screen.query_one("#actions").focus()
        await pilot.press("x")
        await pilot.pause()
        assert [n for n in notices(app) if n.startswith("The disk is full")]
        assert app.screen is screen
        await pilot.press("1")
        await pilot.pause()
        assert screen.active_tab == "overview"
        assert app._exception is None


async def test_a_screen_told_of_a_change_it_cannot_read_stays_and_says_so(
    demo: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        people = app.screen
        assert isinstance(people, PeopleScreen)
        monkeypatch.setattr(demo, "list_people", failing(DatabaseBusy(BUSY)))
        people.post_message(DatabaseChanged())  # as when another process writes
        await pilot.pause()
        assert notices(app) == [BUSY_NOTICE]
        assert app.screen is people
        monkeypatch.undo()
        await pilot.press("n")  # it still answers its keys
        await pilot.pause()
        assert type(app.screen).__name__ == "PersonForm"
        assert app._exception is None


@pytest.mark.parametrize(
    ("key", "method"), [("p", "list_people"), ("m", "list_metrics")], ids=["people", "metrics"]
)
async def test_a_screen_whose_load_fails_is_left(
    demo: Store, monkeypatch: pytest.MonkeyPatch, key: str, method: str
) -> None:
    monkeypatch.setattr(demo, method, failing(StorageFailure(FULL)))
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        home = app.screen
        await pilot.press(key)
        await pilot.pause()
        await pilot.pause()
        assert app.screen is home
        assert [n for n in notices(app) if n.startswith("The disk is full")]
        assert not any(isinstance(s, (PeopleScreen, MetricsScreen)) for s in app.screen_stack)
        monkeypatch.undo()
        await pilot.press(key)  # once the disk is back, the screen opens
        await pilot.pause()
        assert isinstance(app.screen, (PeopleScreen, MetricsScreen))
        assert app._exception is None
