"""A session's calendar: which session comes next, how long it lasts, which actions'
due dates go in, and what the user is told when something cannot."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.next_session import (
    DEFAULT_MINUTES,
    next_session,
    planned_minutes,
    untimed_planned,
)
from opstui.domain.playbook import AgendaSpec, Playbook
from opstui.domain.session import ActionItem, AgendaItem, Session, SessionKind, SessionState
from opstui.export.bundle import SessionBundle
from opstui.export.session_calendar import (
    NextSession,
    calendar_actions,
    calendar_notes,
    render_session_calendar,
)

INITIATIVE = Initiative(title="Quick, simple interviews")
ENDED = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
TODAY = date(2026, 3, 12)
ANA = Person(name="Ana Alvarez", role="PM", group=Group.PRODUCT)


def session(title: str, **fields: object) -> Session:
    values: dict[str, object] = {
        "initiative_id": INITIATIVE.id,
        "playbook_key": "pilot",
        "kind": SessionKind.PILOT,
        "title": title,
    }
    values.update(fields)
    return Session.model_validate(values)


HELD = session(
    "Pilot check-in, week two",
    state=SessionState.ENDED,
    started_at=ENDED,
    ended_at=ENDED + timedelta(hours=1),
)


def planned(title: str, at: datetime | None, **fields: object) -> Session:
    return session(title, planned_at=at, **fields)


def test_the_next_session_is_the_earliest_planned_after_this_one() -> None:
    later = planned("Week six", ENDED + timedelta(days=28))
    sooner = planned("Week four", ENDED + timedelta(days=14))
    assert next_session([HELD, later, sooner], HELD) == sooner


def test_sessions_that_are_not_next_are_passed_over() -> None:
    at = ENDED + timedelta(days=7)
    passed_over = [
        planned("Before", ENDED - timedelta(days=1)),
        planned("Cancelled", at, cancelled_at=ENDED),
        planned("Elsewhere", at, initiative_id="another"),
        planned("Untimed", None),
        session("Started", state=SessionState.LIVE, planned_at=at, started_at=at),
    ]
    assert next_session([HELD, *passed_over], HELD) is None
    assert [s.title for s in untimed_planned([HELD, *passed_over], HELD)] == ["Untimed"]


def test_a_session_with_no_time_is_followed_by_the_earliest_planned() -> None:
    undated = planned("Not yet scheduled", None)
    first = planned("First", ENDED)
    assert next_session([undated, planned("Second", ENDED + timedelta(1)), first], undated) == first


def test_a_planned_session_lasts_its_agenda_else_its_playbook_else_an_hour() -> None:
    agenda = [
        AgendaItem(session_id="s", position=0, title="Warm up", planned_minutes=10),
        AgendaItem(session_id="s", position=1, title="Vote", planned_minutes=20, extra_minutes=5),
    ]
    book = Playbook.model_validate(
        {
            "key": "pilot",
            "title": "Pilot",
            "kind": "pilot",
            "step": 5,
            "agenda": [AgendaSpec(title="One", minutes=40).model_dump()],
        }
    )
    assert planned_minutes(agenda, book) == 35
    assert planned_minutes([], book) == 40
    assert planned_minutes([], None) == DEFAULT_MINUTES == 60


def bundle(*actions: ActionItem, anonymize: bool = False) -> SessionBundle:
    facts = InitiativeFacts(
        initiative=INITIATIVE,
        sessions=[HELD],
        actions=list(actions),
        people={ANA.id: ANA},
        today=TODAY,
    )
    return SessionBundle(facts, HELD, [], anonymize=anonymize)


def action(text: str, due: date | None, **fields: object) -> ActionItem:
    values: dict[str, object] = {
        "initiative_id": INITIATIVE.id,
        "session_id": HELD.id,
        "text": text,
        "due_on": due,
        "owner_id": ANA.id,
        "created_at": ENDED + timedelta(minutes=5),
    }
    values.update(fields)
    return ActionItem.model_validate(values)


def test_open_actions_with_a_due_date_go_in_made_here_or_carried_in() -> None:
    mine = action("Mine", date(2026, 3, 20))
    carried = action("Carried", date(2026, 3, 15), session_id=None, created_at=ENDED - timedelta(1))
    left_out = [
        action("No date", None),
        action("Done", date(2026, 3, 16), done=True, done_at=ENDED + timedelta(hours=2)),
        action("Made after", date(2026, 3, 17), session_id=None, created_at=ENDED + timedelta(2)),
    ]
    assert calendar_actions(bundle(mine, carried, *left_out)) == [carried, mine]


def test_the_calendar_holds_the_next_session_then_the_actions() -> None:
    following = planned("Pilot check-in; week four", datetime(2026, 3, 16, 15, 30, tzinfo=UTC))
    agenda = [AgendaItem(session_id=following.id, position=0, title="Review", planned_minutes=45)]
    chosen = bundle(action("Send the notes, today", date(2026, 3, 13)), anonymize=True)
    text = render_session_calendar(chosen, NextSession(following, agenda))
    first, second = Calendar.from_ical(text).events
    assert first.uid == f"session-{following.id}@opstui"
    assert first.summary == "Pilot check-in; week four"
    assert first.start == datetime(2026, 3, 16, 15, 30, tzinfo=UTC)
    assert first.end == datetime(2026, 3, 16, 16, 15, tzinfo=UTC)
    assert "- Review (45 min)" in first.description
    assert second.uid == f"action-{chosen.facts.actions[0].id}@opstui"
    assert second.summary == "Due: Send the notes, today"
    assert second.start == date(2026, 3, 13)
    assert second.description == (
        "Owner: PM (Product)\nInitiative: Quick, simple interviews\n"
        "Session: Pilot check-in, week two"
    )
    assert first.DTSTAMP == second.DTSTAMP == datetime(2026, 3, 12, tzinfo=UTC)
    assert calendar_notes(chosen, None) == []


def test_nothing_to_put_in_a_calendar_is_said() -> None:
    empty = bundle(action("No date", None))
    assert Calendar.from_ical(render_session_calendar(empty, None)).events == []
    (note,) = calendar_notes(empty, None)
    assert "holds no events" in note


def test_a_planned_session_without_a_time_is_named_in_a_note() -> None:
    chosen = bundle(action("Dated", date(2026, 3, 20)))
    chosen.facts.sessions.append(planned("Week four", None))
    assert calendar_notes(chosen, None) == [
        "“Week four” is planned without a time, so it is not in the calendar; "
        "give it a time to add it"
    ]
