"""The results report as Markdown to paste into a doc or chat, and as JSON.

It renders ``domain.results_report.ResultsReport`` and nothing else: which remarks a
group sees, and that an anonymous remark is never put next to a name or under a group,
is decided there. The Markdown keeps to headings, short paragraphs and bullet lists
(no tables, which chat tools mangle); every piece of user text goes through
``markdown_safe``. The JSON has the same content under stable keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from opstui.domain.buy_in import LinkTarget
from opstui.domain.chart_series import COHORT_LABELS
from opstui.domain.initiative import Group
from opstui.domain.results_report import Done, Heard, HeardAnswer, ResultsReport, Score, Topic
from opstui.export import markdown_safe as md
from opstui.export.bundle import PeopleNames
from opstui.export.common import day, number, quantity
from opstui.export.rendering import from_markdown
from opstui.export.structured import to_json

FORMAT_VERSION = 1
EVERYONE = "everyone affected"

_TARGET_LABELS = {
    LinkTarget.DECISION: "Decided",
    LinkTarget.ACTION: "Action",
    LinkTarget.METRIC: "Now measured",
    LinkTarget.CHANGE: "Changed",
}


def audience(report: ResultsReport) -> str:
    return EVERYONE if report.group is None else report.group.label


def render_results(report: ResultsReport, people: PeopleNames, fmt: str = "md") -> str:
    """The report as Markdown (``md``), JSON (``json``), HTML (``html``) or Slack text."""
    if fmt == "md":
        return results_markdown(report, people)
    if fmt in ("html", "slack"):
        return from_markdown(results_markdown(report, people), fmt)
    if fmt == "json":
        return to_json(results_data(report, people))
    raise ValueError(f"the results report has no {fmt!r} format")


# -- Markdown ----------------------------------------------------------------------------


def results_markdown(report: ResultsReport, people: PeopleNames) -> str:
    """The report as a Markdown document ending in a newline."""
    initiative = report.initiative
    shared = day(report.results_shared_on)
    blocks = [
        md.heading(1, f"Results: {initiative.title}"),
        "\n".join(
            [
                f"- **For:** {audience(report)}",
                f"- **Step:** {int(initiative.step)} of 6, {initiative.step.title}",
                f"- **Results shared:** {shared or 'not yet'}",
                f"- **As of:** {day(report.today)}",
            ]
        ),
        "## What you told us, and what we did",
        *_heard_blocks(report, people),
        "## The outcome",
        _outcome(report),
        "## How satisfied people are",
        _satisfaction(report.satisfaction),
        "## Lessons learned",
        md.block(report.lessons_learned, empty="Not written down yet."),
        "## What we will do differently",
        _bullets([md.block(text, indent=2) for text in report.do_differently])
        or "Not written down yet.",
        "## Sharing these results",
        _messages(report),
    ]
    return "\n\n".join(blocks) + "\n"


def _heard_blocks(report: ResultsReport, people: PeopleNames) -> list[str]:
    if not (report.heard or report.heard_anonymously or report.answers):
        return ["No remarks heard yet."]
    if report.group is not None:
        return _remarks(report.heard, people)
    blocks: list[str] = []
    groups: list[Group | None] = []
    for remark in report.heard:
        if remark.group not in groups:
            groups.append(remark.group)
    for group in groups:
        blocks.append(f"### {group.label if group else 'People no longer listed'}")
        blocks += _remarks([r for r in report.heard if r.group is group], people)
    if report.heard_anonymously:
        blocks.append("### Said anonymously")
        blocks += _remarks(list(report.heard_anonymously), people)
    if report.answers:
        blocks.append("### From templates filled in together")
        blocks.append(_bullets([_answer(a) for a in report.answers]))
    return blocks


def _remarks(remarks: Sequence[Heard], people: PeopleNames) -> list[str]:
    """Remarks something came of, each with what it was; then, shorter, the others."""
    acted = [r for r in remarks if r.done]
    waiting = [r for r in remarks if not r.done]
    blocks = []
    if acted:
        blocks.append(_bullets([_remark(r, people) + "\n" + _done(r.done) for r in acted]))
    if waiting:
        blocks.append(
            "Heard, and nothing has come of it yet:" if acted else "Nothing has come of these yet:"
        )
        blocks.append(_bullets([_remark(r, people) for r in waiting]))
    return blocks


def _remark(remark: Heard, people: PeopleNames) -> str:
    said = f"{remark.kind.value.capitalize()}: {md.block(remark.text, indent=2)}"
    if remark.speaker_id is not None:
        said += f" — {md.inline(people.name(remark.speaker_id))}, {day(remark.heard_on)}"
    return said


def _answer(answer: HeardAnswer) -> str:
    field = answer.field_key.replace("_", " ").capitalize()
    said = f"{md.inline(answer.template)}, {md.inline(field)}: {md.block(answer.text, indent=2)}"
    return said + "\n" + _done(answer.done)


def _done(done: tuple[Done, ...]) -> str:
    lines = []
    for item in done:
        label = _TARGET_LABELS[item.target]
        if item.target is LinkTarget.ACTION:
            label += " (done)" if item.done else " (open)"
        when = f" ({day(item.on)})" if item.on else ""
        lines.append(f"  - {label}: {md.block(item.text, indent=4)}{when}")
    return "\n".join(lines)


def _outcome(report: ResultsReport) -> str:
    result = report.outcome
    if result is None:
        return "No outcome metric recorded yet."
    metric = result.metric
    base = quantity(metric.baseline_value, metric.unit) or "none recorded"
    target = quantity(metric.target_value, metric.unit) or "none recorded"
    since = f" on {day(metric.baseline_on)}" if metric.baseline_on else ""
    by = f" by {day(metric.target_on)}" if metric.target_on else ""
    head = (
        f"**{md.inline(metric.name)}** ({metric.direction.value} is better): "
        f"baseline {md.inline(base)}{since}, target {md.inline(target)}{by}."
    )
    lines = [f"- {COHORT_LABELS[c.cohort]}: {md.inline(c.sentence)}" for c in result.cohorts]
    return head + "\n\n" + "\n".join(lines)


_TOPIC_HEADINGS = {
    Topic.SOLUTION: "With the solution",
    Topic.ROLLOUT: "With the rollout",
    Topic.SESSIONS: "With the sessions",
    Topic.REMARKS: "In the remarks",
}


def _score(score: Score) -> str:
    if score.topic is Topic.REMARKS:
        count = f"{score.count} remark{'' if score.count == 1 else 's'}"
        return f"average sentiment {number(round(score.value, 1))} of 5 over {count}"
    if score.count is not None:
        answers = f"{score.count} answer{'' if score.count == 1 else 's'}"
        held = f" of {day(score.on)}" if score.on else ""
        return f"{number(round(score.value, 1))} of 5 at the evaluation{held} ({answers})"
    value = md.inline(quantity(score.value, score.unit))
    return f"{md.inline(score.label)}: {value} on {day(score.on)}"


def _satisfaction(scores: tuple[Score, ...]) -> str:
    if not scores:
        return "Not measured yet."
    lines = []
    for topic in Topic:
        for score in scores:
            if score.topic is topic:
                lines.append(f"- {_TOPIC_HEADINGS[topic]}: {_score(score)}")
    return "\n".join(lines)


def _messages(report: ResultsReport) -> str:
    if not report.messages:
        return "No results message planned yet."
    lines = []
    for message in report.messages:
        if message.sent:
            when = f"sent on {day(message.sent_on)}"
        else:
            when = f"planned for {day(message.planned_on)}" if message.planned_on else "planned"
        lines.append(f"- To {md.inline(message.audience)}, by {md.inline(message.channel)}: {when}")
    return "\n".join(lines)


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


# -- JSON ------------------------------------------------------------------------------


def results_data(report: ResultsReport, people: PeopleNames) -> dict[str, Any]:
    """The report as JSON-ready data; anonymous remarks carry no id, name, group or day."""
    initiative = report.initiative
    outcome = report.outcome
    return {
        "format": "opstui-results",
        "version": FORMAT_VERSION,
        "initiative": {
            "id": initiative.id,
            "title": initiative.title,
            "step": int(initiative.step),
        },
        "group": report.group.value if report.group else None,
        "as_of": day(report.today),
        "results_shared_on": day(report.results_shared_on) or None,
        "heard": [_remark_data(r, people) for r in report.heard],
        "heard_anonymously": [_remark_data(r, people) for r in report.heard_anonymously],
        "answers": [
            {
                "template": a.template,
                "field": a.field_key,
                "text": a.text,
                "done": [_done_data(d) for d in a.done],
            }
            for a in report.answers
        ],
        "outcome": None
        if outcome is None
        else {
            "metric": outcome.metric.name,
            "metric_id": outcome.metric.id,
            "unit": outcome.metric.unit,
            "direction": outcome.metric.direction.value,
            "baseline": outcome.metric.baseline_value,
            "baseline_on": day(outcome.metric.baseline_on) or None,
            "target": outcome.metric.target_value,
            "target_on": day(outcome.metric.target_on) or None,
            "cohorts": [
                {
                    "cohort": c.cohort.value,
                    "latest": c.progress.latest,
                    "latest_on": day(c.progress.latest_on) or None,
                    "share": c.progress.share,
                    "summary": c.sentence,
                }
                for c in outcome.cohorts
            ],
        },
        "satisfaction": [
            {
                "topic": s.topic.value,
                "label": s.label,
                "value": s.value,
                "on": day(s.on) or None,
                "count": s.count,
                "unit": s.unit,
            }
            for s in report.satisfaction
        ],
        "lessons_learned": report.lessons_learned,
        "do_differently": list(report.do_differently),
        "results_messages": [
            {
                "audience": m.audience,
                "channel": m.channel,
                "status": "sent" if m.sent else "planned",
                "planned_on": day(m.planned_on) or None,
                "sent_on": day(m.sent_on) or None,
            }
            for m in report.messages
        ],
    }


def _remark_data(remark: Heard, people: PeopleNames) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": remark.kind.value,
        "sentiment": int(remark.sentiment),
        "text": remark.text,
        "done": [_done_data(d) for d in remark.done],
    }
    if remark.speaker_id is not None:
        data |= {
            "id": remark.feedback_id,
            "speaker": people.name(remark.speaker_id),
            "group": remark.group.value if remark.group else None,
            "heard_on": day(remark.heard_on) or None,
        }
    return data


def _done_data(done: Done) -> dict[str, Any]:
    return {
        "what": done.target.value,
        "text": done.text,
        "done": done.done,
        "on": day(done.on) or None,
    }
