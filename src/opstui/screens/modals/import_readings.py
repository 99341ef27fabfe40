"""The dialog that reads a metric's readings from a CSV file, listing every bad row.

It only reads and checks the file; the screen stores what it is dismissed with, all
at once, so a file is imported whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from opstui.domain.metrics import Metric, Reading
from opstui.domain.readings_csv import HEADER_HINT, ParsedReadings, parse_readings_csv
from opstui.screens.base import METRICS_CSS
from opstui.screens.modals.form import FormModal

#: Bad rows listed in the dialog; the count says how many more there are.
SHOWN_PROBLEMS = 12


def read_readings_file(path: Path, metric: Metric, existing: list[Reading]) -> ParsedReadings:
    """Parse a CSV file of readings; a file that cannot be read raises ValueError."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ValueError(f"No file at {path}") from None
    except IsADirectoryError:
        raise ValueError(f"{path} is a folder; give the path of a .csv file") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text; save it as CSV (UTF-8)") from None
    except OSError as exc:
        raise ValueError(f"Cannot read {path}: {exc.strerror or exc}") from None
    return parse_readings_csv(text, metric.id, existing=existing)


class ImportReadings(FormModal[list[Reading]]):
    """Dismissed with the readings of a file without a single bad row, or None."""

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

    def build(self) -> list[Reading]:
        raw = self.value_of("import-path").strip()
        problems = self.query_one("#import-problems", Static)
        problems.display = False
        if not raw:
            raise ValueError("File: type the path of a CSV file")
        self.chosen_path = raw
        path = Path(raw).expanduser()
        self.parsed = parsed = read_readings_file(path, self.metric, self.existing)
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
            rows = len(parsed.problems)
            raise ValueError(
                f"Nothing imported: {rows} bad row{'' if rows == 1 else 's'} in {path.name}. "
                "Fix the file and try again."
            )
        return parsed.readings
