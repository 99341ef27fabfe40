"""Reading a metric's readings from CSV, with every bad row named by line and reason.

The file has a header line ``date,value,cohort,note``; ``cohort`` and ``note`` may be
left out (the cohort is then "all"), and the columns may come in any order. Nothing
here writes anything: the caller stores the readings only when ``problems`` is empty,
so a file is imported whole or not at all.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from opstui.domain.base import EARLIEST_DATE, LATEST_DATE
from opstui.domain.id_runs import IdRun
from opstui.domain.metrics import Cohort, Reading, format_value
from opstui.domain.progress import Progress, silent
from opstui.domain.reading_rows import ReadingRow, ReadingRows
from opstui.domain.text import printable

COLUMNS = ("date", "value", "cohort", "note")
#: Rows checked between two progress calls.
PROGRESS_EVERY = 2_000
#: The phase the progress of checking a file is told in.
CHECKING = "checking"
REQUIRED = ("date", "value")
HEADER_HINT = "date,value,cohort,note"

#: Other ways people write a cohort in a spreadsheet.
_COHORT_ALIASES = {
    "": Cohort.ALL,
    "everyone": Cohort.ALL,
    "adopter": Cohort.ADOPTERS,
    "non-adopter": Cohort.NON_ADOPTERS,
    "nonadopters": Cohort.NON_ADOPTERS,
    "nonadopter": Cohort.NON_ADOPTERS,
}


@dataclass(frozen=True)
class RowProblem:
    """Why one line of the file cannot be imported."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class NumberedRows:
    """The rows of a CSV text that hold something, each with the line it starts on.

    A row that cannot be read as CSV ends them, noted in ``problems``. After the last,
    ``end`` is the line after it (where "nothing below the header" is said).
    """

    def __init__(self, text: str, problems: list[RowProblem], delimiter: str = ",") -> None:
        self.text = text
        self.problems = problems
        self.delimiter = delimiter
        self.end = 1

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(
            io.StringIO(self.text, newline=""), delimiter=self.delimiter, strict=True
        )
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self.problems.append(RowProblem(reader.line_num, f"cannot be read as CSV ({exc})"))
                return
            start, self.end = self.end, reader.line_num + 1
            if any(c.strip() for c in cells):
                yield start, cells


@dataclass
class ParsedReadings:
    """The readings found in a file and the problems that stop it being imported."""

    readings: ReadingRows = field(default_factory=lambda: ReadingRows(""))
    problems: list[RowProblem] = field(default_factory=list)
    #: What every reading's id starts with (``opstui.domain.id_runs``): the import's own
    #: mark, by which one stopped halfway is taken back.
    id_prefix: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.readings)


def parse_cohort(text: str) -> Cohort:
    """A cohort from what was typed: case, spaces and underscores do not matter."""
    key = "-".join(text.strip().lower().replace("_", " ").split())
    if key in _COHORT_ALIASES:
        return _COHORT_ALIASES[key]
    try:
        return Cohort(key)
    except ValueError:
        allowed = ", ".join(c.value for c in Cohort)
        raise ValueError(f"cohort {text.strip()!r} is not one of {allowed}") from None


def parse_date(text: str) -> date:
    """A reading's date, written as YYYY-MM-DD."""
    raw = text.strip()
    if not raw:
        raise ValueError("the date is missing")
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"date {raw!r} is not a date like 2026-03-31") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(f"date {raw} is outside {EARLIEST_DATE.year}-{LATEST_DATE.year}")
    return day


def parse_value(text: str) -> float:
    """A reading's value: a plain number; a trailing % is allowed and dropped."""
    raw = text.strip()
    if not raw:
        raise ValueError("the value is missing")
    try:
        value = float(raw.removesuffix("%").strip())
    except ValueError:
        raise ValueError(f"value {raw!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"value {raw!r} is not a finite number")
    return value


def _header(cells: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column positions by name, and what is wrong with the header if anything."""
    names = [c.strip().lower().lstrip("\ufeff") for c in cells]
    try:
        parse_date(names[0])
    except ValueError:
        pass
    else:
        return {}, [f"the first line must be the header {HEADER_HINT}; it holds a reading"]
    problems = []
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if name not in COLUMNS:
            problems.append(f"unknown column {cells[index].strip()!r} (expected {HEADER_HINT})")
        elif name in positions:
            problems.append(f"column {name!r} appears twice")
        else:
            positions[name] = index
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        problems.append(
            f"the header needs {' and '.join(missing)} column(s); expected {HEADER_HINT}"
        )
    return positions, problems


def parse_readings_csv(
    text: str, metric_id: str, *, existing: Iterable[Reading] = (), progress: Progress = silent
) -> ParsedReadings:
    """Every reading in a CSV file, or every reason (with its line) it cannot be imported.

    Rows that repeat the date and cohort of another row, or of a reading already stored
    (``existing``), are refused: importing the same file twice would double the chart.
    The readings' ids are one run (``IdRun``), whose prefix ``id_prefix`` names.
    ``progress`` is told the lines checked (it may raise ``Cancelled``: nothing is
    written yet).
    """
    ids = IdRun()
    result = ParsedReadings(ReadingRows(metric_id), id_prefix=ids.prefix)
    kept = result.readings.rows
    lines = text.count("\n") + (not text.endswith("\n"))
    progress(CHECKING, 0, lines)
    cells_of = _CellCache()
    text = text.removeprefix("\ufeff")
    if not text.strip():
        result.problems.append(RowProblem(1, f"the file is empty; expected a header {HEADER_HINT}"))
        return result
    stored = {(r.taken_on, r.cohort): r for r in existing if r.metric_id == metric_id}
    seen: dict[tuple[date, Cohort], int] = {}
    positions: dict[str, int] | None = None
    rows = NumberedRows(text, result.problems)
    for counted, (start, cells) in enumerate(rows):
        if counted % PROGRESS_EVERY == 0:
            progress(CHECKING, start, lines)
        if positions is None:
            positions, header_problems = _header(cells)
            result.problems += [RowProblem(start, p) for p in header_problems]
            if header_problems:
                return result
            continue
        row = _row(cells, positions, start, result.problems, cells_of, ids)
        if row is None:
            continue
        _, day, _, cohort, _ = row
        key = (day, cohort)
        if key in seen:
            result.problems.append(
                RowProblem(start, f"another reading for {cohort.value} on {day} (line {seen[key]})")
            )
            continue
        seen[key] = start
        if key in stored:
            result.problems.append(
                RowProblem(
                    start,
                    f"a reading for {cohort.value} on {day} is already "
                    f"stored (value {format_value(stored[key].value)})",
                )
            )
            continue
        kept.append(row)
    if positions is not None and not result.readings and not result.problems:
        result.problems.append(RowProblem(rows.end, "no readings below the header"))
    progress(CHECKING, lines, lines)
    return result


class _CellCache:
    """Each distinct date and cohort text of a file read once: a file of 300,000 rows
    holds a few thousand dates and four cohorts, and parsing them again row by row was a
    good part of checking it."""

    def __init__(self) -> None:
        self.dates: dict[str, date | str] = {}
        self.cohorts: dict[str, Cohort | str] = {}
        self._at: tuple[int, ...] = ()

    def at(self, positions: dict[str, int]) -> tuple[int, ...]:
        """Where each of ``COLUMNS`` is, a column left out past any row's end."""
        if not self._at:
            self._at = tuple(positions.get(c, 1 << 30) for c in COLUMNS)
        return self._at

    def date(self, text: str) -> date | str:
        """The date, or why it is not one."""
        found = self.dates.get(text)
        if found is None:
            try:
                found = parse_date(text)
            except ValueError as exc:
                found = str(exc)
            self.dates[text] = found
        return found

    def cohort(self, text: str) -> Cohort | str:
        """The cohort, or why it is not one."""
        found = self.cohorts.get(text)
        if found is None:
            try:
                found = parse_cohort(text)
            except ValueError as exc:
                found = str(exc)
            self.cohorts[text] = found
        return found


def _row(
    cells: list[str],
    positions: dict[str, int],
    line: int,
    problems: list[RowProblem],
    cache: _CellCache,
    ids: IdRun,
) -> ReadingRow | None:
    """One row as a reading's checked fields, or None after noting every reason it is not
    one. The fields are checked as ``Reading`` checks them (``ReadingRows``)."""
    if len(cells) > len(positions):
        extra = len(cells) - len(positions)
        problems.append(
            RowProblem(
                line,
                f"{len(cells)} fields where the header has {len(positions)} "
                f"({extra} too many; quote a note that holds a comma)",
            )
        )
        return None

    count = len(cells)
    # The cells by position, without a lookup by name per row (300,000 rows: see
    # ``benchmarks/`` "import"); a column left out, or a short row, reads as empty.
    at_date, at_value, at_cohort, at_note = cache.at(positions)
    date_text = cells[at_date] if at_date < count else ""
    value_text = cells[at_value] if at_value < count else ""
    cohort_text = cells[at_cohort] if at_cohort < count else ""
    note = cells[at_note].strip() if at_note < count else ""

    reasons = []
    value: float | None = None
    day = cache.date(date_text)
    if not isinstance(day, date):
        reasons.append(day)
    try:
        value = parse_value(value_text)
    except ValueError as exc:
        reasons.append(str(exc))
    cohort = cache.cohort(cohort_text)
    if not isinstance(cohort, Cohort):  # a Cohort is a str too: the reason is only a str
        reasons.append(cohort)
    if reasons or not isinstance(day, date) or not isinstance(cohort, Cohort) or value is None:
        problems.append(RowProblem(line, "; ".join(reasons)))
        return None
    # The note as the model's ``Prose`` keeps it: its control characters dropped.
    return ids(), day, value, cohort, printable(note, drop=True) if note else ""


def readings_to_csv(readings: Iterable[Reading]) -> str:
    """Readings written back in the format the import reads."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for reading in readings:
        writer.writerow(
            [
                reading.taken_on.isoformat(),
                format_number(reading.value),
                reading.cohort.value,
                reading.note,
            ]
        )
    return out.getvalue()


def format_number(value: float) -> str:
    """A number without a needless ".0", exact enough to read back."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 2**53 else repr(value)
