"""Cancelling and renaming a session, once for the app and the command line.

Cancelling follows ``opstui.domain.cancelling``: what the session holds decides whether
it is deleted or kept as cancelled, asked and done in one write transaction so that a
remark captured meanwhile by another hand is never deleted with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from opstui.domain.cancelling import Cancelling, cancelled, how_to_cancel
from opstui.domain.session import Session, SessionState

if TYPE_CHECKING:
    from opstui.db.session_hold import SessionHold
    from opstui.db.store import Store

__all__ = ["Cancelling", "SessionInUse", "cancel_session", "cancelling", "rename_session"]


class SessionInUse(Exception):
    """The session runs in another app, which would go on capturing into it."""


def cancelling(store: Store, session_id: str) -> Cancelling:
    """What cancelling the session would do now (for the question asked before it)."""
    return how_to_cancel(store.holds_captures(session_id))


def cancel_session(
    store: Store, session_id: str, now: datetime, *, held: SessionHold | None = None
) -> Cancelling:
    """Cancel a session: delete it when it holds nothing, else keep it cancelled.

    A live session is cancelled only by the app that runs it: the live screen passes
    its ``held`` hold; anyone else takes the hold for the moment, or is refused.

    Raises:
        NotFound: The session no longer exists.
        SessionInUse: Another app runs the session.
    """
    hold = held
    if hold is None and store.get_session(session_id).state is SessionState.LIVE:
        hold = store.hold_session(session_id)
        if hold is None:
            raise SessionInUse("This session is running in another opstui window: cancel it there.")
    try:
        with store.write():
            session = store.get_session(session_id)
            how = how_to_cancel(store.holds_captures(session_id))
            if how is Cancelling.DELETE:
                store.delete_session(session_id)
            else:
                store.mark_cancelled(cancelled(session, now))
    finally:
        if held is None and hold is not None:
            hold.release()
    return how


def rename_session(store: Store, session_id: str, title: str) -> Session:
    """Give a session another title; a blank one is refused (``ValidationError``).

    Raises:
        NotFound: The session no longer exists.
    """
    session = store.get_session(session_id)
    renamed = Session.model_validate({**session.model_dump(), "title": title})
    return store.rename_session(session_id, renamed.title)
