"""Opening the SQLite file with the storage rules every connection must follow.

Foreign keys on, WAL, synchronous FULL and a busy timeout on every connection; the file
is created with mode 0600 because it holds colleagues' opinions. Review copies open
with SQLite's ``mode=ro`` so nothing, not even the WAL, is written.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from opstui.db.errors import NotADatabase
from opstui.db.schema import APPLICATION_ID, CURRENT_VERSION

#: How long a writer waits for another process's write to finish before giving up.
BUSY_TIMEOUT_MS = 10_000


def check_path(path: Path) -> None:
    """Refuse, in words a user understands, a path that cannot be an opstui database.

    The file itself is never opened here: only SQLite may hold it open. Closing any
    other descriptor of the file would drop the POSIX locks that this process's
    connections hold on it, and another process could then checkpoint and delete the
    write-ahead log under a live writer, which corrupts the database. Whether the file
    is SQLite at all is left to SQLite's first read (see ``connect``).
    """
    if path.is_dir():
        raise NotADatabase(f"{path} is a folder, not a database file")
    if path.exists():
        if not os.access(path, os.R_OK):
            raise NotADatabase(f"cannot read {path}: permission denied")
    elif not path.parent.is_dir():
        raise NotADatabase(f"the folder {path.parent} does not exist")


def create_private_file(path: Path) -> None:
    """Create an empty file that only its owner may read, unless it exists already."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except PermissionError:
        raise NotADatabase(f"cannot create {path}: its folder is not writable") from None
    os.close(fd)


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """Open the database file with the pragmas of the storage rules.

    Writes are the caller's to wrap in ``BEGIN IMMEDIATE`` (see ``Store.write``); the
    connection itself is in autocommit mode so no implicit transaction is left open.
    """
    check_path(path)
    if read_only:
        if not path.exists():
            raise NotADatabase(f"{path} does not exist")
        conn = sqlite3.connect(
            read_only_uri(path), uri=True, isolation_level=None, check_same_thread=False
        )
    else:
        create_private_file(path)
        if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            # SQLite would open it read-only without a word, and fail at the first capture.
            raise NotADatabase(
                f"{path} cannot be written: the file or its folder is read-only "
                "(open it read-only to review it)"
            )
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # Touch the schema so that a file that is not a database fails here, not later.
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        # Someone else's SQLite file, or one from a newer opstui, is left exactly as it
        # is (the schema check refuses it next): switching to WAL rewrites the header.
        ours = app_id == APPLICATION_ID and version <= CURRENT_VERSION
        if not read_only and (ours or not tables):
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        if exc.sqlite_errorcode == sqlite3.SQLITE_NOTADB:
            raise NotADatabase(f"{path} is not a SQLite database") from None
        raise NotADatabase(f"{path} is not a usable SQLite database ({exc})") from None
    _keep_private(path)
    return conn


def has_writer_files(path: Path) -> bool:
    """Whether a write-ahead log sits beside the file: someone has it open for writing."""
    return path.with_name(path.name + "-wal").exists()


def read_only_uri(path: Path) -> str:
    """The URI that opens a file for review without writing anything beside it.

    A file that nobody has open for writing (a copy received by mail, a file in a
    read-only folder) opens as immutable, so SQLite creates no -wal or -shm file next
    to it. When a writer's log is there, the file opens shared, read-only, so that
    the writer's new captures show up.
    """
    mode = "mode=ro" if has_writer_files(path) else "mode=ro&immutable=1"
    return f"file:{quote(str(path.resolve()))}?{mode}"


def _keep_private(path: Path) -> None:
    """WAL and shared-memory files inherit nothing: make them owner-only as well."""
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        try:
            if side.exists() and side.stat().st_mode & 0o077:
                side.chmod(0o600)
        except OSError:
            pass
