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
from textual.app import ComposeResult, RenderResult
from textual.color import Color
from textual.events import Resize
from textual.geometry import Size
from textual.theme import Theme
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot

from opstui.charting import (
    SENTIMENT_KEYS,
    Figure,
    Palette,
    draw_adoption,
    draw_metric,
    draw_related,
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
    legend_swatch,
    sentiment_trend,
)
from opstui.domain.metrics import format_value


def theme_palette(variables: Mapping[str, str]) -> Palette:
    """Chart colours taken from the theme's variables, so charts match every theme."""

    def colour(name: str, fallback: str = "#808080") -> Color:
        return Color.parse(variables.get(name) or fallback)

    # The text colours, not the theme's base ones: those read at AA on the chart's
    # background in light themes too (see ``tones``), and so do the lines, dots and
    # legend drawn in them.
    foreground = colour("foreground", "#e0e0e0")
    muted = colour("text-muted", "#a0a0a0")
    error, warning = colour("text-error"), colour("text-warning")
    success, primary = colour("text-success"), colour("text-primary")
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


class ChartNote(Widget):
    """The line above a chart: a legend, or a remark; cut short with an ellipsis to fit."""

    DEFAULT_CSS = """
    ChartNote {
        height: 1;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.text: str | Text = ""

    def render(self) -> RenderResult:
        note = Text(self.text, style="italic") if isinstance(self.text, str) else self.text.copy()
        note.truncate(self.size.width, overflow="ellipsis")
        return note


class ChartLegend(Widget):
    """The line below a chart naming its series, each by its colour and mark.

    An entry is never cut: the entries take as many lines as the width needs, so that a
    narrow chart still tells its lines apart (plotext drops its own legend from a small
    chart, and draws it over the data).
    """

    DEFAULT_CSS = """
    ChartLegend {
        height: auto;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        #: One entry per series: its mark and its name.
        self.entries: list[Text] = []

    def arrange_lines(self, width: int) -> list[Text]:
        """The entries on lines of at most ``width`` cells, a space apart (the marks part them)."""
        lines: list[Text] = []
        for entry in self.entries:
            if lines and lines[-1].cell_len + 1 + entry.cell_len <= width:
                lines[-1].append(" ")
                lines[-1].append_text(entry)
            else:
                lines.append(entry.copy())
        return lines

    @property
    def lines(self) -> list[str]:
        """What each line says, at the width shown."""
        return [line.plain for line in self.arrange_lines(self.size.width)]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.arrange_lines(width))

    def render(self) -> RenderResult:
        return Text("\n").join(self.arrange_lines(self.size.width))


class ChartCanvas(PlotextPlot):
    """Where the chart is drawn: textual-plotext's widget, sized and themed by it."""


class ChartPlot(Widget):
    """A plotext chart that redraws on resize and theme change, with a plain-words fallback.

    The note, when there is one, is a line of its own above the chart, and the legend,
    when the chart names its series itself, lines of their own below it, so that the chart
    keeps to textual-plotext's own sizing (the canvas is the rest).
    """

    DEFAULT_CSS = """
    ChartPlot {
        width: 1fr;
        height: 1fr;
        min-height: 6;
    }
    ChartPlot > .chart-message {
        width: 1fr;
        height: 1fr;
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

    def compose(self) -> ComposeResult:
        yield Static(classes="chart-message")
        yield ChartNote()
        yield ChartCanvas()
        yield ChartLegend()

    @property
    def plt(self) -> Figure:
        """The plotext figure the chart is drawn on."""
        return self.query_one(ChartCanvas).plt

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
        palette = theme_palette(self.app.theme_variables if self.is_mounted else {})
        message, note = self.describe(palette)
        self.message, self.note = message, note
        self.set_class(message is not None, "-message")
        if not self.is_mounted:
            return
        said = self.query_one(".chart-message", Static)
        said.display = message is not None
        said.update(Text(message or ""))
        shown_note = self.query_one(ChartNote)
        shown_note.display = message is None and note is not None
        shown_note.text = note or ""
        shown_note.refresh()
        width, height = self.size.width or 80, self.size.height or 20
        shown_legend = self.query_one(ChartLegend)
        shown_legend.entries = self.legend_entries(palette) if message is None else []
        shown_legend.display = bool(shown_legend.entries)
        shown_legend.refresh(layout=True)
        canvas = self.query_one(ChartCanvas)
        canvas.display = message is None
        canvas.plt.clear_figure()
        if message is None:
            below = len(shown_legend.arrange_lines(width))
            self.draw(canvas.plt, palette, width, height - (1 if note else 0) - below)
        canvas.refresh()

    def describe(self, palette: Palette) -> tuple[str | None, str | Text | None]:
        """What to say instead of the chart, and a note to show above it."""
        return self.message, self.note

    def legend_entries(self, palette: Palette) -> list[Text]:
        """The series the legend below the chart names (none: no legend below)."""
        return []

    def draw(self, fig: Figure, palette: Palette, width: int, height: int) -> None:
        """Draw the chart on ``fig`` (subclasses)."""


def legend_entry(palette: Palette, key: str, label: str) -> Text:
    """A series named in a legend: its mark in its colour, then its name.

    The mark is the one the series is drawn with (``legend_swatch``), so that the legend
    still names each line where colours cannot tell them apart; a bar's is a square.
    """
    colour = palette.colour(key)
    style = f"rgb({colour[0]},{colour[1]},{colour[2]})" if isinstance(colour, tuple) else ""
    entry = Text()
    entry.append(legend_swatch(key), style=style)
    entry.append(f" {label}")
    return entry


def legend(palette: Palette, keys: Sequence[tuple[str, str]], after: str = "") -> Text:
    """A one-line legend: each series' mark and name, then an optional remark."""
    text = Text()
    for key, label in keys:
        text.append_text(legend_entry(palette, key, label))
        text.append(" ")
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

    def legend_entries(self, palette: Palette) -> list[Text]:
        chart = self.chart
        if chart is None:
            return []
        named = [(series.key, series.label) for series in chart.series]
        if chart.baseline is not None:
            named.append(("baseline", f"Baseline {format_value(chart.baseline)}"))
        if chart.target is not None:
            named.append(("target", f"Target {format_value(chart.target)}"))
        return [legend_entry(palette, key, label) for key, label in named]

    def draw(self, fig: Figure, palette: Palette, width: int, height: int) -> None:
        if self.chart is not None:
            # Named by the legend below (``legend_entries``), which stays at any size.
            draw_metric(fig, self.chart, palette, width, height, legend=False)


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


class RelatedChartsPlot(ChartPlot):
    """The metrics related to the one shown in the tree, each on its own axes: an
    outcome's leading indicators, or the outcome a leading indicator predicts."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        #: What is drawn: tests and the screen read the charts from here.
        self.charts: tuple[MetricChart, ...] = ()
        #: The line above the charts, saying how they relate to the metric shown.
        self.heading = ""

    def show(self, heading: str, charts: Sequence[MetricChart]) -> None:
        self.heading, self.charts = heading, tuple(charts)
        self.display = bool(self.charts)
        self.redraw()

    def describe(self, palette: Palette) -> tuple[str | None, str | Text | None]:
        if not self.charts:
            return "No related metric.", None
        return None, Text(self.heading, style="bold")

    def draw(self, fig: Figure, palette: Palette, width: int, height: int) -> None:
        draw_related(fig, self.charts, palette, width, height)
