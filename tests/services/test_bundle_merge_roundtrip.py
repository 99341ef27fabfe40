"""A bundle merged into an empty file reproduces its initiative exactly: every row it
owns, and every export of it to the byte. And the team file built from all of them is
the source again, row for row, whatever order the bundles are merged in."""

from __future__ import annotations

from pathlib import Path

import pytest

from opstui.db.store import Store
from opstui.services.bundling import bundle_initiative
from opstui.services.merging import merge_files
from tests.db.bundle_checks import all_rows, assert_whole, connect, owned_rows
from tests.services.test_bundling import rendered

#: Tables a merged file holds that are the merge's own bookkeeping or one file's own
#: history, not the initiatives' rows.
BOOKKEEPING = {"meta", "sites", "exports"}


def demo_initiatives(path: Path) -> list[str]:
    with Store.open(path, read_only=True) as store:
        return [i.id for i in store.list_initiatives()]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    from tests.demo_cache import build_demo

    folder = tmp_path_factory.mktemp("roundtrip")
    source = folder / "demo.db"
    with Store.open(source) as store:
        build_demo(store)
    # Private notes travel only when asked; ask, so that the file is reproduced whole.
    return source, {
        chosen: bundle_initiative(
            source, chosen, folder / f"{chosen[:8]}.opstui.db", private_notes=True
        ).path
        for chosen in demo_initiatives(source)
    }


def test_each_bundle_merged_into_an_empty_file_is_its_initiative_again(
    bundles: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    source, by_initiative = bundles
    assert len(by_initiative) >= 4
    for chosen, bundle in by_initiative.items():
        into = tmp_path / f"{chosen[:8]}-merged.db"
        report = merge_files([bundle], into, private_notes=True)
        assert report.sources[0].not_taken == []
        assert_whole_after_closing(into)
        with connect(source) as original, connect(into) as merged:
            assert owned_rows(merged, chosen) == owned_rows(original, chosen), chosen
        assert rendered(into, chosen) == rendered(source, chosen), chosen


@pytest.mark.parametrize("order", ["as listed", "reversed"])
def test_all_bundles_merged_are_the_whole_file_again(
    bundles: tuple[Path, dict[str, Path]], tmp_path: Path, order: str
) -> None:
    source, by_initiative = bundles
    files = list(by_initiative.values())
    if order == "reversed":
        files.reverse()
    into = tmp_path / "team.db"
    merge_files(files, into, private_notes=True)
    with connect(source) as original, connect(into) as merged:
        tables = [
            name
            for (name,) in original.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'"
            )
            if name not in BOOKKEEPING
        ]
        for table in tables:
            assert all_rows(merged, table) == all_rows(original, table), table
        # The search indexes were kept in step by the merge's inserts.
        for word in ("spreadsheet", "calendar"):
            query = "SELECT count(*) FROM feedback_fts WHERE feedback_fts MATCH ?"
            assert (
                merged.execute(query, (word,)).fetchone()
                == original.execute(query, (word,)).fetchone()
            )


def assert_whole_after_closing(path: Path) -> None:
    """The merged file, checkpointed, is sound on its own."""
    with Store.open(path) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert_whole(path)
