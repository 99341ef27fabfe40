"""JSON and CSV exports: the same content as the Markdown, for scripts and spreadsheets.

JSON holds every record the Markdown shows as the domain model dumps it
(``model_dump(mode="json")``), so ``Feedback.model_validate(entry)`` gives the record
back; what the Markdown computes (tallies, progress, checklist, findings) sits beside
it. What a vote may show follows the same rule as the notes: no values for a round
never revealed, no names for an anonymous vote. The facilitator's private notes pad is
left out of every format.

CSV is one file with a ``record`` column (``feedback``, ``vote``, ``action``,
``carried-over``) rather than three files, so that a single ``-o FILE`` and standard
output both work and a spreadsheet can filter on the column. A text cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return) is prefixed with a single quote. Rows end in CRLF; Excel also
needs ``EXCEL_BOM`` first to read the file as UTF-8.

Neither format carries a raw control character, whatever a stored row holds: JSON
escapes C0 controls itself and the rest (DEL, C1, bidi overrides) are shown as
``domain.text.printable`` shows them; every CSV cell goes through ``printable``. A
file printed with ``cat`` or piped to a terminal can write nothing to it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

from opstui.domain.buy_in import LinkTarget
from opstui.domain.checklist import evaluate
from opstui.domain.doctor import diagnose
from opstui.domain.facts import InitiativeFacts
from opstui.domain.metrics import standing
from opstui.domain.readiness import diagnose_readiness
from opstui.domain.remark_trail import loop_of
from opstui.domain.session import ActionItem, Feedback, Session
from opstui.domain.text import printable
from opstui.domain.vote_visibility import ballot_value
from opstui.domain.voting import Ballot, Proposal
from opstui.export.bundle import ANONYMOUS, InitiativeBundle, PeopleNames, SessionBundle
from opstui.export.common import RoundView, day, vote_rounds
from opstui.export.initiative_plans import (
    audience_of,
    comm_items_in_order,
    learning_paths_in_order,
)
from opstui.export.initiative_report import (
    cohorts_in_order,
    decisions_in_order,
    latest_readiness,
    metric_rows,
    metrics_in_order,
    open_actions,
    prototypes_in_order,
    session_counts,
    sessions_in_order,
)
from opstui.export.session_notes import (
    fill_in_fields,
    session_actions,
    session_feedback,
    session_fill_ins,
    session_proposals,
    template_of,
)
from opstui.export.you_said import remarks_behind, you_said

FORMAT_VERSION = 1
#: Fields of a session left out of every export: the facilitator's private notes pad.
PRIVATE_SESSION_FIELDS = frozenset({"notes"})


def to_json(data: Mapping[str, Any]) -> str:
    """Stable JSON text: keys sorted, two-space indent, real characters, final newline."""
    # Outside strings JSON holds no control character, and inside them json escapes C0
    # ones, so ``printable`` changes only what a terminal would act on and keeps it JSON.
    return printable(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)) + "\n"


# -- JSON content ----------------------------------------------------------------------


def session_data(bundle: SessionBundle) -> dict[str, Any]:
    """Everything the session notes show, as plain JSON-ready data."""
    facts, session = bundle.facts, bundle.session
    people = bundle.people
    feedback = session_feedback(bundle)
    proposals = session_proposals(bundle)
    actions = session_actions(bundle)
    carried = bundle.carried_over()
    votes = [_vote_data(p, vote_rounds(p, facts.ballots)) for p in proposals]
    decisions = sorted(
        (d for d in facts.decisions if d.session_id == session.id),
        key=lambda d: (d.decided_at, d.id),
    )
    loop = loop_of(facts)
    referenced = [session.facilitator_id, *session.participant_ids]
    referenced += [f.person_id for f in feedback]
    referenced += [a.owner_id for a in actions + carried]
    referenced += [b["person_id"] for v in votes for r in v["rounds"] for b in r["ballots"]]
    return {
        "format": "opstui-session-notes",
        "version": FORMAT_VERSION,
        "session": session_dump(session),
        "initiative": _initiative_brief(facts),
        "playbook": (
            None
            if bundle.playbook is None
            else {"key": bundle.playbook.key, "title": bundle.playbook.title}
        ),
        "people": _people(people, referenced),
        "agenda": [
            {
                "item": item.model_dump(mode="json"),
                "actual_minutes": item.actual_minutes,
                "overran": item.overran,
            }
            for item in sorted(bundle.agenda, key=lambda a: (a.position, a.id))
        ],
        "feedback": [f.model_dump(mode="json") for f in feedback],
        "fill_ins": [
            {
                "fill_in": fill_in.model_dump(mode="json"),
                "fields": [
                    {"key": key, "label": label, "value": value}
                    for key, label, value in fill_in_fields(
                        fill_in, template_of(bundle.playbook, fill_in)
                    )
                ],
            }
            for fill_in in session_fill_ins(bundle)
        ],
        "votes": votes,
        "decisions": [d.model_dump(mode="json") for d in decisions],
        "actions": [a.model_dump(mode="json") for a in actions],
        "carried_over": [a.model_dump(mode="json") for a in carried],
        "you_said": you_said(loop, people, session_id=session.id),
        "remarks_behind": remarks_behind(
            loop,
            people,
            [(LinkTarget.DECISION, d.id) for d in decisions]
            + [(LinkTarget.ACTION, a.id) for a in actions + carried],
        ),
    }


def initiative_data(bundle: InitiativeBundle) -> dict[str, Any]:
    """Everything the initiative report shows, as plain JSON-ready data."""
    facts = bundle.facts
    people = bundle.people
    assessment = latest_readiness(bundle)
    sessions = sessions_in_order(bundle)
    actions = open_actions(bundle)
    loop = loop_of(facts)
    metrics = []
    for metric in metrics_in_order(bundle):
        metrics.append(
            {
                "metric": metric.model_dump(mode="json"),
                "readings": [
                    r.model_dump(mode="json")
                    for r in sorted(
                        facts.readings_of(metric), key=lambda r: (r.taken_on, r.cohort, r.id)
                    )
                ],
                "progress": [
                    {
                        "cohort": cohort.value,
                        "latest": result.latest,
                        "latest_on": day(result.latest_on) or None,
                        "share": result.share,
                        "reached": result.reached,
                        "on_track": result.on_track,
                        "standing": standing(result).value,
                    }
                    for cohort, result in metric_rows(bundle, metric)
                ],
            }
        )
    plans = plans_data(bundle)
    referenced = [a.owner_id for a in actions] + [s.facilitator_id for s in sessions]
    referenced += [entry["path"]["owner_id"] for entry in plans["learning_paths"]]
    counts = session_counts(bundle)
    return {
        "format": "opstui-initiative-report",
        "version": FORMAT_VERSION,
        "as_of": day(facts.today),
        "initiative": facts.initiative.model_dump(mode="json"),
        "groups": [g.model_dump(mode="json") for g in facts.groups],
        "prototypes": [p.model_dump(mode="json") for p in prototypes_in_order(bundle)],
        "cohorts": [c.model_dump(mode="json") for c in cohorts_in_order(bundle)],
        "metrics": metrics,
        **plans,
        "decisions": [d.model_dump(mode="json") for d in decisions_in_order(bundle)],
        "open_actions": [a.model_dump(mode="json") for a in actions],
        "you_said": you_said(loop, people),
        "remarks_behind": remarks_behind(
            loop,
            people,
            [(LinkTarget.DECISION, d.id) for d in decisions_in_order(bundle)]
            + [(LinkTarget.ACTION, a.id) for a in actions]
            + [(LinkTarget.METRIC, m.id) for m in metrics_in_order(bundle)],
        ),
        "checklist": [
            {
                "key": s.item.key,
                "phase": s.item.phase.value,
                "text": s.item.text,
                "done": s.done,
                "auto": s.auto,
                "note": s.note,
            }
            for s in evaluate(facts)
        ],
        "findings": [
            {
                "rule": f.rule,
                "title": f.title,
                "seen": f.seen,
                "why": f.why,
                "todo": f.todo,
                "severity": f.severity.value,
            }
            for f in diagnose(facts)
        ],
        "readiness": (
            None
            if assessment is None
            else {
                "assessment": assessment.model_dump(mode="json"),
                "weak": [
                    {
                        "element": w.element.value,
                        "rating": w.rating,
                        "symptom": w.symptom,
                        "advice": w.advice,
                    }
                    for w in diagnose_readiness(assessment)
                ],
            }
        ),
        "sessions": [
            {
                "session": session_dump(s),
                "feedback": counts["feedback"][s.id],
                "votes": counts["votes"][s.id],
                "actions": counts["actions"][s.id],
            }
            for s in sessions
        ],
        "people": _people(people, referenced),
    }


def plans_data(bundle: InitiativeBundle) -> dict[str, Any]:
    """The communication plan's messages and the ways to learn, each with its audience in
    words; the plans' texts (and the options considered, the chosen solution) are the
    initiative's own fields."""
    return {
        "comm_items": [
            {"item": m.model_dump(mode="json"), "audience": audience_of(bundle, m)}
            for m in comm_items_in_order(bundle)
        ],
        "learning_paths": [
            {"path": p.model_dump(mode="json"), "audience": audience_of(bundle, p)}
            for p in learning_paths_in_order(bundle)
        ],
    }


def session_dump(session: Session) -> dict[str, Any]:
    """A session as JSON, without the facilitator's private notes."""
    return session.model_dump(mode="json", exclude=set(PRIVATE_SESSION_FIELDS))


def _initiative_brief(facts: InitiativeFacts) -> dict[str, Any]:
    initiative = facts.initiative
    return {
        "id": initiative.id,
        "title": initiative.title,
        "step": int(initiative.step),
        "step_title": initiative.step.title,
        "status": initiative.status.value,
    }


def _people(people: PeopleNames, ids: Iterable[str | None]) -> dict[str, Any]:
    """The people named in an export, by id; names replaced when anonymized."""
    found: dict[str, Any] = {}
    for person_id in sorted({i for i in ids if i is not None}):
        person = people.person(person_id)
        if person is not None:
            found[person_id] = person.model_dump(mode="json")
    return found


def _vote_data(proposal: Proposal, rounds: list[RoundView]) -> dict[str, Any]:
    return {
        "proposal": proposal.model_dump(mode="json"),
        "rounds": [
            {
                "round": view.round,
                "revealed": view.revealed,
                "ballot_count": view.ballot_count,
                "result": view.result,
                "passed": view.passed,
                "counts": None if view.tally is None else dict(view.tally.counts),
                "average": None if view.tally is None else view.tally.average,
                "ballots": [b.model_dump(mode="json") for b in view.ballots],
            }
            for view in rounds
        ],
    }


# -- CSV -------------------------------------------------------------------------------

CSV_COLUMNS = (
    "record",
    "session_date",
    "session",
    "id",
    "person",
    "group",
    "kind",
    "sentiment",
    "text",
    "tags",
    "round",
    "value",
    "result",
    "owner",
    "due_on",
    "done",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: The UTF-8 byte order mark, put first for Excel (``opstui export --excel``): Excel
#: opens a CSV file as UTF-8 only when it starts with one, and otherwise reads the
#: ANSI code page, so "é" shows as "Ã©". Rows end in CRLF already, as Excel expects;
#: readers that know the mark (Python's ``utf-8-sig``, LibreOffice, Numbers) skip it.
EXCEL_BOM = "\ufeff"


def session_csv(bundle: SessionBundle) -> str:
    """Feedback, ballots and action items of one session, one row each."""
    sessions = {s.id: s for s in bundle.facts.sessions}
    sessions[bundle.session.id] = bundle.session
    people = bundle.people
    rows = _feedback_rows(session_feedback(bundle), sessions, people)
    for proposal in session_proposals(bundle):
        rows += _vote_rows(proposal, bundle.facts.ballots, sessions, people)
    rows += _action_rows("action", session_actions(bundle), sessions, people)
    rows += _action_rows("carried-over", bundle.carried_over(), sessions, people)
    return _write_csv(rows)


def initiative_csv(bundle: InitiativeBundle) -> str:
    """Feedback, ballots and action items of every session of an initiative."""
    facts = bundle.facts
    people = bundle.people
    sessions = {s.id: s for s in facts.sessions}
    order = {s.id: n for n, s in enumerate(sessions_in_order(bundle))}

    def place(session_id: str | None) -> int:
        return order.get(session_id or "", len(order))

    feedback = sorted(facts.feedback, key=lambda f: (place(f.session_id), f.created_at, f.id))
    proposals = sorted(facts.proposals, key=lambda p: (place(p.session_id), p.created_at, p.id))
    actions = sorted(facts.actions, key=lambda a: (place(a.session_id), a.created_at, a.id))
    ballots: dict[str, list[Ballot]] = {}
    for ballot in facts.ballots:
        ballots.setdefault(ballot.proposal_id, []).append(ballot)
    rows = _feedback_rows(feedback, sessions, people)
    for proposal in proposals:
        rows += _vote_rows(proposal, ballots.get(proposal.id, []), sessions, people)
    rows += _action_rows("action", actions, sessions, people)
    return _write_csv(rows)


def _session_cells(session_id: str | None, sessions: Mapping[str, Session]) -> dict[str, str]:
    session = sessions.get(session_id or "")
    if session is None:
        return {"session_date": "", "session": ""}
    return {"session_date": day(session.held_at), "session": session.title}


def _group(people: PeopleNames, person_id: str | None) -> str:
    person = people.person(person_id) if person_id else None
    return "" if person is None else person.group.value


def _feedback_rows(
    feedback: list[Feedback], sessions: Mapping[str, Session], people: PeopleNames
) -> list[dict[str, str]]:
    return [
        {
            "record": "feedback",
            **_session_cells(f.session_id, sessions),
            "id": f.id,
            "person": people.name(f.person_id),
            "group": _group(people, f.person_id),
            "kind": f.kind.value,
            "sentiment": str(int(f.sentiment)),
            "text": f.text,
            "tags": "; ".join(sorted(f.tags)),
        }
        for f in feedback
    ]


def _vote_rows(
    proposal: Proposal,
    ballots: list[Ballot],
    sessions: Mapping[str, Session],
    people: PeopleNames,
) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    base = {
        "record": "vote",
        **_session_cells(proposal.session_id, sessions),
        "id": proposal.id,
        "kind": proposal.method.value,
        "text": proposal.title,
    }
    for view in vote_rounds(proposal, ballots):
        if not view.ballots:
            # A round never revealed, or one nobody voted in: one row says what is known.
            rows.append({**base, "round": str(view.round), "result": view.result})
            continue
        for ballot in view.ballots:
            rows.append(
                {
                    **base,
                    "person": people.name(ballot.person_id, missing=ANONYMOUS),
                    "group": _group(people, ballot.person_id),
                    "round": str(view.round),
                    "value": ballot_value(ballot, proposal.options),
                    "result": view.result,
                }
            )
    return rows


def _action_rows(
    record: str,
    actions: list[ActionItem],
    sessions: Mapping[str, Session],
    people: PeopleNames,
) -> list[dict[str, str]]:
    return [
        {
            "record": record,
            **_session_cells(a.session_id, sessions),
            "id": a.id,
            "text": a.text,
            "owner": people.name(a.owner_id, missing=""),
            "due_on": day(a.due_on),
            "done": "yes" if a.done else "no",
        }
        for a in actions
    ]


def _write_csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: safe_cell(row.get(column, "")) for column in CSV_COLUMNS})
    return buffer.getvalue()


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text rather than running it as a formula, and a
    terminal as text rather than control sequences."""
    value = printable(value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
