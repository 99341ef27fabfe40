"""The doctor's buy-in rules and the checklist items they prove: each fires on the
mistake it names, stays quiet otherwise, and the boundary sits where the method puts it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from opstui.domain.buy_in import (
    CheckIn,
    CommItem,
    CommPurpose,
    CommStatus,
    LearningKind,
    LearningPath,
    RemarkLink,
)
from opstui.domain.checklist import evaluate
from opstui.domain.doctor import diagnose
from opstui.domain.facts import InitiativeFacts
from opstui.domain.findings import Finding, Severity
from opstui.domain.initiative import (
    AffectedGroup,
    CohortScope,
    CohortStage,
    Group,
    Initiative,
    PilotCohort,
)
from opstui.domain.session import Feedback, FeedbackKind, Session, SessionKind, SessionState
from opstui.domain.steps import Step

TODAY = date(2026, 6, 1)
ID = "ini-buy-in"


def make_facts(step: Step = Step.IDENTIFY_PROBLEM, **initiative: object) -> InitiativeFacts:
    record = Initiative.model_validate(
        {"id": ID, "title": "Booking page", "step": step, **initiative}
    )
    return InitiativeFacts(
        initiative=record,
        groups=[AffectedGroup(initiative_id=ID, group=Group.PRODUCT)],
        today=TODAY,
    )


def session(kind: SessionKind, day: date = date(2026, 3, 1), title: str = "A session") -> Session:
    start = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
    return Session(
        initiative_id=ID,
        playbook_key=kind.value,
        kind=kind,
        title=title,
        state=SessionState.ENDED,
        started_at=start,
        ended_at=start + timedelta(hours=1),
    )


def path(
    kind: LearningKind, group: Group | None = None, slots: list[str] | None = None
) -> LearningPath:
    return LearningPath(
        initiative_id=ID,
        kind=kind,
        title="Booking, step by step",
        audience_group=group,
        slots=slots or [],
    )


def message(
    group: Group | None = None,
    purpose: CommPurpose = CommPurpose.UPDATE,
    sent_on: date | None = None,
    cohort_id: str | None = None,
) -> CommItem:
    return CommItem(
        initiative_id=ID,
        audience_group=group,
        cohort_id=cohort_id,
        channel="#eng-announce",
        purpose=purpose,
        planned_on=date(2026, 5, 25),
        status=CommStatus.SENT if sent_on else CommStatus.PLANNED,
        sent_on=sent_on,
    )


def check_in(group: Group, day: date) -> CheckIn:
    return CheckIn(initiative_id=ID, group=group, held_on=day, about="What discovery found")


def fired(facts: InitiativeFacts, rule: str) -> list[Finding]:
    return [f for f in diagnose(facts) if f.rule == rule]


def rolled_out(step: Step = Step.PROTOTYPE_AND_EXPAND) -> InitiativeFacts:
    return make_facts(step, rolled_out_on=date(2026, 4, 1))


# -- (a) fewer than two ways to learn ----------------------------------------------------


def test_a_rollout_with_no_way_to_learn_fires() -> None:
    [finding] = fired(rolled_out(), "few-ways-to-learn")
    assert "no way to learn" in finding.seen
    assert "another kind" in finding.todo


def test_one_kind_is_not_enough_even_offered_twice() -> None:
    facts = rolled_out()
    facts.learning_paths += [path(LearningKind.DOC), path(LearningKind.DOC)]
    [finding] = fired(facts, "few-ways-to-learn")
    assert finding.seen.endswith("one way to learn it: doc.")


def test_two_kinds_satisfy_it() -> None:
    facts = rolled_out()
    facts.learning_paths += [path(LearningKind.DOC), path(LearningKind.OFFICE_HOURS)]
    assert fired(facts, "few-ways-to-learn") == []


def test_a_written_learning_note_alone_no_longer_counts() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND, rolled_out_on=date(2026, 4, 1))
    facts.initiative.learning_support = "Video and office hours"
    assert len(fired(facts, "few-ways-to-learn")) == 1


def test_a_whole_organization_cohort_counts_as_rollout() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.cohorts.append(
        PilotCohort(
            initiative_id=ID,
            name="All",
            scope=CohortScope.ORGANIZATION,
            started_on=TODAY,
            stage=CohortStage.RUNNING,
        )
    )
    assert len(fired(facts, "few-ways-to-learn")) == 1


def test_before_rollout_ways_to_learn_are_not_due() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND, rolled_out_on=TODAY + timedelta(days=1))
    assert fired(facts, "few-ways-to-learn") == []


# -- (b) a group left out of the plans ---------------------------------------------------


def test_before_step_5_no_group_needs_a_message() -> None:
    assert fired(make_facts(Step.SELECT_INFRASTRUCTURE), "group-left-out") == []


def test_at_step_5_a_group_without_a_message_is_info_and_needs_no_path_yet() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    [finding] = fired(facts, "group-left-out")
    assert finding.severity is Severity.INFO
    assert finding.seen == "No message in the communication plan reaches Product."
    assert "way to learn" not in finding.todo


def test_after_rollout_each_group_needs_a_message_and_a_path() -> None:
    facts = rolled_out()
    facts.groups += [
        AffectedGroup(initiative_id=ID, group=Group.DESIGN),
        AffectedGroup(initiative_id=ID, group=Group.LEADERSHIP),
    ]
    facts.comm_items.append(message(Group.PRODUCT))
    facts.learning_paths.append(path(LearningKind.DOC, Group.DESIGN))
    [finding] = fired(facts, "group-left-out")
    assert finding.seen == (
        "No message in the communication plan reaches Design and Leadership; "
        "no way to learn is offered to Product and Leadership."
    )
    assert finding.severity is Severity.WARNING
    assert finding.todo.endswith("and a way to learn for them.")


def test_a_message_and_a_path_for_everyone_reach_every_group() -> None:
    facts = rolled_out()
    facts.groups.append(AffectedGroup(initiative_id=ID, group=Group.GO_TO_MARKET))
    facts.comm_items.append(message())
    facts.learning_paths.append(path(LearningKind.VIDEO))
    assert fired(facts, "group-left-out") == []


def test_a_message_to_a_cohort_does_not_reach_a_group() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    cohort = PilotCohort(initiative_id=ID, name="Atlas")
    facts.cohorts.append(cohort)
    facts.comm_items.append(message(cohort_id=cohort.id))
    assert len(fired(facts, "group-left-out")) == 1


# -- (c) results never sent ----------------------------------------------------------------


def evaluated() -> InitiativeFacts:
    facts = make_facts(Step.EVALUATE)
    facts.sessions.append(session(SessionKind.EVALUATION, title="Evaluation"))
    return facts


def test_evaluated_with_no_results_message_fires_and_says_to_add_one() -> None:
    [finding] = fired(evaluated(), "results-not-shared")
    assert "has no results message" in finding.seen
    assert "Add a results message" in finding.todo


def test_a_planned_results_message_is_named_until_sent() -> None:
    facts = evaluated()
    facts.comm_items.append(message(purpose=CommPurpose.RESULTS))
    [finding] = fired(facts, "results-not-shared")
    assert "“#eng-announce” (planned for 2026-05-25) is not sent" in finding.seen
    assert finding.todo.startswith("Send it, then mark it sent")


def test_a_sent_update_is_not_a_results_message() -> None:
    facts = evaluated()
    facts.comm_items.append(message(sent_on=date(2026, 5, 26)))
    assert len(fired(facts, "results-not-shared")) == 1


def test_the_day_results_were_shared_satisfies_it() -> None:
    """Marking the results message sent records that day (the store does it)."""
    facts = evaluated()
    facts.comm_items.append(message(purpose=CommPurpose.RESULTS, sent_on=date(2026, 5, 26)))
    facts.initiative.results_shared_on = date(2026, 5, 26)
    assert fired(facts, "results-not-shared") == []


def test_results_are_not_due_before_an_evaluation_ended() -> None:
    assert fired(make_facts(Step.EVALUATE), "results-not-shared") == []


# -- (d) stakeholders consulted before step 4 ------------------------------------------


def test_before_step_4_no_check_in_is_due() -> None:
    assert fired(make_facts(Step.VALIDATE), "stakeholders-not-consulted") == []


def test_at_step_4_with_no_check_in_names_both() -> None:
    [finding] = fired(make_facts(Step.SELECT_INFRASTRUCTURE), "stakeholders-not-consulted")
    assert finding.seen.startswith("No check-in with leadership or another department")
    assert " by " not in finding.seen  # nothing shows when step 4 was reached


def test_leadership_alone_is_not_enough() -> None:
    facts = make_facts(Step.SELECT_INFRASTRUCTURE)
    facts.check_ins.append(check_in(Group.LEADERSHIP, date(2026, 2, 1)))
    [finding] = fired(facts, "stakeholders-not-consulted")
    assert "leadership" not in finding.seen
    assert "another department" in finding.seen


def test_a_product_check_in_is_not_another_department() -> None:
    facts = make_facts(Step.SELECT_INFRASTRUCTURE)
    facts.check_ins += [check_in(Group.LEADERSHIP, TODAY), check_in(Group.PRODUCT, TODAY)]
    assert len(fired(facts, "stakeholders-not-consulted")) == 1


def test_leadership_and_another_department_satisfy_it() -> None:
    facts = make_facts(Step.EVALUATE)
    facts.check_ins += [check_in(Group.LEADERSHIP, TODAY), check_in(Group.DESIGN, TODAY)]
    assert fired(facts, "stakeholders-not-consulted") == []


@pytest.mark.parametrize(("days_after", "fires"), [(-1, False), (0, False), (1, True)])
def test_a_check_in_must_come_no_later_than_the_first_later_session(
    days_after: int, fires: bool
) -> None:
    pilot_day = date(2026, 4, 10)
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.sessions.append(session(SessionKind.PILOT, pilot_day))
    held = pilot_day + timedelta(days=days_after)
    facts.check_ins += [check_in(Group.LEADERSHIP, held), check_in(Group.ENGINEERING, held)]
    found = fired(facts, "stakeholders-not-consulted")
    assert bool(found) is fires
    if fires:
        assert "by 2026-04-10, when the work was past validation" in found[0].seen


def test_a_pilot_cohort_start_shows_the_work_was_past_validation() -> None:
    facts = make_facts(Step.PROTOTYPE_AND_EXPAND)
    facts.cohorts.append(PilotCohort(initiative_id=ID, name="Atlas", started_on=date(2026, 3, 1)))
    facts.check_ins += [
        check_in(Group.LEADERSHIP, date(2026, 3, 2)),
        check_in(Group.ENGINEERING, date(2026, 2, 2)),
    ]
    [finding] = fired(facts, "stakeholders-not-consulted")
    assert finding.seen.startswith("No check-in with leadership is recorded by 2026-03-01")


def test_sessions_of_earlier_steps_do_not_date_step_4() -> None:
    facts = make_facts(Step.SELECT_INFRASTRUCTURE)
    facts.sessions.append(session(SessionKind.VALIDATION, date(2026, 2, 1)))
    facts.check_ins += [
        check_in(Group.LEADERSHIP, date(2026, 3, 1)),
        check_in(Group.GO_TO_MARKET, date(2026, 3, 1)),
    ]
    assert fired(facts, "stakeholders-not-consulted") == []


# -- (e) concerns left unanswered --------------------------------------------------------


def concern_at(
    facts: InitiativeFacts, kind: SessionKind, text: str = "It will cost us a day"
) -> Feedback:
    held = session(kind, title="Interviews")
    remark = Feedback(session_id=held.id, kind=FeedbackKind.CONCERN, text=text)
    facts.sessions.append(held)
    facts.feedback.append(remark)
    return remark


def test_a_concern_from_an_earlier_step_with_no_link_fires_and_quotes_it() -> None:
    facts = make_facts(Step.DEFINE_SUCCESS)
    concern_at(facts, SessionKind.DISCOVERY)
    [finding] = fired(facts, "concern-unanswered")
    assert "1 concern raised at earlier steps than 2 Define success has nothing" in finding.seen
    assert "“It will cost us a day” in “Interviews”" in finding.seen


def test_a_linked_concern_is_answered() -> None:
    facts = make_facts(Step.DEFINE_SUCCESS)
    remark = concern_at(facts, SessionKind.DISCOVERY)
    assert facts.links is not None
    facts.links.append(RemarkLink(initiative_id=ID, feedback_id=remark.id, change="Named it"))
    assert fired(facts, "concern-unanswered") == []


def test_a_concern_of_the_current_step_is_not_due_yet() -> None:
    facts = make_facts(Step.IDENTIFY_PROBLEM)
    concern_at(facts, SessionKind.DISCOVERY)
    assert fired(facts, "concern-unanswered") == []


def test_other_kinds_of_remark_need_no_link() -> None:
    facts = make_facts(Step.DEFINE_SUCCESS)
    remark = concern_at(facts, SessionKind.DISCOVERY)
    facts.feedback[-1] = remark.model_copy(update={"kind": FeedbackKind.SUGGESTION})
    assert fired(facts, "concern-unanswered") == []


def test_a_custom_sessions_step_is_unknown_so_it_is_not_judged() -> None:
    facts = make_facts(Step.EVALUATE)
    concern_at(facts, SessionKind.CUSTOM)
    assert fired(facts, "concern-unanswered") == []


def test_unread_links_skip_the_rule_rather_than_guess() -> None:
    """The dashboard's outline does not read links: it must not report every concern."""
    facts = make_facts(Step.DEFINE_SUCCESS)
    concern_at(facts, SessionKind.DISCOVERY)
    facts.links = None
    assert fired(facts, "concern-unanswered") == []


def test_many_concerns_make_one_finding_with_a_count_and_a_short_quote() -> None:
    facts = make_facts(Step.EVALUATE)
    concern_at(facts, SessionKind.VALIDATION, "x" * 200)
    concern_at(facts, SessionKind.PILOT)
    [finding] = fired(facts, "concern-unanswered")
    assert finding.seen.startswith("2 concerns raised at earlier steps")
    assert "x" * 59 + "…" in finding.seen and "x" * 60 not in finding.seen


# -- the checklist items these prove -------------------------------------------------------


def ticked(facts: InitiativeFacts) -> dict[str, str]:
    return {s.item.key: s.note for s in evaluate(facts) if s.auto}


def test_two_kinds_of_learning_path_tick_learning_paths() -> None:
    facts = make_facts()
    facts.learning_paths.append(path(LearningKind.VIDEO))
    assert "learning-paths" not in ticked(facts)
    facts.learning_paths.append(path(LearningKind.BUDDY))
    assert ticked(facts)["learning-paths"] == "2 ways to learn: video, buddy."


def test_slots_tick_time_to_learn() -> None:
    facts = make_facts()
    facts.learning_paths.append(path(LearningKind.WORKSHOP))
    assert "time-to-learn" not in ticked(facts)
    facts.learning_paths.append(path(LearningKind.OFFICE_HOURS, slots=["Fri 14:00", "Tue 10:00"]))
    assert ticked(facts)["time-to-learn"] == (
        "2 times set aside to learn, such as “Booking, step by step”: Fri 14:00."
    )


def test_a_message_ticks_the_communication_plan() -> None:
    facts = make_facts()
    assert "communication" not in ticked(facts)
    facts.comm_items.append(message())
    assert ticked(facts)["communication"] == "1 message in the communication plan."
