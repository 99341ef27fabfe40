"""opstui in a pipe: the app refuses in one line instead of writing escape codes and
waiting; ``-o -`` is standard output, never a file named ``-``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from opstui.db.store import Store

OPSTUI = Path(sys.executable).with_name("opstui")


@pytest.mark.parametrize("args", [[], ["--read-only"]], ids=["app", "review app"])
def test_the_app_without_a_terminal_says_so_at_once(demo_file: Path, args: list[str]) -> None:
    result = subprocess.run(
        [str(OPSTUI), *args, "--db", str(demo_file)],
        stdin=subprocess.DEVNULL, capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert b"\x1b" not in result.stdout + result.stderr  # not one escape code written
    [line] = result.stderr.decode().strip().splitlines()
    assert line.startswith("opstui: the app needs a terminal")


def test_dash_as_output_is_standard_output(demo_file: Path, tmp_path: Path) -> None:
    with Store.open(demo_file, read_only=True) as store:
        session = store.list_sessions()[0]
    result = subprocess.run(
        [str(OPSTUI), "export", "session", session.id[:8], "--db", str(demo_file), "-o", "-"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# ")
    assert not (tmp_path / "-").exists()
