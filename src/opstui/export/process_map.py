"""A process map as a Mermaid flowchart, and as a Markdown page that GitHub draws.

Every name, role and label is someone's typing, so none of it is written into the
Mermaid source as it is: nodes are called ``n1``, ``n2``… in map order, and the text of
each node and hand-off is written inside double quotes with every character that is
not a letter, a digit, a space or plain punctuation replaced by Mermaid's entity code
(``#34;`` for ``"``, ``#96;`` for a backtick, ``#60;`` for ``<``…). No typed text can
close a label, start a comment (``%%``), add an edge (``-->``) or inject HTML.

Steps where the process starts are drawn as stadiums, steps where it ends as double
circles, the others as boxes; each shows its role under its name (once, when the role
is the name). Rendering is pure: the same map gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from opstui.domain.map_reading import ReadMap
from opstui.domain.process_map import ProcessMap, Step
from opstui.domain.text import printable
from opstui.export import markdown_safe as md
from opstui.export.common import day

#: Characters written into a Mermaid label as they are; anything else becomes ``#NN;``.
_PLAIN = frozenset(" .,-_'/+?!@=:")


def mermaid_text(text: str) -> str:
    """Text safe inside a double-quoted Mermaid label: letters, digits, spaces and plain
    punctuation as they are, every other character as its entity code."""
    flat = " ".join(printable(text, lines=False, drop=True).split())
    return "".join(c if c.isalnum() or c in _PLAIN else f"#{ord(c)};" for c in flat)


def _node(number: int, step: Step) -> str:
    label = mermaid_text(step.name)
    if step.role != step.name:
        label += "<br/>(" + mermaid_text(step.role) + ")"
    if step.start:
        return f'n{number}(["{label}"])'
    if step.end:
        return f'n{number}((("{label}")))'
    return f'n{number}["{label}"]'


def render_mermaid(process_map: ProcessMap) -> str:
    """The map as a Mermaid flowchart, left to right: one node per step, one edge per
    hand-off, labelled with what is handed over."""
    ids = {step.key: f"n{number}" for number, step in enumerate(process_map.steps, start=1)}
    lines = ["flowchart LR"]
    lines += [f"    {_node(n, step)}" for n, step in enumerate(process_map.steps, start=1)]
    for hand_off in process_map.hand_offs:
        source, target = ids[hand_off.source], ids[hand_off.target]
        if hand_off.label:
            lines.append(f'    {source} -->|"{mermaid_text(hand_off.label)}"| {target}')
        else:
            lines.append(f"    {source} --> {target}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class MapDocument:
    """A map with what names it: its initiative, and the session it was drawn in."""

    read: ReadMap
    initiative_title: str
    session_title: str | None = None
    session_day: datetime | None = None


def _steps_table(process_map: ProcessMap) -> str:
    rows = []
    for step in process_map.steps:
        marks = ", ".join(m for m, on in (("start", step.start), ("end", step.end)) if on)
        rows.append([md.cell(step.name), md.cell(step.role), marks or "–", str(step.line)])
    return md.table(["Step", "Role", "Marks", "Line"], rows)


def _hand_offs_table(process_map: ProcessMap) -> str:
    rows = [
        [
            md.cell(process_map.step(h.source).name),
            md.cell(process_map.step(h.target).name),
            md.cell(h.label),
            str(h.line),
        ]
        for h in process_map.hand_offs
    ]
    return md.table(["From", "To", "What is handed over", "Line"], rows)


def render_map_markdown(document: MapDocument) -> str:
    """The map as Markdown: a heading, the flowchart in a ``mermaid`` fence (which GitHub
    draws), the hand-offs and steps as tables, and what the checks found."""
    read = document.read
    out = [md.heading(1, f"Process map: {read.record.title}"), ""]
    out.append(f"- Initiative: {md.inline(document.initiative_title)}")
    if document.session_title is not None:
        when = f" ({day(document.session_day)})" if document.session_day else ""
        out.append(f"- Drawn in: {md.inline(document.session_title)}{when}")
    process_map = read.process_map
    if process_map is None:
        out += [
            "",
            f"This map does not read: {md.inline(str(read.error))}. Its lines:",
            "",
            md.table(
                ["Line", "Text"],
                [[str(n), md.cell(text)] for n, text in enumerate(read.lines, start=1)],
            ),
        ]
        return "\n".join(out) + "\n"
    out.append(f"- Steps: {len(process_map.steps)}; hand-offs: {len(process_map.hand_offs)}")
    out += ["", "```mermaid", render_mermaid(process_map).rstrip("\n"), "```", ""]
    out += [md.heading(2, "Hand-offs"), ""]
    out.append(_hand_offs_table(process_map) if process_map.hand_offs else "No hand-off yet.")
    out += ["", md.heading(2, "Steps"), ""]
    out.append(_steps_table(process_map) if process_map.steps else "No step yet.")
    out += ["", md.heading(2, "What the checks found"), ""]
    if not read.findings:
        out.append("No dead end, bottleneck, redundancy or new people found.")
    for finding in read.findings:
        out.append(f"- **{finding.check.label.capitalize()}**: {md.inline(finding.evidence)}\\")
        out.append(f"  {md.inline(finding.advice)}")
    return "\n".join(out) + "\n"
