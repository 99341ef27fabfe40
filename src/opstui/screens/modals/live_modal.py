"""The base of the live session's dialogs, so one block of app CSS styles them all.

A live dialog collects a model and hands it to the ``save`` its caller gave it (an act
of the live session, see ``opstui.services.live_session``): it knows no store. When
saving fails, the dialog stays open with what was typed and says why; when it works,
the dialog closes with the saved model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rich.text import Text
from textual import events, on
from textual.widgets import Input, TextArea

from opstui.db.errors import StoreError
from opstui.domain.text import printable
from opstui.screens.base import LIVE_CSS, OpstuiModal
from opstui.services.live_session import LiveSessionError

#: What a save may fail with: the store's errors, and an act the session cannot take.
SAVE_ERRORS = (StoreError, LiveSessionError)

T = TypeVar("T")
M = TypeVar("M")
R = TypeVar("R")


class LiveModal(OpstuiModal[T]):
    """A centred dialog of the live session (its CSS is under ``LiveModal`` in live.tcss)."""

    CSS_PATH = LIVE_CSS

    #: The text field a paste goes to when it lands on a one-key picker: a paste is text,
    #: and its digits must never pick a person or a feeling.
    PASTE_INTO: str | None = None

    @on(events.Paste)
    def paste_as_text(self, event: events.Paste) -> None:
        """A paste on a picker goes, as text, to the end of the dialog's text field."""
        if self.PASTE_INTO is None or isinstance(self.focused, (Input, TextArea)):
            return
        event.stop()
        field = self.query_one(self.PASTE_INTO, Input)
        field.value += printable(event.text, lines=False, drop=True)
        field.focus()
        field.cursor_position = len(field.value)

    def hint(self, text: str) -> None:
        """Say something about what was typed (each dialog shows it under its fields)."""
        self.notify(Text(text).plain, severity="warning", markup=False)

    def try_save(self, save: Callable[[M], R], model: M) -> R | None:
        """``save(model)``, or None after saying in the dialog why it was not saved."""
        try:
            return save(model)
        except SAVE_ERRORS as exc:
            self.hint(f"Not saved: {exc}")
            return None
