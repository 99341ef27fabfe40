"""The doctor: rules that read one initiative and name the method's known mistakes.

Each rule is a small pure function over ``InitiativeFacts``. They are registered in
``RULES`` (key, one-line description, check) so the CLI and the help screen can list
them, and ``diagnose`` runs them in that order. A finding says what was seen, why it
matters and what to do about it; it never blocks anything: the facilitator decides.

``step_warning`` answers a narrower question, asked when the facilitator moves an
initiative forward: which outputs of the steps being left behind are still missing.
``step_output_present`` says whether one step's expected output exists yet.

The small evidence helpers (when the broad rollout happened, which votes passed,
whether pilot feedback exists...) are public because the checklist reads the same
evidence and must agree with the doctor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import CohortScope, CohortStage, Group, PilotCohort
from opstui.domain.metrics import Metric, MetricKind, looks_like_usage, usage_warning
from opstui.domain.session import Session, SessionKind, SessionState
from opstui.domain.steps import Step
from opstui.domain.voting import Outcome, Proposal, ProposalStatus, ProposalSubject

#: People need time to change how they work before an evaluation means anything.
EVALUATION_WAIT_DAYS = 30


class Severity(StrEnum):
    """How loudly a finding should be shown."""

    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One thing the doctor noticed about an initiative."""

    #: Stable key of the rule that found it, e.g. "no-group-outside-product".
    rule: str
    title: str
    #: What was seen in the data, naming the metric, session or cohort concerned.
    seen: str
    why: str
    todo: str
    severity: Severity = Severity.WARNING


Check = Callable[[InitiativeFacts], list[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered doctor rule: its key, what it looks for, and the check itself."""

    key: str
    description: str
    check: Check


# -- evidence shared with the checklist ------------------------------------------------


def is_pilot(cohort: PilotCohort) -> bool:
    """A cohort smaller than the whole organization: one person or a few teams."""
    return cohort.scope is not CohortScope.ORGANIZATION


def has_started(cohort: PilotCohort) -> bool:
    """Whether a cohort is under way or behind us, by its start date or its stage."""
    return cohort.started_on is not None or cohort.stage is not CohortStage.PLANNED


def started_pilots(facts: InitiativeFacts) -> list[PilotCohort]:
    """Pilot cohorts (person or teams) that have started."""
    return [c for c in facts.cohorts if is_pilot(c) and has_started(c)]


def broad_rollout_on(facts: InitiativeFacts) -> date | None:
    """The day the initiative went to the whole organization, when it is known."""
    days = [c.started_on for c in facts.cohorts if not is_pilot(c) and c.started_on is not None]
    if facts.initiative.rolled_out_on is not None:
        days.append(facts.initiative.rolled_out_on)
    return min(days, default=None)


def has_rolled_out(facts: InitiativeFacts) -> bool:
    """Whether the initiative reached the whole organization, dated or not."""
    if broad_rollout_on(facts) is not None:
        return True
    return any(not is_pilot(c) and has_started(c) for c in facts.cohorts)


def passed(proposal: Proposal) -> bool:
    """A proposal that was closed with the outcome "passed"."""
    return proposal.status is ProposalStatus.CLOSED and proposal.outcome is Outcome.PASSED


def passed_votes(facts: InitiativeFacts, *subjects: ProposalSubject) -> list[Proposal]:
    """Passed proposals, about any of the given subjects (all subjects when none given)."""
    return [p for p in facts.proposals if passed(p) and (not subjects or p.subject in subjects)]


def ended_sessions(facts: InitiativeFacts, kind: SessionKind) -> list[Session]:
    """Sessions of one kind that have ended."""
    return [s for s in facts.sessions if s.kind is kind and s.state is SessionState.ENDED]


def held_sessions(facts: InitiativeFacts, kind: SessionKind) -> list[Session]:
    """Sessions of one kind that have at least started."""
    return [
        s
        for s in facts.sessions
        if s.kind is kind and (s.started_at is not None or s.state is not SessionState.PLANNED)
    ]


def pilot_feedback_count(facts: InitiativeFacts) -> int:
    """How many remarks were captured in pilot sessions."""
    return len(facts.feedback_in(facts.sessions_of_kind(SessionKind.PILOT.value)))


def is_usage_metric(metric: Metric) -> bool:
    """A metric counting use of a tool, by its kind or by its name."""
    return metric.kind is MetricKind.USAGE or looks_like_usage(metric.name)


def first_evaluation_after_wait(facts: InitiativeFacts) -> Session | None:
    """The first evaluation session held at least EVALUATION_WAIT_DAYS after rollout."""
    rolled = broad_rollout_on(facts)
    if rolled is None:
        return None
    for day, session in started_on(facts, SessionKind.EVALUATION):
        if (day - rolled).days >= EVALUATION_WAIT_DAYS:
            return session
    return None


def started_on(facts: InitiativeFacts, kind: SessionKind) -> list[tuple[date, Session]]:
    """Sessions of a kind that have a start time, with the day they started, earliest first."""
    found = [(s.started_at.date(), s) for s in facts.sessions if s.kind is kind and s.started_at]
    return sorted(found, key=lambda pair: pair[0])


def _quoted(text: str) -> str:
    return f"“{text}”"


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
    if all(g.group is Group.PRODUCT for g in facts.groups):
        return [
            Finding(
                "no-group-outside-product",
                "Nobody outside product is affected",
                "The only affected group recorded is product.",
                why,
                todo,
            )
        ]
    return []


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
                f"The metric {_quoted(metric.name)} {how}.",
                "Someone using a tool does not mean their problem is solved; the number can "
                "rise while nothing gets better.",
                warning,
            )
        )
    return findings


def check_baseline(facts: InitiativeFacts) -> list[Finding]:
    """From step 2 on, the metric must have a baseline to compare against."""
    step = facts.initiative.step
    if step < Step.DEFINE_SUCCESS:
        return []
    # While step 2 is the current work a missing baseline is expected; later it is a gap.
    severity = Severity.INFO if step is Step.DEFINE_SUCCESS else Severity.WARNING
    why = "Without a measurement from before the change, nobody can tell whether it helped."
    todo = "Measure the metric as things stand today and record it as the baseline."
    primary = facts.primary_metric
    if primary is None:
        seen = "No metric is recorded yet."
        todo = "Define an outcome metric, then measure it today and record the baseline."
    elif not any(m.has_baseline for m in facts.metrics):
        count = len(facts.metrics)
        seen = (
            f"The metric {_quoted(primary.name)} has no baseline value."
            if count == 1
            else f"None of the {count} metrics has a baseline value."
        )
    elif not primary.has_baseline:
        seen = f"The main metric {_quoted(primary.name)} has no baseline value."
    else:
        return []
    return [Finding("no-baseline", "No baseline measured", seen, why, todo, severity)]


def check_validation(facts: InitiativeFacts) -> list[Finding]:
    """Past validation (step 4 on) there should be a passed vote on the metrics."""
    if facts.initiative.step < Step.SELECT_INFRASTRUCTURE:
        return []
    if passed_votes(facts, ProposalSubject.METRIC):
        return []
    tried = [p for p in facts.proposals if p.subject is ProposalSubject.METRIC]
    if tried:
        last = tried[-1]
        state = "is still open" if last.status is ProposalStatus.OPEN else "did not pass"
        seen = f"The vote on the metrics {_quoted(last.title)} {state}."
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
    if pilot_feedback_count(facts):
        return []
    active = [
        c
        for c in facts.cohorts
        if is_pilot(c) and c.stage in (CohortStage.RUNNING, CohortStage.EXPANDED, CohortStage.ENDED)
    ]
    ended = ended_sessions(facts, SessionKind.PILOT)
    if not active and not ended:
        return []
    if ended:
        seen = f"{_plural(len(ended), 'pilot session')} ended with no feedback captured."
    else:
        seen = f"The pilot cohort {_quoted(active[0].name)} is {active[0].stage.value}"
        seen += ", and no feedback was captured in pilot sessions."
    # A pilot that has only just started may not have had its feedback session yet.
    merely_running = not ended and all(c.stage is CohortStage.RUNNING for c in active)
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
                    f"The evaluation {_quoted(session.title)} was held {_gap(days)} "
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


def check_learning_support(facts: InitiativeFacts) -> list[Finding]:
    """After a broad rollout people need ways and time to learn the new way of working."""
    if not has_rolled_out(facts) or facts.initiative.learning_support.strip():
        return []
    return [
        Finding(
            "no-learning-support",
            "No support for learning after launch",
            "The initiative has rolled out, and no learning support is recorded.",
            "Even a small change takes effort to learn; without help people fall back to "
            "the old way.",
            "Offer more than one way to learn it (a walkthrough, written steps, office "
            "hours) and help people find the time, then note it under learning support.",
        )
    ]


def check_results_shared(facts: InitiativeFacts) -> list[Finding]:
    """Evaluated results should be shared, whether they are good or bad."""
    if facts.initiative.step is not Step.EVALUATE:
        return []
    evaluations = ended_sessions(facts, SessionKind.EVALUATION)
    if not evaluations:
        return []
    if facts.initiative.results_shared_on is not None or facts.last_export is not None:
        return []
    return [
        Finding(
            "results-not-shared",
            "Results never shared",
            f"{_plural(len(evaluations), 'evaluation session')} ended, and the results "
            "were neither shared nor exported.",
            "Sharing what worked and what did not shows colleagues their interests come "
            "first, and earns support for the next change.",
            "Share the results and lessons learned with everyone affected (export the "
            "initiative report), then record the date they were shared.",
        )
    ]


RULES: tuple[Rule, ...] = (
    Rule("no-group-outside-product", "No affected group outside product", check_groups),
    Rule("usage-metric", "A metric counts tool usage instead of an outcome", check_usage_metrics),
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
        "no-learning-support",
        "Rolled out with no learning support recorded",
        check_learning_support,
    ),
    Rule(
        "results-not-shared",
        "Evaluated but results neither shared nor exported",
        check_results_shared,
    ),
)


def diagnose(facts: InitiativeFacts) -> list[Finding]:
    """Every finding of every rule, in the order the rules are registered."""
    return [finding for rule in RULES for finding in rule.check(facts)]


# -- moving between steps --------------------------------------------------------------


def step_output_present(facts: InitiativeFacts, step: Step) -> bool:
    """Whether the expected output of a step exists yet (see ``steps.STEP_INFO``)."""
    initiative = facts.initiative
    match step:
        case Step.IDENTIFY_PROBLEM:
            return bool(initiative.root_cause.strip())
        case Step.DEFINE_SUCCESS:
            return bool(initiative.vision.strip()) and any(m.has_baseline for m in facts.metrics)
        case Step.VALIDATE:
            return bool(passed_votes(facts, ProposalSubject.PROBLEM, ProposalSubject.METRIC))
        case Step.SELECT_INFRASTRUCTURE:
            return bool(initiative.chosen_solution.strip())
        case Step.PROTOTYPE_AND_EXPAND:
            return any(has_started(c) for c in facts.cohorts) or has_rolled_out(facts)
        case Step.EVALUATE:
            return bool(ended_sessions(facts, SessionKind.EVALUATION)) and bool(
                initiative.lessons_learned.strip()
            )


def _leaving(step: Step, key: str, title: str, seen: str, why: str, todo: str) -> Finding:
    return Finding(key, f"Leaving step {int(step)}: {title}", seen, why, todo)


def _missing_when_leaving(facts: InitiativeFacts, step: Step) -> list[Finding]:
    """What the step being left behind should have produced and did not."""
    initiative = facts.initiative
    found: list[Finding] = []
    match step:
        case Step.IDENTIFY_PROBLEM:
            if not initiative.root_cause.strip():
                found.append(
                    _leaving(
                        step,
                        "missing-root-cause",
                        "no root cause",
                        "No root cause is written down.",
                        "Solving a symptom leaves the cause in place, and the problem returns.",
                        "Write down the root cause discovery found, not just what people feel.",
                    )
                )
        case Step.DEFINE_SUCCESS:
            if not initiative.vision.strip():
                found.append(
                    _leaving(
                        step,
                        "missing-vision",
                        "no vision",
                        "No vision is written down.",
                        "Without a picture of how people will work afterwards, nobody knows "
                        "what the change is for.",
                        "Describe in a sentence how everyone will work once this is in place.",
                    )
                )
            if not any(m.has_baseline for m in facts.metrics):
                seen = (
                    "No metric has a baseline value."
                    if facts.metrics
                    else "No metric is recorded yet."
                )
                found.append(
                    _leaving(
                        step,
                        "missing-baseline",
                        "no baseline",
                        seen,
                        "Without a measurement from before the change, nobody can tell "
                        "whether it helped.",
                        "Define an outcome metric and record today's value as its baseline.",
                    )
                )
        case Step.VALIDATE:
            if not passed_votes(facts, ProposalSubject.METRIC):
                found.append(
                    _leaving(
                        step,
                        "missing-metric-vote",
                        "metrics not agreed",
                        "No vote on the metrics has passed.",
                        "Skipping validation risks building the wrong thing, measured in a "
                        "way the people affected do not accept.",
                        "Hold a validation session and vote on the metrics first.",
                    )
                )
        case Step.SELECT_INFRASTRUCTURE:
            if not initiative.chosen_solution.strip():
                found.append(
                    _leaving(
                        step,
                        "missing-solution",
                        "no solution chosen",
                        "No chosen solution is recorded.",
                        "A prototype needs something definite to try.",
                        "Weigh the options and record the solution you will prototype.",
                    )
                )
        case Step.PROTOTYPE_AND_EXPAND:
            if not started_pilots(facts):
                found.append(
                    _leaving(
                        step,
                        "missing-pilot",
                        "no pilot",
                        "No pilot cohort (one person or a few teams) has started.",
                        "Without a pilot, problems reach everyone at once and there is "
                        "little to evaluate.",
                        "Run the new way with a small cohort and collect their feedback.",
                    )
                )
        case Step.EVALUATE:
            pass  # nothing comes after evaluation
    return found


def step_warning(facts: InitiativeFacts, target_step: Step) -> list[Finding]:
    """Missing outputs of every step passed when moving to ``target_step``.

    Moving back, or staying, passes no step and so warns about nothing.
    """
    current = facts.initiative.step
    return [
        finding
        for step in Step
        if current <= step < target_step
        for finding in _missing_when_leaving(facts, step)
    ]
