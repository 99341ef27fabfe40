"""The benchmark generator: same seed, same file, row for row; and the counts it promises."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from types import ModuleType

import pytest

from opstui.db.store import Store
from tests.unit.bench_scripts import bench_script


@pytest.fixture(scope="module")
def generate() -> Iterator[ModuleType]:
    """benchmarks/generate.py, a script rather than a package module, loaded by path."""
    with bench_script("generate") as module:
        yield module


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_same_seed_gives_the_same_database_whatever_the_clock(
    generate: ModuleType, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    generate.build(first, "tiny", seed=11)
    # utcnow() has whole seconds: a timestamp taken from the clock would differ now.
    time.sleep(1.05)
    generate.build(second, "tiny", seed=11)
    assert dump(first) == dump(second)
    assert generate.recorded_fingerprint(first) == generate.expected_fingerprint("tiny", 11)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.db", "b.db"]


def test_another_seed_gives_other_data(generate: ModuleType, tmp_path: Path) -> None:
    generate.build(tmp_path / "a.db", "tiny", seed=1)
    generate.build(tmp_path / "b.db", "tiny", seed=2)
    with (
        Store.open(tmp_path / "a.db", read_only=True) as a,
        Store.open(tmp_path / "b.db", read_only=True) as b,
    ):
        assert {i.id for i in a.list_initiatives()}.isdisjoint(i.id for i in b.list_initiatives())


def test_the_store_holds_exactly_the_promised_counts(generate: ModuleType, tmp_path: Path) -> None:
    sizes = generate.TINY
    counts, _ = generate.build(tmp_path / "tiny.db", "tiny", seed=3)
    with Store.open(tmp_path / "tiny.db", read_only=True) as store:
        initiatives = store.list_initiatives()
        sessions = store.list_sessions()
        proposals = store.list_proposals()
        metrics = store.list_metrics()
        assert len(store.list_people()) == sizes.people
        assert len(initiatives) == sizes.initiatives
        assert len(sessions) == sizes.sessions
        assert len(store.list_feedback()) == sizes.feedback
        assert len(proposals) == sizes.proposals
        ballots = sum(len(store.list_ballots(p.id)) for p in proposals)
        assert ballots == sizes.proposals * sizes.ballots_per_proposal
        assert len(metrics) == sizes.initiatives * sizes.metrics_per_initiative
        readings = [r for m in metrics for r in store.list_readings(m.id)]
        assert len(readings) == len(metrics) * sizes.readings_per_metric
        actions = sum(len(store.list_actions(i.id)) for i in initiatives)
        assert actions == sizes.actions
        agenda = sum(len(store.list_agenda(s.id)) for s in sessions)
        assert agenda == sizes.sessions * sizes.agenda_per_session
        # Nothing in the future of the anchor but the few sessions planned after it.
        anchor = generate.ANCHOR
        assert all(s.started_at is None or s.started_at < anchor for s in sessions)
        assert all(r.taken_on <= anchor.date() for r in readings)
        # Nothing is left live: the app would offer to resume it before the dashboard.
        assert store.live_sessions() == []
    assert counts.sessions == sizes.sessions
    assert counts.feedback == sizes.feedback
    assert counts.ballots == ballots


def test_the_demo_cache_key_covers_the_demo_data_files(
    generate: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stand-in package laid out as opstui.demo is: code, data, and data in a sub-folder.
    package = tmp_path / "fake_demo"
    (package / "stories").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "people.toml").write_text("[people.maya]\n")
    story = package / "stories" / "1-story.toml"
    story.write_text("[initiative]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = generate.package_hash("fake_demo")
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.pyc").write_bytes(b"bytecode")
    assert generate.package_hash("fake_demo") == first
    story.write_text("[initiative]\ntitle = 'changed'\n")
    changed = generate.package_hash("fake_demo")
    assert changed != first
    # The place in a story's name is the order of writing: renaming changes the demo too.
    story.rename(package / "stories" / "2-story.toml")
    assert generate.package_hash("fake_demo") != changed
    assert generate.package_hash("no_such_package_here") == "missing"
    assert generate.demo_hash() == generate.package_hash("opstui.demo") != "missing"


def test_a_deep_size_gives_one_initiative_its_sessions_in_batches(
    generate: ModuleType, tmp_path: Path
) -> None:
    # The deep size's shape, small: one initiative holds ``deepest`` sessions, written
    # over several transactions (more than twice a batch), and the counts stay exact.
    sizes = generate.DeepSizes(**{**asdict(generate.TINY), "deepest": 25})
    with Store.open(tmp_path / "deep.db") as store:
        counts = generate.generate_large(store, 5, sizes)
        sessions = store.list_sessions()
        per_initiative = Counter(s.initiative_id for s in sessions)
        assert per_initiative.most_common(1)[0][1] == 25
        assert len(sessions) == counts.sessions == sizes.sessions
        assert len(store.list_feedback()) == sizes.feedback
        assert store.live_sessions() == []
    assert generate.DEEP.deepest >= 6_000
    assert generate.expected_fingerprint("deep") != generate.expected_fingerprint("large")
