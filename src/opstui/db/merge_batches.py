"""The merge's writes, in short transactions: none holds the target's write lock long.

An app may have the target open while a merge runs: each of its writes waits for the
lock. So the merge writes in spans of rows, each in its own ``BEGIN IMMEDIATE``
transaction (replaying: ``meta.replaying`` is set inside it, so the edit-stamp
triggers leave the rows as they came), with foreign keys checked when it commits.
A span costs about ``TARGET_SECONDS``: a row it will likely write counts five times
one it only compares (``likely_writes``, read before with no lock), and the cost a span
may have grows (at most twofold) or shrinks with the time the last one took. Once the
merge has held the lock ``HOLD_BEFORE_PAUSE`` in all, it is left free for
``PAUSE_SECONDS`` after a transaction, so that a waiting writer gets in. Between two
transactions nothing is open: that is where the progress is told and where a
``Cancelled`` raised by it stops the merge.

On the large benchmark file (about 650,000 rows), one transaction held the lock for the
whole merge: 15 s into an empty file, 8 s into a copy of itself on a quiet machine
(86 s and 52 s on a loaded one, load average 10-12); in spans, another writer waited
0.3-0.9 s at most on that loaded machine, and 1.2-3.3 s with a test suite running too
(load average 15): a span is sized by the time the last one took, and cannot foresee
the process losing the processor while it holds the lock (``benchmarks/team.py``).
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import partial

from opstui.db.records import Records
from opstui.domain.progress import Progress

#: How long one write transaction of a merge should hold the lock, at most and about.
TARGET_SECONDS = 0.3
#: How long the lock is left free after each: SQLite's locks are not fair; taking the
#: lock back at once starved another writer for seconds (4.6 s on the large benchmark
#: file, each transaction under 0.32 s). The store's writers ask for the lock every few
#: milliseconds (``connection.begin_write``), so a short pause lets one in at once; one
#: using SQLite's own wait (it asks every 100 ms) may wait a few transactions.
PAUSE_SECONDS = 0.03
#: The lock is taken back at once, with no pause, until the merge has held it this long
#: in all since its last pause: a small file's merge is dozens of tiny transactions (a
#: table or two each), and a pause after every one made the demo's merge ten times
#: longer (0.12 s to 1.2 s) for no writer's sake. Another writer waits this much longer
#: at worst.
HOLD_BEFORE_PAUSE = 0.1
#: Every this many transactions, the pause checkpoints the log (which blocks no writer)
#: rather than sleeping: the merge's writes reach the file, and the log stays small.
CHECKPOINT_EVERY = 8
#: A span's cost: each row to write counts 1, each row only compared ``1 / COMPARED``.
#: (On the large benchmark file, a merge spends about 90 µs on a row it inserts and
#: 15 µs on one it finds unchanged.)
COMPARED = 5
#: A table's first span's cost, and the bounds of any.
FIRST_COST, SMALLEST_COST, LARGEST_COST = 1000.0, 20.0, 20_000.0


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
        self._written = 0
        self._ended: float | None = None
        #: Seconds the lock was held since the last pause, and transactions since the
        #: last checkpoint.
        self._held = 0.0
        self._unchecked = 0

    def once(self, step: Callable[[], object]) -> None:
        """One write transaction running ``step`` (a small, bounded write), begun once
        the lock has been left free for ``PAUSE_SECONDS`` since the last one."""
        self._pause()
        started = time.perf_counter()
        with self.records.replaying():
            self.records.conn.execute("PRAGMA defer_foreign_keys = ON")
            step()
            # Rows merged keep the other file's edit stamps, which may be older than what
            # the dashboard last saw: a new mark of every merge transaction tells it to
            # compute every initiative again (``dashboard_changes``).
            self.records.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) "
                "VALUES ('merged', lower(hex(randomblob(8))))"
            )
        self._ended = time.perf_counter()
        self.longest = max(self.longest, self._ended - started)
        self._held += self._ended - started
        self._written += 1
        self._unchecked += 1

    def spans(
        self,
        last: int,
        step: Callable[[int, int], object],
        *,
        writes: Sequence[int] | None = None,
        count: bool = True,
    ) -> None:
        """``step(lo, hi)`` over rowids 1 to ``last``, each span in its own transaction,
        as long as fits in ``TARGET_SECONDS``; ``writes``: the rowids (sorted) of the
        rows that will likely be written, the others only compared (None: all written).
        The rows are counted as done (``count``) for the progress."""
        cost, lo = FIRST_COST, 1
        while lo <= last:
            hi = _span_end(lo, last, cost, writes)
            started = time.perf_counter()
            self.once(partial(step, lo, hi))
            took = time.perf_counter() - started
            cost = max(SMALLEST_COST, min(LARGEST_COST, cost * min(2.0, TARGET_SECONDS / took)))
            if count:
                self.done += hi - lo + 1
            self.tell()
            lo = hi + 1

    def _pause(self) -> None:
        """Leave the lock free for a while after the last transaction (between two
        tables' too) once it has been held ``HOLD_BEFORE_PAUSE``, checkpointing now and
        then meanwhile."""
        if self._ended is None or self._held < HOLD_BEFORE_PAUSE:
            return
        self._held = 0.0
        if self._unchecked >= CHECKPOINT_EVERY:
            self._unchecked = 0
            self.records.conn.execute("PRAGMA main.wal_checkpoint(PASSIVE)")
        time.sleep(max(0.0, PAUSE_SECONDS - (time.perf_counter() - self._ended)))

    def tell(self) -> None:
        """Tell the progress how far the merge is; where it may be cancelled."""
        self.progress(self.phase, min(self.done, self.total), self.total)


def _span_end(lo: int, last: int, cost: float, writes: Sequence[int] | None) -> int:
    """The last rowid of the span starting at ``lo`` whose cost is about ``cost``."""
    if writes is None:
        return min(last, lo + max(1, int(cost)) - 1)
    before = bisect_left(writes, lo)

    def cost_to(hi: int) -> float:
        return (bisect_right(writes, hi) - before) + (hi - lo + 1) / COMPARED

    low, high = lo, last  # the largest hi with cost_to(hi) <= cost (at least lo)
    while low < high:
        middle = (low + high + 1) // 2
        if cost_to(middle) <= cost:
            low = middle
        else:
            high = middle - 1
    return low
