"""A read-only review follows every write, and reads a copy received with its log.

What a review may touch: the database and its ``-wal`` never change; nothing is
created beside a file nobody writes, nor beside a copy received with its log.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from multiprocessing.context import SpawnProcess
from pathlib import Path

import pytest

from opstui.db import connection
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.metrics import Metric, Reading

#: How soon a review must show a write: the app polls every second.
FOLLOW_SECONDS = 2.0
FIRST_DAY = date(2026, 1, 1)


def _metric_with_readings(path: Path, count: int) -> str:
    with Store.open(path) as store:
        initiative = store.add_initiative(Initiative(title="Followed"))
        metric = store.add_metric(Metric(initiative_id=initiative.id, name="Lead time"))
        store.add_readings(
            [
                Reading(metric_id=metric.id, taken_on=FIRST_DAY + timedelta(days=n), value=n)
                for n in range(count)
            ]
        )
    return metric.id


def _short_writes(path: str, metric_id: str, first: int, count: int) -> None:
    """Open, add one reading, close: each time, so the log is gone again at once."""
    for n in range(first, first + count):
        with Store.open(Path(path)) as store:
            store.add_readings(
                [Reading(metric_id=metric_id, taken_on=FIRST_DAY + timedelta(days=n), value=n)]
            )


def _writer_process(path: Path, metric_id: str, first: int, count: int) -> SpawnProcess:
    process = multiprocessing.get_context("spawn").Process(
        target=_short_writes, args=(str(path), metric_id, first, count)
    )
    process.start()
    return process


def _readings_within(review: Store, metric_id: str, expected: int, seconds: float) -> int:
    """Poll as the app does until the review shows ``expected`` readings, or time is up."""
    deadline = time.monotonic() + seconds
    seen = len(review.list_readings(metric_id))
    while seen != expected and time.monotonic() < deadline:
        review.poll_changes()
        seen = len(review.list_readings(metric_id))
    return seen


def test_review_sees_a_short_write_made_after_it_opened(db_path: Path) -> None:
    metric_id = _metric_with_readings(db_path, 24)
    with Store.open(db_path, read_only=True) as review:
        assert review.immutable and len(review.list_readings(metric_id)) == 24
        writer = _writer_process(db_path, metric_id, 24, 1)
        writer.join(timeout=60)
        assert writer.exitcode == 0
        assert not db_path.with_name(db_path.name + "-wal").exists()  # gone with the writer
        assert _readings_within(review, metric_id, 25, FOLLOW_SECONDS) == 25


def test_review_follows_a_writer_that_keeps_coming_and_going(db_path: Path) -> None:
    metric_id = _metric_with_readings(db_path, 5)
    with Store.open(db_path, read_only=True) as review:
        writer = _writer_process(db_path, metric_id, 5, 20)
        counts = []
        while writer.is_alive():
            review.poll_changes()
            counts.append(len(review.list_readings(metric_id)))
        assert writer.exitcode == 0
        assert counts == sorted(counts)  # never a reading lost on a reopen
        assert _readings_within(review, metric_id, 25, FOLLOW_SECONDS) == 25


def test_review_of_an_unchanged_file_reports_no_change(db_path: Path) -> None:
    _metric_with_readings(db_path, 1)
    with Store.open(db_path, read_only=True) as review:
        assert not review.poll_changes()
        assert not review.poll_changes()


# -- a copy received with its log -----------------------------------------------------


@pytest.fixture
def received(tmp_path: Path) -> tuple[Path, str]:
    """A database copied with its -wal while its writer was open: the last reading is only
    in the log, and no -shm came with it."""
    source = tmp_path / "source" / "team.db"
    source.parent.mkdir()
    metric_id = _metric_with_readings(source, 3)
    target = tmp_path / "received" / "team.db"
    target.parent.mkdir()
    with Store.open(source) as writer:
        writer.add_readings(
            [Reading(metric_id=metric_id, taken_on=FIRST_DAY + timedelta(days=3), value=3)]
        )
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    assert Path(f"{target}-wal").stat().st_size > 0
    return target, metric_id


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(folder.iterdir())}


def test_copy_with_its_log_is_read_whole_and_left_as_it_came(
    received: tuple[Path, str], private_tmp: Path
) -> None:
    path, metric_id = received
    before = _files(path.parent)
    with Store.open(path, read_only=True) as review:
        assert review.database.review is connection.Review.SNAPSHOT
        assert len(review.list_readings(metric_id)) == 4  # the one only in the log too
        assert review.conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    assert _files(path.parent) == before  # no -shm beside it, nothing changed
    assert list(private_tmp.iterdir()) == []  # the private copy is gone


@pytest.fixture
def read_only_folder(received: tuple[Path, str]) -> Iterator[tuple[Path, str]]:
    """The received copy in a folder nobody can write, root included.

    Permissions do not bind root, so as root the folder is made immutable
    (``chattr +i``), which does; where that is not possible the test is skipped.
    """
    path, _ = received
    folder = path.parent
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(
                "running as root, and chattr +i is not available to make a folder read-only"
            )
    else:
        folder.chmod(0o555)
    try:
        try:
            (folder / "probe").touch()
        except OSError:
            pass
        else:
            pytest.skip("this file system lets the folder be written whatever its mode")
        yield received
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=False)
        folder.chmod(0o755)


def test_copy_with_its_log_opens_in_a_read_only_folder(
    read_only_folder: tuple[Path, str], private_tmp: Path
) -> None:
    path, metric_id = read_only_folder
    before = _files(path.parent)
    with Store.open(path, read_only=True) as review:
        assert len(review.list_readings(metric_id)) == 4
        assert not review.poll_changes()
    assert _files(path.parent) == before
    assert list(private_tmp.iterdir()) == []
