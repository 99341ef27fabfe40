"""The facilitator's private notes: saved a moment after the last key, and on leaving."""

from __future__ import annotations

from collections.abc import Callable

from textual.timer import Timer
from textual.widgets import TextArea

from opstui.domain.text import printable

#: Save the notes this long after the last key typed (seconds).
SAVE_AFTER = 0.5

TITLE = "Private notes (w writes · p hides them for screen sharing)"
TITLE_WRITING = "Private notes: writing, saved as you type (Esc leaves the notes)"
TITLE_READ_ONLY = "Private notes"


class NotesPad(TextArea):
    """A text area that hands its text to ``save`` once typing pauses, and when left.

    ``save`` is the caller's: it stores the notes and returns something true, or says
    why it could not and returns something false (the text then stays unsaved and is
    tried again). The pad only decides when: never for text it was given, never while
    read-only.
    """

    def __init__(self, save: Callable[[str], object], *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True)
        self.save = save
        #: The text as last given or saved: what needs no saving.
        self.saved_text = ""
        self._save_timer: Timer | None = None

    def open(self, text: str, *, editable: bool) -> None:
        """Show ``text`` (as stored), writable or not, without control characters.

        They are dropped rather than shown as symbols, which would be saved back.
        """
        text = printable(text, drop=True)
        self.saved_text = text
        if self.text != text:
            self.load_text(text)
        self.read_only = not editable
        self.border_title = TITLE if editable else TITLE_READ_ONLY

    @property
    def unsaved(self) -> bool:
        return not self.read_only and self.text != self.saved_text

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is not self or not self.unsaved:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_AFTER, self.flush)

    def flush(self) -> None:
        """Save now, if anything typed is not saved yet."""
        if self.unsaved:
            text = self.text
            if self.save(text):
                self.saved_text = text

    def on_focus(self) -> None:
        if not self.read_only:
            self.border_title = TITLE_WRITING

    def on_blur(self) -> None:
        if not self.read_only:
            self.border_title = TITLE
        self.flush()
