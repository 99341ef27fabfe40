"""Events and capability checks in the store, and the readings every reader gets from them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from opstui.db.errors import ReadOnlyError
from opstui.db.metric_events import WrongMeasure
from opstui.db.store import Store, load_facts
from opstui.domain.initiative import Initiative, Person
from opstui.domain.metric_events import CapabilityCheck, MetricEvent
from opstui.domain.metrics import Cohort, Direction, Measure, Metric, Period, Reading
from opstui.services.readings_import import ReadingsFileError, read_readings_file


@pytest.fixture
def initiative(store: Store) -> Initiative:
    return store.add_initiative(Initiative(title="Predictable releases", problem="Late"))


@pytest.fixture
def changes(store: Store, initiative: Initiative) -> Metric:
    return store.add_metric(
        Metric(
            initiative_id=initiative.id,
            name="Date changes close to GA",
            measure=Measure.EVENTS,
            window_days=30,
            beyond_weight=0.5,
            period=Period.MONTH,
            baseline_value=6,
            target_value=1,
            direction=Direction.LOWER,
        )
    )


@pytest.fixture
def demoing(store: Store, initiative: Initiative) -> Metric:
    return store.add_metric(
        Metric(
            initiative_id=initiative.id,
            name="Reps able to demo",
            measure=Measure.CAPABILITY,
            period=Period.MONTH,
            unit="%",
        )
    )


def test_events_round_trip_and_make_the_metrics_readings(store: Store, changes: Metric) -> None:
    first = store.add_event(
        MetricEvent(metric_id=changes.id, happened_on=date(2026, 3, 3), days_before=10, magnitude=2)
    )
    store.add_event(
        MetricEvent(metric_id=changes.id, happened_on=date(2026, 3, 9), days_before=90, note="x")
    )
    assert [e.id for e in store.list_events(changes.id)] == [
        first.id,
        store.list_events(changes.id)[1].id,
    ]
    assert [(r.taken_on, r.value) for r in store.list_readings(changes.id)] == [
        (date(2026, 3, 1), 2.5)
    ]
    store.update_event(first.model_copy(update={"magnitude": 4.0}))
    assert store.list_readings(changes.id)[0].value == 4.5
    store.delete_event(first.id)
    assert store.list_readings(changes.id)[0].value == 0.5
    assert store.list_entered_readings(changes.id) == []


def test_checks_make_the_share_capable(
    store: Store, demoing: Metric, initiative: Initiative
) -> None:
    ana, ben = (store.add_person(Person(name=n)) for n in ("Ana", "Ben"))
    store.add_checks(
        [
            CapabilityCheck(
                metric_id=demoing.id, person_id=p.id, capable=ok, checked_on=date(2026, 1, 5)
            )
            for p, ok in ((ana, True), (ben, False))
        ]
    )
    store.add_check(
        CapabilityCheck(
            metric_id=demoing.id, person_id=ben.id, capable=True, checked_on=date(2026, 2, 2)
        )
    )
    assert [(r.taken_on, r.value) for r in store.list_readings(demoing.id)] == [
        (date(2026, 1, 1), 50.0),
        (date(2026, 2, 1), 100.0),
    ]
    facts = load_facts(store, initiative.id)
    assert [r.value for r in facts.readings_of(demoing)] == [50.0, 100.0]
    [row] = store.dashboard_facts([initiative.id])
    assert [r.value for r in row.readings_of(demoing)] == [100.0]  # only the latest, for all
    store.delete_check(store.list_checks(demoing.id)[0].id)
    assert len(store.list_checks(demoing.id)) == 2


def test_the_dashboard_reads_derived_and_typed_in_readings(
    store: Store, changes: Metric, initiative: Initiative
) -> None:
    typed = store.add_metric(Metric(initiative_id=initiative.id, name="Lead time"))
    store.add_reading(Reading(metric_id=typed.id, taken_on=date(2026, 1, 1), value=3))
    store.add_event(MetricEvent(metric_id=changes.id, happened_on=date(2026, 1, 3)))
    store.add_event(
        MetricEvent(metric_id=changes.id, happened_on=date(2026, 2, 3), cohort=Cohort.PILOT)
    )
    [row] = store.dashboard_facts([initiative.id])
    assert {(r.metric_id, r.taken_on, r.value) for r in row.readings} == {
        (typed.id, date(2026, 1, 1), 3.0),
        (changes.id, date(2026, 2, 1), 1.0),
    }


def test_readings_cannot_be_typed_in_or_imported_for_derived_metrics(
    store: Store, changes: Metric, demoing: Metric, tmp_path: Path
) -> None:
    for metric, word in ((changes, "log an event"), (demoing, "check people")):
        reading = Reading(metric_id=metric.id, taken_on=date(2026, 1, 1), value=3)
        with pytest.raises(WrongMeasure, match=word):
            store.add_reading(reading)
        with pytest.raises(WrongMeasure):
            store.add_readings([reading])
        csv = tmp_path / "r.csv"
        csv.write_text("date,value\n2026-01-01,3\n")
        with pytest.raises(ReadingsFileError, match="cannot be imported"):
            read_readings_file(csv, metric, [])
    assert store.list_entered_readings(changes.id) == []


def test_events_and_checks_only_for_metrics_measured_by_them(
    store: Store, changes: Metric, demoing: Metric
) -> None:
    ana = store.add_person(Person(name="Ana"))
    with pytest.raises(WrongMeasure):
        store.add_event(MetricEvent(metric_id=demoing.id, happened_on=date(2026, 1, 1)))
    with pytest.raises(WrongMeasure):
        store.add_check(
            CapabilityCheck(
                metric_id=changes.id, person_id=ana.id, capable=True, checked_on=date(2026, 1, 1)
            )
        )
    assert store.list_events(demoing.id) == [] and store.list_checks(changes.id) == []


def test_a_metric_cannot_change_measure_while_it_holds_the_old_kinds_rows(
    store: Store, changes: Metric, initiative: Initiative
) -> None:
    store.add_event(MetricEvent(metric_id=changes.id, happened_on=date(2026, 1, 3)))
    with pytest.raises(WrongMeasure, match="1 event logged"):
        store.update_metric(changes.model_copy(update={"measure": Measure.READINGS}))
    assert store.get_metric(changes.id).measure is Measure.EVENTS
    typed = store.add_metric(Metric(initiative_id=initiative.id, name="Lead time"))
    store.add_reading(Reading(metric_id=typed.id, taken_on=date(2026, 1, 1), value=3))
    with pytest.raises(WrongMeasure, match="1 reading typed in"):
        store.update_metric(typed.model_copy(update={"measure": Measure.CAPABILITY}))
    # Changing the rule, not the measure, is fine.
    store.update_metric(changes.model_copy(update={"window_days": 10}))
    assert store.get_metric(changes.id).window_days == 10


def test_review_refuses_events_and_checks(db_path: Path, store: Store, changes: Metric) -> None:
    store.close()
    with Store.open(db_path, read_only=True) as review, pytest.raises(ReadOnlyError):
        review.add_event(MetricEvent(metric_id=changes.id, happened_on=date(2026, 1, 3)))
