"""`opstui export --format csv --excel`: a CSV file Excel opens with its accents intact.

Excel reads a CSV file as UTF-8 only when it starts with a byte order mark; without one
"é" shows as "Ã©". The option puts the mark first, rows end in CRLF either way, and a
cell that a spreadsheet would run as a formula is written as text.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from opstui.cli import cli
from opstui.db.store import Store
from opstui.domain.initiative import Initiative
from opstui.domain.session import Feedback, Session, SessionKind, SessionState

BOM = b"\xef\xbb\xbf"
STARTED = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)
REMARKS = ["Déjà vu: the café's œuvre — naïve São Paulo Ærø 東京", "=1+1", "@SUM(A1)", "-2"]


@pytest.fixture
def accented(db_path: Path) -> tuple[Path, str, str]:
    """A file with one initiative and one ended session of accented remarks."""
    with Store.open(db_path) as store:
        initiative = store.add_initiative(Initiative(title="Équipe produit"))
        session = store.add_session(
            Session(
                initiative_id=initiative.id,
                playbook_key="discovery",
                kind=SessionKind.DISCOVERY,
                title="Entretiens à Montréal",
                state=SessionState.ENDED,
                started_at=STARTED,
                ended_at=STARTED.replace(hour=15),
            )
        )
        for text in REMARKS:
            store.add_feedback(Feedback(session_id=session.id, text=text))
    return db_path, initiative.id, session.id


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def rows(data: bytes) -> list[dict[str, str]]:
    """The CSV as a spreadsheet reads it: UTF-8 with its byte order mark skipped."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("what", ["session", "initiative"])
def test_the_file_starts_with_the_mark_and_reads_back(
    accented: tuple[Path, str, str], tmp_path: Path, what: str
) -> None:
    path, initiative_id, session_id = accented
    target = tmp_path / "for-excel.csv"
    record = session_id if what == "session" else initiative_id
    result = invoke("export", what, record, "--format", "csv", "--excel", "-o", str(target),
                    "--db", str(path))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith(BOM) and not data.startswith(BOM * 2)
    # Every row ends in CRLF, and no line ends in a bare LF.
    assert data.endswith(b"\r\n") and data.count(b"\n") == data.count(b"\r\n")
    found = rows(data)
    # The mark is not part of the first column's name.
    assert next(iter(found[0])) == "record"
    texts = [row["text"] for row in found if row["record"] == "feedback"]
    assert REMARKS[0] in texts
    assert "Entretiens à Montréal" in {row["session"] for row in found}
    # Formulas stay text: a leading quote, as spreadsheets take it.
    assert {"'=1+1", "'@SUM(A1)", "'-2"} <= set(texts)


def test_standard_output_gets_the_mark_too(accented: tuple[Path, str, str]) -> None:
    path, _, session_id = accented
    result = invoke("export", "session", session_id, "--format", "csv", "--excel",
                    "--db", str(path))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(BOM)
    assert REMARKS[0] in [row["text"] for row in rows(result.stdout_bytes)]


def test_without_the_option_there_is_no_mark(accented: tuple[Path, str, str]) -> None:
    path, _, session_id = accented
    result = invoke("export", "session", session_id, "--format", "csv", "--db", str(path))
    assert result.exit_code == 0, result.stderr
    assert not result.stdout_bytes.startswith(BOM)
    assert REMARKS[0] in [row["text"] for row in rows(result.stdout_bytes)]


def test_every_file_of_a_folder_gets_the_mark(
    accented: tuple[Path, str, str], tmp_path: Path
) -> None:
    path, initiative_id, _ = accented
    folder = tmp_path / "all"
    result = invoke("export", "initiative", initiative_id, "--format", "csv", "--excel",
                    "--all-sessions", str(folder), "--db", str(path))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    files = sorted(folder.iterdir())
    assert len(files) == 2  # the report and the one session's notes
    assert all(file.read_bytes().startswith(BOM) for file in files)


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_refused_with_another_format(
    accented: tuple[Path, str, str], tmp_path: Path, fmt: str
) -> None:
    path, _, session_id = accented
    target = tmp_path / f"notes.{fmt}"
    result = invoke("export", "session", session_id, "--format", fmt, "--excel",
                    "-o", str(target), "--db", str(path))  # fmt: skip
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"opstui: --excel goes with --format csv, not --format {fmt}\n"
    assert not target.exists()


def test_refused_with_the_default_format(accented: tuple[Path, str, str]) -> None:
    path, _, session_id = accented
    result = invoke("export", "session", session_id, "--excel", "--db", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip() == "opstui: --excel goes with --format csv, not --format md"


def test_the_option_is_in_the_help() -> None:
    shown = " ".join(invoke("export", "--help").stdout.split())
    assert "--excel With --format csv: start with a UTF-8 byte order mark" in shown
