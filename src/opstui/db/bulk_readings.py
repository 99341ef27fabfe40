"""Importing many readings at once: written in short transactions, whole or not at all.

One transaction for 300,000 readings held the write lock for seconds, and every other
writer (the app capturing a remark, a device's vote) waited on it. Here the readings,
checked beforehand, are written in batches, each its own transaction sized to take a
fraction of a second (``BATCH_SECONDS``), with the caller's ``Progress`` told after each.
The import stays whole or nothing through ``opstui.db.pending_imports``: its first
transaction records it, its last removes the record, and one cancelled (``Cancelled``
from the progress call), failed or killed midway is taken back by the ids its rows share
(``opstui.domain.id_runs``).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from typing import Any

from opstui.db import pending_imports
from opstui.db.mapping import to_row
from opstui.db.metrics import MetricRecords
from opstui.domain.id_runs import IdRun
from opstui.domain.metrics import Reading
from opstui.domain.progress import Cancelled, Progress, silent
from opstui.domain.reading_rows import ReadingRow, ReadingRows

#: The phase the progress of writing is told in.
WRITING = "writing"
#: What one transaction of an import should take: far under the second that the issue
#: allows a write to hold the lock, long enough that committing costs little in all.
BATCH_SECONDS = 0.3
#: The pause after each transaction, for another writer waiting on the lock to take it:
#: back-to-back transactions let one wait through many of them (300,000 readings:
#: another writer waited 1.9 s with no pause, though no transaction took over 0.75 s).
#: The store's writers ask for the lock every few milliseconds
#: (``connection.begin_write``), so a short pause lets one in, as a merge's does
#: (``merge_batches.PAUSE_SECONDS``); at 100 ms the pauses were a quarter of the import.
PAUSE_SECONDS = 0.03
#: Rows of the first batch, and the bounds a batch is sized within from the last one's time.
FIRST_BATCH = 5_000
SMALLEST_BATCH = 500
LARGEST_BATCH = 100_000
#: The columns of a reading's row, in the order ``_row`` gives them.
_COLUMNS = ("id", "metric_id", "taken_on", "value", "cohort", "note")
_INSERT = f"INSERT INTO readings ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"


def _row(reading: Reading) -> tuple[Any, ...]:
    """A reading's row, as ``to_row`` makes it, five times quicker (300,000 rows: see
    ``benchmarks/`` "import"); ``_check_columns`` holds it to ``to_row``."""
    return (
        reading.id,
        reading.metric_id,
        reading.taken_on.isoformat(),
        reading.value,
        reading.cohort.value,
        reading.note,
    )


def _checked_row(metric_id: str, row: ReadingRow) -> tuple[Any, ...]:
    """A checked reading's row (``ReadingRows``), as ``_row`` makes it of its model."""
    id_, taken_on, value, cohort, note = row
    return (id_, metric_id, taken_on.isoformat(), value, cohort.value, note)


def _check_columns(readings: Sequence[Reading]) -> None:
    sample = readings[0]
    expected = to_row(sample)
    if tuple(expected) != _COLUMNS or tuple(expected.values()) != _row(sample):
        raise AssertionError("a reading's row changed: update bulk_readings._row")
    checked = isinstance(readings, ReadingRows)
    if checked and _rows(readings, 0, 1) != [_row(sample)]:
        raise AssertionError("a checked reading's row changed: update _checked_row")


def _rows(readings: Sequence[Reading], start: int, stop: int) -> list[tuple[Any, ...]]:
    """The rows of ``readings[start:stop]``: made of checked rows without models."""
    if isinstance(readings, ReadingRows):
        metric_id = readings.metric_id
        return [_checked_row(metric_id, row) for row in readings.rows[start:stop]]
    return [_row(r) for r in readings[start:stop]]


def _ids(readings: Sequence[Reading]) -> Iterator[str]:
    if isinstance(readings, ReadingRows):
        return (row[0] for row in readings.rows)
    return (r.id for r in readings)


def _metric_ids(readings: Sequence[Reading]) -> set[str]:
    if isinstance(readings, ReadingRows):
        return {readings.metric_id}
    return {r.metric_id for r in readings}


class BulkReadingRecords(MetricRecords):
    """Metrics and readings, with readings imported in bulk."""

    def import_readings(
        self, readings: Sequence[Reading], id_prefix: str, progress: Progress = silent
    ) -> int:
        """Write readings checked beforehand, all sharing the id run ``id_prefix``, in
        short transactions; how many. All of them or, if it stops, none.

        ``progress`` is told after each batch is committed, and may raise ``Cancelled``
        there: the rows written so far are taken back and ``Cancelled`` raised again.

        Raises:
            Cancelled: From ``progress``; nothing of the import is left.
            StoreError: The file refused a write (a full disk, the metric deleted
                meanwhile); what was written is taken back, now or at the next open.
        """
        if not readings:
            return 0
        run = IdRun(id_prefix)
        if not all(run.owns(id_) for id_ in _ids(readings)):
            raise ValueError("every imported reading's id belongs to the import's id run")
        _check_columns(readings)
        total = len(readings)
        progress(WRITING, 0, total)
        done, batch = 0, FIRST_BATCH
        try:
            while done < total:
                rows = _rows(readings, done, done + batch)  # before the lock
                last = done + len(rows) == total
                started = time.monotonic()
                with self.write():
                    if done == 0:
                        self._refuse_entered(_metric_ids(readings))
                        pending_imports.begin(self.database, id_prefix, "readings")
                    self.conn.executemany(_INSERT, rows)
                    if last:
                        pending_imports.finish(self.database, id_prefix)
                ended = time.monotonic()
                done += len(rows)
                batch = _next_batch(batch, ended - started)
                if not last:
                    progress(WRITING, done, total)
                    # The pause counts from the commit: telling the progress is part of it.
                    time.sleep(max(0.0, PAUSE_SECONDS - (time.monotonic() - ended)))
        except BaseException:
            if done:
                self._take_back(id_prefix)
            pending_imports.ended(id_prefix)
            raise
        pending_imports.ended(id_prefix)
        with contextlib.suppress(Cancelled):  # too late to stop: the import is whole
            progress(WRITING, total, total)
        return total

    def _take_back(self, id_prefix: str) -> None:
        """Delete what the import wrote; on failure its record stays for the next open."""
        try:
            pending_imports.take_back(self.database, id_prefix, "readings")
        except Exception:  # the first error is the one to tell
            return


def _next_batch(batch: int, took: float) -> int:
    """The next batch's size, so that it takes about ``BATCH_SECONDS`` as the last did;
    it at most doubles, and a slow one shrinks it at once."""
    if took <= 0:
        return min(batch * 2, LARGEST_BATCH)
    wanted = int(batch * BATCH_SECONDS / took)
    return max(SMALLEST_BATCH, min(wanted, batch * 2, LARGEST_BATCH))
