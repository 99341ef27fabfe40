"""The benchmark's "import" part: a 300,000-row readings import, as a user feels it.

Two figures matter: how long the import takes as a whole (reading, checking and writing
the file), and how long anyone else writing to the same file waits meanwhile. The second
is measured as it is felt: a second process (``_PROBE``) takes the write lock over and
over the way the app's every write does (``opstui.db.connection.begin_write``: asking
every few milliseconds, up to the app's busy timeout), for as long as the import runs;
its longest wait is what the app capturing a remark, or a device's vote, would wait at
worst.
The longest single write transaction of the import itself is timed too.

Run on its own, it measures one import of a given file and prints the figures as JSON
(so that two versions of opstui can be compared in one run, interleaved):

    .venv/bin/python benchmarks/importing.py --db benchmarks/out/large.db
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from inspect import signature
from pathlib import Path
from typing import Any

#: Readings in the benchmark's import: the size the issue measured (42 s, no progress).
IMPORT_ROWS = 300_000
_COHORTS = ("all", "adopters", "pilot", "non-adopters")

#: The other writer: takes the lock as the app does every 5 ms until told to stop on
#: stdin, then prints its longest wait and how many times it took the lock, as JSON.
_PROBE = r"""
import json, select, sqlite3, sys, time
from opstui.db.connection import BUSY_TIMEOUT_MS, begin_write
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
waits = []
print("ready", flush=True)
while not select.select([sys.stdin], [], [], 0.005)[0]:
    started = time.perf_counter()
    begin_write(conn)
    waits.append(time.perf_counter() - started)
    conn.execute("ROLLBACK")
print(json.dumps({"longest": max(waits, default=0.0), "tries": len(waits)}), flush=True)
"""


def write_csv(path: Path, rows: int = IMPORT_ROWS) -> Path:
    """A readings file of ``rows`` rows, every cohort of each day, no bad row."""
    start = date(1971, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        out.write("date,value,cohort,note\n")
        for n in range(rows):
            day = start + timedelta(days=n // len(_COHORTS))
            out.write(f"{day.isoformat()},{n % 97},{_COHORTS[n % len(_COHORTS)]},\n")
    return path


@contextmanager
def _other_writer(path: Path) -> Iterator[dict[str, Any]]:
    """The probing writer, running while the block does; its figures once it ends."""
    probe = subprocess.Popen(
        [sys.executable, "-c", _PROBE, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert probe.stdout is not None and probe.stdin is not None
    found: dict[str, Any] = {}
    try:
        if probe.stdout.readline().strip() != "ready":
            raise RuntimeError("the probing writer did not start")
        yield found
    finally:
        probe.stdin.write("stop\n")
        probe.stdin.close()
        line = probe.stdout.readline()
        probe.wait(60)
    found.update(json.loads(line))


def measure_once(source: Path, csv: Path, scratch: Path) -> dict[str, Any]:
    """One import of ``csv`` into a copy of ``source`` (a new metric of its first
    initiative); seconds for the whole, the longest transaction, the other writer's
    longest wait, and how many times progress was told."""
    from opstui.db.store import Store
    from opstui.domain.metrics import Metric
    from opstui.services.readings_import import import_readings, read_readings_file

    copy = scratch / "import.db"
    shutil.copyfile(source, copy)
    held: list[float] = []
    told = 0

    def progress(phase: str, done: int, total: int) -> None:
        nonlocal told
        told += 1

    try:
        with Store.open(copy) as store:
            initiative = store.database.initiative_headings()[0].id
            metric = store.add_metric(Metric(initiative_id=initiative, name="Imported"))
            database = store.database
            plain_write = database.write

            @contextmanager
            def timed_write() -> Iterator[None]:
                started = time.perf_counter()
                with plain_write():
                    yield
                held.append(time.perf_counter() - started)

            database.write = timed_write  # type: ignore[method-assign]
            with _other_writer(copy) as other:
                began = time.perf_counter()
                # An older opstui (compared with --db in one run) takes no progress.
                told_too = [progress] if "progress" in signature(import_readings).parameters else []
                parsed = read_readings_file(csv, metric, [], *told_too)
                checked = time.perf_counter() - began
                if parsed.problems:
                    raise RuntimeError(f"{csv}: {parsed.problems[0]}")
                import_readings(store, parsed, *told_too)
                whole = time.perf_counter() - began
    finally:
        for side in (copy, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm")):
            side.unlink(missing_ok=True)
    return {
        "whole": whole,
        "checking": checked,
        "longest_transaction": max(held, default=0.0),
        "transactions": len(held),
        "longest_wait": other["longest"],
        "waits": other["tries"],
        "progress_calls": told,
    }


def measure_import(databases: dict[str, Any], runs: int, scratch: Path, results: Any) -> None:
    """The part's rows: median and spread of ``runs`` imports into each database."""
    from harness import cells, verdict

    csv = write_csv(scratch / "readings.csv")
    found: dict[str, list[dict[str, Any]]] = {}
    for size, db in databases.items():
        found[size] = [measure_once(db.work, csv, scratch) for _ in range(max(runs, 1))]
    results.raw["import"] = found

    def spread(key: str) -> dict[str, tuple[float, float, float]]:
        return {
            size: (
                statistics.median(r[key] for r in rows),
                min(r[key] for r in rows),
                max(r[key] for r in rows),
            )
            for size, rows in found.items()
        }

    def seconds(figure: tuple[float, float, float]) -> str:
        middle, low, high = figure
        return f"{middle:.2f} s ({low:.2f}–{high:.2f})"

    wait, whole = spread("longest_wait"), spread("whole")
    results.add(
        f"import {IMPORT_ROWS:,} readings: another writer's longest wait",
        **cells(wait, seconds),
        goal="≤ 1 s",
        verdict=verdict([v[2] for v in wait.values()], 1.0),
    )
    results.add(
        "  its longest write transaction",
        **cells(spread("longest_transaction"), seconds),
    )
    results.add("  of which reading and checking the file", **cells(spread("checking"), seconds))
    results.add(
        "  the whole import (read, check, write)",
        **cells(whole, seconds),
        goal="≤ 5 s",
        verdict=verdict([v[0] for v in whole.values()], 5.0),
    )
    calls = {size: min(r["progress_calls"] for r in rows) for size, rows in found.items()}
    results.add("  progress told (fewest calls)", **cells(calls, str), goal="> 1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the file to import into a copy of")
    parser.add_argument("--csv", type=Path, help="the readings file (default: written anew)")
    parser.add_argument("--scratch", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    csv = args.csv or write_csv(args.scratch / "readings.csv")
    print(json.dumps(measure_once(args.db, csv, args.scratch)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
