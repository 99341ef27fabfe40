"""The database holds colleagues' opinions: it is created owner-only and stays so.

Whatever the umask, the file, its write-ahead log and shared memory, the backup an
upgrade writes, and the demo are readable and writable by their owner alone.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from opstui.app import make_app
from opstui.cli import cli
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.session import Feedback, Session, SessionKind

FIXTURES = Path(__file__).parent / "fixtures"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def family(path: Path) -> list[Path]:
    """The database and whichever of its companion files exist."""
    return [p for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm")))
            if p.exists()]  # fmt: skip


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """A permissive umask, as on many machines: files would be world-readable by default."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_a_new_database_and_its_log_are_owner_only(db_path: Path) -> None:
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="Private"))
        session = store.add_session(
            Session(initiative_id=initiative.id, playbook_key="pilot", kind=SessionKind.PILOT,
                    title="Pilot")
        )  # fmt: skip
        store.add_feedback(Feedback(session_id=session.id, text="said in confidence"))
        files = family(db_path)
        assert len(files) == 3  # the log and shared memory exist while it is open
        assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert mode(db_path) == 0o600


def test_companion_files_left_readable_are_made_private_again(db_path: Path) -> None:
    """A log left behind by a crash, readable by all, is tightened when the file opens."""
    Store.open(db_path).close()
    with Store.open(db_path) as first:
        first.add_initiative(Initiative(title="Open"))
        for side in family(db_path)[1:]:
            side.chmod(0o644)
        with Store.open(db_path):
            assert [mode(p) for p in family(db_path)] == [0o600] * len(family(db_path))


def test_an_upgrade_keeps_the_file_and_its_backup_private(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "v0.db", path)
    path.chmod(0o644)  # as a copy received from someone else often is
    with Store.open(path) as store:
        assert store.backup is not None
        assert mode(store.backup) == 0o600
    assert mode(path) == 0o600


async def test_after_the_app_has_run_everything_is_still_private(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_initiative(Initiative(title="Captured in the app"))
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("p")  # the people screen, then back
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        assert [mode(p) for p in family(db_path)] == [0o600] * len(family(db_path))
    assert mode(db_path) == 0o600


def test_the_demo_is_private_too(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--no-tui", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert mode(path) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["demo.db"]  # no scratch file left
