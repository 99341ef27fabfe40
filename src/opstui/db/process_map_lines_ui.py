"""A stand-in for the process maps' records, for the screens until the core's land.

TEMPORARY (issue 21): the map's parser work writes the real records of
``process_maps`` and ``process_map_lines``; at merge this module goes, and
``opstui.services.process_mapping.map_storage`` hands out the store itself (or the
core's records) instead. Only that one function names this module.

It reads and writes the two tables of schema 7 as they are, one write transaction per
act, and returns plain rows with the columns' names, which is all the service reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from opstui.db.errors import NotFound
from opstui.db.records import Records
from opstui.domain.base import new_id, utcnow


@dataclass(frozen=True)
class StoredMap:
    id: str
    initiative_id: str
    session_id: str | None
    title: str
    created_at: str


@dataclass(frozen=True)
class StoredLine:
    id: str
    map_id: str
    position: float
    text: str


class MapLineRecordsUI(Records):
    """The initiative's maps and their lines, read and written as rows."""

    def list_process_maps(self, initiative_id: str) -> list[StoredMap]:
        rows = self._rows(
            "SELECT id, initiative_id, session_id, title, created_at FROM process_maps "
            "WHERE initiative_id = ? ORDER BY created_at, rowid",
            (initiative_id,),
        )
        return [StoredMap(**row) for row in rows]

    def list_map_lines(self, map_id: str) -> list[StoredLine]:
        rows = self._rows(
            "SELECT id, map_id, position, text FROM process_map_lines "
            "WHERE map_id = ? ORDER BY position, rowid",
            (map_id,),
        )
        return [StoredLine(**row) for row in rows]

    def add_process_map(self, initiative_id: str, session_id: str | None, title: str) -> StoredMap:
        stored = StoredMap(new_id(), initiative_id, session_id, title, utcnow().isoformat())
        with self.write():
            self.conn.execute(
                "INSERT INTO process_maps (id, initiative_id, session_id, title, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (stored.id, initiative_id, session_id, title, stored.created_at),
            )
        return stored

    def add_map_line(self, map_id: str, text: str) -> StoredLine:
        """``text`` as the map's last line."""
        with self.write():
            last = self._fetch(
                "SELECT coalesce(max(position), 0) FROM process_map_lines WHERE map_id = ?",
                (map_id,),
            )[0][0]
            line = StoredLine(new_id(), map_id, float(last) + 1, text)
            self.conn.execute(
                "INSERT INTO process_map_lines (id, map_id, position, text, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (line.id, map_id, line.position, text, utcnow().isoformat()),
            )
        return line

    def update_map_line(self, line_id: str, text: str) -> None:
        with self.write():
            cursor = self.conn.execute(
                "UPDATE process_map_lines SET text = ? WHERE id = ?", (text, line_id)
            )
            if cursor.rowcount == 0:
                raise NotFound("that line of the map no longer exists")

    def delete_map_line(self, line_id: str) -> None:
        with self.write():
            self.conn.execute("DELETE FROM process_map_lines WHERE id = ?", (line_id,))
