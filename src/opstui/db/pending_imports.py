"""Imports under way, so that one stopped halfway never leaves half of itself behind.

A bulk import (``opstui.db.bulk_readings``) writes its rows in many short transactions,
so that no other writer waits on it for long. Before its first rows are committed, the
same transaction records the import in ``meta`` under ``import:<prefix>``: the prefix
every one of its rows' ids starts with (``opstui.domain.id_runs``), the table, and the
process writing it. The transaction that commits its last rows removes the record. So a
record in the file means an import that has not finished:

- cancelled or failed, the import takes its rows back itself (``take_back``), in short
  transactions too, and removes the record last;
- if that fails as well (a full disk), or the process is killed (``kill -9``, a power
  cut), the record stays, and the rows are taken back the next time the file is opened
  for writing (``clean_up_left_imports``, called by ``Database.open``) by any process,
  once the one that wrote them is gone. The file is never half-imported for longer than
  that, and SQLite's own journal keeps every transaction whole meanwhile.

While an import runs, a reader of the file sees the rows committed so far. An import
recorded by another computer (a file on a shared drive) is left alone: whether its
process still runs cannot be told from here.

Rows are taken back while ``replaying`` (as a merge writes): the tombstones a deletion
leaves for merging are not written for rows that were never whole.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from opstui.db.errors import StoreError

# json, socket and the id runs are imported where a record is written or found: every
# open for writing runs ``clean_up_left_imports``, and the app's first screen should not
# wait for them (about 50 ms on a busy machine) to learn that there is none.

if TYPE_CHECKING:
    from opstui.db.database import Database

#: Where imports under way are recorded: ``meta`` keys from here up to ``_AFTER``.
KEY_START = "import:"
_AFTER = "import;"
#: Rows deleted per transaction when taking an import back: well under a second each.
TAKE_BACK_BATCH = 10_000
#: The tables an import may write, so that a record read from a file names no other.
IMPORTED_TABLES = ("readings",)
#: Prefixes of the imports this process is writing right now: another record naming this
#: process is one it gave up, and may be taken back at once.
_UNDER_WAY: set[str] = set()
#: Where Linux tells of processes; elsewhere only whether a pid is taken can be asked.
_PROC = Path("/proc/self")


def key(prefix: str) -> str:
    return f"{KEY_START}{prefix}"


def record(table: str) -> str:
    """The record of an import about to be written by this process, as stored."""
    import json
    import socket

    return json.dumps(
        {
            "table": table,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": _started(os.getpid()),
        },
        sort_keys=True,
    )


def begin(database: Database, prefix: str, table: str) -> None:
    """Record the import inside the write transaction of its first rows."""
    _UNDER_WAY.add(prefix)
    database.conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)", (key(prefix), record(table))
    )


def finish(database: Database, prefix: str) -> None:
    """Remove the record inside the write transaction of the import's last rows."""
    database.conn.execute("DELETE FROM meta WHERE key = ?", (key(prefix),))


def ended(prefix: str) -> None:
    """The import is no longer written by this process (whether whole or not)."""
    _UNDER_WAY.discard(prefix)


def take_back(database: Database, prefix: str, table: str) -> int:
    """Delete every row of the import and then its record, in short transactions; how many.

    Raises:
        StoreError: The file refused a deletion; the record stays for the next open.
    """
    from opstui.domain.id_runs import prefix_range

    if table not in IMPORTED_TABLES:
        raise ValueError(f"no import writes {table!r}")
    low, high = prefix_range(prefix)
    taken = 0
    while True:
        with database.write():
            database.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('replaying', '1')"
            )
            cursor = database.conn.execute(
                f"DELETE FROM {table} WHERE id IN "  # table: one of IMPORTED_TABLES
                f"(SELECT id FROM {table} WHERE id >= ? AND id < ? LIMIT ?)",
                (low, high, TAKE_BACK_BATCH),
            )
            database.conn.execute("DELETE FROM meta WHERE key = 'replaying'")
            gone = cursor.rowcount
            taken += gone
            if gone < TAKE_BACK_BATCH:
                finish(database, prefix)
                break
    ended(prefix)
    return taken


def clean_up_left_imports(database: Database) -> int:
    """Take back every import the file records whose process is gone; rows taken back.

    Called whenever the file is opened for writing. A deletion the file refuses is left
    for the next open: opening never fails for it.
    """
    found = database.fetch(
        "SELECT key, value FROM meta WHERE key >= ? AND key < ?", (KEY_START, _AFTER)
    )
    if not found:
        return 0
    import json

    taken = 0
    for name, value in found:
        prefix = name[len(KEY_START) :]
        try:
            mark = json.loads(value)
            table = str(mark["table"])
        except (ValueError, KeyError, TypeError):
            continue
        if table not in IMPORTED_TABLES or _still_writing(mark, prefix):
            continue
        try:
            taken += take_back(database, prefix, table)
        except StoreError:
            continue
    return taken


def _still_writing(mark: dict[str, object], prefix: str) -> bool:
    """Whether the process that recorded an import may still be writing it."""
    import socket

    if mark.get("host") != socket.gethostname():
        return True  # another computer's process: it cannot be seen from here
    pid = mark.get("pid")
    if not isinstance(pid, int):
        return False
    if pid == os.getpid():
        return prefix in _UNDER_WAY
    if not _PROC.is_dir():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    since = _started(pid)
    # A pid is reused: the process must be the one that started when the record says.
    return since is not None and mark.get("since") in (None, since)


def _started(pid: int) -> str | None:
    """When a live process started (clock ticks since boot, from /proc), or None when there
    is none to read (no such process, no /proc). A zombie (killed, not yet reaped) is gone."""
    try:
        stat = (_PROC.parent / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
        fields = stat.rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if fields[0] in ("Z", "X"):
        return None
    return fields[19]
