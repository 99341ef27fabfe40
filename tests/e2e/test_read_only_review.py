"""An ops lead reviews a file they cannot write, in the real program: nothing changes on disk.

Two copies, each in a folder the reviewer may read but not write: one received by mail
(the database file alone), and one left by a facilitator whose terminal died (its
write-ahead log and shared-memory files still beside it). Run as root, whom file modes
do not stop, the program is started as someone they do stop (the ``reader`` fixture of
tests/conftest.py); run as anyone else, the modes alone do it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opstui.db.store import Store

if TYPE_CHECKING:
    from tests.conftest import Reader
    from tests.e2e.conftest import Tmux

pytestmark = pytest.mark.e2e

FIRST_TITLE = "Make customer interviews quick to schedule"
CRASH_TITLE = "Written just before the crash"
#: A writer that stores one initiative, then dies without closing anything.
DYING_WRITER = """
import os, signal, sys
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
store = Store.open(sys.argv[1])
store.add_initiative(Initiative(title=sys.argv[2]))
os.kill(os.getpid(), signal.SIGKILL)
"""


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Each file of the folder: content hash, modification time and mode."""
    return {
        entry.name: (
            hashlib.sha256(entry.read_bytes()).hexdigest(),
            entry.stat().st_mtime_ns,
            entry.stat().st_mode,
        )
        for entry in sorted(folder.iterdir())
    }


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder the reviewer can reach (pytest's own temporary folders are root's only)."""
    folder = Path(tempfile.mkdtemp(prefix="opstui-review-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in (folder, *folder.rglob("*")):
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(folder)


def lock_down(folder: Path, reader: Reader, *, locked: bool = True) -> None:
    """The reviewer may read the files but write neither them nor the folder (unless not
    ``locked``: then only opstui's read-only opening keeps the files as they were)."""
    if not locked:
        for entry in (folder, *folder.iterdir()):
            if reader.uid is not None:
                os.chown(entry, reader.uid, reader.uid)
        return
    for entry in folder.iterdir():
        if reader.uid is not None:
            os.chown(entry, reader.uid, reader.uid)
        entry.chmod(0o400)
    folder.chmod(0o555)


def mailed_copy(shared: Path, demo_file: Path, reader: Reader, *, locked: bool = True) -> Path:
    folder = shared / "mail"
    folder.mkdir()
    shutil.copyfile(demo_file, folder / "opstui.db")
    lock_down(folder, reader, locked=locked)
    return folder / "opstui.db"


def crashed_copy(shared: Path, demo_file: Path, reader: Reader, *, locked: bool = True) -> Path:
    folder = shared / "crashed"
    folder.mkdir()
    path = folder / "opstui.db"
    shutil.copyfile(demo_file, path)
    result = subprocess.run(
        [sys.executable, "-c", DYING_WRITER, str(path), CRASH_TITLE], timeout=60, check=False
    )
    assert result.returncode == -signal.SIGKILL
    assert {p.name for p in folder.iterdir()} == {"opstui.db", "opstui.db-wal", "opstui.db-shm"}
    lock_down(folder, reader, locked=locked)
    return path


def reader_env(shared: Path, app_env: dict[str, str], reader: Reader) -> dict[str, str]:
    home = shared / "home"
    home.mkdir(exist_ok=True)
    if reader.uid is not None:
        os.chown(home, reader.uid, reader.uid)
    return {**app_env, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config")}  # fmt: skip


def review_in_the_app(tmux: Tmux, command: list[str], env: dict[str, str], title: str) -> None:
    """Open the file read-only, walk from the dashboard into a session, try to edit, quit."""
    tmux.start(command, env)
    screen = tmux.wait_for(title)
    assert "read-only" in screen and "Resume a session" not in screen
    tmux.press("n")  # "New initiative": refused, with the reason
    tmux.wait_for("read-only for review")
    tmux.press("Enter")
    tmux.wait_for("Step 6 Evaluate")
    tmux.press("2")
    tmux.wait_for("Evaluation: eight weeks after launch")
    tmux.press("o")
    tmux.wait_for("Captured (newest first)")
    tmux.press("f")
    tmux.wait_for("read-only for review")
    tmux.press("Escape")
    tmux.wait_for("Step 6 Evaluate")
    tmux.press("C-q")
    tmux.wait_exit()
    assert "Traceback" not in tmux.screen()


@pytest.mark.parametrize("locked", [True, False], ids=["read-only folder", "writable folder"])
def test_a_copy_received_by_mail_in_a_read_only_folder(
    tmux: Tmux,
    app_env: dict[str, str],
    opstui_program: Path,
    shared: Path,
    demo_file: Path,
    reader: Reader,
    locked: bool,
) -> None:
    """In a folder the reviewer may write, only ``--read-only`` keeps the file as it was
    (no log or shared memory made beside it): there the check can fail."""
    path = mailed_copy(shared, demo_file, reader, locked=locked)
    before = snapshot(path.parent)
    env = reader_env(shared, app_env, reader)
    review_in_the_app(
        tmux, [*reader.prefix, str(opstui_program), "--read-only", "--db", str(path)], env,
        FIRST_TITLE,
    )  # fmt: skip
    # The command line reads it too, and exporting notes to the terminal writes nothing.
    with Store.open(path, read_only=True) as store:
        session_id = store.list_sessions()[0].id
    for args in (["list", "sessions"], ["export", "session", session_id[:8]]):
        result = subprocess.run(
            [*reader.prefix, str(opstui_program), *args, "--db", str(path)],
            env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert snapshot(path.parent) == before


@pytest.mark.parametrize("locked", [True, False], ids=["read-only folder", "writable folder"])
def test_a_crashed_facilitators_file_in_a_read_only_folder(
    tmux: Tmux,
    app_env: dict[str, str],
    opstui_program: Path,
    shared: Path,
    demo_file: Path,
    reader: Reader,
    locked: bool,
) -> None:
    """The log left by the crash is read, not replayed into the file: the database and
    its log are never written (in a writable folder SQLite may use the shared memory)."""
    path = crashed_copy(shared, demo_file, reader, locked=locked)
    kept = {"opstui.db", "opstui.db-wal"}
    before = {k: v for k, v in snapshot(path.parent).items() if k in kept}
    review_in_the_app(
        tmux, [*reader.prefix, str(opstui_program), "--read-only", "--db", str(path)],
        reader_env(shared, app_env, reader), CRASH_TITLE,
    )  # fmt: skip
    after = {k: v for k, v in snapshot(path.parent).items() if k in kept}
    assert after == before
