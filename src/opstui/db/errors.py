"""Errors the storage layer raises for problems a user can fix or should know of."""

from __future__ import annotations

import sqlite3
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


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


def database_errors() -> tuple[type[Exception], ...]:
    """What reading or writing the file can raise: reported to the user, never a traceback.

    A stored value the models refuse (an edited or damaged file) raises pydantic's
    ValidationError. pydantic is not imported for it here, so that the app's first
    screen, which makes no model, starts without it: until pydantic is loaded no model
    has been made, and none can have failed.
    """
    validation = _validation_error()
    found: tuple[type[Exception], ...] = (StoreError, sqlite3.Error)
    return found if validation is None else (*found, validation)


def _validation_error() -> type[ValidationError] | None:
    """pydantic's ValidationError (pydantic_core's own class), once pydantic is loaded."""
    core = sys.modules.get("pydantic_core")
    return None if core is None else core.ValidationError


#: What SQLite says, in part, and what it means to someone using opstui.
_SQLITE_MEANINGS: tuple[tuple[str, str], ...] = (
    ("malformed", "the database file is damaged"),
    ("vtable constructor failed", "the database file is damaged (its search index)"),
    ("file is not a database", "the database file is damaged or is not a database"),
    ("readonly", "the database file or its folder cannot be written"),
    ("read-only", "the database file or its folder cannot be written"),
    ("unable to open", "the database file could not be opened"),
    ("locked", "another program kept the database busy for too long"),
    ("busy", "another program kept the database busy for too long"),
    ("disk is full", "the disk is full"),
    ("disk i/o", "the disk could not be read or written"),
)


def describe_error(exc: BaseException) -> str:
    """One line for the user about a problem met while reading or writing the database.

    Our own errors already speak the user's language; SQLite's are prefixed with what
    they mean, and keep SQLite's words so that they can be looked up.
    """
    if isinstance(exc, StoreError):
        return str(exc)
    validation = _validation_error()
    if validation is not None and isinstance(exc, validation):
        # A stored value this version cannot take: an edited or damaged file.
        first = exc.errors()[0] if exc.error_count() else None
        where = ".".join(str(part) for part in first["loc"]) if first else ""
        why = first["msg"] if first else "invalid"
        return f"a {exc.title.lower()} in the database could not be read ({where}: {why})"
    said = " ".join(str(exc).split()) or type(exc).__name__
    lowered = said.casefold()
    meaning = next((m for key, m in _SQLITE_MEANINGS if key in lowered), "")
    return f"{meaning} ({said})" if meaning else f"database error: {said}"
