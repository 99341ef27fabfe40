"""One app runs a live session at a time; the hold ends with the app, a crash included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from opstui.db.session_hold import SessionHold, hold_path


def test_a_second_hold_is_refused_until_the_first_is_released(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    first = SessionHold.take(db, "s1")
    assert first is not None
    assert SessionHold.take(db, "s1") is None  # another app, even in this process
    other = SessionHold.take(db, "s2")  # another session is free
    assert other is not None
    first.release()
    assert not hold_path(db, "s1").exists()
    again = SessionHold.take(db, "s1")
    assert again is not None
    again.release()
    other.release()


def test_a_killed_holder_lets_go(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from opstui.db.session_hold import SessionHold\n"
            f"hold = SessionHold.take(Path({str(db)!r}), 's1')\n"
            "print('held' if hold else 'refused', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert SessionHold.take(db, "s1") is None
    finally:
        holder.kill()
        holder.wait()
    # Killed without a word: the lock went with it (the file stays, and is reused).
    assert hold_path(db, "s1").exists()
    taken = SessionHold.take(db, "s1")
    assert taken is not None
    taken.release()


def test_a_forgotten_hold_lets_go_when_collected(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert SessionHold.take(db, "s1") is not None  # dropped at once
    taken = SessionHold.take(db, "s1")
    assert taken is not None
    taken.release()
