"""Metrics, their readings, and how far a metric has come from baseline to target."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Self

from pydantic import Field, field_validator, model_validator

from opstui.domain.base import Line, PlanDate, Prose, Record, Title


class MetricKind(StrEnum):
    OUTCOME = "outcome"
    LEADING = "leading"
    SENTIMENT = "sentiment"
    USAGE = "usage"

    @property
    def label(self) -> str:
        return "leading indicator" if self is MetricKind.LEADING else self.value


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Measure(StrEnum):
    """How a metric's readings come: entered, from weighted events, or from checks."""

    READINGS = "readings"
    #: Events logged with a magnitude, weighted by how near a milestone they fell and
    #: summed per period (``opstui.domain.metric_events``).
    EVENTS = "events"
    #: Yes/no checks per person ("can demo the feature"): the share capable per cohort.
    CAPABILITY = "capability"


class Period(StrEnum):
    """The period events and checks are gathered into readings by."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


class Cohort(StrEnum):
    ALL = "all"
    ADOPTERS = "adopters"
    PILOT = "pilot"
    NON_ADOPTERS = "non-adopters"


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


class Metric(Record):
    """What the initiative measures, from where it started to where it should get."""

    initiative_id: str
    name: Title
    kind: MetricKind = MetricKind.OUTCOME
    unit: Line = ""
    direction: Direction = Direction.HIGHER
    baseline_value: float | None = None
    baseline_on: PlanDate | None = None
    target_value: float | None = None
    target_on: PlanDate | None = None
    #: The main outcome metric shown on the dashboard.
    primary: bool = False
    #: The outcome metric a leading indicator predicts (the metric tree).
    predicts_id: str | None = None
    measure: Measure = Measure.READINGS
    #: Events within this many days before their milestone count fully...
    window_days: int | None = Field(default=None, ge=0)
    #: ...and those further away count this fraction of their magnitude.
    beyond_weight: float | None = Field(default=None, ge=0, le=1)
    period: Period = Period.WEEK

    _check_values = field_validator("baseline_value", "target_value")(_finite)

    @model_validator(mode="after")
    def _target_after_baseline(self) -> Self:
        if self.baseline_on and self.target_on and self.target_on < self.baseline_on:
            raise ValueError("the target date comes before the baseline date")
        if self.predicts_id is not None and self.predicts_id == self.id:
            raise ValueError("a metric cannot predict itself")
        return self

    @property
    def has_baseline(self) -> bool:
        return self.baseline_value is not None


class Reading(Record):
    """One measurement of a metric on a day, for a cohort."""

    metric_id: str
    taken_on: PlanDate
    value: float
    cohort: Cohort = Cohort.ALL
    note: Prose = ""

    _check_value = field_validator("value")(_finite)


#: Words that betray a metric counting tool usage rather than an outcome.
_USAGE_WORDS = re.compile(
    r"\b(log-?ins?|logged in|sign-?ins?|page ?views?|views|visits|clicks|sessions opened"
    r"|documents? created|docs created|attendance|attendees|active users|dau|mau)\b",
    re.IGNORECASE,
)

#: The guide's pairs: what people count by mistake, and the outcome to count instead.
USAGE_ALTERNATIVES: dict[str, str] = {
    "logins": "problems solved with the tool",
    "documents created": "decisions improved by the documents",
    "attendance": "alignment reached in the meetings",
}


def looks_like_usage(name: str) -> bool:
    """Whether a metric's name counts tool usage (logins, views, attendance...)."""
    return bool(_USAGE_WORDS.search(name))


def usage_warning(metric_name: str, kind: MetricKind) -> str | None:
    """The warning for a metric that measures usage instead of an outcome, if it does."""
    if kind is not MetricKind.USAGE and not looks_like_usage(metric_name):
        return None
    lowered = metric_name.lower()
    if re.search(r"log-?ins?|logged in|sign-?ins?|visits|views|active users", lowered):
        example = "logins", USAGE_ALTERNATIVES["logins"]
    elif "document" in lowered or "docs created" in lowered:
        example = "documents created", USAGE_ALTERNATIVES["documents created"]
    elif "attend" in lowered:
        example = "attendance", USAGE_ALTERNATIVES["attendance"]
    else:
        example = "logins", USAGE_ALTERNATIVES["logins"]
    return (
        "This counts use of a tool, not whether the problem got solved. "
        f"Instead of {example[0]}, measure {example[1]}."
    )


@dataclass(frozen=True)
class Progress:
    """Where a metric stands: latest reading against baseline and target."""

    latest: float | None
    latest_on: date | None
    #: Share of the way from baseline to target, 0.0 at baseline, 1.0 at target.
    share: float | None
    reached: bool
    #: On track given the target date; None when there is not enough to say.
    on_track: bool | None

    @property
    def percent(self) -> str:
        return "–" if self.share is None else f"{round(self.share * 100)}%"


def progress(
    metric: Metric,
    readings: list[Reading],
    *,
    cohort: Cohort = Cohort.ALL,
    today: date,
) -> Progress:
    """How far the metric's latest reading for a cohort has come from baseline to target.

    "On track" compares the share of the way covered with the share of the time from
    baseline to target date gone by ``today``: the same day for every screen, report
    and command, so none says "on track" where another says "behind".
    """
    mine = sorted(
        (r for r in readings if r.cohort is cohort and r.metric_id == metric.id),
        key=lambda r: r.taken_on,
    )
    if not mine:
        return Progress(None, None, None, False, None)
    latest = mine[-1]
    base, target = metric.baseline_value, metric.target_value
    if base is None or target is None:
        return Progress(latest.value, latest.taken_on, None, False, None)
    higher = metric.direction is Direction.HIGHER
    reached = latest.value >= target if higher else latest.value <= target
    span = target - base
    share = (latest.value - base) / span if span else (1.0 if reached else 0.0)
    on_track: bool | None = None
    if reached:
        on_track = True
    elif metric.baseline_on and metric.target_on and metric.target_on > metric.baseline_on:
        total_days = (metric.target_on - metric.baseline_on).days
        elapsed = min(max((today - metric.baseline_on).days, 0), total_days)
        on_track = share >= elapsed / total_days
    return Progress(latest.value, latest.taken_on, share, reached, on_track)


class Standing(StrEnum):
    """A one-word verdict on a metric's progress, for tables and reports."""

    NO_READINGS = "no readings"
    NO_BASELINE = "no baseline or target"
    REACHED = "target reached"
    ON_TRACK = "on track"
    BEHIND = "behind"
    #: Baseline and target known, but not the dates that say how fast it should move.
    UNDATED = "no target date"


def standing(result: Progress) -> Standing:
    """The verdict behind a progress: reached, on track, behind, or why it cannot say."""
    if result.latest is None:
        return Standing.NO_READINGS
    if result.share is None:
        return Standing.NO_BASELINE
    if result.reached:
        return Standing.REACHED
    if result.on_track is None:
        return Standing.UNDATED
    return Standing.ON_TRACK if result.on_track else Standing.BEHIND


def progress_by_cohort(
    metric: Metric, readings: list[Reading], *, today: date
) -> dict[Cohort, Progress]:
    """Progress for every cohort at once, in the order all, adopters, pilot, non-adopters."""
    return {cohort: progress(metric, readings, cohort=cohort, today=today) for cohort in Cohort}


def cohorts_measured(readings: list[Reading]) -> list[Cohort]:
    """The cohorts that have at least one reading, in the usual cohort order."""
    present = {r.cohort for r in readings}
    return [c for c in Cohort if c in present]


def format_value(value: float | None, unit: str = "") -> str:
    """A reading as people write it: "12", "4.5 h", "38%" (no trailing .0, no noise)."""
    if value is None:
        return "–"
    value = value + 0.0  # turns -0.0 into 0.0, so nothing shows as "-0"
    if float(value).is_integer():
        text = f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.0f}"
    elif abs(value) >= 100:
        text = f"{value:,.1f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:.3g}"
        if "e" in text:  # tiny values: plain decimals read better than 1e-05
            text = f"{value:.6f}".rstrip("0").rstrip(".")
    unit = unit.strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit in ("%", "‰") else f"{text} {unit}"


def describe_progress(metric: Metric, result: Progress) -> str:
    """One plain sentence on a cohort's progress, e.g. for a table cell's detail or a CLI."""
    match standing(result):
        case Standing.NO_READINGS:
            return "no readings yet"
        case Standing.NO_BASELINE:
            missing = " and ".join(
                name
                for name, value in (
                    ("a baseline", metric.baseline_value),
                    ("a target", metric.target_value),
                )
                if value is None
            )
            return (
                f"{format_value(result.latest, metric.unit)} on {result.latest_on}; "
                f"record {missing} to see progress"
            )
        case verdict:
            # The unit once, on the latest value: "4.2 days on 2026-03-02: 40% of the way
            # from 12 to 5 — behind" reads better than a unit after every number.
            base = format_value(metric.baseline_value)
            target = format_value(metric.target_value)
            return (
                f"{format_value(result.latest, metric.unit)} on {result.latest_on}: "
                f"{result.percent} of the way from {base} to {target} — {verdict.value}"
            )
