"""Whether each step's expected output exists, and what is missing when moving past it.

Each step's output (``steps.STEP_INFO``) is a list of requirements, each a piece of
``evidence``. The step indicator shows a step's output as there when every
requirement holds; moving forward past a step lists the requirements that do not,
with why they matter. Both read ``missing_outputs``, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from opstui.domain import evidence
from opstui.domain.evidence import Proof
from opstui.domain.facts import InitiativeFacts
from opstui.domain.findings import Finding
from opstui.domain.steps import Step


@dataclass(frozen=True)
class Requirement:
    """One part of a step's output, and what to say when it is missing."""

    proof: Proof
    key: str
    #: "no root cause": completes "Leaving step 1: …".
    title: str
    seen: str
    why: str
    todo: str

    def finding(self, step: Step) -> Finding:
        return Finding(
            self.key, f"Leaving step {int(step)}: {self.title}", self.seen, self.why, self.todo
        )


REQUIREMENTS: dict[Step, tuple[Requirement, ...]] = {
    Step.IDENTIFY_PROBLEM: (
        Requirement(
            evidence.root_cause,
            "missing-root-cause",
            "no root cause",
            "No root cause is written down.",
            "Solving a symptom leaves the cause in place, and the problem returns.",
            "Write down the root cause discovery found, not just what people feel.",
        ),
    ),
    Step.DEFINE_SUCCESS: (
        Requirement(
            evidence.vision,
            "missing-vision",
            "no vision",
            "No vision is written down.",
            "Without a picture of how people will work afterwards, nobody knows what the "
            "change is for.",
            "Describe in a sentence how everyone will work once this is in place.",
        ),
        Requirement(
            evidence.baseline,
            "missing-baseline",
            "no baseline",
            "No main metric with a baseline value is recorded.",
            "Without a measurement from before the change, nobody can tell whether it helped.",
            "Define an outcome metric and record today's value as its baseline.",
        ),
    ),
    Step.VALIDATE: (
        Requirement(
            evidence.metrics_agreed,
            "missing-metric-vote",
            "metrics not agreed",
            "No vote on the metrics has passed.",
            "Skipping validation risks building the wrong thing, measured in a way the "
            "people affected do not accept.",
            "Hold a validation session and vote on the metrics first.",
        ),
    ),
    Step.SELECT_INFRASTRUCTURE: (
        Requirement(
            evidence.solution_chosen,
            "missing-solution",
            "no solution chosen",
            "No chosen solution is recorded.",
            "A prototype needs something definite to try.",
            "Weigh the options and record the solution you will prototype.",
        ),
    ),
    Step.PROTOTYPE_AND_EXPAND: (
        Requirement(
            evidence.pilot_started,
            "missing-pilot",
            "no pilot",
            "No pilot cohort (one person or a few teams) has started.",
            "Without a pilot, problems reach everyone at once and there is little to evaluate.",
            "Run the new way with a small cohort and collect their feedback.",
        ),
    ),
    Step.EVALUATE: (
        Requirement(
            evidence.evaluation_ended,
            "missing-evaluation",
            "not evaluated",
            "No evaluation session has ended.",
            "Without an evaluation nobody knows whether the change reached its goal.",
            "Hold an evaluation session and compare the metric with its baseline.",
        ),
        Requirement(
            evidence.lessons_learned,
            "missing-lessons",
            "no lessons learned",
            "No lessons learned are written down.",
            "What went well and what did not is what the next rollout learns from.",
            "Write down what you would do differently next time.",
        ),
    ),
}


def missing_outputs(facts: InitiativeFacts, step: Step) -> list[Finding]:
    """The parts of a step's output that the data does not show yet."""
    return [req.finding(step) for req in REQUIREMENTS[step] if req.proof(facts) is None]


def step_output_present(facts: InitiativeFacts, step: Step) -> bool:
    """Whether the whole expected output of a step exists."""
    return not missing_outputs(facts, step)


def step_warning(facts: InitiativeFacts, target_step: Step) -> list[Finding]:
    """Missing outputs of every step passed when moving to ``target_step``.

    Moving back, or staying, passes no step and so warns about nothing. The last step
    is never passed.
    """
    current = facts.initiative.step
    return [
        finding
        for step in Step
        if current <= step < target_step
        for finding in missing_outputs(facts, step)
    ]
