"""The checklist items ticked by hand, and change-readiness assessments."""

from __future__ import annotations

from datetime import datetime

from opstui.db.records import Records
from opstui.domain.base import utcnow
from opstui.domain.session import ReadinessAssessment
from opstui.domain.text import printable


class ChecklistRecords(Records):
    """Checklist ticks and readiness assessments of an initiative."""

    def add_readiness(self, assessment: ReadinessAssessment) -> ReadinessAssessment:
        with self.write():
            self._insert(assessment)
        return assessment

    def update_readiness(self, assessment: ReadinessAssessment) -> ReadinessAssessment:
        with self.write():
            self._update(assessment)
        return assessment

    def list_readiness(self, initiative_id: str) -> list[ReadinessAssessment]:
        return self._list(
            ReadinessAssessment, "initiative_id = ?", (initiative_id,), order="assessed_on, rowid"
        )

    def tick(
        self, initiative_id: str, item_key: str, note: str = "", *, at: datetime | None = None
    ) -> None:
        """Tick a checklist item by hand; ``at`` is when (now unless given, as the demo does).

        Ticking it again changes only the note: when it was first ticked stays. (Plain
        SQL, as sqlite-utils' upsert would overwrite every column it is given.) The note,
        the one text stored without a model, loses its control characters as the models'
        text fields do.
        """
        note = printable(note, lines=False, drop=True)
        with self.write():
            self.conn.execute(
                "INSERT INTO checklist_ticks(initiative_id, item_key, note, ticked_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(initiative_id, item_key) "
                "DO UPDATE SET note = excluded.note",
                (initiative_id, item_key, note, (at or utcnow()).isoformat()),
            )

    def untick(self, initiative_id: str, item_key: str) -> None:
        with self.write():
            self.conn.execute(
                "DELETE FROM checklist_ticks WHERE initiative_id = ? AND item_key = ?",
                (initiative_id, item_key),
            )

    def list_ticks(self, initiative_id: str) -> dict[str, str]:
        """The checklist items ticked by hand, with their notes."""
        return dict(
            self._fetch(
                "SELECT item_key, note FROM checklist_ticks WHERE initiative_id = ?",
                (initiative_id,),
            )
        )
