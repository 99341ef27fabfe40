"""The dialog that reads a metric's readings from a CSV file, listing every bad row.

It only reads and checks the file (``services.readings_import``); the screen stores
what it is dismissed with, all at once, so a file is imported whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from opstui.domain.metrics import Metric, Reading
from opstui.domain.readings_csv import HEADER_HINT, ParsedReadings
from opstui.screens.base import METRICS_CSS
from opstui.screens.modals.form import FormModal
from opstui.services.readings_import import ReadingsFileError, bad_rows, read_readings_file

#: Bad rows listed in the dialog; the count says how many more there are.
SHOWN_PROBLEMS = 12


class ImportReadings(FormModal[ParsedReadings]):
    """Dismissed with a checked file without a single bad row, or None."""

    CSS_PATH = METRICS_CSS

    LABELS = {"path": "File"}

    def __init__(self, metric: Metric, existing: list[Reading], path: str = "") -> None:
        super().__init__()
        self.metric = metric
        self.existing = existing
        self.initial_path = path
        self.heading = f"Import readings of {metric.name}"
        self.save_label = "Import"
        #: What the last attempt found, for the tests and the problem list.
        self.parsed: ParsedReadings | None = None
        #: The path as typed, offered again next time.
        self.chosen_path = path

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled(
            "CSV file",
            Input(self.initial_path, placeholder="~/readings.csv", id="import-path"),
            hint="a path on this computer",
        )
        yield Static(
            Text.assemble(
                "The first line is the header ",
                (HEADER_HINT, "bold"),
                "; cohort (all, adopters, pilot, non-adopters) and note may be left "
                "out. Nothing is imported unless every row is good.",
            ),
            classes="import-help",
        )
        yield Static(id="import-problems")

    def on_mount(self) -> None:
        self.query_one("#import-problems", Static).display = False

    def build(self) -> ParsedReadings:
        raw = self.value_of("import-path").strip()
        problems = self.query_one("#import-problems", Static)
        problems.display = False
        if not raw:
            raise ValueError("File: type the path of a CSV file")
        self.chosen_path = raw
        path = Path(raw).expanduser()
        try:
            self.parsed = parsed = read_readings_file(path, self.metric, self.existing)
        except ReadingsFileError as exc:
            said = str(exc)
            raise ValueError(said[:1].upper() + said[1:]) from None
        if parsed.problems:
            listed = Text()
            for problem in parsed.problems[:SHOWN_PROBLEMS]:
                listed.append(f"line {problem.line}", style="bold")
                listed.append(f": {problem.reason}\n")
            more = len(parsed.problems) - SHOWN_PROBLEMS
            if more > 0:
                listed.append(f"…and {more} more.\n")
            problems.update(listed)
            problems.display = True
            raise ValueError(
                f"Nothing imported: {bad_rows(len(parsed.problems))} in {path.name}. "
                "Fix the file and try again."
            )
        return parsed
