"""Never lose a word: the real program is killed with SIGKILL mid-session, then started again.

What was on the screen just before the kill must be in the file, and the session must
resume where it stood. A bounded loop then kills the program at random moments, after
random captures, and counts the captures seen on screen against those found in the file.
"""

from __future__ import annotations

import os
import random
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opstui.db.store import Store
from opstui.domain.initiative import Initiative, Person
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session import SessionState
from opstui.domain.session_plan import plan_session
from opstui.domain.steps import Step
from opstui.domain.voting import Proposal, ProposalStatus, VoteMethod

if TYPE_CHECKING:
    from tests.e2e.conftest import Tmux

pytestmark = pytest.mark.e2e

TITLE = "Make customer interviews easy to schedule"
NAMES = ("Ana Ruiz", "Ben Okafor", "Chloé Martin", "Dev Patel")
RESUME = "Resume a session left running?"
#: How far behind the screen the stored timer may be: it is saved every 5 seconds.
TIMER_SLACK = 7
#: The random-kill loop: how many trials, and the longest any one may take.
TRIALS = 8
TRIAL_SECONDS = 20


def seed(db: Path, *, open_vote: bool = False) -> str:
    """Four people and a live validation session on its first item; its id."""
    with Store.open(db) as store:
        people = [store.add_person(Person(name=name)) for name in NAMES]
        facilitator = store.add_person(Person(name="Olu Facilitator"))
        initiative = store.add_initiative(Initiative(title=TITLE, step=Step.VALIDATE))
        book = next(b for b in builtin_playbooks() if b.key == "validation")
        session, agenda = plan_session(
            initiative_id=initiative.id,
            playbook=book,
            title="Validation session",
            participant_ids=[p.id for p in people],
            facilitator_id=facilitator.id,
            now=datetime.now(UTC),
        )
        store.add_session(session, agenda)
        if open_vote:
            store.add_proposal(
                Proposal(
                    session_id=session.id,
                    title="The problem is worth solving",
                    method=VoteMethod.FIST_OF_FIVE,
                )
            )
        return session.id


def resume(tmux: Tmux) -> None:
    """Answer the offer to resume, and wait for the live screen."""
    tmux.wait_for(RESUME)
    tmux.press("Enter")
    tmux.wait_for("Captured (newest first)")
    tmux.wait_gone(RESUME)


def capture_remark(tmux: Tmux, text: str, *, confirm: bool = True) -> None:
    """Ben's positive remark, each key sent once the screen shows the last one landed."""
    tmux.wait_gone("Who said it")  # the last remark's form has closed
    tmux.press("f")
    tmux.wait_for("Who said it")
    tmux.press("2")
    tmux.wait_for("Who said it: Ben Okafor")
    tmux.press("4")
    tmux.wait_for("How it felt: positive")
    tmux.type(text)
    tmux.wait_for(text)
    tmux.press("Enter")
    if confirm:
        tmux.wait_gone("Who said it")
        tmux.wait_for(text)


def voted(screen: str) -> int:
    """How many ballots the vote grid says are in (0 when no vote is shown)."""
    found = re.search(r"(\d+) of \d+ voted", screen)
    return int(found.group(1)) if found else 0


def test_killed_mid_session_loses_nothing_and_resumes(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path
) -> None:
    db = tmp_path / "crash.db"
    session_id = seed(db)
    command = [str(opstui_program), "--db", str(db)]
    tmux.start(command, app_env)
    resume(tmux)
    tmux.press("Space")  # the timer runs
    tmux.wait_for("Space pause")

    capture_remark(tmux, "All free slots [b]at once[/]")

    # The team's problem statement: two fields, each saved as the focus leaves it.
    tmux.press("t")
    tmux.wait_for("Fill in: Problem statement")
    tmux.type("Booking a customer interview takes a week of emails")
    tmux.press("Tab")
    # Sent at once after the Tab: the app holds them until the focus has moved on.
    tmux.type("Product managers")
    tmux.press("Tab")
    tmux.press("Escape")
    tmux.wait_for("2 of 8 fields")

    # On to the next item, and a vote: two of four have voted when the terminal dies.
    tmux.press("n")
    tmux.wait_for("2/4")
    item_started = time.monotonic()
    tmux.press("v")
    tmux.wait_for("Call a vote")
    tmux.press("C-s")
    tmux.wait_for("0-5 record a fist")
    tmux.press("4", "5")
    tmux.wait_for("2 of 4 voted")
    time.sleep(2.5)  # the item's timer has run a little
    shown = tmux.screen()
    ran = time.monotonic() - item_started
    tmux.kill_program()

    # Everything the screen showed is in the file the crash left behind.
    with Store.open(db, read_only=True) as store:
        session = store.get_session(session_id)
        assert session.state is SessionState.LIVE and session.current_item == 1
        [remark] = store.list_feedback(session_id=session_id)
        assert remark.text in shown
        [fill_in] = store.list_fill_ins(session_id)
        assert fill_in.values == {
            "problem": "Booking a customer interview takes a week of emails",
            "affected": "Product managers",
        }
        [vote] = store.list_proposals(session_id=session_id)
        assert vote.status is ProposalStatus.OPEN
        ballots = store.list_ballots(vote.id, vote.round)
        assert sorted(str(b.value) for b in ballots) == ["4", "5"]
        agenda = store.list_agenda(session_id)
        assert agenda[0].ended_at is not None and agenda[1].started_at is not None
        assert ran - TIMER_SLACK <= agenda[1].elapsed_seconds <= ran + 1

    # Started again: the session resumes at its item, with its open vote and ballots.
    tmux.restart(command, app_env)
    resume(tmux)
    screen = tmux.wait_for("2/4")
    assert "2 of 4 voted" in screen and "0-5 record a fist" in screen
    assert "All free slots [b]at once[/]" in screen
    assert "2 of 8 fields" in screen
    tmux.press("3")  # the vote carries on where it stood
    tmux.wait_for("3 of 4 voted")
    tmux.press("C-q")
    tmux.wait_exit()
    with Store.open(db, read_only=True) as store:
        [vote] = store.list_proposals(session_id=session_id)
        assert len(store.list_ballots(vote.id, vote.round)) == 3


def test_random_kills_lose_no_capture(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path
) -> None:
    """Kill at random moments after random captures; count what was seen and what was kept."""
    seed_value = int(os.environ.get("OPSTUI_CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed_value)
    db = tmp_path / "random-kills.db"
    session_id = seed(db, open_vote=True)
    command = [str(opstui_program), "--db", str(db)]
    seen_remarks: set[str] = set()
    seen_ballots = 0
    sent = 0
    log: list[str] = []
    for trial in range(TRIALS):
        began = time.monotonic()
        if trial == 0:
            tmux.start(command, app_env)
        else:
            tmux.restart(command, app_env)
        resume(tmux)
        for number in range(rng.randint(1, 3)):
            ballots = voted(tmux.screen())
            if ballots < len(NAMES) and rng.random() < 0.3:
                tmux.press(str(rng.randint(0, 5)))
                tmux.wait_for(f"{ballots + 1} of {len(NAMES)} voted")
            else:
                sent += 1
                capture_remark(tmux, f"trial {trial} remark {number}")
        # The moment of the crash: at once, mid-typing, or just after Enter.
        moment = rng.choice(["now", "typing", "submitted"])
        if moment == "typing":
            tmux.press("f")
            tmux.wait_for("Who said it")
            tmux.type("never submitted")
        elif moment == "submitted":
            sent += 1
            capture_remark(tmux, f"trial {trial} last word", confirm=False)
        time.sleep(rng.uniform(0, 0.4))
        screen = tmux.screen()  # what the facilitator saw the instant before the kill
        tmux.kill_program()
        seen_remarks |= set(re.findall(r"trial \d+ (?:remark \d+|last word)", screen))
        seen_ballots = max(seen_ballots, voted(screen))
        log.append(f"trial {trial}: {moment}, {time.monotonic() - began:.1f} s")
        assert time.monotonic() - began < TRIAL_SECONDS, log

        with Store.open(db, read_only=True) as store:
            kept = {f.text for f in store.list_feedback(session_id=session_id)}
            [vote] = store.list_proposals(session_id=session_id)
            kept_ballots = len(store.list_ballots(vote.id, vote.round))
        assert "never submitted" not in kept
        lost = seen_remarks - kept
        assert not lost, f"seen on screen but not in the file: {sorted(lost)}"
        assert kept_ballots >= seen_ballots

    figures = (
        f"kill trials: {TRIALS} (seed {seed_value})\n"
        f"remarks submitted: {sent}; seen on screen before a kill: {len(seen_remarks)}; "
        f"found in the file: {len(seen_remarks & kept)}; lost: {len(seen_remarks - kept)}\n"
        f"ballots seen: {seen_ballots}; found: {kept_ballots}; lost: "
        f"{max(seen_ballots - kept_ballots, 0)}\n"
        f"remarks in the file in all (some sent but not yet shown when killed): {len(kept)}\n"
        + "\n".join(log)
        + "\n"
    )
    print("\n" + figures)
    (tmp_path / "crash-figures.txt").write_text(figures)
    out = os.environ.get("OPSTUI_CRASH_FIGURES")
    if out:
        Path(out).write_text(figures)
