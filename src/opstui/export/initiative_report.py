"""The initiative report in Markdown: where an initiative stands, for an ops lead to share.

It reads the same pure rules as the app (doctor, checklist, readiness, metric
progress), judged on ``facts.today``, so a report and the workspace never disagree.
"""

from __future__ import annotations

from collections import Counter

from opstui.domain.buy_in import LinkTarget
from opstui.domain.checklist import ChecklistState, Phase, evaluate
from opstui.domain.counted_sessions import state_label
from opstui.domain.doctor import Finding, diagnose
from opstui.domain.initiative import Group, PilotCohort
from opstui.domain.metric_tree import tree, tree_prefix
from opstui.domain.metrics import Cohort, Metric, Progress, progress, standing
from opstui.domain.prototypes import Prototype, ordered
from opstui.domain.readiness import ELEMENTS, diagnose_readiness, latest_assessment
from opstui.domain.remark_trail import Loop, loop_of
from opstui.domain.session import (
    ActionItem,
    Decision,
    ReadinessAssessment,
    ReadinessElement,
    Session,
)
from opstui.export import markdown_safe as md
from opstui.export.bundle import InitiativeBundle, PeopleNames
from opstui.export.common import day, quantity
from opstui.export.initiative_plans import NOT_RECORDED, plan_sections, solution_sections
from opstui.export.you_said import said_lines, you_said_markdown


def render_initiative_report(bundle: InitiativeBundle) -> str:
    """The report of one initiative as a Markdown document ending in a newline."""
    facts = bundle.facts
    initiative = facts.initiative
    people = bundle.people
    loop = loop_of(facts)
    blocks = [md.heading(1, initiative.title), _overview(bundle)]
    for title, text in (
        ("Problem", initiative.problem),
        ("Strategic reason", initiative.strategic_reason),
        ("Root cause", initiative.root_cause),
        ("Vision", initiative.vision),
    ):
        blocks += [f"## {title}", md.block(text, empty=NOT_RECORDED)]
    blocks += solution_sections(bundle)
    blocks += ["## Affected groups", _groups(bundle)]
    blocks += ["## Prototypes", _prototypes(bundle)]
    blocks += ["## Pilot cohorts", _cohorts(cohorts_in_order(bundle))]
    blocks += plan_sections(bundle)
    blocks += ["## Metrics", _metrics(bundle)]
    blocks += ["## Decisions", *_decisions(bundle, loop)]
    blocks += ["## Open actions", _open_actions(bundle, people, loop)]
    sessions = {s.id: s for s in facts.sessions}
    blocks += ["## You said → we did", you_said_markdown(loop, people, sessions)]
    blocks += ["## Checklist", *_checklist(evaluate(facts))]
    blocks += ["## Doctor's findings", *_findings(diagnose(facts))]
    blocks += ["## Change readiness", *_readiness(latest_readiness(bundle))]
    blocks += ["## Lessons learned", md.block(initiative.lessons_learned, empty=NOT_RECORDED)]
    blocks += ["## Sessions", _sessions(bundle, people)]
    return "\n\n".join(blocks) + "\n"


# -- pieces shared with the other formats ----------------------------------------------


def sessions_in_order(bundle: InitiativeBundle) -> list[Session]:
    """Sessions by when they were held or planned; never-scheduled ones last."""
    return sorted(
        bundle.facts.sessions,
        key=lambda s: (s.held_at is None, s.held_at.isoformat() if s.held_at else "", s.id),
    )


def cohorts_in_order(bundle: InitiativeBundle) -> list[PilotCohort]:
    def when(cohort: PilotCohort) -> tuple[bool, str, str]:
        started = cohort.started_on
        return (started is None, started.isoformat() if started else "", cohort.id)

    return sorted(bundle.facts.cohorts, key=when)


def decisions_in_order(bundle: InitiativeBundle) -> list[Decision]:
    return sorted(bundle.facts.decisions, key=lambda d: (d.decided_at, d.id))


def open_actions(bundle: InitiativeBundle) -> list[ActionItem]:
    return sorted(
        (a for a in bundle.facts.actions if not a.done), key=lambda a: (a.created_at, a.id)
    )


def session_counts(bundle: InitiativeBundle) -> dict[str, Counter[str]]:
    """Feedback, votes and actions per session id, counted in one pass each."""
    facts = bundle.facts
    return {
        "feedback": Counter(f.session_id for f in facts.feedback),
        "votes": Counter(p.session_id for p in facts.proposals),
        "actions": Counter(a.session_id or "" for a in facts.actions),
    }


def latest_readiness(bundle: InitiativeBundle) -> ReadinessAssessment | None:
    """The assessment the workspace explains too (``domain.readiness``)."""
    return latest_assessment(bundle.facts.readiness)


def metric_rows(bundle: InitiativeBundle, metric: Metric) -> list[tuple[Cohort, Progress]]:
    """Progress for all readings, then for every other cohort that has readings."""
    readings = bundle.facts.readings_of(metric)
    measured = {r.cohort for r in readings}
    cohorts = [c for c in Cohort if c is Cohort.ALL or c in measured]
    return [(c, progress(metric, readings, cohort=c, today=bundle.facts.today)) for c in cohorts]


def metrics_in_order(bundle: InitiativeBundle) -> list[Metric]:
    """In the tree's order: the primary metric first, each outcome followed by the leading
    indicators that predict it, then the others as they were added (``metric_tree``)."""
    return tree(bundle.facts.metrics).ordered()


# -- sections ---------------------------------------------------------------------------


def _overview(bundle: InitiativeBundle) -> str:
    initiative = bundle.facts.initiative
    step = initiative.step
    lines = [
        f"- **Step:** {int(step)} of 6, {step.title}: {step.info.question}",
        f"- **Status:** {initiative.status.value}",
    ]
    if initiative.rolled_out_on is not None:
        lines.append(f"- **Rolled out:** {day(initiative.rolled_out_on)}")
    if initiative.results_shared_on is not None:
        lines.append(f"- **Results shared:** {day(initiative.results_shared_on)}")
    lines.append(f"- **As of:** {day(bundle.facts.today)}")
    return "\n".join(lines)


def _groups(bundle: InitiativeBundle) -> str:
    order = {group: n for n, group in enumerate(Group)}
    groups = sorted(bundle.facts.groups, key=lambda g: (order[g.group], g.id))
    if not groups:
        return "No affected groups recorded yet."
    return md.table(["Group", "Note"], [[g.group.label, md.cell(g.note)] for g in groups])


def prototypes_in_order(bundle: InitiativeBundle) -> list[Prototype]:
    """The prototype ladder, rung by rung, each rung by the day its prototypes started."""
    return ordered(bundle.facts.prototypes)


def _span(prototype: Prototype) -> str:
    started, ended = day(prototype.started_on), day(prototype.ended_on)
    if started and ended:
        return started if started == ended else f"{started} to {ended}"
    if started:
        return f"since {started}"
    return f"until {ended}" if ended else "–"


def _prototypes(bundle: InitiativeBundle) -> str:
    found = prototypes_in_order(bundle)
    if not found:
        return "No prototypes recorded yet."
    rows = [
        [
            p.stage.label,
            md.cell(p.title),
            p.status.value,
            _span(p),
            md.cell(p.assumption),
            md.cell(p.learned),
        ]
        for p in found
    ]
    return md.table(["Stage", "Prototype", "Status", "When", "Assumption tested", "Learned"], rows)


def _cohorts(cohorts: list[PilotCohort]) -> str:
    if not cohorts:
        return "No pilot cohorts yet."
    rows = [
        [
            md.cell(c.name),
            c.scope.value,
            str(c.size),
            day(c.started_on) or "not started",
            c.stage.value,
            md.cell(c.note),
        ]
        for c in cohorts
    ]
    return md.table(["Cohort", "Scope", "Size", "Started", "Stage", "Note"], rows)


def _metrics(bundle: InitiativeBundle) -> str:
    metrics = tree(bundle.facts.metrics).rows()
    if not metrics:
        return "No metrics recorded yet."
    rows: list[list[str]] = []
    for metric, depth, last in metrics:
        unit = metric.unit
        name = md.cell(metric.name) + (" (primary)" if metric.primary else "")
        # A leading indicator hangs under the outcome it predicts, as in the app.
        name = tree_prefix(depth, last) + name
        baseline = _dated(quantity(metric.baseline_value, unit), day(metric.baseline_on), "on")
        target = _dated(quantity(metric.target_value, unit), day(metric.target_on), "by")
        for cohort, result in metric_rows(bundle, metric):
            latest = _dated(quantity(result.latest, unit), day(result.latest_on), "on")
            shown = _standing(metric, result)
            rows.append(
                [
                    name,
                    metric.kind.label,
                    cohort.value,
                    md.cell(baseline),
                    md.cell(latest),
                    md.cell(target),
                    shown,
                ]
            )
    header = ["Metric", "Kind", "Cohort", "Baseline", "Latest", "Target", "Progress"]
    return md.table(header, rows)


def _standing(metric: Metric, result: Progress) -> str:
    """ "45%, behind", or what is missing to say how far it has come."""
    if result.latest is not None and result.share is None:
        missing = [
            word
            for word, value in (
                ("baseline", metric.baseline_value),
                ("target", metric.target_value),
            )
            if value is None
        ]
        return f"no {' or '.join(missing)}" if missing else str(standing(result))
    shown = str(standing(result))
    return shown if result.share is None else f"{result.percent}, {shown}"


def _dated(value: str, when: str, word: str) -> str:
    if not value:
        return ""
    return f"{value} {word} {when}" if when else value


def _decisions(bundle: InitiativeBundle, loop: Loop) -> list[str]:
    decisions = decisions_in_order(bundle)
    if not decisions:
        return ["No decisions recorded yet."]
    sessions = {s.id: s for s in bundle.facts.sessions}
    rows = []
    for decision in decisions:
        session = sessions.get(decision.session_id or "")
        rows.append(
            [
                day(decision.decided_at),
                md.cell(decision.statement),
                md.cell(session.title) if session else "–",
                day(decision.review_on) or "–",
            ]
        )
    blocks = [md.table(["Date", "Decision", "Session", "Review on"], rows)]
    behind = []
    for decision in decisions:
        said = said_lines(
            loop.said_behind(LinkTarget.DECISION, decision.id), bundle.people, sessions
        )
        if said:
            behind += [f"- {md.block(decision.statement, indent=2)}", *said]
    if behind:
        blocks += ["What the people who spoke asked for, behind each decision:", "\n".join(behind)]
    return blocks


def _open_actions(bundle: InitiativeBundle, people: PeopleNames, loop: Loop) -> str:
    actions = open_actions(bundle)
    if not actions:
        return "No open actions."
    sessions = {s.id: s for s in bundle.facts.sessions}
    lines = []
    for action in actions:
        details = [f"owner: {md.cell(people.name(action.owner_id, missing='nobody yet'))}"]
        details.append(f"due {day(action.due_on)}" if action.due_on else "no due date")
        if action.overdue(bundle.facts.today):
            details.append("**overdue**")
        origin = sessions.get(action.session_id or "")
        if origin is not None:
            details.append(f"from “{md.inline(origin.title)}”")
        lines.append(f"- [ ] {md.block(action.text, indent=2)} — {'; '.join(details)}")
        lines += said_lines(loop.said_behind(LinkTarget.ACTION, action.id), people, sessions)
    return "\n".join(lines)


def _checklist(states: list[ChecklistState]) -> list[str]:
    blocks: list[str] = []
    for phase in Phase:
        mine = [s for s in states if s.item.phase is phase]
        if not mine:
            continue
        done = sum(1 for s in mine if s.done)
        blocks.append(f"### {phase.label} ({done} of {len(mine)} done)")
        lines = []
        for state in mine:
            line = f"- {'[x]' if state.done else '[ ]'} {md.inline(state.item.text)}"
            if state.done:
                how = "shown by the data" if state.auto else "ticked by hand"
                note = md.inline(state.note)
                line += f" — {how}" + (f": {note}" if note else "")
            lines.append(line)
        blocks.append("\n".join(lines))
    return blocks


def _findings(findings: list[Finding]) -> list[str]:
    if not findings:
        return ["None: nothing the doctor looks for is wrong."]
    blocks: list[str] = []
    for finding in findings:
        blocks.append(md.heading(3, f"{finding.title} ({finding.severity.value})"))
        blocks.append(
            "\n".join(
                [
                    f"- **Seen:** {md.block(finding.seen, indent=2)}",
                    f"- **Why it matters:** {md.block(finding.why, indent=2)}",
                    f"- **What to do:** {md.block(finding.todo, indent=2)}",
                ]
            )
        )
    return blocks


def _readiness(assessment: ReadinessAssessment | None) -> list[str]:
    if assessment is None:
        return ["No readiness assessment yet."]
    weak = {w.element: w for w in diagnose_readiness(assessment)}
    rows = []
    for element in ReadinessElement:
        info = ELEMENTS[element]
        weakness = weak.get(element)
        rows.append(
            [
                element.label,
                f"{assessment.rating(element)} of 5",
                f"**{info.symptom}**: {info.advice}" if weakness else "–",
            ]
        )
    blocks = [
        f"Latest assessment, {day(assessment.assessed_on)}. Elements rated 2 or lower are "
        "weak and name the symptom to expect when an element is missing.",
        md.table(["Element", "Rating", "If weak: symptom and what to do"], rows),
    ]
    if assessment.note.strip():
        blocks.append(f"Note: {md.block(assessment.note)}")
    return blocks


def _sessions(bundle: InitiativeBundle, people: PeopleNames) -> str:
    sessions = sessions_in_order(bundle)
    if not sessions:
        return "No sessions yet."
    counts = session_counts(bundle)
    rows = []
    for session in sessions:
        book = bundle.playbooks.get(session.playbook_key)
        rows.append(
            [
                day(session.held_at) or "not scheduled",
                md.cell(session.title),
                md.cell(book.title) if book else md.cell(session.playbook_key),
                state_label(session),
                md.cell(people.name(session.facilitator_id, missing="–")),
                str(counts["feedback"][session.id]),
                str(counts["votes"][session.id]),
                str(counts["actions"][session.id]),
                session.id[:8],
            ]
        )
    header = [
        "Date",
        "Session",
        "Playbook",
        "State",
        "Facilitator",
        "Feedback",
        "Votes",
        "Actions",
        "Id",
    ]
    return md.table(header, rows)
