"""What every opstui screen shares: the store, and refusing edits in read-only review."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, cast

from textual import events
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from opstui.db.errors import database_errors, describe_error
from opstui.screens.commands import edit_keys

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from opstui.db.database import Database
    from opstui.db.store import Store
    from opstui.settings import Settings

T = TypeVar("T")
Handler = TypeVar("Handler", bound=Callable[..., Any])

#: Styles read when their screens are first shown (Textual loads a screen's CSS_PATH then),
#: so that the app's start parses only app.tcss.
LIVE_CSS = Path(__file__).with_name("live.tcss")
METRICS_CSS = Path(__file__).with_name("metrics.tcss")

READ_ONLY_HINT = "Opened read-only for review: nothing can be changed."


class DatabaseChanged(Message):
    """Another process committed to the database: screens showing data reload it."""


def ui_errors() -> tuple[type[Exception], ...]:
    """What the UI boundary turns into a notification: the database's problems, and the
    file system's (a disk that is full, a folder that vanished), which are never bugs."""
    return (*database_errors(), OSError)


def report_error(app: App[Any], error: Exception) -> None:
    """Tell the user, in one line, that the database or a file stopped what they were doing."""
    app.log.error(f"reported to the user: {error!r}")
    if isinstance(error, OSError) and not isinstance(error, database_errors()):
        where = f" ({error.filename})" if error.filename else ""
        app.notify(
            f"A file could not be used: {error.strerror or error}{where}.",
            title="File problem",
            severity="error",
            timeout=12,
            markup=False,
        )
        return
    said = describe_error(error)
    app.notify(
        said[:1].upper() + said[1:] + ". That step was not saved; what was saved before is safe.",
        title="Database problem",
        severity="error",
        timeout=12,
        markup=False,
    )


@contextmanager
def reporting_errors(app: App[Any]) -> Iterator[None]:
    """The UI boundary: a database or file problem becomes a notification, never a crash.

    Every write is one transaction that rolls back on error, so what was being saved
    is either stored whole or not at all; the user is told which.
    """
    try:
        yield
    except ui_errors() as error:
        report_error(app, error)


def guarded(*, leave: bool = False) -> Callable[[Handler], Handler]:
    """Run a screen's handler or action inside the UI boundary (see ``reporting_errors``).

    A database or file problem is told in one line and the handler returns None. With
    ``leave``, a screen that could not load what it shows is left rather than shown
    half-built (for ``on_mount`` and loaders).
    """

    def decorate(handler: Handler) -> Handler:
        def failed(screen: Any, error: Exception) -> None:
            report_error(screen.app, error)
            if leave and screen.is_current and len(screen.app.screen_stack) > 1:
                screen.app.call_later(screen.app.pop_screen)

        if inspect.iscoroutinefunction(handler):

            @functools.wraps(handler)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                try:
                    return await handler(*args, **kwargs)
                except ui_errors() as error:
                    failed(args[0], error)
                    return None

            return cast(Handler, run_async)

        @functools.wraps(handler)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return handler(*args, **kwargs)
            except ui_errors() as error:
                failed(args[0], error)
                return None

        return cast(Handler, run)

    return decorate


class StoreHost(Protocol):
    """What a screen needs of the app that shows it: the open file and the store over it.

    ``OpstuiApp`` is one. Screens name this rather than the app, which imports every
    screen: a screen that imported it back would close a circle.
    """

    @property
    def database(self) -> Database: ...

    @property
    def store(self) -> Store: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def devices_lan(self) -> str | None:
        """The LAN address to invite devices on (``opstui --devices-lan``), or None."""
        ...

    def change_settings(self, **changes: Any) -> bool: ...


class StoreMixin:
    """Access to the app's store, and the rule that edits vanish in read-only review."""

    #: Actions that change the database: hidden from the footer and palette when read-only.
    EDIT_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    @property
    def context_initiative_id(self) -> str | None:
        """The initiative this screen is about, for app-wide actions such as exporting."""
        return None

    @property
    def context_session_id(self) -> str | None:
        """The session this screen is about, if any."""
        return None

    @property
    def _as_screen(self) -> Screen[Any]:
        # Only ever mixed into a screen (``OpstuiScreen``, ``OpstuiModal``).
        return cast("Screen[Any]", self)

    @property
    def host(self) -> StoreHost:
        """The app showing this screen, as far as a screen needs it."""
        return cast(StoreHost, self._as_screen.app)

    @property
    def store(self) -> Store:
        return self.host.store

    @property
    def database(self) -> Database:
        """The open file, without loading the models: enough for the first screen."""
        return self.host.database

    @property
    def settings(self) -> Settings:
        """The user's own settings (``opstui.settings``)."""
        return self.host.settings

    @property
    def read_only(self) -> bool:
        return self.database.read_only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.EDIT_ACTIONS and self.read_only)

    def refuse_if_read_only(self) -> bool:
        """Say why nothing happens when an edit is attempted on a review copy."""
        if self.read_only:
            self._as_screen.app.notify(READ_ONLY_HINT, severity="warning")
            return True
        return False

    def on_key(self, event: events.Key) -> None:
        """In review, a key whose only meaning here is an edit says why it does nothing.

        Edit actions are hidden in read-only review (see ``check_action``), so their
        keys would otherwise fall silent; a key that still means something else here
        (an enabled binding) is left to it. The edits are the screen's own and, under
        a full screen, the app's (a dialog keeps the app's keys from the screen behind).
        """
        if not self.read_only:
            return
        screen: Screen[Any] = self  # type: ignore[assignment]
        if event.key in screen.active_bindings:
            return
        owners = (type(screen),) if screen.is_modal else (type(screen), type(screen.app))
        if any(event.key in _edit_keys(owner) for owner in owners):
            self.refuse_if_read_only()


@functools.cache
def _edit_keys(owner: type[object]) -> frozenset[str]:
    """The keys a screen or app class binds to its edits (its ``EDIT_ACTIONS``).

    A class's bindings are its own ``BINDINGS`` and those of the classes it derives from,
    as Textual merges them.
    """
    declared = [binding for cls in owner.__mro__ for binding in vars(cls).get("BINDINGS", ())]
    return edit_keys(declared, getattr(owner, "EDIT_ACTIONS", ()))


def focused_without_repaint() -> Reactive[Widget | None]:
    """Which widget has the focus, without drawing the whole screen again when it moves.

    Textual's ``Screen.focused`` repaints the screen on every change; the widgets that
    gain and lose the focus (and those styled by ``:focus-within``) restyle and redraw
    themselves anyway (``Screen.set_focus``). Over the live session, each key that moves
    the focus in a dialog (a digit picking who said it) redrew the dialog and blended
    the whole session screen behind it again: 37 -> 25 ms of CPU per pick (in-process,
    median of 30), and a whole frame less written to the terminal.
    """
    return Reactive(None, repaint=False)


class OpstuiScreen(StoreMixin, Screen[None]):
    """A full screen of the app."""

    focused = focused_without_repaint()


class OpstuiModal(StoreMixin, ModalScreen[T]):
    """A dialog over the current screen."""

    focused = focused_without_repaint()

    #: Drops what the dialog drew a moment after it was closed or covered.
    _forget_drawn: Timer | None = None

    def on_screen_suspend(self) -> None:
        """Drop what the dialog's widgets have drawn once it is no longer shown.

        Textual 8.2.8 caches ``StylesCache.get_inner_outer`` with ``@lru_cache(1024)`` on
        an instance method (textual/_styles_cache.py, line 257: no ``@classmethod``), so
        its keys keep the ``StylesCache`` of up to 1,024 dead widgets alive, and with it
        every line each one drew (``Strip`` objects, each with seven small caches). The
        widgets themselves go; their drawings stay: about 4,700 strips and 11 MB after
        50 dialogs opened and closed in the live session (tests/app/test_dialog_leak.py).
        ``refresh()`` empties a widget's cache of drawn lines (public API; a covered
        dialog simply draws again when it is back on top). It is done a moment later,
        once the screen behind is drawn: done at once it cost each dialog closed about
        40 ms before the screen answered (cProfile, the live session, busy machine).
        """
        widgets: list[Widget] = [self, *self.walk_children(Widget)]
        self._forget_drawn = self.app.set_timer(
            FORGET_DRAWN_AFTER, functools.partial(_forget_drawn, widgets)
        )

    def on_screen_resume(self) -> None:
        """Back on top before its drawings were dropped (a dialog kept and opened again,
        or uncovered): it keeps them. Dropped while it is shown, they drew it all again
        a moment after it opened, well after its first frame (``benchmarks/live.py``)."""
        if self._forget_drawn is not None:
            self._forget_drawn.stop()
            self._forget_drawn = None


#: Seconds after a dialog is closed (or covered) before its drawn lines are dropped.
FORGET_DRAWN_AFTER = 0.5


def _forget_drawn(widgets: list[Widget]) -> None:
    for widget in widgets:
        widget.refresh()
