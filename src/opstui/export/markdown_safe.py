"""Putting text people typed into Markdown without letting it change the document.

Every piece of user text goes through one of the functions here before it reaches a
Markdown document, so that whatever a participant typed comes out as the literal text
and never as a heading, a list item, a table cell, a link, HTML or emphasis.

The choices, in short:

* Markdown punctuation that can start a construct anywhere in a line is escaped with a
  backslash: ``\\ ` * _ [ ] < | ~`` and ``&`` when it would start an entity
  (``&amp;``). Backslash escapes are plain CommonMark, so the text reads the same in
  GitHub, GitLab, Obsidian and any CommonMark renderer, and stays readable raw.
* Punctuation that only means something at the start of a line (``#``, ``-``, ``+``,
  ``=``, ``>``, and ``1.`` / ``1)``) is escaped there only, so "R&D - phase 2" stays
  readable in a chat.
* Line breaks: in a table cell or heading a line break would end the cell or the
  heading, so the lines are joined with a single space (never ``<br>``: HTML does not
  survive every paste target). In a paragraph or list item each line is kept and
  ended with a CommonMark hard break (a trailing backslash); blank lines are dropped
  because a blank line would end the paragraph or the list item.
* Leading white space is dropped from every line (four spaces would start a code
  block), and control characters are shown as ``domain.text.printable`` shows them
  (``␛`` for ESC), so no escape sequence reaches a terminal that prints the document.
"""

from __future__ import annotations

import re

from opstui.domain.text import printable

#: Characters escaped wherever they appear: each can open an inline construct
#: (code, emphasis, link, HTML, table cell, strikethrough) or is the escape itself.
_ANYWHERE = re.compile(r"([\\`*_\[\]<|~])")
#: An ampersand that would start an entity or character reference such as ``&amp;``.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
#: What would make a line a heading, list item, quote, setext underline or ordered item.
_LINE_START = re.compile(r"^(?:([#\-+=>])|(\d{1,9})([.)])(?=\s|$))")
#: A run of ``#`` closing a heading line, which Markdown would drop from the heading.
_CLOSING_HASHES = re.compile(r"(\s)(#+)$")


def _lines(text: str) -> list[str]:
    """The non-blank lines of a text, stripped, control characters made visible."""
    # splitlines also breaks on the Unicode separators (U+2028, U+0085, ...).
    lines = (printable(line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def _escape_line(line: str) -> str:
    escaped = _ENTITY.sub(r"\\&", _ANYWHERE.sub(r"\\\1", line))
    return _LINE_START.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}",
        escaped,
        count=1,
    )


def inline(text: str) -> str:
    """User text on one line: a table cell, a heading, a label. Line breaks become spaces."""
    return _escape_line(" ".join(_lines(text)))


def cell(text: str, empty: str = "–") -> str:
    """A table cell: one line, escaped, and a dash rather than nothing when empty."""
    return inline(text) or empty


def block(text: str, indent: int = 0, empty: str = "–") -> str:
    """User text in a paragraph or list item, its lines kept as hard line breaks.

    ``indent`` is the width of the list marker the text follows, so that the second
    and later lines stay inside the list item.
    """
    lines = [_escape_line(line) for line in _lines(text)]
    if not lines:
        return empty
    return ("\\\n" + " " * indent).join(lines)


def heading(level: int, text: str) -> str:
    """An ATX heading whose text is the user's; it never ends with a closing ``#``."""
    return "#" * level + " " + _CLOSING_HASHES.sub(r"\1\\\2", cell(text))


def table(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub table from cells that are already safe (pass user text through ``cell``)."""
    width = len(header)
    lines = [_row(header), _row(["---"] * width)]
    for row in rows:
        if len(row) != width:
            raise ValueError(f"a row of {len(row)} cells in a table of {width} columns")
        lines.append(_row(row))
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
