"""A short list to pick one thing from: a template to fill in, a session to resume."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from opstui.screens.modals.live_modal import LiveModal


@dataclass(frozen=True)
class Choice:
    """One line of the list: what it returns, how it reads, and whether it can be picked."""

    key: str
    label: Text
    enabled: bool = True


class ChooseModal(LiveModal[str | None]):
    """Enter picks the highlighted line; Escape picks nothing."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[Choice], *, hint: str = "") -> None:
        super().__init__()
        self.heading = title
        self.choices = choices
        self.keys_hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(Text(self.heading), classes="form-title")
            yield OptionList(
                *[
                    Option(choice.label, id=choice.key, disabled=not choice.enabled)
                    for choice in self.choices
                ],
                id="choices",
            )
            yield Static(Text(self.keys_hint or "Enter choose · Esc cancel"), classes="form-keys")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
