"""Hostile custom playbook files: each is a broken playbook with its reason, read quickly.

The loader runs in-process here; ``tests/cli/test_hostile_playbooks_cli.py`` runs the
real program and ``tests/app/test_hostile_playbooks_app.py`` opens live sessions with
the same files present. ``HOSTILE`` and ``unblocked_fifos`` are shared with them.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from opstui.domain.playbook import (
    MAX_BYTES,
    MAX_DEPTH,
    PlaybookError,
    builtin_playbooks,
    discover_playbooks,
    load_playbook_file,
    parse_playbook,
)
from opstui.files import read_regular_file

MINIMAL = """
key = "mine"
title = "My session"
kind = "custom"
step = 2

[[agenda]]
title = "Talk"
"""

#: Longer than any of these files takes to be refused, short enough to end a hang.
PATIENCE = 20.0


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "fifo.toml")
    return folder / "fifo.toml"


def _dev_zero(folder: Path) -> Path:
    (folder / "zero.toml").symlink_to("/dev/zero")
    return folder / "zero.toml"


def _ten_megabytes(folder: Path) -> Path:
    path = folder / "huge.toml"
    path.write_bytes(b"# a comment line of a huge file\n" * (10 * 1024 * 1024 // 32))
    return path


def _deeply_nested(folder: Path) -> Path:
    path = folder / "deep.toml"
    path.write_text("a = " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return path


def _not_utf8(folder: Path) -> Path:
    path = folder / "latin1.toml"
    path.write_bytes(MINIMAL.replace("My session", "Caf\xe9").encode("latin-1"))
    return path


def _folder(folder: Path) -> Path:
    (folder / "x.toml").mkdir()
    return folder / "x.toml"


def _dangling(folder: Path) -> Path:
    (folder / "gone.toml").symlink_to(folder / "nowhere.toml")
    return folder / "gone.toml"


#: name: (how to make the file in a folder, words its one-line reason must hold)
HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (_fifo, "is a FIFO, not a regular file"),
    "link to /dev/zero": (_dev_zero, "is a link to a device, not a regular file"),
    "10 MB file": (_ten_megabytes, "is larger than 256 KiB"),
    "deeply nested": (_deeply_nested, f"nested more than {MAX_DEPTH} deep"),
    "invalid UTF-8": (_not_utf8, "is not UTF-8 text"),
    "folder": (_folder, "is a folder, not a regular file"),
    "dangling link": (_dangling, "is a link to nothing"),
}


@contextlib.contextmanager
def unblocked_fifos(folder: Path, seconds: float = PATIENCE) -> Iterator[list[bool]]:
    """Open the write end of every FIFO in ``folder`` if the body is still running late.

    A reader blocked on one (as opstui once was) then sees the end of the file, so the
    test fails on its assertions instead of hanging. Yields ``[fired]``.
    """
    fired = [False]
    done = threading.Event()

    def watch() -> None:
        if done.wait(seconds):
            return
        fired[0] = True
        while not done.is_set():
            for path in folder.iterdir():
                if stat.S_ISFIFO(path.lstat().st_mode):
                    with contextlib.suppress(OSError):  # no reader yet: ENXIO
                        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            done.wait(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield fired
    finally:
        done.set()
        watcher.join()


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_is_refused_quickly_with_its_reason(tmp_path: Path, name: str) -> None:
    make, reason = HOSTILE[name]
    path = make(tmp_path)
    started = time.monotonic()
    with unblocked_fifos(tmp_path) as fired, pytest.raises(PlaybookError) as caught:
        load_playbook_file(path)
    assert not fired[0], "reading the file blocked"
    assert time.monotonic() - started < 5
    [problem] = caught.value.problems
    assert reason in str(problem)
    assert "\n" not in str(problem)


def test_discovery_lists_every_hostile_file_as_broken_beside_a_good_one(tmp_path: Path) -> None:
    for make, _ in HOSTILE.values():
        make(tmp_path)
    (tmp_path / "zz-good.toml").write_text(MINIMAL, encoding="utf-8")
    with unblocked_fifos(tmp_path) as fired:
        entries = discover_playbooks(tmp_path)
    assert not fired[0], "discovery blocked on a FIFO"
    custom = [e for e in entries if not e.builtin]
    assert [e.playbook.key for e in custom if e.playbook] == ["mine"]
    broken = {Path(e.source).name: str(e.error) for e in custom if e.error}
    assert len(broken) == len(HOSTILE)
    for _, reason in HOSTILE.values():
        assert sum(reason in line for line in broken.values()) == 1, reason
    assert len(entries) == len(builtin_playbooks()) + len(HOSTILE) + 1


def test_a_link_to_a_good_playbook_is_followed(tmp_path: Path) -> None:
    """Playbooks kept in a dotfiles repository and linked into the folder still load."""
    real = tmp_path / "elsewhere.txt"
    real.write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "linked.toml").symlink_to(real)
    assert load_playbook_file(tmp_path / "linked.toml").key == "mine"


def test_a_link_to_a_large_file_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "large.txt"
    real.write_bytes(b"#" * (MAX_BYTES + 1))
    (tmp_path / "linked.toml").symlink_to(real)
    with pytest.raises(PlaybookError, match="larger than 256 KiB"):
        load_playbook_file(tmp_path / "linked.toml")


def test_the_size_limit_is_inclusive(tmp_path: Path) -> None:
    path = tmp_path / "exact.toml"
    path.write_bytes(b"#" * MAX_BYTES)
    assert len(read_regular_file(path, MAX_BYTES)) == MAX_BYTES
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(OSError, match="larger than"):
        read_regular_file(path, MAX_BYTES)


@pytest.mark.parametrize(
    ("depth", "ok"),
    [(MAX_DEPTH, True), (MAX_DEPTH + 1, False), (900, False)],
)
def test_nesting_is_limited_before_validation(depth: int, ok: bool) -> None:
    """The whole file counts: the top table, [extra], then the arrays."""
    text = MINIMAL + "\n[extra]\nvalue = " + "[" * (depth - 2) + "]" * (depth - 2) + "\n"
    with pytest.raises(PlaybookError) as caught:
        parse_playbook(text)
    nested = "nested more than" in str(caught.value)
    assert nested is not ok
