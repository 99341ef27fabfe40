"""Output replaces nothing but a regular file; folders opstui makes are private.

`opstui export … -o P --force` once renamed over a FIFO, a link or a device node, and
`opstui demo --db P` over any zero-size file. Each is now refused in one line with exit
code 2, and the thing at P is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from tests.cli.test_bad_input_cli import one_line_error, run


def fifo(path: Path) -> None:
    os.mkfifo(path)


def link_to_a_file(path: Path) -> None:
    target = path.with_name("linked-target.txt")
    target.write_text("someone's file\n", encoding="utf-8")
    path.symlink_to(target)


def dangling_link(path: Path) -> None:
    path.symlink_to(path.with_name("nowhere"))


def link_to_dev_null(path: Path) -> None:
    path.symlink_to("/dev/null")


@contextlib.contextmanager
def bound_socket(path: Path) -> Iterator[None]:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        yield


def device(path: Path) -> None:
    try:
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
    except PermissionError:
        pytest.skip("making a device node needs root")


#: What may stand where opstui writes: made at a path, left untouched after.
IN_THE_WAY: dict[str, Callable[[Path], None]] = {
    "fifo": fifo,
    "link to a file": link_to_a_file,
    "dangling link": dangling_link,
    "link to /dev/null": link_to_dev_null,
    "device node": device,
}


def state_of(path: Path) -> tuple[int, str | None, bytes | None]:
    """What is at ``path``: its type and mode, where it links, what its target holds."""
    info = path.lstat()
    target = str(path.readlink()) if stat.S_ISLNK(info.st_mode) else None
    content = None
    if target is not None and path.resolve().is_file():
        content = path.resolve().read_bytes()
    return info.st_mode, target, content


@pytest.fixture
def initiative_db(db_path: Path) -> tuple[Path, str]:
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="Quick interviews"))
    return db_path, initiative.id


# -- export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(IN_THE_WAY))
def test_export_force_never_replaces_anything_but_a_regular_file(
    initiative_db: tuple[Path, str], tmp_path: Path, kind: str
) -> None:
    db, initiative_id = initiative_db
    target = tmp_path / "report.md"
    IN_THE_WAY[kind](target)
    before = state_of(target)
    args = ["export", "initiative", initiative_id[:8], "-o", str(target), "--force"]
    code, _, err = run(*args, "--db", str(db))
    assert code == 2
    assert "not a regular file" in one_line_error(err)
    assert state_of(target) == before
    assert not list(tmp_path.glob(".report.md.*"))  # no temporary file left


def test_export_force_never_replaces_a_socket(
    initiative_db: tuple[Path, str], tmp_path: Path
) -> None:
    db, initiative_id = initiative_db
    target = tmp_path / "r.md"
    with bound_socket(target):
        before = state_of(target)
        args = ["export", "initiative", initiative_id[:8], "-o", str(target), "--force"]
        code, _, err = run(*args, "--db", str(db))
        assert code == 2 and "is a socket" in one_line_error(err)
        assert state_of(target) == before


def test_export_force_still_replaces_a_regular_file(
    initiative_db: tuple[Path, str], tmp_path: Path
) -> None:
    db, initiative_id = initiative_db
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")
    args = ["export", "initiative", initiative_id[:8], "-o", str(target), "--force"]
    code, _, err = run(*args, "--db", str(db))
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("# Quick interviews")


def test_all_sessions_writes_nothing_when_one_name_is_a_fifo(
    initiative_db: tuple[Path, str], tmp_path: Path
) -> None:
    db, initiative_id = initiative_db
    folder = tmp_path / "out"
    folder.mkdir()
    report = folder / "quick-interviews-report.md"
    os.mkfifo(report)
    args = ["export", "initiative", initiative_id[:8], "--all-sessions", str(folder), "--force"]
    code, _, err = run(*args, "--db", str(db))
    assert code == 2 and "is a FIFO" in one_line_error(err)
    assert stat.S_ISFIFO(report.lstat().st_mode)
    assert [p.name for p in folder.iterdir()] == [report.name]


def test_all_sessions_folder_is_made_private(
    initiative_db: tuple[Path, str], tmp_path: Path
) -> None:
    db, initiative_id = initiative_db
    folder = tmp_path / "new" / "out"
    args = ["export", "initiative", initiative_id[:8], "--all-sessions", str(folder)]
    code, _, err = run(*args, "--db", str(db))
    assert code == 0, err
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700


# -- demo -----------------------------------------------------------------------------------


def empty_file(path: Path) -> None:
    path.touch()


def link_to_an_empty_file(path: Path) -> None:
    target = path.with_name("empty-target.db")
    target.touch()
    path.symlink_to(target)


def real_database(path: Path) -> None:
    with Store.open(path) as store:
        store.add_initiative(Initiative(title="Real work"))


#: What may stand at the demo's path, with words the refusal must hold.
NOT_A_DEMO: dict[str, tuple[Callable[[Path], None], str]] = {
    "empty file": (empty_file, "is an empty file, not a demo"),
    "fifo": (fifo, "is a FIFO, not a regular file"),
    "link to an empty file": (link_to_an_empty_file, "is a link, not a regular file"),
    "dangling link": (dangling_link, "is a link, not a regular file"),
    "device node": (device, "is a device, not a regular file"),
    "real database": (real_database, "holds real data, not a demo"),
}


@pytest.mark.parametrize("reset", [False, True], ids=["plain", "reset"])
@pytest.mark.parametrize("kind", list(NOT_A_DEMO))
def test_demo_replaces_only_a_demo(tmp_path: Path, kind: str, reset: bool) -> None:
    make, said = NOT_A_DEMO[kind]
    path = tmp_path / "demo.db"
    make(path)
    before = state_of(path)
    content = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    code, _, err = run("demo", "--no-tui", *(["--reset"] if reset else []), "--db", str(path))
    assert code == 2
    assert said in one_line_error(err)
    assert state_of(path) == before
    if content is not None:
        assert path.read_bytes() == content
    assert not list(tmp_path.glob(".demo.db.*"))


def test_demo_does_not_replace_a_link_to_a_demo(tmp_path: Path, demo_file: Path) -> None:
    path = tmp_path / "linked-demo.db"
    path.symlink_to(demo_file)
    content = demo_file.read_bytes()
    code, _, err = run("demo", "--no-tui", "--reset", "--db", str(path))
    assert code == 2 and "is a link" in one_line_error(err)
    assert path.is_symlink() and demo_file.read_bytes() == content


def test_the_data_folder_opstui_makes_is_private(isolated_home: Path) -> None:
    code, _, err = run("demo", "--no-tui")
    assert code == 0, err
    folder = isolated_home / "data" / "opstui"
    assert (folder / "demo.db").is_file()
    # The data folder and the XDG folder above it, which it made too.
    for made in (folder, folder.parent):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
