"""A screen's searches, run off the UI thread on a read-only connection of their own.

A search of a large file can take longer than a keystroke: run in the screen's thread,
it would hold every key typed meanwhile. A thread worker runs it instead; the store's
own connection stays the UI thread's, and the searches share one read-only connection,
opened on first use and kept (the remarks index ``feedback_matching`` builds lives on
it), one search at a time. Workers are started ``exclusive``: a newer query cancels
those still waiting, and the results of a cancelled one are dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from opstui.db.store import Store

T = TypeVar("T")


class Searcher:
    """One read-only connection to ``path`` for a screen's searches."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store: Store | None = None
        self._lock = threading.Lock()

    def run(self, search: Callable[[Store], T]) -> T:
        """``search`` on the connection, once any search running has finished."""
        with self._lock:
            if self._store is None:
                self._store = Store.open(self.path, read_only=True)
            return search(self._store)

    def close(self) -> None:
        """Close the connection (after the search running, if one is)."""
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
