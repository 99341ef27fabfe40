"""Options given before the subcommand apply to it, and commands that only read never
change, create or upgrade the file they read."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from opstui import paths
from opstui.cli import cli
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.metrics import Metric
from opstui.domain.session import Session, SessionKind

FIXTURES = Path(__file__).parent.parent / "db" / "fixtures"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("opstui: ") and "Traceback" not in stderr
    return lines[0]


@dataclass(frozen=True)
class Filled:
    path: Path
    initiative_id: str
    session_id: str
    metric_id: str


@pytest.fixture
def filled(tmp_path: Path) -> Filled:
    """A closed database, not the default one, with a telling title in each record."""
    path = tmp_path / "received.db"
    with Store.open(path) as store:
        initiative = store.add_initiative(Initiative(title="Faster onboarding"))
        session = store.add_session(
            Session(
                initiative_id=initiative.id,
                playbook_key="discovery",
                kind=SessionKind.DISCOVERY,
                title="Onboarding interview",
            )
        )
        metric = store.add_metric(
            Metric(initiative_id=initiative.id, name="Days to first commit", baseline_value=9)
        )
    return Filled(path, initiative.id, session.id, metric.id)


def _folder(path: Path) -> dict[str, bytes]:
    """Every file in the database's folder and its bytes: what must not change."""
    return {f.name: f.read_bytes() for f in sorted(path.parent.iterdir()) if f.is_file()}


#: Each command that only reads, and the arguments that name something in ``filled``.
READERS: dict[str, Callable[[Filled], list[str]]] = {
    "list": lambda f: ["list", "sessions"],
    "doctor": lambda f: ["doctor", f.initiative_id[:8]],
    "chart": lambda f: ["chart", f.metric_id[:8], "--width", "60", "--height", "12"],
    "export session": lambda f: ["export", "session", f.session_id[:8]],
    "export initiative": lambda f: ["export", "initiative", f.initiative_id[:8]],
}
#: What each one shows that can only come from ``filled``.
SHOWN = {
    "list": "Onboarding interview",
    "doctor": "Faster onboarding",
    "chart": "Days to first commit",
    "export session": "Onboarding interview",
    "export initiative": "Faster onboarding",
}


@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize("read_only", [False, True], ids=["", "read-only"])
def test_db_given_before_the_command_is_the_one_read(
    filled: Filled, command: str, read_only: bool
) -> None:
    before = _folder(filled.path)
    flags = ["--read-only"] if read_only else []
    code, out, err = run(*flags, "--db", str(filled.path), *READERS[command](filled))
    assert code in (0, 1), err  # the doctor ends in 1 when it has findings
    assert SHOWN[command] in out
    assert _folder(filled.path) == before  # byte for byte, and no -wal or -shm made
    assert not paths.default_db_path().exists()


@pytest.mark.parametrize("command", sorted(READERS))
def test_db_given_twice_with_different_files_is_refused(
    filled: Filled, tmp_path: Path, command: str
) -> None:
    other = tmp_path / "other.db"
    shutil.copyfile(filled.path, other)
    code, _, err = run("--db", str(other), *READERS[command](filled), "--db", str(filled.path))
    assert code == 2
    assert "two databases were given" in one_line_error(err)


def test_db_given_twice_naming_the_same_file_is_accepted(filled: Filled) -> None:
    same = filled.path.parent / "." / filled.path.name
    code, out, _ = run("--db", str(filled.path), "list", "sessions", "--db", str(same))
    assert code == 0 and "Onboarding interview" in out


def test_import_writes_to_the_db_given_before_it(filled: Filled, tmp_path: Path) -> None:
    readings = tmp_path / "readings.csv"
    readings.write_text("date,value\n2026-03-01,7\n")
    code, _, err = run(
        "--db", str(filled.path), "import", "readings", filled.metric_id, str(readings)
    )
    assert code == 0, err
    with Store.open(filled.path, read_only=True) as store:
        assert [r.value for r in store.list_readings(filled.metric_id)] == [7]
    assert not paths.default_db_path().exists()


def test_import_refuses_read_only(filled: Filled, tmp_path: Path) -> None:
    readings = tmp_path / "readings.csv"
    readings.write_text("date,value\n2026-03-01,7\n")
    before = _folder(filled.path)
    code, _, err = run(
        "--read-only",
        "--db",
        str(filled.path),
        "import",
        "readings",
        filled.metric_id,
        str(readings),
    )
    assert code == 2 and "--read-only" in one_line_error(err)
    assert _folder(filled.path) == before


def test_demo_writes_to_the_db_given_before_it(tmp_path: Path) -> None:
    target = tmp_path / "given-demo.db"
    code, _, err = run("--db", str(target), "demo", "--no-tui")
    assert code == 0, err
    with Store.open(target, read_only=True) as store:
        assert store.is_demo
    assert not paths.demo_db_path().exists()


def test_demo_refuses_read_only(tmp_path: Path) -> None:
    target = tmp_path / "given-demo.db"
    code, _, err = run("--read-only", "--db", str(target), "demo", "--no-tui")
    assert code == 2 and "--read-only" in one_line_error(err)
    assert not target.exists()


@pytest.mark.parametrize("command", sorted(READERS))
def test_an_older_schema_is_not_upgraded_by_a_reader(
    filled: Filled, tmp_path: Path, command: str
) -> None:
    old = tmp_path / "old" / "team.db"
    old.parent.mkdir()
    shutil.copyfile(FIXTURES / "v2.db", old)
    before = _folder(old)
    code, _, err = run("--db", str(old), *READERS[command](filled))
    assert code == 2
    line = one_line_error(err)
    assert "older schema (version 2)" in line
    assert "open it once in the app" in line and "a backup is kept" in line
    assert _folder(old) == before  # no backup, no -wal: nothing at all written


@pytest.mark.parametrize("command", sorted(READERS))
def test_an_empty_file_is_not_made_a_database(filled: Filled, tmp_path: Path, command: str) -> None:
    empty = tmp_path / "empty" / "team.db"
    empty.parent.mkdir()
    empty.touch()
    code, _, err = run(*READERS[command](filled), "--db", str(empty))
    assert code == 2 and "is empty" in one_line_error(err)
    assert _folder(empty) == {"team.db": b""}


@pytest.mark.parametrize("command", sorted(READERS))
def test_a_missing_file_is_not_created(filled: Filled, tmp_path: Path, command: str) -> None:
    missing = tmp_path / "nowhere.db"
    code, _, err = run("--read-only", "--db", str(missing), *READERS[command](filled))
    assert code == 2 and "no database at" in one_line_error(err)
    assert not missing.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["doctor", "zzzz"],
        ["chart", "zzzz"],
        ["export", "session", "zzzz"],
        ["export", "initiative", "zzzz"],
    ],
    ids=lambda a: " ".join(a[:-1]),
)
def test_an_unknown_id_is_a_clear_error(filled: Filled, args: list[str]) -> None:
    before = _folder(filled.path)
    code, _, err = run("--db", str(filled.path), *args)
    assert code == 2 and "zzzz" in one_line_error(err)
    assert _folder(filled.path) == before


def test_a_file_with_a_foreign_trigger_is_refused(filled: Filled) -> None:
    conn = sqlite3.connect(filled.path)
    conn.execute("CREATE TABLE copied (text TEXT)")
    conn.execute(
        "CREATE TRIGGER leak AFTER INSERT ON feedback BEGIN "
        "INSERT INTO copied VALUES (new.text); END"
    )
    conn.close()
    before = _folder(filled.path)
    for args in (["list", "sessions"], ["export", "session", filled.session_id[:8]]):
        code, _, err = run("--db", str(filled.path), *args)
        assert code == 2 and "did not create" in one_line_error(err)
    assert _folder(filled.path) == before


def test_a_file_readable_by_others_is_made_private_when_written(
    filled: Filled, tmp_path: Path
) -> None:
    filled.path.chmod(0o644)
    readings = tmp_path / "readings.csv"
    readings.write_text("date,value\n2026-03-01,7\n")
    code, _, err = run(
        "import", "readings", filled.metric_id, str(readings), "--db", str(filled.path)
    )
    assert code == 0
    assert "was readable by others (mode 0644); made it private (0600)" in err
    assert stat.S_IMODE(filled.path.stat().st_mode) == 0o600


def test_a_reader_leaves_a_file_readable_by_others_as_it_is(filled: Filled) -> None:
    filled.path.chmod(0o644)
    code, _, err = run("list", "sessions", "--db", str(filled.path))
    assert code == 0 and "private" not in err
    assert stat.S_IMODE(filled.path.stat().st_mode) == 0o644
