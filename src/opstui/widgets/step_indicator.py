"""The step indicator: where an initiative stands among the six steps, and what each asks.

The first line shows the six steps with the current one highlighted and, for each, a
mark saying whether its expected output exists yet. Below it, one step is explained:
its key question and expected output. That is the current step unless the user
browses with the arrow keys (when the indicator has focus) or clicks another step.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

from opstui.domain.steps import Step
from opstui.widgets.tones import GOOD, GOOD_BOLD, MUTED, WARN, WARN_BOLD

#: Names short enough for six steps to fit on a narrow terminal.
SHORT_TITLES: dict[Step, str] = {
    Step.IDENTIFY_PROBLEM: "Problem",
    Step.DEFINE_SUCCESS: "Success",
    Step.VALIDATE: "Validate",
    Step.SELECT_INFRASTRUCTURE: "Select",
    Step.PROTOTYPE_AND_EXPAND: "Prototype",
    Step.EVALUATE: "Evaluate",
}

SEPARATOR = " › "


class StepIndicator(Widget, can_focus=True):
    """Steps 1-6 on one line, and the question and output of the step in view."""

    DEFAULT_CSS = """
    StepIndicator {
        height: 3;
        padding: 0 1;
        background: $panel;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    StepIndicator:focus {
        background-tint: $foreground 5%;
    }
    """

    BINDINGS = [
        Binding("left", "browse(-1)", show=False),
        Binding("right", "browse(1)", show=False),
        Binding("home", "show_current", show=False),
    ]

    current: reactive[Step] = reactive(Step.IDENTIFY_PROBLEM)
    shown: reactive[Step] = reactive(Step.IDENTIFY_PROBLEM)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.present: dict[Step, bool] = {}
        #: Where each step's segment sits on the first line, for clicks.
        self._spans: list[tuple[int, int, Step]] = []

    def set_state(self, current: Step, present: Mapping[Step, bool]) -> None:
        """Show where the initiative stands and which steps' outputs exist."""
        self.present = dict(present)
        moved = current != self.current
        self.current = current
        if moved or not self.has_focus:
            self.shown = current
        self.refresh()

    # -- rendering -------------------------------------------------------------------

    def _mark(self, step: Step) -> tuple[str, str]:
        """The symbol before a step and its style."""
        there = self.present.get(step, False)
        if step < self.current:
            return ("✓", GOOD) if there else ("!", WARN_BOLD)
        if step == self.current:
            return ("✓", GOOD_BOLD) if there else ("▶", "bold")
        # A step ahead is never ticked: the initiative has not got there, whatever exists.
        return ("·", MUTED)

    def _name_style(self, step: Step) -> str:
        """The current step stands out; steps ahead are dimmed."""
        if step == self.current:
            return "bold reverse"
        return MUTED if step > self.current else ""

    def _line(
        self, names: Mapping[Step, str], separator: str = SEPARATOR
    ) -> tuple[Text, list[tuple[int, int, Step]]]:
        line = Text()
        spans: list[tuple[int, int, Step]] = []
        for step in Step:
            if step is not Step.IDENTIFY_PROBLEM:
                line.append(separator, style=MUTED)
            start = len(line)
            symbol, symbol_style = self._mark(step)
            line.append(symbol, style=symbol_style)
            name = names.get(step, "")
            label = f" {int(step)}" + (f" {name}" if name else "")
            line.append(label, style=self._name_style(step))
            if step == self.shown and self.has_focus:
                # Added on its own: a tone's name does not combine with others in one string.
                line.stylize("underline", len(line) - len(label), len(line))
            spans.append((start, len(line), step))
        return line, spans

    def _fitting_line(self, width: int) -> tuple[Text, list[tuple[int, int, Step]]]:
        """Full names if they fit, else short names, else numbers and the current name."""
        options: list[tuple[Mapping[Step, str], str]] = [
            ({s: s.title for s in Step}, SEPARATOR),
            (SHORT_TITLES, SEPARATOR),
            (SHORT_TITLES, " "),
            ({self.current: SHORT_TITLES[self.current]}, SEPARATOR),
        ]
        for names, separator in options:
            line, spans = self._line(names, separator)
            if line.cell_len <= width:
                return line, spans
        return self._line({})

    def render(self) -> Text:
        width = max(self.content_size.width, 1)
        line, self._spans = self._fitting_line(width)
        step = self.shown
        info = step.info
        text = Text()
        text.append_text(line)
        text.append("\n")
        where = (
            "current step" if step == self.current else ("done" if step < self.current else "ahead")
        )
        text.append(f"Step {int(step)} {info.title}", style="bold")
        text.append(f" ({where}): ", style=MUTED)
        text.append(info.question)
        text.append("\n")
        text.append("Output: ", style=MUTED)
        text.append(info.output)
        if self.present.get(step, False) and step > self.current:
            text.append("  in place early, not reached yet", style=MUTED)
        elif self.present.get(step, False):
            text.append("  ✓ there", style=GOOD)
        else:
            text.append("  ✗ not there yet", style=WARN if step <= self.current else MUTED)
        return text

    # -- browsing --------------------------------------------------------------------

    def action_browse(self, delta: int) -> None:
        self.shown = Step(min(max(int(self.shown) + delta, 1), 6))

    def action_show_current(self) -> None:
        self.shown = self.current

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        if event.y != 0:
            return
        x = event.x - self.styles.padding.left
        for start, end, step in self._spans:
            if start <= x < end:
                self.shown = step
                return
