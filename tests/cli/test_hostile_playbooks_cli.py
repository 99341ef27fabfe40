"""`opstui playbooks list|check` with hostile files: the real program, never hanging.

Each run is a subprocess with a timeout, so a FIFO that blocks the reader fails the
test instead of hanging it (and the FIFO watchdog ends the run if it does).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.test_playbook_files import HOSTILE, unblocked_fifos

OPSTUI = Path(sys.executable).with_name("opstui")
TIMEOUT = 30


def run(*args: str, folder: Path) -> subprocess.CompletedProcess[str]:
    with unblocked_fifos(folder) as fired:
        done = subprocess.run(
            [str(OPSTUI), *args], capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    assert not fired[0], "opstui blocked on a FIFO"
    return done


def playbooks_folder(home: Path) -> Path:
    folder = home / "config" / "opstui" / "playbooks"
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize("name", list(HOSTILE))
def test_list_shows_a_hostile_file_as_broken_and_the_builtins(
    isolated_home: Path, name: str
) -> None:
    make, reason = HOSTILE[name]
    folder = playbooks_folder(isolated_home)
    path = make(folder)
    done = run("playbooks", "list", folder=folder)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    broken = [line for line in done.stdout.splitlines() if line.startswith("(broken)")]
    assert len(broken) == 1
    assert path.name in broken[0] and reason in broken[0]
    for key in ("discovery", "validation", "pilot", "evaluation", "readiness"):
        assert any(line.startswith(key) for line in done.stdout.splitlines())


@pytest.mark.parametrize("name", list(HOSTILE))
def test_check_says_why_a_hostile_file_is_refused(tmp_path: Path, name: str) -> None:
    make, reason = HOSTILE[name]
    path = make(tmp_path)
    done = run("playbooks", "check", str(path), folder=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"{path}: ") and reason in line


def test_a_file_name_with_terminal_control_is_listed_as_text(isolated_home: Path) -> None:
    folder = playbooks_folder(isolated_home)
    (folder / "\x1b[2Jclear.toml").write_text("key = [broken", encoding="utf-8")
    done = run("playbooks", "list", folder=folder)
    assert done.returncode == 0
    assert "\x1b" not in done.stdout and "\u241b[2Jclear.toml" in done.stdout
