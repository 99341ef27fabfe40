"""What an initiative's data proves: the one rule behind step outputs, checklist and doctor.

Each piece of evidence is a function of ``InitiativeFacts`` that returns what proves
it, in a short sentence, or None when the data does not show it. The step indicator
and the move dialog (``step_outputs``), the checklist's automatic ticks
(``checklist``) and the doctor's findings (``doctor``) all ask these same functions,
so that none of them can say a thing is done while another says it is missing.

Results count as shared only when someone recorded that they were shared (the
"results shared on" date, which marking the results message sent fills in): exporting
notes is not sharing them.

Who a message or a way to learn reaches (``reaches``), which step a session served
(``session_step``) and from when the initiative is known to have been past validation
(``known_past_validation_on``) are answered here too, for the doctor's buy-in rules.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from opstui.domain import cohorts
from opstui.domain.buy_in import CommItem, CommPurpose, CommStatus, LearningKind, LearningPath
from opstui.domain.counted_sessions import counted, counts
from opstui.domain.facts import InitiativeFacts
from opstui.domain.initiative import Group, PilotCohort
from opstui.domain.map_reading import read_maps
from opstui.domain.metrics import Metric, MetricKind, looks_like_usage
from opstui.domain.session import Session, SessionKind, SessionState
from opstui.domain.steps import Step
from opstui.domain.voting import Outcome, Proposal, ProposalStatus, ProposalSubject

#: People need time to change how they work before an evaluation means anything.
EVALUATION_WAIT_DAYS = 30

#: Looks at an initiative and returns what proves something, or None.
Proof = Callable[[InitiativeFacts], str | None]


def quoted(text: str) -> str:
    return f"“{text}”"


# -- the building blocks ------------------------------------------------------------------


def passed(proposal: Proposal) -> bool:
    """A proposal that was closed with the outcome "passed"."""
    return proposal.status is ProposalStatus.CLOSED and proposal.outcome is Outcome.PASSED


def passed_votes(facts: InitiativeFacts, *subjects: ProposalSubject) -> list[Proposal]:
    """Passed proposals, about any of the given subjects (all subjects when none given),
    of sessions that count: a vote in a cancelled session proves nothing."""
    void = {s.id for s in facts.sessions if not counts(s)}
    return [
        p
        for p in facts.proposals
        if passed(p) and p.session_id not in void and (not subjects or p.subject in subjects)
    ]


def counted_of_kind(facts: InitiativeFacts, kind: SessionKind) -> list[Session]:
    """The sessions of one kind that count (a cancelled one is no evidence of anything)."""
    return [s for s in counted(facts.sessions) if s.kind is kind]


def ended_sessions(facts: InitiativeFacts, kind: SessionKind) -> list[Session]:
    """Sessions of one kind that have ended."""
    return [s for s in counted_of_kind(facts, kind) if s.state is SessionState.ENDED]


def held_sessions(facts: InitiativeFacts, kind: SessionKind) -> list[Session]:
    """Sessions of one kind that have at least started."""
    return [
        s
        for s in counted_of_kind(facts, kind)
        if s.started_at is not None or s.state is not SessionState.PLANNED
    ]


def started_on(facts: InitiativeFacts, kind: SessionKind) -> list[tuple[date, Session]]:
    """Sessions of a kind that have a start time, with the day they started, earliest first."""
    found = [(s.started_at.date(), s) for s in counted_of_kind(facts, kind) if s.started_at]
    return sorted(found, key=lambda pair: pair[0])


def pilot_feedback_count(facts: InitiativeFacts) -> int:
    """How many remarks were captured in pilot sessions."""
    return len(facts.feedback_in(counted_of_kind(facts, SessionKind.PILOT)))


def is_usage_metric(metric: Metric) -> bool:
    """A metric counting use of a tool, by its kind or by its name."""
    return metric.kind is MetricKind.USAGE or looks_like_usage(metric.name)


def started_pilots(facts: InitiativeFacts) -> list[PilotCohort]:
    """Pilot cohorts (one person or a few teams) that have started by the facts' day."""
    return cohorts.started_pilots(facts.cohorts, facts.today)


def broad_rollout_on(facts: InitiativeFacts) -> date | None:
    """The day the initiative went to the whole organization, when it is known."""
    return cohorts.broad_rollout_on(facts.initiative, facts.cohorts)


def has_rolled_out(facts: InitiativeFacts) -> bool:
    """Whether the initiative has reached the whole organization, dated or not."""
    return cohorts.has_rolled_out(facts.initiative, facts.cohorts, facts.today)


def first_evaluation_after_wait(facts: InitiativeFacts) -> Session | None:
    """The first evaluation session held at least EVALUATION_WAIT_DAYS after rollout."""
    rolled = broad_rollout_on(facts)
    if rolled is None:
        return None
    for day, session in started_on(facts, SessionKind.EVALUATION):
        if (day - rolled).days >= EVALUATION_WAIT_DAYS:
            return session
    return None


def _written(field: str, what: str) -> Proof:
    """Evidence that a text field of the initiative is filled in."""

    def proof(facts: InitiativeFacts) -> str | None:
        return f"{what} recorded." if str(getattr(facts.initiative, field)).strip() else None

    proof.__name__ = field
    return proof


#: The step each kind of session serves (as the built-in playbooks do); a custom
#: session may serve any step, so it is not known.
SESSION_STEPS: dict[SessionKind, Step] = {
    SessionKind.DISCOVERY: Step.IDENTIFY_PROBLEM,
    SessionKind.VALIDATION: Step.VALIDATE,
    SessionKind.PROCESS_MAPPING: Step.PROTOTYPE_AND_EXPAND,
    SessionKind.PILOT: Step.PROTOTYPE_AND_EXPAND,
    SessionKind.READINESS: Step.PROTOTYPE_AND_EXPAND,
    SessionKind.EVALUATION: Step.EVALUATE,
}


def session_step(session: Session) -> Step | None:
    """The step a session served, known from its kind (None for a custom session)."""
    return SESSION_STEPS.get(session.kind)


def known_past_validation_on(facts: InitiativeFacts) -> date | None:
    """The earliest day the initiative is known to have been past validation (step 4 on).

    No record keeps the day the step changed, so this is the earliest of what shows it:
    a session serving step 4 or later held (or planned) that day, a pilot or a rollout
    started. None when nothing shows it.
    """
    days = [
        s.held_at.date()
        for s in counted(facts.sessions)
        if s.held_at is not None and (session_step(s) or 0) >= Step.SELECT_INFRASTRUCTURE
    ]
    days += [c.started_on for c in facts.cohorts if c.started_on is not None]
    if facts.initiative.rolled_out_on is not None:
        days.append(facts.initiative.rolled_out_on)
    return min(days, default=None)


def reaches(audience_group: Group | None, cohort_id: str | None, group: Group) -> bool:
    """Whether a message or a way to learn for this audience reaches ``group``: one for
    the group itself, or one for everyone affected (no group and no cohort)."""
    return audience_group is group or (audience_group is None and cohort_id is None)


def messages_to(facts: InitiativeFacts, group: Group) -> list[CommItem]:
    return [m for m in facts.comm_items if reaches(m.audience_group, m.cohort_id, group)]


def ways_to_learn_for(facts: InitiativeFacts, group: Group) -> list[LearningPath]:
    return [p for p in facts.learning_paths if reaches(p.audience_group, p.cohort_id, group)]


def learning_kinds(facts: InitiativeFacts) -> list[LearningKind]:
    """The different kinds of learning path offered, in the order of ``LearningKind``."""
    offered = {p.kind for p in facts.learning_paths}
    return [kind for kind in LearningKind if kind in offered]


def results_messages(facts: InitiativeFacts) -> list[CommItem]:
    """The communication plan's results messages, sent ones first."""
    found = [m for m in facts.comm_items if m.purpose is CommPurpose.RESULTS]
    return sorted(found, key=lambda m: m.status is not CommStatus.SENT)


# -- the evidence -------------------------------------------------------------------------

strategic_reason = _written("strategic_reason", "Strategic reason")
root_cause = _written("root_cause", "Root cause")
vision = _written("vision", "Vision")
solution_chosen = _written("chosen_solution", "Chosen solution")
communication_plan_written = _written("communication_plan", "Communication plan")
lessons_learned = _written("lessons_learned", "Lessons learned")


def group_outside_product(facts: InitiativeFacts) -> str | None:
    others = sorted({g.group.label for g in facts.groups if g.group is not Group.PRODUCT})
    return f"Affected groups include {', '.join(others)}." if others else None


def discovery_ended(facts: InitiativeFacts) -> str | None:
    ended = ended_sessions(facts, SessionKind.DISCOVERY)
    return f"Discovery session {quoted(ended[0].title)} held." if ended else None


def survey_imported(facts: InitiativeFacts) -> str | None:
    """A research survey was brought in (``opstui import survey``): someone looked."""
    if not facts.surveys:
        return None
    first = facts.surveys[0]
    more = len(facts.surveys) - 1
    also = f" (and {more} more)" if more else ""
    return (
        f"Survey {quoted(first.file_name)} imported on {first.imported_at.date().isoformat()}"
        f"{also}: {first.respondents} respondents, {first.comments} comments."
    )


def outcome_metric(facts: InitiativeFacts) -> str | None:
    """A metric of outcomes exists, and none counts tool usage."""
    if any(is_usage_metric(m) for m in facts.metrics):
        return None
    for metric in facts.metrics:
        if metric.kind is not MetricKind.USAGE:
            return f"{metric.kind.label.capitalize()} metric {quoted(metric.name)}."
    return None


def baseline(facts: InitiativeFacts) -> str | None:
    """The main metric (the one the dashboard follows) has a baseline value."""
    metric = facts.primary_metric
    if metric is None or metric.baseline_value is None:
        return None
    when = f" on {metric.baseline_on.isoformat()}" if metric.baseline_on else ""
    return f"Baseline of {quoted(metric.name)}: {metric.baseline_value:g}{when}."


def metrics_agreed(facts: InitiativeFacts) -> str | None:
    """A vote on the metrics passed."""
    votes = passed_votes(facts, ProposalSubject.METRIC)
    return f"Vote {quoted(votes[0].title)} passed." if votes else None


def validation_passed(facts: InitiativeFacts) -> str | None:
    """A validation session ended with a passed vote in it."""
    for session in ended_sessions(facts, SessionKind.VALIDATION):
        for proposal in facts.proposals:
            if proposal.session_id == session.id and passed(proposal):
                return f"{quoted(proposal.title)} passed in {quoted(session.title)}."
    return None


def process_mapped(facts: InitiativeFacts) -> str | None:
    """A process map with at least one hand-off: the workflow drawn on paper."""
    for read in read_maps(facts):
        if read.process_map is not None and read.process_map.hand_offs:
            count = len(read.process_map.hand_offs)
            hand_offs = "1 hand-off" if count == 1 else f"{count} hand-offs"
            return f"Process map {quoted(read.record.title)} drawn, with {hand_offs}."
    return None


def pilot_started(facts: InitiativeFacts) -> str | None:
    pilots = started_pilots(facts)
    if not pilots:
        return None
    pilot = pilots[0]
    when = f" on {pilot.started_on.isoformat()}" if pilot.started_on else ""
    return f"Pilot cohort {quoted(pilot.name)} started{when}."


def pilot_feedback(facts: InitiativeFacts) -> str | None:
    count = pilot_feedback_count(facts)
    if not count:
        return None
    return f"{count} remark{'s' if count != 1 else ''} captured in pilot sessions."


def evaluation_ended(facts: InitiativeFacts) -> str | None:
    ended = ended_sessions(facts, SessionKind.EVALUATION)
    return f"Evaluation session {quoted(ended[0].title)} held." if ended else None


def waited_before_evaluating(facts: InitiativeFacts) -> str | None:
    session = first_evaluation_after_wait(facts)
    rolled = broad_rollout_on(facts)
    if session is None or session.started_at is None or rolled is None:
        return None
    days = (session.started_at.date() - rolled).days
    return f"Evaluation {quoted(session.title)} held {days} days after the rollout."


def results_shared(facts: InitiativeFacts) -> str | None:
    """Someone recorded the day the results were shared with the people affected."""
    shared = facts.initiative.results_shared_on
    return None if shared is None else f"Results shared on {shared.isoformat()}."


def communication_plan(facts: InitiativeFacts) -> str | None:
    """Messages in the communication plan, or else a plan written in words."""
    count = len(facts.comm_items)
    if count:
        return f"{count} message{'s' if count != 1 else ''} in the communication plan."
    return communication_plan_written(facts)


def several_ways_to_learn(facts: InitiativeFacts) -> str | None:
    """Learning paths of at least two kinds: people learn differently."""
    kinds = learning_kinds(facts)
    if len(kinds) < 2:
        return None
    return f"{len(kinds)} ways to learn: {', '.join(kind.label for kind in kinds)}."


def time_to_learn(facts: InitiativeFacts) -> str | None:
    """A way to learn offered at given times (slots), so people can set the time aside."""
    slotted = [p for p in facts.learning_paths if p.slots]
    if not slotted:
        return None
    count = sum(len(p.slots) for p in slotted)
    first = slotted[0]
    return (
        f"{count} time{'s' if count != 1 else ''} set aside to learn, "
        f"such as {quoted(first.title)}: {first.slots[0]}."
    )
