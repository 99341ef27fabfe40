"""Metrics and their readings over time, per cohort."""

from __future__ import annotations

from collections.abc import Iterable

from opstui.db.metric_events import MetricEventRecords, WrongMeasure
from opstui.domain.metric_events import readings_for, refuses_entered_readings
from opstui.domain.metrics import Measure, Metric, Reading

#: The page cache of a bulk import, in KiB as SQLite takes it (negative): 128 MiB at most,
#: used only as far as the import fills it, and given back once it is written.
IMPORT_CACHE_KIB = -131_072


class MetricRecords(MetricEventRecords):
    """Metrics of an initiative and the readings taken of them.

    A metric measured from events or checks has no readings of its own: ``list_readings``
    and ``list_initiative_readings`` give the ones worked out from them
    (``opstui.domain.metric_events.derived_readings``), so every screen, chart, report
    and rule reads the same; typing readings in for it is refused (``WrongMeasure``).
    """

    def add_metric(self, metric: Metric) -> Metric:
        with self.write():
            self._insert(metric)
        return metric

    def update_metric(self, metric: Metric) -> Metric:
        """Save a metric; changing how it is measured is refused while it still holds
        rows of the old kind (readings typed in, events, checks), which would otherwise
        be kept but no longer read."""
        with self.write():
            self._check_measure_change(metric)
            self._update(metric)
        return metric

    def _check_measure_change(self, metric: Metric) -> None:
        for measure, table, one, many in (
            (Measure.READINGS, "readings", "reading typed in", "readings typed in"),
            (Measure.EVENTS, "metric_events", "event logged", "events logged"),
            (Measure.CAPABILITY, "capability_checks", "check of a person", "checks of people"),
        ):
            if metric.measure is measure:
                continue
            count = int(
                self._fetch(f"SELECT count(*) FROM {table} WHERE metric_id = ?", (metric.id,))[0][0]
            )
            if count:
                raise WrongMeasure(
                    f"{metric.name!r} has {count} {one if count == 1 else many}: delete "
                    f"{'it' if count == 1 else 'them'} before measuring it another way"
                )

    def _refuse_entered(self, metric_ids: set[str]) -> None:
        for metric_id in metric_ids:
            rows = self._list(Metric, "id = ?", (metric_id,))
            if rows and (why := refuses_entered_readings(rows[0])):
                raise WrongMeasure(why)

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
            self._refuse_entered({reading.metric_id})
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
                self._refuse_entered({r.metric_id for r in batch})
                self.conn.executemany(sql, rows)
        finally:
            self.conn.execute(f"PRAGMA cache_size = {previous}")
        return len(batch)

    def update_reading(self, reading: Reading) -> Reading:
        with self.write():
            self._refuse_entered({reading.metric_id})
            self._update(reading)
        return reading

    def delete_reading(self, reading_id: str) -> None:
        with self.write():
            self._delete(Reading, reading_id)

    def list_initiative_readings(self, initiative_id: str) -> list[Reading]:
        """Every reading of the initiative's metrics, metric by metric, derived ones
        included: the stored readings, events and checks in one query each."""
        metrics = self.list_metrics(initiative_id)
        entered = self._list(
            Reading,
            "metric_id IN (SELECT id FROM metrics WHERE initiative_id = ?)",
            (initiative_id,),
            order="taken_on, rowid",
        )
        events, checks = self.events_and_checks(metrics)
        return readings_for(metrics, entered, events, checks)

    def list_readings(self, metric_id: str) -> list[Reading]:
        """The metric's readings, as every screen and command reads them: typed in, or
        worked out from its events or checks."""
        metrics = self._list(Metric, "id = ?", (metric_id,))
        entered = self.list_entered_readings(metric_id)
        if not metrics:
            return entered
        events, checks = self.events_and_checks(metrics)
        return readings_for(metrics, entered, events, checks)

    def list_entered_readings(self, metric_id: str) -> list[Reading]:
        """The readings typed in or imported for a metric, as stored (none for a metric
        measured from events or checks)."""
        return self._list(Reading, "metric_id = ?", (metric_id,), order="taken_on, rowid")

    def readings_of_metrics(self, metrics: list[Metric]) -> dict[str, list[Reading]]:
        """Each given metric's readings (``list_readings``), in a fixed number of queries."""
        result: dict[str, list[Reading]] = {m.id: [] for m in metrics}
        ids = list(result)
        entered: list[Reading] = []
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            entered += self._list(
                Reading,
                f"metric_id IN ({','.join('?' * len(chunk))})",
                chunk,
                order="taken_on, rowid",
            )
        events, checks = self.events_and_checks(metrics)
        for reading in readings_for(metrics, entered, events, checks):
            result[reading.metric_id].append(reading)
        return result
