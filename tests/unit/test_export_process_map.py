"""The process map's exports: the Mermaid flowchart read back (one node per step, one
edge per hand-off, whatever the names hold) and the Markdown page around it."""

from __future__ import annotations

import re
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from opstui.domain.map_reading import ReadMap
from opstui.domain.process_map import (
    HandOff,
    MapSyntaxError,
    ProcessMap,
    Step,
    check_map,
    parse_map,
    step_key,
)
from opstui.domain.process_map_records import ProcessMapRecord
from opstui.export.process_map import MapDocument, render_map_markdown, render_mermaid

_NODE = re.compile(r'^    (n\d+)(\(\[|\(\(\(|\[)"([^"]*)"(\]\)|\)\)\)|\])$')
_EDGE = re.compile(r'^    (n\d+) -->(?:\|"([^"]*)"\|)? (n\d+)$')
_ENTITY = re.compile(r"#(\d+);")
_SHAPES = {"([": "])", "(((": ")))", "[": "]"}

HOSTILE = (
    '[start] Write "brief"] (PM) -> Review"]; click n1 call evil() (Design): x"]|n9 %% `rm`',
    'Review"]; click n1 call evil() (Design) -> <script>alert(1)</script> (Eng) -->  Ship [end]',
    "%% comment -> end (subgraph) : --> n1[x] ok",
    "Ship -> `code` ; style n1 fill:#f00 (#hash) : &amp; &#60; {curly}",
)


def unescape(text: str) -> str:
    return _ENTITY.sub(lambda m: chr(int(m.group(1))), text)


def read_back(source: str) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str, str]]]:
    """Nodes (id: shape, label) and edges (source, target, label) of our flowcharts;
    any other line fails the test: no name may add a statement of its own."""
    lines = source.splitlines()
    assert lines[0] == "flowchart LR"
    nodes: dict[str, tuple[str, str]] = {}
    edges: list[tuple[str, str, str]] = []
    for line in lines[1:]:
        if node := _NODE.match(line):
            name, opening, label, closing = node.groups()
            assert _SHAPES[opening] == closing, line
            assert name not in nodes
            nodes[name] = (opening, unescape(label))
        elif edge := _EDGE.match(line):
            edges.append((edge.group(1), edge.group(3), unescape(edge.group(2) or "")))
        else:
            raise AssertionError(f"not a node or an edge: {line!r}")
        assert "%%" not in line and "`" not in line and "<script" not in line
    return nodes, edges


def test_a_hostile_map_reads_back_with_its_nodes_edges_and_text() -> None:
    process_map = parse_map(HOSTILE)
    nodes, edges = read_back(render_mermaid(process_map))
    assert len(nodes) == len(process_map.steps)
    assert len(edges) == len(process_map.hand_offs)
    ids = {f"n{n}": s for n, s in enumerate(process_map.steps, start=1)}
    for name, (shape, label) in nodes.items():
        step = ids[name]
        shown = step.name if step.role == step.name else f"{step.name}<br/>({step.role})"
        assert label == shown
        assert shape == ("([" if step.start else "(((" if step.end else "[")
    assert [(ids[s].key, ids[t].key, label) for s, t, label in edges] == [
        (h.source, h.target, h.label) for h in process_map.hand_offs
    ]


_NAME = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=20
).filter(lambda s: bool(step_key(s)) and s == " ".join(s.split()))


@settings(max_examples=200, deadline=None)
@given(st.lists(_NAME, min_size=1, max_size=6, unique_by=step_key), st.text(max_size=20))
def test_any_names_keep_the_flowchart_s_structure(names: list[str], label: str) -> None:
    steps = tuple(
        Step(step_key(n), n, n if i % 2 else "R&D <b>", i == 0, i == len(names) - 1, 1)
        for i, n in enumerate(names)
    )
    hand_offs = tuple(HandOff(a.key, b.key, label, 1) for a, b in pairwise(steps))
    nodes, edges = read_back(render_mermaid(ProcessMap(steps, hand_offs)))
    assert len(nodes) == len(steps) and len(edges) == len(hand_offs)
    assert nodes["n1"][1].startswith(names[0])


def document(lines: tuple[str, ...], session: str | None = "Mapping: today") -> MapDocument:
    record = ProcessMapRecord(initiative_id="i", title="Today's flow")
    try:
        process_map = parse_map(lines)
    except MapSyntaxError as error:
        return MapDocument(ReadMap(record, lines, None, error, ()), "Booking page", session)
    findings = tuple(check_map(process_map, ["PM", "Design"]))
    return MapDocument(ReadMap(record, lines, process_map, None, findings), "Booking", session)


def test_the_markdown_holds_one_mermaid_block_the_tables_and_the_findings() -> None:
    text = render_map_markdown(document(HOSTILE))
    assert text.startswith("# Process map: Today's flow\n\n- Initiative: Booking\n")
    assert "- Drawn in: Mapping: today\n" in text
    assert text.count("```mermaid\n") == 1 and text.count("\n```\n") == 1
    block = text.split("```mermaid\n")[1].split("\n```\n")[0]
    assert block + "\n" == render_mermaid(parse_map(HOSTILE))
    assert "## Hand-offs" in text and "## What the checks found" in text
    assert "- **New people**:" in text and "- **Dead end**: n1\\[x\\] ok (n1" in text
    # every typed '<' is escaped outside the fence too, and inside it is an entity code
    assert not re.search(r"(?<!\\)<script", text)
    assert "#60;script#62;" in block


def test_a_map_that_does_not_read_shows_why_and_its_lines() -> None:
    text = render_map_markdown(document(("A (PM) -> B", "A (Eng)"), session=None))
    assert "Drawn in" not in text and "```mermaid" not in text
    assert "This map does not read: line 2: the step 'A' has the role 'PM'" in text
    assert "| 2 | A (Eng) |" in text


def test_a_sound_map_says_nothing_was_found() -> None:
    text = render_map_markdown(document(("[start] Brief (PM) -> Review (Design) [end]",)))
    assert "No dead end, bottleneck, redundancy or new people found." in text
