"""`make bench`: how opstui holds up on the demo and on years of data, in one table.

For the small (demo) and the large generated database it measures, as a person would
feel it: the start to the first dashboard in a real 120x40 terminal (tmux), next to a
bare Textual app shown the same way; capturing a feedback item; full-text search; the
export commands as whole processes; opening the workspace of the largest initiative;
the peak memory of the app showing the dashboard; and 30 participants voting from their
own devices (the time until the facilitator's screen is told, and no ballot lost). The
goals of issue 8 are printed beside the figures with a mark; nothing here fails a build.
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dashboard
import deep
import devices
import generate
import live
import search_scale
import team
from harness import (
    HERE,
    IDLE_TIMEOUT,
    OPSTUI,
    OUT,
    SIZES,
    WORKSPACE_HEADING,
    Database,
    PaneStream,
    Quiet,
    Results,
    Row,
    Terminal,
    cells,
    dashboard_idle,
    ms,
    percentile,
    prepare,
    settle,
    show_mb,
    show_spread,
    show_times,
    spread_verdict,
    title_pattern,
    verdict,
)
from importing import measure_import

from opstui.db.store import Store, load_facts
from opstui.domain.base import utcnow
from opstui.domain.session import Feedback, FeedbackKind, Session, SessionKind, SessionState


def measure_starts(
    databases: dict[str, Database],
    runs: int,
    scratch: Path,
    results: Results,
    scale: Database | None = None,
) -> None:
    """Each program's start, to its first row and to a quiet screen, in interleaved runs.

    ``scale``, a file of a million remarks (``scale_data``), is started in the same runs:
    its start is compared with the demo's, pair by pair.

    A run starts the bare app and opstui on each file in turn, so that the ratios are
    taken per run (per interleaved pair): a busy moment of the machine slows both sides
    of a pair alike. The figures are the median with the 10th-90th percentile spread of
    those per-pair values, and a verdict only where the spread supports it
    (``spread_verdict``; README, "verdicts").
    """
    terminal = Terminal(scratch)
    try:
        terminal.start()
        commands: dict[tuple[str, str], str] = {}
        patterns: dict[str, re.Pattern[str]] = {}
        for size, db in databases.items():
            rows_file = scratch / f"rows-{size}.json"
            rows_file.write_text(json.dumps(db.rows), encoding="utf-8")
            commands[("bare", size)] = shlex.join(
                [sys.executable, str(HERE / "bare_app.py"), str(rows_file)]
            )
            commands[("app", size)] = shlex.join([str(OPSTUI), "--db", str(db.work)])
            patterns[size] = title_pattern(db.titles)
        if scale is not None:
            commands[("app", scale.size)] = shlex.join([str(OPSTUI), "--db", str(scale.work)])
            patterns[scale.size] = title_pattern(scale.titles)
        starts: dict[tuple[str, str], list[Quiet]] = {key: [] for key in commands}
        # A first run of each writes bytecode caches and fills the OS file cache.
        for (_, size), command in commands.items():
            terminal.time_to_quiet(command, patterns[size], scratch)
        # Interleaved, so that a slow moment of the machine hits every figure alike.
        for _ in range(runs):
            for key, command in commands.items():
                starts[key].append(terminal.time_to_quiet(command, patterns[key[1]], scratch))
    finally:
        terminal.close()
    results.raw["start"] = {f"{k[0]}-{k[1]}": [vars(q) for q in v] for k, v in starts.items()}

    def per_run(program: str, what: str) -> dict[str, list[float]]:
        return {
            size: [getattr(q, what) for q in starts[(program, size)]]
            for size in SIZES
            if (program, size) in starts
        }

    def ratios(
        top: dict[str, list[float]], bottom: dict[str, list[float]]
    ) -> dict[str, list[float]]:
        return {
            size: [t / b for t, b in zip(top[size], bottom[size], strict=True) if b]
            for size in top
            if size in bottom
        }

    def spread(values: dict[str, list[float]], show: Callable[[float], str]) -> dict[str, str]:
        return {size: show_spread(v, show) for size, v in values.items()}

    for what, label in (("first_row", "first dashboard row"), ("quiet", "a quiet screen")):
        app, bare = per_run("app", what), per_run("bare", what)
        results.add(f"start to {label} (median, p10–p90)", **spread(app, ms))
        results.add("  bare Textual app, same rows", **spread(bare, ms))
        ratio = ratios(app, bare)
        results.add(
            "  opstui / bare, per interleaved pair",
            **spread(ratio, show_times),
            goal="small ≤ 1.25x" if what == "first_row" else "",
            verdict=spread_verdict(ratio.get("small", []), 1.25) if what == "first_row" else "",
        )
        if "small" in app and "large" in app:
            growth = [big / demo for big, demo in zip(app["large"], app["small"], strict=True)]
            # The quiet screen holds every row's summary: it grows with the initiatives.
            results.add(
                "  large start / demo start, per run",
                large=show_spread(growth, show_times),
                goal="≤ 1.1x" if what == "first_row" else "",
                verdict=spread_verdict(growth, 1.1) if what == "first_row" else "",
            )
        if scale is not None and "small" in app:
            scaled = [getattr(q, what) for q in starts[("app", scale.size)]]
            growth = [big / demo for big, demo in zip(scaled, app["small"], strict=True)]
            results.add(
                f"  {scale.size}-remark file start / demo start, per run",
                large=show_spread(growth, show_times),
                goal="≤ 1.2x" if what == "first_row" else "",
                verdict=spread_verdict(growth, 1.2) if what == "first_row" else "",
            )
    peak = {
        size: statistics.median(q.peak_kb or 0 for q in starts[("app", size)])
        for size in SIZES
        if ("app", size) in starts
    }
    bare_peak = {
        size: statistics.median(q.peak_kb or 0 for q in starts[("bare", size)])
        for size in SIZES
        if ("bare", size) in starts
    }
    results.add(
        "peak memory of the app (VmHWM, median)",
        **cells(peak, show_mb),
        goal="large ≤ 120 MB",
        verdict=verdict([peak["large"] / 1024 if peak.get("large") else None], 120),
    )
    results.add("peak memory of the bare app", **cells(bare_peak, show_mb))
    results.raw["memory_kb"] = {f"{k[0]}-{k[1]}": [q.peak_kb for q in v] for k, v in starts.items()}


# -- the store -----------------------------------------------------------------------------


def measure_capture(db: Database, captures: int) -> list[float]:
    """Seconds per ``add_feedback`` into a live session, commit and FTS update included."""
    with Store.open(db.work) as store:
        session = store.add_session(
            Session(
                initiative_id=db.largest_initiative,
                playbook_key="discovery",
                kind=SessionKind.DISCOVERY,
                title="Benchmark capture session",
                state=SessionState.LIVE,
                started_at=utcnow(),
            )
        )
        words = generate.Generator(store, generate.TINY, seed=7)
        kinds = list(FeedbackKind)
        items = [
            Feedback(
                session_id=session.id,
                kind=kinds[n % len(kinds)],
                text=words.sentence(kinds[n % len(kinds)]),
                tags=["benchmark"],
                created_at=session.started_at + timedelta(seconds=n)
                if session.started_at
                else utcnow(),
            )
            for n in range(captures)
        ]
        timings = []
        for item in items:
            started = time.perf_counter()
            store.add_feedback(item)
            timings.append(time.perf_counter() - started)
        store.update_session(session.model_copy(update={"state": SessionState.ENDED}))
    return timings


def _seconds_2(value: float) -> str:
    return f"{value:.2f} s"


def measure_search(db: Database, repeats: int = 5) -> list[float]:
    """Seconds per ``search_feedback`` over every feedback item, for realistic queries."""
    timings = []
    with Store.open(db.work, read_only=True) as store:
        for query in generate.SEARCH_QUERIES:
            store.search_feedback(query)  # the first query of a word warms SQLite's cache
            for _ in range(repeats):
                started = time.perf_counter()
                store.search_feedback(query)
                timings.append(time.perf_counter() - started)
    return timings


def measure_search_everything(db: Database, repeats: int = 5) -> list[float]:
    """Seconds per ``search_everything`` (the first page of 20 hits, across every
    initiative and every kind), for the same realistic queries."""
    timings = []
    with Store.open(db.work, read_only=True) as store:
        for query in generate.SEARCH_QUERIES:
            store.search_everything(query, limit=20)  # warms SQLite's cache
            for _ in range(repeats):
                started = time.perf_counter()
                store.search_everything(query, limit=20)
                timings.append(time.perf_counter() - started)
    return timings


def measure_typed_search(db: Database) -> list[float]:
    """Seconds per keystroke of the workspace's search field, on the largest initiative.

    Each query is typed a letter at a time, as a person does, and every prefix is
    searched the way the field searches it (``Store.feedback_matching``).
    """
    timings = []
    with Store.open(db.work, read_only=True) as store:
        for query in generate.SEARCH_QUERIES:
            for end in range(1, len(query) + 1):
                started = time.perf_counter()
                store.feedback_matching(query[:end], db.largest_initiative)
                timings.append(time.perf_counter() - started)
    return timings


def export_available() -> bool:
    done = subprocess.run([str(OPSTUI), "export", "--help"], capture_output=True)
    return done.returncode == 0


def measure_export(db: Database, what: str, id_: str, scratch: Path, runs: int) -> float:
    """Median seconds of ``opstui export WHAT ID`` as a whole process, output to a file."""
    env = {
        **os.environ,
        "OPSTUI_DB": str(db.work),
        "XDG_DATA_HOME": str(scratch / "data"),
        "XDG_CONFIG_HOME": str(scratch / "config"),
    }
    timings = []
    for run in range(runs + 1):
        with (scratch / f"export-{what}.md").open("wb") as out:
            started = time.perf_counter()
            done = subprocess.run(
                [str(OPSTUI), "export", what, id_], stdout=out, stderr=subprocess.PIPE, env=env
            )
            elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode(errors="replace").strip().splitlines()[-1])
        if run:  # the first run only warms the caches
            timings.append(elapsed)
    return statistics.median(timings)


def measure_load_facts(db: Database, runs: int) -> float:
    """Median seconds of ``load_facts`` for the largest initiative, on a fresh connection."""
    timings = []
    for _ in range(runs + 1):
        with Store.open(db.work, read_only=True) as store:
            started = time.perf_counter()
            load_facts(store, db.largest_initiative)
            timings.append(time.perf_counter() - started)
    return statistics.median(timings[1:])


def measure_store(
    databases: dict[str, Database], runs: int, captures: int, scratch: Path, results: Results
) -> None:
    capture = {size: measure_capture(db, captures) for size, db in databases.items()}
    results.raw["capture"] = capture
    p50 = {s: percentile(capture[s], 0.5) if s in capture else None for s in SIZES}
    p99 = {s: percentile(capture[s], 0.99) if s in capture else None for s in SIZES}
    results.add(f"capture feedback p50 ({captures:,} captures)", **cells(p50, ms))
    results.add(
        "capture feedback p99",
        **cells(p99, ms),
        goal="≤ 10 ms",
        verdict=verdict(list(p99.values()), 0.010),
    )

    search = {size: measure_search(db) for size, db in databases.items()}
    results.raw["search"] = search
    median = {s: statistics.median(search[s]) if s in search else None for s in SIZES}
    high = {s: percentile(search[s], 0.99) if s in search else None for s in SIZES}
    results.add(
        f"search feedback median ({len(generate.SEARCH_QUERIES)} queries)",
        **cells(median, ms),
        goal="≤ 20 ms",
        verdict=verdict(list(median.values()), 0.020),
    )
    results.add("search feedback p99", **cells(high, ms))

    everything = {size: measure_search_everything(db) for size, db in databases.items()}
    results.raw["search_everything"] = everything
    median = {s: statistics.median(everything[s]) if s in everything else None for s in SIZES}
    high = {s: percentile(everything[s], 0.99) if s in everything else None for s in SIZES}
    results.add("search everything, first 20 hits (median)", **cells(median, ms))
    results.add("  its p99", **cells(high, ms))

    typed = {size: measure_typed_search(db) for size, db in databases.items()}
    results.raw["typed_search"] = typed
    median = {s: statistics.median(typed[s]) if s in typed else None for s in SIZES}
    high = {s: percentile(typed[s], 0.99) if s in typed else None for s in SIZES}
    results.add("search as you type, largest initiative (median)", **cells(median, ms))
    results.add("  its p99 (a keystroke)", **cells(high, ms))

    if not export_available():
        for what in ("session", "initiative"):
            results.add(
                f"export {what} (whole process)",
                small="n/a",
                large="n/a (export command missing)",
                goal="≤ 300 ms",
                verdict="n/a",
            )
    else:
        for what in ("session", "initiative"):
            timings: dict[str, float | None] = {}
            shown: dict[str, str] = {}
            for size, db in databases.items():
                id_ = db.busiest_session if what == "session" else db.largest_initiative
                try:
                    timings[size] = measure_export(db, what, id_, scratch, runs)
                    shown[size] = ms(timings[size])
                except RuntimeError as exc:
                    timings[size] = None
                    shown[size] = f"error: {exc}"[:40]
            results.add(
                f"export {what} (whole process)",
                **shown,
                goal="≤ 300 ms",
                verdict=verdict(list(timings.values()), 0.300),
            )

    facts = {size: measure_load_facts(db, runs) for size, db in databases.items()}
    results.raw["load_facts"] = facts
    results.add("workspace: whole initiative read (load_facts)", **cells(facts, ms))


def measure_workspace_opens(
    db: Database, runs: int, terminal: Terminal, scratch: Path
) -> list[float]:
    """Seconds from Enter on the largest initiative to its workspace heading on screen.

    The app is started on the working copy; its dashboard is narrowed to the largest
    initiative by typing its title, so that Enter opens that one. Each open starts from
    an idle dashboard (every row computed) and goes back to it with Escape. The first
    value is the first open of the run.
    """
    terminal.clear()
    terminal.send(shlex.join([str(OPSTUI), "--db", str(db.work)]), "Enter")
    pid: int | None = None
    try:
        terminal.wait_for(dashboard_idle, IDLE_TIMEOUT)
        pid = terminal.app_pid()
        if pid is None:
            raise RuntimeError(f"opstui did not start on {db.work}")
        # The first frames may show the count before "loading…" comes: the summaries
        # are done when the app stops working.
        settle(pid)
        terminal.send("/")
        time.sleep(0.5)  # the narrowing field takes the keys typed from now on
        terminal.send(db.largest_title, literal=True)
        terminal.wait_for(lambda s: "— 1 of " in s, 10)
        stream = PaneStream(terminal, scratch)
        try:
            opens = []
            for _ in range(runs + 1):
                stream.drain(0.3)
                before = time.perf_counter()
                terminal.send("Enter")
                pressed = (before + time.perf_counter()) / 2
                opens.append(stream.wait_for(WORKSPACE_HEADING, 30) - pressed)
                stream.drain(1.0)  # the rest of the initiative is read meanwhile
                terminal.send("Escape")
                stream.drain(0.3)
                terminal.wait_for(dashboard_idle, IDLE_TIMEOUT)
                settle(pid)
        finally:
            stream.close()
    finally:
        terminal.quit_app(pid)
    return opens


def measure_workspace(
    databases: dict[str, Database], runs: int, scratch: Path, results: Results
) -> None:
    terminal = Terminal(scratch)
    opens: dict[str, list[float]] = {}
    try:
        terminal.start()
        for size, db in databases.items():
            opens[size] = measure_workspace_opens(db, runs, terminal, scratch)
    finally:
        terminal.close()
    results.raw["workspace_opens"] = opens
    first = {size: values[0] for size, values in opens.items()}
    median = {size: statistics.median(values[1:]) for size, values in opens.items()}
    results.add(
        "workspace of largest initiative (median)",
        **cells(median, ms),
        goal="≤ 100 ms",
        verdict=verdict(list(median.values()), 0.100),
    )
    results.add("  its first open in the run", **cells(first, ms))


# -- participants' devices ------------------------------------------------------------------

#: Simulated devices and votes: a large call, every vote method once, then an anonymous one.
DEVICES = 30
DEVICE_VOTES = 5
#: At most this many seconds before a device votes, in the "as people vote" runs.
THINK_SECONDS = 3.0


def measure_devices(databases: dict[str, Database], results: Results) -> None:
    """30 devices voting in 5 votes, on loopback, in one process with the server (see
    devices.py): the latency from a ballot's POST to the live screen being told, and
    every ballot in the file afterwards. Once with every device voting the moment the
    vote shows (one burst: the worst case), once with people taking up to 3 s."""
    runs = {
        (size, think): asyncio.run(devices.measure(db.work, DEVICES, DEVICE_VOTES, think))
        for size, db in databases.items()
        for think in (0.0, THINK_SECONDS)
    }
    results.raw["devices"] = {
        f"{size}-think{think:g}": {
            "latencies": run.latencies,
            "round_seconds": run.round_seconds,
            "expected": run.expected,
            "stored": run.stored,
            "polls_refused": run.polls_refused,
            "ballots_refused": run.ballots_refused,
        }
        for (size, think), run in runs.items()
    }
    ballots = DEVICES * DEVICE_VOTES
    for think, how in ((0.0, "all at once"), (THINK_SECONDS, f"within {THINK_SECONDS:g} s")):
        at = {size: runs[(size, think)] for size in databases}
        p50 = {s: percentile(at[s].latencies, 0.5) if s in at else None for s in SIZES}
        p99 = {s: percentile(at[s].latencies, 0.99) if s in at else None for s in SIZES}
        top = {s: max(at[s].latencies) if s in at else None for s in SIZES}
        results.add(
            f"device ballot to screen told p50 ({DEVICES} devices, {how})", **cells(p50, ms)
        )
        results.add(
            "  its p99",
            **cells(p99, ms),
            goal="≤ 200 ms",
            verdict=verdict(list(p99.values()), 0.200),
        )
        results.add("  its max", **cells(top, ms))
        rounds = {s: statistics.median(at[s].round_seconds) if s in at else None for s in SIZES}
        results.add("  vote opened to every ballot in (median)", **cells(rounds, ms))
        lost = {s: at[s].lost + at[s].ballots_refused if s in at else None for s in SIZES}
        results.add(
            f"  ballots lost or refused (of {ballots}, receipts too)",
            **cells(lost, str),
            goal="0",
            verdict=verdict(list(lost.values()), 0),
        )
        refused = {s: at[s].polls_refused if s in at else None for s in SIZES}
        results.add("  page polls refused (429, retried)", **cells(refused, str))


def measure_team(
    databases: dict[str, Database], runs: int, scratch: Path, results: Results
) -> None:
    """Merging each file into an empty one and into a copy of itself, and bundling its
    largest initiative (team.py): medians of fresh runs on copies."""
    runs = max(1, min(runs, 3))
    times = {}
    for size, db in databases.items():
        folder = scratch / f"team-{size}"
        folder.mkdir()
        times[size] = team.measure(db.original, runs, folder, db.largest_initiative)
    results.raw["team"] = {size: vars(t) for size, t in times.items()}
    results.add(
        "merge the whole file into an empty one",
        **cells({s: t.into_empty for s, t in times.items()}, _seconds_2),
    )
    results.add(
        "merge the whole file into a copy of itself",
        **cells({s: t.into_itself for s, t in times.items()}, _seconds_2),
    )
    for label, attr in (
        ("  longest write-lock wait, into an empty one", "lock_wait_empty"),
        ("  longest write-lock wait, into a copy of itself", "lock_wait_itself"),
    ):
        waits = {s: getattr(t, attr) for s, t in times.items()}
        results.add(
            label,
            **cells(waits, _seconds_2),
            goal="≤ 1 s",
            verdict=verdict(list(waits.values()), 1.0),
        )
    changed = {s: t.changed_by_second_merge for s, t in times.items()}
    results.add(
        "  rows it changed or reported",
        **cells(changed, str),
        goal="0",
        verdict=verdict(list(changed.values()), 0),
    )
    results.add(
        "bundle the largest initiative",
        **cells({s: t.bundle for s, t in times.items()}, _seconds_2),
    )


# -- the report ------------------------------------------------------------------------------


def print_table(results: Results, databases: dict[str, Database]) -> None:
    headers = Row("measure", "small (demo)", "large", "goal", "")
    rows = [headers, *results.rows]
    widths = [
        max(len(getattr(r, name)) for r in rows)
        for name in ("label", "small", "large", "goal", "verdict")
    ]
    rule = "  ".join("-" * w for w in widths)
    print()
    for index, row in enumerate(rows):
        cells = (row.label, row.small, row.large, row.goal, row.verdict)
        print(
            "  ".join(
                cell.ljust(w) if n in (0, 3, 4) else cell.rjust(w)
                for n, (cell, w) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()
        )
        if index == 0:
            print(rule)
    print()
    for size, db in databases.items():
        print(
            f"{size}: {db.counts['initiatives']:,} initiatives, {db.counts['sessions']:,} sessions;"
            f" largest initiative {db.largest_initiative[:8]} ({db.largest_sessions} sessions),"
            f" exported session {db.busiest_session[:8]} ({db.busiest_feedback} feedback items)"
        )
    for note in results.notes:
        print(f"note: {note}")


#: The parts of the benchmark, in the order they run; each is a section of the README.
PARTS = (
    "start",
    "store",
    "workspace",
    "devices",
    "team",
    "import",
    "dashboard",
    "live",
    "deep",
    "search",
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (median)")
    parser.add_argument(
        "--start-runs",
        type=int,
        default=15,
        help="interleaved runs of the start figures (their spread decides the verdict)",
    )
    parser.add_argument(
        "--start-scale",
        default="1m",
        help="a file of many remarks whose start is compared with the demo's ('' for none;"
        " generated once, in about four minutes)",
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="the src folder of older code, measured beside this tree's (dashboard part)",
    )
    parser.add_argument("--captures", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help="comma-separated parts to run, of: "
        + ", ".join(PARTS)
        + " (what each measures: benchmarks/README.md)",
    )
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    # The warm-up runs are there to write bytecode, as an installed opstui has it; an
    # environment that forbids writing it would time compiling opstui on every start.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    OUT.mkdir(exist_ok=True)
    databases = {size: prepare(size, args.seed) for size in SIZES}
    results = Results()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="opstui-bench-") as tmp:
        scratch = Path(tmp)
        if "start" in parts:
            if shutil.which("tmux") is None:
                results.notes.append("tmux is not installed: start and memory not measured")
            else:
                scale = prepare(args.start_scale, args.seed) if args.start_scale else None
                measure_starts(databases, args.start_runs, scratch, results, scale)
        if "store" in parts:
            measure_store(databases, args.runs, args.captures, scratch, results)
        if "workspace" in parts:
            if shutil.which("tmux") is None:
                results.notes.append("tmux is not installed: opening the workspace not measured")
            else:
                measure_workspace(databases, args.runs, scratch, results)
        if "devices" in parts:
            measure_devices(databases, results)
        if "team" in parts:
            measure_team(databases, args.runs, scratch, results)
        if "import" in parts:
            measure_import(databases, min(args.runs, 3), scratch, results)
        if "dashboard" in parts:
            if shutil.which("tmux") is None:
                results.notes.append("tmux is not installed: the dashboard's returns not measured")
            else:
                dashboard.measure_dashboard(databases, scratch, results, args.before)
        if "live" in parts:
            if shutil.which("tmux") is None:
                results.notes.append("tmux is not installed: the live session not measured")
            else:
                live.measure_live(databases, live.CAPTURES, scratch, results)
        if "search" in parts:
            search_scale.measure_search_scale(results, args.runs)
        if "deep" in parts:
            deep.measure_deep(prepare("deep", args.seed), args.runs, results)
    # Other work on the machine slows every figure: say how busy it was.
    results.notes.append(
        f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after, "
        f"on {os.cpu_count()} CPUs; {args.start_runs} interleaved runs per start figure, "
        f"{args.runs} per other figure"
    )
    print_table(results, databases)
    (OUT / "last.json").write_text(json.dumps(results.raw, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
