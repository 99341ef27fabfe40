"""Readings checked field by field and kept as plain rows until a model is asked for.

A file of 300,000 readings made 300,000 validated ``Reading`` models that the import
only turned back into rows: a third of checking it (see ``benchmarks/`` "import"). Here
each row's fields are checked once, by the same rules the model applies (the date's range,
a finite value, a known cohort, the note made printable by the one function that cleans
every text), and a ``Reading`` is built, validated, only when one is read. The store's
bulk import writes the rows themselves.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import overload

from opstui.domain.metrics import Cohort, Reading

#: One checked reading: id, day, value, cohort, note (printable already).
ReadingRow = tuple[str, date, float, Cohort, str]


class ReadingRows(Sequence[Reading]):
    """The readings of one metric, as checked rows; a sequence of ``Reading`` to read."""

    def __init__(self, metric_id: str, rows: list[ReadingRow] | None = None) -> None:
        self.metric_id = metric_id
        self.rows: list[ReadingRow] = [] if rows is None else rows

    def model(self, row: ReadingRow) -> Reading:
        id_, taken_on, value, cohort, note = row
        return Reading(
            id=id_,
            metric_id=self.metric_id,
            taken_on=taken_on,
            value=value,
            cohort=cohort,
            note=note,
        )

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Reading: ...
    @overload
    def __getitem__(self, index: slice) -> list[Reading]: ...
    def __getitem__(self, index: int | slice) -> Reading | list[Reading]:
        if isinstance(index, slice):
            return [self.model(row) for row in self.rows[index]]
        return self.model(self.rows[index])

    def __iter__(self) -> Iterator[Reading]:
        return (self.model(row) for row in self.rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ReadingRows):
            return self.metric_id == other.metric_id and self.rows == other.rows
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]
