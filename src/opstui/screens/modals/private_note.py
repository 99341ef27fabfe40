"""A private note written while presenter-safe view is on: typed, never shown.

The notes pad is hidden on a shared screen; this dialog takes one more line for it in
a masked field, so what the facilitator writes about someone never reaches the call.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from opstui.screens.modals.form import FormModal


class PrivateNote(FormModal[str]):
    """Dismissed with the line typed (added to the private notes), or None."""

    heading = "Private note (hidden while presenter-safe: typed text is masked)"
    save_label = "Add to notes"

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled(
            "Note",
            Input(password=True, id="private-note"),
            hint="added to the private notes; Enter saves, Esc cancels",
        )

    def build(self) -> str:
        return self.value_of("private-note").strip()
