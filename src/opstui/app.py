"""The opstui application: screens, global bindings and the command palette."""

from __future__ import annotations

import dataclasses
import inspect
import os
from collections.abc import Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from rich.text import Text
from textual import events, on
from textual.app import App, SystemCommand
from textual.content import Content
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import OptionList, Static

from opstui.db.database import Database
from opstui.domain.text import printable
from opstui.no_colour import no_colour
from opstui.screens.base import DatabaseChanged, reporting_errors
from opstui.screens.commands import APP_COMMANDS, bindings, command_name, edit_actions
from opstui.screens.help import HelpScreen, KeyHelp
from opstui.screens.home import HomeScreen
from opstui.settings import SettingsError, load_settings, save_settings
from opstui.widgets.tones import readable_variables, rich_tones
from opstui.widgets.type_ahead import KeyHandled, ScreenSettled, TypeAhead

if TYPE_CHECKING:
    from textual.theme import Theme

    from opstui.db.store import Store


@runtime_checkable
class RunsASession(Protocol):
    """A screen a session runs on: the one where it can be ended (the live session's).

    Asked of the screen in view by its shape, so that the first screen need not load the
    live screen's module (the models, the dialogs) to know it is not one.
    """

    def action_end_session(self) -> None: ...


class OpstuiApp(App[None]):
    """A facilitator's companion for the sessions of a product-operations rollout."""

    CSS_PATH = "app.tcss"
    TITLE = "opstui"
    BINDINGS = bindings(APP_COMMANDS)
    #: The app-wide actions that change the database: hidden in read-only review.
    EDIT_ACTIONS = edit_actions(APP_COMMANDS)
    #: Whether the console carries the Rich styles of the tones (set on first theme).
    _tones_pushed = False

    def __init__(self, database: Database | Store, *, devices_lan: str | None = None) -> None:
        # With NO_COLOR, Textual only greys the colours (its Monochrome filter, still
        # 24-bit colour codes) unless the app draws in the terminal's own ANSI colours:
        # then it strips them (its NoColor filter), and the charts' marks tell series apart.
        super().__init__(ansi_color=True if no_colour(os.environ) else None)
        #: The open file; the ``Store`` over it is made the first time one is needed.
        self.database = database if isinstance(database, Database) else database.database
        self._store = None if isinstance(database, Database) else database
        #: The machine's LAN address to serve participants' devices on (None: loopback).
        self._devices_lan = devices_lan
        #: Keys typed ahead, held until the place they are meant for is ready.
        self.type_ahead = TypeAhead(self, self._hand_on_key)
        #: The user's settings, and why their file was not used, if it was not.
        self.settings, self.settings_problem = load_settings()
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, with its text colours made to read at AA (see ``tones``).

        Called again whenever the theme changes; the Rich styles behind the tones that
        Python code colours text with follow, on the console every widget renders with.
        """
        variables = super().get_css_variables()
        variables.update(readable_variables(variables, dark=self.current_theme.dark))
        self.theme_variables = variables
        if self._tones_pushed:
            self.console.pop_theme()
        self.console.push_theme(rich_tones(variables))
        self._tones_pushed = True
        return variables

    def retone(self, theme: Theme) -> None:
        """Show text again in the new theme's tones: a ``Static`` or a list turned its Rich
        text into colours when it was given it, and keeps them (1.1:1 after a switch)."""
        for screen in self.screen_stack:
            for static in screen.query(Static):
                if isinstance(static.content, Text):
                    static.update(static.content, layout=False)
            for options in screen.query(OptionList):
                for index, option in enumerate(options.options):
                    options.replace_option_prompt_at_index(index, option.prompt)

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's title and, in the muted text colour rather than dimmed, its subtitle."""
        if not sub_title:
            return Content(title)
        return Content.assemble(
            Content(title), (" — ", "$text-muted"), Content(sub_title).stylize("$text-muted")
        )

    @property
    def store(self) -> Store:
        """The domain-model API over the open file.

        The first screen is drawn from the file alone (see ``Database``); the models,
        and pydantic behind them, are loaded when something first needs them, by then
        usually already imported by the dashboard's loading thread.
        """
        from opstui.db.store import Store

        if self._store is None:
            self._store = Store(self.database)
        return self._store

    @property
    def read_only(self) -> bool:
        return self.database.read_only

    @property
    def devices_lan(self) -> str | None:
        return self._devices_lan

    #: How often to look for other processes' writes (a facilitator capturing live).
    POLL_SECONDS = 1.0

    def get_default_screen(self) -> Screen[Any]:
        # The dashboard is the app's first screen itself, composed with the app: pushed
        # from ``on_mount`` instead, its first frame would fall inside the app's own
        # start-up batch and be thrown away, and the rows would wait for the next one.
        return HomeScreen()

    def on_mount(self) -> None:
        self.sub_title = str(self.database.path) + ("  [read-only]" if self.read_only else "")
        self.call_after_refresh(self.offer_resume)
        if self.settings_problem:
            self.notify(self.settings_problem, severity="warning")
        self.set_interval(self.POLL_SECONDS, self._poll_database)
        self.screen_change_signal.subscribe(self, self.screen_changed, immediate=True)
        self.theme_changed_signal.subscribe(self, self.retone)
        self.theme_changed_signal.subscribe(self, self.remember_theme)

    def _poll_database(self) -> None:
        """Tell the screen on top when someone else has written to the file."""
        with reporting_errors(self):
            if self.database.poll_changes():
                self.screen.post_message(DatabaseChanged())

    # -- keys typed ahead: each reaches what it was typed for, in order ------------------

    async def on_event(self, event: events.Event) -> None:
        """A key read from the terminal passes the type-ahead gate (see ``TypeAhead``).

        A paste loses its control characters before any widget sees it: an Input or a
        TextArea would show them raw, writing them to the terminal.
        """
        if isinstance(event, events.Key):
            if not self.screen_stack:
                return  # the app is closing: a key typed now has no screen to reach
            if not event.is_forwarded:
                await self.type_ahead.take(event)
                return
        if isinstance(event, events.Paste) and not event.is_forwarded:
            event.text = printable(event.text, drop=True)
        await super().on_event(event)

    async def _hand_on_key(self, key: events.Key) -> MessagePump:
        """Hand ``key`` on as Textual does; where it went is where its probe follows."""
        if not self.screen_stack:
            return self  # closing: nothing takes the key, and its probe comes back here
        target: MessagePump = self.focused or self.screen
        await super().on_event(key)
        return target

    @on(KeyHandled)
    async def key_handled(self, probe: KeyHandled) -> None:
        await self.type_ahead.probe_arrived(probe)

    def screen_changed(self, screen: Screen[Any]) -> None:
        """A screen was pushed, popped or switched to: hold keys until it is ready."""
        change = self.type_ahead.screen_changing()
        # Behind its Mount and ScreenResume, so behind the focus they set.
        screen.post_message(ScreenSettled(change))

    @on(ScreenSettled)
    def screen_settled(self, settled: ScreenSettled) -> None:
        # After the focus callbacks the screen's mount queued with the app.
        self.call_later(self.type_ahead.screen_ready, settled.change)

    # -- the UI boundary: a database problem is a notification, never a crash -------------

    async def run_action(
        self,
        action: str | Any,
        default_namespace: Any = None,
        namespaces: Mapping[str, Any] | None = None,
    ) -> bool:
        """Every key, click and palette command runs its action inside the boundary."""
        with reporting_errors(self):
            return await super().run_action(action, default_namespace, namespaces)
        return True

    def push_screen(
        self,
        screen: Any,
        callback: Any = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> Any:
        """What a dialog's answer sets off (saving it, mostly) runs inside the boundary too.

        Keys typed meanwhile wait for the screen pushed to be ready (see ``TypeAhead``).
        """
        guarded = None
        if callback is not None:
            answered = callback

            async def guarded(result: Any) -> None:
                with reporting_errors(self):
                    outcome = answered(result)
                    if inspect.isawaitable(outcome):
                        await outcome

        if wait_for_dismiss:
            return super().push_screen(screen, guarded, True, mode=mode)
        return super().push_screen(screen, guarded, False, mode=mode)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every key binding of the screen is also a palette command of the same name."""
        seen: set[str] = set()
        for command in super().get_system_commands(screen):
            seen.add(command.title)
            yield command
        safe = "on" if self.settings.presenter_safe else "off"
        yield SystemCommand(
            "Presenter-safe for new sessions",
            f"Now {safe}: new sessions start with private notes "
            f"{'hidden' if self.settings.presenter_safe else 'shown'}; choose to switch it",
            self.toggle_presenter_safe_default,
        )
        for active in screen.active_bindings.values():
            binding = active.binding
            name = command_name(binding)
            if not active.enabled or not name or name in seen:
                continue
            seen.add(name)
            yield SystemCommand(
                name,
                f"Key: {binding.key_display or active.binding.key}",
                partial(self.run_action, binding.action, active.node),
            )

    def remember_theme(self, theme: Theme) -> None:
        """A theme picked in the palette is the one the next start opens with."""
        if theme.name != self.settings.theme:
            self.change_settings(theme=theme.name)

    def change_settings(self, **changes: Any) -> bool:
        """Save the settings changed; False (and the reason shown) when they cannot be."""
        chosen = dataclasses.replace(self.settings, **changes)
        try:
            save_settings(chosen)
        except SettingsError as exc:
            self.notify(str(exc), severity="error")
            return False
        self.settings = chosen
        return True

    def toggle_presenter_safe_default(self) -> None:
        """Switch whether new sessions start presenter-safe, and remember it."""
        if not self.change_settings(presenter_safe=not self.settings.presenter_safe):
            return
        self.notify(
            "New sessions start presenter-safe: private notes hidden."
            if self.settings.presenter_safe
            else "New sessions start with private notes shown (p hides them)."
        )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notices often carry a title, a name or a path someone typed: never markup.

        Every notice of the app goes through here (``Widget.notify`` too), so this is
        the one place that keeps "[" in a title from being read as a style, and an
        escape sequence in a path from reaching the terminal.
        """
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        keys: dict[str, KeyHelp] = {}
        for key, active in self.screen.active_bindings.items():
            description = command_name(active.binding)
            if not description or description in keys:
                continue
            shown = active.binding.key_display or self.get_key_display(active.binding)
            keys[description] = KeyHelp(shown or key, description, active.enabled)
        title = self.screen.title or self.screen.__class__.__name__.removesuffix("Screen")
        self.push_screen(HelpScreen(str(title), list(keys.values())))

    def action_open_metrics(self) -> None:
        """Open the metrics of the initiative in view: the screen's, else the highlighted one.

        A screen about an initiative names it with ``context_initiative_id``; on the
        dashboard it is the highlighted row (``highlighted_id()``); failing both, the
        first initiative in the database.
        """
        from textual.screen import ModalScreen

        from opstui.screens.metrics import MetricsScreen

        screen = self.screen
        if isinstance(screen, ModalScreen):
            return
        initiative_id = getattr(screen, "context_initiative_id", None)
        if initiative_id is None:
            highlighted = getattr(screen, "highlighted_id", None)
            initiative_id = highlighted() if callable(highlighted) else None
        if initiative_id is None:
            initiatives = self.store.list_initiatives()
            initiative_id = initiatives[0].id if initiatives else None
        if initiative_id is None:
            self.notify("No initiative yet: create one first.", severity="warning")
            return
        if isinstance(screen, MetricsScreen) and screen.initiative_id == initiative_id:
            return
        self.push_screen(MetricsScreen(initiative_id))

    # -- exports (issue 6) ------------------------------------------------------------------

    def action_export_session(self) -> None:
        """Export the notes of the session in view: ask where, write, copy, notify."""
        from opstui.screens.modals.export_dialog import export_from_app

        export_from_app(self, self.store, "session")

    def action_export_initiative(self) -> None:
        """Export the report of the initiative in view: ask where, write, copy, notify."""
        from opstui.screens.modals.export_dialog import export_from_app

        export_from_app(self, self.store, "initiative")

    # -- search (issue 22) -----------------------------------------------------------------

    def action_search_everything(self) -> None:
        """Ask for words, then open the chosen hit's initiative on its tab and row."""
        from textual.screen import ModalScreen

        from opstui.screens.modals.search_everything import Destination, SearchEverything
        from opstui.screens.workspace import WorkspaceScreen

        if isinstance(self.screen, ModalScreen):
            return

        def chosen(where: Destination | None) -> None:
            if where is not None:
                self.push_screen(WorkspaceScreen(where.initiative_id, tab=where.tab, row=where.row))

        self.push_screen(SearchEverything(), chosen)

    # -- live sessions (issue 3) ---------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_session":
            # Within a live session "s" would start a second one on top: not offered there.
            return not self.read_only and not isinstance(self.screen, RunsASession)
        return True

    def action_start_session(self, initiative_id: str | None = None) -> None:
        """Start a session, for the initiative in view if there is one."""
        from textual.screen import ModalScreen

        from opstui.screens.start_session import StartSession

        screen = self.screen
        if isinstance(screen, ModalScreen):
            return
        if self.read_only:
            self.notify("Opened read-only for review: nothing can be changed.", severity="warning")
            return
        if initiative_id is None:
            initiative_id = getattr(screen, "context_initiative_id", None)
        if initiative_id is None:
            highlighted = getattr(screen, "highlighted_id", None)
            initiative_id = highlighted() if callable(highlighted) else None
        self.push_screen(StartSession(initiative_id), self._session_started)

    def _session_started(self, session_id: str | None) -> None:
        from opstui.screens.live import LiveSessionScreen

        if session_id is not None:
            self.push_screen(LiveSessionScreen(session_id, start_timer=True))

    def offer_resume(self) -> None:
        """Offer the sessions left live (by a quit or a crash) to carry on where they stood."""
        if self.read_only:
            return
        with reporting_errors(self):
            # Asked of the file alone: most starts have nothing to offer, and load nothing.
            if not self.database.has_live_sessions():
                return
            live = self.store.live_sessions()
            # Imported only when there is something to offer: most starts have nothing.
            from opstui.screens.modals.resume_session import ResumeSession, session_line

            titles = {i.id: i.title for i in self.store.list_initiatives()}
            lines = []
            for session in reversed(live):
                items = len(self.store.list_agenda(session.id))
                title = titles.get(session.initiative_id, "")
                lines.append((session.id, session_line(session, title, items)))
            self.push_screen(ResumeSession(lines), self._resume_chosen)

    def _resume_chosen(self, session_id: str | None) -> None:
        from opstui.screens.live import LiveSessionScreen

        if session_id is not None:
            self.push_screen(LiveSessionScreen(session_id))


def make_app(database: Database | Store, *, devices_lan: str | None = None) -> OpstuiApp:
    """The app on an open file (a ``Store`` will do): shared by the command line and the tests.

    ``devices_lan``: the machine's LAN address, to serve participants' devices there
    rather than on loopback (``opstui --devices-lan``).
    """
    return OpstuiApp(database, devices_lan=devices_lan)
