"""Sessions, their agenda, and what is captured in them."""

from __future__ import annotations

import math
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StringConstraints, field_validator, model_validator

from opstui.domain.base import ONE_LINE, NonEmptyStr, PlanDate, Prose, Rating, Record, Title, utcnow
from opstui.domain.values import Sentiment as Sentiment  # re-exported


class SessionKind(StrEnum):
    DISCOVERY = "discovery"
    VALIDATION = "validation"
    PROCESS_MAPPING = "process-mapping"
    PILOT = "pilot"
    EVALUATION = "evaluation"
    READINESS = "readiness"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


class SessionState(StrEnum):
    PLANNED = "planned"
    LIVE = "live"
    ENDED = "ended"


class Session(Record):
    """One meeting of an initiative, run from a playbook."""

    initiative_id: str
    playbook_key: str = Field(min_length=1)
    kind: SessionKind
    title: Title
    facilitator_id: str | None = None
    #: In the order they were picked; the vote grid keeps this order.
    participant_ids: list[str] = Field(default_factory=list)
    state: SessionState = SessionState.PLANNED
    planned_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    #: Position of the agenda item under way, for resuming where the session stood.
    current_item: int = Field(default=0, ge=0)
    #: The facilitator's private notes, hidden in presenter-safe view.
    notes: Prose = ""
    #: Whether the shared screen hides the private notes and anonymous voters' names;
    #: kept with the session so a crash, a resume or a second app never shows them.
    presenter_safe: bool = True
    #: When a session started by mistake was cancelled: it stays (with what it holds)
    #: but counts for nothing (mood, "last met", carried-over actions).
    cancelled_at: datetime | None = None

    @model_validator(mode="after")
    def _times_in_order(self) -> Self:
        if self.started_at and self.ended_at and self.ended_at < self.started_at:
            raise ValueError("the session ends before it starts")
        return self

    @property
    def held_at(self) -> datetime | None:
        return self.started_at or self.planned_at

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


class AgendaItem(Record):
    """One part of a session's agenda, with its plan and what actually happened."""

    session_id: str
    position: int = Field(ge=0)
    title: Title
    planned_minutes: int = Field(default=5, ge=0, le=600)
    prompt: Prose = ""
    capture: Prose = ""
    #: Minutes added during the session with the +1 key.
    extra_minutes: int = Field(default=0, ge=0, le=600)
    #: Seconds the item's timer has run, pauses excluded (what the countdown shows).
    elapsed_seconds: int = Field(default=0, ge=0)
    started_at: datetime | None = None
    ended_at: datetime | None = None
    #: Wall-clock seconds the item was the current one, over every visit that ended.
    wall_seconds: int = Field(default=0, ge=0)
    #: When the visit under way began (None unless this is the current item).
    entered_at: datetime | None = None

    @property
    def allowed_seconds(self) -> int:
        return (self.planned_minutes + self.extra_minutes) * 60

    @property
    def actual_seconds(self) -> int:
        """How long the item was current, by the wall clock: pauses, breaks and time
        away from the live screen included. Items timed before that was recorded
        (``wall_seconds`` never set) fall back to their timer's seconds."""
        if self.wall_seconds or self.entered_at is not None:
            return self.wall_seconds
        return self.elapsed_seconds

    @property
    def actual_minutes(self) -> int:
        return math.ceil(self.actual_seconds / 60)

    @property
    def overran(self) -> bool:
        return self.actual_seconds > self.allowed_seconds

    def left_at(self, now: datetime) -> AgendaItem:
        """The item as it is once its visit under way ends at ``now``."""
        if self.entered_at is None:
            wall = max(self.wall_seconds, self.elapsed_seconds)  # timed before wall time
        else:
            wall = self.wall_seconds + max(int((now - self.entered_at).total_seconds()), 0)
        return self.model_copy(update={"wall_seconds": wall, "entered_at": None, "ended_at": now})


class FeedbackKind(StrEnum):
    PRAISE = "praise"
    CONCERN = "concern"
    SUGGESTION = "suggestion"
    QUESTION = "question"
    OBSERVATION = "observation"


def likely_kind(sentiment: Sentiment) -> FeedbackKind:
    """The kind a remark most likely is, given how it felt; the facilitator can change it."""
    if sentiment >= Sentiment.POSITIVE:
        return FeedbackKind.PRAISE
    if sentiment <= Sentiment.NEGATIVE:
        return FeedbackKind.CONCERN
    return FeedbackKind.OBSERVATION


Tag = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), ONE_LINE
]


class Feedback(Record):
    """A remark made in a session, by someone or anonymously."""

    session_id: str
    person_id: str | None = None
    sentiment: Sentiment = Sentiment.NEUTRAL
    kind: FeedbackKind = FeedbackKind.OBSERVATION
    text: NonEmptyStr
    tags: list[Tag] = Field(default_factory=list)
    agenda_item_id: str | None = None
    created_at: datetime = Field(default_factory=utcnow)

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, tags: list[str]) -> list[str]:
        seen: dict[str, str] = {}
        for tag in tags:
            seen.setdefault(tag.lower(), tag)
        return list(seen.values())

    @property
    def anonymous(self) -> bool:
        return self.person_id is None


#: A value typed into a template field; dates are kept as ISO text.
FieldValue = Prose | int | float | None


class FillIn(Record):
    """A template of the playbook, filled in together during a session."""

    session_id: str
    template_key: str = Field(min_length=1)
    title: Title
    values: dict[str, FieldValue] = Field(default_factory=dict)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Decision(Record):
    """What was decided, with the vote that carried it if there was one."""

    initiative_id: str
    session_id: str | None = None
    proposal_id: str | None = None
    statement: NonEmptyStr
    review_on: PlanDate | None = None
    decided_at: datetime = Field(default_factory=utcnow)


class ActionItem(Record):
    """Something someone will do; open ones come back in the next session."""

    initiative_id: str
    session_id: str | None = None
    text: NonEmptyStr
    owner_id: str | None = None
    due_on: PlanDate | None = None
    done: bool = False
    done_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)

    def overdue(self, today: date) -> bool:
        """Still open after its due day: the one rule the live screen, the Actions tab
        and the initiative report mark "overdue" by."""
        return not self.done and self.due_on is not None and self.due_on < today


class ReadinessElement(StrEnum):
    """The six elements of the Lippitt-Knoster model of managing complex change."""

    VISION = "vision"
    CONSENSUS = "consensus"
    SKILLS = "skills"
    INCENTIVES = "incentives"
    RESOURCES = "resources"
    ACTION_PLAN = "action_plan"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class ReadinessAssessment(Record):
    """How ready the organization is for the change, each element rated 1-5."""

    initiative_id: str
    session_id: str | None = None
    assessed_on: PlanDate
    vision: Rating
    consensus: Rating
    skills: Rating
    incentives: Rating
    resources: Rating
    action_plan: Rating
    note: Prose = ""

    def rating(self, element: ReadinessElement) -> int:
        return int(getattr(self, element.value))
