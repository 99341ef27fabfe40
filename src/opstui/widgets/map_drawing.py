"""A process map drawn as text: boxes for steps, arrows for hand-offs, left to right.

Pure functions, no widgets: ``draw_map`` lays a ``ProcessMap`` out as lines of Rich
``Text`` for a given width, and ``findings_lines`` says what the checks found, under it.

The layout is layered: a step's column is the longest path to it from where the process
starts (a cycle is cut where a depth-first walk from the starts meets a step it is still
inside, so nothing hangs); a hand-off over several columns passes through the ones
between as a plain line, and one going back (into an earlier column) is drawn forward
with its arrow head at the far end (``◀``). Each hand-off leaves its step on a row of
its own and enters the next on a row of its own, so no two share a line; between two
columns each bent hand-off has a lane of its own, and a crossing is drawn ``┼``.

When the drawing is wider than the room, the names are cut shorter (18, 12, then 8
cells); if it is still too wide it is cut after a column into strips shown one under
another, each hand-off cut in two ending its strip with a letter (``─a``) and starting
the next with it (``a──▶``). A strip holds at least three columns: narrower than that
(or where the lanes cannot be ordered without two lines running into each other) the
map is drawn as a list instead: ``Step (Role) ──brief──▶ Step``, one hand-off a line.

Marks never rely on colour: a start is ``▶`` before the name and ``start`` in the box's
top border, an end ``■`` and ``end`` in its bottom border, and a step a finding names
has a double border and the findings' numbers (``!1``) in its top border. ``ascii=True``
draws with ``+-|><`` only, for terminals without box-drawing characters.

Every name, role and label is user text: made printable (no control character
survives), put in as plain text (never markup), and measured in terminal cells
(``rich.cells``), so a wide name (CJK, emoji) keeps its box closed.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

from opstui.domain.process_map import MapFinding, ProcessMap, Step
from opstui.widgets.map_layout import Edge, Layout, Slot, cells_of, clean, fit, lay_out, wrap_cells
from opstui.widgets.tones import MUTED, WARN, WARN_BOLD

#: The widest a box's text may be (cells): a longer name or role is cut with ``…``.
BOX_TEXT = 18
#: The widths a box's text is cut to, in turn, when the map is too wide for the room.
BOX_TEXT_WIDTHS = (BOX_TEXT, 12, 8)
#: A graph cut into strips holds at least this many columns a strip (fewer: a list reads
#: better than strips of one or two steps).
STRIP_COLUMNS = 3
#: The widest a hand-off's label may be in the drawing (the list gives it whole).
LABEL_WIDTH = 12

N, S, E, W = 1, 2, 4, 8

UNICODE_LINES = {
    E | W: "─",
    N | S: "│",
    N | S | E | W: "┼",
    S | E: "┌",
    S | W: "┐",
    N | E: "└",
    N | W: "┘",
    E: "─",
    W: "─",
    N: "│",
    S: "│",
}
ASCII_LINES = {
    bits: ("|" if ch == "│" else "-" if ch == "─" else "+") for bits, ch in UNICODE_LINES.items()
}


@dataclass(frozen=True)
class Glyphs:
    """The characters a drawing is made of."""

    box: str  # corners and sides: ┌ ┐ └ ┘ ─ │
    flagged: str  # the same, for a step a finding names
    port_out: str  # the right side where a hand-off leaves
    port_in: str  # the left side where one arrives
    flagged_out: str
    flagged_in: str
    right: str
    left: str
    start: str
    end: str
    lines: Mapping[int, str]
    flow: str  # the list's arrow, before the label's end
    more: str


UNICODE = Glyphs(
    "┌┐└┘─│", "╔╗╚╝═║", "├", "┤", "╟", "╢", "▶", "◀", "▶", "■", UNICODE_LINES, "──", "…"
)
# The end mark is "[]", not "#": flagged boxes are drawn with "#".
ASCII = Glyphs("++++-|", "####=#", "+", "+", "#", "#", ">", "<", ">", "[]", ASCII_LINES, "--", "~")


def wants_ascii(environ: Mapping[str, str] | None = None, encoding: str | None = None) -> bool:
    """Whether to draw with ASCII only: asked (``OPSTUI_ASCII``), or a terminal without UTF-8."""
    env = os.environ if environ is None else environ
    if env.get("OPSTUI_ASCII", "") not in ("", "0"):
        return True
    lang = encoding or env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or "UTF-8"
    return lang not in ("C.UTF-8",) and "utf" not in lang.lower().replace("-", "")


# -- painting -------------------------------------------------------------------------------


class Canvas:
    """A grid of cells, each a character (or "" behind a wide one), with line bits."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.chars: list[list[str | None]] = [[None] * width for _ in range(height)]
        self.bits: list[list[int]] = [[0] * width for _ in range(height)]
        self.styles: list[tuple[int, int, int, str]] = []  # row, x, width, style

    def put(self, x: int, y: int, text: str, style: str = "") -> int:
        """Write ``text`` from (x, y); returns the cells it took."""
        cells = cells_of(text)
        for i, cell in enumerate(cells):
            if 0 <= x + i < self.width:
                self.chars[y][x + i] = cell
        if style and cells:
            self.styles.append((y, x, len(cells), style))
        return len(cells)

    def line(self, y: int, x0: int, x1: int) -> None:
        """A horizontal run from x0 to x1 (inclusive), joining what it meets."""
        lo, hi = sorted((x0, x1))
        for x in range(lo, hi + 1):
            if x > lo:
                self.bits[y][x] |= W
            if x < hi:
                self.bits[y][x] |= E

    def column(self, x: int, y0: int, y1: int) -> None:
        lo, hi = sorted((y0, y1))
        for y in range(lo, hi + 1):
            if y > lo:
                self.bits[y][x] |= N
            if y < hi:
                self.bits[y][x] |= S

    def crosses(self, y: int, x: int) -> bool:
        """Whether a line runs on from cell ``x - 1`` into cell ``x`` on row ``y``."""
        return bool(self.bits[y][x - 1] & E)

    def row(self, y: int, x0: int, x1: int, glyphs: Glyphs) -> Text:
        """Row ``y`` from cell ``x0`` up to ``x1``, with its styles."""
        text = Text(no_wrap=True, overflow="crop")
        for x in range(x0, x1):
            char = self.chars[y][x]
            if char is None:
                bits = self.bits[y][x]
                char = glyphs.lines.get(bits, " ") if bits else " "
            text.append(char)
        for row, x, width, style in self.styles:
            if row == y and x < x1 and x + width > x0:
                start = cell_offset(text.plain, max(x - x0, 0))
                end = cell_offset(text.plain, min(x + width, x1) - x0)
                text.stylize(style, start, end)
        return text

    def lines(self, glyphs: Glyphs, cuts: Sequence[int] = ()) -> list[Text]:
        """The rows, in one strip or cut at ``cuts`` into strips shown one under another.

        A hand-off cut in two ends its strip with a letter and starts the next with it.
        """
        bounds = [0, *cuts, self.width]
        out: list[Text] = []
        for start, end in itertools.pairwise(bounds):
            strip: list[Text] = []
            letters_in = letters_for(self, start) if start else {}
            letters_out = letters_for(self, end) if end < self.width else {}
            for y in range(self.height):
                text = Text(no_wrap=True, overflow="crop")
                if start:
                    text.append(letters_in.get(y, " "), style=WARN_BOLD)
                text.append_text(self.row(y, start, end, glyphs))
                if y in letters_out:
                    text.append(glyphs.lines[E | W] + letters_out[y], style=WARN_BOLD)
                text.rstrip()
                strip.append(text)
            while strip and not strip[-1].plain.strip():
                strip.pop()
            if out:
                out.append(Text(""))
            out += strip
        return out


def letters_for(canvas: Canvas, x: int) -> dict[int, str]:
    """The rows a cut at ``x`` crosses a line on, each with its letter (a, b, ...)."""
    rows = [y for y in range(canvas.height) if canvas.crosses(y, x)]
    return {y: chr(ord("a") + i % 26) for i, y in enumerate(rows)}


def cell_offset(plain: str, cells: int) -> int:
    """The index in ``plain`` at which ``cells`` cells have been used."""
    used = 0
    for index, char in enumerate(plain):
        if used >= cells:
            return index
        used += get_character_cell_size(char)
    return len(plain)


@dataclass(frozen=True)
class MapDrawing:
    """The lines to show, and whether they are the graph or the list it fell back to."""

    lines: list[Text]
    graph: bool
    width: int


def flags_of(findings: Sequence[MapFinding]) -> dict[str, list[int]]:
    """For each step a finding names, the numbers (from 1) of the findings naming it."""
    flags: dict[str, list[int]] = {}
    for number, finding in enumerate(findings, start=1):
        for key in finding.steps:
            flags.setdefault(key, [])
            if number not in flags[key]:
                flags[key].append(number)
    return flags


def box_lines(step: Step, text_width: int, glyphs: Glyphs) -> tuple[str, str]:
    name = clean(step.name)
    if step.start:
        name = f"{glyphs.start} {name}"
    if step.end:
        name = f"{name} {glyphs.end}"
    role = f"({clean(step.role)})"
    return fit(name, text_width, glyphs.more), fit(role, text_width, glyphs.more)


def draw_map(
    process_map: ProcessMap,
    findings: Sequence[MapFinding] = (),
    *,
    width: int = 80,
    ascii: bool = False,
) -> MapDrawing:
    """The map drawn for ``width`` cells: the graph if it fits, else the list."""
    glyphs = ASCII if ascii else UNICODE
    if not process_map.steps:
        return MapDrawing([Text("No steps yet.", style=MUTED)], graph=False, width=width)
    flags = flags_of(findings)
    layout = lay_out(process_map)
    painted = [paint(process_map, layout, flags, glyphs, w) for w in BOX_TEXT_WIDTHS]
    # Whole if it fits (cutting names shorter first), else in strips, else as a list.
    for one in painted:
        if one is not None and one.canvas.width <= width:
            return graph(one, glyphs, [])
    for one in painted:
        cuts = None if one is None else strips(one, width)
        if one is not None and cuts is not None:
            return graph(one, glyphs, cuts)
    return MapDrawing(list_lines(process_map, flags, glyphs, width), graph=False, width=width)


def graph(painted: Painted, glyphs: Glyphs, cuts: list[int]) -> MapDrawing:
    lines = painted.canvas.lines(glyphs, cuts) + painted.notes
    return MapDrawing(lines, graph=True, width=max((cell_len(t.plain) for t in lines), default=0))


@dataclass(frozen=True)
class Painted:
    """The graph on its canvas, where it may be cut into strips, and lines said under it."""

    canvas: Canvas
    #: The cell after each column but the last: where a strip may end.
    cuts: list[int]
    notes: list[Text]


def paint(
    process_map: ProcessMap,
    layout: Layout,
    flags: Mapping[str, list[int]],
    glyphs: Glyphs,
    text_width: int,
) -> Painted | None:
    """The graph, or None where two hand-offs' lanes cannot be ordered apart."""
    steps = {s.key: s for s in process_map.steps}
    texts = {k: box_lines(s, text_width, glyphs) for k, s in steps.items()}
    widths: list[int] = []
    for column in layout.columns:
        inner = [max(cell_len(a), cell_len(b)) for s in column if s.key for a, b in [texts[s.key]]]
        # Room for the flags and marks in the borders too.
        for slot in column:
            if slot.key:
                inner.append(cell_len(border_title(slot.key, steps, flags, glyphs)) + 1)
        widths.append(max(*inner, 5) + 4 if inner else 3)
    # The gutters: label zone, one lane per bent hand-off, and the arrow.
    gutters: list[tuple[int, list[Edge], list[Edge]]] = []  # label width, lanes, all
    for c in range(len(layout.columns) - 1):
        crossing = [e for e in layout.edges if e.first <= c < e.last]
        labelled = [e for e in crossing if e.first == c and e.label]
        label = max((min(cell_len(e.label), LABEL_WIDTH) for e in labelled), default=0)
        bent = [e for e in crossing if e.leave[c] != e.arrive[c + 1]]
        lanes = order_lanes(bent, c)
        if lanes is None:
            return None
        gutters.append((label + 2 if label else 0, lanes, crossing))
    xs: list[int] = []
    x = 0
    for c, column_width in enumerate(widths):
        xs.append(x)
        x += column_width
        if c < len(gutters):
            label, lanes, _ = gutters[c]
            x += 2 + label + len(lanes) + 2
    total_width = x
    height = max((s.top + s.height for col in layout.columns for s in col), default=0)
    canvas = Canvas(total_width, height + 1)
    for c, column in enumerate(layout.columns):
        for slot in column:
            if slot.key:
                draw_box(canvas, xs[c], widths[c], slot, steps, texts, flags, glyphs)
            elif slot.edge is not None:
                draw_pass(canvas, xs[c], widths[c], slot)
    for c, (label, lanes, crossing) in enumerate(gutters):
        x0 = xs[c] + widths[c]  # the first cell after the column
        x1 = xs[c + 1] - 1  # the last cell before the next column
        lane_x = {id(e): x0 + 1 + label + i for i, e in enumerate(lanes)}
        for edge in crossing:
            y0, y1 = edge.leave[c], edge.arrive[c + 1]
            if id(edge) in lane_x:
                lx = lane_x[id(edge)]
                canvas.line(y0, x0 - 1, lx)
                canvas.column(lx, y0, y1)
                canvas.line(y1, lx, x1 + 1)
            else:
                canvas.line(y0, x0 - 1, x1 + 1)
            if edge.first == c and edge.label and label:
                text = fit(edge.label, LABEL_WIDTH, glyphs.more)
                canvas.put(x0 + 2, y0, text, MUTED)
            if edge.back and edge.first == c:
                canvas.put(x0, y0, glyphs.left, WARN)
            if not edge.back and edge.last == c + 1:
                canvas.put(x1, y1, glyphs.right)
    # Keep the box sides whole where the lines meet them.
    for c, column in enumerate(layout.columns):
        for slot in column:
            if slot.key:
                mark_ports(canvas, xs[c], widths[c], slot, c, glyphs, slot.key in flags)
    notes = []
    for index in layout.loops:
        hand_off = process_map.hand_offs[index]
        step = steps[hand_off.source]
        what = f" ({clean(hand_off.label)})" if hand_off.label else ""
        notes.append(Text(f"{clean(step.name)} hands back to itself{what}", style=MUTED))
    cuts = [xs[c] + widths[c] for c in range(len(widths) - 1)]
    return Painted(canvas, cuts, notes)


def strips(painted: Painted, width: int) -> list[int] | None:
    """Where to cut the graph so each strip fits ``width`` (a cell each side for the
    letters), holding at least ``STRIP_COLUMNS`` columns but the last; None if it cannot."""
    total = painted.canvas.width
    chosen: list[int] = []
    start, columns_before = 0, 0
    while total - start + (1 if start else 0) > width:
        fitting = [
            (i, x)
            for i, x in enumerate(painted.cuts)
            if x > start and x - start + (1 if start else 0) + 2 <= width
        ]
        if not fitting:
            return None
        index, cut = fitting[-1]
        if index + 1 - columns_before < STRIP_COLUMNS:
            return None
        chosen.append(cut)
        start, columns_before = cut, index + 1
    return chosen


def order_lanes(bent: list[Edge], c: int) -> list[Edge] | None:
    """The lanes left to right, so that no two hand-offs run along one row.

    A hand-off that leaves on the row another one arrives on must turn first (its lane
    to the left of the other's); the order is a topological one, None if there is none.
    """
    before: dict[int, set[int]] = {id(e): set() for e in bent}
    for a in bent:
        for b in bent:
            if a is not b and a.leave[c] == b.arrive[c + 1]:
                before[id(b)].add(id(a))
    placed: list[Edge] = []
    left = list(bent)
    left.sort(key=lambda e: (e.leave[c] < e.arrive[c + 1], -abs(e.leave[c] - e.arrive[c + 1])))
    while left:
        ready = next((e for e in left if before[id(e)] <= {id(p) for p in placed}), None)
        if ready is None:
            return None
        placed.append(ready)
        left.remove(ready)
    return placed


def border_title(
    key: str, steps: Mapping[str, Step], flags: Mapping[str, list[int]], glyphs: Glyphs
) -> str:
    parts = []
    if steps[key].start:
        parts.append("start")
    parts += [f"!{n}" for n in flags.get(key, [])]
    return " ".join(parts)


def draw_box(
    canvas: Canvas,
    x: int,
    width: int,
    slot: Slot,
    steps: Mapping[str, Step],
    texts: Mapping[str, tuple[str, str]],
    flags: Mapping[str, list[int]],
    glyphs: Glyphs,
) -> None:
    flagged = slot.key in flags
    chars = glyphs.flagged if flagged else glyphs.box
    tl, tr, bl, br, h, v = tuple(chars)
    style = WARN_BOLD if flagged else ""
    y0, y1 = slot.top, slot.top + slot.height - 1
    canvas.put(x, y0, tl + h * (width - 2) + tr, style)
    title = border_title(slot.key, steps, flags, glyphs)
    if title:
        canvas.put(x + 1, y0, f" {title} ", style)
    canvas.put(x, y1, bl + h * (width - 2) + br, style)
    if steps[slot.key].end:
        canvas.put(x + 1, y1, " end ", style)
    for y in range(y0 + 1, y1):
        canvas.put(x, y, v, style)
        canvas.put(x + 1, y, " " * (width - 2))
        canvas.put(x + width - 1, y, v, style)
    name, role = texts[slot.key]
    canvas.put(x + 2, y0 + 1, name, "bold")
    canvas.put(x + 2, y0 + 2, role, MUTED)


def draw_pass(canvas: Canvas, x: int, width: int, slot: Slot) -> None:
    """A hand-off passing through a column, on its one row."""
    canvas.line(slot.top, x - 1, x + width)


def mark_ports(
    canvas: Canvas, x: int, width: int, slot: Slot, c: int, glyphs: Glyphs, flagged: bool
) -> None:
    """Where a hand-off leaves a box's side, the side shows it (``├``; ``┤`` on the left
    for one drawn back, which leaves from there)."""
    port_out, port_in = (
        (glyphs.flagged_out, glyphs.flagged_in) if flagged else (glyphs.port_out, glyphs.port_in)
    )
    style = WARN_BOLD if flagged else ""
    for edge in slot.outs:
        canvas.put(x + width - 1, edge.leave[c], port_out, style)
    for edge in slot.ins:
        if edge.back:  # an arrow head meets the side only where the hand-off arrives
            canvas.put(x, edge.arrive[c], port_in, style)


# -- the list, when the graph does not fit --------------------------------------------------


def step_words(step: Step, flags: Mapping[str, list[int]], glyphs: Glyphs) -> str:
    words = f"{clean(step.name)} ({clean(step.role)})"
    if step.start:
        words = f"{glyphs.start} {words}"
    if step.end:
        words = f"{words} {glyphs.end}"
    marks = " ".join(f"!{n}" for n in flags.get(step.key, []))
    return f"{words} {marks}" if marks else words


def list_lines(
    process_map: ProcessMap, flags: Mapping[str, list[int]], glyphs: Glyphs, width: int
) -> list[Text]:
    """One line per hand-off (and per step in none), wrapped to ``width``."""
    steps = {s.key: s for s in process_map.steps}
    rows: list[str] = []
    joined: set[str] = set()
    for hand_off in process_map.hand_offs:
        label = clean(hand_off.label)
        arrow = (
            f" {glyphs.flow}{label}{glyphs.flow}{glyphs.right} "
            if label
            else f" {glyphs.flow}{glyphs.right} "
        )
        source, target = steps[hand_off.source], steps[hand_off.target]
        rows.append(step_words(source, flags, glyphs) + arrow + step_words(target, flags, glyphs))
        joined |= {source.key, target.key}
    rows += [step_words(s, flags, glyphs) for s in process_map.steps if s.key not in joined]
    lines: list[Text] = []
    for row in rows:
        lines += [Text(part, no_wrap=True) for part in wrap_cells(row, max(width, 20))]
    return lines


# -- the findings, under the map ------------------------------------------------------------


def findings_lines(
    process_map: ProcessMap, findings: Sequence[MapFinding], *, ascii: bool = False
) -> list[Text]:
    """Each finding numbered as its steps are marked: the check, the evidence, the advice."""
    if not findings:
        return [
            Text("No findings: no dead end, bottleneck, redundancy or new people.", style=MUTED)
        ]
    lines: list[Text] = []
    for number, finding in enumerate(findings, start=1):
        title = Text()
        title.append(f"!{number} ", style=WARN_BOLD)
        title.append(finding.check.label.capitalize(), style="bold")
        names = [clean(process_map.step(k).name) for k in finding.steps if has_step(process_map, k)]
        if names:
            title.append(": " + ", ".join(names))
        lines.append(title)
        lines.append(Text("   Seen   ", style=MUTED) + Text(clean(finding.evidence)))
        lines.append(Text("   To do  ", style=MUTED) + Text(clean(finding.advice)))
    return lines


def has_step(process_map: ProcessMap, key: str) -> bool:
    return any(s.key == key for s in process_map.steps)
