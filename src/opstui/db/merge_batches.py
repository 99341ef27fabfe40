"""The merge's writes, in short transactions: none holds the target's write lock long.

An app may have the target open while a merge runs: each of its writes waits for the
lock. So the merge writes in spans of rows, each in its own ``BEGIN IMMEDIATE``
transaction (replaying: ``meta.replaying`` is set inside it, so the edit-stamp
triggers leave the rows as they came), with foreign keys checked when it commits.
A span is as many rows as fit in ``TARGET_SECONDS``: it starts small for each table
and grows (at most doubling) or shrinks with the time the last one took, since a row
costs a hundred times more to insert into a table with a search index than to find
unchanged. Between two spans, nothing is open: that is where the progress is told and
where a ``Cancelled`` raised by it stops the merge.

On the large benchmark file (about 650,000 rows), one transaction held the lock for the
whole merge: 15 s into an empty file, 8 s into a copy of itself (26 s and 52 s on a busy
machine); in spans, another writer waits 0.3 s at most (``benchmarks/team.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from opstui.db.records import Records
from opstui.domain.progress import Progress

#: How long one write transaction of a merge should hold the lock, at most and about.
TARGET_SECONDS = 0.3
#: How long the lock is left free after each: SQLite's locks are not fair, and a writer
#: waiting with a long busy timeout (the app's: 10 s) asks again every 100 ms; taking
#: the lock back at once starved it for seconds (4.6 s on the large benchmark file, each
#: transaction under 0.32 s). A pause as long as its interval lets it in at once.
PAUSE_SECONDS = 0.1
#: A table's first span, and the bounds of any.
FIRST_SPAN, SMALLEST_SPAN, LARGEST_SPAN = 200, 20, 50_000


class Batches:
    """Runs the merge's writes in short transactions and tells the progress between them."""

    def __init__(self, records: Records, progress: Progress, phase: str, total: int) -> None:
        self.records = records
        self.progress = progress
        self.phase = phase
        self.total = total
        self.done = 0
        #: The longest a transaction of this merge took (seconds): for tests and figures.
        self.longest = 0.0

    def once(self, step: Callable[[], object]) -> None:
        """One write transaction running ``step`` (a small, bounded write)."""
        started = time.perf_counter()
        with self.records.replaying():
            self.records.conn.execute("PRAGMA defer_foreign_keys = ON")
            step()
        self.longest = max(self.longest, time.perf_counter() - started)

    def spans(self, last: int, step: Callable[[int, int], object], *, count: bool = True) -> None:
        """``step(lo, hi)`` over rowids 1 to ``last``, each span in its own transaction;
        the rows counted as done (``count``) for the progress."""
        size, lo = FIRST_SPAN, 1
        while lo <= last:
            hi = min(last, lo + size - 1)
            started = time.perf_counter()
            self.once(partial(step, lo, hi))
            took = time.perf_counter() - started
            size = _next_size(size, took)
            if count:
                self.done += hi - lo + 1
            self.tell()
            lo = hi + 1
            if lo <= last:
                time.sleep(PAUSE_SECONDS)

    def tell(self) -> None:
        """Tell the progress how far the merge is; where it may be cancelled."""
        self.progress(self.phase, min(self.done, self.total), self.total)


def _next_size(size: int, took: float) -> int:
    """The next span's size: scaled to the time the last took, at most doubled."""
    scaled = size * min(2.0, TARGET_SECONDS / max(took, 1e-4))
    return max(SMALLEST_SPAN, min(LARGEST_SPAN, int(scaled)))
