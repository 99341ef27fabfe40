"""An export as one self-contained HTML page, to open in a browser and copy into a doc.

Plain semantic HTML (headings, paragraphs, lists, tables with ``thead``/``tbody``,
links) is what Google Docs, Notion, Word and Confluence keep when a page is copied
from a browser, so the page holds nothing else: a little inline CSS for reading it in
the browser, no script, no external resource (no stylesheet link, image, font or
``@import``), and a Content-Security-Policy that forbids loading anything. Every piece
of text is escaped with ``html.escape(quote=True)``; links are only the addresses the
Markdown linked (``http``, ``https``, ``mailto``), with ``rel="noopener noreferrer"``.
Control characters never get this far: the Markdown shows them as ``domain.text.
printable`` does. The same document always gives the same bytes.
"""

from __future__ import annotations

from html import escape

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
    Table,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'"

#: Minimal styling for the browser; a paste into a doc keeps the structure, not this.
STYLE = """\
body { font-family: system-ui, sans-serif; line-height: 1.45; max-width: 60rem;
  margin: 2rem auto; padding: 0 1rem; color: #1f2328; background: #ffffff; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #b7bdc4; padding: 0.25rem 0.5rem; text-align: left;
  vertical-align: top; }
th { background: #eef1f4; }
li { margin: 0.15rem 0; }"""


def _text(value: str) -> str:
    return escape(value, quote=True)


def html_inlines(content: Inlines) -> str:
    """Inline content as HTML; a run of bold text (links in it too) is one ``strong``."""
    parts: list[str] = []
    bold = False
    for inline in content:
        now = isinstance(inline, Span) and inline.bold
        if now != bold:
            parts.append("<strong>" if now else "</strong>")
            bold = now
        parts.append("<br>" if isinstance(inline, Break) else _span(inline))
    if bold:
        parts.append("</strong>")
    return "".join(parts)


def _span(span: Span) -> str:
    text = _text(span.text)
    if span.href is not None and span.href.lower().startswith(LINK_SCHEMES):
        return f'<a href="{_text(span.href)}" rel="noopener noreferrer">{text}</a>'
    return text


def _item(item: Item, depth: int) -> list[str]:
    box = "" if item.done is None else ("☑ " if item.done else "☐ ")
    pad = "  " * depth
    line = f"{pad}<li>{box}{html_inlines(item.content)}"
    if not item.children:
        return [line + "</li>"]
    return [line, *_list(item.children, depth + 1), f"{pad}</li>"]


def _list(items: tuple[Item, ...], depth: int = 0) -> list[str]:
    pad = "  " * depth
    lines = [f"{pad}<ul>"]
    for item in items:
        lines += _item(item, depth)
    return [*lines, f"{pad}</ul>"]


def _table(table: Table) -> list[str]:
    head = "".join(f"<th>{html_inlines(cell)}</th>" for cell in table.header)
    lines = ["<table>", "<thead>", f"<tr>{head}</tr>", "</thead>", "<tbody>"]
    for row in table.rows:
        lines.append("<tr>" + "".join(f"<td>{html_inlines(cell)}</td>" for cell in row) + "</tr>")
    return [*lines, "</tbody>", "</table>"]


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"<h{block.level}>{html_inlines(block.content)}</h{block.level}>"]
    if isinstance(block, Paragraph):
        return [f"<p>{html_inlines(block.content)}</p>"]
    if isinstance(block, BulletList):
        return _list(block.items)
    return _table(block)


def render_html(document: Document) -> str:
    """The document as a complete HTML page ending in a newline."""
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_text(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(document.title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
    ]
    for block in document.blocks:
        lines += _block(block)
    lines += ["</body>", "</html>"]
    return "\n".join(lines) + "\n"
