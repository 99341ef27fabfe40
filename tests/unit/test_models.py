"""Domain models: what each entity accepts, what it refuses, and the properties it derives."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from opstui.domain.base import Record, new_id, utcnow
from opstui.domain.cohorts import is_pilot, started_cohorts
from opstui.domain.initiative import (
    AffectedGroup,
    CohortScope,
    Group,
    Initiative,
    Person,
    PilotCohort,
)
from opstui.domain.metrics import Cohort, Metric, MetricKind, Reading
from opstui.domain.playbook import AgendaSpec
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Decision,
    Feedback,
    FeedbackKind,
    FillIn,
    ReadinessAssessment,
    ReadinessElement,
    Sentiment,
    Session,
    SessionKind,
)
from opstui.domain.steps import STEP_INFO, Step
from opstui.domain.voting import Ballot, PassRule, Proposal, VoteMethod

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
RATINGS = {element.value: 3 for element in ReadinessElement}


def refused(model: type[Record], **data: Any) -> str:
    """Build a model that must fail validation; return the error text."""
    with pytest.raises(ValidationError) as caught:
        model(**data)
    return str(caught.value)


# -- shared building blocks ----------------------------------------------------------------


def test_records_get_distinct_text_uuids() -> None:
    ids = {Person(name="Ana").id for _ in range(50)} | {new_id() for _ in range(50)}
    assert len(ids) == 100
    assert all(len(i) == 36 and i.count("-") == 4 for i in ids)


def test_record_id_cannot_be_empty() -> None:
    refused(Person, id="", name="Ana")


def test_utcnow_is_aware_and_whole_seconds() -> None:
    now = utcnow()
    assert now.tzinfo is not None and now.utcoffset() == timedelta(0)
    assert now.microsecond == 0


def test_unknown_fields_are_refused() -> None:
    assert "extra" in refused(Person, name="Ana", nickname="A").lower()


def test_assignment_is_validated_too() -> None:
    initiative = Initiative(title="Interviews")
    with pytest.raises(ValidationError):
        initiative.step = 7  # type: ignore[assignment]
    with pytest.raises(ValidationError):
        initiative.title = "   "
    assert initiative.step is Step.IDENTIFY_PROBLEM and initiative.title == "Interviews"


# -- initiative, groups, people, cohorts ---------------------------------------------------


def test_initiative_defaults() -> None:
    initiative = Initiative(title="  Make interviews easy to schedule  ")
    assert initiative.title == "Make interviews easy to schedule"
    assert initiative.step is Step.IDENTIFY_PROBLEM
    assert initiative.status.value == "active"
    assert initiative.created_at.tzinfo is not None


@pytest.mark.parametrize("title", ["", "   ", "\n\t", "x" * 301])
def test_initiative_title_must_say_something_short(title: str) -> None:
    assert "title" in refused(Initiative, title=title)


@pytest.mark.parametrize("step", [1, 2, 3, 4, 5, 6])
def test_initiative_step_inside_the_method(step: int) -> None:
    assert Initiative(title="x", step=step).step == step


@pytest.mark.parametrize("step", [0, 7, -1, 100])
def test_initiative_step_outside_the_method(step: int) -> None:
    assert "step" in refused(Initiative, title="x", step=step)


@pytest.mark.parametrize("field", ["rolled_out_on", "results_shared_on"])
@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (date(2026, 1, 1), True),
        (date(1970, 1, 1), True),
        (date(1969, 12, 31), False),
        (date(2200, 1, 1), False),
    ],
)
def test_initiative_dates_within_plan_range(field: str, day: date, ok: bool) -> None:
    if ok:
        assert getattr(Initiative(title="x", **{field: day}), field) == day
    else:
        refused(Initiative, title="x", **{field: day})


def test_initiative_status_must_be_known() -> None:
    refused(Initiative, title="x", status="abandoned")


def test_steps_have_titles_questions_and_outputs() -> None:
    assert [int(s) for s in Step] == [1, 2, 3, 4, 5, 6]
    assert set(STEP_INFO) == set(Step)
    for step in Step:
        assert step.title and step.info.question.endswith("?") and step.info.output
    assert Step.VALIDATE.label == "3 Validate"


@pytest.mark.parametrize("group", list(Group))
def test_affected_group_accepts_every_group(group: Group) -> None:
    assert AffectedGroup(initiative_id="i", group=group.value).group is group


def test_affected_group_refuses_unknown_group() -> None:
    refused(AffectedGroup, initiative_id="i", group="finance")


def test_group_labels() -> None:
    assert Group.GO_TO_MARKET.label == "Go to market"
    assert Group.PRODUCT.label == "Product"


@pytest.mark.parametrize("name", ["", "  "])
def test_person_needs_a_name(name: str) -> None:
    refused(Person, name=name)


def test_person_defaults_to_product() -> None:
    person = Person(name=" Ana ")
    assert person.name == "Ana" and person.group is Group.PRODUCT and person.role == ""


@pytest.mark.parametrize(("size", "ok"), [(0, True), (12, True), (-1, False), (10**8, False)])
def test_pilot_cohort_size(size: int, ok: bool) -> None:
    if ok:
        assert PilotCohort(initiative_id="i", name="Payments", size=size).size == size
    else:
        refused(PilotCohort, initiative_id="i", name="Payments", size=size)


def test_pilot_cohort_needs_a_name_and_known_scope() -> None:
    refused(PilotCohort, initiative_id="i", name="")
    refused(PilotCohort, initiative_id="i", name="All", scope="planet")


def test_broad_and_started_cohorts() -> None:
    whole = PilotCohort(
        initiative_id="i", name="All", scope=CohortScope.ORGANIZATION, started_on=date(2026, 3, 1)
    )
    teams = PilotCohort(initiative_id="i", name="Two teams", started_on=date(2026, 2, 1))
    planned = PilotCohort(initiative_id="i", name="Later")
    assert not is_pilot(whole) and is_pilot(teams)
    assert started_cohorts([whole, teams, planned], date(2026, 2, 15)) == [teams]
    assert started_cohorts([whole, teams, planned], date(2026, 3, 1)) == [whole, teams]


# -- sessions and their agenda -------------------------------------------------------------


def session(**data: Any) -> Session:
    base: dict[str, Any] = {
        "initiative_id": "i",
        "playbook_key": "discovery",
        "kind": SessionKind.DISCOVERY,
        "title": "Interview",
    }
    return Session(**(base | data))


def test_session_defaults() -> None:
    made = session()
    assert made.state.value == "planned" and made.participant_ids == [] and made.current_item == 0
    assert made.held_at is None


@pytest.mark.parametrize(
    ("started", "ended", "ok"),
    [
        (NOON, NOON + timedelta(minutes=45), True),
        (NOON, NOON, True),
        (NOON, None, True),
        (None, NOON, True),
        (NOON, NOON - timedelta(seconds=1), False),
    ],
)
def test_session_cannot_end_before_it_starts(
    started: datetime | None, ended: datetime | None, ok: bool
) -> None:
    if ok:
        session(started_at=started, ended_at=ended)
    else:
        with pytest.raises(ValidationError, match="ends before it starts"):
            session(started_at=started, ended_at=ended)


def test_session_end_assigned_before_start_is_refused() -> None:
    made = session(started_at=NOON)
    with pytest.raises(ValidationError, match="ends before it starts"):
        made.ended_at = NOON - timedelta(hours=1)


@pytest.mark.parametrize(
    "data",
    [
        {"playbook_key": ""},
        {"title": "  "},
        {"kind": "party"},
        {"current_item": -1},
        {"state": "paused"},
    ],
)
def test_session_refuses(data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        session(**data)


def test_session_held_at_prefers_the_real_start() -> None:
    planned = NOON - timedelta(days=1)
    assert session(planned_at=planned).held_at == planned
    assert session(planned_at=planned, started_at=NOON).held_at == NOON


@pytest.mark.parametrize("kind", list(SessionKind))
def test_session_kind_labels_read_as_words(kind: SessionKind) -> None:
    assert kind.label[0].isupper() and "-" not in kind.label


def item(**data: Any) -> AgendaItem:
    return AgendaItem(**({"session_id": "s", "position": 0, "title": "Observe"} | data))


@pytest.mark.parametrize(
    ("planned", "extra", "elapsed", "allowed", "actual", "overran"),
    [
        (10, 0, 0, 600, 0, False),
        (10, 0, 600, 600, 10, False),
        (10, 0, 601, 600, 11, True),
        (10, 2, 601, 720, 11, False),
        (10, 2, 721, 720, 13, True),
        (0, 0, 1, 0, 1, True),
        (5, 0, 59, 300, 1, False),
    ],
)
def test_agenda_item_time(
    planned: int, extra: int, elapsed: int, allowed: int, actual: int, overran: bool
) -> None:
    made = item(planned_minutes=planned, extra_minutes=extra, elapsed_seconds=elapsed)
    assert made.allowed_seconds == allowed
    assert made.actual_minutes == actual
    assert made.overran is overran


@pytest.mark.parametrize(
    "data",
    [
        {"position": -1},
        {"title": ""},
        {"planned_minutes": -1},
        {"planned_minutes": 601},
        {"extra_minutes": -1},
        {"elapsed_seconds": -5},
    ],
)
def test_agenda_item_refuses(data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        item(**data)


@pytest.mark.parametrize(("minutes", "ok"), [(1, True), (600, True), (0, False), (601, False)])
def test_agenda_spec_minutes(minutes: int, ok: bool) -> None:
    if ok:
        assert AgendaSpec(title="Talk", minutes=minutes).minutes == minutes
    else:
        with pytest.raises(ValidationError):
            AgendaSpec(title="Talk", minutes=minutes)


# -- captures --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5])
def test_feedback_sentiment_on_five_points(value: int) -> None:
    assert Feedback(session_id="s", text="ok", sentiment=value).sentiment == Sentiment(value)


@pytest.mark.parametrize("value", [0, 6, -1])
def test_feedback_sentiment_outside_five_points(value: int) -> None:
    assert "sentiment" in refused(Feedback, session_id="s", text="ok", sentiment=value)


def test_sentiment_labels_and_symbols() -> None:
    assert Sentiment.VERY_NEGATIVE.label == "very negative"
    assert [s.symbol for s in Sentiment] == ["--", "-", "~", "+", "++"]


@pytest.mark.parametrize("text", ["", " ", "\n\t "])
def test_feedback_needs_text(text: str) -> None:
    assert "text" in refused(Feedback, session_id="s", text=text)


def test_feedback_defaults_and_anonymity() -> None:
    remark = Feedback(session_id="s", text="  Too many clicks  ")
    assert remark.text == "Too many clicks"
    assert remark.sentiment is Sentiment.NEUTRAL and remark.kind is FeedbackKind.OBSERVATION
    assert remark.anonymous
    assert not Feedback(session_id="s", text="x", person_id="p").anonymous


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ([], []),
        (["ux"], ["ux"]),
        (["UX", "ux", " Ux "], ["UX"]),
        (["docs", "UX", "Docs", "speed"], ["docs", "UX", "speed"]),
    ],
)
def test_feedback_tags_are_deduplicated(tags: list[str], expected: list[str]) -> None:
    assert Feedback(session_id="s", text="x", tags=tags).tags == expected


@pytest.mark.parametrize("tag", ["", "  ", "t" * 61])
def test_feedback_tag_must_be_a_short_word(tag: str) -> None:
    refused(Feedback, session_id="s", text="x", tags=["ok", tag])


def test_feedback_kind_must_be_known() -> None:
    refused(Feedback, session_id="s", text="x", kind="rant")


def test_fill_in_holds_field_values() -> None:
    fill = FillIn(
        session_id="s",
        template_key="pilot-review",
        title="Pilot review",
        values={"potential": 4, "suggestions": "More examples", "baseline": 2.5, "x": None},
    )
    assert fill.values["potential"] == 4 and fill.values["x"] is None


@pytest.mark.parametrize(
    "data",
    [{"template_key": ""}, {"title": ""}, {"values": {"potential": [1, 2]}}],
)
def test_fill_in_refuses(data: dict[str, Any]) -> None:
    base = {"session_id": "s", "template_key": "t", "title": "T"}
    with pytest.raises(ValidationError):
        FillIn(**(base | data))


@pytest.mark.parametrize(
    ("data", "ok"),
    [
        ({"statement": "Pilot with two teams"}, True),
        ({"statement": "Go", "review_on": date(2026, 6, 1)}, True),
        ({"statement": "  "}, False),
        ({"statement": "Go", "review_on": date(2300, 1, 1)}, False),
    ],
)
def test_decision(data: dict[str, Any], ok: bool) -> None:
    if ok:
        Decision(initiative_id="i", **data)
    else:
        with pytest.raises(ValidationError):
            Decision(initiative_id="i", **data)


@pytest.mark.parametrize(
    ("data", "ok"),
    [
        ({"text": "Send the notes"}, True),
        ({"text": "Send", "due_on": date(2026, 3, 9), "owner_id": "p"}, True),
        ({"text": ""}, False),
        ({"text": "Send", "due_on": date(1900, 1, 1)}, False),
    ],
)
def test_action_item(data: dict[str, Any], ok: bool) -> None:
    if ok:
        action = ActionItem(initiative_id="i", **data)
        assert action.done is False and action.done_at is None
    else:
        with pytest.raises(ValidationError):
            ActionItem(initiative_id="i", **data)


# -- change readiness ------------------------------------------------------------------------


def test_readiness_assessment_reads_each_element() -> None:
    values = dict(zip(RATINGS, [1, 2, 3, 4, 5, 2], strict=True))
    assessment = ReadinessAssessment(initiative_id="i", assessed_on=date(2026, 3, 2), **values)
    for element in ReadinessElement:
        assert assessment.rating(element) == values[element.value]
    assert ReadinessElement.ACTION_PLAN.label == "Action plan"


@pytest.mark.parametrize("element", list(ReadinessElement))
@pytest.mark.parametrize("value", [0, 6])
def test_readiness_assessment_out_of_range(element: ReadinessElement, value: int) -> None:
    text = refused(
        ReadinessAssessment,
        initiative_id="i",
        assessed_on=date(2026, 3, 2),
        **(RATINGS | {element.value: value}),
    )
    assert element.value in text


@pytest.mark.parametrize("element", list(ReadinessElement))
def test_readiness_assessment_needs_every_element(element: ReadinessElement) -> None:
    values = {k: v for k, v in RATINGS.items() if k != element.value}
    refused(ReadinessAssessment, initiative_id="i", assessed_on=date(2026, 3, 2), **values)


# -- metrics and readings ------------------------------------------------------------------


def metric(**data: Any) -> Metric:
    return Metric(**({"initiative_id": "i", "name": "Interviews per PM"} | data))


@pytest.mark.parametrize(
    ("baseline_on", "target_on", "ok"),
    [
        (date(2026, 1, 1), date(2026, 6, 30), True),
        (date(2026, 1, 1), date(2026, 1, 1), True),
        (None, date(2026, 1, 1), True),
        (date(2026, 1, 1), None, True),
        (date(2026, 1, 2), date(2026, 1, 1), False),
    ],
)
def test_metric_target_date_not_before_baseline(
    baseline_on: date | None, target_on: date | None, ok: bool
) -> None:
    if ok:
        metric(baseline_on=baseline_on, target_on=target_on)
    else:
        with pytest.raises(ValidationError, match="target date comes before the baseline"):
            metric(baseline_on=baseline_on, target_on=target_on)


def test_metric_target_date_assigned_before_baseline_is_refused() -> None:
    made = metric(baseline_on=date(2026, 2, 1))
    with pytest.raises(ValidationError):
        made.target_on = date(2026, 1, 1)


@pytest.mark.parametrize("field", ["baseline_value", "target_value"])
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_metric_values_must_be_finite(field: str, value: float) -> None:
    assert "finite" in refused(Metric, initiative_id="i", name="m", **{field: value})


def test_metric_baseline_and_kind() -> None:
    assert not metric().has_baseline
    assert metric(baseline_value=0).has_baseline
    assert metric(kind="leading").kind.label == "leading indicator"
    assert MetricKind.USAGE.label == "usage"
    refused(Metric, initiative_id="i", name="m", kind="vanity")
    refused(Metric, initiative_id="i", name="m", direction="sideways")
    refused(Metric, initiative_id="i", name="")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_reading_value_must_be_finite(value: float) -> None:
    assert "finite" in refused(Reading, metric_id="m", taken_on=date(2026, 3, 1), value=value)


@pytest.mark.parametrize("cohort", list(Cohort))
def test_reading_for_each_cohort(cohort: Cohort) -> None:
    reading = Reading(metric_id="m", taken_on=date(2026, 3, 1), value=-2.5, cohort=cohort.value)
    assert reading.cohort is cohort and reading.value == -2.5


def test_reading_refuses_unknown_cohort_and_wild_dates() -> None:
    refused(Reading, metric_id="m", taken_on=date(2026, 3, 1), value=1, cohort="everyone")
    refused(Reading, metric_id="m", taken_on=date(3000, 1, 1), value=1)


# -- proposals and ballots -----------------------------------------------------------------

#: Which pass rules each method takes, written out so a change to the table shows here.
ALLOWED_RULES = {
    VoteMethod.FIST_OF_FIVE: {PassRule.ALL_AT_LEAST_THREE, PassRule.AVERAGE_AT_LEAST_THREE},
    VoteMethod.CONSENT: {PassRule.NO_BLOCK_MORE_AGREE, PassRule.UNANIMOUS},
    VoteMethod.YES_NO: {PassRule.MAJORITY, PassRule.UNANIMOUS},
    VoteMethod.DOT: {PassRule.CLEAR_WINNER},
}


def dot_fields(method: VoteMethod) -> dict[str, Any]:
    return {"options": ["A", "B"], "budget": 3} if method is VoteMethod.DOT else {}


@pytest.mark.parametrize("method", list(VoteMethod))
@pytest.mark.parametrize("rule", list(PassRule))
def test_proposal_pass_rule_must_suit_the_method(method: VoteMethod, rule: PassRule) -> None:
    data = {"session_id": "s", "title": "P", "method": method, "pass_rule": rule}
    data |= dot_fields(method)
    if rule in ALLOWED_RULES[method]:
        assert Proposal(**data).rule is rule
    else:
        assert "no pass rule for" in refused(Proposal, **data)


@pytest.mark.parametrize(
    ("method", "default"),
    [
        (VoteMethod.FIST_OF_FIVE, PassRule.ALL_AT_LEAST_THREE),
        (VoteMethod.CONSENT, PassRule.NO_BLOCK_MORE_AGREE),
        (VoteMethod.YES_NO, PassRule.MAJORITY),
        (VoteMethod.DOT, PassRule.CLEAR_WINNER),
    ],
)
def test_proposal_default_rule(method: VoteMethod, default: PassRule) -> None:
    proposal = Proposal(session_id="s", title="P", method=method, **dot_fields(method))
    assert proposal.pass_rule is None and proposal.rule is default


@pytest.mark.parametrize(
    ("options", "budget", "words"),
    [
        ([], 3, "at least two options"),
        (["Only"], 3, "at least two options"),
        (["Docs", "docs"], 3, "must differ"),
        (["A", "B"], 0, "budget"),
        (["A", "  "], 3, "options"),
    ],
)
def test_dot_vote_needs_options_and_budget(options: list[str], budget: int, words: str) -> None:
    text = refused(
        Proposal, session_id="s", title="P", method=VoteMethod.DOT, options=options, budget=budget
    )
    assert words in text


@pytest.mark.parametrize("method", [VoteMethod.FIST_OF_FIVE, VoteMethod.CONSENT, VoteMethod.YES_NO])
def test_options_belong_to_dot_votes_only(method: VoteMethod) -> None:
    text = refused(Proposal, session_id="s", title="P", method=method, options=["A", "B"])
    assert "options belong to dot votes" in text


@pytest.mark.parametrize(
    "data", [{"title": ""}, {"quorum": -1}, {"round": 0}, {"budget": 101}, {"status": "maybe"}]
)
def test_proposal_refuses(data: dict[str, Any]) -> None:
    refused(Proposal, **({"session_id": "s", "title": "P"} | data))


def test_proposal_switched_to_dot_without_options_is_refused() -> None:
    proposal = Proposal(session_id="s", title="P")
    with pytest.raises(ValidationError):
        proposal.method = VoteMethod.DOT


@pytest.mark.parametrize(
    ("method", "value"),
    [(VoteMethod.FIST_OF_FIVE, v) for v in "012345"]
    + [(VoteMethod.CONSENT, v) for v in ("agree", "abstain", "disagree", "block")]
    + [(VoteMethod.YES_NO, "yes"), (VoteMethod.YES_NO, "no")],
)
def test_ballot_value_of_its_method(method: VoteMethod, value: str) -> None:
    assert Ballot(proposal_id="p", method=method, value=value).value == value


@pytest.mark.parametrize(
    ("method", "value"),
    [
        (VoteMethod.FIST_OF_FIVE, "6"),
        (VoteMethod.FIST_OF_FIVE, "-1"),
        (VoteMethod.FIST_OF_FIVE, "yes"),
        (VoteMethod.FIST_OF_FIVE, None),
        (VoteMethod.CONSENT, "yes"),
        (VoteMethod.CONSENT, "Agree"),
        (VoteMethod.YES_NO, "agree"),
        (VoteMethod.YES_NO, "maybe"),
        (VoteMethod.YES_NO, None),
        (VoteMethod.DOT, "A"),
    ],
)
def test_ballot_value_not_of_its_method(method: VoteMethod, value: str | None) -> None:
    refused(Ballot, proposal_id="p", method=method, value=value)


def test_ballot_dots() -> None:
    ballot = Ballot(proposal_id="p", method=VoteMethod.DOT, dots={"A": 2, "B": 0})
    assert ballot.value is None and ballot.dots == {"A": 2, "B": 0}
    assert Ballot(proposal_id="p", method=VoteMethod.DOT).dots == {}
    assert "negative" in refused(Ballot, proposal_id="p", method=VoteMethod.DOT, dots={"A": -1})
    assert "not dots" in refused(
        Ballot, proposal_id="p", method=VoteMethod.YES_NO, value="yes", dots={"A": 1}
    )


def test_ballot_round_starts_at_one() -> None:
    refused(Ballot, proposal_id="p", method=VoteMethod.YES_NO, value="yes", round=0)
