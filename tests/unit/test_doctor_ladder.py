"""The doctor's rules about the prototype ladder: each fires on the mistake it names,
says why and what to do, and stays quiet otherwise."""

from __future__ import annotations

from datetime import date

import pytest

from opstui.domain.doctor import diagnose
from opstui.domain.doctor_ladder import check_automation_before_manual, check_no_prototype
from opstui.domain.facts import InitiativeFacts
from opstui.domain.findings import Severity
from opstui.domain.initiative import CohortScope, CohortStage, Initiative, PilotCohort
from opstui.domain.prototypes import Prototype, Stage, Status
from opstui.domain.steps import Step

TODAY = date(2026, 6, 1)
ID = "ini-ladder"


def make_facts(step: Step, *prototypes: Prototype) -> InitiativeFacts:
    return InitiativeFacts(
        initiative=Initiative(id=ID, title="Booking page", step=step),
        prototypes=list(prototypes),
        today=TODAY,
    )


def proto(stage: Stage, status: Status, started: date | None = None, title: str = "P") -> Prototype:
    return Prototype(initiative_id=ID, stage=stage, title=title, status=status, started_on=started)


def keys(facts: InitiativeFacts) -> set[str]:
    return {f.rule for f in diagnose(facts)}


def test_automation_with_no_manual_process_is_warned_with_why_and_what_to_do() -> None:
    facts = make_facts(
        Step.PROTOTYPE_AND_EXPAND,
        proto(Stage.WORKFLOW_DIAGRAM, Status.DONE, date(2026, 2, 1)),
        proto(Stage.AUTOMATION, Status.TRYING, date(2026, 3, 1), "Calendar [bold]bot[/]"),
    )
    [finding] = check_automation_before_manual(facts)
    assert finding.rule == "automation-before-manual"
    assert finding.severity is Severity.WARNING
    assert "“Calendar [bold]bot[/]” is trying" in finding.seen
    assert "no manual-process prototype has been tried" in finding.seen
    assert "different assumptions" in finding.why and "flaws" in finding.why
    assert "by hand" in finding.todo and "Prototypes tab" in finding.todo
    assert "automation-before-manual" in keys(facts)


def test_automation_started_before_the_manual_process_names_both_days() -> None:
    facts = make_facts(
        Step.PROTOTYPE_AND_EXPAND,
        proto(Stage.AUTOMATION, Status.DONE, date(2026, 2, 1), "Bot"),
        proto(Stage.MANUAL_PROCESS, Status.DONE, date(2026, 3, 1), "Booking by hand"),
    )
    [finding] = check_automation_before_manual(facts)
    assert "started on 2026-02-01" in finding.seen
    assert "“Booking by hand”, started on 2026-03-01" in finding.seen


@pytest.mark.parametrize(
    "prototypes",
    [
        pytest.param((), id="no ladder"),
        pytest.param(
            (
                proto(Stage.MANUAL_PROCESS, Status.DONE, date(2026, 2, 1)),
                proto(Stage.AUTOMATION, Status.TRYING, date(2026, 3, 1)),
            ),
            id="by hand first",
        ),
        pytest.param((proto(Stage.AUTOMATION, Status.PLANNED),), id="automation planned"),
        pytest.param(
            (proto(Stage.AUTOMATION, Status.DROPPED, date(2026, 1, 1)),), id="automation dropped"
        ),
    ],
)
def test_automation_after_the_process_by_hand_is_not_warned(
    prototypes: tuple[Prototype, ...],
) -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND, *prototypes)
    assert check_automation_before_manual(facts) == []


def test_at_evaluation_an_empty_ladder_earns_a_gentle_note() -> None:
    facts = make_facts(Step.EVALUATE)
    [finding] = check_no_prototype(facts)
    assert (finding.rule, finding.severity) == ("no-prototype", Severity.INFO)
    assert "step 6 Evaluate" in finding.seen
    assert "Prototypes tab" in finding.todo and "workflow diagram" in finding.todo


def test_rolled_out_before_evaluation_with_an_empty_ladder_earns_it_too() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.cohorts = [
        PilotCohort(
            initiative_id=ID,
            name="Everyone",
            scope=CohortScope.ORGANIZATION,
            stage=CohortStage.RUNNING,
            started_on=date(2026, 5, 1),
        )
    ]
    [finding] = check_no_prototype(facts)
    assert "rolled out to everyone" in finding.seen


@pytest.mark.parametrize("step", [Step.SELECT_INFRASTRUCTURE, Step.PROTOTYPE_AND_EXPAND])
def test_no_note_before_the_work_is_past_prototyping(step: Step) -> None:
    assert check_no_prototype(make_facts(step)) == []


def test_no_note_once_any_prototype_is_recorded() -> None:
    facts = make_facts(Step.EVALUATE, proto(Stage.WORKFLOW_DIAGRAM, Status.PLANNED))
    assert check_no_prototype(facts) == []
