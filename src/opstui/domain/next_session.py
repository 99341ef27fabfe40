"""An initiative's next session after a given one, and how long a planned session lasts:
what a calendar export puts in the calendar.

The rule, in one place: the next session is the earliest session of the same
initiative that is still planned (never started), not cancelled, has a planned time,
and is planned after the given session took place (its start, or its planned time;
a session with neither is followed by the earliest planned one). A planned session
without a time cannot be put in a calendar; ``untimed_planned`` names those, for a
note. Its length is its own agenda's planned minutes (added minutes included), else
its playbook's agenda, else an hour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from opstui.domain.counted_sessions import counts
from opstui.domain.playbook import Playbook
from opstui.domain.session import AgendaItem, Session, SessionState
from opstui.domain.session_summary import agenda_time

#: The length of a planned session with no agenda and no playbook to go by.
DEFAULT_MINUTES = 60


def _still_planned(candidate: Session, session: Session) -> bool:
    return (
        candidate.id != session.id
        and candidate.initiative_id == session.initiative_id
        and candidate.state is SessionState.PLANNED
        and counts(candidate)
    )


def next_session(sessions: Iterable[Session], session: Session) -> Session | None:
    """The session planned next after ``session`` (see the module's docstring)."""
    after = session.held_at
    timed = [
        s
        for s in sessions
        if _still_planned(s, session)
        and s.planned_at is not None
        and (after is None or s.planned_at > after)
    ]
    return min(timed, key=lambda s: (s.planned_at, s.id), default=None)


def untimed_planned(sessions: Iterable[Session], session: Session) -> list[Session]:
    """Planned sessions of the initiative with no time yet, by title."""
    untimed = [s for s in sessions if _still_planned(s, session) and s.planned_at is None]
    return sorted(untimed, key=lambda s: (s.title, s.id))


def planned_minutes(agenda: Sequence[AgendaItem], playbook: Playbook | None) -> int:
    """How long a planned session is expected to last, in minutes (never 0)."""
    minutes = agenda_time(agenda).planned_minutes
    if minutes <= 0 and playbook is not None:
        minutes = playbook.minutes
    return minutes if minutes > 0 else DEFAULT_MINUTES
