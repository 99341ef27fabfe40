"""Fifty remarks typed back to back in one burst: all in the file, in order, and the
newest on screen at the top of the list, the others below it newest first."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opstui.db.store import Store
from tests.e2e.test_typing_burst import session_of
from tests.e2e.test_validation_session import TITLE, seed

if TYPE_CHECKING:
    from tests.e2e.conftest import Tmux

pytestmark = pytest.mark.e2e

REMARKS = 50


def remark(n: int) -> str:
    return f"burst remark {n:02d}"


def test_fifty_remarks_in_one_burst_land_in_order_and_on_screen(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path
) -> None:
    db = tmp_path / "e2e.db"
    initiative_id, _, _ = seed(db)
    tmux.start([str(opstui_program), "--db", str(db)], app_env)
    tmux.wait_for(TITLE)
    tmux.press("Enter")
    tmux.wait_for("Step 3 Validate")
    tmux.press("s")
    tmux.wait_for("Validation session")
    tmux.press("Enter", "C-s")
    tmux.wait_for("Captured (newest first)")

    keys: list[str] = []
    for n in range(REMARKS):
        keys += ["f", "2", "4", remark(n), "Enter"]
    tmux.press_all(*keys)

    deadline = time.monotonic() + 180
    texts: list[str] = []
    while time.monotonic() < deadline:
        with Store.open(db, read_only=True) as store:
            session = session_of(store, initiative_id)
            assert session is not None
            texts = [f.text for f in store.list_feedback(session_id=session.id)]
        if len(texts) >= REMARKS:
            break
        time.sleep(0.5)
    assert texts == [remark(n) for n in range(REMARKS)]

    # The last remark is in the form's field until the form closes; read the list after.
    tmux.wait_gone("Capture feedback", timeout=30)
    screen = tmux.wait_for(remark(REMARKS - 1))
    shown = [int(n) for n in re.findall(r"burst remark (\d\d)", screen)]
    # Newest first from the newest, as many as the list's box holds, none skipped.
    assert shown == list(range(REMARKS - 1, REMARKS - 1 - len(shown), -1)), screen
    assert len(shown) >= 10, screen
