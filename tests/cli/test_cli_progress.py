"""The command line's progress bar: drawn on a terminal, absent on a pipe, Ctrl+C clean.

stderr is a real pseudo-terminal here, and its raw bytes are read: the bar may write
only carriage returns, its own text and "erase to end of line", and must wipe itself.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

from opstui.cli_progress import ProgressLine
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.metrics import Metric

#: A job of 40 steps of 50 ms (work, as a real job's would be), run under the renderer.
JOB = """
import sys, time
from opstui.cli_progress import shown_progress
from opstui.cli_support import UserError
import click

@click.command()
def job():
    with shown_progress("nothing done") as progress:
        for n in range(41):
            progress("copying", n, 40)
            if n == 5:
                print("ready", flush=True)
            time.sleep(0.05)
    print("done", flush=True)

job()
"""
ERASE = b"\x1b[K"


def run_on(job: list[str], *, terminal: bool, interrupt: bool = False) -> tuple[int, bytes, bytes]:
    """Run ``job`` with stderr on a pseudo-terminal (or a pipe); its exit code, stdout and
    stderr's raw bytes. With ``interrupt``, Ctrl+C (SIGINT) once it says "ready"."""
    if terminal:
        leader, follower = os.openpty()
        # A terminal 100 columns wide, as a window says its size.
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        err: int = follower
    else:
        leader, follower, err = -1, -1, subprocess.PIPE
    process = subprocess.Popen(job, stdout=subprocess.PIPE, stderr=err)
    if terminal:
        os.close(follower)
    assert process.stdout is not None
    if interrupt:
        assert process.stdout.readline().strip() == b"ready"
        process.send_signal(signal.SIGINT)
    said = b""
    if terminal:
        while True:
            readable, _, _ = select.select([leader], [], [], 60)
            assert readable, "the job fell silent"
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the job ended: its side of the terminal is closed
                break
            if not chunk:
                break
            said += chunk
        os.close(leader)
        out = process.stdout.read()
    else:
        out, said = process.communicate(timeout=120)
    return process.wait(60), out, said


def controls(said: bytes) -> set[bytes]:
    """Every control byte or escape sequence written."""
    return set(re.findall(rb"\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x1f\x7f]", said))


def test_the_bar_is_drawn_on_a_terminal_and_wiped_at_the_end() -> None:
    code, out, said = run_on([sys.executable, "-c", JOB], terminal=True)
    assert code == 0 and out.split() == [b"ready", b"done"]
    assert b"copying  [" in said and b"/40" in said
    assert controls(said) <= {b"\r", ERASE}
    assert said.endswith(b"\r" + ERASE)  # nothing of the bar is left on screen
    # Throttled: a frame at most every 100 ms, not one per call.
    assert said.count(b"\r") <= 20


def test_nothing_is_written_on_a_pipe() -> None:
    code, out, said = run_on([sys.executable, "-c", JOB], terminal=False)
    assert code == 0 and out.split() == [b"ready", b"done"]
    assert said == b""


def test_ctrl_c_cancels_in_one_line_without_a_traceback() -> None:
    code, out, said = run_on([sys.executable, "-c", JOB], terminal=True, interrupt=True)
    assert code == 130
    assert b"done" not in out
    shown = said.replace(b"\r" + ERASE, b"").replace(b"^C", b"").strip()
    assert shown.splitlines()[-1] == b"opstui: cancelled: nothing done"
    assert b"Traceback" not in said


def test_the_bar_fits_the_terminal_width() -> None:
    line = ProgressLine.line("writing", 150_000, 300_000, 40, 12.0)
    assert len(line) <= 39
    assert line.startswith("writing")
    wide = ProgressLine.line("writing", 150_000, 300_000, 120, 12.0)
    assert wide == "writing  [####################--------------------]  50%  150,000/300,000  12s"


def test_the_real_import_command_draws_a_bar_on_a_terminal(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="Quick interviews"))
        metric = store.add_metric(Metric(initiative_id=initiative.id, name="Interviews"))
    csv = tmp_path / "readings.csv"
    rows = 30_000
    lines = ["date,value"] + [
        f"{date(1980, 1, 1) + timedelta(days=n)},{n % 9}" for n in range(rows)
    ]
    csv.write_text("\n".join(lines) + "\n", "utf-8")
    started = time.monotonic()
    command = [sys.executable, "-m", "opstui", "--db", str(db_path)]
    code, out, said = run_on(
        [*command, "import", "readings", metric.id[:8], str(csv)], terminal=True
    )
    assert code == 0, said
    assert out.decode().strip() == f"Added {rows} readings to Interviews."
    if time.monotonic() - started > 1.5:  # long enough for the bar to have shown
        assert b"checking  [" in said or b"writing  [" in said
    assert controls(said) <= {b"\r", ERASE}
    assert said == b"" or said.endswith(b"\r" + ERASE)


def test_ctrl_c_midway_through_the_real_import_keeps_none_of_it(
    db_path: Path, tmp_path: Path
) -> None:
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="Quick interviews"))
        metric = store.add_metric(Metric(initiative_id=initiative.id, name="Interviews"))
    csv = tmp_path / "readings.csv"
    rows = 60_000
    lines = ["date,value,cohort"]
    lines += [
        f"{date(1980, 1, 1) + timedelta(days=n // 2)},{n % 9},{('all', 'pilot')[n % 2]}"
        for n in range(rows)
    ]
    csv.write_text("\n".join(lines) + "\n", "utf-8")
    command = [sys.executable, "-m", "opstui", "--db", str(db_path), "import", "readings"]
    process = subprocess.Popen(
        [*command, metric.id[:8], str(csv)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    watcher = sqlite3.connect(db_path, timeout=30)
    try:
        deadline = time.monotonic() + 120
        while not watcher.execute("SELECT count(*) FROM readings").fetchone()[0]:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)  # polling the file for the first committed batch
    finally:
        watcher.close()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert err.decode().strip() == "opstui: cancelled: nothing imported"
    assert out == b""
    with closing(sqlite3.connect(db_path)) as look:
        assert look.execute("SELECT count(*) FROM readings").fetchone()[0] == 0
        assert (
            look.execute("SELECT count(*) FROM meta WHERE key LIKE 'import:%'").fetchone()[0] == 0
        )
        assert look.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
