"""No command writes a control sequence to the terminal, whatever a received file holds.

A database (or a playbook) received from someone else may hold titles, remarks and
names with escape sequences in them: one retitling the terminal (OSC 0), one writing
the clipboard (OSC 52), a one-character CSI (U+009B), a bidi override. The rows here
are written with raw SQL, as a hostile file would be, and every command's output is
checked byte by byte.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from opstui.cli import cli
from opstui.db.store import Store
from tests.demo_cache import build_demo

#: What a hostile file puts in every text: retitle, clipboard write, 8-bit CSI, RTL override.
HOSTILE = "\x1b]0;PWNED\x07 \x1b]52;c;aGk=\x07 \x9b31m \u202e"
#: Raw bytes a terminal would act on: ESC, BEL, C1 controls in UTF-8 (U+0080-U+009F),
#: and the bidi embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
TERMINAL_CONTROL = re.compile(
    rb"[\x1b\x07]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)

#: Text columns a received file could fill, per table (titles get the text appended).
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "initiatives": (
        "title",
        "problem",
        "vision",
        "options_considered",
        "chosen_solution",
        "rollout_plan",
        "communication_plan",
        "learning_support",
        "lessons_learned",
    ),
    "people": ("name", "role"),
    "sessions": ("title", "notes"),
    "agenda_items": ("title", "prompt"),
    "feedback": ("text",),
    "fill_ins": ("title",),
    "proposals": ("title", "description"),
    "decisions": ("statement",),
    "action_items": ("text",),
    "metrics": ("name", "unit"),
    "readings": ("note",),
    "readiness": ("note",),
    "pilot_cohorts": ("name", "note"),
    "affected_groups": ("note",),
    "checklist_ticks": ("note",),
    "comm_items": ("channel", "draft"),
    "learning_paths": ("title", "link"),
}


def assert_safe(data: bytes) -> None:
    found = TERMINAL_CONTROL.findall(data)
    assert not found, (found[:5], data[:400])


def spoil(path: Path) -> None:
    """Write hostile text into every text column, as a received file would hold it."""
    conn = sqlite3.connect(path)
    with conn:
        for table, columns in TEXT_COLUMNS.items():
            sets = ", ".join(f"{column} = {column} || ?" for column in columns)
            conn.execute(f"UPDATE {table} SET {sets}", (HOSTILE,) * len(columns))
        # Fill-in values are JSON; the text ones get the hostile text too.
        conn.execute(
            "UPDATE fill_in_values SET value = ? WHERE json_type(value) = 'text'",
            (json.dumps("said " + HOSTILE),),
        )
        conn.execute(
            "UPDATE feedback SET tags = ? WHERE id = (SELECT min(id) FROM feedback)",
            (json.dumps(["tag" + HOSTILE]),),
        )
        # A usage metric, so that the doctor's finding quotes its name.
        conn.execute(
            "UPDATE metrics SET name = ? WHERE id = (SELECT min(id) FROM metrics)",
            ("logins per week " + HOSTILE,),
        )
    conn.close()


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "received.db"
    with Store.open(path) as store:
        build_demo(store)
    spoil(path)
    raw = sqlite3.connect(path).execute("SELECT title FROM initiatives").fetchone()[0]
    assert "\x1b]0;PWNED\x07" in raw  # the file really holds the sequence
    return path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def ids(path: Path) -> tuple[str, str]:
    """A session (one with feedback and fill-ins) and its initiative."""
    conn = sqlite3.connect(path)
    session_id, initiative_id = conn.execute(
        "SELECT s.id, s.initiative_id FROM sessions s JOIN fill_ins f ON f.session_id = s.id "
        "JOIN feedback b ON b.session_id = s.id LIMIT 1"
    ).fetchone()
    conn.close()
    return str(session_id), str(initiative_id)


@pytest.mark.parametrize("what", ["initiatives", "sessions", "metrics", "votes"])
@pytest.mark.parametrize("as_json", [False, True], ids=["table", "json"])
def test_list_prints_no_control_sequence(hostile_db: Path, what: str, as_json: bool) -> None:
    result = invoke("list", what, "--db", str(hostile_db), *(["--json"] if as_json else []))
    assert result.exit_code == 0, result.stderr
    assert_safe(result.stdout_bytes)
    # Still the stored text, shown rather than acted on.
    assert b"PWNED" in result.stdout_bytes or what == "metrics"
    if as_json:
        json.loads(result.stdout)  # still valid JSON


def test_doctor_prints_no_control_sequence(hostile_db: Path) -> None:
    result = invoke("doctor", "--db", str(hostile_db))
    assert result.exit_code in (0, 1), result.stderr
    assert b"PWNED" in result.stdout_bytes and b"logins per week" in result.stdout_bytes
    assert_safe(result.stdout_bytes)
    assert_safe(result.stderr_bytes)


def test_chart_prints_no_control_sequence(hostile_db: Path) -> None:
    conn = sqlite3.connect(hostile_db)
    (metric_id,) = conn.execute(
        "SELECT metric_id FROM readings GROUP BY metric_id HAVING count(*) > 1 LIMIT 1"
    ).fetchone()
    conn.close()
    result = invoke("chart", metric_id[:8], "--no-color", "--width", "80", "--db", str(hostile_db))
    assert result.exit_code == 0, result.stderr
    assert_safe(result.stdout_bytes)


@pytest.mark.parametrize("what", ["session", "initiative"])
@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_export_to_stdout_prints_no_control_sequence(hostile_db: Path, what: str, fmt: str) -> None:
    session_id, initiative_id = ids(hostile_db)
    record = session_id if what == "session" else initiative_id
    result = invoke("export", what, record, "--format", fmt, "--db", str(hostile_db))
    assert result.exit_code == 0, result.stderr
    assert b"PWNED" in result.stdout_bytes
    assert_safe(result.stdout_bytes)
    if fmt == "json":
        json.loads(result.stdout)  # still valid JSON


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_export_to_a_file_writes_no_control_sequence(
    hostile_db: Path, tmp_path: Path, fmt: str
) -> None:
    _, initiative_id = ids(hostile_db)
    folder = tmp_path / "out"
    result = invoke(
        "export",
        "initiative",
        initiative_id,
        "--format",
        fmt,
        "--all-sessions",
        str(folder),
        "--db",
        str(hostile_db),
    )
    assert result.exit_code == 0, result.stderr
    files = sorted(folder.iterdir())
    assert len(files) > 1
    for written in files:
        assert_safe(written.read_bytes())


HOSTILE_PLAYBOOK = """
key = "hostile"
title = "Hostile \\u001b]0;PWNED\\u0007 \\u001b]52;c;aGk=\\u0007 \\u009b31m \\u202e"
kind = "validation"
step = 3
description = "\\u001b]52;c;aGk=\\u0007"

[[agenda]]
title = "Item \\u001b]0;PWNED\\u0007"
minutes = 5
"""
BROKEN_PLAYBOOK = """
key = "broken \\u001b]0;PWNED\\u0007"
title = "Broken \\u001b]52;c;aGk=\\u0007 \\u009b31m"
kind = "no such kind \\u001b]0;PWNED\\u0007"
step = 3
"""


@pytest.fixture
def hostile_playbooks(isolated_home: Path) -> Path:
    folder = isolated_home / "config" / "opstui" / "playbooks"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.toml").write_text(HOSTILE_PLAYBOOK, encoding="utf-8")
    (folder / "broken.toml").write_text(BROKEN_PLAYBOOK, encoding="utf-8")
    # A file name is text someone else chose, too.
    (folder / "named \x1b]0;PWNED\x07.toml").write_text(BROKEN_PLAYBOOK, encoding="utf-8")
    return folder


def test_playbooks_list_prints_no_control_sequence(hostile_playbooks: Path) -> None:
    result = invoke("playbooks", "list")
    assert result.exit_code == 0, result.stderr
    assert b"Hostile" in result.stdout_bytes and b"(broken)" in result.stdout_bytes
    assert_safe(result.stdout_bytes)
    assert_safe(result.stderr_bytes)


@pytest.mark.parametrize("name", ["hostile.toml", "named \x1b]0;PWNED\x07.toml"])
def test_playbooks_check_prints_no_control_sequence(hostile_playbooks: Path, name: str) -> None:
    result = invoke("playbooks", "check", str(hostile_playbooks / name))
    assert result.exit_code == (0 if name == "hostile.toml" else 1)
    assert result.stdout_bytes or result.stderr_bytes
    assert_safe(result.stdout_bytes)
    assert_safe(result.stderr_bytes)
