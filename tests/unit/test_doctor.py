"""The doctor's rules: each fires on the mistake it names and stays quiet otherwise."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opstui.domain.buy_in import CheckIn, CommItem, CommPurpose, LearningKind, LearningPath
from opstui.domain.doctor import (
    EVALUATION_WAIT_DAYS,
    RULES,
    Finding,
    Severity,
    diagnose,
)
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
from opstui.domain.prototypes import Prototype, Stage, Status
from opstui.domain.session import Feedback, Session, SessionKind, SessionState
from opstui.domain.step_outputs import step_output_present, step_warning
from opstui.domain.steps import Step
from opstui.domain.voting import Outcome, Proposal, ProposalStatus, ProposalSubject

TODAY = date(2026, 6, 1)
INITIATIVE_ID = "ini-1"


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


def make_facts(step: Step = Step.IDENTIFY_PROBLEM, **initiative: object) -> InitiativeFacts:
    """An initiative that trips no rule at its step unless the test adds the mistake."""
    record = Initiative.model_validate(
        {"id": INITIATIVE_ID, "title": "Make interviews easy", "step": step, **initiative}
    )
    return InitiativeFacts(
        initiative=record,
        groups=[
            AffectedGroup(initiative_id=INITIATIVE_ID, group=Group.PRODUCT),
            AffectedGroup(initiative_id=INITIATIVE_ID, group=Group.ENGINEERING),
        ],
        today=TODAY,
    )


def session(
    kind: SessionKind,
    state: SessionState = SessionState.ENDED,
    started: date | None = date(2026, 3, 1),
    title: str = "A session",
) -> Session:
    return Session(
        initiative_id=INITIATIVE_ID,
        playbook_key=kind.value,
        kind=kind,
        title=title,
        state=state,
        started_at=at(started) if started else None,
        ended_at=at(started) + timedelta(hours=1)
        if started and state is SessionState.ENDED
        else None,
    )


def vote(
    held_in: Session,
    subject: ProposalSubject = ProposalSubject.METRIC,
    outcome: Outcome | None = Outcome.PASSED,
    title: str = "These metrics show the problem",
) -> Proposal:
    return Proposal(
        session_id=held_in.id,
        title=title,
        subject=subject,
        status=ProposalStatus.OPEN if outcome is None else ProposalStatus.CLOSED,
        outcome=outcome,
    )


def metric(
    name: str = "Days to schedule an interview",
    kind: MetricKind = MetricKind.OUTCOME,
    baseline: float | None = 12.0,
    primary: bool = False,
) -> Metric:
    return Metric(
        initiative_id=INITIATIVE_ID, name=name, kind=kind, baseline_value=baseline, primary=primary
    )


def cohort(
    scope: CohortScope,
    started: date | None,
    stage: CohortStage = CohortStage.RUNNING,
    name: str = "Team Atlas",
) -> PilotCohort:
    return PilotCohort(
        initiative_id=INITIATIVE_ID, name=name, scope=scope, started_on=started, stage=stage
    )


def remark(held_in: Session) -> Feedback:
    return Feedback(session_id=held_in.id, text="This saves me a day a week")


def fired(facts: InitiativeFacts, rule: str) -> list[Finding]:
    return [f for f in diagnose(facts) if f.rule == rule]


def validated(facts: InitiativeFacts) -> InitiativeFacts:
    """Add a validation session in which the metrics vote passed."""
    held = session(SessionKind.VALIDATION)
    facts.sessions.append(held)
    facts.proposals.append(vote(held))
    return facts


def healthy_evaluated() -> InitiativeFacts:
    """An initiative at step 6 that followed the method all the way."""
    facts = validated(
        make_facts(
            Step.EVALUATE,
            root_cause="No shared calendar of customers",
            vision="Nobody waits more than five days to talk to a user",
            chosen_solution="A booking page",
            lessons_learned="Start the pilot with the keenest team",
            results_shared_on=date(2026, 5, 20),
        )
    )
    facts.metrics.append(metric(primary=True))
    pilot_session = session(SessionKind.PILOT, started=date(2026, 3, 10))
    facts.sessions.append(pilot_session)
    facts.feedback.append(remark(pilot_session))
    facts.cohorts += [
        cohort(CohortScope.TEAMS, date(2026, 3, 5), CohortStage.EXPANDED),
        cohort(CohortScope.ORGANIZATION, date(2026, 4, 1), name="Everyone"),
    ]
    facts.sessions.append(session(SessionKind.EVALUATION, started=date(2026, 5, 15)))
    facts.check_ins += [
        CheckIn(initiative_id=INITIATIVE_ID, group=g, held_on=date(2026, 2, 20), about="Analysis")
        for g in (Group.LEADERSHIP, Group.ENGINEERING)
    ]
    facts.comm_items.append(
        CommItem(initiative_id=INITIATIVE_ID, channel="#all-hands", purpose=CommPurpose.RESULTS)
    )
    facts.learning_paths += [
        LearningPath(initiative_id=INITIATIVE_ID, kind=kind, title="Booking, step by step")
        for kind in (LearningKind.VIDEO, LearningKind.OFFICE_HOURS)
    ]
    facts.prototypes += [
        Prototype(
            initiative_id=INITIATIVE_ID,
            stage=stage,
            title=stage.label,
            status=Status.DONE,
            started_on=date(2026, 2, 25 + n),
        )
        for n, stage in enumerate((Stage.WORKFLOW_DIAGRAM, Stage.MANUAL_PROCESS))
    ]
    return facts


# -- the registry ----------------------------------------------------------------------


def test_rules_have_unique_keys_and_descriptions() -> None:
    keys = [rule.key for rule in RULES]
    assert len(keys) == len(set(keys)) == 20
    assert all(rule.description for rule in RULES)


def test_a_healthy_initiative_has_no_findings() -> None:
    assert diagnose(healthy_evaluated()) == []


def test_findings_come_in_the_order_of_the_rules() -> None:
    facts = make_facts(Step.EVALUATE)
    facts.groups.clear()
    facts.metrics.append(metric("Logins per week", MetricKind.USAGE, baseline=None))
    facts.cohorts.append(cohort(CohortScope.ORGANIZATION, TODAY - timedelta(days=3)))
    order = [rule.key for rule in RULES]
    found = [f.rule for f in diagnose(facts)]
    assert found == sorted(found, key=order.index)
    assert found[:3] == ["no-group-outside-product", "usage-metric", "no-baseline"]


def test_every_finding_explains_itself() -> None:
    facts = make_facts(Step.EVALUATE)
    facts.groups.clear()
    facts.cohorts.append(cohort(CohortScope.ORGANIZATION, TODAY, CohortStage.RUNNING))
    for finding in diagnose(facts):
        assert finding.title and finding.seen and finding.why and finding.todo


# -- nobody outside product ------------------------------------------------------------


def test_no_groups_at_all_fires() -> None:
    facts = make_facts(Step.DEFINE_SUCCESS)
    facts.groups.clear()
    [finding] = fired(facts, "no-group-outside-product")
    assert finding.title == "No affected groups recorded"
    assert finding.severity is Severity.WARNING


def test_no_groups_is_only_info_while_discovery_is_under_way() -> None:
    facts = make_facts(Step.IDENTIFY_PROBLEM)
    facts.groups.clear()
    [finding] = fired(facts, "no-group-outside-product")
    assert finding.severity is Severity.INFO


def test_only_product_affected_fires() -> None:
    facts = make_facts()
    facts.groups = [AffectedGroup(initiative_id=INITIATIVE_ID, group=Group.PRODUCT)]
    [finding] = fired(facts, "no-group-outside-product")
    assert "product" in finding.seen


@pytest.mark.parametrize("group", [g for g in Group if g is not Group.PRODUCT])
def test_any_group_outside_product_is_enough(group: Group) -> None:
    facts = make_facts()
    facts.groups = [AffectedGroup(initiative_id=INITIATIVE_ID, group=group)]
    assert fired(facts, "no-group-outside-product") == []


# -- usage metrics ---------------------------------------------------------------------


def test_usage_kind_metric_fires_and_names_it() -> None:
    facts = make_facts()
    facts.metrics.append(metric("Weekly bookings", MetricKind.USAGE))
    [finding] = fired(facts, "usage-metric")
    assert "Weekly bookings" in finding.seen
    assert "measure problems solved with the tool" in finding.todo


def test_usage_word_in_an_outcome_metric_fires_with_the_guides_example() -> None:
    facts = make_facts()
    facts.metrics.append(metric("Meeting attendance", MetricKind.OUTCOME))
    [finding] = fired(facts, "usage-metric")
    assert "Meeting attendance" in finding.seen
    assert "alignment" in finding.todo


def test_one_finding_per_usage_metric() -> None:
    facts = make_facts()
    facts.metrics += [metric("Logins"), metric("Documents created"), metric("Time to decide")]
    assert len(fired(facts, "usage-metric")) == 2


@pytest.mark.parametrize("kind", [MetricKind.OUTCOME, MetricKind.LEADING, MetricKind.SENTIMENT])
def test_outcome_metrics_do_not_fire(kind: MetricKind) -> None:
    facts = make_facts()
    facts.metrics.append(metric("Days to schedule an interview", kind))
    assert fired(facts, "usage-metric") == []


# -- baseline --------------------------------------------------------------------------


def test_no_metric_at_step_3_fires() -> None:
    facts = make_facts(Step.VALIDATE)
    [finding] = fired(facts, "no-baseline")
    assert finding.seen == "No metric is recorded yet."
    assert finding.severity is Severity.WARNING


def test_metric_without_baseline_fires_and_names_it() -> None:
    facts = make_facts(Step.VALIDATE)
    facts.metrics.append(metric("Time to first interview", baseline=None))
    [finding] = fired(facts, "no-baseline")
    assert "Time to first interview" in finding.seen


def test_primary_metric_without_baseline_fires_even_if_another_has_one() -> None:
    facts = make_facts(Step.VALIDATE)
    facts.metrics += [metric("Survey score"), metric("Days waited", baseline=None, primary=True)]
    [finding] = fired(facts, "no-baseline")
    assert "Days waited" in finding.seen


def test_missing_baseline_is_info_while_step_2_is_the_work() -> None:
    [finding] = fired(make_facts(Step.DEFINE_SUCCESS), "no-baseline")
    assert finding.severity is Severity.INFO


def test_no_baseline_is_fine_at_step_1() -> None:
    assert fired(make_facts(Step.IDENTIFY_PROBLEM), "no-baseline") == []


def test_baseline_on_the_primary_metric_is_enough() -> None:
    facts = make_facts(Step.EVALUATE)
    facts.metrics += [metric(primary=True), metric("Other", baseline=None)]
    assert fired(facts, "no-baseline") == []


# -- validation ------------------------------------------------------------------------


def test_step_4_without_a_metrics_vote_fires() -> None:
    [finding] = fired(make_facts(Step.SELECT_INFRASTRUCTURE), "validation-skipped")
    assert "No vote on the metrics" in finding.seen


def test_a_failed_metrics_vote_does_not_count() -> None:
    facts = make_facts(Step.SELECT_INFRASTRUCTURE)
    held = session(SessionKind.VALIDATION)
    facts.sessions.append(held)
    facts.proposals.append(vote(held, outcome=Outcome.FAILED, title="Days waited is right"))
    [finding] = fired(facts, "validation-skipped")
    assert "“Days waited is right” did not pass" in finding.seen


def test_an_open_metrics_vote_does_not_count() -> None:
    facts = make_facts(Step.SELECT_INFRASTRUCTURE)
    held = session(SessionKind.VALIDATION, SessionState.LIVE)
    facts.sessions.append(held)
    facts.proposals.append(vote(held, outcome=None))
    [finding] = fired(facts, "validation-skipped")
    assert "still open" in finding.seen


def test_a_reopened_metrics_vote_does_not_count_until_closed_again() -> None:
    facts = make_facts(Step.SELECT_INFRASTRUCTURE)
    held = session(SessionKind.VALIDATION, SessionState.LIVE)
    facts.sessions.append(held)
    reopened = vote(held)
    reopened.status = ProposalStatus.OPEN
    facts.proposals.append(reopened)
    assert len(fired(facts, "validation-skipped")) == 1


def test_a_passed_vote_on_another_subject_does_not_count() -> None:
    facts = make_facts(Step.SELECT_INFRASTRUCTURE)
    held = session(SessionKind.VALIDATION)
    facts.sessions.append(held)
    facts.proposals.append(vote(held, subject=ProposalSubject.SOLUTION))
    assert len(fired(facts, "validation-skipped")) == 1


def test_a_passed_metrics_vote_satisfies_it() -> None:
    assert fired(validated(make_facts(Step.SELECT_INFRASTRUCTURE)), "validation-skipped") == []


def test_a_passed_metrics_vote_in_any_session_kind_counts() -> None:
    facts = make_facts(Step.SELECT_INFRASTRUCTURE)
    held = session(SessionKind.CUSTOM)
    facts.sessions.append(held)
    facts.proposals.append(vote(held))
    assert fired(facts, "validation-skipped") == []


def test_validation_is_not_expected_before_step_4() -> None:
    assert fired(make_facts(Step.VALIDATE), "validation-skipped") == []


# -- rollout without pilot -------------------------------------------------------------


def test_organization_cohort_without_pilot_fires() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.cohorts.append(cohort(CohortScope.ORGANIZATION, date(2026, 4, 1)))
    [finding] = fired(facts, "rollout-without-pilot")
    assert "2026-04-01" in finding.seen


def test_rolled_out_on_without_pilot_fires() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND, rolled_out_on=date(2026, 4, 1))
    assert len(fired(facts, "rollout-without-pilot")) == 1


def test_a_pilot_starting_after_the_rollout_does_not_count() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.cohorts += [
        cohort(CohortScope.ORGANIZATION, date(2026, 4, 1)),
        cohort(CohortScope.TEAMS, date(2026, 4, 1)),
    ]
    assert len(fired(facts, "rollout-without-pilot")) == 1


def test_a_running_organization_cohort_without_date_counts_as_rollout() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.cohorts.append(cohort(CohortScope.ORGANIZATION, None, CohortStage.RUNNING))
    assert len(fired(facts, "rollout-without-pilot")) == 1


def test_an_earlier_pilot_satisfies_it() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.cohorts += [
        cohort(CohortScope.PERSON, date(2026, 3, 1), CohortStage.ENDED, name="Ana"),
        cohort(CohortScope.ORGANIZATION, date(2026, 4, 1)),
    ]
    assert fired(facts, "rollout-without-pilot") == []


def test_a_planned_organization_cohort_is_not_a_rollout_yet() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.cohorts.append(cohort(CohortScope.ORGANIZATION, None, CohortStage.PLANNED))
    assert fired(facts, "rollout-without-pilot") == []


# -- pilot without feedback ------------------------------------------------------------


@pytest.mark.parametrize("stage", [CohortStage.EXPANDED, CohortStage.ENDED])
def test_pilot_past_running_without_feedback_warns(stage: CohortStage) -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.cohorts.append(cohort(CohortScope.TEAMS, date(2026, 3, 1), stage))
    [finding] = fired(facts, "pilot-without-feedback")
    assert "Team Atlas" in finding.seen
    assert finding.severity is Severity.WARNING


def test_a_running_pilot_without_feedback_is_info() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.cohorts.append(cohort(CohortScope.PERSON, date(2026, 3, 1), CohortStage.RUNNING))
    [finding] = fired(facts, "pilot-without-feedback")
    assert finding.severity is Severity.INFO


def test_an_ended_pilot_session_without_feedback_warns() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.sessions.append(session(SessionKind.PILOT))
    [finding] = fired(facts, "pilot-without-feedback")
    assert finding.seen.startswith("1 pilot session ended")
    assert finding.severity is Severity.WARNING


def test_feedback_in_another_kind_of_session_does_not_count() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    discovery = session(SessionKind.DISCOVERY)
    facts.sessions += [discovery, session(SessionKind.PILOT)]
    facts.feedback.append(remark(discovery))
    assert len(fired(facts, "pilot-without-feedback")) == 1


def test_feedback_in_a_pilot_session_satisfies_it() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    pilot = session(SessionKind.PILOT)
    facts.sessions.append(pilot)
    facts.cohorts.append(cohort(CohortScope.TEAMS, date(2026, 3, 1), CohortStage.ENDED))
    facts.feedback.append(remark(pilot))
    assert fired(facts, "pilot-without-feedback") == []


def test_a_planned_pilot_needs_no_feedback_yet() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.cohorts.append(cohort(CohortScope.TEAMS, None, CohortStage.PLANNED))
    facts.sessions.append(session(SessionKind.PILOT, SessionState.PLANNED, started=None))
    assert fired(facts, "pilot-without-feedback") == []


# -- evaluating too early --------------------------------------------------------------


def test_an_evaluation_soon_after_rollout_fires() -> None:
    facts = make_facts(Step.EVALUATE, rolled_out_on=date(2026, 4, 1))
    facts.sessions.append(session(SessionKind.EVALUATION, started=date(2026, 4, 13), title="Q2"))
    [finding] = fired(facts, "evaluated-too-early")
    assert "“Q2” was held 12 days after the rollout on 2026-04-01" in finding.seen
    assert "2026-05-01" in finding.todo


def test_an_evaluation_before_the_rollout_fires() -> None:
    facts = make_facts(Step.EVALUATE, rolled_out_on=date(2026, 4, 1))
    facts.sessions.append(session(SessionKind.EVALUATION, started=date(2026, 3, 29)))
    [finding] = fired(facts, "evaluated-too-early")
    assert "3 days before" in finding.seen


def test_the_organization_cohort_start_counts_as_rollout() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.cohorts.append(cohort(CohortScope.ORGANIZATION, date(2026, 4, 1)))
    facts.sessions.append(session(SessionKind.EVALUATION, started=date(2026, 4, 2)))
    assert len(fired(facts, "evaluated-too-early")) == 1


def test_step_6_reached_soon_after_rollout_fires() -> None:
    facts = make_facts(Step.EVALUATE, rolled_out_on=TODAY - timedelta(days=10))
    [finding] = fired(facts, "evaluated-too-early")
    assert "10 days after" in finding.seen


def test_an_evaluation_after_the_wait_is_fine() -> None:
    rolled = date(2026, 4, 1)
    facts = make_facts(Step.EVALUATE, rolled_out_on=rolled)
    started = rolled + timedelta(days=EVALUATION_WAIT_DAYS)
    facts.sessions.append(session(SessionKind.EVALUATION, started=started))
    assert fired(facts, "evaluated-too-early") == []


def test_a_planned_evaluation_is_not_held() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND, rolled_out_on=date(2026, 5, 25))
    facts.sessions.append(session(SessionKind.EVALUATION, SessionState.PLANNED, started=None))
    assert fired(facts, "evaluated-too-early") == []


@given(days=st.integers(min_value=-400, max_value=400))
def test_too_early_exactly_when_less_than_the_wait(days: int) -> None:
    rolled = date(2026, 4, 1)
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND, rolled_out_on=rolled)
    facts.sessions.append(session(SessionKind.EVALUATION, started=rolled + timedelta(days=days)))
    assert bool(fired(facts, "evaluated-too-early")) == (days < EVALUATION_WAIT_DAYS)


# -- results shared --------------------------------------------------------------------


def test_evaluated_but_never_shared_fires() -> None:
    facts = healthy_evaluated()
    facts.initiative.results_shared_on = None
    [finding] = fired(facts, "results-not-shared")
    assert finding.seen.startswith("1 evaluation session ended")


def test_only_the_recorded_day_counts_as_sharing() -> None:
    facts = healthy_evaluated()
    facts.initiative.results_shared_on = None
    assert [f.rule for f in fired(facts, "results-not-shared")] == ["results-not-shared"]


def test_no_ended_evaluation_means_nothing_to_share_yet() -> None:
    facts = make_facts(Step.EVALUATE)
    facts.sessions.append(session(SessionKind.EVALUATION, SessionState.LIVE))
    assert fired(facts, "results-not-shared") == []


def test_results_are_not_expected_before_step_6() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.sessions.append(session(SessionKind.EVALUATION))
    assert fired(facts, "results-not-shared") == []


# -- step outputs and moving on --------------------------------------------------------


def test_no_step_has_its_output_on_a_blank_initiative() -> None:
    facts = make_facts()
    assert [step_output_present(facts, step) for step in Step] == [False] * 6


def test_every_step_has_its_output_on_a_healthy_initiative() -> None:
    facts = healthy_evaluated()
    assert all(step_output_present(facts, step) for step in Step)


def test_step_2_needs_both_vision_and_baseline() -> None:
    facts = make_facts(vision="Nobody waits")
    assert not step_output_present(facts, Step.DEFINE_SUCCESS)
    facts.metrics.append(metric(baseline=None))
    assert not step_output_present(facts, Step.DEFINE_SUCCESS)
    facts.metrics.append(metric(baseline=3.0, primary=True))
    assert step_output_present(facts, Step.DEFINE_SUCCESS)


def test_step_3_needs_the_metrics_agreed_not_only_the_problem() -> None:
    """The step bar and the move dialog read one rule: a passed problem vote is not it."""
    facts = make_facts(Step.VALIDATE)
    held = session(SessionKind.VALIDATION)
    facts.sessions.append(held)
    facts.proposals.append(vote(held, subject=ProposalSubject.PROBLEM))
    facts.proposals.append(vote(held, subject=ProposalSubject.METRIC, outcome=Outcome.FAILED))
    assert not step_output_present(facts, Step.VALIDATE)
    assert [f.rule for f in step_warning(facts, Step.SELECT_INFRASTRUCTURE)] == [
        "missing-metric-vote"
    ]
    facts.proposals.append(vote(held, subject=ProposalSubject.METRIC))
    assert step_output_present(facts, Step.VALIDATE)
    assert step_warning(facts, Step.SELECT_INFRASTRUCTURE) == []


def test_step_5_needs_a_started_pilot_not_only_a_rollout_date() -> None:
    facts = make_facts()
    facts.cohorts.append(cohort(CohortScope.TEAMS, None, CohortStage.PLANNED))
    assert not step_output_present(facts, Step.PROTOTYPE_AND_EXPAND)
    facts.initiative.rolled_out_on = date(2026, 4, 1)
    assert not step_output_present(facts, Step.PROTOTYPE_AND_EXPAND)
    piloted = make_facts()
    piloted.cohorts.append(cohort(CohortScope.PERSON, date(2026, 3, 1), CohortStage.RUNNING))
    assert step_output_present(piloted, Step.PROTOTYPE_AND_EXPAND)


def test_step_6_needs_an_ended_evaluation_and_lessons() -> None:
    facts = make_facts(lessons_learned="Smaller steps")
    facts.sessions.append(session(SessionKind.EVALUATION, SessionState.LIVE))
    assert not step_output_present(facts, Step.EVALUATE)
    facts.sessions.append(session(SessionKind.EVALUATION))
    assert step_output_present(facts, Step.EVALUATE)


def test_moving_from_1_to_6_on_a_blank_initiative_lists_every_gap() -> None:
    found = [f.rule for f in step_warning(make_facts(), Step.EVALUATE)]
    assert found == [
        "missing-root-cause",
        "missing-vision",
        "missing-baseline",
        "missing-metric-vote",
        "missing-solution",
        "missing-pilot",
    ]


def test_moving_one_step_only_checks_the_step_left() -> None:
    facts = make_facts(Step.VALIDATE)
    [finding] = step_warning(facts, Step.SELECT_INFRASTRUCTURE)
    assert finding.rule == "missing-metric-vote"
    assert finding.title.startswith("Leaving step 3")


def test_moving_past_2_with_vision_but_no_baseline() -> None:
    facts = make_facts(Step.DEFINE_SUCCESS, vision="Nobody waits")
    facts.metrics.append(metric(baseline=None))
    [finding] = step_warning(facts, Step.VALIDATE)
    assert finding.rule == "missing-baseline"
    assert finding.seen == "No main metric with a baseline value is recorded."


def test_moving_past_5_with_only_a_broad_rollout_warns_of_no_pilot() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.cohorts.append(cohort(CohortScope.ORGANIZATION, date(2026, 4, 1)))
    assert [f.rule for f in step_warning(facts, Step.EVALUATE)] == ["missing-pilot"]


def test_moving_on_with_every_output_present_is_quiet() -> None:
    facts = healthy_evaluated()
    facts.initiative.step = Step.IDENTIFY_PROBLEM
    assert step_warning(facts, Step.EVALUATE) == []


@pytest.mark.parametrize("target", list(Step))
def test_moving_back_or_staying_never_warns(target: Step) -> None:
    facts = make_facts(Step.EVALUATE)
    assert step_warning(facts, target) == []
