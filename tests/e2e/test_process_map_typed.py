"""The process map typed in the real program: M and three hand-offs in one burst of keys,
then the rows in the file. Runs once the map's parser is written (the program cannot be
given the tests' stand-in)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opstui.db.store import Store
from tests.app.test_live_session import build_world
from tests.app.test_process_map_live import LINES, start_mapping, stored_lines

if TYPE_CHECKING:
    from tests.e2e.conftest import Tmux

pytestmark = pytest.mark.e2e


def test_a_map_typed_in_one_burst_is_stored_line_by_line(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path
) -> None:
    db = tmp_path / "e2e.db"
    with Store.open(db) as store:
        session = start_mapping(build_world(store))
    tmux.start([str(opstui_program), "--db", str(db)], app_env)
    tmux.wait_for("Resume a session")
    tmux.press("Enter")
    tmux.wait_for("Captured")
    keys = ["M"]
    for line in LINES:
        keys += [line, "Enter"]
    tmux.press_all(*keys)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with Store.open(db, read_only=True) as store:
            if len(stored_lines(store)) == len(LINES):
                break
        time.sleep(0.2)
    tmux.wait_for("Ship")
    with Store.open(db, read_only=True) as store:
        assert stored_lines(store) == [(session.title, session.id, line) for line in LINES]
    tmux.press("Escape")
    tmux.wait_for("Captured")
