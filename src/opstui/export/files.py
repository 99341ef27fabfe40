"""Writing an export to disk: atomically, never over a file unless asked, with a good name."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

from opstui.files import check_replaceable


class ExportExists(FileExistsError):
    """The target file is there already and overwriting was not asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} already exists; add --force to replace it")


def write_export(path: Path, text: str, *, overwrite: bool = False) -> Path:
    """Write ``text`` to ``path`` in one step: readers see the old file or the new one.

    The text goes to a temporary file in the same folder first. Without ``overwrite``
    it is hard-linked into place, which fails if a file appeared meanwhile, so an
    existing file is never touched; with it, ``os.replace`` swaps it in, and only over
    a regular file: a link, FIFO or device node in the way raises ``UnsafeFile`` and
    is left as it is (``opstui.files.check_replaceable``). The file is readable by
    its owner only, like the database: notes hold colleagues' opinions.
    """
    path = path.expanduser()
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give a file name")
    exists = check_replaceable(path)
    if not overwrite and exists:
        raise ExportExists(path)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            check_replaceable(path)  # again, just before: it may have changed meanwhile
            temp.replace(path)
        else:
            try:
                os.link(temp, path)
            except FileExistsError:
                raise ExportExists(path) from None
            except OSError:
                # A file system without hard links: the check above is the best we have.
                if check_replaceable(path):
                    raise ExportExists(path) from None
                temp.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return path


def slug(text: str, fallback: str = "export", limit: int = 60) -> str:
    """A file-name-safe form of a title: "Résumé: Q3 / plan" -> "resume-q3-plan"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:limit].rstrip("-") or fallback


def export_file_name(title: str, when: date | None, fmt: str) -> str:
    """ "2026-03-12-validation-session.md": the date first so a folder sorts by time."""
    stem = slug(title)
    if when is not None:
        stem = f"{when.isoformat()}-{stem}"
    return f"{stem}.{fmt}"
