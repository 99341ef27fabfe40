"""The series the charts draw: metric readings, sentiment, satisfaction, votes, adoption."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from opstui.domain.chart_series import (
    adoption_chart,
    cohort_series,
    date_ticks,
    metric_chart,
    people_reached,
    satisfaction_by_session,
    sentiment_by_session,
    sentiment_trend,
    vote_bars,
)
from opstui.domain.initiative import CohortScope, PilotCohort
from opstui.domain.metrics import Cohort, Direction, Metric, Reading
from opstui.domain.session import Feedback, FillIn, Sentiment, Session, SessionKind
from opstui.domain.voting import Ballot, Proposal, ProposalStatus, VoteMethod


def make_metric(**fields: object) -> Metric:
    data: dict[str, object] = {
        "initiative_id": "i",
        "name": "Days to an interview",
        "unit": "days",
        "direction": Direction.LOWER,
        "baseline_value": 12.0,
        "baseline_on": date(2026, 1, 10),
        "target_value": 5.0,
        "target_on": date(2026, 6, 30),
    }
    data.update(fields)
    return Metric.model_validate(data)


def at(m: Metric, day: date, value: float, cohort: Cohort = Cohort.ALL) -> Reading:
    return Reading(metric_id=m.id, taken_on=day, value=value, cohort=cohort)


# -- metric over time -------------------------------------------------------------------


def test_one_series_per_cohort_in_cohort_order_with_points_by_date() -> None:
    m = make_metric()
    other = make_metric()
    readings = [
        at(m, date(2026, 3, 1), 9.0, Cohort.NON_ADOPTERS),
        at(m, date(2026, 2, 1), 10.0),
        at(m, date(2026, 1, 10), 12.0),
        at(m, date(2026, 2, 1), 8.0, Cohort.ADOPTERS),
        at(other, date(2026, 2, 1), 99.0),
    ]
    series = cohort_series(m, readings)
    assert [s.key for s in series] == ["all", "adopters", "non-adopters"]
    assert [s.label for s in series] == ["All", "Adopters", "Non-adopters"]
    assert series[0].dates == [date(2026, 1, 10), date(2026, 2, 1)]
    assert series[0].values == [12.0, 10.0]
    assert 99.0 not in [v for s in series for v in s.values]


def test_metric_chart_carries_baseline_target_and_the_span_of_dates() -> None:
    m = make_metric()
    chart = metric_chart(m, [at(m, date(2026, 2, 1), 10.0), at(m, date(2026, 3, 1), 9.0)])
    assert chart.title == "Days to an interview (days)"
    assert (chart.baseline, chart.target) == (12.0, 5.0)
    assert chart.start == date(2026, 1, 10)  # the baseline date comes before any reading
    assert chart.end == date(2026, 6, 30)  # and the target date after
    assert chart.readings == 2
    assert chart.baseline_label == "Baseline 12 days (2026-01-10)"
    assert chart.target_label == "Target 5 days by 2026-06-30"
    assert chart.empty_message is None and chart.note is None


def test_no_readings_is_said_plainly() -> None:
    chart = metric_chart(make_metric(), [])
    assert chart.series == ()
    assert chart.start is None and chart.end is None
    assert chart.empty_message is not None and "no readings yet" in chart.empty_message


def test_a_single_reading_is_drawn_but_said_to_show_no_trend() -> None:
    m = make_metric()
    chart = metric_chart(m, [at(m, date(2026, 2, 1), 10.0)])
    assert chart.empty_message is None
    assert chart.note is not None
    assert "Only one reading" in chart.note and "10 days on 2026-02-01" in chart.note


def test_one_reading_per_cohort_is_no_trend_either() -> None:
    m = make_metric()
    chart = metric_chart(
        m, [at(m, date(2026, 2, 1), 10.0), at(m, date(2026, 2, 1), 8.0, Cohort.ADOPTERS)]
    )
    assert chart.note is not None and "per cohort" in chart.note


def test_without_baseline_or_target_there_are_no_lines_to_label() -> None:
    m = make_metric(baseline_value=None, target_value=None, baseline_on=None, target_on=None)
    chart = metric_chart(m, [at(m, date(2026, 2, 1), 10.0), at(m, date(2026, 4, 1), 7.0)])
    assert chart.baseline is None and chart.target is None
    assert (chart.start, chart.end) == (date(2026, 2, 1), date(2026, 4, 1))


def test_date_ticks_spread_over_the_span_and_end_on_the_last_day() -> None:
    ticks = date_ticks(date(2026, 1, 1), date(2026, 3, 1), 4)
    days = [day for day, _ in ticks]
    assert days[0] == date(2026, 1, 1).toordinal()
    assert days[-1] == date(2026, 3, 1).toordinal()
    assert days == sorted(days) and len(days) == 4
    assert ticks[0][1] == "01 Jan"


def test_date_ticks_over_a_long_span_name_months_once() -> None:
    ticks = date_ticks(date(2025, 1, 1), date(2026, 6, 1), 30)
    labels = [label for _, label in ticks]
    assert labels[0] == "Jan 2025"
    assert len(labels) == len(set(labels))


def test_date_ticks_of_a_single_day() -> None:
    assert date_ticks(date(2026, 1, 1), date(2026, 1, 1), 5) == [
        (date(2026, 1, 1).toordinal(), "01 Jan")
    ]


# -- sentiment ----------------------------------------------------------------------------


def session(title: str, day: int, kind: SessionKind = SessionKind.DISCOVERY) -> Session:
    return Session(
        initiative_id="i",
        playbook_key=kind.value,
        kind=kind,
        title=title,
        started_at=datetime(2026, 3, day, 10, tzinfo=UTC),
    )


def remark(s: Session, sentiment: int) -> Feedback:
    return Feedback(session_id=s.id, sentiment=Sentiment(sentiment), text="said")


def test_sentiment_counts_each_level_per_session_in_session_order() -> None:
    first, quiet, second = session("First", 2), session("Quiet", 3), session("Second", 9)
    feedback = [remark(first, 1), remark(first, 4), remark(first, 4), remark(second, 5)]
    by_session = sentiment_by_session([first, quiet, second], feedback)
    assert [s.title for s in by_session] == ["First", "Second"]  # no feedback, no bar
    assert by_session[0].counts == (1, 0, 0, 2, 0)
    assert by_session[0].total == 3
    assert by_session[0].average == pytest.approx(3.0)
    assert by_session[0].label == "02 Mar"
    assert sentiment_trend(by_session) == [("02 Mar", 3.0), ("09 Mar", 5.0)]


def test_feedback_of_other_initiatives_sessions_is_left_out() -> None:
    mine, elsewhere = session("Mine", 2), session("Elsewhere", 3)
    by_session = sentiment_by_session([mine], [remark(mine, 2), remark(elsewhere, 5)])
    assert by_session[0].counts == (0, 1, 0, 0, 0)


# -- satisfaction at evaluation ---------------------------------------------------------


def scores(s: Session, **values: str | int | float | None) -> FillIn:
    return FillIn(session_id=s.id, template_key="satisfaction", title="Satisfaction", values=values)


def test_satisfaction_averages_each_evaluation_session() -> None:
    pilot = session("Pilot review", 1, SessionKind.PILOT)
    early = session("Evaluation one", 5, SessionKind.EVALUATION)
    later = session("Evaluation two", 20, SessionKind.EVALUATION)
    fill_ins = [
        scores(early, solution_satisfaction=4, rollout_satisfaction=2),
        scores(early, solution_satisfaction=5, rollout_satisfaction="3"),
        scores(early, comments="only words"),
        scores(later, solution_satisfaction=3),
        scores(pilot, solution_satisfaction=1, rollout_satisfaction=1),
    ]
    points = satisfaction_by_session([pilot, early, later], fill_ins)
    assert [p.title for p in points] == ["Evaluation one", "Evaluation two"]
    assert points[0].scores == {"solution_satisfaction": 4.5, "rollout_satisfaction": 2.5}
    assert points[0].responses == 2
    assert points[1].scores == {"solution_satisfaction": 3.0}


def test_text_that_is_no_number_does_not_count_as_a_score() -> None:
    evaluation = session("Evaluation", 5, SessionKind.EVALUATION)
    points = satisfaction_by_session(
        [evaluation], [scores(evaluation, solution_satisfaction="great")]
    )
    assert points == []


# -- vote results ----------------------------------------------------------------------------


def test_fist_of_five_bars_count_each_value() -> None:
    proposal = Proposal(session_id="s", title="Adopt it", revealed=True)
    ballots = [
        Ballot(proposal_id=proposal.id, method=VoteMethod.FIST_OF_FIVE, value=v)
        for v in ("4", "4", "5", "2")
    ]
    bars = vote_bars(proposal, ballots)
    assert bars.labels == ("0", "1", "2", "3", "4", "5")
    assert bars.counts == (0, 0, 1, 0, 2, 1)
    assert bars.ballots == 4 and not bars.hidden
    assert bars.empty_message is None
    assert "failed" in bars.summary  # someone showed 2: not everyone at 3 or more


def test_a_blind_vote_stays_hidden_until_revealed() -> None:
    proposal = Proposal(session_id="s", title="Adopt it", method=VoteMethod.YES_NO)
    ballots = [Ballot(proposal_id=proposal.id, method=VoteMethod.YES_NO, value="yes")]
    bars = vote_bars(proposal, ballots)
    assert bars.hidden
    assert bars.empty_message is not None and "hidden until revealed" in bars.empty_message
    closed = proposal.model_copy(update={"status": ProposalStatus.CLOSED})
    assert not vote_bars(closed, ballots).hidden


def test_dot_vote_bars_are_the_options() -> None:
    proposal = Proposal(
        session_id="s",
        title="First change",
        method=VoteMethod.DOT,
        options=["Calendar", "Panel"],
        budget=3,
        revealed=True,
    )
    ballots = [Ballot(proposal_id=proposal.id, method=VoteMethod.DOT, dots={"Panel": 3})]
    bars = vote_bars(proposal, ballots)
    assert dict(zip(bars.labels, bars.counts, strict=True)) == {"Panel": 3, "Calendar": 0}


def test_no_votes_yet() -> None:
    proposal = Proposal(session_id="s", title="Adopt it", revealed=True)
    assert vote_bars(proposal, []).empty_message == "Adopt it: no votes cast yet."


# -- adoption -------------------------------------------------------------------------------


def cohort(name: str, size: int, started: date | None, scope: CohortScope) -> PilotCohort:
    return PilotCohort(initiative_id="i", name=name, size=size, started_on=started, scope=scope)


def test_adoption_steps_up_at_each_start_and_holds_until_today() -> None:
    cohorts = [
        cohort("Payments", 7, date(2026, 3, 1), CohortScope.TEAMS),
        cohort("Mobile", 5, date(2026, 4, 1), CohortScope.TEAMS),
        cohort("Everyone", 40, None, CohortScope.ORGANIZATION),
    ]
    chart = adoption_chart(cohorts, today=date(2026, 5, 1))
    points = [(p.on, p.value) for p in chart.series.points]
    assert points == [
        (date(2026, 3, 1), 0.0),
        (date(2026, 3, 1), 7.0),
        (date(2026, 4, 1), 7.0),
        (date(2026, 4, 1), 12.0),
        (date(2026, 5, 1), 12.0),
    ]
    assert chart.planned == 1
    assert [name for name, _, _ in chart.cohorts] == ["Payments", "Mobile"]
    assert chart.empty_message is None and chart.note is None


def test_a_whole_organization_rollout_includes_the_pilots() -> None:
    cohorts = [
        cohort("Payments", 7, date(2026, 3, 1), CohortScope.TEAMS),
        cohort("Everyone", 40, date(2026, 6, 1), CohortScope.ORGANIZATION),
    ]
    assert people_reached(cohorts, date(2026, 5, 1)) == 7
    assert people_reached(cohorts, date(2026, 6, 1)) == 40


def test_cohorts_starting_after_today_are_not_counted_yet() -> None:
    chart = adoption_chart(
        [cohort("Later", 5, date(2026, 9, 1), CohortScope.TEAMS)], today=date(2026, 5, 1)
    )
    assert chart.empty_message is not None and "(1 planned)" in chart.empty_message


def test_a_single_cohort_is_named_in_the_note() -> None:
    chart = adoption_chart(
        [cohort("Payments", 7, date(2026, 3, 1), CohortScope.TEAMS)], today=date(2026, 5, 1)
    )
    assert chart.note == "One cohort so far: Payments, 7 people since 2026-03-01."
