"""Errors the storage layer raises for problems a user can fix or should know of."""

from __future__ import annotations


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
