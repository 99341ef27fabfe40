"""The document an export's Markdown describes, read back for the HTML and Slack writers.

The Markdown exports are written from the domain's data by one set of rules (which
sections, in which order, what each says; ``session_notes``, ``initiative_report``,
``results_report``). The HTML page and the Slack message say the same thing in other
syntaxes, so rather than a second copy of those rules they read the document out of
that Markdown into this small model (headings, paragraphs, lists, tables, bold, links)
and render the model.

Reading it back is exact because the Markdown is ours: every piece of user text in it
went through ``markdown_safe``, which backslash-escapes every character that could
start a construct. So an unescaped ``**`` is always our bold, an unescaped ``<…>`` our
autolink, an unescaped ``|`` our cell border, and ``\\X`` the literal character X:
whatever a participant typed comes back as text, never as structure. The reader knows
only the constructs these exports write (it is not a general Markdown parser):

* blocks separated by a blank line: an ATX heading, a table (``| … |`` lines, the
  second the ``---`` delimiter row), a bullet list (``- ``, nested by two spaces per
  level, an item's further lines indented and ended by a hard break ``\\``), or a
  paragraph (lines joined by hard breaks);
* inside a block: backslash escapes, ``**bold**``, autolinks ``<https://…>``,
  ``<mailto:…>`` and ``<name@example.org>``, and a task box ``[ ]`` / ``[x]`` at the
  start of a list item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: ASCII punctuation, which a backslash escapes in CommonMark.
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_ITEM = re.compile(r"^( *)- (.*)$")
_DELIMITER = re.compile(r"^\|(?: *:?-{3,}:? *\|)+$")
_TASK = re.compile(r"^\[( |x)\] ")
#: The schemes a link may have; anything else was never written as an autolink.
LINK_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Span:
    """A run of text, bold or not; or, with ``href``, a link whose text is ``text``."""

    text: str
    bold: bool = False
    href: str | None = None


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph, list item or cell."""


Inline = Span | Break
Inlines = tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    content: Inlines


@dataclass(frozen=True)
class Paragraph:
    content: Inlines


@dataclass(frozen=True)
class Item:
    content: Inlines
    #: A task box: True ticked, False open, None no box.
    done: bool | None = None
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class BulletList:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...]


Block = Heading | Paragraph | BulletList | Table


@dataclass(frozen=True)
class Document:
    blocks: tuple[Block, ...]

    @property
    def title(self) -> str:
        """The text of the first heading: the page's title."""
        for block in self.blocks:
            if isinstance(block, Heading):
                return plain(block.content)
        return ""


def plain(content: Inlines) -> str:
    """The text of some inlines, a line break as a space."""
    return "".join(" " if isinstance(i, Break) else i.text for i in content)


# -- reading ------------------------------------------------------------------------------


def read_markdown(markdown: str) -> Document:
    """The document of an export's Markdown (see the module's docstring for what it reads)."""
    blocks: list[Block] = []
    for chunk in markdown.strip("\n").split("\n\n"):
        lines = chunk.split("\n")
        if not chunk.strip():
            continue
        heading = _HEADING.match(lines[0])
        if heading and len(lines) == 1:
            blocks.append(Heading(len(heading.group(1)), inlines(heading.group(2))))
        elif len(lines) >= 2 and lines[0].startswith("|") and _DELIMITER.match(lines[1]):
            blocks.append(_table(lines))
        elif _ITEM.match(lines[0]):
            blocks.append(BulletList(_items(lines)))
        else:
            blocks.append(Paragraph(_joined(lines)))
    return Document(tuple(blocks))


def _cells(line: str) -> list[str]:
    """The cells of a table row, split on the borders (never on an escaped ``\\|``)."""
    cells, current, escaped = [], [], False
    for char in line.strip()[1:]:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    return cells


def _table(lines: list[str]) -> Table:
    header = tuple(inlines(c) for c in _cells(lines[0]))
    rows = tuple(tuple(inlines(c) for c in _cells(line)) for line in lines[2:])
    return Table(header, rows)


def _hard_break(line: str) -> tuple[str, bool]:
    """A line without its closing hard break, and whether it had one."""
    trailing = len(line) - len(line.rstrip("\\"))
    if trailing % 2:
        return line[:-1], True
    return line, False


def _joined(lines: list[str]) -> Inlines:
    """Lines of one paragraph or item, a line break between each."""
    content: list[Inline] = []
    for n, line in enumerate(lines):
        text, _ = _hard_break(line.strip())
        if n:
            content.append(Break())
        content += inlines(text)
    return tuple(content)


@dataclass
class _Open:
    depth: int
    lines: list[str]
    children: list[_Open] = field(default_factory=list)


def _items(lines: list[str]) -> tuple[Item, ...]:
    roots: list[_Open] = []
    stack: list[_Open] = []
    for line in lines:
        match = _ITEM.match(line)
        if match is None:
            if stack:
                stack[-1].lines.append(line)
            continue
        depth = len(match.group(1)) // 2
        item = _Open(depth, [match.group(2)])
        while stack and stack[-1].depth >= depth:
            stack.pop()
        (stack[-1].children if stack else roots).append(item)
        stack.append(item)
    return tuple(_closed(item) for item in roots)


def _closed(item: _Open) -> Item:
    first = item.lines[0]
    task = _TASK.match(first)
    done = None if task is None else task.group(1) == "x"
    if task is not None:
        item.lines[0] = first[task.end() :]
    children = tuple(_closed(child) for child in item.children)
    return Item(_joined(item.lines), done, children)


def inlines(text: str) -> Inlines:
    """Inline Markdown as spans: escapes undone, ``**`` toggling bold, autolinks as links."""
    spans: list[Inline] = []
    current: list[str] = []
    bold = False

    def flush() -> None:
        if current:
            spans.append(Span("".join(current), bold))
            current.clear()

    n = 0
    while n < len(text):
        char = text[n]
        if char == "\\" and n + 1 < len(text) and text[n + 1] in _PUNCTUATION:
            current.append(text[n + 1])
            n += 2
            continue
        if text.startswith("**", n):
            flush()
            bold = not bold
            n += 2
            continue
        if char == "<":
            end = text.find(">", n)
            address = text[n + 1 : end] if end > 0 else ""
            if address and " " not in address:
                flush()
                href = address if address.lower().startswith(LINK_SCHEMES) else f"mailto:{address}"
                spans.append(Span(address, bold, href))
                n = end + 1
                continue
        current.append(char)
        n += 1
    flush()
    return tuple(spans)
