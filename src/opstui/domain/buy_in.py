"""Closing the loop with the people who spoke: what came of a remark, and the plans that
keep people on board (messages, ways to learn, check-ins with stakeholders).

The method's heart is buy-in: people who feel listened to, results shared whether they
are good or not, several ways to learn, and stakeholders consulted before the
infrastructure is chosen. These are the records that let the product show and check it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from opstui.domain.base import Line, PlanDate, Prose, Record, Title, utcnow
from opstui.domain.initiative import Group, PilotCohort


class LinkTarget(StrEnum):
    """What a remark led to."""

    DECISION = "decision"
    ACTION = "action"
    METRIC = "metric"
    #: A change in the initiative itself, said in words ("the vision now names Sales").
    CHANGE = "change"


class RemarkLink(Record):
    """A remark, or one answer of a filled-in template, and one thing that came of it.

    Exactly one source (``feedback_id``, or ``fill_in_id`` with ``field_key``) and
    exactly one target (a decision, an action, a metric, or a change in words).
    """

    initiative_id: str
    feedback_id: str | None = None
    fill_in_id: str | None = None
    field_key: Line = ""
    decision_id: str | None = None
    action_id: str | None = None
    metric_id: str | None = None
    change: Prose = ""
    created_at: datetime = Field(default_factory=utcnow)

    @model_validator(mode="after")
    def _one_source_one_target(self) -> Self:
        if (self.feedback_id is None) == (self.fill_in_id is None):
            raise ValueError("a link starts from one remark or one answer")
        if self.fill_in_id is not None and not self.field_key.strip():
            raise ValueError("a link from a filled-in template names the answer's field")
        targets = [self.decision_id, self.action_id, self.metric_id, self.change.strip() or None]
        if sum(t is not None for t in targets) != 1:
            raise ValueError("a link leads to one decision, action, metric or change")
        return self

    @property
    def target(self) -> LinkTarget:
        if self.decision_id is not None:
            return LinkTarget.DECISION
        if self.action_id is not None:
            return LinkTarget.ACTION
        if self.metric_id is not None:
            return LinkTarget.METRIC
        return LinkTarget.CHANGE

    @property
    def target_id(self) -> str | None:
        """The id of the decision, action or metric; None for a change in words."""
        return self.decision_id or self.action_id or self.metric_id


class CommStatus(StrEnum):
    PLANNED = "planned"
    SENT = "sent"


class CommPurpose(StrEnum):
    """Why a message goes out; the results message is the one that closes the loop."""

    ANNOUNCEMENT = "announcement"
    UPDATE = "update"
    RESULTS = "results"
    OTHER = "other"


class CommItem(Record):
    """One message of the communication plan: to whom, through what, when, and its draft.

    The audience is a group, a pilot cohort, or everyone affected (neither given).
    """

    initiative_id: str
    audience_group: Group | None = None
    cohort_id: str | None = None
    channel: Title
    purpose: CommPurpose = CommPurpose.UPDATE
    planned_on: PlanDate | None = None
    status: CommStatus = CommStatus.PLANNED
    sent_on: PlanDate | None = None
    draft: Prose = ""
    created_at: datetime = Field(default_factory=utcnow)

    @model_validator(mode="after")
    def _sent_has_a_day(self) -> Self:
        if self.status is CommStatus.SENT and self.sent_on is None:
            raise ValueError("a message marked sent says on which day")
        if self.status is CommStatus.PLANNED and self.sent_on is not None:
            raise ValueError("a planned message has not been sent yet")
        if self.audience_group is not None and self.cohort_id is not None:
            raise ValueError("a message goes to a group or to a cohort, not both")
        return self

    def marked_sent(self, on: date) -> CommItem:
        return self.model_copy(update={"status": CommStatus.SENT, "sent_on": on})


class LearningKind(StrEnum):
    """The ways people learn new infrastructure: several, since people learn differently."""

    DOC = "doc"
    VIDEO = "video"
    OFFICE_HOURS = "office-hours"
    BUDDY = "buddy"
    WORKSHOP = "workshop"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


class LearningPath(Record):
    """One way to learn, for an audience, at given times (slots), run by an owner."""

    initiative_id: str
    kind: LearningKind
    title: Title
    audience_group: Group | None = None
    cohort_id: str | None = None
    #: When it is offered: days (or days with times, as typed) people can take it.
    slots: list[Line] = Field(default_factory=list)
    owner_id: str | None = None
    link: Line = ""
    created_at: datetime = Field(default_factory=utcnow)

    @model_validator(mode="after")
    def _one_audience(self) -> Self:
        if self.audience_group is not None and self.cohort_id is not None:
            raise ValueError("a learning path is for a group or for a cohort, not both")
        return self


def audience(cohorts: Iterable[PilotCohort], group: Group | None, cohort_id: str | None) -> str:
    """Who a message or a way to learn is for: a group, a pilot cohort, or everyone."""
    if group is not None:
        return group.label
    if cohort_id is not None:
        cohort = next((c for c in cohorts if c.id == cohort_id), None)
        return cohort.name if cohort else "(a removed cohort)"
    return "Everyone"


class CheckIn(Record):
    """A stakeholder consulted: who (a person, in a group), when, about what."""

    initiative_id: str
    person_id: str | None = None
    group: Group
    held_on: PlanDate
    about: Title
    outcome: Prose = ""
    created_at: datetime = Field(default_factory=utcnow)
