"""Initiatives, the groups they affect, the people taking part, and pilot cohorts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from opstui.domain.base import Line, PlanDate, Prose, Record, Title, utcnow
from opstui.domain.steps import Step
from opstui.domain.values import InitiativeStatus as InitiativeStatus  # re-exported


class Group(StrEnum):
    """The parts of a company an initiative can touch."""

    PRODUCT = "product"
    ENGINEERING = "engineering"
    DESIGN = "design"
    GO_TO_MARKET = "go-to-market"
    LEADERSHIP = "leadership"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


class Initiative(Record):
    """One piece of infrastructure being rolled out."""

    title: Title
    problem: Prose = ""
    strategic_reason: Prose = ""
    root_cause: Prose = ""
    vision: Prose = ""
    options_considered: Prose = ""
    chosen_solution: Prose = ""
    rollout_plan: Prose = ""
    communication_plan: Prose = ""
    #: How people are helped to learn the new way of working after launch.
    learning_support: Prose = ""
    lessons_learned: Prose = ""
    step: Step = Step.IDENTIFY_PROBLEM
    status: InitiativeStatus = InitiativeStatus.ACTIVE
    #: When it was rolled out beyond the pilot; evaluation should wait a while after it.
    rolled_out_on: PlanDate | None = None
    #: When results were shared with the people affected.
    results_shared_on: PlanDate | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AffectedGroup(Record):
    """A group the initiative touches, with what is known of its experience."""

    initiative_id: str
    group: Group
    note: Prose = ""


class Person(Record):
    """Someone who takes part in sessions."""

    name: Title
    role: Line = ""
    group: Group = Group.PRODUCT


class CohortScope(StrEnum):
    PERSON = "person"
    TEAMS = "teams"
    ORGANIZATION = "organization"


class CohortStage(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    EXPANDED = "expanded"
    ENDED = "ended"


class PilotCohort(Record):
    """Who tries the new infrastructure, from one person to the whole organization."""

    initiative_id: str
    name: Title
    scope: CohortScope = CohortScope.TEAMS
    size: int = Field(default=1, ge=0, le=10_000_000)
    started_on: PlanDate | None = None
    stage: CohortStage = CohortStage.PLANNED
    note: Prose = ""
