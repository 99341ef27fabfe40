"""Starting a session: which playbook suits the initiative's step, and the session it makes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from opstui.domain.playbook import Playbook
from opstui.domain.session import AgendaItem, Session, SessionState
from opstui.domain.steps import Step


def suggest_playbook(playbooks: Sequence[Playbook], step: Step) -> Playbook | None:
    """The playbook for the initiative's step: the first at that step, else the closest."""
    if not playbooks:
        return None
    return min(playbooks, key=lambda book: (abs(int(book.step) - int(step)), book.step < step))


def plan_session(
    *,
    initiative_id: str,
    playbook: Playbook,
    title: str,
    participant_ids: Sequence[str],
    facilitator_id: str | None,
    now: datetime,
    presenter_safe: bool = True,
) -> tuple[Session, list[AgendaItem]]:
    """A session started now from a playbook, live on its first agenda item."""
    session = Session(
        initiative_id=initiative_id,
        playbook_key=playbook.key,
        kind=playbook.kind,
        title=title,
        facilitator_id=facilitator_id,
        participant_ids=list(dict.fromkeys(participant_ids)),
        state=SessionState.LIVE,
        started_at=now,
        presenter_safe=presenter_safe,
    )
    agenda = [
        AgendaItem(
            session_id=session.id,
            position=position,
            title=spec.title,
            planned_minutes=spec.minutes,
            prompt=spec.prompt,
            capture=spec.capture,
            started_at=now if position == 0 else None,
            entered_at=now if position == 0 else None,
        )
        for position, spec in enumerate(playbook.agenda)
    ]
    return session, agenda
