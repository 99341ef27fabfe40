"""Reading a survey's CSV export, with every bad row named by line and reason.

Survey tools and spreadsheets write CSV in several ways, all read here: UTF-8 with or
without a byte order mark, UTF-16 with one (Excel's "Unicode text"), and fields parted
by commas, semicolons (Excel where the decimal mark is a comma) or tabs, found from the
header line. Columns are named as in the header, ignoring case and spacing.

Nothing here writes anything: the caller imports only when ``problems`` is empty, so a
file is imported whole or not at all. Every text taken from the file (comments, names,
groups) has its control characters dropped; it stays data, never markup.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field

from opstui.domain.readings_csv import NumberedRows, RowProblem
from opstui.domain.surveys import Aggregate, Scale, summarise
from opstui.domain.text import printable

#: The field separators a survey export may use, in the order a tie is settled.
DELIMITERS = (",", ";", "\t")
#: The lines the separator is told from.
SNIFFED_LINES = 20
#: Columns listed in an error about an unknown one; the rest are counted.
LISTED_COLUMNS = 12


class SurveyTextError(ValueError):
    """The bytes are not text this reads; the message says what to save them as."""


def decode_survey(data: bytes) -> str:
    """The text of a survey file: UTF-16 with its mark, else UTF-8 (mark or not)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SurveyTextError("is not UTF-16 text after its byte order mark") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SurveyTextError("is not UTF-8 text; save it as CSV (UTF-8)") from None


def column_key(name: str) -> str:
    """How a column's name is compared: case and spacing do not matter."""
    return " ".join(name.split()).casefold()


def sniff_delimiter(text: str) -> str:
    """The separator the file's first lines agree on: the one splitting the header into
    several columns and the most rows below it into as many (a comma when none does).
    Counting characters in the header alone is fooled by a ";" inside a question."""
    lines = [line for line in text.splitlines()[:SNIFFED_LINES] if line.strip()]
    if not lines:
        return ","

    def score(delimiter: str) -> tuple[int, int]:
        rows = list(csv.reader(lines, delimiter=delimiter))
        width = len(rows[0])
        if width < 2:
            return (0, 0)
        return (sum(1 for row in rows[1:] if len(row) == width), width)

    best = max(DELIMITERS, key=score)  # max keeps the first of equals: commas win ties
    return best if score(best)[1] else ","


def read_header(text: str) -> tuple[list[str], str]:
    """The header's column names (control characters dropped) and the separator."""
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for cells in reader:
        if any(c.strip() for c in cells):
            return [printable(c, lines=False, drop=True).strip() for c in cells], delimiter
    return [], delimiter


@dataclass(frozen=True)
class SurveyColumns:
    """Which columns of the file hold what."""

    value: str
    comments: tuple[str, ...] = ()
    group: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class SurveyComment:
    """One non-empty comment of one respondent, cleaned of control characters."""

    line: int
    column: str
    text: str
    #: The respondent's answer in the value column ("" when they gave none).
    answer: str = ""
    group: str = ""
    name: str = ""


@dataclass
class ParsedSurvey:
    """What a survey file holds and the problems that stop it being imported."""

    columns: list[str] = field(default_factory=list)
    delimiter: str = ","
    #: The answers in the value column, one per respondent (empty answers left out).
    answers: list[str] = field(default_factory=list)
    comments: list[SurveyComment] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    #: The number the answers come to; None while there are problems.
    value: float | None = None

    @property
    def respondents(self) -> int:
        return len(self.answers)

    @property
    def ok(self) -> bool:
        return not self.problems and self.value is not None


def parse_number(text: str, delimiter: str) -> float:
    """An answer as a number; a decimal comma is read where commas do not part fields."""
    raw = text.strip()
    if delimiter != ",":
        raw = raw.replace(",", ".")
    value = float(raw)  # ValueError for words
    if not math.isfinite(value):
        raise ValueError(raw)
    return value


def _positions(names: list[str], columns: SurveyColumns) -> tuple[dict[str, int], list[str]]:
    """Where each chosen column is, and what is wrong with the choice if anything."""
    keys = [column_key(n) for n in names]
    wanted = [columns.value, *columns.comments]
    wanted += [c for c in (columns.group, columns.name) if c is not None]
    problems: list[str] = []
    positions: dict[str, int] = {}
    for chosen in dict.fromkeys(wanted):
        key = column_key(chosen)
        found = [i for i, k in enumerate(keys) if k == key]
        if not found:
            listed = ", ".join(repr(n) for n in names[:LISTED_COLUMNS])
            more = len(names) - LISTED_COLUMNS
            problems.append(
                f"unknown column {chosen.strip()!r}; the header has {listed}"
                + (f" and {more} more" if more > 0 else "")
            )
        elif len(found) > 1:
            problems.append(f"column {chosen.strip()!r} appears {len(found)} times in the header")
        else:
            positions[chosen] = found[0]
    return positions, problems


def parse_survey_csv(
    text: str, columns: SurveyColumns, aggregate: Aggregate, scale: Scale | None = None
) -> ParsedSurvey:
    """Every answer and comment in a survey file, or every reason (with its line) it
    cannot be imported. ``scale``: the answers' points; required of mean's answers only
    when given, and 1-5 for top2 when not given."""
    result = ParsedSurvey()
    text = text.removeprefix("\ufeff")
    if not text.strip():
        result.problems.append(RowProblem(1, "the file is empty; expected a header line"))
        return result
    result.delimiter = delimiter = sniff_delimiter(text)
    if aggregate.kind.value == "top2" and scale is None:
        scale = Scale()
    positions: dict[str, int] | None = None
    rows = NumberedRows(text, result.problems, delimiter)
    for start, cells in rows:
        if positions is None:
            result.columns = [printable(c, lines=False, drop=True).strip() for c in cells]
            positions, header_problems = _positions(result.columns, columns)
            result.problems += [RowProblem(start, p) for p in header_problems]
            if header_problems:
                return result
            continue
        _row(cells, len(result.columns), positions, columns, aggregate, scale, start, result)
    if positions is None:
        result.problems.append(RowProblem(1, "the file has no header line"))
    elif not result.answers and not result.problems:
        result.problems.append(
            RowProblem(rows.end, f"no answers in the column {columns.value.strip()!r}")
        )
    if not result.problems:
        result.value = summarise(aggregate, result.answers, scale)
    return result


def _row(
    cells: list[str],
    width: int,
    positions: dict[str, int],
    columns: SurveyColumns,
    aggregate: Aggregate,
    scale: Scale | None,
    line: int,
    result: ParsedSurvey,
) -> None:
    """One respondent's row: their answer and comments, or the reasons it is bad."""
    if len(cells) > width:
        extra = len(cells) - width
        result.problems.append(
            RowProblem(
                line,
                f"{len(cells)} fields where the header has {width} ({extra} too many; "
                "quote a comment that holds the separator)",
            )
        )
        return

    def cell(name: str | None) -> str:
        index = positions.get(name) if name is not None else None
        return cells[index] if index is not None and index < len(cells) else ""

    answer = printable(cell(columns.value), lines=False, drop=True).strip()
    if answer and aggregate.numeric:
        try:
            number = parse_number(answer, result.delimiter)
        except ValueError:
            result.problems.append(RowProblem(line, f"answer {answer!r} is not a number"))
            return
        if scale is not None and not scale.holds(number):
            result.problems.append(
                RowProblem(line, f"answer {answer!r} is outside the scale {scale}")
            )
            return
        if aggregate.kind.value == "top2" and not number.is_integer():
            result.problems.append(
                RowProblem(line, f"answer {answer!r} is not a whole point of the scale {scale}")
            )
            return
        answer = repr(number) if not number.is_integer() else str(int(number))
    if answer:
        result.answers.append(answer)
    group = printable(cell(columns.group), lines=False, drop=True).strip()
    name = printable(cell(columns.name), lines=False, drop=True).strip()
    for column in columns.comments:
        text = printable(cell(column), drop=True).strip()
        if text:
            result.comments.append(SurveyComment(line, column, text, answer, group, name))
