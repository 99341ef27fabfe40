"""The dialog that reads a metric's readings from a CSV file, listing every bad row.

It only reads and checks the file (``services.readings_import``), in a worker behind a
progress bar (``JobProgress``: a file of 300,000 rows takes seconds); the screen stores
what it is dismissed with, whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from opstui.domain.metrics import Metric, Reading
from opstui.domain.readings_csv import HEADER_HINT, ParsedReadings
from opstui.screens.base import METRICS_CSS, guarded
from opstui.screens.modals.form import FormModal
from opstui.screens.modals.job_progress import JobEnded, JobProgress
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

    @guarded()
    def action_save(self) -> None:
        """Check the file behind a progress bar; dismissed with it once it holds no bad
        row, else its problems are listed here."""
        raw = self.value_of("import-path").strip()
        problems = self.query_one("#import-problems", Static)
        problems.display = False
        self.show_error("")
        if not raw:
            self.show_error("File: type the path of a CSV file")
            return
        self.chosen_path = raw
        path = Path(raw).expanduser()
        metric, existing = self.metric, self.existing

        def checked(outcome: JobEnded[ParsedReadings] | None) -> None:
            if outcome is None:
                return
            if outcome.cancelled:
                self.show_error("Checking the file was cancelled; nothing imported.")
                return
            if isinstance(outcome.error, ReadingsFileError):
                said = str(outcome.error)
                self.show_error(said[:1].upper() + said[1:])
                return
            self.parsed = parsed = outcome.unwrap()
            if parsed.problems:
                self._list_problems(parsed, path)
                return
            self.dismiss(parsed)

        self.app.push_screen(
            JobProgress(
                f"Checking {path.name}",
                lambda progress: read_readings_file(path, metric, existing, progress),
            ),
            checked,
        )

    def _list_problems(self, parsed: ParsedReadings, path: Path) -> None:
        problems = self.query_one("#import-problems", Static)
        listed = Text()
        for problem in parsed.problems[:SHOWN_PROBLEMS]:
            listed.append(f"line {problem.line}", style="bold")
            listed.append(f": {problem.reason}\n")
        more = len(parsed.problems) - SHOWN_PROBLEMS
        if more > 0:
            listed.append(f"…and {more} more.\n")
        problems.update(listed)
        problems.display = True
        self.show_error(
            f"Nothing imported: {bad_rows(len(parsed.problems))} in {path.name}. "
            "Fix the file and try again."
        )
