"""The whole journey in the real program: from the demo to a validation session, its
notes exported, and the file opened again read-only by someone reviewing it.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opstui.db.store import Store
from opstui.domain.session import SessionState
from opstui.domain.voting import ProposalStatus
from opstui.export.markdown_safe import inline

if TYPE_CHECKING:
    from tests.e2e.conftest import Tmux

pytestmark = pytest.mark.e2e

INITIATIVE = "Sales adoption of new features"
REMARK = "Reps demo what they [i]trust[/]"


def wait_any(tmux: Tmux, *texts: str, timeout: float = 15.0) -> str:
    """The screen, once any of ``texts`` is on it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = tmux.screen()
        if any(text in screen for text in texts):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"none of {texts} appeared; the screen shows:\n{tmux.screen()}")


def test_from_the_demo_to_exported_notes_and_a_read_only_review(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    tmux.start([str(opstui_program), "demo", "--db", str(db)], app_env)
    tmux.wait_for(INITIATIVE)

    # Find the initiative by typing, and move it on to the validation step.
    tmux.press("/")
    time.sleep(0.3)  # keys sent in the same instant would still go to the list
    tmux.type("Sales")
    tmux.wait_gone("Predictable release dates")  # narrowed to the one initiative
    tmux.press("Enter")
    tmux.wait_for("Step 2 Define success")
    tmux.press("]")
    if "Move anyway" in wait_any(tmux, "Move anyway", "Step 3 Validate"):
        tmux.press("m")  # the doctor warns of a missing output; the facilitator moves on
    tmux.wait_for("Step 3 Validate")

    # A validation session from the suggested playbook, with last session's people.
    tmux.press("s")
    tmux.wait_for("Start a session")
    tmux.wait_for("Validation session")
    tmux.press("Enter", "C-s")
    tmux.wait_for("Captured (newest first)")

    tmux.press("f")
    tmux.wait_for("Who said it")
    tmux.press("1")
    tmux.wait_for("Who said it: ")
    tmux.press("4")
    tmux.wait_for("How it felt: positive")
    tmux.type(REMARK)
    tmux.wait_for(REMARK)
    tmux.press("Enter")
    tmux.wait_gone("Who said it")
    tmux.wait_for(REMARK)

    tmux.press("t")
    tmux.wait_for("Fill in: Problem statement")
    tmux.type("Reps cannot show features they have not seen")
    tmux.press("Tab")
    tmux.press("Escape")
    tmux.wait_for("1 of 8 fields")

    tmux.press("n")
    tmux.wait_for("2/4")
    tmux.press("v")
    tmux.wait_for("Call a vote")
    tmux.press("C-s")
    screen = tmux.wait_for("0-5 record a fist")
    voters = int(re.search(r"0 of (\d+) voted", screen).group(1))  # type: ignore[union-attr]
    for _ in range(voters):
        tmux.press("4")
    tmux.wait_for(f"{voters} of {voters} voted")
    tmux.press("r")
    tmux.wait_for("PASSED")
    tmux.press("c")
    tmux.wait_for("Close the vote")
    tmux.press("Enter")
    tmux.wait_for("decision")

    # F6: the notes go to a file in the exports folder, the path said on screen.
    tmux.press("F6")
    tmux.wait_for("Export")
    tmux.wait_for("opstui-exports")  # the default folder, in the user's home
    tmux.press("Enter")
    tmux.wait_for("Exported")
    exported = sorted((Path(app_env["HOME"]) / "opstui-exports").glob("*.md"))
    tmux.press("e")
    tmux.wait_for("End the session?")
    tmux.press("Enter")
    tmux.wait_for("Session ended")
    tmux.press("C-q")
    tmux.wait_exit()
    assert "Traceback" not in tmux.screen()

    assert len(exported) == 1
    notes = exported[0].read_text()
    # Markdown-escaped, so that the brackets stay brackets wherever the notes are pasted.
    assert inline(REMARK) in notes and "Reps cannot show features they have not seen" in notes

    with Store.open(db, read_only=True) as store:
        [session] = [s for s in store.list_sessions() if s.playbook_key == "validation"
                     and s.title == "Validation session"]  # fmt: skip
        assert session.state is SessionState.ENDED
        [remark] = store.list_feedback(session_id=session.id)
        assert remark.text == REMARK
        [proposal] = store.list_proposals(session_id=session.id)
        assert proposal.status is ProposalStatus.CLOSED
        assert len(store.list_ballots(proposal.id)) == voters

    # The same notes from the command line, by the start of the session's id.
    result = subprocess.run(
        [str(opstui_program), "export", "session", session.id[:8], "--db", str(db)],
        env=app_env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert inline(REMARK) in result.stdout

    # Reviewed read-only: the session is there, ended, and nothing can be changed.
    before = db.read_bytes()
    tmux.restart([str(opstui_program), "--read-only", "--db", str(db)], app_env)
    tmux.wait_for(INITIATIVE)
    tmux.press("/")
    time.sleep(0.3)  # keys sent in the same instant would still go to the list
    tmux.type("Sales")
    tmux.wait_gone("Predictable release dates")  # narrowed to the one initiative
    tmux.press("Enter")
    tmux.wait_for("Step 3 Validate")
    tmux.press("2")
    tmux.wait_for("Validation session")
    tmux.press("o")
    screen = tmux.wait_for(REMARK)
    assert "ended" in screen and "f Feedback" not in screen
    tmux.press("C-q")
    tmux.wait_exit()
    assert db.read_bytes() == before
