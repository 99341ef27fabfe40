"""A fast typist in the real program: fifty remarks and five votes sent in one burst of
keys (no waits), once on a quiet machine and once with every core kept busy."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opstui.db.store import Store
from opstui.domain.session import Sentiment, Session
from opstui.domain.voting import ProposalStatus
from tests.e2e.test_validation_session import TITLE, seed

if TYPE_CHECKING:
    from tests.e2e.conftest import Tmux

pytestmark = pytest.mark.e2e

ROUNDS = 5
REMARKS_PER_ROUND = 10


def remark(n: int) -> str:
    # Digits that pick people and sentiments, letters that are keys of the live screen.
    return f"remark {n:02d}: 2 of 4 voted, keep the pace"


@contextmanager
def busy_cores(count: int) -> Iterator[None]:
    """Keep ``count`` processes spinning, as a busy laptop on a call would."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


def session_of(store: Store, initiative_id: str) -> Session | None:
    found = [s for s in store.list_sessions(initiative_id) if s.playbook_key == "validation"]
    return found[0] if found else None


@pytest.mark.parametrize("hog", [False, True], ids=["quiet", "busy"])
def test_fifty_remarks_and_five_votes_sent_back_to_back(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path, hog: bool
) -> None:
    db = tmp_path / "e2e.db"
    initiative_id, people, _ = seed(db)
    tmux.start([str(opstui_program), "--db", str(db)], app_env)
    tmux.wait_for(TITLE)
    tmux.press("Enter")
    tmux.wait_for("Step 3 Validate")
    tmux.press("s")
    tmux.wait_for("Validation session")

    # Starting the session is part of the burst: the first remark's keys arrive while
    # the start dialog closes and the live screen comes up (two screen changes).
    keys: list[str] = ["Enter", "C-s"]
    for round_ in range(ROUNDS):
        for n in range(REMARKS_PER_ROUND):
            keys += ["f", "2", "4", remark(round_ * REMARKS_PER_ROUND + n), "Enter"]
        keys += ["v", "C-s", "4", "5", "3", "4", "r", "c", "Enter"]

    with busy_cores(2 if hog else 0):
        tmux.press_all(*keys)  # one send-keys: the whole burst at once
        deadline = time.monotonic() + 240
        closed = []
        while time.monotonic() < deadline:
            with Store.open(db, read_only=True) as store:
                session = session_of(store, initiative_id)
                if session is not None:
                    proposals = store.list_proposals(session_id=session.id)
                    closed = [p for p in proposals if p.status is ProposalStatus.CLOSED]
            if len(closed) == ROUNDS:
                break
            time.sleep(0.5)

    with Store.open(db, read_only=True) as store:
        session = session_of(store, initiative_id)
        assert session is not None
        remarks = store.list_feedback(session_id=session.id)
        proposals = store.list_proposals(session_id=session.id)
        ballots = {p.id: store.list_ballots(p.id) for p in proposals}
    sent = ROUNDS * REMARKS_PER_ROUND
    assert [r.text for r in remarks] == [remark(n) for n in range(sent)], tmux.screen()
    assert {(r.person_id, r.sentiment) for r in remarks} == {(people[1], Sentiment.POSITIVE)}
    assert len(proposals) == ROUNDS
    assert all(p.status is ProposalStatus.CLOSED for p in proposals)
    for cast in ballots.values():
        assert {b.person_id: b.value for b in cast} == dict(zip(people, "4534", strict=True))
