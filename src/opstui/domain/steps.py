"""The six steps of the method, with the question each answers and what it produces."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Step(IntEnum):
    """Where an initiative stands in the method."""

    IDENTIFY_PROBLEM = 1
    DEFINE_SUCCESS = 2
    VALIDATE = 3
    SELECT_INFRASTRUCTURE = 4
    PROTOTYPE_AND_EXPAND = 5
    EVALUATE = 6

    @property
    def info(self) -> StepInfo:
        return STEP_INFO[self]

    @property
    def title(self) -> str:
        return STEP_INFO[self].title

    @property
    def label(self) -> str:
        """ "3 Validate": number and name, as lists show it."""
        return f"{int(self)} {self.title}"


@dataclass(frozen=True)
class StepInfo:
    """What a step is for: shown in the step indicator and the workspace."""

    title: str
    question: str
    output: str


STEP_INFO: dict[Step, StepInfo] = {
    Step.IDENTIFY_PROBLEM: StepInfo(
        "Identify the problem",
        "Why this problem, and who does it touch?",
        "A root cause, backed by discovery with every affected group",
    ),
    Step.DEFINE_SUCCESS: StepInfo(
        "Define success",
        "Which change in behaviour would show it is solved?",
        "A vision and an outcome metric with its baseline",
    ),
    Step.VALIDATE: StepInfo(
        "Validate",
        "Do the people affected agree with the picture and the metrics?",
        "A confirmed problem statement and agreed metrics",
    ),
    Step.SELECT_INFRASTRUCTURE: StepInfo(
        "Select infrastructure",
        "Which infrastructure is most likely to reach the goal?",
        "A chosen solution, with the options weighed",
    ),
    Step.PROTOTYPE_AND_EXPAND: StepInfo(
        "Prototype and expand",
        "Does it work in practice, first small and then for everyone?",
        "A piloted solution, rolled out with a plan",
    ),
    Step.EVALUATE: StepInfo(
        "Evaluate",
        "Did it reach the goal, and how did the rollout feel?",
        "Results against the baseline and lessons learned, shared",
    ),
}
