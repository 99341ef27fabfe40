"""Failing system calls in the real program: nothing confirmed is lost, the file stays whole.

In the spirit of SQLite's own I/O-error tests: the real ``opstui`` runs under ``strace``
with one write or sync system call made to fail (EIO, or ENOSPC as a full disk does),
each time a different one of them in turn. After each run the file passes
``integrity_check``; an import holds every row or none, and a failed one said so in one
line; in the app, every remark the screen showed as captured is in the file, and a
remark that could not be saved was said to be "Not saved" and could be saved again.
A full disk is also tried for real where a small tmpfs can be mounted.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.test_crash_safety import seed

if TYPE_CHECKING:
    from tests.e2e.conftest import Tmux

pytestmark = pytest.mark.e2e

STRACE = shutil.which("strace")
#: The calls SQLite writes and syncs with on Linux (seen with ``strace -c``: an import
#: of one row makes 18 pwrite64 and 5 fdatasync calls), each failed as a disk fails it,
#: at each of the positions it takes in an import: the log, the file, their syncs.
FAULTS = {
    ("pwrite64", "EIO"): range(1, 19),
    ("pwrite64", "ENOSPC"): range(1, 19, 3),
    ("fdatasync", "EIO"): range(1, 6),
}
ROWS = 120


def strace(call: str, errno: str, when: int) -> list[str]:
    if STRACE is None:
        pytest.skip("strace is not installed: the fault-injection tests use it")
    return [STRACE, "-f", "-qq", "-o", "/dev/null", "-e", f"trace={call}",
            "-e", f"inject={call}:error={errno}:when={when}"]  # fmt: skip


def whole(db: Path) -> bool:
    conn = sqlite3.connect(db)
    try:
        return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    finally:
        conn.close()


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


COHORTS = ("all", "adopters", "pilot", "non-adopters")


def readings_file(path: Path, rows: int, note: str = "fault test") -> Path:
    """``rows`` readings, one per day and cohort from 2030-01-01 on."""
    lines = ["date,value,cohort,note"]
    for n in range(rows):
        day = date(2030, 1, 1) + timedelta(days=n // len(COHORTS))
        lines.append(f"{day.isoformat()},{n},{COHORTS[n % len(COHORTS)]},{note}")
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def metric_db(tmp_path: Path) -> tuple[Path, str]:
    """A file with one metric, closed (no log beside it)."""
    from opstui.db.store import Store
    from opstui.domain.initiative import Initiative
    from opstui.domain.metrics import Metric

    db = tmp_path / "faults.db"
    with Store.open(db) as store:
        initiative = store.add_initiative(Initiative(title="Faults"))
        metric = store.add_metric(Metric(initiative_id=initiative.id, name="Interviews"))
    return db, metric.id


@pytest.mark.parametrize(("call", "errno"), list(FAULTS), ids=[f"{c}-{e}" for c, e in FAULTS])
def test_an_import_under_failing_writes_is_all_or_nothing(
    tmp_path: Path,
    metric_db: tuple[Path, str],
    opstui_program: Path,
    app_env: dict[str, str],
    call: str,
    errno: str,
) -> None:
    source, metric_id = metric_db
    csv = readings_file(tmp_path / "readings.csv", ROWS)
    outcomes = []
    for when in FAULTS[call, errno]:
        db = tmp_path / f"run-{when}.db"
        shutil.copyfile(source, db)
        db.chmod(0o600)  # one's own file (a 0644 one is tightened, with a notice)
        result = subprocess.run(
            [*strace(call, errno, when), str(opstui_program), "import", "readings",
             metric_id[:8], str(csv), "--db", str(db)],
            env=app_env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert "Traceback" not in result.stderr, result.stderr
        assert whole(db), f"{call} {errno} #{when}: the file is damaged"
        stored = count(db, "SELECT count(*) FROM readings")
        assert stored in (0, ROWS), f"{call} {errno} #{when}: {stored} of {ROWS} rows"
        if result.returncode == 0:
            assert stored == ROWS
        else:
            assert result.returncode == 2
            [line] = result.stderr.strip().splitlines()
            assert line.startswith("opstui: ")
        outcomes.append(result.returncode)
    # At least one of the injected faults met the import (else nothing was tested).
    assert any(code != 0 for code in outcomes), outcomes


def capture_confirmed_or_refused(tmux: Tmux, text: str) -> bool:
    """Capture Ben's remark; True once it shows in the list, False if 'Not saved' shows
    (the dialog stays open with the words, and Enter tries again)."""
    tmux.wait_gone("Who said it")
    tmux.press("f")
    tmux.wait_for("Who said it")
    tmux.press("2", "4")
    tmux.wait_for("How it felt: positive")
    tmux.type(text)
    tmux.wait_for(text)
    tmux.press("Enter")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        screen = tmux.screen()
        if "Not saved" in screen:
            return False
        if "Who said it" not in screen and text in screen:
            return True
        time.sleep(0.1)
    raise AssertionError(f"neither saved nor refused:\n{tmux.screen()}")


def writes_to_open(tmux: Tmux, env: dict[str, str], program: Path, db: Path, log: Path) -> int:
    """How many pwrite64 calls the program makes to open ``db`` and resume its session
    (so that a fault can be aimed at the captures that follow)."""
    if STRACE is None:
        pytest.skip("strace is not installed: the fault-injection tests use it")
    copy = db.with_name("count.db")
    shutil.copyfile(db, copy)
    tmux.start([STRACE, "-f", "-qq", "-o", str(log), "-e", "trace=pwrite64", str(program),
                "--db", str(copy)], env)  # fmt: skip
    tmux.wait_for("Resume a session left running?")
    tmux.press("Enter")
    tmux.wait_for("f Feedback")
    tmux.press("C-q")
    tmux.wait_exit()
    return sum(1 for line in log.read_text().splitlines() if "pwrite64(" in line)


@pytest.mark.parametrize("after", [1, 3, 8])
def test_remarks_under_a_failing_write_are_kept_or_said_not_saved(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path, after: int
) -> None:
    db = tmp_path / "live.db"
    session_id = seed(db)
    opening = writes_to_open(tmux, app_env, opstui_program, db, tmp_path / "count.log")
    when = opening + after  # the after-th write once the session is on screen
    tmux.restart([*strace("pwrite64", "EIO", when), str(opstui_program), "--db", str(db)], app_env)
    tmux.wait_for("Resume a session left running?")
    tmux.press("Enter")
    tmux.wait_for("f Feedback")
    confirmed: list[str] = []
    refused = 0
    for n in range(4):
        text = f"remark {n} under faults"
        saved = capture_confirmed_or_refused(tmux, text)
        if not saved:
            refused += 1
            tmux.press("Enter")  # the words are still in the dialog: try again
            saved = capture_confirmed_or_refused_after_retry(tmux, text)
        if saved:
            confirmed.append(text)
    tmux.press("C-q")
    tmux.wait_exit()
    assert whole(db)
    conn = sqlite3.connect(db)
    stored = {t for (t,) in conn.execute("SELECT text FROM feedback WHERE session_id = ?",
                                         (session_id,))}  # fmt: skip
    conn.close()
    lost = [t for t in confirmed if t not in stored]
    assert lost == [], f"fault #{when}: confirmed on screen, missing from the file: {lost}"
    assert len(confirmed) == 4, f"fault #{when}: a retry did not save ({refused} refused)"
    # Four remarks make more writes than ``after``: the fault met one, which was refused.
    assert refused == 1, f"fault #{when}: {refused} remarks said 'Not saved'"


def capture_confirmed_or_refused_after_retry(tmux: Tmux, text: str) -> bool:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        screen = tmux.screen()
        if "Who said it" not in screen and text in screen:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs, as a full disk (an empty file of schema 7 takes 580 KiB of it);
    skipped where mounting is not allowed."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({made.stderr.strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_an_import_on_a_full_disk_writes_nothing_and_says_so(
    tmp_path: Path, metric_db: tuple[Path, str], opstui_program: Path,
    app_env: dict[str, str], small_disk: Path,
) -> None:  # fmt: skip
    source, metric_id = metric_db
    db = small_disk / "full.db"
    shutil.copyfile(source, db)
    db.chmod(0o600)
    # Some 1,400 readings of half a kilobyte each: far more than the disk has left.
    csv = readings_file(tmp_path / "big.csv", 1400, note="x" * 500)
    result = subprocess.run(
        [str(opstui_program), "import", "readings", metric_id[:8], str(csv), "--db", str(db)],
        env=app_env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stdout + result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("opstui: ") and "Traceback" not in result.stderr
    assert whole(db)
    assert count(db, "SELECT count(*) FROM readings") == 0


@pytest.mark.parametrize("after", [1, 4])
def test_a_vote_under_a_failing_write_counts_only_what_is_stored(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path, after: int
) -> None:
    db = tmp_path / "vote.db"
    session_id = seed(db)
    opening = writes_to_open(tmux, app_env, opstui_program, db, tmp_path / "count.log")
    when = opening + after
    tmux.restart([*strace("pwrite64", "EIO", when), str(opstui_program), "--db", str(db)], app_env)
    tmux.wait_for("Resume a session left running?")
    tmux.press("Enter")
    tmux.wait_for("f Feedback")
    tmux.press("v")
    tmux.wait_for("Call a vote")
    tmux.press("C-s")
    screen = wait_for_any(tmux, "0-5 record a fist", "Not saved")
    if "0-5 record a fist" not in screen:
        tmux.press("C-s")  # the call met the fault and said so: the dialog is still open
        tmux.wait_for("0-5 record a fist")
    for key in "4534":
        before = voted_count(tmux)
        tmux.press(key)

        # Each ballot is counted on screen, or its failure is said ("could not be ...").
        def counted_or_said(screen: str, before: int = before) -> bool:
            return count_in(screen) > before or "disk" in screen

        screen = wait_until(tmux, counted_or_said)
        if "disk" in screen:
            tmux.wait_gone("disk", timeout=30)  # read, then gone: the next key is clear
    shown = voted_count(tmux)
    tmux.press("C-q")
    tmux.wait_exit()
    assert whole(db)
    conn = sqlite3.connect(db)
    stored = conn.execute(
        "SELECT count(*) FROM ballots b JOIN proposals p ON p.id = b.proposal_id "
        "WHERE p.session_id = ?",
        (session_id,),
    ).fetchone()[0]
    conn.close()
    assert stored == shown, f"fault #{when}: the screen said {shown} voted, the file holds {stored}"


def count_in(screen: str) -> int:
    found = re.search(r"(\d+) of \d+ voted", screen)
    assert found is not None, screen
    return int(found.group(1))


def voted_count(tmux: Tmux) -> int:
    return count_in(tmux.screen())


def wait_until(tmux: Tmux, ready: Callable[[str], bool], timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux.screen()
        if ready(screen):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"the screen never got there:\n{screen}")


def wait_for_any(tmux: Tmux, *texts: str) -> str:
    return wait_until(tmux, lambda screen: any(t in screen for t in texts))
