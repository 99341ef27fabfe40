"""The facilitator's private notes on the live screen: the pad, or a masked line.

With presenter-safe view on, the pad is hidden from the call; a note is then typed
into a masked field (``PrivateNote``) and added to the pad's text without showing it.
"""

from __future__ import annotations

from opstui.screens.base import guarded
from opstui.screens.modals.private_note import PrivateNote
from opstui.services.live_session import LiveSession, LiveSessionError
from opstui.widgets.notes_pad import NotesPad


class NotesDesk(NotesPad):
    """The notes of one live session, saved through it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(self.save_notes, id=id)
        self.live: LiveSession | None = None

    def open_live(self, live: LiveSession) -> None:
        self.live = live
        self.open(live.session.notes, editable=live.editable)

    @guarded()
    def save_notes(self, text: str) -> bool:
        if self.live is None or not self.live.editable:
            return False
        self.live.save_notes(text)
        return True

    def write(self, *, hidden: bool) -> None:
        """Start writing: in the pad, or (``hidden``) a masked line added to it."""
        if hidden:
            self.app.push_screen(PrivateNote(), self.line_written)
        else:
            self.focus()

    @guarded()
    def line_written(self, line: str | None) -> None:
        if not line or self.live is None:
            return
        self.flush()
        try:
            self.live.add_private_note(line)
        except LiveSessionError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.open_live(self.live)
        self.notify("Added to the private notes.")
