"""A QR code drawn in the terminal: two rows of modules per line of text, in half blocks.

A phone scans what the screen share shows, so the code is drawn as a printed one is:
dark modules dark on a light ground, whatever the theme, with a light quiet zone around
it (four modules, as the standard asks; two where the screen is too short for four,
which phones still read). With NO_COLOR there are no colours to set: the characters are
inverted instead (light modules drawn as blocks in the terminal's own foreground), which
reads right on the usual light-on-dark terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

import segno
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

__all__ = ["QRCode", "half_blocks", "qr_modules"]

#: The quiet zone the standard asks for, and the least a phone still reads.
QUIET = 4
QUIET_TIGHT = 2

#: Black on white, as explicit RGB: a theme's "black" and "white" may be greys.
PRINTED = Style(color="rgb(0,0,0)", bgcolor="rgb(255,255,255)")

#: (top module dark, bottom module dark) → the character that draws both.
_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_modules(data: str, quiet: int = QUIET) -> list[list[bool]]:
    """The modules of ``data``'s QR code (True: dark), with ``quiet`` light ones around."""
    code = segno.make(data, micro=False, error="m", boost_error=False)
    rows = [[bool(module) for module in row] for row in code.matrix]
    width = len(rows[0]) + 2 * quiet
    blank = [[False] * width for _ in range(quiet)]
    return [*blank, *[[False] * quiet + row + [False] * quiet for row in rows], *blank]


def half_blocks(modules: Sequence[Sequence[bool]], *, invert: bool = False) -> list[str]:
    """The lines that draw ``modules``: each character is two modules, one above the other
    (an odd last row is paired with a light one). ``invert`` draws light modules as blocks."""
    lines = []
    for top in range(0, len(modules), 2):
        upper = modules[top]
        lower = modules[top + 1] if top + 1 < len(modules) else [False] * len(upper)
        lines.append(
            "".join(_BLOCKS[(a != invert, b != invert)] for a, b in zip(upper, lower, strict=True))
        )
    return lines


class QRCode(Widget):
    """The QR code of one link (``show``), as large as its modules need."""

    DEFAULT_CSS = """
    QRCode {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data = ""
        self.no_color = False
        #: Rows of text the code may take at most (0: as many as it needs).
        self.max_rows = 0
        self._modules: dict[int, list[list[bool]]] = {}

    def show(self, data: str, *, no_color: bool = False, max_rows: int = 0) -> None:
        """Draw ``data``'s code; ``no_color`` when the app shows no colours (NO_COLOR)."""
        if data != self.data:
            self._modules = {}
        self.data, self.no_color, self.max_rows = data, no_color, max_rows
        self.refresh(layout=True)

    @property
    def quiet(self) -> int:
        """The quiet zone used: the standard's, unless only a narrower one fits."""
        if not self.data or not self.max_rows:
            return QUIET
        rows = (len(self.modules(0)) + 2 * QUIET + 1) // 2
        return QUIET if rows <= self.max_rows else QUIET_TIGHT

    def modules(self, quiet: int | None = None) -> list[list[bool]]:
        quiet = self.quiet if quiet is None else quiet
        if quiet not in self._modules:
            self._modules[quiet] = qr_modules(self.data, quiet)
        return self._modules[quiet]

    def lines(self) -> list[str]:
        """The text drawn (what a test decodes back into modules)."""
        if not self.data:
            return []
        return half_blocks(self.modules(), invert=self.no_color)

    def render(self) -> Text:
        text = Text("\n".join(self.lines()), no_wrap=True, end="")
        if not self.no_color:
            text.stylize(PRINTED)
        return text

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(self.modules()[0]) if self.data else 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines())
