"""Errors the storage layer raises for problems a user can fix or should know of.

SQLite's own errors never leave the storage layer: ``sqlite_errors`` raises each again
as the ``DatabaseFailure`` that says what it means (the file is busy, damaged, cannot
be written, or refused a row), with SQLite's error as its cause. ``Database`` wraps
its reads, its write transactions and opening the file in it, so the screens and the
command line catch ``StoreError`` alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


class StoreError(Exception):
    """A problem with the database that is the user's to know about, said in one line."""


class NotADatabase(StoreError):
    """The path is not a usable opstui database (a folder, not SQLite, someone else's)."""


class NewerDatabase(StoreError):
    """The file was written by a newer opstui than this one."""


class ReadOnlyError(StoreError):
    """An edit was attempted on a database opened for review only."""


class UnknownId(StoreError):
    """No record has an id starting with what was given."""


class AmbiguousId(StoreError):
    """Several records have ids starting with what was given."""


class NotFound(StoreError):
    """A record that should exist does not (it may have been deleted elsewhere)."""


class UnreadableRecord(StoreError):
    """A stored row the models refuse: the file was edited by hand, or damaged."""


class DatabaseFailure(StoreError):
    """SQLite could not do what was asked; its own error is the ``__cause__``."""


class DatabaseBusy(DatabaseFailure):
    """Another program held the file's lock for longer than the busy timeout."""


class DatabaseDamaged(DatabaseFailure):
    """The file, or its search index, is damaged: found when that part was read."""


class StorageFailure(DatabaseFailure):
    """The disk or the file system refused: full, failing, or the file is read-only."""


class RecordRefused(DatabaseFailure):
    """The schema refused a row: a value out of range, or a record it points to is gone."""


def database_errors() -> tuple[type[Exception], ...]:
    """What reading or writing the file can raise: reported to the user, never a traceback.

    A stored value the models refuse (an edited or damaged file) is an
    ``UnreadableRecord``, raised where rows become models (``db.mapping.from_row``).
    SQLite's own errors are translated before they leave the store (``sqlite_errors``);
    they are listed too, as a last resort, so that one slipping through some future path
    is still a notice rather than a crash.
    """
    return (StoreError, sqlite3.Error)


#: SQLite's primary result codes, and the failure each one is.
_FAILURE_OF_CODE: dict[int, type[DatabaseFailure]] = {
    sqlite3.SQLITE_BUSY: DatabaseBusy,
    sqlite3.SQLITE_LOCKED: DatabaseBusy,
    sqlite3.SQLITE_CORRUPT: DatabaseDamaged,
    sqlite3.SQLITE_NOTADB: DatabaseDamaged,
    sqlite3.SQLITE_READONLY: StorageFailure,
    sqlite3.SQLITE_IOERR: StorageFailure,
    sqlite3.SQLITE_FULL: StorageFailure,
    sqlite3.SQLITE_CANTOPEN: StorageFailure,
    sqlite3.SQLITE_PERM: StorageFailure,
    sqlite3.SQLITE_CONSTRAINT: RecordRefused,
}

#: What SQLite says, in part, what it means to someone using opstui, and which failure
#: it is (for errors that carry no result code, and those whose code says too little).
_SQLITE_MEANINGS: tuple[tuple[str, str, type[DatabaseFailure]], ...] = (
    ("malformed", "the database file is damaged", DatabaseDamaged),
    (
        "vtable constructor failed",
        "the database file is damaged (its search index)",
        DatabaseDamaged,
    ),
    (
        "file is not a database",
        "the database file is damaged or is not a database",
        DatabaseDamaged,
    ),
    ("readonly", "the database file or its folder cannot be written", StorageFailure),
    ("read-only", "the database file or its folder cannot be written", StorageFailure),
    ("unable to open", "the database file could not be opened", StorageFailure),
    ("locked", "another program kept the database busy for too long", DatabaseBusy),
    ("busy", "another program kept the database busy for too long", DatabaseBusy),
    ("disk is full", "the disk is full", StorageFailure),
    ("disk i/o", "the disk could not be read or written", StorageFailure),
    ("constraint failed", "the database refused what was being saved", RecordRefused),
)


def translate(exc: sqlite3.Error) -> DatabaseFailure:
    """The ``DatabaseFailure`` a SQLite error is, worded for the user.

    The message keeps SQLite's own words, in brackets, so that they can be looked up.
    """
    said = " ".join(str(exc).split()) or type(exc).__name__
    lowered = said.casefold()
    meaning, failure = next(
        ((m, f) for key, m, f in _SQLITE_MEANINGS if key in lowered), ("", DatabaseFailure)
    )
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        failure = _FAILURE_OF_CODE.get(code & 0xFF, failure)
    elif failure is DatabaseFailure and isinstance(exc, sqlite3.IntegrityError):
        failure = RecordRefused
    return failure(f"{meaning} ({said})" if meaning else f"database error: {said}")


@contextmanager
def sqlite_errors() -> Iterator[None]:
    """Raise a SQLite error met inside again as the ``DatabaseFailure`` it is."""
    try:
        yield
    except sqlite3.Error as exc:
        raise translate(exc) from exc


def describe_error(exc: BaseException) -> str:
    """One line for the user about a problem met while reading or writing the database.

    Our own errors already speak the user's language; SQLite's are worded as the store
    words them (see ``translate``).
    """
    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        return str(translate(exc))
    said = " ".join(str(exc).split()) or type(exc).__name__
    return f"database error: {said}"
