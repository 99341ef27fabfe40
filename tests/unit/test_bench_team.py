"""The team benchmark times what it claims: a merge into an empty file, a merge into a
copy of itself that changes nothing, and a bundle; and it never writes its source."""

from __future__ import annotations

from pathlib import Path

from opstui.db.store import Store
from tests.unit.bench_scripts import bench_script


def test_the_demo_merges_and_bundles_and_the_second_merge_changes_nothing(
    demo_file: Path, tmp_path: Path
) -> None:
    before = demo_file.read_bytes()
    with Store.open(demo_file, read_only=True) as store:
        chosen = store.list_initiatives()[0].id
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with bench_script("team") as team:
        times = team.measure(demo_file, 1, scratch, chosen)
    assert times.into_empty > 0 and times.into_itself > 0
    assert times.bundle is not None and times.bundle > 0
    assert times.changed_by_second_merge == 0
    assert demo_file.read_bytes() == before
    assert list(scratch.iterdir()) == []
