"""A live session on a shared screen: what is private stays private, crash or not, and a
second window on the same session never writes over the first.

The real program in tmux. Presenter-safe view is kept with the session: after a
``kill -9`` and a resume the private notes are still hidden, never shown for a frame.
A second app opening the session a first app runs shows it read-only and follows it.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opstui.db.store import Store
from tests.e2e.test_crash_safety import capture_remark, resume, seed

if TYPE_CHECKING:
    from tests.e2e.conftest import Tmux

pytestmark = pytest.mark.e2e

SECRET = "Ana may leave the company"


def _never_shows(tmux: Tmux, secret: str, until: str, timeout: float = 15.0) -> str:
    """Poll the screen until ``until`` appears, failing if ``secret`` is ever on it."""
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = tmux.screen()
        assert secret not in shown, shown
        if until in shown:
            return shown
        time.sleep(0.05)
    raise AssertionError(f"{until!r} never appeared:\n{shown}")


def test_presenter_safe_survives_a_kill_and_a_resume(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path
) -> None:
    db = tmp_path / "safe.db"
    session_id = seed(db)
    with Store.open(db) as store:
        store.save_notes(session_id, SECRET)
    command = [str(opstui_program), "--db", str(db)]
    tmux.start(command, app_env)
    tmux.wait_for("Resume a session left running?")
    tmux.press("Enter")
    # A new session starts presenter-safe: the notes are never on screen.
    _never_shows(tmux, SECRET, until="PRESENTER-SAFE")
    tmux.press("p")  # shown for a moment...
    tmux.wait_for(SECRET)
    tmux.press("p")  # ...and hidden again before sharing the screen
    tmux.wait_for("PRESENTER-SAFE")
    tmux.wait_gone(SECRET)
    capture_remark(tmux, "Slots on Fridays")
    tmux.kill_program()

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    assert conn.execute(
        "SELECT presenter_safe FROM sessions WHERE id = ?", (session_id,)
    ).fetchone() == (1,)
    conn.close()

    # Started again after the crash: resumed hidden, not a frame of the notes shown.
    tmux.restart(command, app_env)
    tmux.wait_for("Resume a session left running?")
    tmux.press("Enter")
    _never_shows(tmux, SECRET, until="Slots on Fridays")
    assert "PRESENTER-SAFE" in tmux.screen()
    tmux.press("C-q")
    tmux.wait_exit()


def test_a_second_window_on_a_live_session_follows_it_read_only(
    tmux: Tmux,
    tmux_factory: Callable[[], Tmux],
    app_env: dict[str, str],
    opstui_program: Path,
    tmp_path: Path,
) -> None:
    db = tmp_path / "two.db"
    session_id = seed(db)
    command = [str(opstui_program), "--db", str(db)]
    first = tmux
    first.start(command, app_env)
    resume(first)
    first.wait_for("f Feedback")

    second = tmux_factory()
    second.start(command, app_env)
    resume(second)
    second.wait_for("open in another opstui window")

    # The second window takes nothing: no remark form, no vote, no notes.
    second.press("f")
    second.press("v")
    second.press("w")
    screen = second.wait_for("Captured (newest first)")
    assert "Who said it" not in screen and "Call a vote" not in screen

    # What the first captures shows up in the second.
    capture_remark(first, "Slots on Fridays")
    second.wait_for("Slots on Fridays")
    first.press("v")
    first.wait_for("Call a vote")
    first.press("C-s")
    first.wait_for("0-5 record a fist")
    first.press("4", "5")
    first.wait_for("2 of 4 voted")
    second.wait_for("2 of 4 voted")
    first.press("n")
    first.wait_for("2/4")
    second.wait_for("2/4")

    for window in (second, first):
        window.press("C-q")
        window.wait_exit()
    with Store.open(db, read_only=True) as store:
        [vote] = store.list_proposals(session_id=session_id)
        assert len(store.list_ballots(vote.id)) == 2
        assert [f.text for f in store.list_feedback(session_id=session_id)] == ["Slots on Fridays"]


#: Another process holding the write lock for a while (an import, say), then letting go.
LOCK_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def test_a_remark_that_meets_another_writers_lock_waits_and_is_kept(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path
) -> None:
    db = tmp_path / "locked.db"
    session_id = seed(db)
    tmux.start([str(opstui_program), "--db", str(db)], app_env)
    resume(tmux)
    tmux.wait_for("f Feedback")
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(db), "4"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        tmux.press("f", "2", "4")
        tmux.type("Said while the file was busy")
        tmux.press("Enter")
        shown = tmux.wait_for("Said while the file was busy")
        deadline = time.monotonic() + 30
        while "Who said it" in shown and time.monotonic() < deadline:
            assert "locked" not in shown, shown
            time.sleep(0.1)
            shown = tmux.screen()
        assert "locked" not in shown and "Not saved" not in shown, shown
    finally:
        holder.wait(timeout=30)
    with Store.open(db, read_only=True) as store:
        texts = [f.text for f in store.list_feedback(session_id=session_id)]
    assert texts == ["Said while the file was busy"]
