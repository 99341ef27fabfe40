"""Drive the real program in tmux, as a person would: keys in, screen text out.

Every test gets its own tmux server on a private socket, so it never touches the
user's tmux sessions, and the server is killed at the end whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

#: The program under test: the console script installed in this virtual environment.
OPSTUI = Path(sys.executable).with_name("opstui")


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (a traced program under its ``strace``)."""
    found = [pid]
    for each in found:
        for task in Path(f"/proc/{each}/task").glob("*"):
            with contextlib.suppress(OSError):
                found += [int(c) for c in (task / "children").read_text().split()]
    return found


class TmuxError(AssertionError):
    """The screen never showed what the test waited for."""


class Tmux:
    """One tmux server on a private socket, running one program in a fixed-size pane."""

    def __init__(self, socket: str, width: int = 120, height: int = 40) -> None:
        self.socket = socket
        self.width = width
        self.height = height
        self.target = "e2e"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args],
            check=check,
            capture_output=True,
            text=True,
            timeout=20,
        )

    def start(self, command: list[str], env: Mapping[str, str]) -> None:
        """Run ``command`` in a new detached session of the given size."""
        # A clean environment: inherited COLUMNS/LINES would override the pane's size.
        line = " ".join(
            [
                "env",
                "-i",
                *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
                *map(shlex.quote, command),
            ]
        )
        self._run(
            "new-session", "-d", "-s", self.target,
            "-x", str(self.width), "-y", str(self.height), line,
        )  # fmt: skip
        # Keep the pane after the program exits, so its last words can be read.
        self._run("set-option", "-t", self.target, "remain-on-exit", "on")
        # And keep the server when ``restart`` kills the only session: a server still
        # exiting refuses the next new-session (seen as a rare failure of a restart).
        self._run("set-option", "-s", "exit-empty", "off")

    def press(self, *keys: str) -> None:
        """Send tmux key names (``Enter``, ``Escape``, ``C-s``, ``2``...), one at a time."""
        for key in keys:
            self._run("send-keys", "-t", self.target, key)

    def press_all(self, *keys: str) -> None:
        """Send every key in one ``send-keys``: back to back, as a fast typist or a paste.

        Each argument is a tmux key name (``Enter``, ``C-s``) or, when it is none, text
        sent character by character.
        """
        self._run("send-keys", "-t", self.target, *keys)

    def type(self, text: str) -> None:
        """Send text literally, character for character."""
        self._run("send-keys", "-t", self.target, "-l", text)

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-t", self.target).stdout

    def styled_screen(self) -> str:
        """The screen with its colours and attributes, as tmux's escape codes."""
        return self._run("capture-pane", "-p", "-e", "-t", self.target).stdout

    def record(self, path: Path) -> None:
        """From now on, append every byte the program writes to its terminal to ``path``."""
        self._run("pipe-pane", "-o", "-t", self.target, f"cat >> {shlex.quote(str(path))}")

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """Poll the screen until ``text`` is on it; fail with the screen if it never is."""
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise TmuxError(f"{text!r} never appeared; the screen shows:\n{shown}")

    def wait_gone(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text not in shown:
                return shown
            time.sleep(0.1)
        raise TmuxError(f"{text!r} stayed on screen:\n{shown}")

    def exited(self) -> bool:
        """Whether the program in the pane has ended."""
        result = self._run("list-panes", "-t", self.target, "-F", "#{pane_dead}", check=False)
        return result.stdout.strip() == "1"

    def wait_exit(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exited():
                return
            time.sleep(0.1)
        raise TmuxError(f"the program did not exit; the screen shows:\n{self.screen()}")

    def program_pid(self) -> int:
        """The process of the program under test: the pane's, or the child running opstui.

        ``env`` replaces itself with the program, so usually the pane's own process is it;
        should a shell sit in between, the first descendant that runs opstui is taken.
        """
        found = self._run("display-message", "-p", "-t", self.target, "#{pane_pid}")
        pid = int(found.stdout.strip())
        for _ in range(4):
            if "opstui" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                return pid
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            if not children:
                break
            pid = int(children[0])
        raise TmuxError(f"no opstui process in the pane; the screen shows:\n{self.screen()}")

    def kill_program(self, sig: signal.Signals = signal.SIGKILL) -> int:
        """Kill the program as a crash would (SIGKILL: no clean-up runs); return its pid."""
        pid = self.program_pid()
        os.kill(pid, sig)
        self.wait_exit()
        return pid

    def restart(self, command: list[str], env: Mapping[str, str]) -> None:
        """Run the program again in a fresh pane of the same size, after it ended."""
        self._run("kill-session", "-t", self.target, check=False)
        self.start(command, env)

    def kill(self) -> None:
        """Stop the program if it still runs, then the server, and remove its socket file
        (tmux leaves it behind). A program under ``strace`` is not stopped by the hang-up
        of its pane: left running, it would slow every test after it."""
        try:
            if not self.exited():
                found = self._run("display-message", "-p", "-t", self.target, "#{pane_pid}")
                for pid in descendants(int(found.stdout.strip())):
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
        except (TmuxError, subprocess.SubprocessError, ValueError):
            pass
        found = self._run("display-message", "-p", "#{socket_path}", check=False)
        self._run("kill-server", check=False)
        socket_path = found.stdout.strip()
        if socket_path:
            Path(socket_path).unlink(missing_ok=True)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    """A private tmux server, 120x40, killed at the end of the test."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed: the end-to-end tests drive the app in tmux")
    if not OPSTUI.exists():
        pytest.skip(f"the opstui program is not installed at {OPSTUI}")
    driver = Tmux(f"opstui-e2e-{secrets.token_hex(4)}")
    try:
        yield driver
    finally:
        driver.kill()


@pytest.fixture
def tmux_factory(tmux: Tmux) -> Iterator[Callable[[], Tmux]]:
    """More private tmux servers (another person's terminal), all killed at the end."""
    made: list[Tmux] = []

    def make() -> Tmux:
        driver = Tmux(f"opstui-e2e-{secrets.token_hex(4)}", tmux.width, tmux.height)
        made.append(driver)
        return driver

    try:
        yield make
    finally:
        for driver in made:
            driver.kill()


@pytest.fixture
def opstui_program() -> Path:
    """The installed ``opstui`` program, as a person would run it."""
    return OPSTUI


@pytest.fixture
def app_env(tmp_path: Path) -> dict[str, str]:
    """Environment for the program: its own home and folders, a known terminal and zone."""
    home = tmp_path / "home"
    home.mkdir()
    return {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "TERM": "xterm-256color",
        "TZ": "UTC",
        "LANG": "C.UTF-8",
        "PATH": "/usr/bin:/bin",
    }
