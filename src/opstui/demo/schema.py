"""The shape of the demo's data files, checked before anything is written.

``people.toml`` names everyone once, under a short key. Each file in ``stories/``, named
``<place>-<name>.toml`` and written in the order of the places, holds one initiative:

- ``[initiative]``: the initiative's own fields, its dates as day offsets, and the groups
  it affects in ``[initiative.groups]``;
- ``[[metrics]]``, and ``[[ticks]]`` for checklist items ticked by hand;
- ``[[story]]``: what happened, in order. Each entry is a ``session`` (with what was
  captured in it, ``[[story.captures]]``: ``said``, ``filled``, ``vote`` or ``action``), a
  ``pilot_cohort``, the ``readings`` of a metric, or an ``action`` outside any session;
  the key an entry holds says which;
- ``[[surveys]]``: research surveys imported into a metric, after the loops
  (``survey_schema``).

The order of the story is the order of writing, and so of the random draws that make ids
and times: moving an entry changes the file the demo writes.

Days are counted from the demo's anchor day (negative: before it), months from the
anchor's month. People are named by their key in ``people.toml``, metrics by the key
their story gives them. Shapes, words and references are checked here, before anything is
written; each record is then checked by its domain model as it is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    ValidationInfo,
    model_validator,
)

from opstui.domain.initiative import CohortScope, CohortStage, Group, Initiative
from opstui.domain.metrics import Cohort, Direction, MetricKind
from opstui.domain.playbook import FieldType, Key, Playbook
from opstui.domain.session import FeedbackKind, ReadinessElement, Sentiment
from opstui.domain.voting import Outcome

#: The key that says what an entry is: a story entry or a capture holds exactly one.
STORY_TAGS = ("session", "pilot_cohort", "readings", "action")
CAPTURE_TAGS = ("said", "filled", "vote", "action")

#: Initiative fields the demo sets itself, from the offsets of its entry.
_DATED_FIELDS = {"id", "created_at", "updated_at", "rolled_out_on", "results_shared_on"}


@dataclass(frozen=True)
class References:
    """What entries may name, handed to validation as its context."""

    people: frozenset[str]
    playbooks: Mapping[str, Playbook]


def _references(info: ValidationInfo) -> References:
    if not isinstance(info.context, References):
        raise TypeError("demo stories are validated with their References as context")
    return info.context


def _known_person(key: str, info: ValidationInfo) -> str:
    if key not in _references(info).people:
        raise ValueError(f"no person {key!r} in people.toml")
    return key


def _sentiment(word: object) -> Sentiment:
    for sentiment in Sentiment:
        if word == sentiment.label:
            return sentiment
    raise ValueError("a sentiment is one of: " + ", ".join(s.label for s in Sentiment))


PersonKey = Annotated[Key, AfterValidator(_known_person)]
#: How a remark felt, in the words the app shows: "very negative" … "very positive".
SentimentWord = Annotated[Sentiment, PlainValidator(_sentiment)]
Offset = int
#: An agenda item of the session, by its place in the playbook's agenda counting from 0
#: (a place past the last means the last).
Position = Annotated[int, Field(ge=0)]


def _one_of(tags: tuple[str, ...]) -> Callable[[Any], str | None]:
    """Which kind of entry this is: the one tag key it holds, or None if not exactly one."""

    def tag(value: Any) -> str | None:
        found = [t for t in tags if (t in value if isinstance(value, dict) else hasattr(value, t))]
        return found[0] if len(found) == 1 else None

    return tag


class Entry(BaseModel):
    """An entry of a data file: unknown keys are refused, so a typo does not pass unseen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# -- people.toml --------------------------------------------------------------------------


class PersonEntry(Entry):
    name: str
    role: str = ""
    group: Group


class PeopleFile(Entry):
    #: ``[people.<key>]`` tables, written in the order they appear.
    people: dict[Key, PersonEntry] = Field(min_length=1)


# -- a story: the initiative and what it measures -------------------------------------------


class InitiativeEntry(Entry):
    """The initiative's own fields (title, problem, step, status…), with its dates as offsets.

    Those fields are the ``Initiative`` model's: their names are checked here, their values
    when the initiative is written.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    created: Offset
    updated: Offset
    rolled_out: Offset | None = None
    results_shared: Offset | None = None
    #: The groups it affects, in order, each with what is known of its experience.
    groups: dict[Group, str] = Field(default_factory=dict)

    @property
    def fields(self) -> dict[str, Any]:
        return dict(self.model_extra or {})

    @model_validator(mode="after")
    def _initiative_fields(self) -> Self:
        unknown = set(self.fields) - (set(Initiative.model_fields) - _DATED_FIELDS)
        if unknown:
            raise ValueError(f"an initiative has no field {', '.join(sorted(unknown))}")
        return self


class Dated(Entry):
    value: float
    day: Offset


class MetricEntry(Entry):
    #: How votes and readings of the same story name it; a metric nobody names needs none.
    key: Key | None = None
    name: str
    kind: MetricKind
    unit: str = ""
    direction: Direction
    baseline: Dated | None = None
    target: Dated | None = None
    primary: bool = False


class TickEntry(Entry):
    """A checklist item only a person can vouch for, ticked by hand."""

    item: Key
    day: Offset
    note: str


# -- what is captured in a session ----------------------------------------------------------


class Remark(Entry):
    said: str
    #: The agenda item it was said in.
    item: Position
    #: Who said it; left out when it was said anonymously.
    by: PersonKey | None = None
    sentiment: SentimentWord
    kind: FeedbackKind
    tags: list[str] = Field(default_factory=list)


class DayValue(Entry):
    """A date field's value, as a day offset: ``{ day = -33 }``."""

    day: Offset


class FillInEntry(Entry):
    #: The key of the playbook's template.
    filled: Key
    item: Position
    title: str
    values: dict[str, str | int | float | DayValue]
    #: The ratings filled in are also the session's readiness assessment.
    assessment: bool = False


BallotChoice = int | str | dict[str, int]


class VoteEntry(Entry):
    #: The key of the playbook's proposal: its title, method and subject.
    vote: Key
    item: Position
    description: str
    #: Each round: every voter's ballot, in the order they were cast.
    rounds: list[dict[PersonKey, BallotChoice]] = Field(min_length=1)
    #: What the last round's tally must come to; anything else is a mistake in the data.
    expect: Outcome
    decision: str | None = None
    #: The options of a dot vote, when this vote has its own.
    options: list[str] | None = None
    metric: Key | None = None
    #: When the decision is to be reviewed.
    review: Offset | None = None
    #: Held anonymously, whatever the playbook's proposal says.
    anonymous: bool | None = None


class ActionEntry(Entry):
    action: str
    owner: PersonKey | None = None
    due: Offset
    #: The day it was ticked off; left out while it is open.
    done: Offset | None = None
    #: When an action outside any session was noted (a week before it is due if left out).
    created: Offset | None = None


Capture = Annotated[
    Annotated[Remark, Tag("said")]
    | Annotated[FillInEntry, Tag("filled")]
    | Annotated[VoteEntry, Tag("vote")]
    | Annotated[ActionEntry, Tag("action")],
    Discriminator(
        _one_of(CAPTURE_TAGS),
        custom_error_type="capture",
        custom_error_message="a capture holds one of said, filled, vote or action",
    ),
]


def _misfit(capture: Remark | FillInEntry | VoteEntry | ActionEntry, book: Playbook) -> str:
    """What in a capture the session's playbook cannot take, or an empty string."""
    if isinstance(capture, ActionEntry) and capture.created is not None:
        return "an action of a session is noted at the session's end: drop created"
    if isinstance(capture, VoteEntry) and capture.vote not in {p.key for p in book.proposals}:
        return f"the {book.key} playbook has no proposal {capture.vote!r}"
    if not isinstance(capture, FillInEntry):
        return ""
    try:
        template = book.template(capture.filled)
    except KeyError:
        return f"the {book.key} playbook has no template {capture.filled!r}"
    fields = {spec.key: spec for spec in template.fields}
    unknown = set(capture.values) - set(fields)
    if unknown:
        return f"{capture.filled} has no field {', '.join(sorted(unknown))}"
    for key, spec in fields.items():
        value = capture.values.get(key)
        if value is None:
            if spec.required:
                return f"{capture.filled}: {key} is required"
        elif isinstance(value, DayValue) and spec.type is not FieldType.DATE:
            return f"{capture.filled}: {key} is not a date"
        elif not isinstance(value, DayValue):
            try:
                spec.parse(str(value))
            except ValueError as exc:
                return f"{capture.filled}: {exc}"
    if capture.assessment and not {e.value for e in ReadinessElement} <= set(capture.values):
        return "an assessment needs a rating for each of: " + ", ".join(ReadinessElement)
    return ""


# -- the story: what happened, in order -------------------------------------------------------


class SessionEntry(Entry):
    #: Its title.
    session: str
    playbook: Key
    day: Offset
    hour: int = Field(ge=0, le=23)
    facilitator: PersonKey | None = None
    participants: list[PersonKey] = Field(default_factory=list)
    notes: str = ""
    #: Still on the calendar: nothing captured yet.
    planned: bool = False
    captures: list[Capture] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fits_playbook(self, info: ValidationInfo) -> Self:
        book = _references(info).playbooks.get(self.playbook)
        if book is None:
            raise ValueError(f"no built-in playbook {self.playbook!r}")
        if self.planned and self.captures:
            raise ValueError("a planned session has nothing captured yet")
        for number, capture in enumerate(self.captures, start=1):
            problem = _misfit(capture, book)
            if problem:
                raise ValueError(f"captures[{number}]: {problem}")
        return self


class CohortEntry(Entry):
    #: Its name.
    pilot_cohort: str
    scope: CohortScope
    size: int
    started: Offset | None = None
    stage: CohortStage
    note: str = ""


class Point(Entry):
    """One reading: on the first of a month (``month``) or on a day (``day``)."""

    month: Offset | None = None
    day: Offset | None = None
    value: float
    note: str = ""

    @model_validator(mode="after")
    def _one_date(self) -> Self:
        if (self.month is None) == (self.day is None):
            raise ValueError("a reading has either a month or a day")
        return self


class ReadingsEntry(Entry):
    #: The key of the metric they measure.
    readings: Key
    cohort: Cohort = Cohort.ALL
    points: list[Point] = Field(min_length=1)
    #: Noise added to each value (it never turns an improving series around).
    jitter: float = Field(default=0.0, ge=0)
    digits: int = Field(default=1, ge=0)


StoryEntry = Annotated[
    Annotated[SessionEntry, Tag("session")]
    | Annotated[CohortEntry, Tag("pilot_cohort")]
    | Annotated[ReadingsEntry, Tag("readings")]
    | Annotated[ActionEntry, Tag("action")],
    Discriminator(
        _one_of(STORY_TAGS),
        custom_error_type="story_entry",
        custom_error_message="a story entry holds one of session, pilot_cohort, readings or action",
    ),
]


class StoryFile(Entry):
    initiative: InitiativeEntry
    metrics: list[MetricEntry] = Field(default_factory=list)
    ticks: list[TickEntry] = Field(default_factory=list)
    story: list[StoryEntry] = Field(default_factory=list)
    #: How the loop was closed (``opstui.demo.loop_schema``); written after every story.
    loop: LoopEntry = Field(default_factory=lambda: LoopEntry())
    #: The prototypes tried, rung by rung (``opstui.demo.ladder``); written after the loops.
    ladder: list[PrototypeEntry] = Field(default_factory=list)
    #: The process maps drawn (``opstui.demo.map_schema``); written after every loop.
    maps: list[MapEntry] = Field(default_factory=list)
    #: Research surveys imported (``opstui.demo.survey_schema``); written after the loops.
    surveys: list[SurveyEntry] = Field(default_factory=list)
    #: Metrics measured from events or checks (``opstui.demo.measured_schema``); written
    #: after every loop.
    measured: MeasuredEntry = Field(default_factory=lambda: MeasuredEntry())

    @model_validator(mode="after")
    def _metrics_known(self) -> Self:
        keys = [m.key for m in self.metrics if m.key is not None]
        if len(set(keys)) != len(keys):
            raise ValueError("two metrics share a key")
        for number, entry in enumerate(self.story, start=1):
            named = [entry.readings] if isinstance(entry, ReadingsEntry) else []
            if isinstance(entry, SessionEntry):
                named = [c.metric for c in entry.captures if isinstance(c, VoteEntry) and c.metric]
            for key in named:
                if key not in keys:
                    raise ValueError(f"story[{number}]: no metric {key!r} in this story")
        for number, survey in enumerate(self.surveys, start=1):
            if survey.metric not in keys:
                raise ValueError(f"surveys[{number}]: no metric {survey.metric!r} in this story")
        measured = [e.metric for e in self.measured.events] + [
            c.metric for c in self.measured.checks
        ]
        for key in measured:
            if key not in keys:
                raise ValueError(f"measured: no metric {key!r} in this story")
        return self


# Imported last: the loop's, ladder's and maps' entries are built on this module's
# ``Entry`` and keys.
from opstui.demo.ladder import PrototypeEntry  # noqa: E402
from opstui.demo.loop_schema import LoopEntry  # noqa: E402
from opstui.demo.map_schema import MapEntry  # noqa: E402
from opstui.demo.measured_schema import MeasuredEntry  # noqa: E402
from opstui.demo.survey_schema import SurveyEntry  # noqa: E402

StoryFile.model_rebuild()
