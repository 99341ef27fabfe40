"""The migration runner: forward only, backup first, newer files refused untouched."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from opstui.db import schema
from opstui.db.connection import connect
from opstui.db.errors import NewerDatabase, NotADatabase, StoreError
from opstui.db.schema import APPLICATION_ID, CURRENT_VERSION, Migration
from opstui.db.store import Store
from opstui.domain.initiative import Initiative

FIXTURES = Path(__file__).parent / "fixtures"


def _version0_file(path: Path) -> None:
    """An opstui file from before the first migration: marked, with a meta table only."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO meta VALUES ('created_by', 'opstui 0.0')")
    conn.commit()
    conn.close()


def test_fresh_file_gets_current_schema_without_backup(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert schema.user_version(store.conn) == CURRENT_VERSION
        assert schema.application_id(store.conn) == APPLICATION_ID
        assert store.backup is None


def test_version0_fixture_upgrades_and_leaves_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version0_file(path)
    with Store.open(path) as store:
        assert schema.user_version(store.conn) == CURRENT_VERSION
        assert store.get_meta("created_by") == "opstui 0.0"
        backup = store.backup
    assert backup is not None and backup.exists()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 0
    assert old.execute("SELECT value FROM meta").fetchone()[0] == "opstui 0.0"
    old.close()


def test_runner_applies_pending_migrations_in_order_and_keeps_rows(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    with Store.open(path) as store:
        store.add_initiative(Initiative(title="Survives"))

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE initiatives ADD COLUMN colour TEXT NOT NULL DEFAULT 'teal'")

    migrations = (*schema.MIGRATIONS, Migration(CURRENT_VERSION + 1, "colour", add_column))
    conn = connect(path)
    backup = schema.migrate(conn, path, migrations)
    assert schema.user_version(conn) == CURRENT_VERSION + 1
    assert conn.execute("SELECT title, colour FROM initiatives").fetchall() == [
        ("Survives", "teal")
    ]
    conn.close()
    assert backup is not None
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT title FROM initiatives").fetchall() == [("Survives",)]
    assert copy.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    copy.close()


def test_failed_migration_rolls_back(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    Store.open(path).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (x)")
        raise sqlite3.OperationalError("boom")

    conn = connect(path)
    with pytest.raises(sqlite3.OperationalError):
        schema.migrate(
            conn, path, (*schema.MIGRATIONS, Migration(CURRENT_VERSION + 1, "x", broken))
        )
    assert schema.user_version(conn) == CURRENT_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0] == 0
    conn.close()


def test_newer_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerDatabase, match="newer opstui"):
        Store.open(path)
    assert path.read_bytes() == before
    assert list(tmp_path.glob("*.bak")) == []


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE orders (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(NotADatabase, match="not an opstui"):
        Store.open(path)


@pytest.mark.parametrize("content", [b"hello, this is a text file\n" * 10, b"\x00\x01" * 600])
def test_non_sqlite_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(NotADatabase, match="not a SQLite database"):
        Store.open(path)
    assert path.read_bytes() == content


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotADatabase, match="folder"):
        Store.open(tmp_path)


def test_read_only_open_of_older_schema_explains(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version0_file(path)
    with pytest.raises(StoreError, match="older schema"):
        Store.open(path, read_only=True)
