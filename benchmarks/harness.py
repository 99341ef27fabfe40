"""What the benchmark's parts share: the figures table, the databases, a real terminal.

`run.py` prints one table; each part (`run.py`'s own start and store figures, and the
sibling modules for the live session, deep initiatives, search, ...) measures with
these and adds its rows to the same `Results`.
"""

from __future__ import annotations

import math
import os
import re
import select
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
OPSTUI = BIN / "opstui"

sys.path.insert(0, str(HERE))

import generate  # noqa: E402

from opstui.db.store import Store  # noqa: E402

SIZES = ("small", "large")
#: How often tmux's screen is read while waiting for the first title.
POLL_SECONDS = 0.010
START_TIMEOUT = 60.0
#: CPU share below which the app counts as idle (done loading) when measuring memory.
IDLE_CPU_SHARE = 0.10
IDLE_TIMEOUT = 180.0
#: A start is over once the app has written nothing for this long, with its CPU use
#: over that time under IDLE_CPU_SHARE: every row computed and drawn.
QUIET_SECONDS = 0.3


# -- figures -----------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile: the value below which ``share`` of the values fall."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    value = seconds * 1000
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


@dataclass
class Row:
    """One line of the table: a figure per database, and the goal it is held to."""

    label: str
    small: str = "–"
    large: str = "–"
    goal: str = ""
    verdict: str = ""


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    def add(self, label: str, **cells: str) -> Row:
        row = Row(label, **cells)
        self.rows.append(row)
        return row


def verdict(values: Sequence[float | None], limit: float) -> str:
    """ "ok" when every measured value meets the goal, "MISS" when one does not."""
    measured = [v for v in values if v is not None]
    if not measured:
        return "n/a"
    return "ok" if max(measured) <= limit else "MISS"


def spread_verdict(values: Sequence[float | None], limit: float) -> str:
    """A verdict the spread of repeated measurements supports (see README, "verdicts").

    "ok" when the 90th percentile meets the goal, "MISS" when even the 10th does not, and
    "unsure" when the goal lies within the spread: more runs, or a quieter machine, tell.
    """
    measured = [v for v in values if v is not None]
    if not measured:
        return "n/a"
    if percentile(measured, 0.9) <= limit:
        return "ok"
    return "MISS" if percentile(measured, 0.1) > limit else "unsure"


def show_spread(values: Sequence[float], show: Callable[[float], str]) -> str:
    """The median, with the 10th to 90th percentile beside it: "1.05x (0.98–1.12)"."""
    if not values:
        return "–"
    low, high = percentile(values, 0.1), percentile(values, 0.9)
    return f"{show(statistics.median(values))} ({show(low)}–{show(high)})"


# -- the databases -----------------------------------------------------------------------


@dataclass
class Database:
    """A benchmark database: the cached original, the working copy, and what to open."""

    size: str
    original: Path
    work: Path
    #: The dashboard's rows for the bare app: [title, step, status].
    rows: list[list[str]]
    titles: list[str]
    largest_initiative: str
    largest_title: str
    largest_sessions: int
    busiest_session: str
    busiest_feedback: int
    counts: dict[str, int]


def ensure_database(size: str, seed: int) -> Path:
    """The generated file of ``size``, rebuilt only if its generator version or seed changed."""
    path = OUT / f"{size}.db"
    expected = generate.expected_fingerprint(size, seed)
    if generate.recorded_fingerprint(path) != expected:
        print(f"generating the {size} database (cached in {path})...", file=sys.stderr)
        counts, seconds = generate.build(path, size, seed)
        print(
            f"  {counts.feedback:,} feedback items, {counts.sessions:,} sessions "
            f"in {seconds:.1f} s",
            file=sys.stderr,
        )
    return path


def prepare(size: str, seed: int) -> Database:
    """A fresh working copy of the database, and what the measurements need to know of it."""
    original = ensure_database(size, seed)
    work = OUT / f"work-{size}.db"
    generate.remove_database(work)
    shutil.copyfile(original, work)
    work.chmod(0o600)
    with Store.open(work, read_only=True) as store:
        initiatives = store.list_initiatives()
        sessions = store.list_sessions()
        per_initiative = Counter(s.initiative_id for s in sessions)
        largest, largest_sessions = per_initiative.most_common(1)[0]
        per_session = Counter(f.session_id for f in store.list_feedback(initiative_id=largest))
        busiest, busiest_feedback = per_session.most_common(1)[0]
        counts = {
            "initiatives": len(initiatives),
            "sessions": len(sessions),
        }
    return Database(
        size=size,
        original=original,
        work=work,
        rows=[[i.title, i.step.label, i.status.value] for i in initiatives],
        titles=[i.title for i in initiatives],
        largest_initiative=largest,
        largest_title=next(i.title for i in initiatives if i.id == largest),
        largest_sessions=largest_sessions,
        busiest_session=busiest,
        busiest_feedback=busiest_feedback,
        counts=counts,
    )


# -- a real terminal -------------------------------------------------------------------------


class Terminal:
    """A 120x40 tmux pane on a private socket, running a plain shell."""

    PROMPT = "bench$ "
    #: The prompt as capture-pane shows it: trailing blanks are dropped.
    MARK = PROMPT.rstrip()

    def __init__(self, home: Path) -> None:
        self.socket = f"opstui-bench-{os.getpid()}"
        self.socket_path: Path | None = None
        self.home = home

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def start(self) -> None:
        env = {
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "OPSTUI_DB": str(self.home / "unused.db"),
        }
        flags = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        self.tmux(
            "new-session", "-d", "-s", "bench", "-x", "120", "-y", "40", "-c", str(ROOT),
            *flags, shlex.join(["env", f"PS1={self.PROMPT}", "bash", "--norc", "--noprofile"]),
        )  # fmt: skip
        self.socket_path = Path(self.tmux("display-message", "-p", "#{socket_path}").strip())
        self.wait_for(lambda screen: self.MARK in screen, 10)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        # tmux may leave its socket file behind once the server is gone.
        if self.socket_path is not None:
            self.socket_path.unlink(missing_ok=True)

    def capture(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "bench")

    def send(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "bench", *(["-l"] if literal else []), *keys)

    def current_command(self) -> str:
        return self.tmux("display-message", "-p", "-t", "bench", "#{pane_current_command}").strip()

    def shell_pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", "bench", "#{pane_pid}").strip())

    def app_pid(self) -> int | None:
        """The process the shell started: the app under test."""
        shell = self.shell_pid()
        try:
            children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        except OSError:
            return None
        return int(children[0]) if children else None

    def wait_for(self, done: Callable[[str], bool], timeout: float) -> str:
        deadline = time.perf_counter() + timeout
        while True:
            screen = self.capture()
            if done(screen):
                return screen
            if time.perf_counter() > deadline:
                raise TimeoutError("waited in vain; the screen shows:\n" + screen)
            time.sleep(POLL_SECONDS)

    def clear(self) -> None:
        self.send("clear", "Enter")
        self.wait_for(lambda s: s.strip() == self.MARK, 10)

    def quit_app(self, pid: int | None) -> None:
        """Quit as a user would (Ctrl+Q); end the process if it does not go within 10 s."""
        self.send("C-q")
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            if self.current_command() == "bash":
                return
            time.sleep(0.05)
        if pid is not None:
            with suppress(ProcessLookupError):
                os.kill(pid, 15)
            time.sleep(1)
            with suppress(ProcessLookupError):
                os.kill(pid, 9)
        self.wait_for(lambda s: self.MARK in s, 10)

    def time_start(self, command: str, shown: re.Pattern[str], memory: bool = False) -> Start:
        """Type ``command``, press Enter, and time until ``shown`` matches the screen."""
        self.clear()
        self.send(command, literal=True)
        before = time.perf_counter()
        self.send("Enter")
        pressed = (before + time.perf_counter()) / 2
        deadline = pressed + START_TIMEOUT
        while True:
            ask = time.perf_counter()
            screen = self.capture()
            seen = (ask + time.perf_counter()) / 2
            if shown.search(screen):
                break
            # A second prompt means the program ended without showing its rows.
            if screen.count(self.MARK) > 1 or "Traceback" in screen or seen > deadline:
                pid = self.app_pid()
                self.quit_app(pid)
                raise RuntimeError(f"{command} did not show its first row:\n{screen}")
            time.sleep(POLL_SECONDS)
        pid = self.app_pid()
        start = Start(seen - pressed)
        if memory and pid is not None:
            start.idle_after, start.peak_kb = settle(pid)
            start.idle_after += start.seconds
        self.quit_app(pid)
        return start

    def time_to_quiet(self, command: str, shown: re.Pattern[str], scratch: Path) -> Quiet:
        """Type ``command``, press Enter; time until a row matching ``shown`` is written,
        then until the app is quiet (nothing written for ``QUIET_SECONDS``, its CPU idle).

        Both are read from what the app writes to the pane (``PaneStream``), unpolled:
        the first row is the moment it arrives, the quiet screen the moment of the last
        output before the app fell quiet. The peak memory is read once it is quiet.
        """
        self.clear()
        stream = PaneStream(self, scratch)
        pid: int | None = None
        try:
            self.send(command, literal=True)
            stream.drain(0.2)  # the shell's echo of the command
            before = time.perf_counter()
            self.send("Enter")
            pressed = (before + time.perf_counter()) / 2
            first = stream.wait_for(re.compile(shown.pattern.encode()), START_TIMEOUT)
            pid = self.app_pid()
            if pid is None:
                raise RuntimeError(f"{command} ended after its first row")
            last = stream.quiet(pid, QUIET_SECONDS, IDLE_TIMEOUT)
            quiet = Quiet(first - pressed, max(last, first) - pressed, peak_rss_kb(pid))
        finally:
            stream.close()
            self.quit_app(pid)
        return quiet


@dataclass
class Quiet:
    """A start timed to its first row and to a quiet screen (seconds from Enter)."""

    first_row: float
    quiet: float
    peak_kb: int | None


@dataclass
class Start:
    seconds: float
    #: For memory runs: seconds from Enter until the app stopped working, and its peak RSS.
    idle_after: float = 0.0
    peak_kb: int | None = None


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_kb(pid: int) -> int | None:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def settle(pid: int) -> tuple[float, int | None]:
    """Wait until the app is idle (its loading done); return the wait and its peak RSS."""
    started = time.perf_counter()
    window = 0.5
    used = cpu_seconds(pid)
    while time.perf_counter() - started < IDLE_TIMEOUT:
        time.sleep(window)
        now = cpu_seconds(pid)
        if now - used < IDLE_CPU_SHARE * window:
            break
        used = now
    return time.perf_counter() - started - window, peak_rss_kb(pid)


def title_pattern(titles: Sequence[str]) -> re.Pattern[str]:
    """Any initiative's title (its first 20 characters: columns may cut the rest)."""
    heads = sorted({t[:20] for t in titles}, key=len, reverse=True)
    return re.compile("|".join(re.escape(h) for h in heads))


def cells(values: dict[str, Any], show: Callable[[Any], str]) -> dict[str, str]:
    return {size: show(value) if value is not None else "–" for size, value in values.items()}


def ratio_of(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None


def show_times(value: float) -> str:
    return f"{value:.2f}x"


def show_seconds(value: float) -> str:
    return f"{value:.1f} s"


def show_mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


# -- opening the workspace in a real terminal ------------------------------------------------

#: Escape sequences, stripped from the pane's output before looking for text in it.
ESCAPES = re.compile(rb"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>78]")
#: The workspace's header: "<title> — step <n> <name> · <status> · <health>".
WORKSPACE_HEADING = re.compile(rb"\xe2\x80\x94 step \d")


class PaneStream:
    """What the app writes to the pane, as tmux passes it on (``pipe-pane``), unpolled."""

    def __init__(self, terminal: Terminal, scratch: Path) -> None:
        self.terminal = terminal
        fifo = scratch / "pane.fifo"
        fifo.unlink(missing_ok=True)
        os.mkfifo(fifo)
        terminal.tmux("pipe-pane", "-t", "bench", f"cat > {shlex.quote(str(fifo))}")
        # Blocks until tmux's cat opens the other end, which it does at once.
        self.fd = os.open(fifo, os.O_RDONLY)

    def drain(self, seconds: float) -> None:
        """Read and drop what comes within ``seconds``."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready and not os.read(self.fd, 1 << 16):
                return

    def wait_for(self, pattern: re.Pattern[bytes], timeout: float) -> float:
        """The moment ``pattern`` is first in the text written since the call."""
        seen = b""
        deadline = time.perf_counter() + timeout
        while (left := deadline - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                break
            chunk = os.read(self.fd, 1 << 16)
            arrived = time.perf_counter()
            if not chunk:
                break
            seen += chunk
            if pattern.search(ESCAPES.sub(b"", seen)):
                return arrived
        raise TimeoutError(f"{pattern.pattern!r} did not appear in {timeout} s")

    def quiet(self, pid: int, window: float, timeout: float) -> float:
        """The moment of the app's last output before it fell quiet: nothing written for
        ``window`` seconds, and under ``IDLE_CPU_SHARE`` of a CPU used meanwhile."""
        last = time.perf_counter()
        used = cpu_seconds(pid)
        deadline = last + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.fd], [], [], window)
            if ready:
                if not os.read(self.fd, 1 << 16):
                    break
                last = time.perf_counter()
                used = cpu_seconds(pid)
                continue
            now = cpu_seconds(pid)
            if now - used < IDLE_CPU_SHARE * window:
                return last
            used = now
        raise TimeoutError(f"the app did not fall quiet in {timeout} s")

    def close(self) -> None:
        self.terminal.tmux("pipe-pane", "-t", "bench")
        os.close(self.fd)


def dashboard_idle(screen: str) -> bool:
    return "Initiatives —" in screen and "loading" not in screen
