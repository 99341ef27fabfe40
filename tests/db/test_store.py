"""The store on a real file: every entity round-trips, and the schema refuses nonsense."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from opstui.db.errors import AmbiguousId, NotFound, ReadOnlyError, RecordRefused, UnknownId
from opstui.db.store import Store, fts_query, load_facts
from opstui.domain.initiative import (
    AffectedGroup,
    CohortScope,
    Group,
    Initiative,
    Person,
    PilotCohort,
)
from opstui.domain.metrics import Cohort, Metric, MetricKind, Reading
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Decision,
    Feedback,
    FeedbackKind,
    FillIn,
    ReadinessAssessment,
    Sentiment,
    Session,
    SessionKind,
    SessionState,
)
from opstui.domain.steps import Step
from opstui.domain.voting import (
    Ballot,
    BallotError,
    Outcome,
    Proposal,
    ProposalStatus,
    Receipt,
    VoteMethod,
)
from tests.demo_cache import build_demo

WHEN = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@pytest.fixture
def initiative(store: Store) -> Initiative:
    return store.add_initiative(
        Initiative(title="Quick interviews", problem="Slow", step=Step.VALIDATE)
    )


@pytest.fixture
def person(store: Store) -> Person:
    return store.add_person(Person(name="Ana Ruiz", role="PM", group=Group.PRODUCT))


@pytest.fixture
def session(store: Store, initiative: Initiative, person: Person) -> Session:
    return store.add_session(
        Session(
            initiative_id=initiative.id,
            playbook_key="validation",
            kind=SessionKind.VALIDATION,
            title="Validate",
            facilitator_id=person.id,
            participant_ids=[person.id],
            state=SessionState.LIVE,
            started_at=WHEN,
        )
    )


def test_file_is_private_and_in_wal_mode(store: Store, db_path: Path) -> None:
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_initiative_and_people_round_trip(store: Store, initiative: Initiative) -> None:
    assert store.get_initiative(initiative.id) == initiative
    person = store.add_person(Person(name="Bo", role="Engineer", group=Group.ENGINEERING))
    assert store.get_person(person.id) == person
    changed = store.update_initiative(initiative.model_copy(update={"vision": "No waiting"}))
    assert store.get_initiative(initiative.id).vision == "No waiting"
    assert changed.updated_at >= initiative.updated_at
    group = store.set_affected_group(
        AffectedGroup(initiative_id=initiative.id, group=Group.DESIGN, note="Runs research")
    )
    store.set_affected_group(group.model_copy(update={"note": "Owns the panel"}))
    groups = store.list_affected_groups(initiative.id)
    assert [(g.group, g.note) for g in groups] == [(Group.DESIGN, "Owns the panel")]
    cohort = store.add_cohort(
        PilotCohort(initiative_id=initiative.id, name="Growth team", scope=CohortScope.TEAMS)
    )
    assert store.list_cohorts(initiative.id) == [cohort]


def test_setting_a_group_already_there_stores_the_one_given(
    store: Store, initiative: Initiative
) -> None:
    store.set_affected_group(
        AffectedGroup(initiative_id=initiative.id, group=Group.DESIGN, note="Runs research")
    )
    again = store.set_affected_group(
        AffectedGroup(initiative_id=initiative.id, group=Group.DESIGN, note="Owns the panel")
    )
    assert store.list_affected_groups(initiative.id) == [again]


def test_setting_meta_replaces_the_value(store: Store) -> None:
    store.set_meta("colour", "teal")
    store.set_meta("colour", "amber")
    assert store.get_meta("colour") == "amber"
    assert store.get_meta("absent") is None


def test_session_with_agenda_round_trips(
    store: Store, initiative: Initiative, person: Person
) -> None:
    other = store.add_person(Person(name="Cy", group=Group.DESIGN))
    session = Session(
        initiative_id=initiative.id,
        playbook_key="discovery",
        kind=SessionKind.DISCOVERY,
        title="Interview 1",
        participant_ids=[other.id, person.id],
        started_at=WHEN,
    )
    agenda = [
        AgendaItem(session_id=session.id, position=i, title=f"Item {i}", planned_minutes=5)
        for i in range(3)
    ]
    store.add_session(session, agenda)
    loaded = store.get_session(session.id)
    assert loaded == session
    assert loaded.participant_ids == [other.id, person.id]  # order kept for the vote grid
    assert store.list_agenda(session.id) == agenda
    item = agenda[1].model_copy(update={"elapsed_seconds": 420, "extra_minutes": 1})
    store.update_agenda_item(item)
    assert store.list_agenda(session.id)[1].elapsed_seconds == 420
    store.save_notes(session.id, "private [bold]note[/]")
    assert store.get_session(session.id).notes == "private [bold]note[/]"


def test_captures_round_trip(
    store: Store, initiative: Initiative, session: Session, person: Person
) -> None:
    long_text = "word " * 2000
    feedback = store.add_feedback(
        Feedback(
            session_id=session.id,
            person_id=person.id,
            sentiment=Sentiment.NEGATIVE,
            kind=FeedbackKind.CONCERN,
            text=long_text,
            tags=["calendar", "panel"],
            created_at=WHEN,
        )
    )
    assert store.get_feedback(feedback.id) == feedback
    fill_in = store.add_fill_in(
        FillIn(session_id=session.id, template_key="notes", title="Notes", values={"a": "x"})
    )
    store.set_fill_in_value(fill_in.id, "score", 4)
    store.set_fill_in_value(fill_in.id, "a", "amended")
    assert store.get_fill_in(fill_in.id).values == {"a": "amended", "score": 4}
    proposal = store.add_proposal(
        Proposal(session_id=session.id, title="Go ahead", method=VoteMethod.CONSENT)
    )
    store.cast_ballot(
        Ballot(
            proposal_id=proposal.id, person_id=person.id, method=VoteMethod.CONSENT, value="agree"
        )
    )
    decision = Decision(
        initiative_id=initiative.id,
        session_id=session.id,
        proposal_id=proposal.id,
        statement="We go ahead",
    )
    closed = store.close_proposal(proposal, Outcome.PASSED, decision)
    assert store.get_proposal(proposal.id) == closed
    assert closed.status is ProposalStatus.CLOSED
    assert store.list_decisions(initiative.id) == [decision]
    action = store.add_action(
        ActionItem(
            initiative_id=initiative.id,
            session_id=session.id,
            text="Book rooms",
            owner_id=person.id,
            due_on=date(2026, 4, 1),
        )
    )
    assert store.list_actions(initiative.id, open_only=True) == [action]
    store.set_action_done(action.id)
    assert store.list_actions(initiative.id, open_only=True) == []
    assessment = store.add_readiness(
        ReadinessAssessment(
            initiative_id=initiative.id,
            assessed_on=date(2026, 3, 2),
            vision=4,
            consensus=3,
            skills=2,
            incentives=3,
            resources=4,
            action_plan=5,
        )
    )
    assert store.list_readiness(initiative.id) == [assessment]


def test_metric_and_readings_round_trip(store: Store, initiative: Initiative) -> None:
    metric = store.add_metric(
        Metric(
            initiative_id=initiative.id,
            name="Interviews per PM",
            kind=MetricKind.OUTCOME,
            baseline_value=0.8,
            baseline_on=date(2026, 1, 1),
            target_value=4,
            target_on=date(2026, 9, 1),
            primary=True,
        )
    )
    assert store.get_metric(metric.id) == metric
    readings = [
        Reading(metric_id=metric.id, taken_on=date(2026, m, 1), value=m, cohort=Cohort.ADOPTERS)
        for m in (2, 3)
    ]
    assert store.add_readings(readings) == 2
    assert store.list_readings(metric.id) == readings


def test_add_readings_is_all_or_nothing(store: Store, initiative: Initiative) -> None:
    metric = store.add_metric(Metric(initiative_id=initiative.id, name="m"))
    good = Reading(metric_id=metric.id, taken_on=date(2026, 1, 1), value=1)
    orphan = Reading(metric_id="no-such-metric", taken_on=date(2026, 1, 2), value=2)
    with pytest.raises(RecordRefused):
        store.add_readings([good, orphan])
    assert store.list_readings(metric.id) == []


def test_a_named_ballot_cast_again_replaces_the_first(
    store: Store, session: Session, person: Person
) -> None:
    proposal = store.add_proposal(Proposal(session_id=session.id, title="P"))
    for value in ("2", "4"):
        store.cast_ballot(
            Ballot(proposal_id=proposal.id, person_id=person.id, method="fist-of-five", value=value)
        )
    assert [(b.person_id, b.value) for b in store.list_ballots(proposal.id)] == [(person.id, "4")]


def test_an_anonymous_ballot_is_never_stored_with_its_voter(
    store: Store, session: Session, person: Person
) -> None:
    proposal = store.add_proposal(Proposal(session_id=session.id, title="P", anonymous=True))
    ballot = Ballot(proposal_id=proposal.id, person_id=person.id, method="fist-of-five", value="2")
    stored = store.cast_ballot(ballot)
    assert stored.person_id is None and stored.cast_at == proposal.created_at
    assert [(b.person_id, b.value) for b in store.list_ballots(proposal.id)] == [(None, "2")]
    assert store.list_session_receipts(session.id) == [Receipt(proposal.id, 1, person.id)]
    # Nothing says which stored ballot was theirs: a second one, or taking it back, is refused.
    with pytest.raises(BallotError, match="cannot be changed"):
        store.cast_ballot(ballot.model_copy(update={"id": "again", "value": "5"}))
    with pytest.raises(BallotError, match="cannot be taken back"):
        store.withdraw_ballot(proposal.id, 1, person.id)
    store.close_proposal(proposal, Outcome.PASSED)
    assert [(b.person_id, b.value) for b in store.list_ballots(proposal.id)] == [(None, "2")]
    with pytest.raises(BallotError, match="closed"):
        store.cast_ballot(ballot.model_copy(update={"id": "late"}))


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        (
            "INSERT INTO initiatives (id, title, step, status, created_at, updated_at) "
            "VALUES ('x', 'T', 7, 'active', '', '')",
            (),
        ),
        (
            "INSERT INTO initiatives (id, title, step, status, created_at, updated_at) "
            "VALUES ('x', '  ', 1, 'active', '', '')",
            (),
        ),
        ("INSERT INTO people (id, name, grp) VALUES ('p', 'P', 'marketing')", ()),
        (
            "INSERT INTO feedback (id, session_id, sentiment, kind, text, created_at) "
            "VALUES ('f', 'no-session', 3, 'praise', 'hi', '')",
            (),
        ),
    ],
)
def test_schema_rejects_bad_rows(store: Store, sql: str, params: tuple[object, ...]) -> None:
    with pytest.raises(RecordRefused), store.write():
        store.conn.execute(sql, params)


def test_schema_rejects_ballot_value_of_another_method(store: Store, session: Session) -> None:
    proposal = store.add_proposal(Proposal(session_id=session.id, title="P"))
    with pytest.raises(RecordRefused), store.write():
        store.conn.execute(
            "INSERT INTO ballots (id, proposal_id, round, method, value, cast_at) "
            "VALUES ('b', ?, 1, 'fist-of-five', 'agree', '')",
            (proposal.id,),
        )


def test_deleting_an_initiative_cascades(
    store: Store, initiative: Initiative, session: Session
) -> None:
    store.add_feedback(Feedback(session_id=session.id, text="hello"))
    store.delete_initiative(initiative.id)
    assert store.list_sessions() == []
    assert store.list_feedback() == []
    assert store.conn.execute("SELECT count(*) FROM feedback_fts").fetchone()[0] == 0


def test_full_text_search_follows_edits_and_deletes(store: Store, session: Session) -> None:
    item = store.add_feedback(Feedback(session_id=session.id, text="Scheduling takes weeks"))
    assert [h.feedback.id for h in store.search_feedback("schedul")] == [item.id]
    store.update_feedback(item.model_copy(update={"text": "Booking takes days"}))
    assert store.search_feedback("scheduling") == []
    assert [h.feedback.id for h in store.search_feedback("booking")] == [item.id]
    store.delete_feedback(item.id)
    assert store.search_feedback("booking") == []


def test_an_initiatives_matching_remarks_are_those_its_full_search_finds(store: Store) -> None:
    build_demo(store)
    for initiative in store.list_initiatives():
        for typed in ("s", "security que", "the", "calendar", "nothing-like-it", "", "*"):
            found = store.search_feedback(typed, initiative_id=initiative.id, limit=10_000)
            assert store.feedback_matching(typed, initiative.id) == {
                hit.feedback.id for hit in found
            }
    assert store.feedback_matching("the", store.list_initiatives()[0].id)  # some do match


@pytest.mark.parametrize("typed", ['"', "AND", "a OR", "NEAR(", "*", "-x", "col:val", "(["])
def test_search_survives_fts_syntax(store: Store, session: Session, typed: str) -> None:
    store.add_feedback(Feedback(session_id=session.id, text="x val near"))
    store.search_feedback(typed)  # must not raise
    store.feedback_matching(typed, session.initiative_id)


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('say "hi" OR') == '"say"* "hi"* "OR"*'
    assert fts_query("  ") == ""


def test_resolve_prefix(store: Store) -> None:
    a = store.add_initiative(Initiative(id="abc11111-0000-4000-8000-000000000000", title="A"))
    store.add_initiative(Initiative(id="abc22222-0000-4000-8000-000000000000", title="B"))
    assert store.resolve("initiative", "abc1") == a.id
    assert store.resolve("initiative", "ABC1") == a.id
    with pytest.raises(AmbiguousId, match="several"):
        store.resolve("initiative", "abc")
    with pytest.raises(UnknownId):
        store.resolve("initiative", "zzz")
    with pytest.raises(UnknownId):
        store.resolve("initiative", "")


def test_missing_records_raise_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.get_initiative("nope")
    with pytest.raises(NotFound):
        store.update_person(Person(name="Ghost"))


def test_read_only_store_refuses_writes_and_changes_nothing(db_path: Path) -> None:
    with Store.open(db_path) as writable:
        writable.add_initiative(Initiative(title="Kept"))
    before = db_path.read_bytes()
    files = sorted(p.name for p in db_path.parent.iterdir())
    with Store.open(db_path, read_only=True) as review:
        assert [i.title for i in review.list_initiatives()] == ["Kept"]
        with pytest.raises(ReadOnlyError):
            review.add_initiative(Initiative(title="New"))
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == files  # no -wal, no -shm


def test_load_facts_gathers_the_initiative(
    store: Store, initiative: Initiative, session: Session, person: Person
) -> None:
    store.add_feedback(Feedback(session_id=session.id, text="hi", person_id=person.id))
    facts = load_facts(store, initiative.id, today=date(2026, 5, 1))
    assert facts.initiative == initiative
    assert [s.id for s in facts.sessions] == [session.id]
    assert len(facts.feedback) == 1
    assert facts.people[person.id].name == "Ana Ruiz"
    assert facts.today == date(2026, 5, 1)


def test_write_rolls_back_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write():
        store.add_initiative(Initiative(title="Half"))
        raise RuntimeError("crash")
    assert store.list_initiatives() == []


def test_store_refuses_a_ballot_its_proposal_cannot_take(
    store: Store, session: Session, person: Person
) -> None:
    from opstui.domain.voting import BallotError

    proposal = store.add_proposal(Proposal(session_id=session.id, title="P"))
    with pytest.raises(BallotError):
        store.cast_ballot(
            Ballot(
                proposal_id=proposal.id,
                person_id=person.id,
                method=VoteMethod.CONSENT,
                value="agree",
            )
        )
    assert store.list_ballots(proposal.id) == []
