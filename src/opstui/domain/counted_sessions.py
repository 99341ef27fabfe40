"""Which sessions count: the one rule every reader of an initiative's sessions asks.

A session started by mistake and cancelled is kept (with what was captured in it) but
counts for nothing: not for the dashboard's mood and "last met", not as the session
actions are carried into, not as evidence (a cancelled validation session is no
validation), not in the charts of sentiment and satisfaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from opstui.domain.session import Session


def counts(session: Session) -> bool:
    """Whether the session counts: every session but a cancelled one."""
    return not session.cancelled


def counted(sessions: Iterable[Session]) -> list[Session]:
    """The sessions that count, in the order given."""
    return [s for s in sessions if counts(s)]


def state_label(session: Session) -> str:
    """The state every list of sessions shows: "cancelled" marks a cancelled one."""
    return "cancelled" if session.cancelled else session.state.value
