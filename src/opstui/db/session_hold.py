"""Which app runs a live session: one at a time, by an operating-system lock.

Two apps taking captures, votes and notes in one session would overwrite each other's
notes and could each open a vote. The first app to open a live session holds it; any
other opens it read-only and follows it. The hold is a ``flock`` on a small file beside
the database, so it ends with the process that held it — a ``kill -9`` or a crash
included — and never needs to be cleared by hand. ``flock`` locks belong to an open
file, not to a process, so two apps in one process exclude each other as well.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import weakref
from pathlib import Path


def hold_path(database: Path, session_id: str) -> Path:
    """The lock file of one session of a database (beside it, named after both)."""
    return database.with_name(f".{database.name}.live-{session_id}.lock")


class SessionHold:
    """The hold of one live session, taken with ``take`` and given up with ``release``."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd
        # A hold dropped without ``release`` (an object forgotten) still lets go of the lock.
        self._close = weakref.finalize(self, os.close, fd)

    @classmethod
    def take(cls, database: Path, session_id: str) -> SessionHold | None:
        """Hold the session, or None when another app holds it.

        A file that cannot be made (a read-only folder) holds nothing back: the store
        refuses writes there anyway.
        """
        path = hold_path(database, session_id)
        for _attempt in range(3):
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            except OSError:
                return None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return None
            except OSError:
                os.close(fd)
                return None
            # Held; but if the holder before us removed the file meanwhile, we hold a
            # file nobody else will look at: take the one now at the path instead.
            try:
                same = os.fstat(fd).st_ino == path.lstat().st_ino
            except OSError:
                same = False
            if same:
                return cls(path, fd)
            os.close(fd)
        return None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Give the session up (the file goes; a next app makes it again)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        self._close()
        self._fd = None
