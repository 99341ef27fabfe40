"""Events weighted by their distance to a milestone, and capability checks, as readings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opstui.domain.metric_events import (
    CapabilityCheck,
    MetricEvent,
    capability_readings,
    derived_readings,
    event_readings,
    event_weight,
    next_period,
    period_end,
    period_start,
    readings_for,
    refuses_entered_readings,
)
from opstui.domain.metrics import Cohort, Measure, Metric, MetricKind, Period, Reading

PERIODS = list(Period)


def events_metric(**fields: object) -> Metric:
    values: dict[str, object] = {
        "initiative_id": "i",
        "name": "Size of date changes close to GA",
        "measure": Measure.EVENTS,
        "window_days": 30,
        "beyond_weight": 0.25,
        "period": Period.MONTH,
    }
    values.update(fields)
    return Metric.model_validate(values)


def capability_metric(period: Period = Period.MONTH) -> Metric:
    return Metric(
        initiative_id="i",
        name="Reps able to demo",
        measure=Measure.CAPABILITY,
        period=period,
        unit="%",
    )


def event(
    metric: Metric, on: date, days: int | None, magnitude: float = 1, **kw: object
) -> MetricEvent:
    return MetricEvent.model_validate(
        {"metric_id": metric.id, "happened_on": on, "days_before": days, "magnitude": magnitude}
        | kw
    )


def check(metric: Metric, person: str, capable: bool, on: date, **kw: object) -> CapabilityCheck:
    return CapabilityCheck.model_validate(
        {"metric_id": metric.id, "person_id": person, "capable": capable, "checked_on": on} | kw
    )


# -- weighting -----------------------------------------------------------------------------


def test_exactly_the_window_counts_fully_and_one_day_more_counts_the_fraction() -> None:
    metric = events_metric()
    day = date(2026, 3, 2)
    assert event_weight(metric, event(metric, day, 30)) == 1.0
    assert event_weight(metric, event(metric, day, 31)) == 0.25
    assert event_weight(metric, event(metric, day, 0)) == 1.0


def test_no_milestone_distance_or_no_window_counts_fully() -> None:
    metric = events_metric()
    assert event_weight(metric, event(metric, date(2026, 3, 2), None)) == 1.0
    unwindowed = events_metric(window_days=None)
    assert event_weight(unwindowed, event(unwindowed, date(2026, 3, 2), 400)) == 1.0


def test_a_window_without_a_fraction_counts_nothing_beyond_it() -> None:
    metric = events_metric(beyond_weight=None)
    assert event_weight(metric, event(metric, date(2026, 3, 2), 31)) == 0.0


def test_events_sum_their_weighted_magnitudes_per_month_and_cohort() -> None:
    metric = events_metric()
    events = [
        event(metric, date(2026, 3, 2), 10, 2),  # 2
        event(metric, date(2026, 3, 20), 60, 4, cohort=Cohort.PILOT),  # 4 x 0.25 = 1
        event(metric, date(2026, 5, 1), 5, 1),  # 1; April reads 0
    ]
    readings = event_readings(metric, events)
    every = [(r.taken_on, r.value) for r in readings if r.cohort is Cohort.ALL]
    assert every == [(date(2026, 3, 1), 3.0), (date(2026, 4, 1), 0.0), (date(2026, 5, 1), 1.0)]
    pilot = [(r.taken_on, r.value) for r in readings if r.cohort is Cohort.PILOT]
    assert pilot == [(date(2026, 3, 1), 1.0)]
    assert {r.cohort for r in readings} == {Cohort.ALL, Cohort.PILOT}
    assert readings[0].note == "2 events"


def test_no_events_no_readings() -> None:
    metric = events_metric()
    assert event_readings(metric, []) == []
    assert capability_readings(capability_metric(), []) == []


def test_another_metrics_events_are_not_counted() -> None:
    metric, other = events_metric(), events_metric()
    assert event_readings(metric, [event(other, date(2026, 3, 2), 1)]) == []


def test_weeks_start_on_monday_across_the_year_end() -> None:
    metric = events_metric(period=Period.WEEK)
    # Thursday 1 January 2026 falls in the week of Monday 29 December 2025.
    readings = event_readings(
        metric, [event(metric, date(2025, 12, 29), 1), event(metric, date(2026, 1, 4), 1)]
    )
    assert [(r.taken_on, r.value) for r in readings] == [(date(2025, 12, 29), 2.0)]
    readings = event_readings(metric, [event(metric, date(2026, 1, 5), 1)])
    assert readings[0].taken_on == date(2026, 1, 5)


def test_quarters_across_the_year_end() -> None:
    metric = events_metric(period=Period.QUARTER)
    readings = event_readings(
        metric, [event(metric, date(2025, 11, 30), 1), event(metric, date(2026, 2, 1), 1, 3)]
    )
    assert [(r.taken_on, r.value) for r in readings] == [
        (date(2025, 10, 1), 1.0),
        (date(2026, 1, 1), 3.0),
    ]


@given(st.dates(date(1971, 1, 1), date(2199, 1, 1)), st.sampled_from(PERIODS))
def test_a_day_lies_within_its_period(day: date, period: Period) -> None:
    start = period_start(day, period)
    end = period_end(start, period)
    assert start <= day <= end
    assert period_start(end, period) == start
    assert period_start(end + timedelta(days=1), period) == next_period(start, period)
    if period is Period.WEEK:
        assert start.weekday() == 0


@given(
    st.lists(
        st.tuples(
            st.dates(date(2024, 1, 1), date(2027, 12, 31)),
            st.one_of(st.none(), st.integers(0, 200)),
            st.floats(0, 100),
        ),
        max_size=30,
    ),
    st.sampled_from(PERIODS),
)
def test_the_all_cohort_sums_every_weighted_event(
    raw: list[tuple[date, int | None, float]], period: Period
) -> None:
    metric = events_metric(period=period)
    events = [event(metric, on, days, size) for on, days, size in raw]
    total = sum(event_weight(metric, e) * e.magnitude for e in events)
    readings = [r for r in event_readings(metric, events) if r.cohort is Cohort.ALL]
    assert sum(r.value for r in readings) == pytest.approx(total, abs=1e-4)
    dates = [r.taken_on for r in readings]
    assert dates == sorted(set(dates))


# -- capability ----------------------------------------------------------------------------


def test_share_capable_per_month_with_the_latest_check_per_person() -> None:
    metric = capability_metric()
    checks = [
        check(metric, "ana", False, date(2026, 1, 10)),
        check(metric, "ben", True, date(2026, 1, 12), cohort=Cohort.PILOT),
        # February: nobody checked, so no reading.
        check(metric, "ana", True, date(2026, 3, 3)),  # re-checked: now capable
        check(metric, "cy", False, date(2026, 3, 4)),
    ]
    readings = capability_readings(metric, checks)
    every = [(r.taken_on, r.value, r.note) for r in readings if r.cohort is Cohort.ALL]
    assert every == [
        (date(2026, 1, 1), 50.0, "1 of 2 capable"),
        (date(2026, 3, 1), pytest.approx(200 / 3), "2 of 3 capable"),
    ]
    pilot = [(r.taken_on, r.value) for r in readings if r.cohort is Cohort.PILOT]
    assert pilot == [(date(2026, 1, 1), 100.0)]


def test_a_later_check_in_the_same_period_overrides() -> None:
    metric = capability_metric()
    checks = [
        check(metric, "ana", True, date(2026, 1, 20)),
        check(metric, "ana", False, date(2026, 1, 5)),
    ]
    [reading] = capability_readings(metric, checks)
    assert reading.value == 100.0  # the 20th is the later check, whatever the order given
    checks.append(check(metric, "ana", False, date(2026, 1, 31)))
    [reading] = capability_readings(metric, checks)
    assert reading.value == 0.0


@given(
    st.lists(
        st.tuples(
            st.sampled_from("abcdef"), st.booleans(), st.dates(date(2025, 6, 1), date(2026, 6, 1))
        ),
        min_size=1,
        max_size=25,
    )
)
def test_the_last_share_is_everyones_latest_check(raw: list[tuple[str, bool, date]]) -> None:
    metric = capability_metric(Period.WEEK)
    checks = [check(metric, person, capable, on) for person, capable, on in raw]
    latest: dict[str, tuple[date, bool]] = {}
    for c in sorted(checks, key=lambda c: (c.checked_on, c.created_at)):
        latest[c.person_id] = (c.checked_on, c.capable)
    expected = 100 * sum(capable for _, capable in latest.values()) / len(latest)
    readings = capability_readings(metric, checks)
    assert readings[-1].value == pytest.approx(expected)
    assert all(0 <= r.value <= 100 for r in readings)
    assert len(readings) == len({period_start(c.checked_on, Period.WEEK) for c in checks})


# -- one rule for every reader ---------------------------------------------------------------


def test_derived_readings_ignore_typed_in_readings_of_derived_metrics() -> None:
    metric = events_metric()
    typed = Reading(metric_id=metric.id, taken_on=date(2026, 3, 1), value=99)
    assert derived_readings(metric, [typed]) == []
    plain = Metric(initiative_id="i", name="Lead time")
    own = Reading(metric_id=plain.id, taken_on=date(2026, 3, 1), value=5)
    assert derived_readings(plain, [own, typed]) == [own]


def test_readings_for_keeps_metric_order_and_stable_ids() -> None:
    events_of, capable = events_metric(), capability_metric()
    found = readings_for(
        [capable, events_of],
        [],
        [event(events_of, date(2026, 3, 2), 1)],
        [check(capable, "ana", True, date(2026, 3, 2))],
    )
    assert [r.metric_id for r in found] == [capable.id, events_of.id]
    again = readings_for([events_of], [], [event(events_of, date(2026, 3, 9), 1)], [])
    assert again[0].id == found[1].id  # the same month, the same reading


def test_entering_readings_is_refused_only_for_derived_metrics() -> None:
    assert "log an event" in (refuses_entered_readings(events_metric()) or "")
    assert "check people" in (refuses_entered_readings(capability_metric()) or "")
    assert refuses_entered_readings(Metric(initiative_id="i", name="Lead time")) is None


def test_an_events_magnitude_is_finite_and_its_days_before_not_negative() -> None:
    metric = events_metric()
    with pytest.raises(ValueError):
        event(metric, date(2026, 3, 2), 1, float("nan"))
    with pytest.raises(ValueError):
        event(metric, date(2026, 3, 2), -1)


def test_a_pulse_never_reads_into_a_metric_measured_from_events() -> None:
    from opstui.domain.pulse import PULSE_QUESTIONS, pulse_metric

    question = next(iter(PULSE_QUESTIONS.values()))
    typed = Metric(initiative_id="i", name=question.metric_name, kind=MetricKind.SENTIMENT)
    assert pulse_metric("i", question, [typed]) == typed
    logged = typed.model_copy(update={"measure": Measure.EVENTS})
    assert pulse_metric("i", question, [logged]) is None
