"""A team's files: how long merging a whole file takes, and bundling its largest initiative.

Figures per database, each the median of ``runs`` fresh runs on copies in a scratch
folder (the original is never written):

- merging the file into an empty one (every row new: the bulk copy);
- merging the file into a copy of itself (every row already there: the comparison that
  finds nothing to take, and the proof that a second merge changes nothing);
- during each merge, the longest time another writer waited for the target's write lock
  (what an app with the target open feels): a separate process loops ``BEGIN IMMEDIATE``
  with a short busy timeout, ``COMMIT``, on the target for as long as the merge runs,
  and keeps its longest wait (the worst of the runs, not the median);
- bundling its largest initiative (one read snapshot, the rows of one initiative).

    python benchmarks/team.py --db PATH [--runs 3] [--initiative ID]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from opstui.db.store import Store
from opstui.domain.merging import MergeReport
from opstui.services.bundling import bundle_initiative
from opstui.services.merging import merge_files


@dataclass(frozen=True)
class TeamTimes:
    into_empty: float
    into_itself: float
    bundle: float | None
    #: Rows the merge into itself took or changed: 0 when a second merge changes nothing.
    changed_by_second_merge: int
    #: The longest wait for the target's write lock while merging into an empty file,
    #: and into a copy of itself (seconds, the worst of the runs).
    lock_wait_empty: float = 0.0
    lock_wait_itself: float = 0.0
    #: How many times the other writer took the lock during each kind of merge.
    lock_takes: list[int] = field(default_factory=list)


#: The other writer: it takes the write lock and lets it go, again and again, until the
#: stop file appears; it prints its longest wait and how many times it took the lock.
_PROBE = """
import json, os, sqlite3, sys, time
from pathlib import Path
target, stop = sys.argv[1], Path(sys.argv[2])
parent = os.getppid()
conn = sqlite3.connect(target, isolation_level=None, timeout=0.05)
longest, takes = 0.0, 0
print("ready", flush=True)
while not stop.exists() and os.getppid() == parent:  # ends with the benchmark, however
    asked = time.perf_counter()
    while not conn.in_transaction and not stop.exists():
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            pass  # busy for 50 ms: ask again
    if not conn.in_transaction:
        break
    longest = max(longest, time.perf_counter() - asked)
    conn.execute("COMMIT")
    takes += 1
    time.sleep(0.01)
print(json.dumps({"longest": longest, "takes": takes}), flush=True)
"""


@contextmanager
def lock_probe(target: Path, scratch: Path) -> Iterator[dict[str, float]]:
    """Another process writing to ``target`` while the block runs; its longest wait for
    the write lock (seconds) and how often it took it, in the dict yielded, once done."""
    stop = scratch / f"{target.name}.stop"
    stop.unlink(missing_ok=True)
    probe = subprocess.Popen(
        [sys.executable, "-c", _PROBE, str(target), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert probe.stdout is not None
    found: dict[str, float] = {}
    try:
        probe.stdout.readline()  # "ready": connected, about to loop
        yield found
    finally:
        stop.touch()
        out, _err = probe.communicate(timeout=60)
        stop.unlink(missing_ok=True)
        found.update(json.loads(out.strip().splitlines()[-1]))


def copy_whole(source: Path, target: Path) -> None:
    """Copy a database with its log, if any, so the copy reads as the original does."""
    shutil.copy2(source, target)
    for suffix in ("-wal", "-shm"):
        side = source.with_name(source.name + suffix)
        if side.exists():
            shutil.copy2(side, target.with_name(target.name + suffix))


def _changed(report: MergeReport) -> int:
    """Rows a merge added, updated or deleted, and versions it reported not taken."""
    return sum(source.changed + len(source.not_taken) for source in report.sources)


def measure(db: Path, runs: int, scratch: Path, initiative: str | None = None) -> TeamTimes:
    empty_times, self_times, bundle_times = [], [], []
    changed = 0
    waits_empty, waits_itself, takes = [0.0], [0.0], [0, 0]
    for run in range(runs):
        folder = scratch / f"run{run}"
        folder.mkdir()
        source = folder / "source.db"
        copy_whole(db, source)
        team = folder / "team.db"
        Store.open(team).close()  # an empty file, for the other writer to open first
        with lock_probe(team, folder) as probe:
            started = time.perf_counter()
            merge_files([source], team)
            empty_times.append(time.perf_counter() - started)
        waits_empty.append(probe["longest"])
        takes[0] += int(probe["takes"])
        itself = folder / "itself.db"
        copy_whole(db, itself)
        with lock_probe(itself, folder) as probe:
            started = time.perf_counter()
            report = merge_files([source], itself)
            self_times.append(time.perf_counter() - started)
        waits_itself.append(probe["longest"])
        takes[1] += int(probe["takes"])
        changed = max(changed, _changed(report))
        if initiative:
            started = time.perf_counter()
            bundle_initiative(source, initiative, folder / "bundle.db")
            bundle_times.append(time.perf_counter() - started)
        shutil.rmtree(folder)
    return TeamTimes(
        into_empty=statistics.median(empty_times),
        into_itself=statistics.median(self_times),
        bundle=statistics.median(bundle_times) if bundle_times else None,
        changed_by_second_merge=changed,
        lock_wait_empty=max(waits_empty),
        lock_wait_itself=max(waits_itself),
        lock_takes=takes,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--initiative", help="the initiative to bundle (an id or its start)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="opstui-team-") as tmp:
        times = measure(args.db, args.runs, Path(tmp), args.initiative)
    print(f"merge into an empty file: {times.into_empty:.2f} s")
    print(f"merge into itself:        {times.into_itself:.2f} s")
    print(f"longest write-lock wait, merging into an empty file: {times.lock_wait_empty:.2f} s")
    print(f"longest write-lock wait, merging into itself:        {times.lock_wait_itself:.2f} s")
    if times.bundle is not None:
        print(f"bundle one initiative:    {times.bundle:.2f} s")
    print(f"rows changed by the merge into itself: {times.changed_by_second_merge}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
