"""The doctor's rules about the prototype ladder (``opstui.domain.prototypes``).

The method prototypes at rising fidelity, from a workflow diagram through documentation
and the process done by hand to automation, because each rung tests assumptions the
others cannot. Automating first skips the cheap tests and builds whatever is wrong with
the process into a tool. These rules are registered with the others in ``doctor.RULES``.
"""

from __future__ import annotations

from opstui.domain.evidence import has_rolled_out, quoted
from opstui.domain.facts import InitiativeFacts
from opstui.domain.findings import Finding, Severity
from opstui.domain.prototypes import Stage, automation_before_manual
from opstui.domain.steps import Step


def check_automation_before_manual(facts: InitiativeFacts) -> list[Finding]:
    """Automation tried before the process was tried by hand (``automation_before_manual``)."""
    early = automation_before_manual(facts.prototypes)
    if early is None:
        return []
    automation = early.automation
    what = f"The automation prototype {quoted(automation.title)} is {automation.status.value}"
    if early.manual is None:
        seen = f"{what}, and no manual-process prototype has been tried."
        todo = (
            "Pause the automation and run the process by hand for a few people first (do "
            "the work for the team for a while, or fill in the template yourself); record "
            "it as a manual-process prototype in the Prototypes tab, with what it teaches."
        )
    else:
        manual = early.manual
        seen = (
            f"{what}; it started on {automation.started_on}, before the first manual "
            f"process, {quoted(manual.title)}, started on {manual.started_on}."
        )
        todo = (
            "Check what the manual process has taught against the automation, and change "
            "the automation where they differ before it reaches more people."
        )
    return [
        Finding(
            "automation-before-manual",
            "Automation before the process was tried by hand",
            seen,
            "Each rung of the prototype ladder tests different assumptions. Automating a "
            "process nobody has run by hand builds its flaws into a tool, where they are "
            "slow and costly to change.",
            todo,
        )
    ]


def check_no_prototype(facts: InitiativeFacts) -> list[Finding]:
    """Past prototyping (rolled out, or at the evaluation step) with no prototype recorded."""
    if facts.prototypes:
        return []
    if facts.initiative.step is not Step.EVALUATE and not has_rolled_out(facts):
        return []
    where = (
        "The initiative is at step " + Step.EVALUATE.label
        if facts.initiative.step is Step.EVALUATE
        else "The initiative has rolled out to everyone"
    )
    return [
        Finding(
            "no-prototype",
            "No prototype recorded",
            f"{where}, and its prototype ladder is empty.",
            "Prototypes at rising fidelity (a workflow diagram, documentation, the process "
            "done by hand, then automation) each test different assumptions; without them "
            "nobody can say which assumptions were tested, or what they taught.",
            "In the Prototypes tab, record the prototypes that were tried, even informal "
            f"ones, starting from the {Stage.WORKFLOW_DIAGRAM.label.lower()}: what each "
            "tested and what it taught.",
            Severity.INFO,
        )
    ]
