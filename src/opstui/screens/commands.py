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
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Command:
    """One user action: its key, the action it runs, and its plain name.

    Attributes:
        key: The key (or comma-separated keys) that runs it.
        action: The screen's action, with its arguments if any: ``show_tab('sessions')``.
        name: What the footer, F1 and the command palette call it.
        edits: Whether it changes the database: hidden and refused in read-only review.
        footer: Whether the footer shows it (F1 and the palette always do).
        key_display: How the key is written, where its name would read badly (``/``).
    """

    key: str
    action: str
    name: str
    edits: bool = False
    footer: bool = True
    key_display: str | None = None

    @property
    def action_name(self) -> str:
        """The action without its arguments, as ``check_action`` is asked about it."""
        return self.action.partition("(")[0]

    def binding(self) -> Binding:
        return Binding(
            self.key, self.action, self.name, show=self.footer, key_display=self.key_display
        )


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
