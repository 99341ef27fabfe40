"""What every opstui screen shares: the store, and refusing edits in read-only review."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.message import Message
from textual.screen import ModalScreen, Screen

from opstui.db.store import Store

if TYPE_CHECKING:
    from opstui.app import OpstuiApp

T = TypeVar("T")

READ_ONLY_HINT = "Opened read-only for review: nothing can be changed."


class DatabaseChanged(Message):
    """Another process committed to the database: screens showing data reload it."""


class StoreMixin:
    """Access to the app's store, and the rule that edits vanish in read-only review."""

    #: Actions that change the database: hidden from the footer and palette when read-only.
    EDIT_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    @property
    def context_initiative_id(self) -> str | None:
        """The initiative this screen is about, for app-wide actions such as exporting."""
        return None

    @property
    def context_session_id(self) -> str | None:
        """The session this screen is about, if any."""
        return None

    @property
    def opstui(self) -> OpstuiApp:
        return self.app  # type: ignore[attr-defined, no-any-return]

    @property
    def store(self) -> Store:
        return self.opstui.store

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.EDIT_ACTIONS and self.read_only)

    def refuse_if_read_only(self) -> bool:
        """Say why nothing happens when an edit is attempted on a review copy."""
        if self.read_only:
            self.app.notify(READ_ONLY_HINT, severity="warning")  # type: ignore[attr-defined]
            return True
        return False


class OpstuiScreen(StoreMixin, Screen[None]):
    """A full screen of the app."""


class OpstuiModal(StoreMixin, ModalScreen[T]):
    """A dialog over the current screen."""
