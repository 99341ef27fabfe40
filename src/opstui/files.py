"""What opstui reads from and writes to the user's folders: regular files only.

Two rules live here and nowhere else:

* **Reading** a file someone put in a folder (a custom playbook): only a regular file,
  no larger than a limit, read with a bounded read. A link is followed only when its
  target is itself a regular file within the limit (people keep playbooks in a dotfiles
  repository and link them in). The file is opened with ``O_NONBLOCK`` and checked
  again with ``fstat`` after opening, so a FIFO swapped in never blocks the reader
  and a device never gets read.
* **Replacing** a file (an export, the demo): only when the path is absent or a
  regular file, checked with ``lstat`` so that a link is refused too: replacing a
  link, FIFO or device node would destroy something that was not ours.

Folders opstui makes are made readable by their owner only (0700): they hold
colleagues' opinions.

No Textual, no SQL: the domain reads playbooks through this module.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: Open flags for reading: never block on a FIFO, never become a controlling terminal.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK = 64 * 1024


class UnsafeFile(OSError):
    """A file opstui will not read or replace; ``reason`` says why: "is a FIFO, …"."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path} {self.reason}"


def kind_of(mode: int) -> str:
    """What a file is, in words, from its ``st_mode``: "a FIFO", "a folder", …"""
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISREG(mode):
        return "a regular file"
    return "not a regular file"


def size_words(limit: int) -> str:
    return f"{limit // 1024} KiB" if limit % 1024 == 0 else f"{limit} bytes"


def _check_readable(path: Path, info: os.stat_result, limit: int, *, via_link: bool) -> None:
    if not stat.S_ISREG(info.st_mode):
        what = kind_of(info.st_mode)
        where = f"a link to {what}" if via_link else what
        raise UnsafeFile(path, f"is {where}, not a regular file")
    if info.st_size > limit:
        raise UnsafeFile(path, f"is larger than {size_words(limit)}")


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Raises ``UnsafeFile`` (an ``OSError``) saying why otherwise, and ``OSError`` for
    what the system refuses (no permission). Never blocks on a FIFO and never reads
    more than ``limit + 1`` bytes, whatever the file claims or turns into.
    """
    try:
        link = path.lstat()
    except FileNotFoundError:
        raise UnsafeFile(path, "is not there") from None
    via_link = stat.S_ISLNK(link.st_mode)
    try:
        info = path.stat() if via_link else link
    except FileNotFoundError:
        raise UnsafeFile(path, "is a link to nothing (its target is missing)") from None
    except OSError as exc:  # a loop of links
        raise UnsafeFile(path, f"is a link that cannot be followed ({exc.strerror})") from None
    _check_readable(path, info, limit, via_link=via_link)
    fd = os.open(path, _READ_FLAGS)
    try:
        # What was opened may not be what was checked: check what is open.
        _check_readable(path, os.fstat(fd), limit, via_link=via_link)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(_CHUNK, remaining))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise UnsafeFile(path, f"is larger than {size_words(limit)}")
    return data


def check_replaceable(path: Path) -> bool:
    """Whether ``path`` holds a regular file (True) or nothing (False); else refuse.

    Checked with ``lstat``: a link is refused even when it points at a regular file,
    since replacing it would replace the link, not the file the user meant.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISREG(info.st_mode):
        return True
    raise UnsafeFile(path, f"is {kind_of(info.st_mode)}, not a regular file: left as it is")


def make_private_folder(folder: Path) -> None:
    """Make ``folder`` and any missing parents, each new one readable by its owner only."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for new in reversed(missing):
        try:
            new.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile by someone else: not ours to change
        new.chmod(0o700)  # mkdir's mode is cut by the umask; the folder is ours
