"""Progress of a metric from baseline to target: directions, missing data, cohorts."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opstui.domain.metrics import (
    Cohort,
    Direction,
    Metric,
    MetricKind,
    Reading,
    Standing,
    cohorts_measured,
    describe_progress,
    format_value,
    progress,
    progress_by_cohort,
    standing,
)

START = date(2026, 1, 1)
END = date(2026, 7, 1)  # 181 days after START


def metric(
    *,
    direction: Direction = Direction.HIGHER,
    baseline: float | None = 2.0,
    target: float | None = 6.0,
    dated: bool = True,
) -> Metric:
    return Metric(
        initiative_id="i",
        name="Interviews per PM",
        direction=direction,
        baseline_value=baseline,
        baseline_on=START if dated else None,
        target_value=target,
        target_on=END if dated else None,
    )


def reading(m: Metric, on: date, value: float, cohort: Cohort = Cohort.ALL) -> Reading:
    return Reading(metric_id=m.id, taken_on=on, value=value, cohort=cohort)


def test_rising_metric_ahead_of_the_calendar_is_on_track() -> None:
    m = metric()
    result = progress(m, [reading(m, date(2026, 3, 1), 4.0)], today=date(2026, 3, 1))
    assert result.latest == 4.0
    assert result.share == pytest.approx(0.5)
    assert result.percent == "50%"
    assert not result.reached
    # 59 of 181 days gone, half the way done: ahead of schedule.
    assert result.on_track is True
    assert standing(result) is Standing.ON_TRACK


def test_rising_metric_that_lags_the_calendar_is_behind() -> None:
    m = metric()
    result = progress(m, [reading(m, date(2026, 6, 1), 3.0)], today=date(2026, 6, 1))
    assert result.share == pytest.approx(0.25)
    assert result.on_track is False
    assert standing(result) is Standing.BEHIND


def test_falling_metric_counts_going_down_as_progress() -> None:
    m = metric(direction=Direction.LOWER, baseline=12.0, target=5.0)
    halfway = progress(m, [reading(m, date(2026, 2, 1), 8.5)], today=date(2026, 2, 1))
    assert halfway.share == pytest.approx(0.5)
    assert halfway.on_track is True
    worse = progress(m, [reading(m, date(2026, 2, 1), 14.0)], today=date(2026, 2, 1))
    assert worse.share is not None and worse.share < 0
    assert worse.on_track is False


def test_falling_metric_reaches_its_target_by_going_under_it() -> None:
    m = metric(direction=Direction.LOWER, baseline=12.0, target=5.0)
    result = progress(m, [reading(m, date(2026, 5, 1), 4.0)], today=date(2026, 3, 1))
    assert result.reached
    assert result.on_track is True
    assert result.share is not None and result.share > 1
    assert standing(result) is Standing.REACHED


def test_rising_metric_reaches_its_target_at_or_above_it() -> None:
    m = metric()
    at_target = progress(m, [reading(m, date(2026, 12, 1), 6.0)], today=date(2026, 12, 1))
    assert at_target.reached and at_target.share == pytest.approx(1.0)
    assert standing(at_target) is Standing.REACHED
    below = progress(m, [reading(m, date(2026, 12, 1), 5.9)], today=date(2026, 12, 1))
    assert not below.reached
    assert standing(below) is Standing.BEHIND


def test_missing_baseline_gives_the_latest_value_but_no_share() -> None:
    m = metric(baseline=None)
    result = progress(m, [reading(m, date(2026, 3, 1), 4.0)], today=date(2026, 3, 1))
    assert result.latest == 4.0
    assert result.share is None
    assert result.on_track is None
    assert result.percent == "–"
    assert standing(result) is Standing.NO_BASELINE
    assert "record a baseline" in describe_progress(m, result)
    assert "target" not in describe_progress(m, result)


def test_missing_target_is_named_in_the_description() -> None:
    m = metric(target=None)
    result = progress(m, [reading(m, date(2026, 3, 1), 4.0)], today=date(2026, 3, 1))
    assert standing(result) is Standing.NO_BASELINE
    assert "record a target" in describe_progress(m, result)


def test_no_dates_means_no_verdict_on_pace() -> None:
    m = metric(dated=False)
    result = progress(m, [reading(m, date(2026, 3, 1), 3.0)], today=date(2026, 3, 1))
    assert result.share == pytest.approx(0.25)
    assert result.on_track is None
    assert standing(result) is Standing.UNDATED


def test_no_readings() -> None:
    m = metric()
    result = progress(m, [], today=date(2026, 3, 1))
    assert result.latest is None and result.share is None
    assert standing(result) is Standing.NO_READINGS
    assert describe_progress(m, result) == "no readings yet"


def test_latest_is_by_date_not_by_order_of_entry() -> None:
    m = metric()
    readings = [reading(m, date(2026, 5, 1), 5.0), reading(m, date(2026, 2, 1), 3.0)]
    assert progress(m, readings, today=date(2026, 3, 1)).latest == 5.0
    assert progress(m, readings, today=date(2026, 3, 1)).latest_on == date(2026, 5, 1)


def test_readings_of_other_metrics_are_ignored() -> None:
    m, other = metric(), metric()
    result = progress(m, [reading(other, date(2026, 5, 1), 100.0)], today=date(2026, 3, 1))
    assert result.latest is None


def test_progress_per_cohort_reads_each_cohort_alone() -> None:
    m = metric()
    readings = [
        reading(m, date(2026, 3, 1), 3.0, Cohort.ALL),
        reading(m, date(2026, 3, 1), 5.0, Cohort.ADOPTERS),
        reading(m, date(2026, 4, 1), 6.5, Cohort.ADOPTERS),
        reading(m, date(2026, 3, 1), 2.0, Cohort.NON_ADOPTERS),
    ]
    results = progress_by_cohort(m, readings, today=date(2026, 4, 1))
    assert list(results) == [Cohort.ALL, Cohort.ADOPTERS, Cohort.PILOT, Cohort.NON_ADOPTERS]
    assert results[Cohort.ADOPTERS].latest == 6.5
    assert standing(results[Cohort.ADOPTERS]) is Standing.REACHED
    assert results[Cohort.ALL].share == pytest.approx(0.25)
    assert standing(results[Cohort.PILOT]) is Standing.NO_READINGS
    assert results[Cohort.NON_ADOPTERS].share == pytest.approx(0.0)
    assert cohorts_measured(readings) == [Cohort.ALL, Cohort.ADOPTERS, Cohort.NON_ADOPTERS]


def test_description_of_adopters_against_the_baseline() -> None:
    m = metric().model_copy(update={"unit": "interviews"})
    result = progress(m, [reading(m, date(2026, 3, 1), 4.0)], today=date(2026, 3, 1))
    assert describe_progress(m, result) == (
        "4 interviews on 2026-03-01: 50% of the way from 2 to 6 — on track"
    )


def test_usage_kind_is_still_measured_like_any_other() -> None:
    m = metric().model_copy(update={"kind": MetricKind.USAGE})
    assert progress(m, [reading(m, date(2026, 3, 1), 6.0)], today=date(2026, 3, 1)).reached


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (12.0, "", "12"),
        (4.5, "days", "4.5 days"),
        (38.0, "%", "38%"),
        (0.12345, "", "0.123"),
        (1234.5678, "", "1,234.6"),
        (12345678.0, "", "12,345,678"),
        (-0.0, "", "0"),
        (None, "days", "–"),
    ],
)
def test_format_value(value: float | None, unit: str, shown: str) -> None:
    assert format_value(value, unit) == shown


@given(
    base=st.floats(-1e6, 1e6),
    gap=st.floats(0.001, 1e6),
    first=st.floats(-1e6, 1e6),
    step=st.floats(0.0, 1e6),
)
def test_a_better_reading_never_shows_less_progress(
    base: float, gap: float, first: float, step: float
) -> None:
    for direction, target in ((Direction.HIGHER, base + gap), (Direction.LOWER, base - gap)):
        m = metric(direction=direction, baseline=base, target=target, dated=False)
        better = first + step if direction is Direction.HIGHER else first - step
        worse_share = progress(m, [reading(m, START, first)], today=date(2026, 3, 1)).share
        better_share = progress(m, [reading(m, START, better)], today=date(2026, 3, 1)).share
        assert worse_share is not None and better_share is not None
        assert better_share >= worse_share - 1e-9
