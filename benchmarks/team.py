"""A team's files: how long merging a whole file takes, and bundling its largest initiative.

Three figures per database, each the median of ``runs`` fresh runs on copies in a
scratch folder (the original is never written):

- merging the file into an empty one (every row new: the bulk copy);
- merging the file into a copy of itself (every row already there: the comparison that
  finds nothing to take, and the proof that a second merge changes nothing);
- bundling its largest initiative (one read snapshot, the rows of one initiative).

    python benchmarks/team.py --db PATH [--runs 3] [--initiative ID]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

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
    for run in range(runs):
        folder = scratch / f"run{run}"
        folder.mkdir()
        source = folder / "source.db"
        copy_whole(db, source)
        started = time.perf_counter()
        merge_files([source], folder / "team.db")
        empty_times.append(time.perf_counter() - started)
        itself = folder / "itself.db"
        copy_whole(db, itself)
        started = time.perf_counter()
        report = merge_files([source], itself)
        self_times.append(time.perf_counter() - started)
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
    if times.bundle is not None:
        print(f"bundle one initiative:    {times.bundle:.2f} s")
    print(f"rows changed by the merge into itself: {times.changed_by_second_merge}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
