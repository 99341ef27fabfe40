"""Drawing the chart series with plotext, for the app's chart widgets and ``opstui chart``.

Each ``draw_*`` function draws on a plotext figure: the ``plotext`` module itself on
the command line, or the ``plt`` of a textual-plotext widget in the app. Both share
plotext's figure methods, so the two show the same chart. Colours come from a
``Palette``: plotext colour names on the command line, the Textual theme in the app.
Series are told apart by their marks (``series_marker``) as well, with or without colour.
No Textual here, and plotext is imported only inside the function that needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from opstui.domain.chart_series import (
    SATISFACTION_FIELDS,
    AdoptionChart,
    MetricChart,
    Series,
    SessionSatisfaction,
    SessionSentiment,
    VoteBars,
    date_ticks,
    sentiment_trend,
    series_marker,
)
from opstui.domain.metrics import format_value
from opstui.domain.text import printable

#: A plotext figure: the ``plotext`` module or a textual-plotext ``Plot`` (untyped upstream).
Figure = Any
#: A plotext colour: a name such as "blue+", or an (r, g, b) triple.
Colour = str | tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """Colours by series key (the marks that also tell them apart: ``series_marker``)."""

    colours: Mapping[str, Colour] = field(default_factory=dict)
    #: Draw without colours (a pipe, a file, NO_COLOR): the marks alone tell series apart.
    plain: bool = False

    def colour(self, key: str) -> Colour | None:
        if self.plain:
            return None
        return self.colours.get(key)


#: Series keys in use: the cohorts, baseline and target, sentiment levels 1-5,
#: the satisfaction fields, vote bars, and adoption.
TERMINAL_PALETTE = Palette(
    {
        "all": "blue+",
        "adopters": "green+",
        "pilot": "orange+",
        "non-adopters": "magenta+",
        "baseline": "gray+",
        "target": "cyan+",
        "sentiment-1": "red",
        "sentiment-2": "orange",
        "sentiment-3": "gray+",
        "sentiment-4": "green",
        "sentiment-5": "green+",
        "trend": "blue+",
        "solution_satisfaction": "blue+",
        "rollout_satisfaction": "orange+",
        "vote": "blue+",
        "adoption": "green+",
    }
)


def _ticks(fig: Figure, start: int, end: int, width: int) -> None:
    from datetime import date

    ticks = date_ticks(date.fromordinal(start), date.fromordinal(end), max(2, width // 16))
    fig.xticks([day for day, _ in ticks], [label for _, label in ticks])


def _line(fig: Figure, series: Series, palette: Palette, *, labelled: bool = True) -> None:
    xs = [p.on.toordinal() for p in series.points]
    colour = palette.colour(series.key)
    label = series.label if labelled else None
    marker = series_marker(series.key)
    if len(xs) == 1:
        # A lone point drawn as a line is invisible; a scattered mark shows it.
        fig.scatter(xs, series.values, label=label, color=colour, marker=marker)
    else:
        fig.plot(xs, series.values, label=label, color=colour, marker=marker)


def _headroom(fig: Figure, values: Sequence[float], legend: int, height: int) -> None:
    """Leave the top rows free for the legend, which plotext draws over the data."""
    low, high = min(values), max(values)
    span = high - low or max(abs(high) * 0.2, 1.0)
    rows = max(height - 5, 4)
    free = min(legend + 1, rows // 2)
    fig.ylim(low - span * 0.05, high + span * free / max(rows - free, 1))


def draw_metric(
    fig: Figure,
    chart: MetricChart,
    palette: Palette,
    width: int,
    height: int,
    *,
    legend: bool = True,
) -> None:
    """A metric over time: one line per cohort, baseline and target as flat lines.

    The note for too few readings (``chart.note``) is left to the caller to show:
    a long title is dropped by plotext when it does not fit. Without ``legend`` the lines
    are not named on the chart: the caller names them (plotext drops its legend from a
    small chart, and draws it over the data).
    """
    if chart.start is None or chart.end is None:
        fig.title(chart.empty_message or chart.title)
        return
    start, end = chart.start.toordinal(), chart.end.toordinal()
    if end - start < 2:
        # One day only: widen the axis so the point and lines are not squeezed to an edge.
        start, end = start - 3, end + 3
    for value, key, label in (
        (chart.baseline, "baseline", chart.baseline_label),
        (chart.target, "target", chart.target_label),
    ):
        if value is not None:
            fig.plot(
                [start, end],
                [value, value],
                label=label if legend else None,
                color=palette.colour(key),
                marker=series_marker(key),
            )
    # Readings go on top of the flat lines: a reading at the baseline must stay visible.
    for series in chart.series:
        _line(fig, series, palette, labelled=legend)
    values = [v for series in chart.series for v in series.values]
    values += [v for v in (chart.baseline, chart.target) if v is not None]
    named = len(chart.series) + (chart.baseline is not None) + (chart.target is not None)
    _headroom(fig, values, named if legend else 0, height)
    _ticks(fig, start, end, width)
    fig.xlim(start, end)
    fig.title(chart.title)


#: Related metrics charted side by side at most; more go on further rows.
RELATED_PER_ROW = 3


def draw_related(
    fig: Figure, charts: Sequence[MetricChart], palette: Palette, width: int, height: int
) -> None:
    """Several metrics each on its own axes, side by side (the leading indicators of an
    outcome, or the outcome a leading indicator predicts): their units differ, so one
    shared axis would flatten all but the largest. Each is titled by its name."""
    if not charts:
        return
    cols = min(len(charts), RELATED_PER_ROW)
    rows = -(-len(charts) // cols)
    fig.subplots(rows, cols)
    for index, chart in enumerate(charts):
        sub = fig.subplot(index // cols + 1, index % cols + 1)
        if chart.empty_message is not None:
            sub.title(f"{chart.title}: no readings yet")
            continue
        draw_metric(sub, chart, palette, width // cols, height // rows, legend=False)


def count_ticks(high: float, most: int = 6) -> list[int]:
    """Whole-number ticks from 0 to at least ``high``: counts of people or remarks."""
    top = max(int(high + 0.999), 1)
    step = max(1, -(-top // most))
    return list(range(0, top + step, step))


def draw_sentiment_distribution(
    fig: Figure, sessions: Sequence[SessionSentiment], palette: Palette, height: int = 24
) -> None:
    """How each session's remarks felt: a bar per session, from very negative to very
    positive, latest session on top. The legend is the caller's (see ``SENTIMENT_KEYS``):
    plotext would draw it over the bars.
    """
    if not sessions:
        fig.title("No feedback captured in any session yet.")
        return
    labels = [s.label for s in sessions]
    levels = [[s.counts[level] for s in sessions] for level in range(5)]
    kwargs: dict[str, Any] = {
        "orientation": "horizontal",
        "width": 0.6,
        "marker": [series_marker(key) for key, _ in SENTIMENT_KEYS],
    }
    if not palette.plain:
        kwargs["color"] = [palette.colour(key) for key, _ in SENTIMENT_KEYS]
    fig.stacked_bar(labels, levels, **kwargs)
    shown = spread_labels(len(labels), height - 4, label_width=1)
    fig.yticks([i + 1 for i in shown], [labels[i] for i in shown])
    ticks = count_ticks(max(s.total for s in sessions))
    fig.xticks(ticks, [str(t) for t in ticks])
    fig.xlim(0, ticks[-1])
    total, count = sum(s.total for s in sessions), len(sessions)
    fig.title(f"{total} remarks in {count} session{'' if count == 1 else 's'}, by sentiment")


#: The sentiment levels' series keys and names, from very negative to very positive.
SENTIMENT_KEYS: tuple[tuple[str, str], ...] = (
    ("sentiment-1", "very neg."),
    ("sentiment-2", "negative"),
    ("sentiment-3", "neutral"),
    ("sentiment-4", "positive"),
    ("sentiment-5", "very pos."),
)


def spread_labels(count: int, room: int, label_width: int = 8) -> list[int]:
    """Which of ``count`` axis labels to show so that they fit ``room`` columns, evenly."""
    fits = max(room // label_width, 1)
    if count <= fits:
        return list(range(count))
    step = (count - 1) / max(fits - 1, 1)
    return sorted({round(i * step) for i in range(fits)})


def draw_sentiment_trend(
    fig: Figure, sessions: Sequence[SessionSentiment], palette: Palette, width: int = 80
) -> None:
    """The average sentiment (1 very negative, 5 very positive) from session to session."""
    trend = sentiment_trend(sessions)
    if not trend:
        fig.title("No feedback captured in any session yet.")
        return
    xs = list(range(1, len(trend) + 1))
    ys = [value for _, value in trend]
    colour = palette.colour("trend")
    dot = "●" if not palette.plain else "•"
    if len(xs) > 1:
        fig.plot(xs, ys, color=colour, marker=series_marker("trend"))
    fig.scatter(xs, ys, color=colour, marker=dot)
    fig.xlim(0.5, len(xs) + 0.5)
    # Chosen here, not left to plotext, which drops overlapping labels unpredictably.
    shown = spread_labels(len(trend), width - 8)
    fig.xticks([xs[i] for i in shown], [trend[i][0] for i in shown])
    fig.ylim(1, 5)
    fig.yticks([1, 2, 3, 4, 5], ["1 --", "2 -", "3 ~", "4 +", "5 ++"])
    fig.title(f"Average sentiment per session (latest {ys[-1]:.1f})")


def draw_satisfaction(
    fig: Figure, sessions: Sequence[SessionSatisfaction], palette: Palette, height: int = 24
) -> None:
    """Satisfaction with the solution and with the rollout (1-5), a pair of bars per
    evaluation session, latest on top. The legend is the caller's (``SATISFACTION_FIELDS``).
    """
    if not sessions:
        fig.title("No satisfaction scores yet: fill in the evaluation's satisfaction template.")
        return
    labels = [s.label for s in sessions]
    data = [[s.scores.get(key, 0.0) for s in sessions] for key, _ in SATISFACTION_FIELDS]
    kwargs: dict[str, Any] = {
        "orientation": "horizontal",
        "width": 0.6,
        "marker": [series_marker(key) for key, _ in SATISFACTION_FIELDS],
    }
    if not palette.plain:
        kwargs["color"] = [palette.colour(key) for key, _ in SATISFACTION_FIELDS]
    fig.multiple_bar(labels, data, **kwargs)
    shown = spread_labels(len(labels), height - 4, label_width=2)
    fig.yticks([i + 1 for i in shown], [labels[i] for i in shown])
    fig.xlim(0, 5)
    fig.xticks([0, 1, 2, 3, 4, 5], ["0", "1", "2", "3", "4", "5"])
    latest = sessions[-1]
    scores = ", ".join(
        f"{name.removeprefix('With the ')} {latest.scores[key]:.1f}"
        for key, name in SATISFACTION_FIELDS
        if key in latest.scores
    )
    fig.title(f"Satisfaction out of 5 — latest: {scores}")


def draw_vote(fig: Figure, bars: VoteBars, palette: Palette, width: int = 80) -> None:
    """A vote round as bars: each choice and how many chose it."""
    if bars.empty_message is not None:
        fig.title(bars.empty_message)
        return
    positions = list(range(1, len(bars.labels) + 1))
    fig.bar(positions, list(bars.counts), color=palette.colour("vote"), width=0.5)
    # Dot-vote options can be long: cut each to its bar's room, or plotext drops some.
    room = max((width - 8) // len(positions) - 1, 3)
    fig.xticks(positions, [_cut(label, room) for label in bars.labels])
    fig.xlim(0.4, len(positions) + 0.6)
    ticks = count_ticks(max(bars.counts))
    fig.yticks(ticks, [str(t) for t in ticks])
    fig.ylim(0, ticks[-1])
    fig.title(bars.summary)


def _cut(text: str, room: int) -> str:
    return text if len(text) <= room else text[: room - 1] + "…"


def draw_adoption(fig: Figure, chart: AdoptionChart, palette: Palette, width: int) -> None:
    """People in started pilot cohorts over time, as a step line."""
    if chart.empty_message is not None:
        fig.title(chart.empty_message)
        return
    series = chart.series
    xs = [p.on.toordinal() for p in series.points]
    start, end = xs[0], max(xs[-1], xs[0] + 2)
    colour = palette.colour("adoption")
    fig.plot(xs, series.values, color=colour, marker=series_marker("adoption"))
    # Each cohort's start, marked where the line steps up.
    starts = [d.toordinal() for _, d, _ in chart.cohorts]
    reached = [series.values[xs.index(day) + 1] for day in starts]
    fig.scatter(starts, reached, color=colour, marker="●" if not palette.plain else "•")
    _ticks(fig, start, end, width)
    fig.xlim(start - 1, end + 1)
    ticks = count_ticks(max(series.values) * 1.1)
    fig.yticks(ticks, [str(t) for t in ticks])
    fig.ylim(0, ticks[-1])
    latest = format_value(series.values[-1])
    cohorts = len(chart.cohorts)
    fig.title(f"{latest} people in {cohorts} started cohort{'' if cohorts == 1 else 's'}")


def render_metric(chart: MetricChart, *, width: int, height: int, colour: bool) -> str:
    """The metric chart as terminal text, for ``opstui chart``."""
    # The drawing carries colour codes, so the user's text is made printable before it.
    chart = replace(chart, title=_one_line(chart.title), unit=_one_line(chart.unit))
    return _render(
        lambda fig, palette: draw_metric(fig, chart, palette, width, height),
        width=width,
        height=height,
        colour=colour,
    )


def render_sentiment(
    sessions: Sequence[SessionSentiment], *, width: int, height: int, colour: bool
) -> str:
    """An initiative's sentiment across sessions, for ``opstui chart --sentiment``: the
    average per session, then how each session's remarks felt (the metrics screen's two
    sentiment charts), each drawn with the sessions' names made printable."""
    safe = [replace(s, title=_one_line(s.title), label=_one_line(s.label)) for s in sessions]
    trend = _render(
        lambda fig, palette: draw_sentiment_trend(fig, safe, palette, width),
        width=width,
        height=height,
        colour=colour,
    )
    bars = _render(
        lambda fig, palette: draw_sentiment_distribution(fig, safe, palette, height),
        width=width,
        height=height,
        colour=colour,
    )
    return trend + "\n\n" + bars


def render_vote(bars: VoteBars, *, width: int, height: int, colour: bool) -> str:
    """A vote round's result as bars, for ``opstui chart --vote``."""
    bars = replace(
        bars,
        title=_one_line(bars.title),
        labels=tuple(_one_line(label) for label in bars.labels),
        summary=_one_line(bars.summary),
    )
    return _render(
        lambda fig, palette: draw_vote(fig, bars, palette, width),
        width=width,
        height=height,
        colour=colour,
    )


def render_adoption(chart: AdoptionChart, *, width: int, height: int, colour: bool) -> str:
    """People in started pilot cohorts over time, for ``opstui chart --adoption``."""
    chart = replace(
        chart, cohorts=tuple((_one_line(name), on, size) for name, on, size in chart.cohorts)
    )
    return _render(
        lambda fig, palette: draw_adoption(fig, chart, palette, width),
        width=width,
        height=height,
        colour=colour,
    )


def _one_line(text: str) -> str:
    return printable(text, lines=False)


def _render(
    draw: Callable[[Figure, Palette], None], *, width: int, height: int, colour: bool
) -> str:
    """One chart drawn by plotext as terminal text: in colour, or plain (marks only)."""
    import plotext as plt  # imported here: the other commands do not pay for it

    plt.clf()
    plt.plotsize(width, height)
    palette = TERMINAL_PALETTE if colour else Palette(plain=True)
    # The terminal's own background and text colour, whatever the user's scheme.
    plt.theme("clear")
    draw(plt, palette)
    text: str = plt.build()
    if not colour:
        text = plt.uncolorize(text)
    return "\n".join(line.rstrip() for line in text.splitlines())
