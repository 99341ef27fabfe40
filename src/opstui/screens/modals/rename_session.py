"""A session started by mistake: the dialog to rename it, and the question before cancelling."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Input

from opstui.domain.session import Session
from opstui.domain.text import printable
from opstui.screens.modals.confirm import ConfirmModal
from opstui.screens.modals.form import FormModal
from opstui.services.session_changes import Cancelling


def cancel_question(session: Session, how: Cancelling) -> ConfirmModal:
    """Ask before cancelling ``session``, saying whether it goes or is kept as cancelled."""
    return ConfirmModal(
        f"Cancel the session “{printable(session.title)}”?",
        yes="Delete it" if how is Cancelling.DELETE else "Cancel it",
        no="Keep it",
        detail=how.describe(),
    )


class RenameSession(FormModal[Session]):
    """Dismissed with the session under its new title, or None when cancelled."""

    LABELS: ClassVar[dict[str, str]] = {"title": "Title"}

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.heading = "Rename session"
        self.save_label = "Rename"

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled(
            "Title", Input(self.shown_title, id="session-title", select_on_focus=True)
        )

    @property
    def shown_title(self) -> str:
        """The title as the field shows it for editing: without control characters."""
        return printable(self.session.title, lines=False, drop=True)

    def build(self) -> Session:
        title = self.value_of("session-title")
        if title == self.shown_title:
            title = self.session.title  # unchanged: kept as stored, not as shown
        # Validated as a session's title: a blank one is refused, in the form.
        return Session.model_validate({**self.session.model_dump(), "title": title})
