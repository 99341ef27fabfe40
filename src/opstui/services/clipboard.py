"""Copying text to the system clipboard with the desktop's own tool, and saying what happened.

The app also sends the text to the terminal (OSC 52), but many terminals ignore that,
and nothing tells the app whether it worked. Where the desktop has a clipboard tool
(``wl-copy`` under Wayland, ``xclip`` or ``xsel`` under X, ``pbcopy`` on macOS), the
text is handed to it on stdin: no shell, a short timeout, and every failure caught and
described. ``CopyOutcome.message`` is the one sentence the user is told.

Copied as HTML (``html=True``), the text is offered as ``text/html`` by the tools that
can say so (``wl-copy --type text/html``, ``xclip -t text/html``), so that a document
editor pastes it rich; ``xsel``, ``pbcopy`` and the terminal take only plain text, and
the message says that the HTML went as text.

This blocks for as long as the tool runs (at most ``TIMEOUT_SECONDS``): the app calls
it from a thread worker.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace

#: How long a tool may take. They answer in milliseconds; one that hangs (a display
#: that is gone, a clipboard owner that never answers) must not hold the export back.
TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class ClipboardTool:
    """A clipboard program found on the PATH, and how to run it to take stdin."""

    name: str
    argv: tuple[str, ...]


#: The tools each kind of desktop offers, in the order they are tried, with the
#: arguments that make them read the text from stdin into the clipboard (not the
#: primary selection).
WAYLAND_TOOLS = (("wl-copy", ()),)
X11_TOOLS = (("xclip", ("-selection", "clipboard")), ("xsel", ("--clipboard", "--input")))
MACOS_TOOLS = (("pbcopy", ()),)
#: What makes a tool offer the text as HTML; the tools not named here cannot.
HTML_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "wl-copy": ("--type", "text/html"),
    "xclip": ("-t", "text/html"),
}


def find_tool(
    env: Mapping[str, str] | None = None, platform: str | None = None
) -> ClipboardTool | None:
    """The clipboard tool to use here, if there is one.

    ``pbcopy`` on macOS; ``wl-copy`` when ``WAYLAND_DISPLAY`` is set; ``xclip`` or
    ``xsel`` when ``DISPLAY`` is (an X server, or XWayland as a fallback). Each is looked
    for on ``env``'s PATH; a desktop whose tool is not installed has none.

    Args:
        env: The environment to read (the process's own by default).
        platform: ``sys.platform`` by default.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    candidates: list[tuple[str, tuple[str, ...]]] = []
    if platform == "darwin":
        candidates += MACOS_TOOLS
    if env.get("WAYLAND_DISPLAY"):
        candidates += WAYLAND_TOOLS
    if env.get("DISPLAY"):
        candidates += X11_TOOLS
    search_path = env.get("PATH", "")
    for name, arguments in candidates:
        found = shutil.which(name, path=search_path) if search_path else None
        if found:
            return ClipboardTool(name, (found, *arguments))
    return None


@dataclass(frozen=True)
class CopyOutcome:
    """What copying did: the tool that copied, or why the one tried did not."""

    #: The tool that was tried, if one was found.
    tool: str | None = None
    #: Why it did not copy; None when it did (or when there was none to try).
    problem: str | None = None
    #: HTML was asked for.
    html: bool = False
    #: The tool was told the text is HTML (``HTML_ARGUMENTS``).
    as_html: bool = False

    @property
    def copied(self) -> bool:
        """Whether a tool took the text."""
        return self.tool is not None and self.problem is None

    @property
    def message(self) -> str:
        """What to tell the user. The text was also sent to the terminal (OSC 52)."""
        if self.copied:
            if self.html and self.as_html:
                return f"Copied as HTML with {self.tool}."
            if self.html:
                return (
                    f"Copied with {self.tool} as plain text (the HTML source): "
                    f"{self.tool} cannot mark it as HTML."
                )
            return f"Copied with {self.tool}."
        terminal = (
            "Sent to the terminal's clipboard (OSC 52); "
            "if your terminal doesn't allow that, nothing was copied."
        )
        if self.html:
            terminal += " It went as plain text (the HTML source): OSC 52 carries no HTML."
        if self.tool is None:
            return terminal
        return f"{self.tool} could not copy it ({self.problem}). {terminal}"


def run_tool(tool: ClipboardTool, text: str, timeout: float = TIMEOUT_SECONDS) -> CopyOutcome:
    """Hand ``text`` to ``tool`` on stdin and wait for it to take it.

    The tool's output goes nowhere and its errors to a file, not to pipes: ``xclip``,
    ``xsel`` and ``wl-copy`` leave a process behind that serves the clipboard, and it
    would hold a pipe open until the timeout. That process is put in a session of its
    own, so that it keeps serving the text after the terminal is closed.
    """
    with tempfile.TemporaryFile() as errors:
        try:
            finished = subprocess.run(
                tool.argv,
                input=text.encode("utf-8"),
                stdout=subprocess.DEVNULL,
                stderr=errors,
                timeout=timeout,
                check=False,
                start_new_session=True,
            )
        except subprocess.TimeoutExpired:
            return CopyOutcome(tool.name, f"no answer within {timeout:g} seconds")
        except OSError as exc:
            return CopyOutcome(tool.name, exc.strerror or str(exc))
        if finished.returncode == 0:
            return CopyOutcome(tool.name)
        errors.seek(0)
        said = errors.read(400).decode("utf-8", "replace").strip().splitlines()
        detail = f": {said[0]}" if said else ""
        return CopyOutcome(tool.name, f"exit status {finished.returncode}{detail}")


def copy_text(
    text: str,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    timeout: float = TIMEOUT_SECONDS,
    *,
    html: bool = False,
) -> CopyOutcome:
    """Copy ``text`` with the clipboard tool found here (see ``find_tool``), if any.

    With ``html``, the tools that can are told the text is ``text/html``.
    """
    tool = find_tool(env, platform)
    if tool is None:
        return CopyOutcome(html=html)
    extra = HTML_ARGUMENTS.get(tool.name, ()) if html else ()
    if extra:
        tool = ClipboardTool(tool.name, (*tool.argv, *extra))
    return replace(run_tool(tool, text, timeout), html=html, as_html=bool(extra))
