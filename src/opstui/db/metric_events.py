"""Events logged against a metric, and capability checks of people
(``opstui.domain.metric_events``): the rows its derived readings are worked out from."""

from __future__ import annotations

from collections.abc import Sequence

from opstui.db.errors import StoreError
from opstui.db.records import Records
from opstui.domain.metric_events import CapabilityCheck, MetricEvent
from opstui.domain.metrics import Measure, Metric


class WrongMeasure(StoreError):
    """An event, a check or a typed-in reading for a metric not measured that way."""


class MetricEventRecords(Records):
    """Events and checks of metrics; the store turns them into readings
    (``MetricRecords.list_readings``)."""

    def _measured_by(self, metric_id: str, measure: Measure, what: str) -> None:
        rows = self._fetch("SELECT name, measure FROM metrics WHERE id = ?", (metric_id,))
        if rows and rows[0][1] != measure.value:
            raise WrongMeasure(f"{rows[0][0]!r} is not measured by {what}")

    # -- events -------------------------------------------------------------------------

    def add_event(self, event: MetricEvent) -> MetricEvent:
        with self.write():
            self._measured_by(event.metric_id, Measure.EVENTS, "events")
            self._insert(event)
        return event

    def update_event(self, event: MetricEvent) -> MetricEvent:
        with self.write():
            self._update(event)
        return event

    def delete_event(self, event_id: str) -> None:
        with self.write():
            self._delete(MetricEvent, event_id)

    def list_events(self, metric_id: str) -> list[MetricEvent]:
        return self._list(
            MetricEvent, "metric_id = ?", (metric_id,), order="happened_on, created_at, rowid"
        )

    # -- capability checks --------------------------------------------------------------

    def add_checks(self, checks: Sequence[CapabilityCheck]) -> int:
        """Record several people's checks at once: all of them, or none."""
        with self.write():
            for metric_id in {c.metric_id for c in checks}:
                self._measured_by(metric_id, Measure.CAPABILITY, "checks of people")
            for check in checks:
                self._insert(check)
        return len(checks)

    def add_check(self, check: CapabilityCheck) -> CapabilityCheck:
        self.add_checks([check])
        return check

    def delete_check(self, check_id: str) -> None:
        with self.write():
            self._delete(CapabilityCheck, check_id)

    def list_checks(self, metric_id: str) -> list[CapabilityCheck]:
        return self._list(
            CapabilityCheck, "metric_id = ?", (metric_id,), order="checked_on, created_at, rowid"
        )

    # -- what derived readings are made of, for many metrics in two queries --------------

    def events_and_checks(
        self, metrics: Sequence[Metric]
    ) -> tuple[list[MetricEvent], list[CapabilityCheck]]:
        """The events and checks of the given metrics that are measured by them, in one
        query each (none at all when no metric is): a screen's worth at once."""
        events_of = [m.id for m in metrics if m.measure is Measure.EVENTS]
        checks_of = [m.id for m in metrics if m.measure is Measure.CAPABILITY]
        events: list[MetricEvent] = []
        checks: list[CapabilityCheck] = []
        for start in range(0, len(events_of), 900):
            chunk = events_of[start : start + 900]
            events += self._list(
                MetricEvent,
                f"metric_id IN ({','.join('?' * len(chunk))})",
                chunk,
                order="happened_on, created_at, rowid",
            )
        for start in range(0, len(checks_of), 900):
            chunk = checks_of[start : start + 900]
            checks += self._list(
                CapabilityCheck,
                f"metric_id IN ({','.join('?' * len(chunk))})",
                chunk,
                order="checked_on, created_at, rowid",
            )
        return events, checks
