"""An open opstui database file: opening it, transactions, and noticing others' writes.

``Store`` (in ``store``) wraps this class with the domain-model API. What is here needs
neither the models nor pydantic, so that the app can open the file and draw its first
screen (the initiatives' titles, steps and statuses) before loading them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from opstui.db import pending_imports, schema
from opstui.db.connection import Connection, Review, begin_write, connect, file_state
from opstui.db.errors import NotADatabase, ReadOnlyError, StoreError, sqlite_errors
from opstui.domain.steps import Step
from opstui.domain.values import InitiativeStatus

if TYPE_CHECKING:
    import sqlite_utils


#: The short form of a site id that no merge has named: "site 1a2b3c4d".
UNNAMED_SITE_CHARS = 8
#: Where an initiative comes from, as a label (see ``InitiativeHeading.origin``): read in
#: the same query as its heading, through one join, so the first screen waits no longer.
#: The file's own site (or none, as before any merge) reads as NULL; an empty label as
#: the short id, so that every other file has something to be told apart by.
_ORIGIN_SQL = f"""
CASE WHEN i.origin_site IS NULL
       OR i.origin_site = (SELECT value FROM meta WHERE key = 'site_id') THEN NULL
     ELSE coalesce(nullif(trim(s.label), ''),
                   'site ' || substr(i.origin_site, 1, {UNNAMED_SITE_CHARS})) END
"""


@dataclass(frozen=True)
class InitiativeHeading:
    """An initiative's id, title, step and status: what a list of them shows first."""

    id: str
    title: str
    step: Step
    status: InitiativeStatus
    #: The file it comes from: None for this file, else that file's label (another
    #: facilitator's text, to be shown through ``printable``) or "site 1a2b3c4d".
    origin: str | None = None


class Database:
    """One opstui database file, open for reading and writing, or for review only."""

    def __init__(self, conn: Connection, path: Path, *, read_only: bool) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self._db: sqlite_utils.Database | None = None
        #: The backup written when this open migrated the file, if it did.
        self.backup: Path | None = None
        #: The file's mode when this open found it readable by others and made it 0600.
        self.tightened_from = conn.tightened_from
        self._file_state = file_state(path)
        self._seen_version = self.data_version()

    @property
    def immutable(self) -> bool:
        """A review nobody was writing when it was opened (see ``connection.Review``)."""
        return self.conn.review is Review.IMMUTABLE

    @property
    def review(self) -> Review:
        """How the file is read: beside a writer, immutable, or from a private copy."""
        return self.conn.review

    # -- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> Self:
        """Open (creating and migrating as needed) the database at ``path``.

        Opened read-only, the file is never created, migrated or changed: an empty file,
        or one of an older schema, is refused with what to do.
        """
        path = Path(path).expanduser()
        state = file_state(path)  # before opening: a write meanwhile is seen at the next poll
        with sqlite_errors():
            if read_only:
                conn = _open_for_review(path)
                backup = None
            else:
                conn = connect(path)
                try:
                    backup = schema.migrate(conn, path)
                except BaseException:
                    conn.close()
                    raise
            store = cls(conn, path, read_only=read_only)
            if not read_only:
                # An import a killed process left halfway is taken back before anything
                # reads the file for writing (see ``pending_imports``).
                pending_imports.clean_up_left_imports(store)
        store.backup = backup
        store._file_state = state
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[None]:
        """A write transaction taken with BEGIN IMMEDIATE; nested calls join the outer one.

        What SQLite refuses inside it is raised as a ``DatabaseFailure``, after the
        transaction is rolled back.
        """
        if self.read_only:
            raise ReadOnlyError("this database is open read-only; nothing can be changed")
        with sqlite_errors():  # a closed connection fails as soon as it is asked
            if self.conn.in_transaction:
                yield
                return
            begin_write(self.conn)
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                # Some errors (a full disk, an I/O error) end the transaction themselves.
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def data_version(self) -> int:
        """Changes when another connection commits: cheap polling for live review."""
        return int(self.fetch("PRAGMA data_version")[0][0])

    def poll_changes(self) -> bool:
        """Whether another process has committed since the last poll.

        A review that is not beside a live writer (immutable, or read from a private
        copy) cannot be told of commits by SQLite: it is reopened as soon as the file,
        its log or its shared memory changes. So it follows a facilitator who starts
        writing later, and one who opens, writes and closes between two polls.
        """
        if self.read_only and self.conn.review is not Review.SHARED:
            state = file_state(self.path)
            if state == self._file_state:
                return False
            with sqlite_errors():
                conn = _open_for_review(self.path)
            self.conn.close()
            self.conn = conn
            self._db = None
            self._file_state = state
            self._seen_version = self.data_version()
            return True
        version = self.data_version()
        changed = version != self._seen_version
        self._seen_version = version
        return changed

    # -- reading --------------------------------------------------------------------

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, made on first write: it is slow to import."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(
                self.conn, execute_plugins=False, recursive_triggers=False
            )
        return self._db

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Every row a query returns, as a dict by column name."""
        with sqlite_errors():
            cursor = self.conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor]

    def fetch(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        """Every row a query returns, as the tuples SQLite gives."""
        with sqlite_errors():
            return self.conn.execute(sql, params).fetchall()

    def initiative_headings(self) -> list[InitiativeHeading]:
        """Every initiative's heading, in the order of ``list_initiatives``.

        Built straight from a few columns, without validating whole models (the store
        validated them when they were written): quick enough for a first screen.
        """
        return [
            InitiativeHeading(id_, title, Step(step), InitiativeStatus(status), origin)
            for id_, title, step, status, origin in self.fetch(
                f"SELECT i.id, i.title, i.step, i.status, {_ORIGIN_SQL} FROM initiatives i "
                "LEFT JOIN sites s ON s.id = i.origin_site "
                "ORDER BY i.created_at, i.title COLLATE NOCASE"
            )
        ]

    def has_live_sessions(self) -> bool:
        """Whether a session was left live (by a quit or a crash): then resuming is offered."""
        return bool(self.fetch("SELECT 1 FROM sessions WHERE state = 'live' LIMIT 1"))


def _open_for_review(path: Path) -> Connection:
    """Open the file read-only, refusing what a review cannot read as it is."""
    conn = connect(path, read_only=True)
    try:
        version = schema.check_version(conn, path)
        if schema.table_count(conn) == 0:
            raise NotADatabase(f"{path} is empty: there is no opstui database in it to read")
        if version < schema.CURRENT_VERSION:
            raise StoreError(
                f"{path} has an older schema (version {version}); to upgrade it, open it "
                "once in the app without --read-only, or with a command that writes "
                "(a backup is kept)"
            )
    except BaseException:
        conn.close()
        raise
    return conn
