"""An export as Slack mrkdwn, to paste into a channel or send with a bot.

Slack has no headings and no tables: a heading becomes a bold line, a table a code
block with its columns aligned (widths by ``rich.cells.cell_len``, so CJK and emoji
line up). Bold is ``*x*``, a link ``<url|text>``. User text cannot add structure:
``&``, ``<`` and ``>`` are written as ``&amp;``, ``&lt;``, ``&gt;`` (Slack's rule,
which also stops ``<!channel>``-style mentions and links), a backtick becomes ``ˋ``
(U+02CB) so no text opens or closes code, and ``@channel``, ``@here`` and
``@everyone`` get a word joiner after the ``@`` so that pasting them pings nobody.
Control characters never get this far: the Markdown shows them as
``domain.text.printable`` does. The same document always gives the same bytes.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from opstui.export.document import (
    LINK_SCHEMES,
    Block,
    Break,
    BulletList,
    Document,
    Heading,
    Inlines,
    Item,
    Paragraph,
    Span,
    plain,
)

_MENTION = re.compile(r"(?<![\w.+-])@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def slack_text(value: str) -> str:
    """Text that shows as itself in Slack: no entity, link, mention or code."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = value.replace("`", "\u02cb")
    return _MENTION.sub("@" + WORD_JOINER, value)


def slack_inlines(content: Inlines) -> str:
    """Inline content as mrkdwn; a run of bold text (links in it too) is one ``*…*``."""
    parts: list[str] = []
    run: list[str] = []
    for inline in (*content, None):
        if isinstance(inline, Span) and inline.bold:
            run.append(_span(inline))
            continue
        if run:
            bold = "".join(run)
            parts.append(f"*{bold}*" if bold.strip() else bold)
            run = []
        if inline is not None:
            parts.append("\n" if isinstance(inline, Break) else _span(inline))
    return "".join(parts)


def _span(span: Span) -> str:
    text = slack_text(span.text)
    if span.href is not None and span.href.lower().startswith(LINK_SCHEMES):
        return f"<{slack_text(span.href).replace('|', '%7C')}|{text}>"
    return text


def _items(items: tuple[Item, ...], depth: int = 0) -> list[str]:
    lines: list[str] = []
    pad = "    " * depth
    for item in items:
        box = "" if item.done is None else ("☑ " if item.done else "☐ ")
        text = slack_inlines(item.content).replace("\n", "\n" + pad + "  ")
        lines.append(f"{pad}• {box}{text}")
        lines += _items(item.children, depth + 1)
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def _table(header: tuple[Inlines, ...], rows: tuple[tuple[Inlines, ...], ...]) -> str:
    grid = [[slack_text(plain(cell)) for cell in row] for row in (header, *rows)]
    widths = [max(cell_len(row[n]) for row in grid) for n in range(len(header))]
    lines = [" | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) for row in grid]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "```\n" + "\n".join(line.rstrip() for line in lines) + "\n```"


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"*{slack_text(plain(block.content))}*"
    if isinstance(block, Paragraph):
        return slack_inlines(block.content)
    if isinstance(block, BulletList):
        return "\n".join(_items(block.items))
    return _table(block.header, block.rows)


def render_slack(document: Document) -> str:
    """The document as Slack mrkdwn ending in a newline."""
    return "\n\n".join(_block(block) for block in document.blocks) + "\n"
