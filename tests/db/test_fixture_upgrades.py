"""Every released schema version, kept as a file, upgrades with every row preserved.

When a new schema version is released, add its fixture here (a copy of a database
written by that version) so every later migration is tested from it.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from opstui.db import schema
from opstui.db.store import Store

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("v*.db"))


def _row_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'"
        )
    ]
    counts = {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}
    conn.close()
    return counts


def _version(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    conn.close()
    return version


def test_there_is_a_fixture_for_every_version() -> None:
    versions = sorted(_version(p) for p in FIXTURES)
    assert versions == list(range(schema.CURRENT_VERSION + 1))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_upgrades_to_current(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    before = _row_counts(path)
    old_version = _version(path)
    with Store.open(path) as store:
        assert schema.user_version(store.conn) == schema.CURRENT_VERSION
        backup = store.backup
    after = _row_counts(path)
    for table, count in before.items():
        # Schema 5 gives the file a site id (one more row of meta).
        gained = int(table == "meta" and old_version < 5)
        assert after[table] == count + gained, table
    if old_version < schema.CURRENT_VERSION:
        assert backup is not None and backup.parent == tmp_path
        assert _row_counts(backup) == before
    else:
        assert backup is None
