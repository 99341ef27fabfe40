"""The live session as the facilitator feels it: each key's time to a quiet screen,
memory over 500 captures, and the CPU of the screen left alone.

The real program runs in a 120x40 tmux pane (``harness.Terminal``) on a working copy of
the large file, in a live session of its largest initiative (added to the copy with
eight of the file's people, from the validation playbook, and resumed from the dialog
the app offers at start). What the app writes is read from ``harness.PaneStream``.

A key's latency runs from just before its ``send-keys`` to the last byte the app writes
in answer, where the answer ends at the first gap of ``QUIET`` seconds with no byte
(the agenda timer is paused while keys are timed, so the only writer is the key's own
answer). Every act is timed in two windows of ``WINDOW`` captures: the 1st–10th and the
491st–500th; the captures in between are sent in bursts of ten, as a fast typist would,
and waited for in the file. The acts: ``f`` opens the capture form, a digit picks who
said it, each of the first eight characters of the text, Enter saves, a ballot key in
an open vote, ``n`` moves the agenda on (and ``b`` back).

    python benchmarks/live.py --db benchmarks/out/large.db [--captures 500]
"""

from __future__ import annotations

import argparse
import os
import select
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    OPSTUI,
    Database,
    PaneStream,
    Results,
    Terminal,
    cpu_seconds,
    ms,
    percentile,
    verdict,
)

from opstui.db.store import Store
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session_plan import plan_session

#: No byte from the app for this long: its answer to a key is over ("a quiet screen").
#: Under the Input's cursor blink (0.5 s) and well over a frame (Textual draws at 60 Hz).
QUIET = 0.15
#: Remarks captured in the session measured.
CAPTURES = 500
#: Captures timed in each window (the 1st–10th, and the last ten).
WINDOW = 10
#: Captures sent in one ``send-keys`` between the windows.
BURST = 10
PARTICIPANTS = 8
#: Characters of each remark's text timed one by one (the rest is sent at once).
TIMED_CHARACTERS = 8
IDLE_SECONDS = 10.0
TITLE = "Benchmark live session"
TEXT = "the sync misses holidays"
#: Goals of issue 23.
KEY_P90 = 0.050
RSS_GROWTH_MB = 10.0
LAST_OVER_FIRST = 1.2
IDLE_CPU = 0.03
ACTS = ("open form", "pick", "type", "Enter (save)", "ballot key", "agenda next")


def vm_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def add_live_session(work: Path, initiative_id: str) -> tuple[str, int]:
    """A live validation session of ``initiative_id`` in the working copy; its id and the
    number of agenda items."""
    book = next(b for b in builtin_playbooks() if b.key == "validation")
    with Store.open(work) as store:
        people = store.list_people()[:PARTICIPANTS]
        session, agenda = plan_session(
            initiative_id=initiative_id,
            playbook=book,
            title=TITLE,
            participant_ids=[p.id for p in people],
            facilitator_id=None,
            now=datetime.now(UTC),
        )
        store.add_session(session, agenda)
    return session.id, len(agenda)


def remarks_in(work: Path, session_id: str) -> int:
    with Store.open(work, read_only=True) as store:
        return len(store.list_feedback(session_id=session_id))


class Keys:
    """Keys into the pane; each timed act waits for the screen to go quiet first."""

    def __init__(self, terminal: Terminal, stream: PaneStream) -> None:
        self.terminal = terminal
        self.stream = stream

    def quiet(self, timeout: float = 30.0) -> None:
        """Read until nothing has come for ``QUIET`` seconds."""
        deadline = time.perf_counter() + timeout
        fd = self.stream.fd
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], QUIET)
            if not ready:
                return
            if not os.read(fd, 1 << 16):
                return
        raise TimeoutError("the screen never went quiet")

    def timed(self, *keys: str, literal: bool = False) -> float:
        """Seconds from sending ``keys`` to the last byte of the app's answer."""
        self.quiet()
        fd = self.stream.fd
        before = time.perf_counter()
        self.terminal.send(*keys, literal=literal)
        last = None
        while True:
            ready, _, _ = select.select([fd], [], [], QUIET if last else 10.0)
            if not ready:
                break
            if not os.read(fd, 1 << 16):
                break
            last = time.perf_counter()
        if last is None:
            raise TimeoutError(f"no answer to {keys!r}")
        return last - before


@dataclass
class LiveFigures:
    """Latencies per act in each window, memory, idle CPU."""

    first: dict[str, list[float]] = field(default_factory=lambda: {a: [] for a in ACTS})
    last: dict[str, list[float]] = field(default_factory=lambda: {a: [] for a in ACTS})
    rss_kb: dict[str, int] = field(default_factory=dict)
    idle_cpu: float | None = None
    captures: int = 0


def time_capture(keys: Keys, acts: dict[str, list[float]], n: int) -> None:
    """One remark, every key timed: open the form, pick who and how, type, save."""
    acts["open form"].append(keys.timed("f"))
    acts["pick"].append(keys.timed(str(1 + n % PARTICIPANTS)))
    acts["pick"].append(keys.timed("4"))
    text = f"{TEXT} {n}"
    for char in text[:TIMED_CHARACTERS]:
        acts["type"].append(keys.timed(char, literal=True))
    keys.timed(text[TIMED_CHARACTERS:], literal=True)
    acts["Enter (save)"].append(keys.timed("Enter"))


def time_vote(keys: Keys, acts: dict[str, list[float]]) -> None:
    """A fist-of-five: opened, one key per participant (timed), closed with a decision."""
    keys.timed("v")
    keys.timed("C-s")
    for person in range(PARTICIPANTS):
        acts["ballot key"].append(keys.timed(str(2 + person % 4)))
    keys.timed("c")
    keys.timed("Enter")


def time_agenda(keys: Keys, acts: dict[str, list[float]]) -> None:
    for _ in range(2):
        acts["agenda next"].append(keys.timed("n"))
        keys.timed("b")
    # Moving on starts the timer: paused again, so that no tick lands in a timed answer.
    keys.timed("Space")


def wait_remarks(work: Path, session_id: str, count: int, timeout: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout
    while remarks_in(work, session_id) < count:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{count} remarks never reached the file")
        time.sleep(0.2)


def measure(work: Path, initiative_id: str, scratch: Path, captures: int = 500) -> LiveFigures:
    """Run the live session in a fresh terminal and return its figures."""
    session_id, _ = add_live_session(work, initiative_id)
    figures = LiveFigures(captures=captures)
    terminal = Terminal(scratch)
    terminal.start()
    pid: int | None = None
    try:
        terminal.clear()
        terminal.send(shlex.join([str(OPSTUI), "--db", str(work)]), "Enter")
        terminal.wait_for(lambda s: "Resume a session left running?" in s, 120)
        terminal.send("Enter")
        terminal.wait_for(lambda s: "Captured (newest first)" in s, 60)
        pid = terminal.app_pid()
        if pid is None:
            raise RuntimeError("opstui did not start")
        stream = PaneStream(terminal, scratch)
        keys = Keys(terminal, stream)
        try:
            keys.quiet()
            figures.rss_kb["open"] = vm_rss_kb(pid)
            for n in range(WINDOW):
                time_capture(keys, figures.first, n)
            time_vote(keys, figures.first)
            time_agenda(keys, figures.first)
            keys.quiet()
            wait_remarks(work, session_id, WINDOW)
            figures.rss_kb["10th"] = vm_rss_kb(pid)
            sent = WINDOW
            while sent < captures - WINDOW:
                burst = min(BURST, captures - WINDOW - sent)
                batch: list[str] = []
                for n in range(sent, sent + burst):
                    batch += ["f", str(1 + n % PARTICIPANTS), "4", f"{TEXT} {n}", "Enter"]
                terminal.send(*batch)
                sent += burst
                wait_remarks(work, session_id, sent)
                keys.quiet()
            for n in range(sent, captures):
                time_capture(keys, figures.last, n)
            time_vote(keys, figures.last)
            time_agenda(keys, figures.last)
            keys.quiet()
            wait_remarks(work, session_id, captures)
            figures.rss_kb["last"] = vm_rss_kb(pid)
            # Idle: the timer running, nothing pressed.
            terminal.send("Space")
            keys.quiet()
            used = cpu_seconds(pid)
            started = time.perf_counter()
            time.sleep(IDLE_SECONDS)
            figures.idle_cpu = (cpu_seconds(pid) - used) / (time.perf_counter() - started)
            terminal.send("Space")
        finally:
            stream.close()
    finally:
        terminal.quit_app(pid)
        terminal.close()
    return figures


def spread(values: Sequence[float]) -> str:
    return f"{ms(percentile(values, 0.5))} / {ms(percentile(values, 0.9))}"


def add_rows(figures: LiveFigures, results: Results) -> None:
    """The live session's rows (the large file's column)."""
    results.raw["live"] = {
        "first": figures.first,
        "last": figures.last,
        "rss_kb": figures.rss_kb,
        "idle_cpu": figures.idle_cpu,
    }
    n = figures.captures
    for act in ACTS:
        first, last = figures.first[act], figures.last[act]
        if not first or not last:
            continue
        p90 = max(percentile(first, 0.9), percentile(last, 0.9))
        results.add(
            f"live: {act} p50 / p90, 10th capture",
            large=spread(first),
            goal="p90 ≤ 50 ms",
            verdict=verdict([percentile(first, 0.9)], KEY_P90),
        )
        results.add(
            f"live: {act} p50 / p90, {n}th capture",
            large=spread(last),
            goal="p90 ≤ 50 ms",
            verdict=verdict([p90], KEY_P90),
        )
    save_first = statistics.median(figures.first["Enter (save)"])
    save_last = statistics.median(figures.last["Enter (save)"])
    ratio = save_last / save_first
    results.add(
        f"live: Enter (save) median, {n}th / 10th",
        large=f"{ratio:.2f}x",
        goal="≤ 1.2x",
        verdict=verdict([ratio], LAST_OVER_FIRST),
    )
    rss = figures.rss_kb
    growth = (rss["last"] - rss["10th"]) / 1024
    results.add(
        f"live: RSS growth, 10th → {n}th capture",
        large=f"{growth:.1f} MB ({rss['10th'] / 1024:.0f} → {rss['last'] / 1024:.0f})",
        goal="≤ 10 MB",
        verdict=verdict([growth], RSS_GROWTH_MB),
    )
    results.add(
        "  RSS when the live screen opened",
        large=f"{rss['open'] / 1024:.0f} MB",
    )
    if figures.idle_cpu is not None:
        results.add(
            f"live: idle CPU, timer running ({IDLE_SECONDS:.0f} s)",
            large=f"{figures.idle_cpu * 100:.1f}%",
            goal="≤ 3%",
            verdict=verdict([figures.idle_cpu], IDLE_CPU),
        )


def measure_live(
    databases: dict[str, Database], captures: int, scratch: Path, results: Results
) -> None:
    """`run.py --only live`: the live session in the large file's largest initiative."""
    db = databases["large"]
    figures = measure(db.work, db.largest_initiative, scratch, captures)
    add_rows(figures, results)


def copy_work(source: Path, folder: Path) -> Path:
    work = folder / "live.db"
    shutil.copyfile(source, work)
    work.chmod(0o600)
    return work


def largest_initiative(db: Path) -> str:
    with Store.open(db, read_only=True) as store:
        counts: dict[str, int] = {}
        for session in store.list_sessions():
            counts[session.initiative_id] = counts.get(session.initiative_id, 0) + 1
    return max(counts, key=lambda key: counts[key])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--captures", type=int, default=CAPTURES)
    parser.add_argument("--initiative", default=None)
    args = parser.parse_args(argv)
    results = Results()
    with tempfile.TemporaryDirectory(prefix="opstui-live-") as tmp:
        scratch = Path(tmp)
        work = copy_work(args.db, scratch)
        initiative = args.initiative or largest_initiative(work)
        figures = measure(work, initiative, scratch, args.captures)
    add_rows(figures, results)
    for row in results.rows:
        print(f"{row.label:48} {row.large:28} {row.goal:12} {row.verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
