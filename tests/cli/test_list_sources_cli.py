"""`opstui list initiatives` says where each initiative comes from once others' are merged in."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from opstui.cli import cli
from opstui.db.store import Store
from opstui.domain.initiative import Initiative

ALICE = "a1" * 16


def listed(db: Path, *options: str) -> str:
    result = CliRunner().invoke(
        cli, ["list", "initiatives", *options, "--db", str(db)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def two_initiatives(db: Path) -> None:
    with Store.open(db) as store:
        store.add_initiative(Initiative(title="Ours"))
        store.add_initiative(Initiative(title="Theirs"))


def test_a_solo_file_lists_no_from_column_and_null_sources(db_path: Path) -> None:
    two_initiatives(db_path)
    header = listed(db_path).splitlines()[0]
    assert header.split() == ["ID", "STEP", "STEP", "NAME", "STATUS", "TITLE"]
    rows = json.loads(listed(db_path, "--json"))
    assert [(r["title"], r["from"]) for r in rows] == [("Ours", None), ("Theirs", None)]


def test_initiatives_from_another_file_are_listed_with_its_label(db_path: Path) -> None:
    two_initiatives(db_path)
    conn = sqlite3.connect(db_path)
    with conn:  # test setup: what a merge of alice's file leaves
        conn.execute(
            "INSERT INTO sites (id, label, first_merged_at) VALUES (?, ?, ?)",
            (ALICE, "alice \x1b[31m", "2026-10-01T00:00:00Z"),
        )
        conn.execute("UPDATE initiatives SET origin_site = ? WHERE title = 'Theirs'", (ALICE,))
    conn.close()
    table = listed(db_path)
    assert table.splitlines()[0].split() == [
        "ID",
        "STEP",
        "STEP",
        "NAME",
        "STATUS",
        "FROM",
        "TITLE",
    ]
    ours = next(line for line in table.splitlines() if line.endswith("Ours"))
    theirs = next(line for line in table.splitlines() if line.endswith("Theirs"))
    assert "this file" in ours
    assert "alice ␛[31m" in theirs and "\x1b" not in table
    rows = json.loads(listed(db_path, "--json"))
    assert [(r["title"], r["from"]) for r in rows] == [("Ours", None), ("Theirs", "alice \x1b[31m")]
