"""The Readiness tab: change readiness (Lippitt-Knoster) rated over time.

A row per element and a column per assessment show how the ratings moved; below, the
latest assessment's weak elements are named with the symptom they are likely to cause.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from opstui.domain.facts import InitiativeFacts
from opstui.domain.readiness import ELEMENTS, diagnose_readiness, overall, trend
from opstui.domain.readiness import latest_assessment as latest
from opstui.domain.session import ReadinessAssessment, ReadinessElement
from opstui.screens import clock
from opstui.screens.commands import Command
from opstui.screens.workspace.tab import Edit, InitiativeRead, TableTab
from opstui.screens.workspace.text import dim
from opstui.widgets.tones import BAD, BAD_BOLD, GOOD, MUTED, WARN
from opstui.widgets.user_text import printable

#: The widths of the element and symptom columns, and of an assessment's.
ELEMENT_WIDTH = 11
SYMPTOM_WIDTH = 12
ASSESSMENT_WIDTH = 10


def rating_cell(rating: int) -> Text:
    style = BAD if rating <= 2 else (WARN if rating == 3 else GOOD)
    return Text(str(rating), style=style)


def latest_assessment(facts: InitiativeFacts) -> Text:
    """The latest assessment: its mean, its weak elements and how the ratings moved."""
    chosen = latest(facts.readiness)
    if chosen is None:
        return Text()
    text = Text().append(f"Latest: {chosen.assessed_on.isoformat()}", style="bold")
    text.append(f", mean {overall(chosen):.1f}", style=MUTED)
    if chosen.note.strip():
        text.append(" · ", style=MUTED)
        text.append(printable(" ".join(chosen.note.split())))
    weak = diagnose_readiness(chosen)
    if not weak:
        text.append(" — no element is weak.", style=GOOD)
    for weakness in weak:
        info = ELEMENTS[weakness.element]
        text.append(f"\n{weakness.element.label} {weakness.rating}", style=BAD_BOLD)
        text.append(f" → {weakness.symptom}: ", style="bold")
        text.append(info.looks_like)
        text.append("\n    ")
        text.append(weakness.advice, style=MUTED)
    history = trend(facts.readiness)
    if len(facts.readiness) > 1:
        changes = []
        for element, points in history.items():
            first, last = points[0][1], points[-1][1]
            arrow = "↑" if last > first else ("↓" if last < first else "=")
            changes.append(f"{element.label} {first}→{last} {arrow}")
        text.append(f"\nSince {history[ReadinessElement.VISION][0][0]}: ", style=MUTED)
        text.append(" · ".join(changes), style=MUTED)
    return text


class ReadinessTab(TableTab):
    """The ratings over time above, the latest assessment explained below."""

    KEY = "readiness"
    TITLE = "Readiness"
    COMMANDS = (Command("a", "add_readiness", "Assess readiness", edits=True, label="Assess"),)

    @dataclass
    class Assessed(Edit):
        """A readiness assessment was filled in."""

        assessment: ReadinessAssessment

    def __init__(self, initiative_id: str, *, build_now: bool = False) -> None:
        """Make the tab.

        Args:
            initiative_id: The initiative a new assessment is of.
            build_now: Compose the widgets with the tab.
        """
        super().__init__(build_now=build_now)
        self.initiative_id = initiative_id

    def show(self, read: InitiativeRead) -> None:
        """One row per element, one column per assessment: the ratings over time."""
        facts = read.facts
        table = self.table
        keep = self.highlighted
        table.clear(columns=True)
        table.add_column(Text.assemble(("Element", "bold")), key="element", width=ELEMENT_WIDTH)
        table.add_column(Text.assemble(("If weak", "bold")), key="symptom", width=SYMPTOM_WIDTH)
        ordered = sorted(facts.readiness, key=lambda a: a.assessed_on)
        # As many of the latest assessments as fit, oldest on the left.
        room = max(
            (self.screen.size.width - 2 * (ELEMENT_WIDTH + 2) - 4) // (ASSESSMENT_WIDTH + 2), 1
        )
        shown = ordered[-room:]
        for assessment in shown:
            table.add_column(
                Text.assemble((assessment.assessed_on.isoformat(), "bold")),
                key=assessment.id,
                width=ASSESSMENT_WIDTH,
            )
        for element in ReadinessElement:
            table.add_row(
                Text(element.label),
                dim(ELEMENTS[element].symptom),
                *(rating_cell(a.rating(element)) for a in shown),
                key=element.value,
            )
        if shown:
            table.add_row(
                Text.assemble(("Mean", "bold")),
                Text(""),
                *(Text(f"{overall(a):.1f}") for a in shown),
                key="mean",
            )
        self.restore_cursor(table, keep)
        self.show_detail()

    def detail(self) -> Text:
        facts = self.shown.facts if self.shown else None
        if facts is None or not facts.readiness:
            return dim(
                "No assessment yet. Press a to rate the six elements of "
                "change readiness (Lippitt-Knoster)."
            )
        return latest_assessment(facts)

    def add_assessment(self) -> None:
        """Ask for a new assessment of today."""
        from opstui.screens.modals.readiness_form import ReadinessForm

        def added(assessment: ReadinessAssessment | None) -> None:
            if assessment is not None:
                self.post_message(self.Assessed(assessment))

        self.app.push_screen(ReadinessForm(self.initiative_id, clock.today()), added)
