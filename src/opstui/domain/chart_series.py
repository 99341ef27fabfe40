"""What the charts draw: readings, feedback, fill-ins, ballots and cohorts turned into series.

Pure functions and frozen dataclasses, no plotext and no Textual. The app's chart
widgets and ``opstui chart`` draw from the same series, so an ops lead reviewing
offline sees exactly what the facilitator saw on the call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from opstui.domain.cohorts import dated_starts, has_started, is_pilot
from opstui.domain.counted_sessions import counted
from opstui.domain.initiative import PilotCohort
from opstui.domain.metrics import Cohort, Metric, Reading, format_value
from opstui.domain.session import Feedback, FillIn, Sentiment, Session, SessionKind
from opstui.domain.voting import Ballot, Proposal, ProposalStatus, tally

#: How each cohort is named in a legend.
COHORT_LABELS: dict[Cohort, str] = {
    Cohort.ALL: "All",
    Cohort.ADOPTERS: "Adopters",
    Cohort.PILOT: "Pilot",
    Cohort.NON_ADOPTERS: "Non-adopters",
}

#: The mark each series is drawn with, whatever the colours: a cohort, the baseline
#: (dashed: where the metric started), the target (solid: where it should go), a bar. Colour
#: alone fails without colour (NO_COLOR, a pipe) and on a 16-colour terminal, where the
#: theme's orange and soft red both become red; the chart, its legend and ``opstui chart``
#: all take the mark from here.
SERIES_MARKERS: dict[str, str] = {
    Cohort.ALL.value: "•",
    Cohort.ADOPTERS.value: "+",
    Cohort.PILOT.value: "x",
    Cohort.NON_ADOPTERS.value: "o",
    "baseline": "┄",
    "target": "━",
    # Bars are told apart by their fill: the five sentiment levels, the two satisfactions.
    "sentiment-1": "█",
    "sentiment-2": "▓",
    "sentiment-3": "▒",
    "sentiment-4": "░",
    "sentiment-5": "▚",
    "solution_satisfaction": "█",
    "rollout_satisfaction": "░",
}

#: A chart's only line needs no mark of its own: plotext's fine braille dots.
LONE_LINE_MARKER = "braille"


def series_marker(key: str) -> str:
    """The character a series is drawn with (``LONE_LINE_MARKER`` for a chart's only line)."""
    return SERIES_MARKERS.get(key, LONE_LINE_MARKER)


def legend_swatch(key: str) -> str:
    """How a legend shows a series' mark: twice, as plotext's own legend does."""
    marker = series_marker(key)
    return marker * 2 if marker != LONE_LINE_MARKER else "■■"


#: The evaluation playbook's satisfaction fields (1-5), and how the chart names them.
SATISFACTION_FIELDS: tuple[tuple[str, str], ...] = (
    ("solution_satisfaction", "With the solution"),
    ("rollout_satisfaction", "With the rollout"),
)

SATISFACTION_KEYS: tuple[str, ...] = tuple(key for key, _ in SATISFACTION_FIELDS)


@dataclass(frozen=True)
class Point:
    """One value on one day."""

    on: date
    value: float


@dataclass(frozen=True)
class Series:
    """A named line of points in date order; ``key`` picks its colour and its mark."""

    key: str
    label: str
    points: tuple[Point, ...]

    @property
    def dates(self) -> list[date]:
        return [p.on for p in self.points]

    @property
    def values(self) -> list[float]:
        return [p.value for p in self.points]


# -- a metric over time ------------------------------------------------------------------


@dataclass(frozen=True)
class MetricChart:
    """A metric's readings, one series per cohort, with its baseline and target."""

    title: str
    unit: str
    series: tuple[Series, ...]
    baseline: float | None
    baseline_on: date | None
    target: float | None
    target_on: date | None
    readings: int

    @property
    def start(self) -> date | None:
        """The first day the chart spans: earliest reading or the baseline date."""
        days = [p.on for s in self.series for p in s.points]
        days += [d for d in (self.baseline_on, self.target_on) if d is not None]
        return min(days) if days and self.readings else None

    @property
    def end(self) -> date | None:
        """The last day the chart spans: latest reading or the target date."""
        days = [p.on for s in self.series for p in s.points]
        days += [d for d in (self.baseline_on, self.target_on) if d is not None]
        return max(days) if days and self.readings else None

    @property
    def empty_message(self) -> str | None:
        """What to say instead of a chart when there is nothing to draw."""
        if self.readings == 0:
            return f"{self.title}: no readings yet, so there is nothing to chart."
        return None

    @property
    def note(self) -> str | None:
        """A plain remark when the readings cannot show a trend yet."""
        if self.readings == 1:
            point = self.series[0].points[0]
            return (
                f"Only one reading so far ({format_value(point.value, self.unit)} on "
                f"{point.on.isoformat()}): a trend needs two or more."
            )
        if self.readings > 1 and all(len(s.points) < 2 for s in self.series):
            return "Only one reading per cohort so far: a trend needs two or more."
        return None

    @property
    def baseline_label(self) -> str:
        when = f" ({self.baseline_on.isoformat()})" if self.baseline_on else ""
        return f"Baseline {format_value(self.baseline, self.unit)}{when}"

    @property
    def target_label(self) -> str:
        when = f" by {self.target_on.isoformat()}" if self.target_on else ""
        return f"Target {format_value(self.target, self.unit)}{when}"


def cohort_series(metric: Metric, readings: Iterable[Reading]) -> tuple[Series, ...]:
    """One series per cohort that has readings of this metric, in cohort order."""
    by_cohort: dict[Cohort, list[Reading]] = {}
    for reading in readings:
        if reading.metric_id == metric.id:
            by_cohort.setdefault(reading.cohort, []).append(reading)
    series = []
    for cohort in Cohort:
        mine = sorted(by_cohort.get(cohort, []), key=lambda r: r.taken_on)
        if mine:
            points = tuple(Point(r.taken_on, r.value) for r in mine)
            series.append(Series(cohort.value, COHORT_LABELS[cohort], points))
    return tuple(series)


def metric_chart(metric: Metric, readings: Iterable[Reading]) -> MetricChart:
    """Everything needed to draw a metric over time."""
    series = cohort_series(metric, readings)
    title = metric.name + (f" ({metric.unit})" if metric.unit.strip() else "")
    return MetricChart(
        title=title,
        unit=metric.unit,
        series=series,
        baseline=metric.baseline_value,
        baseline_on=metric.baseline_on,
        target=metric.target_value,
        target_on=metric.target_on,
        readings=sum(len(s.points) for s in series),
    )


def date_ticks(start: date, end: date, count: int) -> list[tuple[int, str]]:
    """About ``count`` evenly spread day numbers (date ordinals) and their labels."""
    first, last = start.toordinal(), end.toordinal()
    count = max(count, 1)
    if last <= first or count == 1:
        days = [first]
    else:
        step = max((last - first) / (count - 1), 1)
        days = sorted({round(first + i * step) for i in range(count)} | {last})
        days = [d for d in days if first <= d <= last]
    long_span = last - first > 330
    labels = []
    for day in days:
        on = date.fromordinal(day)
        labels.append(on.strftime("%b %Y") if long_span else on.strftime("%d %b"))
    # Month labels repeat on long spans; keep the first tick of each label only.
    seen: set[str] = set()
    ticks = []
    for day, label in zip(days, labels, strict=True):
        if label not in seen:
            seen.add(label)
            ticks.append((day, label))
    return ticks


# -- sentiment of sessions --------------------------------------------------------------


def session_label(session: Session) -> str:
    """A short name for a session on an axis: its date, else its title."""
    held = session.held_at
    return held.date().strftime("%d %b") if held else session.title[:12]


@dataclass(frozen=True)
class SessionSentiment:
    """How the remarks of one session felt: counts from very negative to very positive."""

    session_id: str
    title: str
    label: str
    counts: tuple[int, int, int, int, int]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def average(self) -> float | None:
        if not self.total:
            return None
        return sum(n * level for n, level in zip(self.counts, range(1, 6), strict=True)) / (
            self.total
        )


def sentiment_by_session(
    sessions: Sequence[Session], feedback: Iterable[Feedback]
) -> list[SessionSentiment]:
    """The sentiment of each session that heard any feedback, in the sessions' order;
    a cancelled session's mood counts for nothing (``counted_sessions``)."""
    sessions = counted(sessions)
    counts: dict[str, list[int]] = {s.id: [0, 0, 0, 0, 0] for s in sessions}
    for remark in feedback:
        if remark.session_id in counts:
            counts[remark.session_id][int(remark.sentiment) - 1] += 1
    result = []
    for session in sessions:
        c = counts[session.id]
        if sum(c):
            result.append(
                SessionSentiment(
                    session.id,
                    session.title,
                    session_label(session),
                    (c[0], c[1], c[2], c[3], c[4]),
                )
            )
    return result


def sentiment_trend(by_session: Sequence[SessionSentiment]) -> list[tuple[str, float]]:
    """The average sentiment (1-5) of each session in turn, labelled for the axis."""
    return [(s.label, s.average) for s in by_session if s.average is not None]


#: Legend names of the five sentiment levels, from very negative to very positive.
SENTIMENT_LABELS: tuple[str, ...] = tuple(level.label.capitalize() for level in Sentiment)


# -- satisfaction at evaluation ---------------------------------------------------------


@dataclass(frozen=True)
class SessionSatisfaction:
    """The average satisfaction scores given in one evaluation session."""

    session_id: str
    title: str
    label: str
    #: Field key -> average score, for the fields anyone filled in.
    scores: dict[str, float]
    responses: int


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def satisfaction_by_session(
    sessions: Sequence[Session],
    fill_ins: Iterable[FillIn],
    fields: Sequence[str] = SATISFACTION_KEYS,
) -> list[SessionSatisfaction]:
    """Average satisfaction per evaluation session, over the fill-ins that scored it."""
    evaluations = [s for s in counted(sessions) if s.kind is SessionKind.EVALUATION]
    scores: dict[str, dict[str, list[float]]] = {s.id: {} for s in evaluations}
    responses: dict[str, int] = dict.fromkeys(scores, 0)
    for fill_in in fill_ins:
        if fill_in.session_id not in scores:
            continue
        found = False
        for key in fields:
            number = _number(fill_in.values.get(key))
            if number is not None:
                scores[fill_in.session_id].setdefault(key, []).append(number)
                found = True
        responses[fill_in.session_id] += found
    result = []
    for session in evaluations:
        given = scores[session.id]
        if given:
            result.append(
                SessionSatisfaction(
                    session.id,
                    session.title,
                    session_label(session),
                    {key: sum(v) / len(v) for key, v in given.items()},
                    responses[session.id],
                )
            )
    return result


# -- a vote's result --------------------------------------------------------------------


@dataclass(frozen=True)
class VoteBars:
    """A round of a vote as bars: each choice and how many chose it."""

    title: str
    labels: tuple[str, ...]
    counts: tuple[int, ...]
    summary: str
    ballots: int
    #: A blind vote not yet revealed: the bars would give it away.
    hidden: bool

    @property
    def empty_message(self) -> str | None:
        if self.hidden:
            return f"{self.title}: {self.ballots} vote(s) cast, hidden until revealed."
        if self.ballots == 0:
            return f"{self.title}: no votes cast yet."
        return None


def vote_bars(proposal: Proposal, ballots: Iterable[Ballot], round_: int | None = None) -> VoteBars:
    """The counts of a round (the current one by default), kept hidden while blind."""
    result = tally(proposal, list(ballots), round_)
    hidden = not proposal.revealed and proposal.status is ProposalStatus.OPEN
    outcome = result.outcome.value.replace("-", " ") if result.ballots else "no votes"
    return VoteBars(
        title=proposal.title,
        labels=tuple(result.counts),
        counts=tuple(result.counts.values()),
        summary=f"{result.summary()} — {outcome}",
        ballots=result.ballots,
        hidden=hidden,
    )


# -- pilot cohorts over time ------------------------------------------------------------


@dataclass(frozen=True)
class AdoptionChart:
    """How many people the pilot cohorts had reached, day by day."""

    series: Series
    #: The started cohorts: name, start day, size, in start order.
    cohorts: tuple[tuple[str, date, int], ...]
    planned: int

    @property
    def empty_message(self) -> str | None:
        if not self.cohorts:
            waiting = f" ({self.planned} planned)" if self.planned else ""
            return f"No pilot cohort has started yet{waiting}, so there is no adoption to chart."
        return None

    @property
    def note(self) -> str | None:
        if len(self.cohorts) == 1:
            name, started, size = self.cohorts[0]
            return f"One cohort so far: {name}, {size} people since {started.isoformat()}."
        return None


def people_reached(cohorts: Iterable[PilotCohort], on: date) -> int:
    """People in the cohorts started by a day.

    Pilot cohorts are taken as separate groups of people; a whole-organization rollout
    includes them, so once one has started the count is at least its size.
    """
    started = [c for _, c in dated_starts(cohorts, on)]
    pilots = sum(c.size for c in started if is_pilot(c))
    whole = max((c.size for c in started if not is_pilot(c)), default=0)
    return max(pilots, whole)


def adoption_chart(cohorts: Sequence[PilotCohort], today: date) -> AdoptionChart:
    """A step line of people reached, from the first cohort's start to today."""
    started = [c for _, c in dated_starts(cohorts, today)]
    planned = sum(1 for c in cohorts if not has_started(c, today))
    points: list[Point] = []
    for day in sorted({c.started_on for c in started if c.started_on is not None}):
        before = people_reached(started, date.fromordinal(day.toordinal() - 1))
        points.append(Point(day, float(before)))
        points.append(Point(day, float(people_reached(started, day))))
    if points and points[-1].on < today:
        points.append(Point(today, points[-1].value))
    return AdoptionChart(
        series=Series("adoption", "People in started cohorts", tuple(points)),
        cohorts=tuple((c.name, c.started_on, c.size) for c in started if c.started_on),
        planned=planned,
    )
