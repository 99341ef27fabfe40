"""The Sessions tab's session started by mistake: renamed, or cancelled.

A part of the workspace screen: it asks (the rename form, the question before
cancelling) about the highlighted session and changes it through the store and the
session-changes service, then has the workspace read the initiative again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from opstui.domain.base import utcnow
from opstui.domain.session import Session
from opstui.screens.base import guarded
from opstui.screens.modals.rename_session import RenameSession, cancel_question
from opstui.services.session_changes import Cancelling, SessionInUse, cancel_session, cancelling

if TYPE_CHECKING:
    from opstui.screens.workspace import WorkspaceScreen


class SessionChanges:
    """Rename or cancel the session highlighted in a workspace's Sessions tab."""

    def __init__(self, screen: WorkspaceScreen) -> None:
        self.screen = screen

    @property
    def app(self) -> App[object]:
        return self.screen.app

    def _highlighted(self) -> str | None:
        from opstui.screens.workspace.sessions import SessionsTab

        session_id = self.screen.query_one(SessionsTab).highlighted_session
        if self.screen.refuse_if_read_only():
            return None
        return session_id

    @guarded()
    def rename(self) -> None:
        if (session_id := self._highlighted()) is not None:
            form = RenameSession(self.screen.store.get_session(session_id))
            self.app.push_screen(form, self.renamed)

    @guarded()
    def renamed(self, session: Session | None) -> None:
        if session is not None:
            self.screen.store.rename_session(session.id, session.title)
            self.screen.refresh_data()

    @guarded()
    def cancel(self) -> None:
        if (session_id := self._highlighted()) is None:
            return
        store = self.screen.store
        question = cancel_question(store.get_session(session_id), cancelling(store, session_id))
        self.app.push_screen(question, lambda yes: self.cancelled(session_id) if yes else None)

    @guarded()
    def cancelled(self, session_id: str) -> None:
        try:
            how = cancel_session(self.screen.store, session_id, utcnow())
        except SessionInUse as exc:
            self.screen.notify(str(exc), severity="warning", markup=False)
            return
        self.screen.notify("Session deleted." if how is Cancelling.DELETE else "Session cancelled.")
        self.screen.refresh_data()
