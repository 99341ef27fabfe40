"""`run.py --only dashboard`: coming back to the dashboard from a workspace.

The real app in the 120x40 tmux terminal, on the large file: the dashboard is left
idle (every summary computed), the first initiative is opened with Enter and, once its
workspace is idle, closed with Escape. From Escape on, the app's CPU time is counted
until it is idle again (what coming back costs: before issue 23 every summary was
computed again), and keys are pressed meanwhile (Down, Up, ... ten of them): each one's
lag is the time from sending it to the detail line under the table naming the row it
moved to, in what the app writes to the pane (``PaneStream``, unpolled).

With ``--before SRC`` (a checkout's ``src`` folder) the same is measured for that code,
interleaved return by return with this tree's, on a copy of the file at the schema that
code knows (schema 8's indexes dropped): before and after in one run.

    .venv/bin/python benchmarks/dashboard.py --db benchmarks/out/large.db [--before /tmp/old/src]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    IDLE_TIMEOUT,
    WORKSPACE_HEADING,
    Database,
    PaneStream,
    Results,
    Terminal,
    cpu_seconds,
    dashboard_idle,
    ms,
    percentile,
    settle,
)

#: Keys pressed after each Escape, alternately Down and Up.
KEYS = 10
#: Returns to the dashboard measured per program (after one that is not counted).
RETURNS = 5


@dataclass
class Program:
    """A version of opstui to measure: how to start it, on which copy of the file."""

    label: str
    command: list[str]
    db: Path


@dataclass
class Returns:
    """What the returns to the dashboard cost one program."""

    cpu: list[float] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)


def detail_of(title: str) -> re.Pattern[bytes]:
    """The detail line under the table, naming this initiative (the rows never say "· step")."""
    return re.compile(re.escape(title.encode()) + rb"\s*\xc2\xb7 step")


class Session:
    """One program running on the dashboard in the terminal, its output streamed."""

    def __init__(self, terminal: Terminal, program: Program, titles: Sequence[str], scratch: Path):
        self.terminal = terminal
        self.titles = titles
        terminal.clear()
        terminal.send(shlex.join([*program.command, "--db", str(program.db)]), "Enter")
        terminal.wait_for(dashboard_idle, IDLE_TIMEOUT)
        pid = terminal.app_pid()
        if pid is None:
            raise RuntimeError(f"{program.label} did not start")
        self.pid = pid
        settle(pid)
        self.stream = PaneStream(terminal, scratch)

    def one_return(self, into: Returns) -> None:
        """Open the first initiative, wait for its workspace to be idle, come back."""
        self.stream.drain(0.3)
        self.terminal.send("Enter")
        self.stream.wait_for(WORKSPACE_HEADING, 60)
        settle(self.pid)
        self.stream.drain(0.2)
        used = cpu_seconds(self.pid)
        self.terminal.send("Escape")
        self.stream.wait_for(detail_of(self.titles[0]), 60)
        for key in range(KEYS):
            down = key % 2 == 0
            before = time.perf_counter()
            self.terminal.send("Down" if down else "Up")
            pressed = (before + time.perf_counter()) / 2
            shown = self.stream.wait_for(detail_of(self.titles[1 if down else 0]), 60)
            into.lags.append(shown - pressed)
            time.sleep(0.05)
        settle(self.pid)
        into.cpu.append(cpu_seconds(self.pid) - used)

    def close(self) -> None:
        self.stream.close()
        self.terminal.quit_app(self.pid)


def schema_7_copy(path: Path, scratch: Path) -> Path:
    """A copy of the file as schema 7 had it: the code before issue 23 refuses schema 8."""
    copy = scratch / f"v7-{path.name}"
    shutil.copyfile(path, copy)
    conn = sqlite3.connect(copy)
    names = [
        n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE name LIKE '%_edited'")
    ]
    for name in names:
        conn.execute(f"DROP INDEX {name}")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    return copy


def measure(
    programs: Sequence[Program], titles: Sequence[str], returns: int, scratch: Path
) -> dict[str, Returns]:
    """Every program started side by side (one at a time in the terminal), returns
    interleaved: one return of each in turn, so a busy moment hits them alike."""
    figures = {p.label: Returns() for p in programs}
    terminal = Terminal(scratch)
    try:
        terminal.start()
        for round_ in range(returns + 1):
            for program in programs:
                session = Session(terminal, program, titles, scratch)
                try:
                    # The first round writes bytecode and warms the OS cache: not counted.
                    session.one_return(figures[program.label] if round_ else Returns())
                finally:
                    session.close()
    finally:
        terminal.close()
    return figures


def programs_for(work: Path, before: Path | None, scratch: Path) -> list[Program]:
    python = sys.executable
    after = Program("after", [python, "-m", "opstui"], work)
    if before is None:
        return [after]
    env = ["env", f"PYTHONPATH={before}"]
    return [Program("before", [*env, python, "-m", "opstui"], schema_7_copy(work, scratch)), after]


def add_rows(results: Results, size: str, figures: dict[str, Returns]) -> None:
    """CPU-seconds per return and key lag (p50, p90, max), per program."""
    for label, got in figures.items():
        tag = f"{size}, {label}" if len(figures) > 1 else size
        cell = "small" if size == "small" else "large"
        results.add(
            f"dashboard return: CPU-seconds ({tag}, median, min–max)",
            **{cell: f"{statistics.median(got.cpu):.2f} s ({min(got.cpu):.2f}–{max(got.cpu):.2f})"},
        )
        results.add(
            f"  key lag meanwhile p50 / p90 / max ({tag})",
            **{
                cell: f"{ms(percentile(got.lags, 0.5))} / {ms(percentile(got.lags, 0.9))}"
                f" / {ms(max(got.lags))}"
            },
            goal="p90 ≤ 100 ms" if label == "after" else "",
        )
    results.raw.setdefault("dashboard", {})[size] = {k: vars(v) for k, v in figures.items()}


def measure_dashboard(
    databases: dict[str, Database],
    scratch: Path,
    results: Results,
    before: Path | None = None,
    returns: int = RETURNS,
) -> None:
    """The dashboard part of ``make bench``, on the large file."""
    from harness import verdict

    db = databases["large"]
    figures = measure(programs_for(db.work, before, scratch), db.titles, returns, scratch)
    add_rows(results, "large", figures)
    after = figures["after"]
    results.rows[-1].verdict = verdict([percentile(after.lags, 0.9)], 0.100)


def main(argv: Sequence[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--before", type=Path, help="src folder of the code to compare with")
    parser.add_argument("--returns", type=int, default=RETURNS)
    args = parser.parse_args(argv)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="opstui-dash-") as tmp:
        scratch = Path(tmp)
        work = scratch / args.db.name
        shutil.copyfile(args.db, work)
        conn = sqlite3.connect(f"file:{work}?mode=ro", uri=True)
        titles = [
            t
            for (t,) in conn.execute(
                "SELECT title FROM initiatives ORDER BY created_at, title COLLATE NOCASE"
            )
        ]
        conn.close()
        figures = measure(programs_for(work, args.before, scratch), titles, args.returns, scratch)
        results = Results()
        add_rows(results, args.db.stem, figures)
        for row in results.rows:
            print(f"{row.label:70} {row.small if row.small != '–' else row.large}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
