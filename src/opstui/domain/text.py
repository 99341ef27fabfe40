"""User text made safe to show: free of pydantic, for the first screen too.

``printable`` is the one rule for what of a person's text may reach a terminal. Text
comes from people (typed, pasted), from files received from others (a database, a
playbook, a CSV) and from old rows written before the rule existed; whichever way, a
control character in it must never reach the terminal, where an escape sequence could
retitle the window, write the clipboard (OSC 52) or clear the shared screen, and a
bidi override could make a line read differently from what it holds.
"""

from __future__ import annotations

import re

#: What never reaches a terminal: C0 controls (tab and newline aside, and a carriage
#: return only as the first half of a CRLF line break), DEL, C1 controls (U+009B is a
#: one-character CSI), and the bidi embeddings, overrides and isolates.
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")
#: Line breaks other than newline (those ``str.splitlines`` knows), some of them
#: control characters: CRLF (a paste from Windows), a lone CR, VT, FF, the separators
#: FS/GS/RS, NEL. Text to be stored keeps each as one newline and no CR.
_OTHER_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: Every line break, and tab, for where they are not kept.
_BREAKS = re.compile(r"\r\n|[\n\t\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: What an unsafe character is shown as when it has no control picture.
REPLACEMENT = "\ufffd"


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control picture: ␛ for ESC, ␇ for BEL
    return "\u2421" if code == 0x7F else REPLACEMENT


def printable(text: str, *, lines: bool = True, drop: bool = False) -> str:
    """A person's text made safe for a terminal: no control character survives.

    By default each control character (and bidi override) becomes something visible:
    ESC shows as ``␛``, BEL as ``␇``, DEL as ``␡``, a C1 control or a bidi override as
    ``�``; an escape sequence typed or pasted (``\\x1b[2J``) shows as text.

    Args:
        text: The text as typed, pasted or stored.
        lines: Keep line breaks and tabs (a multi-line field); when false each
            becomes a space (a title, a one-line input).
        drop: Remove unsafe characters instead of showing them: for text to be stored,
            and for a stored value put back into a field to edit, where a visible
            symbol would be saved as part of the text. The line breaks among them (a
            lone CR, NEL, ...) become newlines, so that no two words run together.
    """
    if not lines:
        text = _BREAKS.sub(" ", text)
    elif drop:
        text = _OTHER_BREAKS.sub("\n", text)
    return _UNSAFE.sub("" if drop else _visible, text)


def shorten(text: str, limit: int) -> str:
    """The first ``limit`` characters of one line of text, with an ellipsis if cut."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: max(limit - 1, 0)] + "…"
