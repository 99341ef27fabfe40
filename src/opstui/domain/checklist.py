"""The method's checklist: what to have done in each phase of an initiative.

Items are ticked by hand (``InitiativeFacts.ticks``: item key -> note) or tick
themselves when the data already proves them. Data proof wins over a hand tick, and
its note says what proved it. Items that tick themselves, and from what:

Before starting
- ``strategic-priority``: a strategic reason is written on the initiative.
During discovery
- ``all-groups``: an affected group outside product is recorded.
- ``direct-observation``: a discovery session has ended.
- ``root-cause``: a root cause is written on the initiative.
Before building
- ``outcome-metric``: an outcome, leading-indicator or sentiment metric exists and no
  metric counts usage (by kind or by name).
- ``baseline``: a metric has a baseline value.
- ``validate-stakeholders``: a validation session ended with a passed vote in it.
- ``agree-metrics``: a vote about the metrics passed.
During implementation
- ``workflow-prototype``: a process-mapping session was held.
- ``small-pilot``: a pilot cohort of one person or a few teams has started.
- ``pilot-feedback``: feedback was captured in a pilot session.
- ``communication``: a communication plan is written on the initiative.
After launch
- ``learning-paths``: learning support is written on the initiative.
- ``wait-before-evaluating``: an evaluation session started at least
  ``doctor.EVALUATION_WAIT_DAYS`` days after the broad rollout.
- ``share-results``: a date results were shared is set, or the initiative was exported.

Only by hand: ``causal-map``, ``survey-baseline`` and ``time-to-learn``: nothing in
the data shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from opstui.domain.doctor import (
    EVALUATION_WAIT_DAYS,
    broad_rollout_on,
    ended_sessions,
    first_evaluation_after_wait,
    held_sessions,
    is_usage_metric,
    passed,
    passed_votes,
    pilot_feedback_count,
    started_pilots,
)
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import Group
from opstui.domain.metrics import MetricKind
from opstui.domain.session import SessionKind
from opstui.domain.voting import ProposalSubject


class Phase(StrEnum):
    """When in an initiative's life an item belongs."""

    BEFORE_STARTING = "before-starting"
    DURING_DISCOVERY = "during-discovery"
    BEFORE_BUILDING = "before-building"
    DURING_IMPLEMENTATION = "during-implementation"
    AFTER_LAUNCH = "after-launch"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


#: Looks at the facts and returns what proves the item done, or None.
Proof = Callable[[InitiativeFacts], str | None]


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to have done, and how the data can prove it, if it can."""

    key: str
    phase: Phase
    text: str
    auto: Proof | None = None
    #: What ticks the item by itself, in words, for help and tooltips.
    proof: str = "Ticked by hand."


@dataclass(frozen=True)
class ChecklistState:
    """An item as it stands for one initiative."""

    item: ChecklistItem
    done: bool
    #: Ticked by the data rather than by hand.
    auto: bool
    #: The hand tick's note, or what in the data proved the item.
    note: str


def _quoted(text: str) -> str:
    return f"“{text}”"


# -- proofs ----------------------------------------------------------------------------


def _strategic_reason(facts: InitiativeFacts) -> str | None:
    return "Strategic reason recorded." if facts.initiative.strategic_reason.strip() else None


def _group_outside_product(facts: InitiativeFacts) -> str | None:
    others = sorted({g.group.label for g in facts.groups if g.group is not Group.PRODUCT})
    return f"Affected groups include {', '.join(others)}." if others else None


def _discovery_ended(facts: InitiativeFacts) -> str | None:
    ended = ended_sessions(facts, SessionKind.DISCOVERY)
    return f"Discovery session {_quoted(ended[0].title)} held." if ended else None


def _root_cause(facts: InitiativeFacts) -> str | None:
    return "Root cause recorded." if facts.initiative.root_cause.strip() else None


def _outcome_metric(facts: InitiativeFacts) -> str | None:
    if any(is_usage_metric(m) for m in facts.metrics):
        return None
    for metric in facts.metrics:
        if metric.kind is not MetricKind.USAGE:
            return f"{metric.kind.label.capitalize()} metric {_quoted(metric.name)}."
    return None


def _baseline(facts: InitiativeFacts) -> str | None:
    for metric in facts.metrics:
        if metric.baseline_value is not None:
            when = f" on {metric.baseline_on.isoformat()}" if metric.baseline_on else ""
            return f"Baseline of {_quoted(metric.name)}: {metric.baseline_value:g}{when}."
    return None


def _validation_passed(facts: InitiativeFacts) -> str | None:
    for session in ended_sessions(facts, SessionKind.VALIDATION):
        for proposal in facts.proposals:
            if proposal.session_id == session.id and passed(proposal):
                return f"{_quoted(proposal.title)} passed in {_quoted(session.title)}."
    return None


def _metrics_agreed(facts: InitiativeFacts) -> str | None:
    votes = passed_votes(facts, ProposalSubject.METRIC)
    return f"Vote {_quoted(votes[0].title)} passed." if votes else None


def _process_mapped(facts: InitiativeFacts) -> str | None:
    held = held_sessions(facts, SessionKind.PROCESS_MAPPING)
    return f"Process-mapping session {_quoted(held[0].title)} held." if held else None


def _pilot_started(facts: InitiativeFacts) -> str | None:
    pilots = started_pilots(facts)
    if not pilots:
        return None
    pilot = pilots[0]
    when = f" on {pilot.started_on.isoformat()}" if pilot.started_on else ""
    return f"Pilot cohort {_quoted(pilot.name)} started{when}."


def _pilot_feedback(facts: InitiativeFacts) -> str | None:
    count = pilot_feedback_count(facts)
    if not count:
        return None
    return f"{count} remark{'s' if count != 1 else ''} captured in pilot sessions."


def _communication(facts: InitiativeFacts) -> str | None:
    return "Communication plan recorded." if facts.initiative.communication_plan.strip() else None


def _learning_support(facts: InitiativeFacts) -> str | None:
    return "Learning support recorded." if facts.initiative.learning_support.strip() else None


def _waited(facts: InitiativeFacts) -> str | None:
    session = first_evaluation_after_wait(facts)
    rolled = broad_rollout_on(facts)
    if session is None or session.started_at is None or rolled is None:
        return None
    days = (session.started_at.date() - rolled).days
    return f"Evaluation {_quoted(session.title)} held {days} days after the rollout."


def _shared(facts: InitiativeFacts) -> str | None:
    if facts.initiative.results_shared_on is not None:
        return f"Results shared on {facts.initiative.results_shared_on.isoformat()}."
    if facts.last_export is not None:
        return f"Exported on {facts.last_export.date().isoformat()}."
    return None


_B, _D, _P, _I, _A = (
    Phase.BEFORE_STARTING,
    Phase.DURING_DISCOVERY,
    Phase.BEFORE_BUILDING,
    Phase.DURING_IMPLEMENTATION,
    Phase.AFTER_LAUNCH,
)

ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "strategic-priority",
        _B,
        "Make sure the problem was chosen through strategic planning, for stated reasons",
        _strategic_reason,
        "A strategic reason is written on the initiative.",
    ),
    ChecklistItem("causal-map", _B, "Go back over the causal map from the strategy work"),
    ChecklistItem(
        "survey-baseline",
        _B,
        "Look through earlier research surveys: the baseline may already be in them",
    ),
    ChecklistItem(
        "all-groups",
        _D,
        "Talk to every affected group, not only product managers",
        _group_outside_product,
        "An affected group outside product is recorded.",
    ),
    ChecklistItem(
        "direct-observation",
        _D,
        "Watch people work (on a call or in a screen recording), not only ask them",
        _discovery_ended,
        "A discovery session has ended.",
    ),
    ChecklistItem(
        "root-cause",
        _D,
        "Write down the root cause, not just the symptoms",
        _root_cause,
        "A root cause is written on the initiative.",
    ),
    ChecklistItem(
        "outcome-metric",
        _P,
        "Choose a metric of outcomes, not of tool usage",
        _outcome_metric,
        "An outcome, leading or sentiment metric exists, and no metric counts usage.",
    ),
    ChecklistItem(
        "baseline",
        _P,
        "Measure the metric as it stands today: the baseline",
        _baseline,
        "A metric has a baseline value.",
    ),
    ChecklistItem(
        "validate-stakeholders",
        _P,
        "Check the picture with stakeholders, inside product and beyond",
        _validation_passed,
        "A validation session ended with a passed vote.",
    ),
    ChecklistItem(
        "agree-metrics",
        _P,
        "Agree that the metrics will show whether the problem is solved",
        _metrics_agreed,
        "A vote on the metrics passed.",
    ),
    ChecklistItem(
        "workflow-prototype",
        _I,
        "Start with a paper prototype: a diagram of the new workflow",
        _process_mapped,
        "A process-mapping session was held.",
    ),
    ChecklistItem(
        "small-pilot",
        _I,
        "Pilot with one person or a few teams before going broad",
        _pilot_started,
        "A pilot cohort of one person or a few teams has started.",
    ),
    ChecklistItem(
        "pilot-feedback",
        _I,
        "Ask the pilot's participants what they think and what they would change",
        _pilot_feedback,
        "Feedback was captured in a pilot session.",
    ),
    ChecklistItem(
        "communication",
        _I,
        "Plan how the wider rollout will be communicated",
        _communication,
        "A communication plan is written on the initiative.",
    ),
    ChecklistItem(
        "learning-paths",
        _A,
        "Offer several ways to learn the new way of working",
        _learning_support,
        "Learning support is written on the initiative.",
    ),
    ChecklistItem("time-to-learn", _A, "Help people find the time to learn it"),
    ChecklistItem(
        "wait-before-evaluating",
        _A,
        "Give people time to adjust before evaluating",
        _waited,
        f"An evaluation was held {EVALUATION_WAIT_DAYS}+ days after the broad rollout.",
    ),
    ChecklistItem(
        "share-results",
        _A,
        "Share the results openly, good or bad, with what you will do differently",
        _shared,
        "Results have a shared date, or the initiative was exported.",
    ),
)

ITEMS_BY_KEY: dict[str, ChecklistItem] = {item.key: item for item in ITEMS}


def evaluate(facts: InitiativeFacts) -> list[ChecklistState]:
    """Every item in order, ticked by the data where it proves it, else by hand."""
    states = []
    for item in ITEMS:
        proof = item.auto(facts) if item.auto is not None else None
        if proof is not None:
            states.append(ChecklistState(item, done=True, auto=True, note=proof))
        elif item.key in facts.ticks:
            states.append(ChecklistState(item, done=True, auto=False, note=facts.ticks[item.key]))
        else:
            states.append(ChecklistState(item, done=False, auto=False, note=""))
    return states
