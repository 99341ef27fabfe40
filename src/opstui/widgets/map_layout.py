"""The layout of a process map: which column each step is in, and each hand-off's rows.

Pure functions, used by ``opstui.widgets.map_drawing`` to paint the map. A step's column
is the longest path to it from where the process starts; a cycle is cut where a
depth-first walk from the starts meets a step it is still inside, so nothing hangs. A
hand-off over several columns passes through the ones between (a pass-through slot of
one row), and one going back is laid out forward and drawn with its head at the far end.
Each hand-off leaves its box on a row of its own and arrives on a row of its own.

Text is measured in terminal cells (``rich.cells``) here too, so a wide name keeps its
box closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len, get_character_cell_size

from opstui.domain.process_map import ProcessMap
from opstui.domain.text import printable

# -- text measured in cells -----------------------------------------------------------------


def clean(text: str) -> str:
    """User text for one line of the drawing: printable, single spaces."""
    return " ".join(printable(text, lines=False, drop=False).split())


def cells_of(text: str) -> list[str]:
    """``text`` cut into terminal cells: a wide character fills two (the second is ""),
    a zero-width one (a combining mark) joins the character before it."""
    cells: list[str] = []
    for char in text:
        size = get_character_cell_size(char)
        if size == 0:
            if cells:
                index = len(cells) - 1
                while index > 0 and cells[index] == "":
                    index -= 1
                cells[index] += char
            continue
        cells.append(char)
        if size == 2:
            cells.append("")
    return cells


def fit(text: str, width: int, more: str = "…") -> str:
    """``text`` cut to at most ``width`` cells, ending with ``more`` when cut."""
    if cell_len(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        size = get_character_cell_size(char)
        if used + size > width - 1:
            break
        out += char
        used += size
    return out + more


def wrap_cells(text: str, width: int, indent: str = "    ") -> list[str]:
    """``text`` in lines of at most ``width`` cells, the later ones indented."""
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        while cell_len(word) > width - len(indent):
            head = fit(word, width - len(indent), "")
            if current:
                lines.append(current)
            current = ""
            lines.append((indent if lines else "") + head)
            word = word[len(head) :]
        candidate = f"{current} {word}" if current else (indent if lines else "") + word
        if cell_len(candidate) > width and current:
            lines.append(current)
            candidate = indent + word
        current = candidate
    if current:
        lines.append(current)
    return lines


# -- the layout -----------------------------------------------------------------------------


@dataclass
class Edge:
    """One hand-off as drawn: through columns ``first`` to ``last`` (first < last)."""

    index: int  # in the map's hand-offs
    tail: str  # the step drawn on the left (the source, or the target of a back edge)
    head: str
    label: str
    back: bool  # drawn from the target to the source: the arrow head is on the left
    first: int = 0
    last: int = 0
    #: The row the edge arrives on in each column it touches past the first, and the
    #: row it leaves each column on before the last (a box's ports differ; a column
    #: passed through is one row).
    arrive: dict[int, int] = field(default_factory=dict)
    leave: dict[int, int] = field(default_factory=dict)


@dataclass
class Slot:
    """What one column holds at one place: a step's box, or an edge passing through."""

    key: str  # Step.key, or "" for a pass-through
    edge: Edge | None = None
    top: int = 0
    height: int = 1
    ins: list[Edge] = field(default_factory=list)
    outs: list[Edge] = field(default_factory=list)


def layers_of(process_map: ProcessMap) -> tuple[dict[str, int], set[int]]:
    """Each step's column (longest path from the starts) and the hand-offs that go back.

    A depth-first walk from the marked starts, then from steps nothing leads to, then
    from any left, finds the hand-offs that close a cycle (to a step the walk is still
    inside); without them the map is acyclic and the longest path is well defined. A
    hand-off going back always ends in an earlier column: it leads to an ancestor.
    """
    keys = [s.key for s in process_map.steps]
    outgoing: dict[str, list[tuple[int, str]]] = {k: [] for k in keys}
    incoming: dict[str, int] = dict.fromkeys(keys, 0)
    for index, hand_off in enumerate(process_map.hand_offs):
        outgoing[hand_off.source].append((index, hand_off.target))
        incoming[hand_off.target] += 1
    roots = [s.key for s in process_map.steps if s.start]
    roots += [k for k in keys if incoming[k] == 0]
    roots += keys
    back: set[int] = set()
    state: dict[str, int] = {}  # 1: inside, 2: done
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(outgoing[root]))]
        while stack:
            key, edges = stack[-1]
            for index, target in edges:
                if state.get(target) == 1:
                    back.add(index)  # a step handing to itself is one too
                elif target not in state:
                    state[target] = 1
                    stack.append((target, iter(outgoing[target])))
                    break
            else:
                state[key] = 2
                stack.pop()
    # Longest path over the acyclic rest, in topological order (Kahn's).
    forward: dict[str, list[str]] = {k: [] for k in keys}
    degree: dict[str, int] = dict.fromkeys(keys, 0)
    for index, hand_off in enumerate(process_map.hand_offs):
        if index not in back:
            forward[hand_off.source].append(hand_off.target)
            degree[hand_off.target] += 1
    layer = dict.fromkeys(keys, 0)
    ready = [k for k in keys if degree[k] == 0]
    while ready:
        key = ready.pop(0)
        for target in forward[key]:
            layer[target] = max(layer[target], layer[key] + 1)
            degree[target] -= 1
            if degree[target] == 0:
                ready.append(target)
    return layer, back


@dataclass
class Layout:
    columns: list[list[Slot]]
    edges: list[Edge]
    loops: list[int]  # hand-offs from a step to itself: said under the drawing


def lay_out(process_map: ProcessMap) -> Layout:
    """Steps and pass-throughs in columns, ordered to cross little, with their rows."""
    layer, back = layers_of(process_map)
    count = max(layer.values(), default=-1) + 1
    columns: list[list[Slot]] = [[] for _ in range(count)]
    boxes: dict[str, Slot] = {}
    for step in process_map.steps:
        boxes[step.key] = Slot(step.key)
        columns[layer[step.key]].append(boxes[step.key])
    edges: list[Edge] = []
    loops: list[int] = []
    slots_of: dict[int, dict[int, Slot]] = {}
    for index, hand_off in enumerate(process_map.hand_offs):
        if hand_off.source == hand_off.target:
            loops.append(index)
            continue
        is_back = index in back
        tail, head = (
            (hand_off.target, hand_off.source) if is_back else (hand_off.source, hand_off.target)
        )
        edge = Edge(index, tail, head, clean(hand_off.label), is_back, layer[tail], layer[head])
        edges.append(edge)
        ends = {edge.first: boxes[tail], edge.last: boxes[head]}
        for between in range(edge.first + 1, edge.last):
            ends[between] = Slot("", edge)
            columns[between].append(ends[between])
            ends[between].ins.append(edge)
            ends[between].outs.append(edge)
        ends[edge.first].outs.append(edge)
        ends[edge.last].ins.append(edge)
        slots_of[index] = ends
    # Order each column by where its neighbours on the left are (two sweeps).
    order = {id(s): i for column in columns for i, s in enumerate(column)}
    for _ in range(2):
        for c in range(1, len(columns)):

            def weight(slot: Slot, c: int = c) -> float:
                lefts = [order[id(slots_of[e.index][c - 1])] for e in slot.ins]
                return sum(lefts) / len(lefts) if lefts else float(order[id(slot)])

            columns[c].sort(key=weight)
            for i, slot in enumerate(columns[c]):
                order[id(slot)] = i
    # Heights and tops: a box has a row inside for its name, its role, and each port.
    for column in columns:
        top = 0
        for slot in column:
            slot.height = max(2, len(slot.ins), len(slot.outs)) + 2 if slot.key else 1
            slot.top = top
            top += slot.height + 1
    # Ports: each hand-off on a row of its own, ordered by where the other end lies.
    for c, column in enumerate(columns):
        for slot in column:
            if not slot.key:
                assert slot.edge is not None
                slot.edge.arrive[c] = slot.edge.leave[c] = slot.top
                continue

            def far(edge: Edge, side: int, c: int = c) -> tuple[int, int]:
                return (slots_of[edge.index][c + side].top, edge.index)

            for i, edge in enumerate(sorted(slot.ins, key=lambda e: far(e, -1))):
                edge.arrive[c] = slot.top + 1 + i
            for i, edge in enumerate(sorted(slot.outs, key=lambda e: far(e, 1))):
                edge.leave[c] = slot.top + 1 + i
    return Layout(columns, edges, loops)
