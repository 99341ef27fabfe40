"""A session's calendar: the initiative's next session and the due dates of its actions.

What goes in (``export.ics`` writes it):
- the initiative's next planned session after this one (``domain.next_session``), at
  its planned time in UTC, as long as its agenda (else its playbook's, else an hour);
- one all-day event on its due date for each open action with one: the actions made
  in this session and those carried into it (``domain.carried_over``), as the notes
  list them; done actions are left out.

Every event's uid is the record's id with ``@opstui``, so importing a later export of
the same session updates the events rather than doubling them. DTSTAMP is the
export's "today" (``InitiativeFacts.today``) at midnight UTC, so the same data gives
the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from opstui.domain.next_session import planned_minutes, untimed_planned
from opstui.domain.playbook import Playbook
from opstui.domain.session import ActionItem, AgendaItem, Session
from opstui.export.bundle import PeopleNames, SessionBundle
from opstui.export.ics import AllDay, CalendarEvent, TimedEvent, render_calendar
from opstui.export.session_notes import session_actions


@dataclass(frozen=True)
class NextSession:
    """The session planned next, with what says how long it lasts."""

    session: Session
    agenda: list[AgendaItem]
    playbook: Playbook | None = None


def calendar_actions(bundle: SessionBundle) -> list[ActionItem]:
    """The open actions with a due date: this session's and those carried into it."""
    actions = {a.id: a for a in [*session_actions(bundle), *bundle.carried_over()]}
    due = [a for a in actions.values() if not a.done and a.due_on is not None]
    return sorted(due, key=lambda a: (a.due_on, a.created_at, a.id))


def calendar_events(bundle: SessionBundle, next_up: NextSession | None) -> list[CalendarEvent]:
    """The next session first (when there is one), then the actions by due date."""
    people = bundle.people
    events: list[CalendarEvent] = []
    if next_up is not None and next_up.session.planned_at is not None:
        events.append(_session_event(bundle, next_up, people))
    sessions = {s.id: s for s in bundle.facts.sessions}
    initiative = bundle.facts.initiative.title
    for action in calendar_actions(bundle):
        assert action.due_on is not None  # calendar_actions keeps only those
        made_in = sessions.get(action.session_id) if action.session_id else None
        description = [
            f"Owner: {people.name(action.owner_id, missing='nobody yet')}",
            f"Initiative: {initiative}",
            f"Session: {made_in.title if made_in else 'none (added outside a session)'}",
        ]
        events.append(
            CalendarEvent(
                uid=f"action-{action.id}@opstui",
                when=AllDay(action.due_on),
                summary=f"Due: {action.text}",
                description="\n".join(description),
            )
        )
    return events


def _session_event(
    bundle: SessionBundle, next_up: NextSession, people: PeopleNames
) -> CalendarEvent:
    session = next_up.session
    assert session.planned_at is not None
    minutes = planned_minutes(next_up.agenda, next_up.playbook)
    lines = [
        f"Initiative: {bundle.facts.initiative.title}",
        f"Kind: {session.kind.label}",
        f"Facilitator: {people.name(session.facilitator_id, missing='not chosen yet')}",
    ]
    names = [people.name(p) for p in dict.fromkeys(session.participant_ids)]
    if names:
        lines.append(f"Participants: {', '.join(names)}")
    if next_up.agenda:
        lines.append("Agenda:")
        for item in next_up.agenda:
            lines.append(f"- {item.title} ({item.planned_minutes + item.extra_minutes} min)")
    return CalendarEvent(
        uid=f"session-{session.id}@opstui",
        when=TimedEvent(session.planned_at, session.planned_at + timedelta(minutes=minutes)),
        summary=session.title,
        description="\n".join(lines),
    )


def render_session_calendar(bundle: SessionBundle, next_up: NextSession | None) -> str:
    """The session's calendar as an .ics file's text (possibly with no event)."""
    stamped = datetime.combine(bundle.facts.today, time(0), tzinfo=UTC)
    return render_calendar(calendar_events(bundle, next_up), stamped)


def calendar_notes(bundle: SessionBundle, next_up: NextSession | None) -> list[str]:
    """What the user should know about the calendar: what could not go in it."""
    notes = [
        f"“{s.title}” is planned without a time, so it is not in the calendar; "
        "give it a time to add it"
        for s in untimed_planned(bundle.facts.sessions, bundle.session)
    ]
    if not calendar_events(bundle, next_up):
        notes.append(
            "the calendar holds no events: no later session of this initiative is planned "
            "and no open action from this session has a due date"
        )
    return notes
