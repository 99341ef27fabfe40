"""Opening the SQLite file with the storage rules every connection must follow.

Foreign keys on, WAL, synchronous FULL and a busy timeout on every connection; the file
is created with mode 0600 because it holds colleagues' opinions, and one found readable
by others is made private when opened for writing.

A review (read-only) never writes, creates or removes the database or its ``-wal``;
how it reads the file depends on what is beside it (see ``Review``). Every review
connection has ``trusted_schema`` off, and every connection SQLite's defensive mode
where Python offers it (3.12+); triggers and views we did not make are refused by the
schema check (``schema.check_code_objects``).
"""

from __future__ import annotations

import enum
import os
import shutil
import sqlite3
import tempfile
import time
import weakref
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


class Review(enum.Enum):
    """How a connection reads the file."""

    #: Open for writing: not a review.
    WRITER = "writer"
    #: Beside a live writer's ``-wal`` and ``-shm``: SQLite's shared read-only mode,
    #: which follows each commit (``PRAGMA data_version``). SQLite records this
    #: reader's read marks in the writer's ``-shm``, as every reader does.
    SHARED = "shared"
    #: Nobody is writing (no ``-wal``): opened immutable, so nothing at all is created
    #: beside it; whether the file changed is told from its size, times and inode.
    IMMUTABLE = "immutable"
    #: A ``-wal`` without a usable ``-shm`` (a copy received with its log, in a folder
    #: that cannot be written): the file and its log are copied into a private temporary
    #: folder and read there, since SQLite needs a ``-shm`` to read a log and immutable
    #: mode would ignore the log. The copy is removed when the connection closes.
    SNAPSHOT = "snapshot"


class Connection(sqlite3.Connection):
    """A SQLite connection that knows how it reads its file, and cleans up after it."""

    review: Review = Review.WRITER
    #: The file's mode when this writer found it readable by others, before making it 0600.
    tightened_from: int | None = None
    _cleanup: weakref.finalize[..., object] | None = None

    def close(self) -> None:
        super().close()
        if self._cleanup is not None:
            self._cleanup()


def connect(path: Path, *, read_only: bool = False) -> Connection:
    """Open the database file with the pragmas of the storage rules.

    Writes are the caller's to wrap in ``BEGIN IMMEDIATE`` (see ``Store.write``); the
    connection itself is in autocommit mode so no implicit transaction is left open.
    """
    check_path(path)
    if read_only:
        if not path.exists():
            raise NotADatabase(f"{path} does not exist")
        return _open_review(path)
    create_private_file(path)
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        # SQLite would open it read-only without a word, and fail at the first capture.
        raise NotADatabase(
            f"{path} cannot be written: the file or its folder is read-only "
            "(open it read-only to review it)"
        )
    conn = _sqlite(str(path), Review.WRITER)
    try:
        # Touch the schema so that a file that is not a database fails here, not later.
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        # Someone else's SQLite file, or one from a newer opstui, is left exactly as it
        # is (the schema check refuses it next): switching to WAL rewrites the header.
        ours = app_id == APPLICATION_ID and version <= CURRENT_VERSION
        if ours or not tables:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _not_a_database(path, exc) from None
    if ours or not tables:
        conn.tightened_from = _make_private(path)
    return conn


def _sqlite(target: str, review: Review) -> Connection:
    """A connection with the pragmas every one of ours has, not yet read from."""
    conn = sqlite3.connect(
        target,
        uri=review is not Review.WRITER,
        isolation_level=None,
        check_same_thread=False,
        factory=Connection,
    )
    conn.review = review
    setconfig = getattr(conn, "setconfig", None)
    defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if setconfig is not None and defensive is not None:  # Python 3.12+
        setconfig(defensive, True)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if review is not Review.WRITER:
        # Nothing the file declares (a function in a view, a virtual table in a
        # trigger) may run on a review's behalf. Writers keep it on: our own search
        # triggers write to FTS5 tables, which SQLite 3.40 does not mark innocuous.
        conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def _open_review(path: Path) -> Connection:
    """Open ``path`` read-only in the one way its neighbours allow (see ``Review``)."""
    if not sidecar(path, "-wal").exists():
        return _first_read(_sqlite(_uri(path, immutable=True), Review.IMMUTABLE), path)
    if sidecar(path, "-shm").exists():
        try:
            return _first_read(_sqlite(_uri(path), Review.SHARED), path)
        except NotADatabase:
            pass  # a -shm this user cannot use: read a private copy instead
    return _open_snapshot(path)


def _open_snapshot(path: Path) -> Connection:
    folder = Path(tempfile.mkdtemp(prefix="opstui-review-"))  # made 0700 by mkdtemp
    try:
        copy = folder / "review.db"
        for suffix in ("", "-wal"):
            fd = os.open(sidecar(copy, suffix), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with sidecar(path, suffix).open("rb") as source, os.fdopen(fd, "wb") as target:
                shutil.copyfileobj(source, target)
        conn = _sqlite(_uri(copy), Review.SNAPSHOT)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    conn._cleanup = weakref.finalize(conn, shutil.rmtree, folder, ignore_errors=True)
    return _first_read(conn, path)


def _first_read(conn: Connection, path: Path) -> Connection:
    """Read the schema once, so that a file that is not a database fails here, not later."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _not_a_database(path, exc) from None
    return conn


def _not_a_database(path: Path, exc: sqlite3.DatabaseError) -> NotADatabase:
    if exc.sqlite_errorcode == sqlite3.SQLITE_NOTADB:
        return NotADatabase(f"{path} is not a SQLite database")
    return NotADatabase(f"{path} is not a usable SQLite database ({exc})")


def sidecar(path: Path, suffix: str) -> Path:
    """The file SQLite keeps beside ``path``: ``-wal`` or ``-shm`` (``""``: the file itself)."""
    return path.with_name(path.name + suffix)


def has_writer_files(path: Path) -> bool:
    """Whether a write-ahead log sits beside the file: someone has it open for writing."""
    return sidecar(path, "-wal").exists()


FileState = tuple[tuple[int, int, int, int] | None, ...]


def file_state(path: Path) -> FileState:
    """What tells a review that the file was written: each of the three files' inode,
    size and times (``None`` for one that is absent)."""

    def of(file: Path) -> tuple[int, int, int, int] | None:
        try:
            found = file.stat()
        except FileNotFoundError:
            return None
        return (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)

    return tuple(of(sidecar(path, suffix)) for suffix in ("", "-wal", "-shm"))


#: How long one ask for the write lock waits (ms) before asking again (``begin_write``).
WRITE_POLL_MS = 10


def begin_write(conn: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``, waiting up to the busy timeout for the lock, asking for it
    every few milliseconds.

    SQLite's own wait asks again every 100 ms once it has waited a quarter of a second,
    so a writer that holds the lock in short transactions with short pauses between
    them (a merge: ``opstui.db.merge_batches``) would keep it from us for seconds; asked
    for this often, it is ours in the first pause.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    conn.execute(f"PRAGMA busy_timeout = {WRITE_POLL_MS}")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                busy = (getattr(exc, "sqlite_errorcode", sqlite3.SQLITE_BUSY) & 0xFF) in (
                    sqlite3.SQLITE_BUSY,
                    sqlite3.SQLITE_LOCKED,
                )
                if not busy or time.monotonic() >= deadline:
                    raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def attach_uri(conn: Connection) -> str:
    """The URI that ATTACHes, to another connection, the file a review reads, read as it
    reads it: beside a live writer, immutable, or from its private copy (``Review``).

    So a bundle reads the source exactly as a review would, creating nothing beside it.
    """
    if conn.review is Review.WRITER:
        raise ValueError("only a review's file is attached read-only")
    file = next(row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main")
    return _uri(Path(file), immutable=conn.review is Review.IMMUTABLE)


def _uri(path: Path, *, immutable: bool = False) -> str:
    mode = "mode=ro&immutable=1" if immutable else "mode=ro"
    return f"file:{quote(str(path.resolve()))}?{mode}"


def _make_private(path: Path) -> int | None:
    """Make the file and its neighbours owner-only; the file's old mode if it was not.

    A file someone else owns is left as it is (only its owner may change its mode).
    """
    tightened: int | None = None
    for suffix in ("", "-wal", "-shm"):
        side = sidecar(path, suffix)
        try:
            mode = side.stat().st_mode
            if mode & 0o077:
                side.chmod(0o600)
                if not suffix:
                    tightened = mode & 0o777
        except OSError:
            pass
    return tightened
