"""The prototype ladder's record and rules: validation, the order of the ladder, the rungs
tried, and when automation comes before the process was tried by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from opstui.domain.prototypes import (
    EarlyAutomation,
    Prototype,
    Stage,
    Status,
    automation_before_manual,
    ladder,
    ordered,
    tried_stages,
)

T0 = datetime(2026, 1, 1, 9, 0)


def proto(
    stage: Stage,
    status: Status = Status.DONE,
    started: date | None = None,
    *,
    title: str = "A prototype",
    n: int = 0,
) -> Prototype:
    return Prototype(
        initiative_id="i1",
        stage=stage,
        title=title,
        status=status,
        started_on=started,
        created_at=T0 + timedelta(minutes=n),
    )


def test_stages_climb_in_the_methods_order_with_labels() -> None:
    assert [s.rank for s in Stage] == [1, 2, 3, 4]
    assert [s.label for s in Stage] == [
        "Workflow diagram",
        "Documentation",
        "Manual process",
        "Automation",
    ]
    assert all(s.tests for s in Stage)


def test_only_trying_and_done_count_as_tried() -> None:
    assert {s for s in Status if s.tried} == {Status.TRYING, Status.DONE}


@pytest.mark.parametrize("title", ["", "   ", "\x1b\x07", "\t\n"])
def test_a_title_must_say_something(title: str) -> None:
    with pytest.raises(ValidationError):
        Prototype(initiative_id="i1", stage=Stage.DOCUMENTATION, title=title)


def test_control_characters_and_markup_are_kept_as_data_without_controls() -> None:
    p = Prototype(
        initiative_id="i1",
        stage=Stage.DOCUMENTATION,
        title="Guide \x1b]52;c;aGk=\x07[bold red]x[/]",
        assumption="PMs read it\x9b31m\nbefore the call",
    )
    assert "\x1b" not in p.title and "\x07" not in p.title and "\x9b" not in p.assumption
    assert "[bold red]x[/]" in p.title
    assert "\n" in p.assumption


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(ValidationError, match="end before it started"):
        Prototype(
            initiative_id="i1",
            stage=Stage.MANUAL_PROCESS,
            title="By hand",
            status=Status.DONE,
            started_on=date(2026, 3, 2),
            ended_on=date(2026, 3, 1),
        )
    same_day = Prototype(
        initiative_id="i1",
        stage=Stage.MANUAL_PROCESS,
        title="By hand",
        status=Status.DONE,
        started_on=date(2026, 3, 2),
        ended_on=date(2026, 3, 2),
    )
    assert same_day.ended_on == same_day.started_on


def test_a_planned_prototype_has_no_end_date() -> None:
    with pytest.raises(ValidationError, match="planned prototype"):
        Prototype(
            initiative_id="i1",
            stage=Stage.AUTOMATION,
            title="Bot",
            ended_on=date(2026, 3, 1),
        )


def test_the_ladder_has_four_rungs_in_order_each_by_start_date() -> None:
    late = proto(Stage.DOCUMENTATION, started=date(2026, 3, 1), title="late", n=1)
    early = proto(Stage.DOCUMENTATION, started=date(2026, 2, 1), title="early", n=2)
    undated = proto(Stage.DOCUMENTATION, Status.PLANNED, title="undated", n=0)
    diagram = proto(Stage.WORKFLOW_DIAGRAM, started=date(2026, 4, 1), title="diagram", n=3)
    rungs = ladder([undated, late, diagram, early])
    assert [r.stage for r in rungs] == list(Stage)
    assert [p.title for p in rungs[0].prototypes] == ["diagram"]
    assert [p.title for p in rungs[1].prototypes] == ["early", "late", "undated"]
    assert rungs[2].prototypes == () and rungs[3].prototypes == ()
    assert [r.tried for r in rungs] == [True, True, False, False]


def test_the_rungs_tried_are_those_with_a_prototype_trying_or_done() -> None:
    found = [
        proto(Stage.WORKFLOW_DIAGRAM, Status.DONE),
        proto(Stage.DOCUMENTATION, Status.TRYING),
        proto(Stage.MANUAL_PROCESS, Status.PLANNED),
        proto(Stage.AUTOMATION, Status.DROPPED),
    ]
    assert tried_stages(found) == {Stage.WORKFLOW_DIAGRAM, Stage.DOCUMENTATION}
    assert tried_stages([]) == set()


# -- automation before the process was tried by hand --------------------------------


def test_automation_tried_with_no_manual_process_is_early() -> None:
    bot = proto(Stage.AUTOMATION, Status.TRYING, date(2026, 3, 1))
    diagram = proto(Stage.WORKFLOW_DIAGRAM, Status.DONE, date(2026, 1, 1))
    planned_manual = proto(Stage.MANUAL_PROCESS, Status.PLANNED)
    assert automation_before_manual([diagram, bot, planned_manual]) == EarlyAutomation(bot, None)


def test_automation_started_before_the_first_manual_process_is_early() -> None:
    bot = proto(Stage.AUTOMATION, Status.DONE, date(2026, 2, 1))
    by_hand = proto(Stage.MANUAL_PROCESS, Status.DONE, date(2026, 3, 1), n=1)
    later_hand = proto(Stage.MANUAL_PROCESS, Status.TRYING, date(2026, 4, 1), n=2)
    assert automation_before_manual([later_hand, bot, by_hand]) == EarlyAutomation(bot, by_hand)


@pytest.mark.parametrize(
    "found",
    [
        pytest.param([], id="nothing"),
        pytest.param(
            [
                proto(Stage.MANUAL_PROCESS, Status.DONE, date(2026, 2, 1)),
                proto(Stage.AUTOMATION, Status.TRYING, date(2026, 3, 1)),
            ],
            id="manual first",
        ),
        pytest.param(
            [
                proto(Stage.MANUAL_PROCESS, Status.TRYING, date(2026, 2, 1)),
                proto(Stage.AUTOMATION, Status.TRYING, date(2026, 2, 1)),
            ],
            id="same day",
        ),
        pytest.param([proto(Stage.AUTOMATION, Status.PLANNED)], id="automation only planned"),
        pytest.param(
            [proto(Stage.AUTOMATION, Status.DROPPED, date(2026, 1, 1))], id="automation dropped"
        ),
        pytest.param(
            [
                proto(Stage.MANUAL_PROCESS, Status.DONE),
                proto(Stage.AUTOMATION, Status.DONE, date(2026, 1, 1)),
            ],
            id="manual tried, its day unknown",
        ),
        pytest.param(
            [
                proto(Stage.MANUAL_PROCESS, Status.DONE, date(2026, 2, 1)),
                proto(Stage.AUTOMATION, Status.DONE),
            ],
            id="automation's day unknown",
        ),
    ],
)
def test_automation_is_not_early(found: list[Prototype]) -> None:
    assert automation_before_manual(found) is None


stages = st.sampled_from(list(Stage))
statuses = st.sampled_from(list(Status))
days = st.one_of(st.none(), st.dates(date(2026, 1, 1), date(2026, 12, 31)))


@given(st.lists(st.tuples(stages, statuses, days), max_size=8), st.randoms())
def test_the_rules_do_not_depend_on_the_order_prototypes_come_in(
    specs: list[tuple[Stage, Status, date | None]], random: object
) -> None:
    found = [proto(stage, status, day, n=n) for n, (stage, status, day) in enumerate(specs)]
    shuffled = list(found)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert ordered(shuffled) == ordered(found)
    assert automation_before_manual(shuffled) == automation_before_manual(found)
    assert tried_stages(shuffled) == tried_stages(found)
    rungs = ladder(shuffled)
    assert sum(len(r.prototypes) for r in rungs) == len(found)
    # Whenever automation is tried and no manual process is, the rule fires.
    manual_tried = any(s is Stage.MANUAL_PROCESS and t.tried for s, t, _ in specs)
    automation_tried = any(s is Stage.AUTOMATION and t.tried for s, t, _ in specs)
    if automation_tried and not manual_tried:
        assert automation_before_manual(found) is not None
    if not automation_tried:
        assert automation_before_manual(found) is None


def test_every_rung_asks_a_short_question() -> None:
    assert all(s.question.endswith("?") and len(s.question) <= 24 for s in Stage)
