"""A process map on screen: the drawing, then what the checks found, scrollable both ways.

Fed a ``MapView`` from above (the live map panel, the workspace's Sessions tab); it draws
for the width it has and draws again when that changes. Everything in it is Rich
``Text`` built from plain strings, so no name, role or label is ever read as markup.
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import ScrollableContainer
from textual.widgets import Static

from opstui.domain.text import printable
from opstui.services.process_mapping import MapView
from opstui.widgets.map_drawing import draw_map, findings_lines, wants_ascii
from opstui.widgets.tones import BAD_BOLD, MUTED, WARN_BOLD

EMPTY = "No lines yet. Type one hand-off a line, e.g.  [start] Brief (PM) -> Review (Design): brief"


def summary(view: MapView) -> Text:
    """One line over the drawing: how many steps and hand-offs, and the findings by check."""
    text = Text()
    if view.process_map is None:
        return text
    steps, hand_offs = len(view.process_map.steps), len(view.process_map.hand_offs)
    text.append(f"{steps} step{'s' * (steps != 1)}, {hand_offs} hand-off{'s' * (hand_offs != 1)}")
    counts = Counter(finding.check.label for finding in view.findings)
    if counts:
        found = ", ".join(f"{n} {label}" for label, n in counts.items())
        text.append(" · findings below: ", style=MUTED)
        text.append(found, style=WARN_BOLD)
    else:
        text.append(" · no findings", style=MUTED)
    return text


def map_text(view: MapView | None, width: int, *, ascii: bool) -> Text:
    """The whole content: summary, drawing (or why there is none), findings."""
    if view is None or not view.lines:
        return Text(EMPTY, style=MUTED)
    if view.error is not None:
        text = Text(f"Line {view.error.line} no longer reads: ", style=BAD_BOLD)
        text.append(printable(view.error.message, lines=False))
        text.append("\nEdit or delete it to see the map again.", style=MUTED)
        return text
    assert view.process_map is not None
    drawing = draw_map(view.process_map, view.findings, width=width, ascii=ascii)
    lines = [summary(view), Text("")]
    if not drawing.graph:
        lines.append(Text("Too wide to draw here: one hand-off a line.", style=MUTED))
    lines += drawing.lines
    lines.append(Text(""))
    lines += findings_lines(view.process_map, view.findings, ascii=ascii)
    return Text("\n").join(lines)


class ProcessMapView(ScrollableContainer, can_focus=True):
    """The map drawn, with its findings under it."""

    DEFAULT_CSS = """
    ProcessMapView {
        overflow: auto auto;
    }
    ProcessMapView > #map-drawing {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, ascii: bool | None = None) -> None:
        super().__init__(id=id)
        self.view: MapView | None = None
        self.ascii = wants_ascii() if ascii is None else ascii
        self._drawn_for: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(EMPTY, style=MUTED), id="map-drawing")

    def show(self, view: MapView | None) -> None:
        self.view = view
        self._draw()

    @property
    def room(self) -> int:
        """The cells a line may take without scrolling sideways."""
        return max(self.scrollable_content_region.width - 1, 20)

    def _draw(self) -> None:
        self._drawn_for = self.room
        self.query_one("#map-drawing", Static).update(
            map_text(self.view, self.room, ascii=self.ascii)
        )

    def on_resize(self, event: events.Resize) -> None:
        if self.room != self._drawn_for:
            self._draw()
