"""The checklist: items tick themselves from the data, or by hand with a note."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from opstui.domain.buy_in import LearningKind, LearningPath
from opstui.domain.checklist import ITEMS, ITEMS_BY_KEY, ChecklistState, Phase, evaluate
from opstui.domain.doctor import EVALUATION_WAIT_DAYS
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import (
    AffectedGroup,
    CohortScope,
    CohortStage,
    Group,
    Initiative,
    PilotCohort,
)
from opstui.domain.metrics import Metric, MetricKind
from opstui.domain.process_map_records import MapLine, ProcessMapRecord
from opstui.domain.session import Feedback, Session, SessionKind, SessionState
from opstui.domain.surveys import Survey
from opstui.domain.voting import Outcome, Proposal, ProposalStatus, ProposalSubject

TODAY = date(2026, 6, 1)
INITIATIVE_ID = "ini-1"


def make_facts(**initiative: object) -> InitiativeFacts:
    record = Initiative.model_validate(
        {"id": INITIATIVE_ID, "title": "Make interviews easy", **initiative}
    )
    return InitiativeFacts(initiative=record, today=TODAY)


def session(
    kind: SessionKind,
    state: SessionState = SessionState.ENDED,
    started: date | None = date(2026, 3, 1),
    title: str = "Kick-off",
) -> Session:
    start = datetime(started.year, started.month, started.day, 10, tzinfo=UTC) if started else None
    ended = start + timedelta(hours=1) if start and state is SessionState.ENDED else None
    return Session(
        initiative_id=INITIATIVE_ID,
        playbook_key=kind.value,
        kind=kind,
        title=title,
        state=state,
        started_at=start,
        ended_at=ended,
    )


def passed_vote(
    held_in: Session,
    subject: ProposalSubject = ProposalSubject.GENERAL,
    outcome: Outcome = Outcome.PASSED,
) -> Proposal:
    return Proposal(
        session_id=held_in.id,
        title="We have the problem right",
        subject=subject,
        status=ProposalStatus.CLOSED,
        outcome=outcome,
    )


def metric(
    name: str, kind: MetricKind = MetricKind.OUTCOME, baseline: float | None = None
) -> Metric:
    return Metric(initiative_id=INITIATIVE_ID, name=name, kind=kind, baseline_value=baseline)


def cohort(scope: CohortScope, started: date | None, stage: CohortStage) -> PilotCohort:
    return PilotCohort(
        initiative_id=INITIATIVE_ID, name="Team Atlas", scope=scope, started_on=started, stage=stage
    )


def state_of(facts: InitiativeFacts, key: str) -> ChecklistState:
    [state] = [s for s in evaluate(facts) if s.item.key == key]
    return state


def auto_done(facts: InitiativeFacts) -> set[str]:
    return {s.item.key for s in evaluate(facts) if s.done and s.auto}


# -- the items -------------------------------------------------------------------------


def test_the_guides_items_in_phase_order() -> None:
    assert len(ITEMS) == 18
    assert len(ITEMS_BY_KEY) == len(ITEMS)
    phases = [item.phase for item in ITEMS]
    assert phases == sorted(phases, key=list(Phase).index)
    counts = {phase: phases.count(phase) for phase in Phase}
    assert counts == {
        Phase.BEFORE_STARTING: 3,
        Phase.DURING_DISCOVERY: 3,
        Phase.BEFORE_BUILDING: 4,
        Phase.DURING_IMPLEMENTATION: 4,
        Phase.AFTER_LAUNCH: 4,
    }


def test_manual_only_items_say_so() -> None:
    manual = {item.key for item in ITEMS if item.auto is None}
    assert manual == {"causal-map"}
    assert all(ITEMS_BY_KEY[key].proof == "Ticked by hand." for key in manual)


def test_a_blank_initiative_has_nothing_done() -> None:
    states = evaluate(make_facts())
    assert [s.item for s in states] == list(ITEMS)
    assert not any(s.done or s.auto or s.note for s in states)


def test_phase_labels_read_as_words() -> None:
    assert Phase.BEFORE_BUILDING.label == "Before building"


# -- manual ticks ----------------------------------------------------------------------


def test_a_hand_tick_is_done_with_its_note() -> None:
    facts = make_facts()
    facts.ticks = {"causal-map": "Went through it with Ana on 3 March"}
    state = state_of(facts, "causal-map")
    assert state.done and not state.auto
    assert state.note == "Went through it with Ana on 3 March"


def test_a_hand_tick_works_on_an_item_the_data_could_prove() -> None:
    facts = make_facts()
    facts.ticks = {"direct-observation": "Watched screen recordings"}
    state = state_of(facts, "direct-observation")
    assert state.done and not state.auto


def test_data_proof_wins_over_a_hand_tick() -> None:
    facts = make_facts(root_cause="Calendars live in five tools")
    facts.ticks = {"root-cause": "done"}
    state = state_of(facts, "root-cause")
    assert state.auto
    assert state.note == "Root cause recorded."


def test_ticks_for_unknown_items_are_ignored() -> None:
    facts = make_facts()
    facts.ticks = {"no-such-item": "x"}
    assert not any(s.done for s in evaluate(facts))


# -- auto ticks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "key"),
    [
        ("strategic_reason", "strategic-priority"),
        ("root_cause", "root-cause"),
        ("communication_plan", "communication"),
    ],
)
def test_text_on_the_initiative_ticks_its_item(field: str, key: str) -> None:
    assert key in auto_done(make_facts(**{field: "Written down"}))
    assert key not in auto_done(make_facts(**{field: "   "}))


def test_a_group_outside_product_ticks_talk_to_all_groups() -> None:
    facts = make_facts()
    facts.groups = [AffectedGroup(initiative_id=INITIATIVE_ID, group=Group.PRODUCT)]
    assert "all-groups" not in auto_done(facts)
    facts.groups.append(AffectedGroup(initiative_id=INITIATIVE_ID, group=Group.GO_TO_MARKET))
    assert state_of(facts, "all-groups").note == "Affected groups include Go to market."


def test_an_ended_discovery_session_ticks_direct_observation() -> None:
    facts = make_facts()
    facts.sessions.append(session(SessionKind.DISCOVERY, SessionState.LIVE))
    assert "direct-observation" not in auto_done(facts)
    facts.sessions.append(session(SessionKind.DISCOVERY, title="Watching Ana book"))
    assert "Watching Ana book" in state_of(facts, "direct-observation").note


def test_an_outcome_metric_ticks_when_nothing_counts_usage() -> None:
    facts = make_facts()
    facts.metrics.append(metric("How confident PMs feel", MetricKind.SENTIMENT))
    assert state_of(facts, "outcome-metric").note == "Sentiment metric “How confident PMs feel”."
    facts.metrics.append(metric("Logins", MetricKind.OUTCOME))
    assert "outcome-metric" not in auto_done(facts)


def test_only_usage_metrics_do_not_tick_outcome_metric() -> None:
    facts = make_facts()
    facts.metrics.append(metric("Bookings made", MetricKind.USAGE))
    assert "outcome-metric" not in auto_done(facts)


def test_a_recorded_baseline_ticks_baseline() -> None:
    facts = make_facts()
    facts.metrics.append(metric("Days waited"))
    assert "baseline" not in auto_done(facts)
    # A baseline on a side metric is not the baseline the main metric is judged by.
    facts.metrics.append(metric("Interviews per PM", baseline=2.5))
    assert "baseline" not in auto_done(facts)
    facts.metrics[0] = metric("Days waited", baseline=12)
    assert state_of(facts, "baseline").note == "Baseline of “Days waited”: 12."


def test_a_passed_vote_in_an_ended_validation_session_ticks_validation() -> None:
    facts = make_facts()
    live = session(SessionKind.VALIDATION, SessionState.LIVE)
    facts.sessions.append(live)
    facts.proposals.append(passed_vote(live))
    assert "validate-stakeholders" not in auto_done(facts)
    ended = session(SessionKind.VALIDATION, title="Check-in with leads")
    facts.sessions.append(ended)
    facts.proposals.append(passed_vote(ended, outcome=Outcome.FAILED))
    assert "validate-stakeholders" not in auto_done(facts)
    facts.proposals.append(passed_vote(ended))
    assert "Check-in with leads" in state_of(facts, "validate-stakeholders").note


def test_a_passed_vote_on_the_metrics_ticks_agreement() -> None:
    facts = make_facts()
    held = session(SessionKind.CUSTOM)
    facts.sessions.append(held)
    facts.proposals.append(passed_vote(held, ProposalSubject.PROBLEM))
    assert "agree-metrics" not in auto_done(facts)
    facts.proposals.append(passed_vote(held, ProposalSubject.METRIC))
    assert "agree-metrics" in auto_done(facts)


def drawn_map(facts: InitiativeFacts, *lines: str, title: str = "Today's flow") -> None:
    record = ProcessMapRecord(initiative_id=INITIATIVE_ID, title=title)
    facts.process_maps.append(record)
    facts.map_lines += [
        MapLine(map_id=record.id, position=number, text=text) for number, text in enumerate(lines)
    ]


def test_a_process_map_with_a_hand_off_ticks_the_workflow_prototype() -> None:
    facts = make_facts()
    # a session held is not a diagram drawn
    facts.sessions.append(session(SessionKind.PROCESS_MAPPING, SessionState.ENDED))
    assert "workflow-prototype" not in auto_done(facts)
    drawn_map(facts, "Brief (PM)", "# steps only, nothing handed over yet")
    drawn_map(facts, "PM -> Design", "Design -> Design", title="Unreadable")
    assert "workflow-prototype" not in auto_done(facts)
    drawn_map(facts, "# today", "PM -> Design: brief", "Design -> Eng", title="Drawn")
    assert "workflow-prototype" in auto_done(facts)
    [state] = [s for s in evaluate(facts) if s.item.key == "workflow-prototype"]
    assert state.note == "Process map “Drawn” drawn, with 2 hand-offs."


def test_a_started_small_cohort_ticks_the_pilot() -> None:
    facts = make_facts()
    facts.cohorts.append(cohort(CohortScope.ORGANIZATION, date(2026, 4, 1), CohortStage.RUNNING))
    facts.cohorts.append(cohort(CohortScope.TEAMS, None, CohortStage.PLANNED))
    assert "small-pilot" not in auto_done(facts)
    facts.cohorts.append(cohort(CohortScope.PERSON, date(2026, 3, 2), CohortStage.ENDED))
    assert state_of(facts, "small-pilot").note == "Pilot cohort “Team Atlas” started on 2026-03-02."


def test_feedback_in_a_pilot_session_ticks_pilot_feedback() -> None:
    facts = make_facts()
    discovery, pilot = session(SessionKind.DISCOVERY), session(SessionKind.PILOT)
    facts.sessions += [discovery, pilot]
    facts.feedback.append(Feedback(session_id=discovery.id, text="Slow"))
    assert "pilot-feedback" not in auto_done(facts)
    facts.feedback += [
        Feedback(session_id=pilot.id, text="Much faster"),
        Feedback(session_id=pilot.id, text="Needs a reminder"),
    ]
    assert state_of(facts, "pilot-feedback").note == "2 remarks captured in pilot sessions."


def test_an_evaluation_well_after_rollout_ticks_waiting() -> None:
    facts = make_facts(rolled_out_on=date(2026, 4, 1))
    facts.sessions.append(session(SessionKind.EVALUATION, started=date(2026, 4, 20)))
    assert "wait-before-evaluating" not in auto_done(facts)
    facts.sessions.append(session(SessionKind.EVALUATION, started=date(2026, 5, 11), title="Q2"))
    assert state_of(facts, "wait-before-evaluating").note == (
        "Evaluation “Q2” held 40 days after the rollout."
    )


@pytest.mark.parametrize(
    ("days", "ticked"), [(EVALUATION_WAIT_DAYS - 1, False), (EVALUATION_WAIT_DAYS, True)]
)
def test_waiting_ticks_from_exactly_the_wait(days: int, ticked: bool) -> None:
    rolled = date(2026, 4, 1)
    facts = make_facts(rolled_out_on=rolled)
    facts.sessions.append(session(SessionKind.EVALUATION, started=rolled + timedelta(days=days)))
    assert ("wait-before-evaluating" in auto_done(facts)) is ticked


def test_an_evaluation_without_any_rollout_does_not_tick_waiting() -> None:
    facts = make_facts()
    facts.sessions.append(session(SessionKind.EVALUATION))
    assert "wait-before-evaluating" not in auto_done(facts)


def test_only_a_shared_date_ticks_share_results() -> None:
    """Exporting notes is not sharing results: only the recorded day ticks the item."""
    assert "share-results" not in auto_done(make_facts())
    shared = make_facts(results_shared_on=date(2026, 5, 20))
    assert state_of(shared, "share-results").note == "Results shared on 2026-05-20."


def test_every_auto_item_can_tick_itself() -> None:
    """A fully worked initiative proves every item that has a proof."""
    facts = make_facts(
        strategic_reason="Top of the quarter's plan",
        root_cause="No shared calendar",
        communication_plan="Announce at all-hands",
        rolled_out_on=date(2026, 4, 1),
        results_shared_on=date(2026, 5, 20),
    )
    facts.groups.append(AffectedGroup(initiative_id=INITIATIVE_ID, group=Group.DESIGN))
    facts.metrics.append(metric("Days waited", baseline=12))
    validation, pilot = session(SessionKind.VALIDATION), session(SessionKind.PILOT)
    facts.sessions += [
        session(SessionKind.DISCOVERY),
        validation,
        session(SessionKind.PROCESS_MAPPING),
        pilot,
        session(SessionKind.EVALUATION, started=date(2026, 5, 15)),
    ]
    facts.proposals.append(passed_vote(validation, ProposalSubject.METRIC))
    drawn_map(facts, "[start] Brief (PM) -> Design [end]")
    facts.cohorts.append(cohort(CohortScope.TEAMS, date(2026, 3, 5), CohortStage.EXPANDED))
    facts.feedback.append(Feedback(session_id=pilot.id, text="Good"))
    facts.learning_paths += [
        LearningPath(initiative_id=INITIATIVE_ID, kind=kind, title="Booking", slots=slots)
        for kind, slots in ((LearningKind.VIDEO, []), (LearningKind.WORKSHOP, ["2026-04-08"]))
    ]
    facts.surveys.append(survey())
    assert auto_done(facts) == {item.key for item in ITEMS if item.auto is not None}


def survey(file_name: str = "research-2025.csv") -> Survey:
    return Survey(
        initiative_id=INITIATIVE_ID,
        file_name=file_name,
        value_column="Q3",
        aggregate="top2 (scale 1-5)",
        respondents=42,
        comments=17,
        imported_at=datetime(2026, 2, 3, 10, 0, tzinfo=UTC),
    )


def test_an_imported_survey_ticks_the_survey_baseline_item() -> None:
    facts = make_facts()
    assert "survey-baseline" not in auto_done(facts)
    facts.surveys.append(survey())
    assert state_of(facts, "survey-baseline").note == (
        "Survey “research-2025.csv” imported on 2026-02-03: 42 respondents, 17 comments."
    )
    facts.surveys.append(survey("second.csv"))
    assert "(and 1 more)" in state_of(facts, "survey-baseline").note
