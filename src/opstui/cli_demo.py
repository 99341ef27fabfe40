"""The demo database on disk: only ever a demo replaced, never half a demo written.

The ``opstui demo`` command's file handling, apart from the command line itself.
"""

from __future__ import annotations

from pathlib import Path

from opstui import paths
from opstui.cli_support import UserError, open_store


def demo_in_place(path: Path) -> bool:
    """Whether a demo database is at ``path`` (False: nothing is); refuse anything else."""
    from opstui.files import UnsafeFile, check_replaceable

    not_ours = "choose another --db path"
    try:
        if not check_replaceable(path):
            return False
        size = path.stat().st_size
    except UnsafeFile as exc:
        raise UserError(f"{exc}; {not_ours}") from None
    except OSError as exc:
        raise UserError(f"cannot use {path}: {exc.strerror or exc}") from None
    if size == 0:
        # Zero size does not mean "ours": an empty file may be a placeholder someone made.
        raise UserError(f"{path} is an empty file, not a demo: left as it is; {not_ours}")
    with open_store(path) as existing:
        is_demo = existing.is_demo
    if not is_demo:
        raise UserError(f"{path} holds real data, not a demo; {not_ours}")
    return True


def write_demo(path: Path) -> None:
    """Build the demo in a scratch file, then move it into place: never half a demo."""
    from opstui.demo import build_demo
    from opstui.files import UnsafeFile, check_replaceable

    paths.ensure_parent(path)
    scratch = path.with_name(f".{path.name}.building")
    remove_database(scratch)
    try:
        with open_store(scratch) as store:
            build_demo(store)
        try:
            if check_replaceable(path):  # something appeared while the demo was built
                raise UserError(f"{path} appeared meanwhile: left as it is")
        except UnsafeFile as exc:
            raise UserError(f"{exc}; choose another --db path") from None
        scratch.replace(path)
    finally:
        remove_database(scratch)


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
