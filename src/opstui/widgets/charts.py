"""Chart widgets (textual-plotext): a metric over time, session sentiment, satisfaction,
a vote's result, and pilot cohorts' adoption.

Each widget is given its series (from ``opstui.domain.chart_series``) with ``show()``
and draws them with ``opstui.charting``, the same code ``opstui chart`` prints with.
Colours follow the app's theme and change with it; the chart is redrawn when resized;
with nothing to draw the widget says so in a plain sentence instead of empty axes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import RenderResult
from textual.color import Color
from textual.events import Resize
from textual.theme import Theme
from textual_plotext import PlotextPlot

from opstui.charting import (
    SENTIMENT_KEYS,
    Figure,
    Palette,
    draw_adoption,
    draw_metric,
    draw_satisfaction,
    draw_sentiment_distribution,
    draw_sentiment_trend,
    draw_vote,
)
from opstui.domain.chart_series import (
    SATISFACTION_FIELDS,
    AdoptionChart,
    MetricChart,
    SessionSatisfaction,
    SessionSentiment,
    VoteBars,
    sentiment_trend,
)


def theme_palette(variables: Mapping[str, str]) -> Palette:
    """Chart colours taken from the theme's variables, so charts match every theme."""

    def colour(name: str, fallback: str = "#808080") -> Color:
        return Color.parse(variables.get(name) or fallback)

    surface = colour("surface", "#1e1e1e")
    foreground = colour("foreground", "#e0e0e0")
    # Muted foreground comes with transparency; laid over the surface it is a plain grey.
    muted = surface + colour("foreground-muted", "#e0e0e099")
    error, warning, success = colour("error"), colour("warning"), colour("success")
    primary = colour("primary")
    colours = {
        "all": primary,
        "adopters": success,
        "pilot": warning,
        # Softened, so that non-adopters read as a contrast rather than an alarm.
        "non-adopters": error.blend(muted, 0.3),
        "baseline": muted,
        "target": foreground,
        "sentiment-1": error,
        "sentiment-2": error.blend(warning, 0.5),
        "sentiment-3": muted,
        "sentiment-4": success.blend(muted, 0.4),
        "sentiment-5": success,
        "trend": primary,
        "solution_satisfaction": primary,
        "rollout_satisfaction": warning,
        "vote": primary,
        "adoption": success,
    }
    return Palette({key: c.rgb for key, c in colours.items()})


class ChartPlot(PlotextPlot):
    """A plotext chart that redraws on resize and theme change, with a plain-words fallback."""

    DEFAULT_CSS = """
    ChartPlot {
        height: 1fr;
        min-height: 6;
    }
    ChartPlot.-message {
        color: $text-muted;
        padding: 1 2;
    }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        #: Said instead of a chart when there is nothing to draw.
        self.message: str | None = "Nothing to chart yet."
        #: Said above the chart: a legend, or that it cannot show much yet (one reading).
        self.note: str | Text | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.redraw()

    def _theme_changed(self, theme: Theme) -> None:
        self.redraw()

    def on_resize(self, event: Resize) -> None:
        # Tick labels are spread by the width, so a new size needs a fresh drawing.
        self.redraw()

    def redraw(self) -> None:
        """Draw the series again with the current size and theme."""
        self.plt.clear_figure()
        palette = theme_palette(self.app.theme_variables if self.is_mounted else {})
        message, note = self.describe(palette)
        self.message, self.note = message, note
        self.set_class(message is not None, "-message")
        if message is None and self.is_mounted:
            width, height = self.size.width or 80, self.size.height or 20
            self.draw(self.plt, palette, width, height - (1 if note else 0))
        self.refresh()

    def describe(self, palette: Palette) -> tuple[str | None, str | Text | None]:
        """What to say instead of the chart, and a note to show above it."""
        return self.message, self.note

    def draw(self, fig: Figure, palette: Palette, width: int, height: int) -> None:
        """Draw the chart on ``fig`` (subclasses)."""

    def render(self) -> RenderResult:
        if self.message is not None:
            return Text(self.message)
        width, height = self.size.width, self.size.height
        rows = height - 1 if self.note and height > 4 else height
        # As PlotextPlot.render does, but leaving a line for the note when there is one.
        self.plt.plotsize(width, rows)
        self.plt._set_size(width, rows)
        self.plt.theme(self._get_plotext_theme_name(self.app.theme))
        chart = Text.from_ansi(self.plt.build())
        if rows == height or self.note is None:
            return chart
        note = Text(self.note, style="italic") if isinstance(self.note, str) else self.note.copy()
        note.truncate(width, overflow="ellipsis")
        return Text.assemble(note, "\n", chart)


def legend(palette: Palette, keys: Sequence[tuple[str, str]], after: str = "") -> Text:
    """A one-line legend: a coloured square and a name per series, then an optional remark."""
    text = Text()
    for key, label in keys:
        colour = palette.colour(key)
        style = f"rgb({colour[0]},{colour[1]},{colour[2]})" if isinstance(colour, tuple) else ""
        text.append("■", style=style)
        text.append(f" {label} ")
    if after:
        text.append(f"· {after}", style="italic")
    return text


class MetricChartPlot(ChartPlot):
    """A metric over time: a line per cohort, baseline and target as flat lines."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        #: What is drawn: tests and the screen read the series from here.
        self.chart: MetricChart | None = None

    def show(self, chart: MetricChart | None) -> None:
        self.chart = chart
        self.redraw()

    def describe(self, palette: Palette) -> tuple[str | None, str | Text | None]:
        if self.chart is None:
            return "Choose a metric to see its chart.", None
        return self.chart.empty_message, self.chart.note

    def draw(self, fig: Figure, palette: Palette, width: int, height: int) -> None:
        if self.chart is not None:
            draw_metric(fig, self.chart, palette, width, height)


class SentimentDistributionPlot(ChartPlot):
    """How each session's remarks felt, as stacked bars from very negative to very positive."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.sessions: list[SessionSentiment] = []

    def show(self, sessions: Sequence[SessionSentiment]) -> None:
        self.sessions = list(sessions)
        self.redraw()

    def describe(self, palette: Palette) -> tuple[str | None, str | Text | None]:
        if not self.sessions:
            return "No feedback captured in this initiative's sessions yet.", None
        return None, legend(palette, SENTIMENT_KEYS)

    def draw(self, fig: Figure, palette: Palette, width: int, height: int) -> None:
        draw_sentiment_distribution(fig, self.sessions, palette, height)


class SentimentTrendPlot(ChartPlot):
    """The average sentiment of each session in turn, on the 1-5 scale."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.sessions: list[SessionSentiment] = []

    def show(self, sessions: Sequence[SessionSentiment]) -> None:
        self.sessions = list(sessions)
        self.redraw()

    def describe(self, palette: Palette) -> tuple[str | None, str | Text | None]:
        trend = sentiment_trend(self.sessions)
        if not trend:
            return "No feedback yet, so no sentiment trend.", None
        if len(trend) == 1:
            return None, "Only one session with feedback: a trend needs two or more."
        return None, None

    def draw(self, fig: Figure, palette: Palette, width: int, height: int) -> None:
        draw_sentiment_trend(fig, self.sessions, palette, width)


class SatisfactionPlot(ChartPlot):
    """Satisfaction with the solution and with the rollout, per evaluation session."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.sessions: list[SessionSatisfaction] = []

    def show(self, sessions: Sequence[SessionSatisfaction]) -> None:
        self.sessions = list(sessions)
        self.redraw()

    def describe(self, palette: Palette) -> tuple[str | None, str | Text | None]:
        if not self.sessions:
            return (
                "No satisfaction scores yet: they come from the Satisfaction template "
                "of an evaluation session.",
                None,
            )
        after = "one evaluation so far" if len(self.sessions) == 1 else ""
        return None, legend(palette, SATISFACTION_FIELDS, after)

    def draw(self, fig: Figure, palette: Palette, width: int, height: int) -> None:
        draw_satisfaction(fig, self.sessions, palette, height)


class VoteResultPlot(ChartPlot):
    """A vote round as bars; a blind vote stays hidden until it is revealed."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.bars: VoteBars | None = None

    def show(self, bars: VoteBars | None) -> None:
        self.bars = bars
        self.redraw()

    def describe(self, palette: Palette) -> tuple[str | None, str | Text | None]:
        if self.bars is None:
            return "Choose a vote to see its result.", None
        return self.bars.empty_message, Text(self.bars.title, style="bold")

    def draw(self, fig: Figure, palette: Palette, width: int, height: int) -> None:
        if self.bars is not None:
            draw_vote(fig, self.bars, palette, width)


class AdoptionPlot(ChartPlot):
    """People in the started pilot cohorts over time."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.chart: AdoptionChart | None = None

    def show(self, chart: AdoptionChart) -> None:
        self.chart = chart
        self.redraw()

    def describe(self, palette: Palette) -> tuple[str | None, str | Text | None]:
        if self.chart is None:
            return "No pilot cohorts yet.", None
        return self.chart.empty_message, self.chart.note

    def draw(self, fig: Figure, palette: Palette, width: int, height: int) -> None:
        if self.chart is not None:
            draw_adoption(fig, self.chart, palette, width)
