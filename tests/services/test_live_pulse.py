"""The closing pulse in a live session: a closed pulse vote is a reading of its metric."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from opstui.db.store import Store
from opstui.domain.initiative import Group, Initiative, Person
from opstui.domain.metrics import Cohort, MetricKind
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.pulse import PULSE_QUESTIONS, PULSE_UNIT
from opstui.domain.session import Session
from opstui.domain.session_plan import plan_session
from opstui.domain.voting import Proposal, ProposalStatus, ProposalSubject
from opstui.services.live_session import LiveSession

STARTED = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)
#: No custom playbooks: the built-in pilot playbook, which asks for the pulse, is used.
PLAYBOOKS = Path("/nonexistent-opstui-playbooks")
SESSION = PULSE_QUESTIONS[ProposalSubject.PULSE_SESSION]
ROLLOUT = PULSE_QUESTIONS[ProposalSubject.PULSE_ROLLOUT]


def pilot_session(
    store: Store, initiative: Initiative, people: list[Person], at: datetime
) -> Session:
    book = next(b for b in builtin_playbooks() if b.key == "pilot")
    session, agenda = plan_session(
        initiative_id=initiative.id,
        playbook=book,
        title=f"Pilot {at:%d %b}",
        participant_ids=[p.id for p in people],
        facilitator_id=None,
        now=at,
    )
    return store.add_session(session, agenda)


def open_live(store: Store, session: Session) -> LiveSession:
    return LiveSession(store, session.id, playbooks_dir=PLAYBOOKS)


def world(store: Store) -> tuple[Initiative, list[Person]]:
    people = [
        store.add_person(Person(name=n, group=Group.GO_TO_MARKET)) for n in ("Ana", "Ben", "Chi")
    ]
    return store.add_initiative(Initiative(title="Scheduling")), people


def run_pulse(live: LiveSession, people: list[Person], *values: str) -> None:
    live.call_pulse(SESSION)
    for person, value in zip(people, values, strict=False):
        live.cast(person.id, value, {})
    live.close_vote(None)


def test_a_closed_pulse_vote_is_a_reading_of_its_metric(store: Store) -> None:
    initiative, people = world(store)
    session = pilot_session(store, initiative, people, STARTED)
    live = open_live(store, session)
    run_pulse(live, people, "5", "4", "3")

    [metric] = store.list_metrics(initiative.id)
    assert metric.name == "Session value (pulse)" and metric.kind is MetricKind.SENTIMENT
    assert metric.unit == PULSE_UNIT
    [reading] = store.list_readings(metric.id)
    assert reading.value == 4.0 and reading.cohort is Cohort.ALL
    assert reading.taken_on == STARTED.astimezone().date()
    assert session.title in reading.note and "3 votes" in reading.note
    [vote] = store.list_proposals(session_id=session.id)
    assert vote.status is ProposalStatus.CLOSED and vote.metric_id == metric.id
    assert vote.subject is ProposalSubject.PULSE_SESSION and vote.anonymous
    assert all(b.person_id is None for b in store.list_ballots(vote.id))
    assert live.pulse_read is not None and live.pulse_read.reading == reading


def test_a_second_session_adds_a_second_reading_to_the_same_metric(store: Store) -> None:
    initiative, people = world(store)
    first = pilot_session(store, initiative, people, STARTED)
    run_pulse(open_live(store, first), people, "2", "3")
    second = pilot_session(store, initiative, people, STARTED + timedelta(days=14))
    run_pulse(open_live(store, second), people, "4", "5", "5")

    [metric] = store.list_metrics(initiative.id)
    readings = store.list_readings(metric.id)
    assert [r.value for r in readings] == [2.5, 4.67]
    assert [r.taken_on for r in readings] == [
        STARTED.astimezone().date(),
        (STARTED + timedelta(days=14)).astimezone().date(),
    ]


def test_each_question_reads_into_its_own_metric(store: Store) -> None:
    initiative, people = world(store)
    live = open_live(store, pilot_session(store, initiative, people, STARTED))
    run_pulse(live, people, "4")
    live.call_pulse(ROLLOUT)
    live.cast(people[0].id, "1", {})
    live.close_vote(None)
    names = {m.name: store.list_readings(m.id) for m in store.list_metrics(initiative.id)}
    assert set(names) == {"Session value (pulse)", "Rollout so far (pulse)"}
    assert names["Rollout so far (pulse)"][0].value == 1


def test_a_pulse_closed_unanswered_writes_no_metric_nor_reading(store: Store) -> None:
    initiative, people = world(store)
    live = open_live(store, pilot_session(store, initiative, people, STARTED))
    run_pulse(live, people)
    assert store.list_metrics(initiative.id) == []
    assert live.pulse_read is None


def test_a_skipped_pulse_writes_nothing(store: Store) -> None:
    initiative, people = world(store)
    live = open_live(store, pilot_session(store, initiative, people, STARTED))
    live.end(STARTED + timedelta(hours=1))
    assert store.list_metrics(initiative.id) == []
    assert store.list_proposals(session_id=live.session_id) == []


def test_an_ordinary_vote_reads_nothing(store: Store) -> None:
    initiative, people = world(store)
    live = open_live(store, pilot_session(store, initiative, people, STARTED))
    book = live.playbook
    assert book is not None and book.pulse.session
    live.call_vote(Proposal(session_id=live.session_id, title="Go on?"))
    live.cast(people[0].id, "5", {})
    live.close_vote(None)
    assert store.list_metrics(initiative.id) == [] and live.pulse_read is None
