"""The demo, built once per test process and copied into each new store that asks for it.

Writing the demo through the store takes about half a CPU-second, and a few hundred
tests start from it: a good part of the suite's time. ``build_demo`` here gives a new,
empty store the same rows the real ``opstui.demo.build_demo`` would write (the demo is
drawn from its seed and day alone), by copying a file built once with SQLite's backup
API. The store keeps its own meta rows but its site id: the rows the demo wrote name
the file's site as theirs, so the file takes the template's, as if the store had drawn
it (the demo files of one test process share it). A store that already holds rows is
written the real way. ``tests/db/test_demo*.py`` and the golden exports test the real
one.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

from opstui.db.store import Store
from opstui.demo import build_demo as real_build_demo

_templates: dict[tuple[int, date | None], Path] = {}
_folder: Path | None = None


def build_demo(store: Store, *, seed: int = 2026, today: date | None = None) -> None:
    """What ``opstui.demo.build_demo(store, seed=..., today=...)`` writes, copied."""
    if not _is_new(store):
        real_build_demo(store, seed=seed, today=today)
        return
    template = _template(seed, today)
    own_meta = store.conn.execute("SELECT key, value FROM meta WHERE key != 'site_id'").fetchall()
    with contextlib.closing(sqlite3.connect(template)) as source:
        source.backup(store.conn)
    with store.write():
        store.conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            own_meta,
        )


def _is_new(store: Store) -> bool:
    """Whether no table of the store holds a row but its meta."""
    tables = [
        name
        for (name,) in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'meta' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'"
        )
    ]
    return not any(
        store.conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{name}")').fetchone()[0]
        for name in tables
    )


def _template(seed: int, today: date | None) -> Path:
    global _folder
    key = (seed, today)
    if key not in _templates:
        if _folder is None:
            _folder = Path(tempfile.mkdtemp(prefix="opstui-demo-"))
            atexit.register(shutil.rmtree, _folder, True)
        path = _folder / f"demo-{seed}-{today}.db"
        with Store.open(path) as store:
            real_build_demo(store, seed=seed, today=today)
        _templates[key] = path
    return _templates[key]
