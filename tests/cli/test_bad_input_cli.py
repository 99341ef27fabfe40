"""Bad input to every command: one clear line on stderr, exit 2, no traceback, nothing written.

Each kind of bad database (a folder, not SQLite, someone else's SQLite, truncated,
corrupted in the middle, in a folder that cannot be written) is given to every
command that reads one; bad CSV rows and odd text go to the import.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from opstui.cli import cli
from opstui.db.schema import APPLICATION_ID, CURRENT_VERSION
from opstui.db.store import Store

if TYPE_CHECKING:
    from tests.conftest import Reader

OPSTUI = Path(sys.executable).with_name("opstui")

#: Every command that opens a database, with its other arguments.
COMMANDS: dict[str, list[str]] = {
    "app": [],
    "review app": ["--read-only"],
    "list": ["list", "initiatives"],
    "doctor": ["doctor"],
    "chart": ["chart", "0"],
    "export": ["export", "session", "0"],
    "import": ["import", "readings", "0", "{csv}"],
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr, stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith("opstui: "), stderr
    return lines[0]


def command(name: str, db: Path, csv: Path) -> list[str]:
    args = [a.replace("{csv}", str(csv)) for a in COMMANDS[name]]
    if name.endswith("app"):
        return ["--db", str(db), *args]
    return [*args, "--db", str(db)]


def folder_listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def readings_csv(tmp_path: Path) -> Path:
    path = tmp_path / "readings.csv"
    path.write_text("date,value\n2026-01-01,3\n")
    return path


def folder_instead(tmp_path: Path, demo_file: Path) -> tuple[Path, str]:
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    return folder, "is a folder"


def text_file(tmp_path: Path, demo_file: Path) -> tuple[Path, str]:
    path = tmp_path / "notes.db"
    path.write_text("Minutes of the Tuesday call\n" * 200)
    return path, "not a SQLite database"


def binary_file(tmp_path: Path, demo_file: Path) -> tuple[Path, str]:
    path = tmp_path / "picture.db"
    path.write_bytes(bytes(range(256)) * 40)
    return path, "not a SQLite database"


def foreign_sqlite(tmp_path: Path, demo_file: Path) -> tuple[Path, str]:
    path = tmp_path / "shop.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO orders (total) VALUES (9.5)")
    conn.commit()
    conn.close()
    return path, "not an opstui one"


def newer(tmp_path: Path, demo_file: Path) -> tuple[Path, str]:
    """A file from a future opstui, in rollback-journal mode: even its header stays."""
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.execute("CREATE TABLE initiatives (id TEXT PRIMARY KEY)")
    conn.commit()
    conn.close()
    return path, "newer opstui"


def truncated(tmp_path: Path, demo_file: Path) -> tuple[Path, str]:
    path = tmp_path / "truncated.db"
    path.write_bytes(demo_file.read_bytes()[:3000])
    return path, "not a usable SQLite database"


BROKEN_FILES: dict[str, Callable[[Path, Path], tuple[Path, str]]] = {
    "a folder": folder_instead,
    "a text file": text_file,
    "a binary file": binary_file,
    "SQLite, not opstui's": foreign_sqlite,
    "from a newer opstui": newer,
    "truncated": truncated,
}


@pytest.mark.parametrize("name", list(COMMANDS))
@pytest.mark.parametrize("broken", list(BROKEN_FILES))
def test_a_file_that_is_no_opstui_database_is_refused_by_every_command(
    tmp_path: Path, demo_file: Path, readings_csv: Path, broken: str, name: str
) -> None:
    path, said = BROKEN_FILES[broken](tmp_path, demo_file)
    before = folder_listing(tmp_path)
    code, _, err = run(*command(name, path, readings_csv))
    assert code == 2
    assert said in one_line_error(err)
    assert folder_listing(tmp_path) == before  # not a byte written, no -wal or -shm beside it


def corrupt_table(source: Path, target: Path, table: str = "feedback") -> Path:
    """A copy of ``source`` whose pages holding ``table`` are scrambled, as a failing disk
    might leave them: the header and schema are intact, so the damage shows only when
    the remarks are read."""
    conn = sqlite3.connect(source)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find the pages of a table")
    finally:
        conn.close()
    data = bytearray(source.read_bytes())
    for page in pages:
        for index in range((page - 1) * size, page * size):
            data[index] ^= 0x5A
    target.write_bytes(bytes(data))
    target.chmod(0o600)  # one's own file: a 0644 one would also be tightened, and said so
    return target


#: The table each command cannot do without: damaged, the command must meet the damage.
READS = {
    "list": "initiatives",
    "doctor": "feedback",
    "chart": "readings",
    "export": "feedback",
    "import": "readings",
}


@pytest.mark.parametrize("name", list(READS))
def test_corruption_found_while_reading_is_one_line(
    tmp_path: Path, demo_file: Path, readings_csv: Path, name: str
) -> None:
    """The header and schema are fine, so the file opens; the damage shows while reading
    the table the command needs, and is told in one line."""
    path = corrupt_table(demo_file, tmp_path / "damaged.db", READS[name])
    with Store.open(demo_file, read_only=True) as store:
        session = store.list_sessions()[0].id[:8]
        metric = store.list_metrics()[0].id[:8]
    args = [session if a == "0" and name == "export" else metric if a == "0" else a
            for a in command(name, path, readings_csv)]  # fmt: skip
    before = path.read_bytes()
    code, _, err = run(*args)
    assert code == 2 and "damaged" in one_line_error(err)
    assert path.read_bytes() == before or name == "import"


def test_reading_damaged_remarks_says_the_file_is_damaged(tmp_path: Path, demo_file: Path) -> None:
    """The doctor and the notes read the remarks: both report the damage in words."""
    path = corrupt_table(demo_file, tmp_path / "damaged.db")
    with Store.open(demo_file, read_only=True) as store:
        session = store.list_sessions()[0].id[:8]
    for args in (["doctor"], ["export", "session", session]):
        code, _, err = run(*args, "--db", str(path))
        assert code == 2
        assert one_line_error(err) == (
            "opstui: the database file is damaged (database disk image is malformed)"
        )


# -- a folder that cannot be written --------------------------------------------------------


@pytest.fixture
def locked_folder(demo_file: Path, reader: Reader) -> Iterator[tuple[Path, list[str]]]:
    """A folder holding a database that ``reader`` (see tests/conftest.py) cannot write."""
    folder = Path(tempfile.mkdtemp(prefix="opstui-locked-"))
    try:
        shutil.copyfile(demo_file, folder / "opstui.db")
        (folder / "readings.csv").write_text("date,value\n2026-11-01,4\n")
        for entry in folder.iterdir():
            entry.chmod(0o444)
        folder.chmod(0o555)
        yield folder, list(reader.prefix)
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def run_as_reader(prefix: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {"HOME": "/tmp", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run(
        [*prefix, str(OPSTUI), *args], env=env, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip


def test_a_read_only_folder(locked_folder: tuple[Path, list[str]]) -> None:
    folder, prefix = locked_folder
    db = folder / "opstui.db"
    before = folder_listing(folder)
    with Store.open(db, read_only=True) as store:
        metric = store.list_metrics()[0].id[:8]

    # Reading works; writing is refused up front, saying why; creating too.
    assert run_as_reader(prefix, "list", "initiatives", "--db", str(db)).returncode == 0
    for args, said in (
        (["import", "readings", metric, str(folder / "readings.csv")], "read-only"),
        ([], "read-only"),
        (["demo", "--no-tui"], "not writable"),
    ):
        target = folder / "new.db" if args[:1] == ["demo"] else db
        result = run_as_reader(prefix, *args, "--db", str(target))
        assert result.returncode == 2, result
        assert said in one_line_error(result.stderr)
    assert folder_listing(folder) == before


# -- readings: rows a spreadsheet might hold --------------------------------------------------


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ("0000-01-01,3", "is not a date"),
        ("99999-01-01,3", "is not a date"),
        ("1850-01-01,3", "date"),
        ("2026-01-02,nan", "value"),
        ("2026-01-02,inf", "value"),
        ("2026-01-02,-1e309", "value"),
        ("2026-01-02,1e400", "value"),
        ("2026-01-02,", "value"),
        ("2026-01-02,3,the-moon", "cohort"),
        ("2026-01-02,3,all,note,extra", "fields"),
    ],
    ids=lambda value: value if len(value) < 30 else value[:20],
)
def test_readings_out_of_range_are_refused_by_line(
    tmp_path: Path, demo_file: Path, row: str, said: str
) -> None:
    with Store.open(demo_file, read_only=True) as store:
        metric = store.list_metrics()[0]
        before = len(store.list_readings(metric.id))
    csv = tmp_path / "odd.csv"
    csv.write_text("date,value,cohort,note\n" + row + "\n", encoding="utf-8")
    code, _, err = run("import", "readings", metric.id[:8], str(csv), "--db", str(demo_file))
    assert code == 2 and "Traceback" not in err
    problem, summary = err.strip().splitlines()
    assert problem.startswith(f"{csv}:2: ") and said in problem
    assert summary == f"opstui: nothing imported: 1 bad row in {csv}"
    with Store.open(demo_file, read_only=True) as store:
        assert len(store.list_readings(metric.id)) == before


@pytest.mark.parametrize(
    ("note", "stored"),
    [
        ("[bold]not bold[/]", "[bold]not bold[/]"),
        ("emoji 🎉 and wide 漢字", "emoji 🎉 and wide 漢字"),
        ("עברית right to left", "עברית right to left"),
        ("tab\there", "tab\there"),
        # Kept as text, but never as a control sequence that could reach a terminal.
        ("\x1b[31mred\x1b[0m escape", "[31mred[0m escape"),
        ("x" * 100_000, "x" * 100_000),
    ],
    ids=["markup", "wide", "rtl", "tab", "ansi", "100k"],
)
def test_readings_notes_are_kept_literally(
    tmp_path: Path, demo_file: Path, note: str, stored: str
) -> None:
    with Store.open(demo_file, read_only=True) as store:
        metric = store.list_metrics()[0]
    csv = tmp_path / "notes.csv"
    csv.write_text(f'date,value,cohort,note\n2031-05-05,7,all,"{note}"\n', encoding="utf-8")
    code, _, err = run("import", "readings", metric.id[:8], str(csv), "--db", str(demo_file))
    assert code == 0, err
    with Store.open(demo_file, read_only=True) as store:
        [reading] = [r for r in store.list_readings(metric.id) if str(r.taken_on) == "2031-05-05"]
    assert reading.note == stored
