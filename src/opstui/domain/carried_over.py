"""Actions carried over into a session: what the live screen lists and the notes export.

The rule, in one place: an action of the same initiative is carried into a session
when it was not made in that session, it existed when the session began (created at
or before its start), and it was still open then. Actions ticked off since the
session began stay in the list, shown done, so that notes written afterwards still
show what was carried in. A session that has not begun yet (planned) carries every
action open now. A cancelled session counts for nothing (``counted_sessions``): nothing
is carried into it, and the next session carries what it would have without it. Oldest
first.
"""

from __future__ import annotations

from collections.abc import Iterable

from opstui.domain.counted_sessions import counts
from opstui.domain.session import ActionItem, Session


def carried_over(actions: Iterable[ActionItem], session: Session) -> list[ActionItem]:
    """The actions carried into ``session`` (see the module's docstring), oldest first."""
    if not counts(session):
        return []
    began = session.started_at

    def carried(action: ActionItem) -> bool:
        if action.session_id == session.id:
            return False
        if began is None:
            return not action.done
        if action.created_at > began:
            return False
        return not action.done or (action.done_at is not None and action.done_at >= began)

    return sorted(filter(carried, actions), key=lambda action: (action.created_at, action.id))
