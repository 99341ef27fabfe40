"""User text made safe to show: free of pydantic, for the first screen too."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def printable(text: str) -> str:
    """User text made safe for a terminal: control characters become visible symbols.

    An escape sequence typed or pasted by someone (``\\x1b[2J``) must show as text and
    never reach the terminal, where it could clear or recolour the shared screen.
    """
    return _CONTROL.sub(
        lambda m: "\u2421" if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), text
    )


def shorten(text: str, limit: int) -> str:
    """The first ``limit`` characters of one line of text, with an ellipsis if cut."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: max(limit - 1, 0)] + "…"
