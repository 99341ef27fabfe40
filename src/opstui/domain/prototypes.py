"""The prototype ladder: prototypes of rising fidelity, each testing its own assumptions.

The method climbs from the cheapest prototype to the dearest: a workflow diagram (does
the flow make sense?), then documentation (can people follow it from the written
steps?), then the process run by hand (does it work with real people and real work?),
and only then automation (can a tool do it reliably?). Each rung tests different
assumptions, so a rung skipped is a set of assumptions never tested. This module holds
the record of one prototype and the pure rules over an initiative's ladder; the doctor
(``doctor_ladder``) and the screens ask them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from opstui.domain.base import PlanDate, Prose, Record, Title, utcnow


class Stage(StrEnum):
    """A rung of the ladder, in the order the method climbs them."""

    WORKFLOW_DIAGRAM = "workflow-diagram"
    DOCUMENTATION = "documentation"
    MANUAL_PROCESS = "manual-process"
    AUTOMATION = "automation"

    @property
    def rank(self) -> int:
        """1 for the workflow diagram up to 4 for automation."""
        return list(Stage).index(self) + 1

    @property
    def label(self) -> str:
        """ "Workflow diagram", "Manual process": as lists and reports name it."""
        return self.value.replace("-", " ").capitalize()

    @property
    def tests(self) -> str:
        """What a prototype at this rung typically finds out."""
        return _TESTS[self]

    @property
    def question(self) -> str:
        """The rung's question in a few words, for a narrow column."""
        return _QUESTIONS[self]


_TESTS: dict[Stage, str] = {
    Stage.WORKFLOW_DIAGRAM: "whether the flow holds together: hand-offs, bottlenecks, dead ends",
    Stage.DOCUMENTATION: "whether people can follow the new way from written steps alone",
    Stage.MANUAL_PROCESS: "whether it works with real people and real work, done by hand",
    Stage.AUTOMATION: "whether a tool can do it reliably, for everyone",
}


_QUESTIONS: dict[Stage, str] = {
    Stage.WORKFLOW_DIAGRAM: "does the flow hold?",
    Stage.DOCUMENTATION: "can people follow it?",
    Stage.MANUAL_PROCESS: "does it work by hand?",
    Stage.AUTOMATION: "can a tool do it?",
}


class Status(StrEnum):
    """Where a prototype stands."""

    PLANNED = "planned"
    TRYING = "trying"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def tried(self) -> bool:
        """Whether the prototype is (or was) put in front of people: trying or done."""
        return self in (Status.TRYING, Status.DONE)


class Prototype(Record):
    """One prototype of the initiative: its rung, what it tests, and what it taught."""

    initiative_id: str
    stage: Stage
    title: Title
    #: The assumption the prototype tests ("PMs will fill in the brief before the call").
    assumption: Prose = ""
    #: What trying it taught, whether it held or not.
    learned: Prose = ""
    status: Status = Status.PLANNED
    started_on: PlanDate | None = None
    ended_on: PlanDate | None = None
    #: The process map a workflow diagram was drawn as, if one was.
    process_map_id: str | None = None
    created_at: datetime = Field(default_factory=utcnow)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if (
            self.started_on is not None
            and self.ended_on is not None
            and self.ended_on < self.started_on
        ):
            raise ValueError("a prototype cannot end before it started")
        if self.status is Status.PLANNED and self.ended_on is not None:
            raise ValueError("a planned prototype has not ended yet: no end date")
        return self


@dataclass(frozen=True)
class Rung:
    """One rung of an initiative's ladder and its prototypes, in order."""

    stage: Stage
    prototypes: tuple[Prototype, ...]

    @property
    def tried(self) -> bool:
        return any(p.status.tried for p in self.prototypes)


def _order(prototype: Prototype) -> tuple[int, bool, date, datetime, str]:
    """Rung, then the day it started (undated last), then when it was recorded."""
    started = prototype.started_on
    return (
        prototype.stage.rank,
        started is None,
        started or date.max,
        prototype.created_at,
        prototype.id,
    )


def ordered(prototypes: Iterable[Prototype]) -> list[Prototype]:
    """The prototypes by rung, then by the day they started, whatever order they came in."""
    return sorted(prototypes, key=_order)


def ladder(prototypes: Iterable[Prototype]) -> list[Rung]:
    """The four rungs in order, each with its prototypes (possibly none)."""
    by_stage: dict[Stage, list[Prototype]] = {stage: [] for stage in Stage}
    for prototype in ordered(prototypes):
        by_stage[prototype.stage].append(prototype)
    return [Rung(stage, tuple(found)) for stage, found in by_stage.items()]


def tried_stages(prototypes: Iterable[Prototype]) -> set[Stage]:
    """The rungs with a prototype trying or done."""
    return {p.stage for p in prototypes if p.status.tried}


@dataclass(frozen=True)
class EarlyAutomation:
    """An automation tried before the process was tried by hand.

    ``manual`` is the first manual-process prototype tried, when there is one that
    started later than the automation; None when no manual process was tried at all.
    """

    automation: Prototype
    manual: Prototype | None


def automation_before_manual(prototypes: Iterable[Prototype]) -> EarlyAutomation | None:
    """The first automation tried (trying or done) before a manual process was.

    It is early when no manual-process prototype is trying or done, or when it started
    before the first of those started (both days known). A dropped automation locks in
    nothing and a planned one has not happened: neither counts.
    """
    found = ordered(prototypes)
    manual = [p for p in found if p.stage is Stage.MANUAL_PROCESS and p.status.tried]
    automations = [p for p in found if p.stage is Stage.AUTOMATION and p.status.tried]
    if not automations:
        return None
    if not manual:
        return EarlyAutomation(automations[0], None)
    dated = [(p.started_on, p) for p in manual if p.started_on is not None]
    if not dated:
        return None
    first_start, first_manual = min(dated, key=lambda pair: _order(pair[1]))
    for automation in automations:
        if automation.started_on is not None and automation.started_on < first_start:
            return EarlyAutomation(automation, first_manual)
    return None
