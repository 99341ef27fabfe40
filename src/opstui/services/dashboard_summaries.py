"""The dashboard's summaries, kept between visits and computed again only where needed.

Summarizing an initiative runs the doctor over its facts: on a file of a thousand
initiatives, computing every one took 2.5 CPU-seconds on each return to the dashboard
(20x the initiatives: 62 s; benchmarks/dashboard.py). ``DashboardSummaries`` keeps each
initiative's summary with where the file stood when it was computed
(``opstui.db.dashboard_changes``) and, on the next refresh, computes only those of
initiatives that are new, that changed since (in this app or another process), or whose
computation a cancelled refresh left undone. A new day computes every one again: the
rules read the date.

Refreshes run in a thread worker with a read-only store of their own; one at a time
(a lock), since a cancelled refresh may still be finishing its batch when the next one
starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from opstui.db.dashboard_changes import ChangeMark, change_mark, changes_since

if TYPE_CHECKING:
    from opstui.db.store import Store
    from opstui.domain.initiative_summary import InitiativeSummary


class DashboardSummaries:
    """Every initiative's summary, as of the last refresh."""

    def __init__(self, batch: int = 25) -> None:
        #: Initiatives summarized at a time (see ``refresh``).
        self.batch = batch
        self.summaries: dict[str, InitiativeSummary] = {}
        #: How many summaries have been computed, in all: what the tests count.
        self.computed = 0
        self._mark: ChangeMark | None = None
        self._day: date | None = None
        #: Initiatives known to have changed whose summaries are not computed yet.
        self._pending: set[str] = set()
        self._lock = threading.Lock()

    def forget(self) -> None:
        """Compute every summary again at the next refresh (after a merge, say)."""
        with self._lock:
            self._mark = None

    def refresh(
        self, reader: Store, day: date, cancelled: Callable[[], bool] = lambda: False
    ) -> Iterator[tuple[list[InitiativeSummary], bool]]:
        """Bring the summaries up to date, a batch at a time.

        Yields each batch of summaries computed again, with True on the last; one empty
        batch when nothing changed. Stops between batches once ``cancelled()``: what is
        left is computed at the next refresh.
        """
        from opstui.domain.initiative_summary import summarize_initiative

        with self._lock:
            ids = [heading.id for heading in reader.initiative_headings()]
            if self._mark is None or self._day != day:
                self._mark, self._day = change_mark(reader.database), day
                self._pending = set(ids)
            else:
                changes = changes_since(reader.database, self._mark)
                self._mark = changes.mark
                self._pending |= set(ids) if changes.initiatives is None else changes.initiatives
            known = set(ids)
            for gone in [key for key in self.summaries if key not in known]:
                del self.summaries[gone]
            self._pending = {key for key in self._pending if key in known}
            self._pending.update(key for key in ids if key not in self.summaries)
            todo = [key for key in ids if key in self._pending]
            if not todo:
                yield [], True
                return
            for start in range(0, len(todo), self.batch):
                if cancelled():
                    return
                facts = reader.dashboard_facts(todo[start : start + self.batch], day)
                fresh = [summarize_initiative(fact) for fact in facts]
                for summary in fresh:
                    self.summaries[summary.initiative_id] = summary
                self._pending.difference_update(todo[start : start + self.batch])
                self.computed += len(fresh)
                yield fresh, start + self.batch >= len(todo)
