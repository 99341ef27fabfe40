"""The method's checklist: what to have done in each phase of an initiative.

Items are ticked by hand (``InitiativeFacts.ticks``: item key -> note) or tick
themselves when the data already proves them. Data proof wins over a hand tick, and
its note says what proved it. What proves an item is ``evidence``'s to say, the same
evidence the doctor and the step outputs read, so the three never disagree. The
"share-results" item ticks itself only once someone records the day results were
shared (marking the results message sent does): exporting notes is not sharing them.

``survey-baseline`` ticks itself once a research survey is imported (its answers a
reading or the baseline, its comments remarks); looked through and found nothing to
import, it is ticked by hand. Only by hand: ``causal-map``: nothing in the data shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from opstui.domain import evidence
from opstui.domain.evidence import EVALUATION_WAIT_DAYS, Proof
from opstui.domain.facts import InitiativeFacts


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
        evidence.strategic_reason,
        "A strategic reason is written on the initiative.",
    ),
    ChecklistItem("causal-map", _B, "Go back over the causal map from the strategy work"),
    ChecklistItem(
        "survey-baseline",
        _B,
        "Look through earlier research surveys: the baseline may already be in them",
        evidence.survey_imported,
        "A survey is imported (opstui import survey, or u on the metrics screen).",
    ),
    ChecklistItem(
        "all-groups",
        _D,
        "Talk to every affected group, not only product managers",
        evidence.group_outside_product,
        "An affected group outside product is recorded.",
    ),
    ChecklistItem(
        "direct-observation",
        _D,
        "Watch people work (on a call or in a screen recording), not only ask them",
        evidence.discovery_ended,
        "A discovery session has ended.",
    ),
    ChecklistItem(
        "root-cause",
        _D,
        "Write down the root cause, not just the symptoms",
        evidence.root_cause,
        "A root cause is written on the initiative.",
    ),
    ChecklistItem(
        "outcome-metric",
        _P,
        "Choose a metric of outcomes, not of tool usage",
        evidence.outcome_metric,
        "An outcome, leading or sentiment metric exists, and no metric counts usage.",
    ),
    ChecklistItem(
        "baseline",
        _P,
        "Measure the metric as it stands today: the baseline",
        evidence.baseline,
        "The main metric has a baseline value.",
    ),
    ChecklistItem(
        "validate-stakeholders",
        _P,
        "Check the picture with stakeholders, inside product and beyond",
        evidence.validation_passed,
        "A validation session ended with a passed vote.",
    ),
    ChecklistItem(
        "agree-metrics",
        _P,
        "Agree that the metrics will show whether the problem is solved",
        evidence.metrics_agreed,
        "A vote on the metrics passed.",
    ),
    ChecklistItem(
        "workflow-prototype",
        _I,
        "Start with a paper prototype: a diagram of the new workflow",
        evidence.process_mapped,
        "A process map with at least one hand-off was drawn.",
    ),
    ChecklistItem(
        "small-pilot",
        _I,
        "Pilot with one person or a few teams before going broad",
        evidence.pilot_started,
        "A pilot cohort of one person or a few teams has started.",
    ),
    ChecklistItem(
        "pilot-feedback",
        _I,
        "Ask the pilot's participants what they think and what they would change",
        evidence.pilot_feedback,
        "Feedback was captured in a pilot session.",
    ),
    ChecklistItem(
        "communication",
        _I,
        "Plan how the wider rollout will be communicated",
        evidence.communication_plan,
        "A message is in the communication plan, or the plan is written in words.",
    ),
    ChecklistItem(
        "learning-paths",
        _A,
        "Offer several ways to learn the new way of working",
        evidence.several_ways_to_learn,
        "Learning paths of at least two kinds are recorded.",
    ),
    ChecklistItem(
        "time-to-learn",
        _A,
        "Help people find the time to learn it",
        evidence.time_to_learn,
        "A learning path is offered at given times (slots).",
    ),
    ChecklistItem(
        "wait-before-evaluating",
        _A,
        "Give people time to adjust before evaluating",
        evidence.waited_before_evaluating,
        f"An evaluation was held {EVALUATION_WAIT_DAYS}+ days after the broad rollout.",
    ),
    ChecklistItem(
        "share-results",
        _A,
        "Share the results openly, good or bad, with what you will do differently",
        evidence.results_shared,
        "The results message was marked sent, or the day results were shared recorded.",
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
