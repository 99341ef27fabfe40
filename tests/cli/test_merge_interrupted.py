"""A merge killed part way (kill -9, Ctrl+C) leaves the target whole, and running it
again gives the same file as a merge never stopped: the real program, in a subprocess."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from opstui.db.merge_schema import TABLES_IN_ORDER
from opstui.db.store import Store
from tests.db.merge_world import copy_file, edit_action, query

#: Remarks added to the source, so that its merge takes several transactions.
EXTRA_REMARKS = 4000


def bigger(source: Path) -> None:
    """Many more remarks in the source's sessions, written as the app writes them."""
    conn = sqlite3.connect(source)
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        "INSERT INTO feedback (id, session_id, sentiment, kind, text, tags, created_at, "
        "updated_at, updated_site) "
        "SELECT lower(hex(randomblob(16))), f.session_id, f.sentiment, f.kind, "
        "f.text || ' again ' || n.i, f.tags, f.created_at, f.updated_at, f.updated_site "
        "FROM n JOIN (SELECT * FROM feedback ORDER BY id LIMIT 1) f",
        (EXTRA_REMARKS,),
    )
    conn.commit()
    conn.close()


@pytest.fixture
def files(demo_file: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A facilitator's file (the demo, grown, some of it deleted and edited) and the
    team file it is merged into (the demo edited otherwise, a site of its own)."""
    source = copy_file(demo_file, tmp_path / "alice.db", "alice")
    target = copy_file(demo_file, tmp_path / "team.db", "team")
    bigger(source)
    with Store.open(source) as store:
        initiative = store.list_initiatives()[0]
        store.delete_session(store.list_sessions(initiative.id)[-1].id)
        actions = store.list_actions(initiative.id)
    edit_action(source, actions[0].id, "Alice's later wording")
    with Store.open(target) as store:
        other = store.list_initiatives()[1]
        store.delete_action(store.list_actions(other.id)[0].id)
    return source, target


def merge_command(source: Path, target: Path) -> list[str]:
    return [sys.executable, "-m", "opstui", "merge", str(source), "--into", str(target)]


def dump(path: Path) -> dict[str, list[str]]:
    """Every merged table's rows, the tombstones and aliases, canonical."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        tables: dict[str, list[str]] = {}
        for table in (*TABLES_IN_ORDER, "tombstones", "person_aliases", "feedback_fts"):
            rows = [
                json.dumps(dict(r), sort_keys=True) for r in conn.execute(f"SELECT * FROM {table}")
            ]
            tables[table] = sorted(rows)
        return tables
    finally:
        conn.close()


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # the file is being created
    finally:
        conn.close()


def whole(path: Path) -> None:
    assert query(path, "PRAGMA integrity_check") == [("ok",)]
    assert query(path, "PRAGMA foreign_key_check") == []
    assert query(path, "SELECT count(*) FROM meta WHERE key = 'replaying'") == [(0,)]


def stop_when(
    source: Path, target: Path, ready: Callable[[], bool], sig: int
) -> subprocess.CompletedProcess[str]:
    """Run the merge; send ``sig`` once ``ready()`` holds (polled); its end."""
    process = subprocess.Popen(
        merge_command(source, target), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while process.poll() is None and not ready():
        assert time.monotonic() < deadline, "the merge never reached the moment"
        time.sleep(0.005)
    if process.poll() is None:
        process.send_signal(sig)
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


MOMENTS: dict[str, Callable[[Path], bool]] = {
    "after the first tables": lambda t: count(t, "sites") > 0,
    "in the middle of the remarks": lambda t: count(t, "feedback") > 80,
    "at the last tables": lambda t: count(t, "readings") > 61 or count(t, "feedback") > 4000,
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_merge_killed_part_way_leaves_the_target_whole_and_completes_when_run_again(
    files: tuple[Path, Path], tmp_path: Path, moment: str
) -> None:
    source, target = files
    expected = shutil.copyfile(target, tmp_path / "expected.db")
    done = subprocess.run(merge_command(source, expected), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

    killed = stop_when(source, target, lambda: MOMENTS[moment](target), signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL, "the merge ended before it was killed"
    whole(target)
    again = subprocess.run(merge_command(source, target), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    whole(target)
    assert dump(target) == dump(expected)
    # And once complete, the same merge changes nothing.
    json_run = subprocess.run(
        [*merge_command(source, target), "--json"], capture_output=True, text=True
    )
    report: dict[str, Any] = json.loads(json_run.stdout)
    assert all(not s["counts"] for s in report["sources"])


def test_ctrl_c_stops_the_merge_in_one_line_and_running_it_again_completes_it(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    source, target = files
    expected = shutil.copyfile(target, tmp_path / "expected.db")
    assert subprocess.run(merge_command(source, expected), capture_output=True).returncode == 0
    stopped = stop_when(source, target, lambda: count(target, "feedback") > 80, signal.SIGINT)
    assert stopped.returncode == 130, stopped.stderr
    assert stopped.stderr.strip().splitlines() == [
        f"opstui: merge stopped: {target} holds part of it, whole; "
        "run the same merge again to complete it"
    ]
    whole(target)
    assert subprocess.run(merge_command(source, target), capture_output=True).returncode == 0
    assert dump(target) == dump(expected)
