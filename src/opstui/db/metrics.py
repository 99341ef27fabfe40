"""Metrics and their readings over time, per cohort."""

from __future__ import annotations

from collections.abc import Iterable

from opstui.db.records import Records
from opstui.domain.metrics import Metric, Reading

#: The page cache of a bulk import, in KiB as SQLite takes it (negative): 128 MiB at most,
#: used only as far as the import fills it, and given back once it is written.
IMPORT_CACHE_KIB = -131_072


class MetricRecords(Records):
    """Metrics of an initiative and the readings taken of them."""

    def add_metric(self, metric: Metric) -> Metric:
        with self.write():
            self._insert(metric)
        return metric

    def update_metric(self, metric: Metric) -> Metric:
        with self.write():
            self._update(metric)
        return metric

    def delete_metric(self, metric_id: str) -> None:
        with self.write():
            self._delete(Metric, metric_id)

    def get_metric(self, metric_id: str) -> Metric:
        return self._get(Metric, metric_id)

    def list_metrics(self, initiative_id: str | None = None) -> list[Metric]:
        if initiative_id is None:
            return self._list(Metric)
        return self._list(Metric, "initiative_id = ?", (initiative_id,))

    def add_reading(self, reading: Reading) -> Reading:
        with self.write():
            self._insert(reading)
        return reading

    def add_readings(self, readings: Iterable[Reading]) -> int:
        """Add many readings at once: all of them or, on any error, none.

        The rows are made before the write begins, and written with one prepared
        statement, so the lock every other writer waits on is held briefly (300,000
        readings: see ``benchmarks/`` "import").
        """
        batch = list(readings)
        sql, rows = self._prepare(batch)
        if not rows:
            return 0
        # A page cache large enough for the whole write: with SQLite's default (2 MB) the
        # transaction spills pages as it goes, and holds the lock about 40% longer
        # (300,000 readings here: 3.5-4 s with the default, 2.2-2.9 s with 128 MB).
        previous = int(self._fetch("PRAGMA cache_size")[0][0])
        self.conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
        try:
            with self.write():
                self.conn.executemany(sql, rows)
        finally:
            self.conn.execute(f"PRAGMA cache_size = {previous}")
        return len(batch)

    def update_reading(self, reading: Reading) -> Reading:
        with self.write():
            self._update(reading)
        return reading

    def delete_reading(self, reading_id: str) -> None:
        with self.write():
            self._delete(Reading, reading_id)

    def list_initiative_readings(self, initiative_id: str) -> list[Reading]:
        return self._list(
            Reading,
            "metric_id IN (SELECT id FROM metrics WHERE initiative_id = ?)",
            (initiative_id,),
            order="(SELECT m.rowid FROM metrics m WHERE m.id = metric_id), taken_on, rowid",
        )

    def list_readings(self, metric_id: str) -> list[Reading]:
        return self._list(Reading, "metric_id = ?", (metric_id,), order="taken_on, rowid")
