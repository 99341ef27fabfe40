"""Rules that used to live in two places and gave two answers: each now has one home.

Every test here puts two readers of a rule side by side (the live screen and the
exported notes, the step bar and the move dialog, the dashboard and the chart) on the
case where they once disagreed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from opstui.domain.carried_over import carried_over
from opstui.domain.checklist import evaluate
from opstui.domain.cohorts import has_started, started_pilots
from opstui.domain.doctor import diagnose
from opstui.domain.evidence import pilot_started
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import CohortScope, CohortStage, Initiative, PilotCohort
from opstui.domain.initiative_summary import summarize_initiative
from opstui.domain.latest_session import latest_session
from opstui.domain.metrics import Cohort, Direction, Metric, Reading, describe_progress, progress
from opstui.domain.session import ActionItem, Session, SessionKind, SessionState
from opstui.domain.step_outputs import step_output_present, step_warning
from opstui.domain.steps import Step
from opstui.domain.vote_visibility import can_revote, choices_shown, counts_shown
from opstui.domain.voting import (
    Outcome,
    Proposal,
    ProposalStatus,
    ProposalSubject,
    VoteMethod,
)
from opstui.export.bundle import SessionBundle

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def facts_of(initiative: Initiative) -> InitiativeFacts:
    return InitiativeFacts(initiative=initiative, today=date(2026, 3, 10))


def session(initiative: Initiative, **changes: object) -> Session:
    data: dict[str, object] = {
        "initiative_id": initiative.id,
        "playbook_key": "validation",
        "kind": SessionKind.VALIDATION,
        "title": "Validation",
        "state": SessionState.ENDED,
        "started_at": T0,
        "ended_at": T0 + timedelta(hours=1),
    }
    data.update(changes)
    return Session.model_validate(data)


def test_a_planned_session_carries_the_same_actions_live_and_in_its_notes() -> None:
    """A session planned for a past day, not begun: the export once cut at the plan."""
    initiative = Initiative(title="Interviews")
    planned = session(
        initiative, state=SessionState.PLANNED, started_at=None, ended_at=None, planned_at=T0
    )
    facts = facts_of(initiative)
    facts.sessions.append(planned)
    before = ActionItem(initiative_id=initiative.id, text="Old", created_at=T0 - timedelta(days=2))
    since = ActionItem(initiative_id=initiative.id, text="New", created_at=T0 + timedelta(days=1))
    facts.actions += [before, since]
    live = carried_over(facts.actions, planned)
    notes = SessionBundle(facts, planned, []).carried_over()
    assert [a.text for a in live] == [a.text for a in notes] == ["Old", "New"]


def test_an_action_made_at_the_very_start_is_carried_by_both() -> None:
    initiative = Initiative(title="Interviews")
    begun = session(initiative)
    facts = facts_of(initiative)
    facts.sessions.append(begun)
    facts.actions.append(ActionItem(initiative_id=initiative.id, text="Same", created_at=T0))
    live = carried_over(facts.actions, begun)
    notes = SessionBundle(facts, begun, []).carried_over()
    assert [a.text for a in live] == [a.text for a in notes] == ["Same"]


def metric_vote(held: Session, outcome: Outcome, subject: ProposalSubject) -> Proposal:
    return Proposal(
        session_id=held.id,
        title="These metrics",
        subject=subject,
        status=ProposalStatus.CLOSED,
        outcome=outcome,
        revealed=True,
    )


def test_after_a_failed_metrics_vote_the_step_bar_and_move_dialog_agree() -> None:
    initiative = Initiative(title="Interviews", step=Step.VALIDATE)
    facts = facts_of(initiative)
    held = session(initiative)
    facts.sessions.append(held)
    facts.proposals += [
        metric_vote(held, Outcome.PASSED, ProposalSubject.PROBLEM),
        metric_vote(held, Outcome.FAILED, ProposalSubject.METRIC),
    ]
    bar_says_there = step_output_present(facts, Step.VALIDATE)
    dialog_says_missing = bool(step_warning(facts, Step.SELECT_INFRASTRUCTURE))
    assert bar_says_there is not dialog_says_missing
    assert not bar_says_there


def test_the_checklist_and_the_doctor_read_one_baseline() -> None:
    """A baseline on a side metric: neither ticks it nor passes it."""
    initiative = Initiative(title="Interviews", step=Step.VALIDATE, vision="Nobody waits")
    facts = facts_of(initiative)
    facts.metrics += [
        Metric(initiative_id=initiative.id, name="Days waited"),
        Metric(initiative_id=initiative.id, name="Side", baseline_value=3.0),
    ]
    ticked = {s.item.key for s in evaluate(facts) if s.done and s.auto}
    warned = {f.rule for f in diagnose(facts)}
    assert "baseline" not in ticked
    assert "no-baseline" in warned
    assert not step_output_present(facts, Step.DEFINE_SUCCESS)


def test_exporting_is_not_sharing_results() -> None:
    """Only the recorded day ticks "share the results"; the doctor says the same."""
    initiative = Initiative(title="Interviews", step=Step.EVALUATE)
    facts = facts_of(initiative)
    facts.sessions.append(session(initiative, kind=SessionKind.EVALUATION))
    ticked = {s.item.key for s in evaluate(facts) if s.done and s.auto}
    assert "share-results" not in ticked
    assert "results-not-shared" in {f.rule for f in diagnose(facts)}
    facts.initiative.results_shared_on = date(2026, 3, 9)
    ticked = {s.item.key for s in evaluate(facts) if s.done and s.auto}
    assert "share-results" in ticked
    assert "results-not-shared" not in {f.rule for f in diagnose(facts)}


def test_on_track_is_judged_on_the_same_day_everywhere() -> None:
    """Progress always takes the day it is judged on; the dashboard passes facts.today."""
    initiative = Initiative(title="Interviews")
    facts = facts_of(initiative)
    metric = Metric(
        initiative_id=initiative.id,
        name="Interviews",
        direction=Direction.HIGHER,
        baseline_value=0.0,
        baseline_on=date(2026, 1, 1),
        target_value=10.0,
        target_on=date(2026, 12, 31),
        primary=True,
    )
    facts.metrics.append(metric)
    facts.readings.append(
        Reading(metric_id=metric.id, taken_on=date(2026, 2, 1), value=1.0, cohort=Cohort.ALL)
    )
    dashboard = summarize_initiative(facts).metric_progress
    chart = progress(metric, facts.readings, today=facts.today)
    assert dashboard == chart
    assert describe_progress(metric, dashboard) == describe_progress(metric, chart)


def test_a_cohort_started_without_a_date_counts_everywhere() -> None:
    """Running, undated: the step bar, the checklist and the doctor all see a pilot."""
    initiative = Initiative(title="Interviews", step=Step.PROTOTYPE_AND_EXPAND)
    facts = facts_of(initiative)
    running = PilotCohort(
        initiative_id=initiative.id,
        name="Team Atlas",
        scope=CohortScope.TEAMS,
        stage=CohortStage.RUNNING,
    )
    facts.cohorts.append(running)
    assert has_started(running, facts.today)
    assert started_pilots(facts.cohorts, facts.today) == [running]
    assert pilot_started(facts) is not None
    assert step_output_present(facts, Step.PROTOTYPE_AND_EXPAND)
    assert "missing-pilot" not in {f.rule for f in step_warning(facts, Step.EVALUATE)}


def test_a_cohort_dated_in_the_future_has_not_started_whatever_its_stage() -> None:
    initiative = Initiative(title="Interviews", step=Step.PROTOTYPE_AND_EXPAND)
    facts = facts_of(initiative)
    facts.cohorts.append(
        PilotCohort(
            initiative_id=initiative.id,
            name="Later",
            scope=CohortScope.TEAMS,
            stage=CohortStage.RUNNING,
            started_on=date(2026, 4, 1),
        )
    )
    assert not step_output_present(facts, Step.PROTOTYPE_AND_EXPAND)


def test_latest_session_ignores_planned_ones_on_the_dashboard_and_for_people() -> None:
    initiative = Initiative(title="Interviews")
    held = session(initiative, title="Held")
    planned = session(
        initiative,
        title="Planned",
        state=SessionState.PLANNED,
        started_at=None,
        ended_at=None,
        planned_at=T0 + timedelta(days=30),
    )
    facts = facts_of(initiative)
    facts.sessions += [held, planned]
    assert latest_session(facts.sessions) == held
    assert summarize_initiative(facts).last_session_on == T0.date()


def test_a_blind_round_shows_no_choice_and_cannot_be_revoted_unseen() -> None:
    blind = Proposal(session_id="s", title="Go?", method=VoteMethod.FIST_OF_FIVE)
    assert not counts_shown(blind) and not choices_shown(blind) and not can_revote(blind)
    revealed = blind.model_copy(update={"revealed": True})
    assert counts_shown(revealed) and choices_shown(revealed) and can_revote(revealed)
    secret = revealed.model_copy(update={"anonymous": True})
    assert counts_shown(secret) and not choices_shown(secret)
    second = revealed.model_copy(update={"round": 2, "revealed": False})
    assert counts_shown(second, 1) and not counts_shown(second)


def test_overdue_is_one_rule_for_the_live_screen_the_actions_tab_and_the_report() -> None:
    today = date(2026, 3, 10)
    due = ActionItem(initiative_id="i", text="Send", due_on=date(2026, 3, 9))
    assert due.overdue(today)
    assert not due.model_copy(update={"done": True}).overdue(today)
    assert not due.overdue(date(2026, 3, 9))  # due today is not late yet
    assert not due.model_copy(update={"due_on": None}).overdue(today)


def test_the_report_and_the_live_prefill_take_the_same_latest_readiness() -> None:
    """Two assessments of one day: the report once took the greater id, not the later one."""
    from opstui.domain.initiative_fills import prefilled
    from opstui.domain.playbook import builtin_playbooks
    from opstui.domain.session import ReadinessAssessment
    from opstui.export.bundle import InitiativeBundle
    from opstui.export.initiative_report import latest_readiness

    initiative = Initiative(title="Interviews")
    day = {"initiative_id": initiative.id, "assessed_on": date(2026, 3, 9)}
    rest = {"consensus": 3, "skills": 3, "incentives": 3, "resources": 3, "action_plan": 3}
    first = ReadinessAssessment.model_validate({"id": "f" * 8, "vision": 1, **day, **rest})
    later = ReadinessAssessment.model_validate({"id": "0" * 8, "vision": 5, **day, **rest})
    facts = facts_of(initiative)
    facts.readiness = [first, later]  # as stored: by date, then as written
    template = next(b for b in builtin_playbooks() if b.key == "readiness").templates[0]
    assert latest_readiness(InitiativeBundle(facts)) is later
    assert prefilled(template, initiative, facts.readiness, "a session")["vision"] == 5
