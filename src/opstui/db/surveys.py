"""Surveys imported: the reading or baseline, the session of remarks, and the record of
the import, written together (``opstui.domain.surveys``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from opstui.db.errors import StoreError
from opstui.db.records import Records
from opstui.domain.metrics import Reading
from opstui.domain.session import Feedback, Session
from opstui.domain.surveys import Survey


class SurveyChanged(StoreError):
    """The metric changed between reading the survey and writing it: check again."""


class SurveyRecords(Records):
    """Survey imports, each one transaction of everything it writes."""

    def list_surveys(self, initiative_id: str | None = None) -> list[Survey]:
        if initiative_id is None:
            return self._list(Survey, order="imported_at, rowid")
        return self._list(Survey, "initiative_id = ?", (initiative_id,), order="imported_at, rowid")

    def add_survey(
        self,
        survey: Survey,
        *,
        session: Session,
        remarks: Sequence[Feedback],
        reading: Reading | None = None,
        baseline: tuple[float, date] | None = None,
    ) -> Survey:
        """Write a survey's session and remarks, its reading or the metric's ``baseline``
        (value, day), and the survey itself: all of it, or on any error none of it.

        The remarks are turned into rows before the write begins and written with one
        prepared statement, so the lock is held briefly whatever the file's size.

        Raises:
            SurveyChanged: The metric was given a baseline meanwhile (nothing is written).
        """
        sql, rows = self._prepare(list(remarks))
        with self.write():
            self._insert(session)  # no participants, no agenda: the row alone
            if rows:
                self.conn.executemany(sql, rows)
            if baseline is not None:
                cursor = self.conn.execute(
                    "UPDATE metrics SET baseline_value = ?, baseline_on = ? "
                    "WHERE id = ? AND baseline_value IS NULL",
                    (baseline[0], baseline[1].isoformat(), survey.metric_id),
                )
                if cursor.rowcount != 1:
                    raise SurveyChanged(
                        "the metric was given a baseline meanwhile; check the survey again"
                    )
            if reading is not None:
                self._insert(reading)
            self._insert(survey)
        return survey
