"""An initiative's latest session: the one the dashboard's mood and "last met" describe,
and whose people a new session starts with."""

from __future__ import annotations

from collections.abc import Iterable

from opstui.domain.counted_sessions import counts
from opstui.domain.session import Session


def latest_session(sessions: Iterable[Session]) -> Session | None:
    """The session that started last; sessions only planned, never started, do not count,
    and nor do cancelled ones (``counted_sessions``).

    Of sessions started at the same moment the first given wins, so that the answer
    does not flicker between two reads.
    """
    started = [(s.started_at, s) for s in sessions if s.started_at is not None and counts(s)]
    if not started:
        return None
    return max(started, key=lambda pair: pair[0])[1]
