"""Writing a story's ``[measured]`` (see ``measured_schema``): the people it names, and
metrics measured from events or from checks of people.

Written after every story and loop, so that everything before keeps its ids and times. A
metric measured from events may have had readings typed in by its story first (the
figures counted by hand before anyone logged events): they are deleted, and the metric's
readings are worked out from its events from then on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from opstui.db.store import Store
from opstui.demo.anchor import Anchor
from opstui.demo.measured_schema import (
    ChecksEntry,
    EventsEntry,
    MeasuredEntry,
    PersonToCheck,
    TreeEntry,
)
from opstui.demo.schema import MetricEntry
from opstui.domain.initiative import Person
from opstui.domain.metric_events import CapabilityCheck, MetricEvent
from opstui.domain.metric_tree import link_problem
from opstui.domain.metrics import Measure, Metric


class MeasuredWriter:
    """Writes one story's ``[measured]``."""

    def __init__(
        self,
        store: Store,
        anchor: Anchor,
        who: dict[str, Person],
        metrics: dict[str, Metric],
        add_metric: Callable[[MetricEntry], Metric],
    ) -> None:
        self.store = store
        self.anchor = anchor
        #: Everyone by key; the people of this table are added as they are written.
        self.who = who
        #: The story's metrics by key, kept current as this table changes them.
        self.metrics = metrics
        #: Writes a metric of the story's initiative as its ``[[metrics]]`` are written.
        self.add_metric = add_metric

    def entries(self, measured: MeasuredEntry) -> list[tuple[str, Callable[[], None]]]:
        """Each entry with where it is in the file, in the order they are written."""
        found: list[tuple[str, Callable[[], None]]] = []
        found += [
            (f"measured.tree[{n}]", partial(self.tree, e))
            for n, e in enumerate(measured.tree, start=1)
        ]
        found += [
            (f"measured.people[{n}]", partial(self.person, e))
            for n, e in enumerate(measured.people, start=1)
        ]
        found += [
            (f"measured.events[{n}]", partial(self.events, e))
            for n, e in enumerate(measured.events, start=1)
        ]
        found += [
            (f"measured.checks[{n}]", partial(self.checks, e))
            for n, e in enumerate(measured.checks, start=1)
        ]
        return found

    def tree(self, entry: TreeEntry) -> None:
        """The outcome, then each leading indicator linked to it (checked as the app does)."""
        outcome = self.add_metric(entry.outcome)
        everything = [*self.metrics.values(), outcome]
        for key in entry.predicted_by:
            if key not in self.metrics:
                raise ValueError(f"predicted_by: no metric {key!r} in this story")
            linked = self.metrics[key].model_copy(update={"predicts_id": outcome.id})
            if problem := link_problem(linked, everything):
                raise ValueError(f"predicted_by {key!r}: {problem}")
            self.metrics[key] = self.store.update_metric(linked)

    def person(self, entry: PersonToCheck) -> None:
        if entry.key in self.who:
            raise ValueError(f"{entry.key!r} is someone already")
        person = Person(
            id=self.anchor.new_id(), name=entry.name, role=entry.role, group=entry.group
        )
        self.who[entry.key] = self.store.add_person(person)

    def events(self, entry: EventsEntry) -> None:
        metric = self.metrics[entry.metric]
        for reading in self.store.list_entered_readings(metric.id):
            self.store.delete_reading(reading.id)
        metric = self.store.update_metric(
            metric.model_copy(
                update={
                    "measure": Measure.EVENTS,
                    "window_days": entry.window_days,
                    "beyond_weight": entry.beyond_weight,
                    "period": entry.period,
                }
            )
        )
        for event in entry.log:
            self.store.add_event(
                MetricEvent(
                    id=self.anchor.new_id(),
                    metric_id=metric.id,
                    happened_on=self.anchor.day(event.day),
                    magnitude=event.size,
                    days_before=event.before,
                    cohort=event.cohort,
                    note=event.note,
                    created_at=self.anchor.at(event.day, 17),
                )
            )

    def checks(self, entry: ChecksEntry) -> None:
        metric = self.store.update_metric(
            self.metrics[entry.metric].model_copy(
                update={"measure": Measure.CAPABILITY, "period": entry.period}
            )
        )
        for number, round_ in enumerate(entry.rounds):
            answers = [(key, True) for key in round_.can] + [(key, False) for key in round_.cannot]
            checks = []
            for minute, (key, capable) in enumerate(answers):
                if key not in self.who:
                    raise ValueError(f"rounds[{number + 1}]: nobody is {key!r}")
                checks.append(
                    CapabilityCheck(
                        id=self.anchor.new_id(),
                        metric_id=metric.id,
                        person_id=self.who[key].id,
                        capable=capable,
                        checked_on=self.anchor.day(round_.day),
                        cohort=round_.cohort,
                        created_at=self.anchor.at(round_.day, 16, minute),
                    )
                )
            self.store.add_checks(checks)
