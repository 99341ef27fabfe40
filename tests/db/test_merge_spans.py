"""A merge writes in short transactions: the app writes between them, and is neither
lost nor overwritten wrongly; a merge stopped between them completes when run again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from opstui.db.merge import Merger
from opstui.db.store import Store
from opstui.domain.merging import OLDER_EDIT, SourceReport
from opstui.domain.progress import Cancelled
from tests.cli.test_merge_interrupted import bigger, dump
from tests.db.merge_world import add_initiative, copy_file, edit_action, new_file, query


def merge(source: Path, target: Path, progress: object = None) -> tuple[SourceReport, float]:
    with Store.open(target) as store:
        merger = Merger(store)
        if progress is None:
            report = merger.merge(source)
        else:
            report = merger.merge(source, progress=progress)  # type: ignore[arg-type]
        return report, merger.longest_write


@pytest.fixture
def shared(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """The team file, and Alice's copy of it with many more remarks and an edit."""
    team = new_file(tmp_path / "team.db", "team")
    ids = add_initiative(team, "Quick interviews", "Scheduling takes a week")
    alice = copy_file(team, tmp_path / "alice.db", "alice")
    bigger(alice)
    edit_action(alice, ids["action"], "Alice's wording")
    return team, alice, ids


def test_the_app_writing_between_two_transactions_is_kept(
    shared: tuple[Path, Path, dict[str, str]],
) -> None:
    team, alice, ids = shared
    seen: list[tuple[str, int, int]] = []

    def app_writes(phase: str, done: int, total: int) -> None:
        seen.append((phase, done, total))
        if phase == "merging" and done > 0 and [p for p, _d, _t in seen].count("merging") == 2:
            # The facilitator edits the action after Alice did, while the merge runs.
            edit_action(team, ids["action"], "The team's latest wording")

    report, longest = merge(alice, team, app_writes)
    assert query(team, "SELECT text FROM action_items") == [("The team's latest wording",)]
    assert [n.reason for n in report.not_taken if n.table == "action_items"] == [OLDER_EDIT]
    assert query(team, "SELECT count(*) FROM feedback") == [(4001,)]
    phases = [p for p, _d, _t in seen]
    assert "reading" in phases and "merging" in phases
    assert seen[-1][1] == seen[-1][2]  # the last call: all of it done
    assert len([s for s in seen if s[0] == "merging"]) > 3  # several transactions
    assert longest < 1.0


def test_a_session_the_app_deletes_meanwhile_takes_no_remarks_and_breaks_nothing(
    shared: tuple[Path, Path, dict[str, str]],
) -> None:
    team, alice, ids = shared

    def app_deletes(phase: str, done: int, total: int) -> None:
        if (
            phase == "merging"
            and done > 0
            and query(team, "SELECT count(*) FROM feedback") == [(1,)]
        ):
            with Store.open(team) as app:
                if app.conn.execute("SELECT 1 FROM sessions").fetchone():
                    app.delete_session(ids["session"])

    report, _longest = merge(alice, team, app_deletes)
    assert query(team, "SELECT count(*) FROM sessions") == [(0,)]
    assert query(team, "SELECT count(*) FROM feedback") == [(0,)]
    assert query(team, "PRAGMA foreign_key_check") == []
    reasons = {n.reason for n in report.not_taken if n.table == "feedback"}
    assert reasons <= {"its session was deleted", "deleted in team"} and reasons


def test_a_merge_cancelled_between_transactions_completes_when_run_again(
    shared: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    team, alice, _ids = shared
    expected = tmp_path / "expected.db"
    expected.write_bytes(team.read_bytes())
    merge(alice, expected)

    def stop(phase: str, done: int, total: int) -> None:
        if phase == "merging" and query(team, "SELECT count(*) FROM feedback")[0][0] > 1:
            raise Cancelled

    with pytest.raises(Cancelled):
        merge(alice, team, stop)
    assert query(team, "PRAGMA integrity_check") == [("ok",)]
    assert query(team, "SELECT count(*) FROM meta WHERE key = 'replaying'") == [(0,)]
    assert 1 < query(team, "SELECT count(*) FROM feedback")[0][0] < 4001
    merge(alice, team)
    assert dump(team) == dump(expected)


def test_an_anonymous_vote_taken_by_a_merge_stopped_before_its_ballots_is_taken_whole(
    tmp_path: Path,
) -> None:
    team = new_file(tmp_path / "team.db", "team")
    ids = add_initiative(team, "Votes")
    conn = sqlite3.connect(team)
    conn.execute(
        "INSERT INTO proposals (id, session_id, title, method, status, anonymous, "
        "created_at, updated_at) VALUES ('p1', ?, 'Which room', 'fist-of-five', 'open', 1, "
        "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        (ids["session"],),
    )
    conn.commit()
    conn.close()
    alice = copy_file(team, tmp_path / "alice.db", "alice")
    conn = sqlite3.connect(alice)
    conn.execute(
        "INSERT INTO ballots (id, proposal_id, round, method, value, cast_at, updated_at) "
        "VALUES ('b1', 'p1', 1, 'fist-of-five', '5', '2026-01-02T00:00:00Z', "
        "'2026-01-02T00:00:00Z')"
    )
    conn.execute("UPDATE proposals SET status = 'closed', updated_at = '2026-01-03T00:00:00Z'")
    conn.commit()
    conn.close()
    expected = tmp_path / "expected.db"
    expected.write_bytes(team.read_bytes())
    merge(alice, expected)
    assert query(expected, "SELECT id FROM ballots") == [("b1",)]

    def stop(phase: str, done: int, total: int) -> None:
        if phase == "merging" and query(team, "SELECT status FROM proposals") == [("closed",)]:
            raise Cancelled

    with pytest.raises(Cancelled):
        merge(alice, team, stop)
    assert query(team, "SELECT count(*) FROM ballots") == [(0,)]
    merge(alice, team)
    assert dump(team) == dump(expected)


def test_a_span_grown_on_unchanged_rows_stops_before_a_run_of_new_ones() -> None:
    from opstui.db.merge_batches import COMPARED, _span_end

    new = list(range(5_001, 100_001))  # after the first 5,000 rows, every row is new
    first = _span_end(1, 100_000, 1000, new)
    assert first == 1000 * COMPARED  # unchanged rows: many in one span ...
    second = _span_end(first + 1, 100_000, 1000, new)
    assert second - first < 1000  # ... new rows: as many as the cost allows
    assert _span_end(7, 10, 1000, None) == 10


class FakeTime:
    """The clock and sleep ``merge_batches`` sees: each step advances it by what it says."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def perf_counter(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.mark.parametrize(
    ("step_seconds", "pauses"),
    [(0.001, 0), (0.03, 2), (0.3, 9)],
    ids=["tiny: never", "short: once held 0.1 s", "long: after each"],
)
def test_the_lock_is_left_free_once_held_a_while_not_after_every_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step_seconds: float, pauses: int
) -> None:
    """Ten transactions in a row: a small file's tiny ones take the lock back at once,
    longer ones leave it free once they have held it ``HOLD_BEFORE_PAUSE`` in all."""
    from opstui.db import merge_batches
    from opstui.domain.progress import silent

    fake = FakeTime()
    monkeypatch.setattr(merge_batches, "time", fake)
    with Store.open(new_file(tmp_path / "t.db", "t")) as store:
        batches = merge_batches.Batches(store, silent, "merging", 0)

        def step() -> None:
            fake.now += step_seconds

        for _ in range(10):
            batches.once(step)
    assert len(fake.slept) == pauses
    assert all(0 < s <= merge_batches.PAUSE_SECONDS for s in fake.slept)
