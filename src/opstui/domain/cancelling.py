"""Cancelling a session started by mistake: removed when empty, else kept as cancelled.

A session in which nothing was captured (no remark, fill-in, vote, decision, action
item or assessment, and no private notes) leaves no trace worth keeping, so it is
deleted with its agenda and participants. One that holds anything is kept, for what
was said in it is still true, but marked cancelled so that it counts for nothing
(``opstui.domain.counted_sessions``); a live one ends when it is cancelled.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from opstui.domain.session import Session, SessionState


class Cancelling(StrEnum):
    """What cancelling a session does to it."""

    DELETE = "delete"
    KEEP_CANCELLED = "keep-cancelled"

    def describe(self) -> str:
        """What the confirmation says will happen."""
        if self is Cancelling.DELETE:
            return "Nothing was captured in it: it will be deleted, with its agenda."
        return (
            "Something was captured in it: it will be kept, marked cancelled, and no "
            "longer count for the mood, the last meeting or the checklist."
        )


def how_to_cancel(holds_captures: bool) -> Cancelling:
    """Delete a session that holds nothing; keep one that holds anything, cancelled."""
    return Cancelling.KEEP_CANCELLED if holds_captures else Cancelling.DELETE


def cancelled(session: Session, now: datetime) -> Session:
    """The session as kept once cancelled at ``now``: marked, and ended if it was not.

    A live session ends now; a planned one is ended without an end time, so that it is
    never offered for starting or resuming again. One cancelled already stays as it was.
    """
    if session.cancelled:
        return session
    ended_at = session.ended_at
    if session.state is SessionState.LIVE and ended_at is None:
        ended_at = max(now, session.started_at) if session.started_at else now
    return session.model_copy(
        update={"cancelled_at": now, "state": SessionState.ENDED, "ended_at": ended_at}
    )
