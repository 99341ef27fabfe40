"""The devices benchmark counts what it claims: every ballot timed once, every ballot and
receipt found in the file, none refused (a few devices, so the suite stays fast)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.unit.bench_scripts import bench_script


@pytest.fixture(scope="module")
def devices() -> Iterator[ModuleType]:
    """benchmarks/devices.py, a script rather than a package module, loaded by path."""
    with bench_script("devices") as module:
        yield module


async def test_every_ballot_is_timed_and_found_in_the_file(
    devices: ModuleType, db_path: Path
) -> None:
    run = await devices.measure(db_path, participants=3, rounds=5)
    assert len(run.latencies) == 3 * 5
    assert all(0 < seconds < 5 for seconds in run.latencies)
    assert len(run.round_seconds) == 5
    # 15 ballots, and the receipts of the fifth vote (anonymous).
    assert (run.expected, run.stored, run.lost) == (18, 18, 0)
    assert (run.ballots_refused, run.polls_refused) == (0, 0)


def test_a_missing_ballot_counts_as_lost(devices: ModuleType, db_path: Path) -> None:
    from opstui.db.store import Store

    with Store.open(db_path):
        pass  # an empty file: the session was never run
    # No vote of the session's is in the file: all 5 votes' ballots and receipts are lost.
    assert devices.stored(db_path, "no-such-session", 30, 5) == (30 * 5 + 30, 0)
