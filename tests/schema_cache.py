"""A new file's schema, made once per test process and copied into each new file.

Migrating an empty file runs some 270 statements, 42 of them ``ALTER TABLE`` that make
SQLite read the whole schema again: about 65 ms of CPU for every store a test creates,
and the suite creates a few thousand. ``migrate`` here copies a file migrated once,
with SQLite's backup API, into a file that is new and empty, then draws its own site id
as the migration would (two new files never share one: a merge tells them apart by
it). Every other file (one of an older schema, one holding rows, a test's own list of
migrations) is migrated the real way; ``tests/db`` tests migrations of older files.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path

from opstui.db import schema
from opstui.db.connection import connect
from opstui.db.merge_schema import DRAW_SITE_ID

real_migrate = schema.migrate
_template: Path | None = None


def migrate(
    conn: sqlite3.Connection, path: Path, migrations: Sequence[schema.Migration] = schema.MIGRATIONS
) -> Path | None:
    """What ``schema.migrate`` does, copied from a template for a new, empty file."""
    if (
        migrations is not schema.MIGRATIONS
        or schema.check_version(conn, path, migrations) != 0
        or schema.table_count(conn) > 0
    ):
        return real_migrate(conn, path, migrations)
    with contextlib.closing(sqlite3.connect(_template_path())) as source:
        source.backup(conn)
    conn.execute("DELETE FROM meta WHERE key = 'site_id'")
    conn.execute(DRAW_SITE_ID)
    return None


def _template_path() -> Path:
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="opstui-schema-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "schema.db"
        conn = connect(path)
        try:
            real_migrate(conn, path)
        finally:
            conn.close()
        _template = path
    return _template
