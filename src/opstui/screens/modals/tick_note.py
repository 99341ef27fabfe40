"""The dialog to tick a checklist item by hand, with an optional note of how it was done."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from opstui.screens.modals.form import FormModal


class TickNote(FormModal[str]):
    """Dismissed with the note (possibly empty) when ticked, or None when not."""

    def __init__(self, item_text: str) -> None:
        super().__init__()
        self.heading = f"Tick: {item_text}"
        self.save_label = "Tick"

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled(
            "Note",
            Input(placeholder="How it was done, or where to find it", id="tick-note"),
            hint="optional",
        )

    def build(self) -> str:
        return self.value_of("tick-note").strip()
