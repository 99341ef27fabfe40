"""Metrics whose readings are derived: weighted events, and yes/no capability checks.

The guide's Keoki Andrus example counts schedule changes, weighting those close to the
release date more than those far from it, and follows whether sales reps can demo a
feature. Such metrics are not typed in as readings: events and checks are recorded, and
``derived_readings`` turns them into the readings every screen, chart, report and rule
reads (one rule, here; the store only loads the rows).

The rules, decided once:

- **Weight of an event.** An event with no distance to a milestone (``days_before`` is
  None) counts fully; so does every event when the metric has no window. Otherwise an
  event at most ``window_days`` before its milestone counts fully, and one further away
  counts ``beyond_weight`` of its magnitude (0 when no fraction is set: only the window
  counts).
- **Periods.** An ISO week starting on Monday, a calendar month, or a calendar quarter.
  A derived reading is dated on its period's *first* day: "the week of 2 March",
  "March", "the first quarter", as people label such numbers, and never a date still to
  come for the period under way.
- **Events → readings.** Per period, the sum of the weighted magnitudes, for every
  cohort that has events and for ``all`` (which includes every event). A period with no
  events between a cohort's first and last reads 0: a quiet week is a result, not a
  gap.
- **Checks → readings.** Per period in which a cohort had at least one check, the
  percentage (0-100) of people capable, taking each person's latest check as of the
  period's last day (a person re-checked later counts as the later check says). For a
  cohort, only checks recorded for that cohort count; ``all`` takes every check.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from pydantic import Field, field_validator

from opstui.domain.base import PlanDate, Prose, Record, utcnow
from opstui.domain.metrics import Cohort, Measure, Metric, Period, Reading

#: Events and checks are gathered into at most this many periods per cohort: a typo'd
#: year far away must not make a chart of a hundred thousand weeks.
MAX_PERIODS = 2_000


class MetricEvent(Record):
    """Something that happened, with a size, some days before a milestone (or none)."""

    metric_id: str
    happened_on: PlanDate
    magnitude: float = 1.0
    #: How many days before its milestone (the release, GA) it happened; None if none.
    days_before: int | None = Field(default=None, ge=0, le=100_000)
    cohort: Cohort = Cohort.ALL
    note: Prose = ""
    session_id: str | None = None
    created_at: datetime = Field(default_factory=utcnow)

    @field_validator("magnitude")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value


class CapabilityCheck(Record):
    """Whether one person could do the thing ("demo the feature") when checked."""

    metric_id: str
    person_id: str
    capable: bool
    checked_on: PlanDate
    cohort: Cohort = Cohort.ALL
    note: Prose = ""
    created_at: datetime = Field(default_factory=utcnow)


def is_derived(metric: Metric) -> bool:
    """Whether the metric's readings come from events or checks, not typed in."""
    return metric.measure is not Measure.READINGS


def refuses_entered_readings(metric: Metric) -> str | None:
    """Why readings cannot be typed in (or imported) for this metric, if they cannot."""
    match metric.measure:
        case Measure.EVENTS:
            return (
                f"{metric.name!r} is measured from events: log an event, and its "
                "readings are worked out from them"
            )
        case Measure.CAPABILITY:
            return (
                f"{metric.name!r} is measured from checks of people: check people, and its "
                "readings are worked out from them"
            )
        case _:
            return None


def event_weight(metric: Metric, event: MetricEvent) -> float:
    """How much of an event's magnitude counts under the metric's rule (0 to 1)."""
    if metric.window_days is None or event.days_before is None:
        return 1.0
    if event.days_before <= metric.window_days:
        return 1.0
    return metric.beyond_weight or 0.0


def describe_rule(metric: Metric) -> str:
    """The weighting rule in words, e.g. "within 30 days counts fully, beyond 0.25"."""
    if metric.measure is Measure.CAPABILITY:
        return f"share of people capable, per {metric.period.value}"
    if metric.window_days is None:
        return f"every event counts fully, per {metric.period.value}"
    beyond = metric.beyond_weight or 0
    return (
        f"within {metric.window_days} days counts fully, beyond counts "
        f"{beyond:g}, per {metric.period.value}"
    )


def period_start(day: date, period: Period) -> date:
    """The first day of the period ``day`` falls in (Monday, the 1st, a quarter's 1st)."""
    match period:
        case Period.WEEK:
            return day - timedelta(days=day.weekday())
        case Period.MONTH:
            return day.replace(day=1)
        case Period.QUARTER:
            return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_period(start: date, period: Period) -> date:
    """The first day of the period after the one starting on ``start``."""
    if period is Period.WEEK:
        return start + timedelta(days=7)
    months = 1 if period is Period.MONTH else 3
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def period_end(start: date, period: Period) -> date:
    """The last day of the period starting on ``start``."""
    return next_period(start, period) - timedelta(days=1)


def _periods(first: date, last: date, period: Period) -> list[date]:
    starts: list[date] = []
    start = period_start(first, period)
    while start <= last and len(starts) < MAX_PERIODS:
        starts.append(start)
        start = next_period(start, period)
    return starts


def _reading_id(metric: Metric, cohort: Cohort, start: date) -> str:
    # Stable, so that a selected row stays selected when the events are read again.
    return f"derived:{metric.id}:{cohort.value}:{start.isoformat()}"


def event_readings(metric: Metric, events: Iterable[MetricEvent]) -> list[Reading]:
    """The readings a metric's events make: weighted sums per period and cohort."""
    mine = [e for e in events if e.metric_id == metric.id]
    by_cohort: dict[Cohort, list[MetricEvent]] = defaultdict(list)
    for event in mine:
        by_cohort[Cohort.ALL].append(event)
        if event.cohort is not Cohort.ALL:
            by_cohort[event.cohort].append(event)
    readings: list[Reading] = []
    for cohort in Cohort:
        found = by_cohort.get(cohort)
        if not found:
            continue
        sums: dict[date, float] = defaultdict(float)
        counts: dict[date, int] = defaultdict(int)
        for event in found:
            start = period_start(event.happened_on, metric.period)
            sums[start] += event_weight(metric, event) * event.magnitude
            counts[start] += 1
        first = min(e.happened_on for e in found)
        last = max(e.happened_on for e in found)
        for start in _periods(first, last, metric.period):
            count = counts.get(start, 0)
            readings.append(
                Reading(
                    id=_reading_id(metric, cohort, start),
                    metric_id=metric.id,
                    taken_on=start,
                    value=round(sums.get(start, 0.0), 6) + 0.0,
                    cohort=cohort,
                    note=f"{count} event{'' if count == 1 else 's'}",
                )
            )
    return _in_order(readings)


def capability_readings(metric: Metric, checks: Iterable[CapabilityCheck]) -> list[Reading]:
    """The readings a metric's checks make: the share of people capable per period."""
    mine = sorted(
        (c for c in checks if c.metric_id == metric.id),
        key=lambda c: (c.checked_on, c.created_at),
    )
    readings: list[Reading] = []
    for cohort in Cohort:
        found = [c for c in mine if cohort is Cohort.ALL or c.cohort is cohort]
        if not found:
            continue
        checked_in = {period_start(c.checked_on, metric.period) for c in found}
        latest: dict[str, bool] = {}
        position = 0
        for start in sorted(checked_in):
            end = period_end(start, metric.period)
            while position < len(found) and found[position].checked_on <= end:
                latest[found[position].person_id] = found[position].capable
                position += 1
            capable = sum(latest.values())
            readings.append(
                Reading(
                    id=_reading_id(metric, cohort, start),
                    metric_id=metric.id,
                    taken_on=start,
                    value=round(100 * capable / len(latest), 6),
                    cohort=cohort,
                    note=f"{capable} of {len(latest)} capable",
                )
            )
    return _in_order(readings)


def _in_order(readings: list[Reading]) -> list[Reading]:
    return sorted(readings, key=lambda r: (r.taken_on, list(Cohort).index(r.cohort)))


def derived_readings(
    metric: Metric,
    entered: Sequence[Reading],
    events: Iterable[MetricEvent] = (),
    checks: Iterable[CapabilityCheck] = (),
) -> list[Reading]:
    """The readings a metric has, however it is measured: what everything reads.

    Entered readings for a metric measured by readings; for one measured by events or
    checks, those worked out from them (readings typed in before its measure changed
    are not part of it: the store refuses that change while any remain).
    """
    match metric.measure:
        case Measure.EVENTS:
            return event_readings(metric, events)
        case Measure.CAPABILITY:
            return capability_readings(metric, checks)
        case _:
            return [r for r in entered if r.metric_id == metric.id]


def readings_for(
    metrics: Iterable[Metric],
    entered: Iterable[Reading],
    events: Iterable[MetricEvent],
    checks: Iterable[CapabilityCheck],
) -> list[Reading]:
    """Every metric's readings (``derived_readings``), metric by metric, in order."""
    by_metric: dict[str, tuple[list[Reading], list[MetricEvent], list[CapabilityCheck]]] = {}
    ordered = list(metrics)
    for metric in ordered:
        by_metric[metric.id] = ([], [], [])
    for reading in entered:
        if reading.metric_id in by_metric:
            by_metric[reading.metric_id][0].append(reading)
    for event in events:
        if event.metric_id in by_metric:
            by_metric[event.metric_id][1].append(event)
    for check in checks:
        if check.metric_id in by_metric:
            by_metric[check.metric_id][2].append(check)
    result: list[Reading] = []
    for metric in ordered:
        own, own_events, own_checks = by_metric[metric.id]
        result.extend(derived_readings(metric, own, own_events, own_checks))
    return result
