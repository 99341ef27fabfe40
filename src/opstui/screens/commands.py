"""Commands: each thing a user can do on a screen, declared once.

A command is a key binding (in the footer, or only in F1) and, through the app's
``get_system_commands``, a command-palette entry of the same plain name. Whether it
changes the database sits in the same declaration, so that read-only review hides it
and refuses its key (``StoreMixin.check_action`` reads ``EDIT_ACTIONS``) without a
second list to keep in step with the first.

A screen declares its commands and derives the rest::

    COMMANDS = (
        Command("escape", "back", "Back"),
        Command("n", "add_person", "Add person", edits=True),
    )
    BINDINGS = bindings(COMMANDS)
    EDIT_ACTIONS = edit_actions(COMMANDS)

The app's own commands (help, quit, start a session, metrics, exports) are declared here
too, and bound by the app on every screen. Help and Quit end every footer: a screen shows
another one where it matters by listing ``in_footer(START_SESSION)`` among its own.

The order of a screen's commands is the footer's: the most used first. The footer shows
as many of them as fit its width, then Help and Quit (``keys_footer``); F1 and the
palette list them all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from textual.binding import Binding, BindingType

from opstui.widgets.keys_footer import KeysFooter


@dataclass(frozen=True)
class Command:
    """One user action: its key, the action it runs, and its plain name.

    Attributes:
        key: The key (or comma-separated keys) that runs it.
        action: The screen's action, with its arguments if any: ``show_tab('sessions')``.
        name: What the footer, F1 and the command palette call it.
        edits: Whether it changes the database: hidden and refused in read-only review.
        footer: Whether the footer may show it, where there is room (F1 and the palette
            always do).
        key_display: How the key is written, where its name would read badly (``/``).
        priority: Whether the key works even where a widget would take it (quitting).
        label: A shorter name for the footer, so that more keys fit 80 columns; F1 and the
            palette still say ``name``.
    """

    key: str
    action: str
    name: str
    edits: bool = False
    footer: bool = True
    key_display: str | None = None
    priority: bool = False
    label: str | None = None

    @property
    def action_name(self) -> str:
        """The action without its arguments, as ``check_action`` is asked about it."""
        return self.action.partition("(")[0]

    def binding(self) -> Binding:
        # The footer shows the description; a short label keeps the full name as the
        # tooltip, which the palette and F1 read (``command_name``).
        return Binding(
            self.key,
            self.action,
            self.label or self.name,
            show=self.footer,
            key_display=self.key_display,
            priority=self.priority,
            tooltip=self.name if self.label else "",
        )


def command_name(binding: Binding) -> str:
    """A binding's plain name, as the palette and F1 give it (not its footer label)."""
    return binding.tooltip or binding.description


def bindings(commands: Iterable[Command]) -> list[BindingType]:
    """The key bindings of ``commands``, in their order (the footer's order)."""
    return [command.binding() for command in commands]


def edit_actions(commands: Iterable[Command]) -> frozenset[str]:
    """The actions of ``commands`` that change the database."""
    return frozenset(command.action_name for command in commands if command.edits)


def edit_keys(declared: Iterable[BindingType], edits: Collection[str]) -> frozenset[str]:
    """The keys among the ``declared`` bindings whose action is one of ``edits``.

    Each key of a binding on several (``"d,delete"``) counts on its own, and an action is
    known by its name, whatever its arguments.
    """
    return frozenset(
        binding.key
        for binding in Binding.make_bindings(declared)
        if binding.action.partition("(")[0] in edits
    )


# -- the app's commands, offered on every screen -----------------------------------------

HELP = Command("f1", "help", "Help")
QUIT = Command("ctrl+q", "quit", "Quit", priority=True)
START_SESSION = Command("s", "start_session", "Start session", edits=True, footer=False)
OPEN_METRICS = Command("m", "open_metrics", "Metrics", footer=False)
EXPORT_SESSION = Command(
    "f6", "export_session", "Export session notes", footer=False, label="Export notes"
)
EXPORT_INITIATIVE = Command(
    "f7", "export_initiative", "Export initiative report", footer=False, label="Export report"
)
SEARCH_EVERYTHING = Command("ctrl+f", "search_everything", "Search everything", footer=False)
#: What the app binds (``OpstuiApp.BINDINGS``).
APP_COMMANDS = (
    HELP,
    QUIT,
    START_SESSION,
    OPEN_METRICS,
    EXPORT_SESSION,
    EXPORT_INITIATIVE,
    SEARCH_EVERYTHING,
)


def in_footer(command: Command) -> Command:
    """One of the ``APP_COMMANDS`` shown in a screen's footer, at the place it is listed.

    The screen's binding runs the app's action, and the app still decides whether it is
    offered (its ``check_action``); listed on the screen, it is found before the app's own
    binding of the same key, which it stands for there.
    """
    return replace(command, action=f"app.{command.action}", footer=True)


#: The commands every footer ends with, whatever its width.
FOOTER_LAST = (HELP, QUIT)


def keys_footer() -> KeysFooter:
    """The footer of every full screen: its most used keys that fit, then Help and Quit.

    Compact, and without the palette's key, so that more of the screen's keys fit; none
    is ever cut by the edge. Ctrl+P and F1 list them all.
    """
    return KeysFooter(last=(command.action for command in FOOTER_LAST))
