"""What a session captures as people speak: feedback, and templates filled in together."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from opstui.db.errors import NotFound
from opstui.db.mapping import from_row
from opstui.db.records import Records
from opstui.domain.base import utcnow
from opstui.domain.session import Feedback, FieldValue, FillIn


class CaptureRecords(Records):
    """Feedback items, and template fill-ins with their field values."""

    # -- feedback --------------------------------------------------------------------

    def add_feedback(self, feedback: Feedback) -> Feedback:
        with self.write():
            self._insert(feedback)
        return feedback

    def add_feedback_many(self, remarks: Sequence[Feedback]) -> int:
        """Add many remarks at once (a generated or imported file): all, or on error none.

        The rows are made before the write begins and written with one prepared
        statement; the search index is updated by its trigger, row by row, as for one.
        """
        sql, rows = self._prepare(list(remarks))
        if not rows:
            return 0
        with self.write():
            self.conn.executemany(sql, rows)
        return len(rows)

    @contextmanager
    def indexing_remarks_after(self) -> Iterator[None]:
        """Remarks written in the block are indexed for search once, when it ends.

        Only for filling a new file nobody else has open (the benchmark's generator):
        the search index's trigger is dropped for the block and made again, with its
        own text, after it. FTS5 indexing remarks one insert at a time is about 20
        times slower than building the index once (50,000 remarks into a copy of the
        large file: 15 s more with the trigger; rebuilding all 250,000: 3.7 s).
        """
        (trigger,) = self._fetch(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'feedback_ai'"
        )[0]
        with self.write():
            self.conn.execute('DROP TRIGGER "feedback_ai"')
        try:
            yield
        finally:
            with self.write():
                self.conn.execute(trigger)
                self.conn.execute("INSERT INTO feedback_fts (feedback_fts) VALUES ('rebuild')")

    def update_feedback(self, feedback: Feedback) -> Feedback:
        with self.write():
            self._update(feedback)
        return feedback

    def delete_feedback(self, feedback_id: str) -> None:
        with self.write():
            self._delete(Feedback, feedback_id)

    def get_feedback(self, feedback_id: str) -> Feedback:
        return self._get(Feedback, feedback_id)

    def list_feedback(
        self, *, session_id: str | None = None, initiative_id: str | None = None
    ) -> list[Feedback]:
        if session_id is not None:
            return self._list(Feedback, "session_id = ?", (session_id,), order="created_at, rowid")
        if initiative_id is not None:
            return self._list(
                Feedback,
                "session_id IN (SELECT id FROM sessions WHERE initiative_id = ?)",
                (initiative_id,),
                order="created_at, rowid",
            )
        return self._list(Feedback, order="created_at, rowid")

    # -- template fill-ins ---------------------------------------------------------------

    def add_fill_in(self, fill_in: FillIn) -> FillIn:
        with self.write():
            self._insert(fill_in)
            self.db.table("fill_in_values").insert_all(
                _value_row(fill_in.id, key, value) for key, value in fill_in.values.items()
            )
        return fill_in

    def set_fill_in_value(self, fill_in_id: str, field_key: str, value: FieldValue) -> None:
        """Save one field the moment it is completed: a crash loses at most the one typed."""
        with self.write():
            self.db.table("fill_in_values").upsert(
                _value_row(fill_in_id, field_key, value), pk=("fill_in_id", "field_key")
            )
            self.conn.execute(
                "UPDATE fill_ins SET updated_at = ? WHERE id = ?",
                (utcnow().isoformat(), fill_in_id),
            )

    def _fill_ins(
        self, where: str, params: Sequence[Any], order: str = "created_at, rowid"
    ) -> list[FillIn]:
        rows = self._rows(f"SELECT * FROM fill_ins WHERE {where} ORDER BY {order}", params)
        values: dict[str, dict[str, FieldValue]] = {r["id"]: {} for r in rows}
        if rows:
            for fid, key, value in self._fetch(
                "SELECT fill_in_id, field_key, value FROM fill_in_values "
                f"WHERE fill_in_id IN (SELECT id FROM fill_ins WHERE {where}) ORDER BY rowid",
                params,
            ):
                values[fid][key] = None if value is None else json.loads(value)
        return [from_row(FillIn, r, values=values[r["id"]]) for r in rows]

    def get_fill_in(self, fill_in_id: str) -> FillIn:
        found = self._fill_ins("id = ?", (fill_in_id,))
        if not found:
            raise NotFound(f"no fill-in with id {fill_in_id}")
        return found[0]

    def list_fill_ins(self, session_id: str) -> list[FillIn]:
        return self._fill_ins("session_id = ?", (session_id,))

    def list_initiative_fill_ins(self, initiative_id: str) -> list[FillIn]:
        # In session order, then as created: the order the sessions' notes list them.
        return self._fill_ins(
            "session_id IN (SELECT id FROM sessions WHERE initiative_id = ?)",
            (initiative_id,),
            order="(SELECT coalesce(s.started_at, s.planned_at) FROM sessions s "
            "WHERE s.id = session_id), (SELECT s.rowid FROM sessions s WHERE s.id = session_id), "
            "created_at, rowid",
        )

    def delete_fill_in(self, fill_in_id: str) -> None:
        with self.write():
            self._delete(FillIn, fill_in_id)


def _value_row(fill_in_id: str, field_key: str, value: FieldValue) -> dict[str, str | None]:
    """A field's row: its value as JSON (so a number stays a number), or NULL when empty."""
    return {
        "fill_in_id": fill_in_id,
        "field_key": field_key,
        "value": None if value is None else json.dumps(value),
    }
