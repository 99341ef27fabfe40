"""One initiative's remarks in a search index of their own, in memory: search as you type
in the workspace costs what the initiative holds, not what the whole file holds.

A single typed letter matches most remarks of the file (a million, in a file of a
million): asking the file's index for them and keeping the initiative's takes that long
whatever the initiative. A copy of the initiative's remarks in an FTS5 index of the same
make (the same tokenizer, the same prefix indexes, the same query) finds exactly the
remarks the file's index would, among those of the initiative only.

Measured on the benchmark's 1M-remark file (``benchmarks/search_scale.py``): see
``SearchQueries.feedback_matching``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

#: The index's make: as the file's (``speed_schema.V8``), so that a query matches alike.
_SCHEMA = 'CREATE VIRTUAL TABLE remarks USING fts5("text", "tags", prefix=\'1 2 3\')'


class RemarkIndex:
    """The remarks of one initiative, as of one state of the file, searchable."""

    def __init__(self, initiative_id: str, version: tuple[int, int]) -> None:
        self.initiative_id = initiative_id
        #: The file's state the copy was read at (``SearchQueries._version``).
        self.version = version
        self.ids: dict[int, str] = {}
        self.conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self.conn.execute(_SCHEMA)

    def fill(self, rows: Iterable[tuple[int, str, str, str]]) -> None:
        """Index (rowid, id, text, tags) rows: the rowid is the file's, the id kept aside."""
        self.conn.execute("BEGIN")
        self.conn.executemany(
            "INSERT INTO remarks (rowid, text, tags) VALUES (?, ?, ?)",
            ((rowid, text, tags) for rowid, _, text, tags in self._kept(rows)),
        )
        self.conn.execute("COMMIT")

    def _kept(
        self, rows: Iterable[tuple[int, str, str, str]]
    ) -> Iterable[tuple[int, str, str, str]]:
        for row in rows:
            self.ids[row[0]] = row[1]
            yield row

    def matching(self, match: str) -> set[str]:
        """The ids of the remarks the FTS5 query ``match`` finds."""
        ids = self.ids
        rows = self.conn.execute("SELECT rowid FROM remarks WHERE remarks MATCH ?", (match,))
        return {ids[rowid] for (rowid,) in rows}

    def close(self) -> None:
        self.conn.close()
