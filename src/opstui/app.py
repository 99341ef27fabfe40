"""The opstui application: screens, global bindings and the command palette."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from opstui.db.store import Store
from opstui.screens.base import DatabaseChanged
from opstui.screens.help import HelpScreen, KeyHelp
from opstui.screens.home import HomeScreen


class OpstuiApp(App[None]):
    """A facilitator's companion for the sessions of a product-operations rollout."""

    CSS_PATH = "app.tcss"
    TITLE = "opstui"
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    #: How often to look for other processes' writes (a facilitator capturing live).
    POLL_SECONDS = 1.0

    def on_mount(self) -> None:
        self.sub_title = str(self.store.path) + ("  [read-only]" if self.read_only else "")
        self.push_screen(HomeScreen())
        self.set_interval(self.POLL_SECONDS, self._poll_database)

    def _poll_database(self) -> None:
        """Tell the screen on top when someone else has written to the file."""
        if self.store.poll_changes():
            self.screen.post_message(DatabaseChanged())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every key binding of the screen is also a palette command of the same name."""
        seen: set[str] = set()
        for command in super().get_system_commands(screen):
            seen.add(command.title)
            yield command
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or not binding.description or binding.description in seen:
                continue
            seen.add(binding.description)
            yield SystemCommand(
                binding.description,
                binding.tooltip or f"Key: {binding.key_display or active.binding.key}",
                partial(self.run_action, binding.action, active.node),
            )

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        keys: dict[str, KeyHelp] = {}
        for key, active in self.screen.active_bindings.items():
            description = active.binding.description
            if not description or description in keys:
                continue
            shown = active.binding.key_display or self.get_key_display(active.binding)
            keys[description] = KeyHelp(shown or key, description, active.enabled)
        title = self.screen.title or self.screen.__class__.__name__.removesuffix("Screen")
        self.push_screen(HelpScreen(str(title), list(keys.values())))


def make_app(store: Store) -> OpstuiApp:
    """The app on an open store: shared by the command line and the tests."""
    return OpstuiApp(store)
