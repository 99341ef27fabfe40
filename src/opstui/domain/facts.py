"""Everything known about one initiative, gathered once for the rules that judge it.

The doctor, the checklist, the dashboard and the reports all read an initiative the
same way; the store fills an ``InitiativeFacts`` and the pure rules read only that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from opstui.domain.buy_in import CheckIn, CommItem, LearningPath, RemarkLink
from opstui.domain.initiative import AffectedGroup, Initiative, Person, PilotCohort
from opstui.domain.metrics import Metric, Reading
from opstui.domain.process_map_records import MapLine, ProcessMapRecord
from opstui.domain.prototypes import Prototype
from opstui.domain.session import (
    ActionItem,
    Decision,
    Feedback,
    FillIn,
    ReadinessAssessment,
    Session,
)
from opstui.domain.surveys import Survey
from opstui.domain.voting import Ballot, Proposal


@dataclass(frozen=True)
class OpenConcerns:
    """Concerns raised in earlier steps' sessions with nothing linked to them, as the
    dashboard reads them without reading every remark: how many, and the first."""

    count: int
    first: Feedback


@dataclass
class InitiativeFacts:
    """An initiative with all that hangs off it, as the store found it."""

    initiative: Initiative
    groups: list[AffectedGroup] = field(default_factory=list)
    cohorts: list[PilotCohort] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    fill_ins: list[FillIn] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    ballots: list[Ballot] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    readiness: list[ReadinessAssessment] = field(default_factory=list)
    #: What came of remarks and answers (None where the caller did not read them: the
    #: dashboard reads only the plans below, which are few).
    links: list[RemarkLink] | None = field(default_factory=list)
    #: The communication plan's messages, the ways to learn, the stakeholders consulted.
    comm_items: list[CommItem] = field(default_factory=list)
    learning_paths: list[LearningPath] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)
    #: The prototype ladder, in no particular order (``prototypes.ladder`` orders it).
    prototypes: list[Prototype] = field(default_factory=list)
    #: Research surveys imported (their baselines and remarks).
    surveys: list[Survey] = field(default_factory=list)
    #: Where ``links`` is None: the concerns left unanswered, read on their own (None
    #: when not read either: then the rule about them says nothing).
    open_concerns: OpenConcerns | None = None
    #: The process maps (oldest first) and all their lines (map by map, each in order).
    process_maps: list[ProcessMapRecord] = field(default_factory=list)
    map_lines: list[MapLine] = field(default_factory=list)
    #: Checklist items ticked by hand, with their notes.
    ticks: dict[str, str] = field(default_factory=dict)
    #: Everyone named anywhere above, by id.
    people: dict[str, Person] = field(default_factory=dict)
    #: The day the rules judge against; the store sets it to today.
    today: date = field(default_factory=date.today)

    def readings_of(self, metric: Metric) -> list[Reading]:
        return [r for r in self.readings if r.metric_id == metric.id]

    def sessions_of_kind(self, *kinds: str) -> list[Session]:
        return [s for s in self.sessions if s.kind.value in kinds]

    def feedback_in(self, sessions: list[Session]) -> list[Feedback]:
        ids = {s.id for s in sessions}
        return [f for f in self.feedback if f.session_id in ids]

    def lines_of(self, process_map: ProcessMapRecord) -> list[MapLine]:
        return [line for line in self.map_lines if line.map_id == process_map.id]

    def ballots_of(self, proposal: Proposal) -> list[Ballot]:
        return [b for b in self.ballots if b.proposal_id == proposal.id]

    @property
    def primary_metric(self) -> Metric | None:
        """The metric the dashboard follows: the one marked primary, else the first outcome."""
        for metric in self.metrics:
            if metric.primary:
                return metric
        for metric in self.metrics:
            if metric.kind.value == "outcome":
                return metric
        return self.metrics[0] if self.metrics else None
