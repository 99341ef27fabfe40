"""Session notes in Markdown: what a facilitator pastes into a doc or chat after a call.

Every piece of text a participant or facilitator typed passes through
``markdown_safe`` so it shows literally; everything else is sorted explicitly, so the
same session always gives the same bytes.
"""

from __future__ import annotations

from datetime import datetime

from opstui.domain.buy_in import LinkTarget
from opstui.domain.counted_sessions import state_label
from opstui.domain.playbook import FieldType, Playbook, TemplateSpec
from opstui.domain.remark_trail import Loop, loop_of
from opstui.domain.session import (
    ActionItem,
    AgendaItem,
    Feedback,
    FeedbackKind,
    FieldValue,
    FillIn,
    SessionState,
)
from opstui.domain.session_summary import agenda_time
from opstui.domain.vote_visibility import ballot_value
from opstui.domain.voting import Ballot, Proposal
from opstui.export import markdown_safe as md
from opstui.export.bundle import PeopleNames, SessionBundle
from opstui.export.common import (
    RoundView,
    clock,
    day,
    number,
    stamp,
    vote_rounds,
)
from opstui.export.you_said import outcome_lines, said_lines

#: Headings of the feedback kinds, in the order the notes list them.
KIND_HEADINGS: dict[FeedbackKind, str] = {
    FeedbackKind.CONCERN: "Concerns",
    FeedbackKind.QUESTION: "Questions",
    FeedbackKind.SUGGESTION: "Suggestions",
    FeedbackKind.PRAISE: "Praise",
    FeedbackKind.OBSERVATION: "Observations",
}


def render_session_notes(bundle: SessionBundle) -> str:
    """The notes of one session as a Markdown document ending in a newline."""
    people = bundle.people
    loop = loop_of(bundle.facts)
    blocks = [md.heading(1, bundle.session.title), _overview(bundle, people)]
    blocks += ["## Attendees", _attendees(bundle, people)]
    blocks += ["## Agenda", _agenda(bundle.agenda, bundle.session.state)]
    blocks += ["## Feedback", *_feedback(bundle, people, loop)]
    blocks += ["## Templates filled in", *_fill_ins(bundle, loop)]
    blocks += ["## Votes", *_votes(bundle, people)]
    blocks += ["## Decisions", _decisions(bundle, people, loop)]
    blocks += ["## Action items", _actions(session_actions(bundle), bundle, people, loop)]
    blocks += ["## Carried over from earlier sessions"]
    blocks += [_actions(bundle.carried_over(), bundle, people, loop, from_session=True)]
    return "\n\n".join(blocks) + "\n"


# -- pieces shared with the other formats ----------------------------------------------


def session_feedback(bundle: SessionBundle) -> list[Feedback]:
    mine = [f for f in bundle.facts.feedback if f.session_id == bundle.session.id]
    return sorted(mine, key=lambda f: (f.created_at, f.id))


def session_fill_ins(bundle: SessionBundle) -> list[FillIn]:
    mine = [f for f in bundle.facts.fill_ins if f.session_id == bundle.session.id]
    return sorted(mine, key=lambda f: (f.created_at, f.id))


def session_proposals(bundle: SessionBundle) -> list[Proposal]:
    mine = [p for p in bundle.facts.proposals if p.session_id == bundle.session.id]
    return sorted(mine, key=lambda p: (p.created_at, p.id))


def session_actions(bundle: SessionBundle) -> list[ActionItem]:
    mine = [a for a in bundle.facts.actions if a.session_id == bundle.session.id]
    return sorted(mine, key=lambda a: (a.created_at, a.id))


def template_of(playbook: Playbook | None, fill_in: FillIn) -> TemplateSpec | None:
    if playbook is None:
        return None
    try:
        return playbook.template(fill_in.template_key)
    except KeyError:
        return None


def fill_in_fields(
    fill_in: FillIn, template: TemplateSpec | None
) -> list[tuple[str, str, FieldValue]]:
    """(key, label, value) of every field: the template's order, then unknown keys sorted."""
    rows: list[tuple[str, str, FieldValue]] = []
    known: set[str] = set()
    if template is not None:
        for spec in template.fields:
            known.add(spec.key)
            rows.append((spec.key, spec.label, fill_in.values.get(spec.key)))
    for key in sorted(set(fill_in.values) - known):
        rows.append((key, key, fill_in.values[key]))
    return rows


def field_text(value: FieldValue, template: TemplateSpec | None, key: str) -> str:
    """A field's value as text; scales say their range ("4 of 1-5")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        shown = number(float(value))
        if template is not None:
            try:
                spec = template.field(key)
            except KeyError:
                return shown
            if spec.type is FieldType.SCALE:
                low, high = spec.bounds
                return f"{shown} of {number(low)}–{number(high)}"
        return shown
    return value


# -- sections ---------------------------------------------------------------------------


def _overview(bundle: SessionBundle, people: PeopleNames) -> str:
    session, initiative = bundle.session, bundle.facts.initiative
    step = initiative.step
    playbook = (
        f"{md.inline(bundle.playbook.title)} ({md.inline(session.playbook_key)})"
        if bundle.playbook is not None
        else f"{md.inline(session.playbook_key)} (no longer installed)"
    )
    lines = [
        f"- **Initiative:** {md.cell(initiative.title)} (now at step {int(step)} of 6, "
        f"{step.title})",
        f"- **Playbook:** {playbook}",
        f"- **Kind:** {session.kind.label}",
        f"- **When:** {_when(bundle)}",
        f"- **State:** {state_label(session)}",
        f"- **Facilitator:** {_person_line(people, session.facilitator_id, 'not recorded')}",
    ]
    return "\n".join(lines)


def _when(bundle: SessionBundle) -> str:
    session = bundle.session
    if session.started_at is None:
        if session.planned_at is None:
            return "not scheduled"
        return f"planned for {stamp(session.planned_at)}"
    start = session.started_at
    if session.ended_at is None:
        return f"{stamp(start)}, still running"
    end = session.ended_at
    # From the minutes shown, so "15:00–15:50" never says 51 min.
    minutes = int((_minute(end) - _minute(start)).total_seconds() // 60)
    end_text = clock(end) if day(end) == day(start) else f"{day(end)} {clock(end)}"
    return f"{day(start)}, {clock(start)}–{end_text} UTC ({minutes} min)"


def _minute(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)


def _person_line(people: PeopleNames, person_id: str | None, missing: str) -> str:
    if person_id is None:
        return missing
    person = people.person(person_id)
    name = md.cell(people.name(person_id))
    if person is None or people.anonymize:
        return name
    role = md.inline(person.role)
    detail = f"{role}, {person.group.label}" if role else person.group.label
    return f"{name} ({detail})"


def _attendees(bundle: SessionBundle, people: PeopleNames) -> str:
    ids = list(dict.fromkeys(bundle.session.participant_ids))
    if not ids:
        return "No attendees were recorded."
    rows: list[list[str]] = []
    for person_id in ids:
        person = people.person(person_id)
        role = "" if person is None or people.anonymize else md.cell(person.role)
        group = "" if person is None else person.group.label
        rows.append([md.cell(people.name(person_id)), role or "–", group or "–"])
    if people.anonymize:
        return md.table(["Attendee", "Group"], [[r[0], r[2]] for r in rows])
    return md.table(["Name", "Role", "Group"], rows)


def _agenda(agenda: list[AgendaItem], state: SessionState) -> str:
    if not agenda:
        return "The session has no agenda."
    rows: list[list[str]] = []
    for item in sorted(agenda, key=lambda a: (a.position, a.id)):
        planned = f"{item.planned_minutes} min"
        if item.extra_minutes:
            planned += f" (+{item.extra_minutes})"
        reached = item.started_at is not None or item.elapsed_seconds > 0
        if not reached:
            actual = "–"
            status = "not reached" if state is SessionState.ENDED else "not started"
        else:
            actual = f"{item.actual_minutes} min"
            if item.overran:
                over = -(-(item.elapsed_seconds - item.allowed_seconds) // 60)
                status = f"**over by {over} min**"
            else:
                status = "on time"
        rows.append([str(item.position + 1), md.cell(item.title), planned, actual, status])
    total = agenda_time(agenda)
    actual_shown = f"{total.actual_minutes} min" if total.started else "–"
    rows.append(["", "**Total**", f"{total.planned_minutes} min", actual_shown, ""])
    return md.table(["#", "Item", "Planned", "Actual", "Timing"], rows)


def _feedback(bundle: SessionBundle, people: PeopleNames, loop: Loop) -> list[str]:
    remarks = session_feedback(bundle)
    if not remarks:
        return ["No feedback was captured."]
    blocks: list[str] = []
    for kind, title in KIND_HEADINGS.items():
        mine = [f for f in remarks if f.kind is kind]
        if not mine:
            continue
        blocks.append(f"### {title} ({len(mine)})")
        blocks.append("\n".join(_remark(f, people, loop) for f in mine))
    return blocks


def _remark(feedback: Feedback, people: PeopleNames, loop: Loop) -> str:
    who = md.cell(people.name(feedback.person_id))
    sentiment = f"{feedback.sentiment.label}, {int(feedback.sentiment)}/5"
    line = f"- {who} ({sentiment}): {md.block(feedback.text, indent=2)}"
    if feedback.tags:
        line += " — tags: " + ", ".join(md.cell(t) for t in sorted(feedback.tags))
    return "\n".join([line, *outcome_lines(loop.came_of_remark(feedback.id))])


def _fill_ins(bundle: SessionBundle, loop: Loop) -> list[str]:
    fill_ins = session_fill_ins(bundle)
    if not fill_ins:
        return ["No templates were filled in."]
    blocks: list[str] = []
    for fill_in in fill_ins:
        template = template_of(bundle.playbook, fill_in)
        blocks.append(md.heading(3, fill_in.title))
        lines = []
        for key, label, value in fill_in_fields(fill_in, template):
            text = md.block(field_text(value, template, key), indent=2)
            lines.append(f"- **{md.cell(label)}:** {text}")
            lines += outcome_lines(loop.came_of_answer(fill_in.id, key))
        blocks.append("\n".join(lines) if lines else "Nothing was filled in.")
    return blocks


def _votes(bundle: SessionBundle, people: PeopleNames) -> list[str]:
    proposals = session_proposals(bundle)
    if not proposals:
        return ["Nothing was put to a vote."]
    blocks: list[str] = []
    for proposal in proposals:
        rounds = vote_rounds(proposal, bundle.facts.ballots)
        blocks.append(md.heading(3, proposal.title))
        if proposal.description.strip():
            blocks.append(md.block(proposal.description))
        blocks.append(_vote_table(proposal, rounds))
        blocks.append(_vote_note(proposal, rounds))
        names = _names_table(proposal, rounds, bundle, people)
        if names:
            blocks.append(names)
    return blocks


def _vote_table(proposal: Proposal, rounds: list[RoundView]) -> str:
    rows: list[list[str]] = []
    for view in rounds:
        if view.tally is None:
            tally_text, passed = "not revealed", "not revealed"
        else:
            tally_text = md.cell(view.tally.summary())
            passed = {True: "yes", False: "no", None: "still open"}[view.passed]
            if view.result == "no-quorum":
                passed = "no (no quorum)"
        rows.append(
            [str(view.round), proposal.method.label, str(view.ballot_count), tally_text, passed]
        )
    return md.table(["Round", "Method", "Ballots", "Tally", "Passed"], rows)


def _vote_note(proposal: Proposal, rounds: list[RoundView]) -> str:
    parts = [f"Passes when {proposal.rule.description}"]
    if proposal.quorum:
        parts.append(f"quorum {proposal.quorum}")
    if proposal.method.value == "dot":
        parts.append(f"{proposal.budget} dots each")
    text = "; ".join(parts) + "."
    hidden = [str(v.round) for v in rounds if not v.revealed]
    if hidden:
        text += f" Round {', '.join(hidden)} was never revealed, so no values are shown."
    if proposal.anonymous:
        text += " The vote was anonymous: who voted what is not shown."
    return text


def _names_table(
    proposal: Proposal, rounds: list[RoundView], bundle: SessionBundle, people: PeopleNames
) -> str | None:
    if proposal.anonymous:
        return None
    shown = [v for v in rounds if v.revealed and v.ballots]
    if not shown:
        return None
    votes: dict[tuple[str, int], Ballot] = {}
    for view in shown:
        for ballot in view.ballots:
            if ballot.person_id is not None:
                votes[(ballot.person_id, view.round)] = ballot
    voters = {person_id for person_id, _ in votes}
    if not voters:
        return None
    attendees = [p for p in dict.fromkeys(bundle.session.participant_ids) if p in voters]
    others = sorted(voters - set(attendees), key=lambda p: (people.name(p), p))
    rows = []
    for person_id in attendees + others:
        row = [md.cell(people.name(person_id))]
        for view in shown:
            cast = votes.get((person_id, view.round))
            row.append("–" if cast is None else md.cell(ballot_value(cast, proposal.options)))
        rows.append(row)
    header = ["Person", *(f"Round {v.round}" for v in shown)]
    return md.table(header, rows)


def _decisions(bundle: SessionBundle, people: PeopleNames, loop: Loop) -> str:
    mine = sorted(
        (d for d in bundle.facts.decisions if d.session_id == bundle.session.id),
        key=lambda d: (d.decided_at, d.id),
    )
    if not mine:
        return "No decisions were recorded."
    titles = {p.id: p.title for p in bundle.facts.proposals}
    sessions = {s.id: s for s in bundle.facts.sessions}
    lines = []
    for decision in mine:
        line = f"- {md.block(decision.statement, indent=2)}"
        extra = []
        if decision.proposal_id in titles:
            extra.append(f"carried by the vote “{md.inline(titles[decision.proposal_id])}”")
        if decision.review_on is not None:
            extra.append(f"review on {day(decision.review_on)}")
        if extra:
            line += " — " + "; ".join(extra)
        lines.append(line)
        lines += said_lines(loop.said_behind(LinkTarget.DECISION, decision.id), people, sessions)
    return "\n".join(lines)


def _actions(
    actions: list[ActionItem],
    bundle: SessionBundle,
    people: PeopleNames,
    loop: Loop,
    *,
    from_session: bool = False,
) -> str:
    if not actions:
        return "Nothing was carried over." if from_session else "No action items."
    sessions = {s.id: s for s in bundle.facts.sessions}
    lines = []
    for action in actions:
        box = "[x]" if action.done else "[ ]"
        details = [f"owner: {md.cell(people.name(action.owner_id, missing='nobody yet'))}"]
        details.append(f"due {day(action.due_on)}" if action.due_on else "no due date")
        if action.done and action.done_at is not None:
            details.append(f"done {day(action.done_at)}")
        origin = sessions.get(action.session_id or "")
        if from_session and origin is not None:
            details.append(f"from “{md.inline(origin.title)}” ({day(origin.held_at)})")
        lines.append(f"- {box} {md.block(action.text, indent=2)} — {'; '.join(details)}")
        lines += said_lines(loop.said_behind(LinkTarget.ACTION, action.id), people, sessions)
    return "\n".join(lines)
