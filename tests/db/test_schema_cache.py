"""The tests' copied schema (``tests/schema_cache.py``) is the schema a migration makes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from opstui.db import schema
from opstui.db.connection import connect
from opstui.db.store import Store
from tests import schema_cache


def objects(path: Path) -> list[tuple[str, ...]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")
        pragmas = ("user_version", "application_id")
        header = [conn.execute(f"PRAGMA {p}").fetchone()[0] for p in pragmas]
        return [*rows, tuple(map(str, header))]
    finally:
        conn.close()


def test_a_copied_schema_is_the_migrated_one_with_its_own_site(tmp_path: Path) -> None:
    assert schema.migrate is schema_cache.migrate  # what every test's new store goes through
    migrated = tmp_path / "migrated.db"
    conn = connect(migrated)
    try:
        assert schema_cache.real_migrate(conn, migrated) is None
    finally:
        conn.close()
    sites = set()
    for name in ("a.db", "b.db"):
        with Store.open(tmp_path / name) as store:
            sites.add(store.site_id)
            assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert objects(tmp_path / name) == objects(migrated)
    assert len(sites) == 2 and all(len(site) == 32 for site in sites)
