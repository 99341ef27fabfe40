"""User text on screen: shown literally, never read as markup, never a terminal control.

Rich and Textual drop a few control characters (bell, backspace, carriage return) but
let the escape character, C1 controls (U+009B is a CSI) and bidi overrides through, so
a remark pasted with ``\\x1b[2J`` in it would clear the facilitator's shared screen.
Everything a person typed is shown through ``user_text`` (or ``printable`` when
appended to a Text), which turns control characters into visible symbols.
"""

from __future__ import annotations

from rich.text import Text

from opstui.domain.text import printable

__all__ = ["printable", "user_text"]


def user_text(value: str, style: str = "") -> Text:
    """A person's words as a Text: literal, with control characters made visible."""
    return Text(printable(value), style=style)
