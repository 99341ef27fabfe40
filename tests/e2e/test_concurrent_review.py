"""Two people, one file: a facilitator capturing live while an ops lead follows read-only,
and several processes writing at once without a word lost or a lock shown to anyone.
"""

from __future__ import annotations

import subprocess
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opstui.db.store import Store
from opstui.domain.initiative import Initiative, Person
from opstui.domain.metrics import Metric
from opstui.domain.playbook import builtin_playbooks
from opstui.domain.session_plan import plan_session
from opstui.domain.steps import Step

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.e2e.conftest import Tmux

pytestmark = pytest.mark.e2e

TITLE = "Make customer interviews easy to schedule"
#: How soon the ops lead's screen must show what the facilitator captured.
FOLLOW_SECONDS = 3.0
#: How long the writers of the second test write at the same time.
WRITE_SECONDS = 6.0


def seed(db: Path) -> tuple[str, list[str]]:
    """A live validation session, and two metrics to import readings into."""
    with Store.open(db) as store:
        people = [store.add_person(Person(name=n)) for n in ("Ana Ruiz", "Ben Okafor")]
        initiative = store.add_initiative(Initiative(title=TITLE, step=Step.VALIDATE))
        book = next(b for b in builtin_playbooks() if b.key == "validation")
        session, agenda = plan_session(
            initiative_id=initiative.id,
            playbook=book,
            title="Validation session",
            participant_ids=[p.id for p in people],
            facilitator_id=None,
            now=datetime.now(UTC),
        )
        store.add_session(session, agenda)
        metrics = [
            store.add_metric(Metric(initiative_id=initiative.id, name=name))
            for name in ("Interviews per PM", "Days to test an idea")
        ]
        return session.id, [m.id for m in metrics]


def remark(tmux: Tmux, text: str) -> float:
    """Capture a remark by Ben; the moment it showed on the facilitator's screen."""
    tmux.wait_gone("Who said it")
    tmux.press("f")
    tmux.wait_for("Who said it")
    tmux.press("2")
    tmux.wait_for("Who said it: Ben Okafor")
    tmux.press("4")
    tmux.wait_for("How it felt: positive")
    tmux.type(text)
    tmux.wait_for(text)
    tmux.press("Enter")
    tmux.wait_gone("Who said it")
    tmux.wait_for(text)
    return time.monotonic()


def follow_time(reviewer: Tmux, text: str, since: float) -> float:
    """How long after ``since`` the reviewer's screen showed ``text``."""
    reviewer.wait_for(text, timeout=FOLLOW_SECONDS + 5)
    return time.monotonic() - since


def test_ops_lead_follows_a_live_session_read_only(
    tmux: Tmux,
    tmux_factory: Callable[[], Tmux],
    app_env: dict[str, str],
    opstui_program: Path,
    tmp_path: Path,
) -> None:
    db = tmp_path / "shared.db"
    seed(db)
    facilitator = tmux
    facilitator.start([str(opstui_program), "--db", str(db)], app_env)
    facilitator.wait_for("Resume a session left running?")
    facilitator.press("Enter")
    facilitator.wait_for("Captured (newest first)")

    # The ops lead opens the same file read-only, and the session from the Sessions tab.
    lead = tmux_factory()
    lead.start([str(opstui_program), "--read-only", "--db", str(db)], app_env)
    lead.wait_for(TITLE)
    assert "Resume a session" not in lead.screen()  # a review offers no resuming
    lead.press("Enter")
    lead.wait_for("Step 3 Validate")
    lead.press("2")
    lead.wait_for("Validation session")
    lead.press("o")
    lead.wait_for("Captured (newest first)")
    screen = lead.wait_for("Nothing captured yet")
    assert "Capture feedback" not in screen  # no editing key in the footer

    first = remark(facilitator, "Slots vanish when I refresh")
    waited = [follow_time(lead, "Slots vanish when I refresh", first)]

    # Pressing an editing key in the review says why nothing happens.
    lead.press("f")
    lead.wait_for("read-only for review")
    assert "Who said it" not in lead.screen()

    # Back in the workspace, the Feedback tab follows too.
    lead.press("Escape")
    lead.wait_for("Step 3 Validate")
    lead.press("4")
    lead.wait_for("Slots vanish when I refresh")
    second = remark(facilitator, "Booking links should expire")
    waited.append(follow_time(lead, "Booking links should expire", second))
    print(f"\nread-only review showed new captures after {', '.join(f'{w:.1f}' for w in waited)} s")
    assert max(waited) <= FOLLOW_SECONDS

    facilitator.press("C-q")
    facilitator.wait_exit()
    lead.press("C-q")
    lead.wait_exit()


def _readings_csv(folder: Path, writer: int, batch: int, rows: int) -> Path:
    """A CSV of ``rows`` readings on days no other batch of this writer uses."""
    first = date(2020, 1, 1) + timedelta(days=(batch * rows))
    lines = ["date,value,cohort,note"] + [
        f"{first + timedelta(days=n)},{n},all,writer {writer} batch {batch}" for n in range(rows)
    ]
    path = folder / f"w{writer}-b{batch}.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_writers_at_once_lose_nothing_and_see_no_lock(
    tmux: Tmux, app_env: dict[str, str], opstui_program: Path, tmp_path: Path
) -> None:
    """The app capturing while two `opstui import readings` loops write the same file."""
    db = tmp_path / "busy.db"
    session_id, metric_ids = seed(db)
    tmux.start([str(opstui_program), "--db", str(db)], app_env)
    tmux.wait_for("Resume a session left running?")
    tmux.press("Enter")
    tmux.wait_for("Captured (newest first)")

    rows = 10
    imports: list[tuple[int, int, subprocess.Popen[str]]] = []
    batches = [0, 0]
    remarks = 0
    deadline = time.monotonic() + WRITE_SECONDS
    running: dict[int, subprocess.Popen[str]] = {}
    while time.monotonic() < deadline:
        for writer, metric_id in enumerate(metric_ids):
            if writer in running and running[writer].poll() is None:
                continue
            csv = _readings_csv(tmp_path, writer, batches[writer], rows)
            process = subprocess.Popen(
                [str(opstui_program), "import", "readings", metric_id[:8], str(csv), "--db",
                 str(db)],
                env=app_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            imports.append((writer, batches[writer], process))
            running[writer] = process
            batches[writer] += 1
        remark(tmux, f"busy remark {remarks}")
        remarks += 1
        assert "locked" not in tmux.screen()
    failures = []
    for writer, batch, process in imports:
        out, err = process.communicate(timeout=60)
        if process.returncode != 0 or "locked" in out + err:
            failures.append((writer, batch, process.returncode, err.strip()))
    assert failures == []
    tmux.press("C-q")
    tmux.wait_exit()

    with Store.open(db, read_only=True) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept_remarks = {f.text for f in store.list_feedback(session_id=session_id)}
        kept_readings = [len(store.list_readings(m)) for m in metric_ids]
    attempted_readings = [b * rows for b in batches]
    lost_remarks = {f"busy remark {n}" for n in range(remarks)} - kept_remarks
    print(
        f"\nconcurrent writes in {WRITE_SECONDS:.0f} s: {remarks} remarks from the app, "
        f"{len(imports)} imports ({sum(attempted_readings)} readings) from two CLI processes; "
        f"lost: {len(lost_remarks)} remarks, "
        f"{sum(attempted_readings) - sum(kept_readings)} readings; 'locked' shown: 0"
    )
    assert not lost_remarks
    assert kept_readings == attempted_readings
