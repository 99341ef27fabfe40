"""A bulk readings import: short transactions, and never half an import left behind.

Cancelled, failed midway (a full disk, as SQLite reports it) or killed (``kill -9`` of
the real command): the file passes its checks and holds nothing of the import, at once
or once it is next opened for writing.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from opstui.db import bulk_readings, pending_imports
from opstui.db.errors import StoreError
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.metrics import Cohort, Metric, Reading
from opstui.domain.progress import Cancelled
from opstui.domain.readings_csv import ParsedReadings, parse_readings_csv
from opstui.services.readings_import import import_readings

COHORTS = ("all", "adopters", "pilot", "non-adopters")


def csv_text(rows: int, start: date = date(1990, 1, 1)) -> str:
    lines = ["date,value,cohort,note"]
    for n in range(rows):
        day = start + timedelta(days=n // len(COHORTS))
        note = "said so" if n % 1000 == 7 else ""
        lines.append(f"{day.isoformat()},{n % 97},{COHORTS[n % len(COHORTS)]},{note}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def metric(store: Store) -> Metric:
    initiative = store.add_initiative(Initiative(title="Quick interviews"))
    return store.add_metric(Metric(initiative_id=initiative.id, name="Interviews"))


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 1,000 rows whatever the machine's speed: many transactions."""
    monkeypatch.setattr(bulk_readings, "FIRST_BATCH", 1_000)
    monkeypatch.setattr(bulk_readings, "LARGEST_BATCH", 1_000)
    monkeypatch.setattr(bulk_readings, "PAUSE_SECONDS", 0)


def parsed(metric: Metric, rows: int) -> ParsedReadings:
    found = parse_readings_csv(csv_text(rows), metric.id)
    assert not found.problems
    return found


def stored(path: Path, prefix: str) -> tuple[int, int, list[str]]:
    """The import's rows, the other readings, and the imports under way, read afresh."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        ours = conn.execute(
            "SELECT count(*) FROM readings WHERE id >= ? AND id < ?",
            (prefix, prefix[:-1] + "."),
        ).fetchone()[0]
        others = conn.execute("SELECT count(*) FROM readings").fetchone()[0] - ours
        records = [k for (k,) in conn.execute("SELECT key FROM meta WHERE key LIKE 'import:%'")]
        return ours, others, records
    finally:
        conn.close()


def test_the_readings_are_those_the_single_transaction_wrote(
    store: Store, metric: Metric, small_batches: None
) -> None:
    found = parsed(metric, 5_500)
    told: list[tuple[str, int, int]] = []
    assert import_readings(store, found, lambda *call: told.append(call)) == 5_500
    assert store.list_entered_readings(metric.id) == list(found.readings)
    # One call per committed batch, then the whole: the bar moves as the rows land.
    assert [done for _, done, _ in told] == [0, 1000, 2000, 3000, 4000, 5000, 5500]
    assert stored(store.path, found.id_prefix) == (5_500, 0, [])


def test_readings_made_from_a_file_are_the_models_validation_makes(metric: Metric) -> None:
    found = parsed(metric, 2_000)
    for reading in found.readings:
        assert Reading.model_validate(reading.model_dump()) == reading
    assert found.readings[7].note == "said so"
    assert found.readings[1].cohort is Cohort.ADOPTERS
    assert len({r.id for r in found.readings}) == 2_000
    assert all(r.id.startswith(found.id_prefix) for r in found.readings)


def test_cancelling_takes_back_every_row_written(
    store: Store, metric: Metric, small_batches: None
) -> None:
    store.add_reading(Reading(metric_id=metric.id, taken_on=date(2020, 1, 1), value=3))
    found = parsed(metric, 5_000)

    def stop_after_three(phase: str, done: int, total: int) -> None:
        if done >= 3_000:
            assert stored(store.path, found.id_prefix)[0] == 3_000  # committed meanwhile
            raise Cancelled

    with pytest.raises(Cancelled):
        import_readings(store, found, stop_after_three)
    assert stored(store.path, found.id_prefix) == (0, 1, [])
    # Rows never whole leave no tombstones to travel in a merge.
    assert store.database.fetch("SELECT count(*) FROM tombstones WHERE tbl = 'readings'") == [(0,)]


def test_a_full_disk_midway_leaves_nothing_of_the_import(
    store: Store, metric: Metric, small_batches: None
) -> None:
    found = parsed(metric, 20_000)
    pages = store.database.fetch("PRAGMA page_count")[0][0]
    # SQLite's own "database or disk is full", a few batches in.
    store.conn.execute(f"PRAGMA max_page_count = {pages + 60}")
    told: list[int] = []
    with pytest.raises(StoreError, match="full"):
        import_readings(store, found, lambda _p, done, _t: told.append(done))
    assert max(told) > 0  # batches were committed before the disk filled
    assert stored(store.path, found.id_prefix) == (0, 0, [])


def test_an_import_that_cannot_even_take_itself_back_is_taken_back_at_the_next_open(
    db_path: Path,
    store: Store,
    metric: Metric,
    small_batches: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = parsed(metric, 5_000)

    def refuse(*args: object) -> int:
        raise StoreError("disk I/O error")

    def stop(phase: str, done: int, total: int) -> None:
        if done >= 2_000:
            raise Cancelled

    with monkeypatch.context() as patched:
        patched.setattr(pending_imports, "take_back", refuse)
        with pytest.raises(Cancelled):
            import_readings(store, found, stop)
    ours, _, records = stored(db_path, found.id_prefix)
    assert ours == 2_000 and records == [f"import:{found.id_prefix}"]
    # This process no longer writes it: the next open for writing takes it back.
    with Store.open(db_path) as again:
        assert again.list_entered_readings(metric.id) == []
    assert stored(db_path, found.id_prefix) == (0, 0, [])


def test_an_import_under_way_is_left_to_its_process(
    db_path: Path, store: Store, metric: Metric, small_batches: None
) -> None:
    found = parsed(metric, 3_000)
    opened_meanwhile: list[int] = []

    def open_another(phase: str, done: int, total: int) -> None:
        if done == 1_000:
            with Store.open(db_path) as other:
                opened_meanwhile.append(len(other.list_entered_readings(metric.id)))

    import_readings(store, found, open_another)
    assert opened_meanwhile == [1_000]
    assert stored(db_path, found.id_prefix) == (3_000, 0, [])


def test_a_killed_import_command_is_taken_back_when_the_file_is_next_opened(
    db_path: Path, store: Store, metric: Metric, tmp_path: Path
) -> None:
    csv = tmp_path / "readings.csv"
    csv.write_text(csv_text(60_000))
    store.close()
    run = ["-m", "opstui", "--db", str(db_path), "import", "readings", metric.id[:8], str(csv)]
    command = subprocess.Popen(
        [sys.executable, *run],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONFAULTHANDLER": ""},
    )
    watcher = sqlite3.connect(db_path, timeout=30)
    try:
        deadline = time.monotonic() + 120
        written = 0
        while not written:  # poll until the first batch is committed
            assert command.poll() is None, command.stderr.read() if command.stderr else ""
            assert time.monotonic() < deadline
            written = watcher.execute(
                "SELECT count(*) FROM readings WHERE metric_id = ?", (metric.id,)
            ).fetchone()[0]
            time.sleep(0.01)
    finally:
        watcher.close()
    os.kill(command.pid, signal.SIGKILL)
    command.wait()
    with closing(sqlite3.connect(db_path)) as look:
        (record,) = look.execute("SELECT key FROM meta WHERE key LIKE 'import:%'").fetchone()
    prefix = record.removeprefix("import:")
    ours, _, records = stored(db_path, prefix)
    assert 0 < ours < 60_000 and records == [record]  # half an import, recorded
    with Store.open(db_path, read_only=True) as review:  # a review changes nothing
        assert len(review.list_entered_readings(metric.id)) == ours
    with Store.open(db_path) as again:
        assert again.list_entered_readings(metric.id) == []
    assert stored(db_path, prefix) == (0, 0, [])


def test_an_import_of_a_live_process_is_left_and_of_a_gone_one_taken_back(
    db_path: Path, store: Store, metric: Metric, small_batches: None
) -> None:
    found = parsed(metric, 2_000)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        import_readings(store, found)
        # As if that other process had written it and were still writing.
        mark = json.loads(pending_imports.record("readings"))
        mark.update(pid=other.pid, since=pending_imports._started(other.pid))
        store.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            (f"import:{found.id_prefix}", json.dumps(mark)),
        )
        with Store.open(db_path) as again:
            assert len(again.list_entered_readings(metric.id)) == 2_000
    finally:
        other.kill()
        other.wait()
    with Store.open(db_path) as again:
        assert again.list_entered_readings(metric.id) == []
    assert stored(db_path, found.id_prefix) == (0, 0, [])
