"""Writing the checked demo data through the store, in the order the files give.

A record the domain refuses, or a vote whose tally is not the one the story expects,
stops the demo with a DemoDataError naming the file and the entry; the caller's
transaction then leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date

from pydantic import ValidationError

from opstui.db.store import Store
from opstui.demo.anchor import Anchor
from opstui.demo.ladder import write_prototype
from opstui.demo.loading import DemoData, DemoDataError, Story
from opstui.demo.loop_writing import LoopWriter
from opstui.demo.map_writing import write_map
from opstui.demo.measured_writing import MeasuredWriter
from opstui.demo.schema import (
    ActionEntry,
    CohortEntry,
    InitiativeEntry,
    MetricEntry,
    Point,
    ReadingsEntry,
    SessionEntry,
    StoryFile,
)
from opstui.demo.sessions import SessionWriter
from opstui.demo.survey_writing import write_survey
from opstui.domain.initiative import AffectedGroup, Initiative, Person, PilotCohort
from opstui.domain.metrics import Direction, Metric, Reading
from opstui.domain.playbook import Playbook


def write_demo(store: Store, data: DemoData, anchor: Anchor) -> None:
    """Write the people, then each story: inside the caller's transaction."""
    who: dict[str, Person] = {}
    for key, entry in data.people.items():
        with blame("demo/people.toml", f"people > {key}"):
            person = Person(id=anchor.new_id(), name=entry.name, role=entry.role, group=entry.group)
            who[key] = store.add_person(person)
    written = [StoryWriter(store, anchor, story, who, data.playbooks) for story in data.stories]
    for writer in written:
        writer.write()
    # The loops last: the stories' own records keep the ids and times they always had.
    for writer in written:
        writer.write_loop()
    # Then the prototype ladders, for the same reason.
    for writer in written:
        writer.write_ladder()
    # The process maps after the loops, for the same reason.
    for writer in written:
        writer.write_maps()
    # The surveys after the loops, for the same reason.
    for writer in written:
        writer.write_surveys()
    # Then the metrics measured from events and checks, which no earlier record names.
    for writer in written:
        writer.write_measured()


@contextmanager
def blame(source: str, entry: str) -> Iterator[None]:
    """Report a record refused while writing as a problem of the file and entry it came from."""
    try:
        yield
    except DemoDataError:
        raise
    except ValidationError as exc:
        problems = [
            f"{entry} > {'.'.join(str(step) for step in err['loc'])}: {err['msg']}"
            for err in exc.errors()
        ]
        raise DemoDataError(source, problems) from exc
    except ValueError as exc:
        raise DemoDataError(source, [f"{entry}: {exc}"]) from exc


class StoryWriter:
    """Writes one story: its initiative, metrics, ticks, then what happened, in order."""

    def __init__(
        self,
        store: Store,
        anchor: Anchor,
        story: Story,
        who: dict[str, Person],
        playbooks: Mapping[str, Playbook],
    ) -> None:
        self.store = store
        self.anchor = anchor
        self.source = story.source
        self.data: StoryFile = story.data
        self.who = who
        self.playbooks = playbooks
        self.metrics: dict[str, Metric] = {}
        #: The initiative, once written.
        self.written: Initiative | None = None

    def write_loop(self) -> None:
        """How the loop was closed with the people of this story (its ``[loop]``)."""
        assert self.written is not None, "a story's loop is written after the story"
        loop = LoopWriter(
            self.store, self.anchor, self.written, self.who, self.metrics, self.playbooks
        )
        for where, write in loop.entries(self.data.loop):
            with blame(self.source, where):
                write()

    def write_ladder(self) -> None:
        """The prototypes the initiative tried, rung by rung (its ``[[ladder]]``)."""
        assert self.written is not None, "a story's ladder is written after the story"
        for number, entry in enumerate(self.data.ladder, start=1):
            with blame(self.source, f"ladder[{number}]"):
                write_prototype(self.store, self.anchor, self.written, entry)

    def write_maps(self) -> None:
        """The process maps drawn for this story's initiative (its ``[[maps]]``)."""
        assert self.written is not None, "a story's maps are written after the story"
        for number, entry in enumerate(self.data.maps, start=1):
            with blame(self.source, f"maps[{number}]"):
                write_map(self.store, self.anchor, self.written, entry)

    def write_surveys(self) -> None:
        """The research surveys of this story (its ``[[surveys]]``), each imported."""
        for number, entry in enumerate(self.data.surveys, start=1):
            with blame(self.source, f"surveys[{number}]"):
                write_survey(self.store, self.anchor, self.metrics, entry)

    def write_measured(self) -> None:
        """The story's metrics measured from events or checks (its ``[measured]``)."""
        assert self.written is not None, "a story's metrics are measured after the story"
        written = self.written
        measured = MeasuredWriter(
            self.store,
            self.anchor,
            self.who,
            self.metrics,
            lambda entry: self.metric(written, entry),
        )
        for where, write in measured.entries(self.data.measured):
            with blame(self.source, where):
                write()

    def write(self) -> None:
        with blame(self.source, "initiative"):
            initiative = self.initiative(self.data.initiative)
        self.written = initiative
        for number, metric in enumerate(self.data.metrics, start=1):
            with blame(self.source, f"metrics[{number}]"):
                self.metric(initiative, metric)
        for number, tick in enumerate(self.data.ticks, start=1):
            with blame(self.source, f"ticks[{number}]"):
                at = self.anchor.at(tick.day, 9, 40)
                self.store.tick(initiative.id, tick.item, tick.note, at=at)
        sessions = SessionWriter(self.store, self.anchor, self.who, self.playbooks, self.metrics)
        for number, entry in enumerate(self.data.story, start=1):
            where = f"story[{number}]"
            match entry:
                case SessionEntry():
                    self.session(
                        sessions, initiative, entry, f'{where} (session "{entry.session}")'
                    )
                case CohortEntry():
                    with blame(self.source, where):
                        self.cohort(initiative, entry)
                case ReadingsEntry():
                    with blame(self.source, where):
                        self.readings(entry)
                case ActionEntry():
                    with blame(self.source, where):
                        sessions.action(initiative, None, entry)

    def session(
        self, sessions: SessionWriter, initiative: Initiative, entry: SessionEntry, where: str
    ) -> None:
        with blame(self.source, where):
            if entry.planned:
                sessions.planned(initiative, entry)
                return
            held = sessions.held(initiative, entry)
        for number, capture in enumerate(entry.captures, start=1):
            with blame(self.source, f"{where} > captures[{number}]"):
                sessions.capture(initiative, held, capture)

    def initiative(self, entry: InitiativeEntry) -> Initiative:
        day = self.anchor.day
        initiative = Initiative.model_validate(
            {
                "id": self.anchor.new_id(),
                "created_at": self.anchor.at(entry.created, 10, 30),
                "updated_at": self.anchor.at(entry.updated, 17, 10),
                "rolled_out_on": None if entry.rolled_out is None else day(entry.rolled_out),
                "results_shared_on": (
                    None if entry.results_shared is None else day(entry.results_shared)
                ),
                **entry.fields,
            }
        )
        self.store.add_initiative(initiative)
        for group, note in entry.groups.items():
            self.store.set_affected_group(
                AffectedGroup(
                    id=self.anchor.new_id(), initiative_id=initiative.id, group=group, note=note
                )
            )
        return initiative

    def metric(self, initiative: Initiative, entry: MetricEntry) -> Metric:
        baseline, target = entry.baseline, entry.target
        metric = Metric(
            id=self.anchor.new_id(),
            initiative_id=initiative.id,
            name=entry.name,
            kind=entry.kind,
            unit=entry.unit,
            direction=entry.direction,
            baseline_value=None if baseline is None else baseline.value,
            baseline_on=None if baseline is None else self.anchor.day(baseline.day),
            target_value=None if target is None else target.value,
            target_on=None if target is None else self.anchor.day(target.day),
            primary=entry.primary,
        )
        metric = self.store.add_metric(metric)
        if entry.key is not None:
            self.metrics[entry.key] = metric
        return metric

    def cohort(self, initiative: Initiative, entry: CohortEntry) -> None:
        self.store.add_cohort(
            PilotCohort(
                id=self.anchor.new_id(),
                initiative_id=initiative.id,
                name=entry.pilot_cohort,
                scope=entry.scope,
                size=entry.size,
                started_on=None if entry.started is None else self.anchor.day(entry.started),
                stage=entry.stage,
                note=entry.note,
            )
        )

    def readings(self, entry: ReadingsEntry) -> None:
        """Readings along a curve, with a little noise that never reverses the trend."""
        metric = self.metrics[entry.readings]
        higher = metric.direction is Direction.HIGHER
        jitter = entry.jitter
        previous: float | None = None
        batch: list[Reading] = []
        for point in entry.points:
            value = round(point.value + self.anchor.rng.uniform(-jitter, jitter), entry.digits)
            if previous is not None and jitter:
                # Noise may flatten a month but never turns an improving curve around.
                value = max(value, previous) if higher else min(value, previous)
            previous = value
            batch.append(
                Reading(
                    id=self.anchor.new_id(),
                    metric_id=metric.id,
                    taken_on=self.taken_on(point),
                    value=value,
                    cohort=entry.cohort,
                    note=point.note,
                )
            )
        self.store.add_readings(batch)

    def taken_on(self, point: Point) -> date:
        if point.month is not None:
            return self.anchor.month(point.month)
        assert point.day is not None  # a point has a month or a day: checked on loading
        return self.anchor.day(point.day)
