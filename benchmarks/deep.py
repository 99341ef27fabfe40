"""A long-running initiative's workspace (6,320 sessions): how long each part takes to show,
and the longest the app's event loop is blocked meanwhile.

The real app runs in-process (``App.run_test``, 120x40, headless: Textual still lays out
and renders every frame), on a copy of the deep file. A probe shares the app's event
loop: a coroutine that sleeps 5 ms over and over and records how late it wakes. Its
longest overshoot is the longest the loop was blocked: how long a key pressed then
would have waited.

Each run starts a fresh process on the idle dashboard (every summary loaded), opens the
deepest initiative's workspace and times:

- the heading: from the push until the screen is current with its heading (title,
  step, doctor findings) and a frame has been drawn;
- each tab in turn, chosen as its digit would: until its content (the whole initiative,
  or the outline for the overview) is in its widgets and a frame has been drawn.

Each figure's longest block counts from the act until 0.3 s after the content showed,
so work finished just after (a table laying out its rows) is counted too.

    python benchmarks/deep.py --db PATH [--runs 3] [--src OTHER/src]

``--src`` runs the timed processes on another copy of opstui's sources (such as an
older commit's ``git archive``), interleaved with this one's: before and after in one run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
#: How often the probe wakes, and how long after a part showed its blocks still count.
PROBE_SECONDS = 0.005
AFTER_SECONDS = 0.3
#: A part that takes longer than this failed to show.
PART_TIMEOUT = 120.0
#: The goal: no screen blocks the loop longer than this.
BLOCK_GOAL = 0.100


class LoopLag:
    """The longest the event loop was late to wake a 5 ms sleeper, since ``reset``: in
    time on the clock (``worst``), and in the CPU time the loop's thread spent meanwhile
    (``worst_cpu``), which other programs on a busy machine do not lengthen."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.worst_cpu = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._probe())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def reset(self) -> None:
        self.worst = self.worst_cpu = 0.0

    async def _probe(self) -> None:
        while True:
            asked, used = time.perf_counter(), time.thread_time()
            await asyncio.sleep(PROBE_SECONDS)
            self.worst = max(self.worst, time.perf_counter() - asked - PROBE_SECONDS)
            self.worst_cpu = max(self.worst_cpu, time.thread_time() - used)


async def _until(done: Callable[[], bool], what: str) -> None:
    deadline = time.perf_counter() + PART_TIMEOUT
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{what} did not show in {PART_TIMEOUT:.0f} s")
        await asyncio.sleep(0.002)


async def measure_once(db_path: Path, initiative_id: str) -> dict[str, dict[str, float]]:
    """One open of the workspace and each of its tabs: seconds to show, longest block."""
    from opstui.app import make_app
    from opstui.db.store import Store
    from opstui.screens.workspace import TABS, WorkspaceScreen

    figures: dict[str, dict[str, float]] = {}
    lag = LoopLag()
    with Store.open(db_path) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            lag.start()
            await asyncio.sleep(0.2)

            async def timed(name: str, act: Callable[[], Any], done: Callable[[], bool]) -> None:
                lag.reset()
                started = time.perf_counter()
                result = act()
                if asyncio.iscoroutine(result):
                    await result
                await _until(done, name)
                await pilot.pause()
                shown = time.perf_counter() - started
                await asyncio.sleep(AFTER_SECONDS)
                figures[name] = {"seconds": shown, "block": lag.worst, "cpu": lag.worst_cpu}

            screen = WorkspaceScreen(initiative_id)
            await timed(
                "heading",
                lambda: app.push_screen(screen),
                lambda: app.screen is screen and "step" in str(screen.sub_title),
            )

            # The rest of the initiative is read in a worker once the heading shows.
            await timed("whole read", lambda: None, lambda: screen.whole is not None)

            def tab_done(key: str) -> Callable[[], bool]:
                def done() -> bool:
                    tab = screen.tab(key)
                    if not tab.is_built or tab.loading:
                        return False
                    wanted = screen.outline if tab.SHOWS_OUTLINE else screen.whole
                    # A tab that fills in parts says so (``settled``); others are done
                    # once shown.
                    return tab.shown is wanted and bool(getattr(tab, "settled", True))

                return done

            for key, _title in TABS:
                await timed(key, lambda key=key: screen.action_show_tab(key), tab_done(key))
            lag.stop()
            await app.action_quit()
    return figures


def run_process(
    db_path: Path, initiative_id: str, src: Path | None = None
) -> dict[str, dict[str, float]]:
    """``measure_once`` in a fresh process (on the sources in ``src``, if given)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        )
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), "--db", str(db_path), "--initiative",
         initiative_id, "--once"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the deep workspace run failed:\n{done.stderr[-3000:]}")
    figures: dict[str, dict[str, float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def deepest_initiative(db_path: Path) -> tuple[str, int]:
    """The id of the initiative with the most sessions, and how many it has."""
    from collections import Counter

    from opstui.db.store import Store

    with Store.open(db_path, read_only=True) as store:
        counted = Counter(s.initiative_id for s in store.list_sessions())
    initiative_id, sessions = counted.most_common(1)[0]
    return initiative_id, sessions


def summarise(runs: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Per part and figure (seconds, block, cpu): the median, and the spread (min, max)."""
    summary: dict[str, dict[str, float]] = {}
    for part in runs[0]:
        summary[part] = {}
        for figure in ("seconds", "block", "cpu"):
            values = [run[part][figure] for run in runs]
            summary[part] |= {
                figure: statistics.median(values),
                f"{figure}_min": min(values),
                f"{figure}_max": max(values),
            }
    return summary


def spread(figure: dict[str, float], name: str) -> str:
    """ "median (min–max)" in milliseconds."""
    low, high = round(figure[f"{name}_min"] * 1000), round(figure[f"{name}_max"] * 1000)
    return f"{figure[name] * 1000:.0f} ({low}–{high})"


def measure_deep(db: Any, runs: int, results: Any) -> None:
    """``run.py --only deep``: a row for the heading, the whole read and each tab of the
    deepest initiative's workspace (the figures are in the large column)."""
    from harness import verdict

    fresh = [run_process(db.work, db.largest_initiative) for _ in range(max(runs, 1))]
    summary = summarise(fresh)
    results.raw["deep"] = {"runs": fresh, "summary": summary}
    results.notes.append(
        f"deep: the deep file's largest initiative ({db.largest_sessions:,} sessions), "
        f"{len(fresh)} runs; ms shown · longest block · the loop's CPU time in it, "
        "median (min–max); the verdict holds the worst block (CPU) to 100 ms"
    )
    for part, figure in summary.items():
        results.add(
            f"deep: {part}",
            large=f"{spread(figure, 'seconds')} · {spread(figure, 'block')} · "
            f"{spread(figure, 'cpu')}",
            goal="block ≤ 100 ms",
            verdict=verdict([figure["cpu_max"]], BLOCK_GOAL),
        )


def show(summary: dict[str, dict[str, float]]) -> str:
    lines = [f"{'':>10}  {'shown ms':>18}  {'longest block ms':>18}  {'its loop CPU ms':>18}"]
    for part, f in summary.items():
        lines.append(
            f"{part:>10}  {spread(f, 'seconds'):>18}  {spread(f, 'block'):>18}  "
            f"{spread(f, 'cpu'):>18}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--initiative", help="the initiative's id (default: the deepest)")
    parser.add_argument("--src", type=Path, help="other sources to time, interleaved")
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    initiative_id = args.initiative or deepest_initiative(args.db)[0]
    if args.once:
        print(json.dumps(asyncio.run(measure_once(args.db, initiative_id))))
        return 0
    these: list[dict[str, dict[str, float]]] = []
    others: list[dict[str, dict[str, float]]] = []
    for _ in range(args.runs):
        if args.src is not None:
            others.append(run_process(args.db, initiative_id, args.src))
        these.append(run_process(args.db, initiative_id))
    if others:
        print(f"{args.src}:")
        print(show(summarise(others)))
        print("these sources:")
    print(show(summarise(these)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
