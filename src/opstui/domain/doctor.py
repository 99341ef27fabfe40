"""The doctor: rules that read one initiative and name the method's known mistakes.

Each rule is a small pure function over ``InitiativeFacts``. They are registered in
``RULES`` (key, one-line description, check) so the CLI and the help screen can list
them, and ``diagnose`` runs them in that order. A finding says what was seen, why it
matters and what to do about it; it never blocks anything: the facilitator decides.

What counts as done (a baseline, agreed metrics, a started pilot, results shared...)
is ``evidence``'s to say, the same for the doctor, the checklist and the step outputs.
The rules about buy-in (stakeholders, messages, ways to learn, results, concerns
answered) live in ``doctor_buy_in``; those about the prototype ladder in
``doctor_ladder``; those about the process map's checks in ``doctor_map``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from opstui.domain import evidence
from opstui.domain.doctor_buy_in import (
    check_concerns_answered,
    check_groups_reached,
    check_results_shared,
    check_stakeholders_consulted,
    check_ways_to_learn,
)
from opstui.domain.doctor_ladder import check_automation_before_manual, check_no_prototype
from opstui.domain.doctor_map import MAP_RULES
from opstui.domain.evidence import (
    EVALUATION_WAIT_DAYS,
    broad_rollout_on,
    ended_sessions,
    has_rolled_out,
    quoted,
    started_on,
    started_pilots,
)
from opstui.domain.facts import InitiativeFacts
from opstui.domain.findings import Finding, Severity
from opstui.domain.initiative import CohortStage
from opstui.domain.metric_tree import is_linked, predictable_targets
from opstui.domain.metrics import MetricKind, usage_warning
from opstui.domain.session import SessionKind
from opstui.domain.steps import Step
from opstui.domain.voting import ProposalStatus, ProposalSubject

__all__ = ["EVALUATION_WAIT_DAYS", "RULES", "Finding", "Rule", "Severity", "diagnose"]

Check = Callable[[InitiativeFacts], list[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered doctor rule: its key, what it looks for, and the check itself."""

    key: str
    description: str
    check: Check


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _gap(days: int) -> str:
    """ "12 days after", "on the day of", "3 days before": how an event sits to a rollout."""
    if days == 0:
        return "on the day of"
    return f"{_plural(abs(days), 'day')} {'after' if days > 0 else 'before'}"


# -- the rules -------------------------------------------------------------------------


def check_groups(facts: InitiativeFacts) -> list[Finding]:
    """Discovery must reach beyond the product team."""
    todo = (
        "List every group that feels the problem (engineering, design, go-to-market, "
        "leadership...) and run discovery with people from each."
    )
    why = (
        "Infrastructure changes land on engineering, design and go-to-market too; "
        "asking only product people misses what it does to them."
    )
    if evidence.group_outside_product(facts) is not None:
        return []
    if not facts.groups:
        early = facts.initiative.step is Step.IDENTIFY_PROBLEM
        return [
            Finding(
                "no-group-outside-product",
                "No affected groups recorded",
                "The initiative lists no affected groups at all.",
                why,
                todo,
                Severity.INFO if early else Severity.WARNING,
            )
        ]
    return [
        Finding(
            "no-group-outside-product",
            "Nobody outside product is affected",
            "The only affected group recorded is product.",
            why,
            todo,
        )
    ]


def check_usage_metrics(facts: InitiativeFacts) -> list[Finding]:
    """Metrics should count outcomes, not how often a tool is used."""
    findings = []
    for metric in facts.metrics:
        warning = usage_warning(metric.name, metric.kind)
        if warning is None:
            continue
        how = "is marked as a usage metric" if metric.kind is MetricKind.USAGE else "counts use"
        findings.append(
            Finding(
                "usage-metric",
                "A metric measures tool usage",
                f"The metric {quoted(metric.name)} {how}.",
                "Someone using a tool does not mean their problem is solved; the number can "
                "rise while nothing gets better.",
                warning,
            )
        )
    return findings


def check_unlinked_leading(facts: InitiativeFacts) -> list[Finding]:
    """A leading indicator is an early sign of an outcome: it should name which one."""
    targets = predictable_targets(None, facts.metrics)
    by_id = {m.id: m for m in facts.metrics}
    loose = [m for m in facts.metrics if m.kind is MetricKind.LEADING and not is_linked(m, by_id)]
    if not loose or not targets:
        return []
    names = ", ".join(quoted(m.name) for m in loose)
    return [
        Finding(
            "leading-predicts-nothing",
            "A leading indicator predicts nothing",
            f"{_plural(len(loose), 'leading indicator')} name{'s' if len(loose) == 1 else ''} "
            f"no outcome: {names}.",
            "An early sign is worth watching only for the outcome it announces; unlinked, "
            "nobody can tell whether it moving means the problem is getting solved.",
            "Edit the indicator and choose the outcome it predicts under Predicts "
            f"(for example {quoted(targets[0].name)}).",
            Severity.INFO,
        )
    ]


def check_baseline(facts: InitiativeFacts) -> list[Finding]:
    """From step 2 on, the metric must have a baseline to compare against."""
    step = facts.initiative.step
    if step < Step.DEFINE_SUCCESS:
        return []
    # While step 2 is the current work a missing baseline is expected; later it is a gap.
    severity = Severity.INFO if step is Step.DEFINE_SUCCESS else Severity.WARNING
    why = "Without a measurement from before the change, nobody can tell whether it helped."
    todo = "Measure the metric as things stand today and record it as the baseline."
    if evidence.baseline(facts) is not None:
        return []
    primary = facts.primary_metric
    if primary is None:
        seen = "No metric is recorded yet."
        todo = "Define an outcome metric, then measure it today and record the baseline."
    elif not any(m.has_baseline for m in facts.metrics):
        count = len(facts.metrics)
        seen = (
            f"The metric {quoted(primary.name)} has no baseline value."
            if count == 1
            else f"None of the {count} metrics has a baseline value."
        )
    else:
        seen = f"The main metric {quoted(primary.name)} has no baseline value."
    return [Finding("no-baseline", "No baseline measured", seen, why, todo, severity)]


def check_validation(facts: InitiativeFacts) -> list[Finding]:
    """Past validation (step 4 on) there should be a passed vote on the metrics."""
    if facts.initiative.step < Step.SELECT_INFRASTRUCTURE:
        return []
    if evidence.metrics_agreed(facts) is not None:
        return []
    tried = [p for p in facts.proposals if p.subject is ProposalSubject.METRIC]
    if tried:
        last = tried[-1]
        state = "is still open" if last.status is ProposalStatus.OPEN else "did not pass"
        seen = f"The vote on the metrics {quoted(last.title)} {state}."
    else:
        seen = "No vote on the metrics was held before selecting infrastructure."
    return [
        Finding(
            "validation-skipped",
            "Validation was skipped",
            seen,
            "If the people affected do not agree the metrics show the problem, the work may "
            "head in the wrong direction and the results will not convince them.",
            "Run a validation session: show what discovery found and vote on the metrics.",
        )
    ]


def check_pilot_before_rollout(facts: InitiativeFacts) -> list[Finding]:
    """A broad rollout should follow a smaller pilot that started before it."""
    if not has_rolled_out(facts):
        return []
    rolled = broad_rollout_on(facts)
    pilots = started_pilots(facts)
    if rolled is not None:
        pilots = [c for c in pilots if c.started_on is not None and c.started_on < rolled]
    if pilots:
        return []
    when = f" on {rolled.isoformat()}" if rolled else ""
    return [
        Finding(
            "rollout-without-pilot",
            "Rolled out without a pilot",
            f"The initiative went to the whole organization{when} with no smaller cohort "
            "started before it.",
            "A big change all at once overwhelms people, and problems a pilot would have "
            "caught now reach everyone, which costs trust.",
            "Pick one person or a few teams, run the new way with them, and learn from "
            "their feedback before going broader.",
        )
    ]


def check_pilot_feedback(facts: InitiativeFacts) -> list[Finding]:
    """A pilot that ran should have produced captured feedback."""
    if evidence.pilot_feedback(facts) is not None:
        return []
    active = started_pilots(facts)
    ended = ended_sessions(facts, SessionKind.PILOT)
    if not active and not ended:
        return []
    if ended:
        seen = f"{_plural(len(ended), 'pilot session')} ended with no feedback captured."
    else:
        # A cohort past its start day but still marked planned is under way all the same.
        stage = active[0].stage
        shown = "running" if stage is CohortStage.PLANNED else stage.value
        seen = f"The pilot cohort {quoted(active[0].name)} is {shown}"
        seen += ", and no feedback was captured in pilot sessions."
    # A pilot that has only just started may not have had its feedback session yet.
    merely_running = not ended and all(
        c.stage in (CohortStage.PLANNED, CohortStage.RUNNING) for c in active
    )
    return [
        Finding(
            "pilot-without-feedback",
            "Pilot without feedback",
            seen,
            "The point of a pilot is to learn whether the change helps and what to adjust; "
            "without feedback it only delays the rollout.",
            "Hold a pilot session and capture what participants think of it and what they "
            "would change.",
            Severity.INFO if merely_running else Severity.WARNING,
        )
    ]


def check_evaluation_timing(facts: InitiativeFacts) -> list[Finding]:
    """An evaluation should wait until people have adjusted to the change."""
    rolled = broad_rollout_on(facts)
    if rolled is None:
        return []
    why = (
        "People need time to adjust how they work; measured too soon, the results show "
        "the disruption rather than the effect."
    )
    ready_on = rolled + timedelta(days=EVALUATION_WAIT_DAYS)
    todo = f"Wait at least {EVALUATION_WAIT_DAYS} days after the rollout (until {ready_on})."
    for day, session in started_on(facts, SessionKind.EVALUATION):
        days = (day - rolled).days
        if days < EVALUATION_WAIT_DAYS:
            return [
                Finding(
                    "evaluated-too-early",
                    "Evaluated too early",
                    f"The evaluation {quoted(session.title)} was held {_gap(days)} "
                    f"the rollout on {rolled.isoformat()}.",
                    why,
                    todo + " Then evaluate again.",
                )
            ]
    days = (facts.today - rolled).days
    if facts.initiative.step is Step.EVALUATE and days < EVALUATION_WAIT_DAYS:
        return [
            Finding(
                "evaluated-too-early",
                "Evaluating too early",
                f"The initiative is at the evaluation step {_gap(days)} the rollout on "
                f"{rolled.isoformat()}.",
                why,
                todo,
            )
        ]
    return []


RULES: tuple[Rule, ...] = (
    Rule("no-group-outside-product", "No affected group outside product", check_groups),
    Rule("usage-metric", "A metric counts tool usage instead of an outcome", check_usage_metrics),
    Rule(
        "leading-predicts-nothing",
        "A leading indicator names no outcome it predicts",
        check_unlinked_leading,
    ),
    Rule("no-baseline", "From step 2, no metric with a baseline", check_baseline),
    Rule(
        "validation-skipped",
        "Past validation without a passed vote on the metrics",
        check_validation,
    ),
    Rule(
        "rollout-without-pilot",
        "Broad rollout with no smaller pilot before it",
        check_pilot_before_rollout,
    ),
    Rule(
        "pilot-without-feedback", "A pilot ran but no feedback was captured", check_pilot_feedback
    ),
    Rule(
        "evaluated-too-early",
        f"Evaluation less than {EVALUATION_WAIT_DAYS} days after the broad rollout",
        check_evaluation_timing,
    ),
    Rule(
        "stakeholders-not-consulted",
        "From step 4, leadership or another department never consulted before it",
        check_stakeholders_consulted,
    ),
    Rule("few-ways-to-learn", "Rolled out with fewer than two ways to learn", check_ways_to_learn),
    Rule(
        "group-left-out",
        "From step 5, an affected group with no message (or, rolled out, no way to learn)",
        check_groups_reached,
    ),
    Rule(
        "results-not-shared",
        "Evaluated but results never sent (the results message) or recorded as shared",
        check_results_shared,
    ),
    Rule(
        "concern-unanswered",
        "A concern from an earlier step with nothing linked to what came of it",
        check_concerns_answered,
    ),
    Rule(
        "automation-before-manual",
        "An automation prototype tried before the process was tried by hand",
        check_automation_before_manual,
    ),
    Rule(
        "no-prototype",
        "Rolled out, or at step 6, with no prototype recorded",
        check_no_prototype,
    ),
    *(Rule(key, description, check) for key, description, check in MAP_RULES),
)


def diagnose(facts: InitiativeFacts) -> list[Finding]:
    """Every finding of every rule, in the order the rules are registered."""
    return [finding for rule in RULES for finding in rule.check(facts)]
