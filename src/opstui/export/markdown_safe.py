"""Putting text people typed into Markdown without letting it change the document.

Every piece of user text goes through one of the functions here before it reaches a
Markdown document, so that whatever a participant typed comes out as the literal text
and never as a heading, a list item, a table cell, a link, HTML or emphasis.

The choices, in short:

* Markdown punctuation that can start a construct anywhere in a line is escaped with a
  backslash: ``\\ ` * _ [ ] < | ~``, ``^ $ @`` (superscript, TeX math and citations
  in pandoc's Markdown) and ``&`` when it would start an entity (``&amp;``).
  Backslash escapes are plain CommonMark, so the text reads the same in GitHub,
  GitLab, Obsidian and any CommonMark renderer, and stays readable raw.
* Punctuation that only means something at the start of a line (``#``, ``-``, ``+``,
  ``=``, ``>``, ``%`` (a title block in pandoc), and ``1.`` / ``1)``) is escaped there
  only, so "R&D - phase 2" stays readable in a chat.
* Line breaks: in a table cell or heading a line break would end the cell or the
  heading, so the lines are joined with a single space (never ``<br>``: HTML does not
  survive every paste target). In a paragraph or list item each line is kept and
  ended with a CommonMark hard break (a trailing backslash); blank lines are dropped
  because a blank line would end the paragraph or the list item.
* Web and mail addresses (``https://…``, ``http://…``, ``mailto:…``, ``www.…`` and
  bare ``name@example.org``) are written as CommonMark autolinks, ``<https://…>``,
  because a backslash inside an address is taken literally: ``a\\_b`` in a URL breaks
  the link in cmark-gfm, markdown-it and pandoc alike. Nothing is escaped inside an
  autolink, and nothing needs to be, since an address never holds the characters an
  autolink cannot (space, ``<``, ``>``, controls) or that GitHub would read across a
  table cell (``|``): the address simply ends before them, and what follows is
  escaped text. A ``www.`` address gains ``http://`` (a CommonMark autolink needs a
  scheme; GitHub links it as ``http://`` too). Punctuation that ends a sentence is
  left out of the address as GitHub does: ``see https://x.org/a_b.`` and
  ``(https://x.org/a_b)`` link to ``https://x.org/a_b``. Any other scheme
  (``javascript:``, ``data:``, ``ftp:``) stays escaped text, and so does what only
  looks like the start of an address (``www.@``): there the ``:`` of ``://`` and the
  ``.`` of ``www.`` are escaped too, because cmark-gfm and pandoc find addresses of
  their own in the raw source, backslashes and all. The ``:`` opening an emoji code
  (``:smile:``) is escaped for the same reason.
* Leading white space is dropped from every line (four spaces would start a code
  block), and control characters are shown as ``domain.text.printable`` shows them
  (``␛`` for ESC), so no escape sequence reaches a terminal that prints the document.
"""

from __future__ import annotations

import re

from opstui.domain.text import printable

#: Characters escaped wherever they appear: each can open an inline construct
#: (code, emphasis, link, HTML, table cell, strikethrough) or is the escape itself;
#: ``^ $ @`` for pandoc's own Markdown (superscript, TeX math, citations).
_ANYWHERE = re.compile(r"([\\`*_\[\]<|~^$@])")
#: An ampersand that would start an entity or character reference such as ``&amp;``.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
#: What would make a line a heading, list item, quote, setext underline or ordered item;
#: pandoc's Markdown also numbers items by letters and roman numerals ("A.", "iv)",
#: "(b)"), where CommonMark takes digits only.
_MARKER = r"(?:\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+)"
_LINE_START = re.compile(rf"^(?:([#\-+=>%])|({_MARKER})([.)])(?=\s|$)|(\()(?={_MARKER}\)(?:\s|$)))")
#: What may be part of an address: not white space, a control character or its visible
#: stand-in (U+2400–U+2426 and U+FFFD, see ``printable``), nor ``< > " ` \\ | [ ] { } ^``:
#: an autolink cannot hold some, a table cell would end at ``|``, and renderers
#: disagree on the rest, so an address ends before any of them.
_ADDRESS_CHAR = r"[^\s\x00-\x1f\x7f-\x9f\u2400-\u2426\ufffd<>\"`\\|\[\]{}^]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_MAILBOX = r"[A-Za-z0-9][A-Za-z0-9_%+-]*"
#: A mail address as CommonMark, GitHub and pandoc all read one: each dotted part of
#: its name starts with a letter or digit (pandoc's rule), its domain has a dot.
_MAIL = rf"{_MAILBOX}(?:\.{_MAILBOX})*@{_LABEL}(?:\.{_LABEL})+"
#: An address in running text: a web address with its scheme or starting ``www.``, a
#: ``mailto:`` address, or a bare mail address; never the tail of a longer word.
_ADDRESS = re.compile(
    rf"(?<![A-Za-z0-9.+-])(?P<web>(?i:https?://|www\.)[^\W_]{_ADDRESS_CHAR}*)"
    rf"|(?<![A-Za-z0-9.+-])(?P<mailto>(?i:mailto):{_MAIL}{_ADDRESS_CHAR}*)"
    rf"|(?<![A-Za-z0-9._%+-])(?P<mail>{_MAIL})(?![A-Za-z0-9-])"
)
#: Punctuation that ends a sentence rather than an address (GitHub's rule, plus ``;``
#: and ``'``): ``see https://x.org/a.`` links to ``https://x.org/a``.
_TRAILING = ".,:;!?*_~'"
#: An entity reference, which cmark decodes inside an autolink and markdown-it does not:
#: an address ends before one.
_ENTITY_IN_ADDRESS = re.compile(r"&#?[0-9A-Za-z]+;")
#: Where cmark-gfm and pandoc would start an address of their own in text that is not
#: one here (``ftp://``, ``www.@``): they read it from the source, backslashes
#: included, so the ``:`` of ``://`` and the ``.`` of ``www.`` are escaped there. So
#: is the first ``:`` of an emoji code (``:smile:``), which GitHub and pandoc's GFM
#: would show as a picture.
_NOT_AN_ADDRESS = re.compile(r":(?=//|[A-Za-z0-9_+-]+:)|(?<=[wW]{3})\.")
#: A run of ``#`` closing a heading line, which Markdown would drop from the heading.
_CLOSING_HASHES = re.compile(r"(\s)(#+)$")


def _lines(text: str) -> list[str]:
    """The non-blank lines of a text, stripped, control characters made visible."""
    # splitlines also breaks on the Unicode separators (U+2028, U+0085, ...).
    lines = (printable(line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def _escape_text(text: str) -> str:
    escaped = _ENTITY.sub(r"\\&", _ANYWHERE.sub(r"\\\1", text))
    return _NOT_AN_ADDRESS.sub(lambda m: "\\" + m.group(), escaped)


def _address_end(address: str) -> str:
    """An address without the sentence punctuation and unmatched ``)`` after it."""
    entity = _ENTITY_IN_ADDRESS.search(address)
    if entity:
        address = address[: entity.start()]
    while address:
        unmatched = address[-1] == ")" and address.count("(") < address.count(")")
        if address[-1] not in _TRAILING and not unmatched:
            break
        address = address[:-1]
    return address


def _host(address: str) -> str:
    """The host part of an address: after its scheme (or its ``@``), before any path."""
    lowered = address.lower()
    if lowered.startswith(("http://", "https://")):
        rest = address.split("://", 1)[1]
    elif lowered.startswith("www."):
        rest = address
    else:  # a mail address, or mailto: one
        rest = address.rsplit("@", 1)[-1]
    return re.split(r"[/?#]", rest, maxsplit=1)[0]


def _autolinks(line: str) -> list[tuple[int, int, str]]:
    """Where the line holds an address: start, end and the autolink to write instead."""
    found = []
    for match in _ADDRESS.finditer(line):
        address = match.group() if match.group("mail") else _address_end(match.group())
        # Cut back to a bare "https://" or "www.", or to a mailto: without its mail
        # address, what is left is no address: it stays text.
        if not _ADDRESS.fullmatch(address):
            continue
        # Renderers rewrite a host name that is not ASCII ("¹" becomes "1", "À" its
        # punycode), so such an address would link elsewhere than it shows: it stays text.
        if not _host(address).isascii():
            continue
        www = match.group("web") and address[:4].lower() == "www."
        target = "http://" + address if www else address
        found.append((match.start(), match.start() + len(address), f"<{target}>"))
    return found


def _escape_line(line: str) -> str:
    parts, done = [], 0
    for start, end, autolink in _autolinks(line):
        parts += [_escape_text(line[done:start]), autolink]
        done = end
    parts.append(_escape_text(line[done:]))
    escaped = "".join(parts)
    return _LINE_START.sub(
        lambda m: (
            f"\\{m.group(1) or m.group(4)}"
            if m.group(1) or m.group(4)
            else f"{m.group(2)}\\{m.group(3)}"
        ),
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
