"""Process maps and their lines (``opstui.domain.process_map_records``).

A line is written only if the map still reads afterwards: each change reads the map's
lines inside its write transaction, applies itself, and asks ``parse_map``; a change
that would make the map unreadable raises the parser's ``MapSyntaxError`` (numbered
as the line would be) and writes nothing. A map that was already unreadable (two
files' lines merged into a conflict) takes any change, so that it can be mended.
"""

from __future__ import annotations

from collections.abc import Sequence

from opstui.db.errors import NotFound
from opstui.db.records import Records
from opstui.domain.process_map import MAX_LINE, MapSyntaxError, ProcessMap, parse_map
from opstui.domain.process_map_records import MapLine, ProcessMapRecord
from opstui.domain.text import printable

#: Positions closer than this are renumbered 1, 2, 3... before a line goes between them.
_CROWDED = 1e-6


def _new_line(map_id: str, text: str, number: int) -> MapLine:
    """A line as it will be stored, or the parser's error for one too long (``number``)."""
    if len(text) > MAX_LINE * 4 or len(printable(text, lines=False, drop=True)) > MAX_LINE:
        raise MapSyntaxError(number, f"the line is longer than {MAX_LINE} characters")
    return MapLine(map_id=map_id, position=0, text=text)


class ProcessMapRecords(Records):
    """Maps of an initiative and their lines, kept readable."""

    # -- maps ------------------------------------------------------------------------------

    def add_process_map(self, process_map: ProcessMapRecord) -> ProcessMapRecord:
        with self.write():
            self._insert(process_map)
        return process_map

    def write_process_map(
        self, process_map: ProcessMapRecord, lines: Sequence[MapLine]
    ) -> ProcessMapRecord:
        """Add a map with its lines, all or nothing (an import, the demo); lines that
        do not read raise the parser's error and nothing is written."""
        parse_map([line.text for line in sorted(lines, key=lambda line: line.position)])
        with self.write():
            self._insert(process_map)
            self._insert_all([line.model_copy(update={"map_id": process_map.id}) for line in lines])
        return process_map

    def update_process_map(self, process_map: ProcessMapRecord) -> ProcessMapRecord:
        with self.write():
            self._update(process_map)
        return process_map

    def delete_process_map(self, map_id: str) -> None:
        """Delete a map and (by the schema's cascade) its lines."""
        with self.write():
            self._delete(ProcessMapRecord, map_id)

    def get_process_map(self, map_id: str) -> ProcessMapRecord:
        return self._get(ProcessMapRecord, map_id)

    def list_process_maps(self, initiative_id: str) -> list[ProcessMapRecord]:
        """The initiative's maps, oldest first."""
        return self._list(
            ProcessMapRecord, "initiative_id = ?", (initiative_id,), order="created_at, rowid"
        )

    def process_maps_of_session(self, session_id: str) -> list[ProcessMapRecord]:
        """The maps drawn in a session, oldest first."""
        return self._list(
            ProcessMapRecord, "session_id = ?", (session_id,), order="created_at, rowid"
        )

    # -- lines -----------------------------------------------------------------------------

    def map_lines(self, map_id: str) -> list[MapLine]:
        """A map's lines in order."""
        return self._list(MapLine, "map_id = ?", (map_id,), order="position, rowid")

    def initiative_map_lines(self, initiative_id: str) -> list[MapLine]:
        """The lines of every map of an initiative, map by map, each in order."""
        return self._list(
            MapLine,
            "map_id IN (SELECT id FROM process_maps WHERE initiative_id = ?)",
            (initiative_id,),
            order="map_id, position, rowid",
        )

    def read_process_map(self, map_id: str) -> ProcessMap:
        """The map its lines make (``MapSyntaxError`` if they no longer read)."""
        return parse_map([line.text for line in self.map_lines(map_id)])

    def add_map_line(self, map_id: str, text: str) -> MapLine:
        """Add a line at the end of the map."""
        return self.insert_map_line(map_id, None, text)

    def insert_map_line(self, map_id: str, index: int | None, text: str) -> MapLine:
        """Put a line at ``index`` (0: first; None or past the end: last)."""
        with self.write():
            lines = self._lines_for_change(map_id)
            at = len(lines) if index is None else max(0, min(index, len(lines)))
            texts = [line.text for line in lines]
            line = _new_line(map_id, text, at + 1)
            self._keep_readable(texts, [*texts[:at], line.text, *texts[at:]])
            if 0 < at < len(lines) and (lines[at].position - lines[at - 1].position < _CROWDED):
                lines = self._renumber(lines)
            if not lines:
                position = 1.0
            elif at == len(lines):
                position = lines[-1].position + 1
            elif at == 0:
                position = lines[0].position - 1
            else:
                position = (lines[at - 1].position + lines[at].position) / 2
            line = line.model_copy(update={"position": position})
            self._insert(line)
        return line

    def edit_map_line(self, line_id: str, text: str) -> MapLine:
        """Change a line's text."""
        with self.write():
            line = self._get(MapLine, line_id)
            lines = self._lines_for_change(line.map_id)
            texts = [item.text for item in lines]
            number = next(n for n, item in enumerate(lines, start=1) if item.id == line_id)
            edited = line.model_copy(update={"text": _new_line(line.map_id, text, number).text})
            self._keep_readable(
                texts, [edited.text if item.id == line_id else item.text for item in lines]
            )
            self._update(edited)
        return edited

    def delete_map_line(self, line_id: str) -> None:
        """Delete a line (a map without a line still reads)."""
        with self.write():
            self._delete(MapLine, line_id)

    def _lines_for_change(self, map_id: str) -> list[MapLine]:
        if not self._fetch("SELECT 1 FROM process_maps WHERE id = ?", (map_id,)):
            raise NotFound(f"process map {map_id[:8]} no longer exists")
        return self.map_lines(map_id)

    @staticmethod
    def _keep_readable(before: list[str], after: list[str]) -> None:
        """Raise the parser's error if ``after`` does not read and ``before`` did."""
        try:
            parse_map(after)
        except MapSyntaxError:
            try:
                parse_map(before)
            except MapSyntaxError:
                return
            raise

    def _renumber(self, lines: list[MapLine]) -> list[MapLine]:
        """Give the lines the positions 1, 2, 3... (in their order)."""
        self.conn.executemany(
            "UPDATE process_map_lines SET position = ? WHERE id = ?",
            [(float(number), line.id) for number, line in enumerate(lines, start=1)],
        )
        return [
            line.model_copy(update={"position": float(number)})
            for number, line in enumerate(lines, start=1)
        ]
