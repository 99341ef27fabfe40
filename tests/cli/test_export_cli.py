"""`opstui export`: standard output, files, the overwrite rule, formats, folders, privacy."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from opstui.cli import cli
from opstui.db.store import Store
from tests.demo_cache import build_demo

VALIDATION = "Validation: interview scheduling"
INITIATIVE = "Make customer interviews quick to schedule"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("opstui: ") and "Traceback" not in stderr
    return lines[0]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export-cli") / "demo.db"
    with Store.open(path) as store:
        build_demo(store)
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo for each test, since exports are noted in the file."""
    copy = tmp_path / "demo.db"
    copy.write_bytes(demo_file.read_bytes())
    return copy


def ids(db: Path) -> tuple[str, str]:
    """The validation session's id and its initiative's id."""
    with Store.open(db, read_only=True) as store:
        (session,) = [s for s in store.list_sessions() if s.title == VALIDATION]
        return session.id, session.initiative_id


def exports_noted(db: Path) -> list[tuple[str, str, str]]:
    with Store.open(db, read_only=True) as store:
        rows = store.conn.execute("SELECT what, format, target FROM exports ORDER BY rowid")
        return [tuple(r) for r in rows]


def test_session_notes_to_standard_output_by_id_prefix(demo: Path) -> None:
    session_id, _ = ids(demo)
    code, out, err = run("export", "session", session_id[:6], "--db", str(demo))
    assert code == 0, err
    assert out.startswith(f"# {VALIDATION}\n")
    assert "## Votes" in out and "| Daniel Brandt | 5 |" in out
    assert exports_noted(demo) == []  # exporting only reads the database


def test_writing_a_file_then_refusing_to_overwrite_it(demo: Path, tmp_path: Path) -> None:
    session_id, _ = ids(demo)
    target = tmp_path / "notes.md"
    code, out, err = run("export", "session", session_id[:8], "-o", str(target), "--db", str(demo))
    assert code == 0 and out == ""
    assert f"Wrote {target}" in err
    first = target.read_bytes()
    assert first.startswith(b"# Validation: interview scheduling")

    target.write_text("my own edits\n", encoding="utf-8")
    code, out, err = run("export", "session", session_id[:8], "-o", str(target), "--db", str(demo))
    assert code == 2
    assert "already exists; add --force" in one_line_error(err)
    assert target.read_text(encoding="utf-8") == "my own edits\n"

    code, _, _ = run(
        "export", "session", session_id[:8], "-o", str(target), "--force", "--db", str(demo)
    )
    assert code == 0 and target.read_bytes() == first
    assert exports_noted(demo) == []
    assert not list(tmp_path.glob(".notes.md.*"))  # no temporary file left behind


def test_the_same_data_gives_the_same_bytes(demo: Path) -> None:
    _, initiative_id = ids(demo)
    outputs = {
        run("export", "initiative", initiative_id[:8], "--format", fmt, "--db", str(demo))[1]
        for fmt in ("json", "json")
    }
    assert len(outputs) == 1


@pytest.mark.parametrize("prefix", ["zzzz", "", "  "])
def test_unknown_id_is_one_line_and_exit_2(demo: Path, prefix: str) -> None:
    code, out, err = run("export", "session", prefix, "--db", str(demo))
    assert code == 2 and out == ""
    one_line_error(err)


def test_ambiguous_prefix_is_one_line_and_exit_2(demo: Path) -> None:
    with Store.open(demo, read_only=True) as store:
        firsts = Counter(s.id[0] for s in store.list_sessions())
    shared = next(c for c, n in firsts.items() if n > 1)  # 18 sessions, 16 hex digits
    code, _, err = run("export", "session", shared, "--db", str(demo))
    assert code == 2 and "matches several sessions" in one_line_error(err)


def test_missing_database(tmp_path: Path) -> None:
    code, _, err = run("export", "session", "abc", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "no database at" in one_line_error(err)


def test_json_and_csv_formats(demo: Path) -> None:
    session_id, initiative_id = ids(demo)
    code, out, _ = run("export", "session", session_id[:8], "--format", "json", "--db", str(demo))
    assert code == 0
    data = json.loads(out)
    assert data["session"]["id"] == session_id and len(data["votes"]) == 2
    code, out, _ = run(
        "export", "initiative", initiative_id[:8], "--format", "csv", "--db", str(demo)
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["record"] for r in rows} == {"feedback", "vote", "action"}


def test_all_sessions_into_a_folder(demo: Path, tmp_path: Path) -> None:
    _, initiative_id = ids(demo)
    folder = tmp_path / "out"
    code, _, err = run(
        "export", "initiative", initiative_id[:8], "--all-sessions", str(folder), "--db", str(demo)
    )
    assert code == 0, err
    names = sorted(p.name for p in folder.iterdir())
    assert "make-customer-interviews-quick-to-schedule-report.md" in names
    assert "2026-02-13-validation-interview-scheduling.md" in names
    assert len(names) == 1 + 10  # the report and the initiative's ten sessions (one a survey)
    assert exports_noted(demo) == []

    # Again: every file exists, so nothing is written without --force.
    report = folder / "make-customer-interviews-quick-to-schedule-report.md"
    report.write_text("kept\n", encoding="utf-8")
    code, _, err = run(
        "export", "initiative", initiative_id[:8], "--all-sessions", str(folder), "--db", str(demo)
    )
    assert code == 2 and "already exists" in one_line_error(err)
    assert report.read_text(encoding="utf-8") == "kept\n"
    code, _, _ = run(
        "export",
        "initiative",
        initiative_id[:8],
        "--all-sessions",
        str(folder),
        "--force",
        "--db",
        str(demo),
    )
    assert code == 0 and report.read_text(encoding="utf-8").startswith(f"# {INITIATIVE}")


def test_all_sessions_only_with_initiatives(demo: Path, tmp_path: Path) -> None:
    session_id, _ = ids(demo)
    code, _, err = run(
        "export", "session", session_id[:8], "--all-sessions", str(tmp_path), "--db", str(demo)
    )
    assert code == 2 and "--all-sessions" in one_line_error(err)


def test_anonymize_names_nobody(demo: Path) -> None:
    _, initiative_id = ids(demo)
    with Store.open(demo, read_only=True) as store:
        names = [p.name for p in store.list_people()]
    for what, record in (("initiative", initiative_id), ("session", ids(demo)[0])):
        for fmt in ("md", "json", "csv"):
            code, out, _ = run(
                "export", what, record[:8], "--anonymize", "--format", fmt, "--db", str(demo)
            )
            assert code == 0
            assert not [n for n in names if n in out], (what, fmt)
    code, out, _ = run("export", "session", ids(demo)[0][:8], "--anonymize", "--db", str(demo))
    assert "Senior Product Manager, Payments (Product)" in out


def test_exporting_never_writes_the_database(demo: Path, tmp_path: Path) -> None:
    """An export is a read: the file is unchanged and no "-wal" appears beside it."""
    session_id, initiative_id = ids(demo)
    before = demo.read_bytes()
    code, _, err = run("export", "session", session_id[:8], "--db", str(demo))
    assert code == 0, err
    folder = tmp_path / "all"
    code, _, err = run(
        "export", "initiative", initiative_id[:8], "--all-sessions", str(folder), "--db", str(demo)
    )
    assert code == 0, err
    assert demo.read_bytes() == before
    assert not demo.with_name(demo.name + "-wal").exists()
    assert exports_noted(demo) == []


def test_exporting_never_imports_textual(demo: Path) -> None:
    session_id, _ = ids(demo)
    probe = (
        "import sys\n"
        "from opstui.cli import main\n"
        "try:\n"
        f"    main(['export', 'session', {session_id[:8]!r}, '--db', {str(demo)!r}])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print('TEXTUAL', loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.startswith(f"# {VALIDATION}")
    assert "TEXTUAL []" in result.stderr
