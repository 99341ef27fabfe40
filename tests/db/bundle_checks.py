"""What tests of bundles share: the rows an initiative owns in a file, said independently
of ``opstui.db.bundle`` (joins written out here), and the checks every bundle must pass."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

#: Each table's rows that belong to the initiative ``:i``, as plain joins.
OWNED: dict[str, str] = {
    "initiatives": "SELECT t.* FROM initiatives t WHERE t.id = :i",
    "affected_groups": "SELECT t.* FROM affected_groups t WHERE t.initiative_id = :i",
    "pilot_cohorts": "SELECT t.* FROM pilot_cohorts t WHERE t.initiative_id = :i",
    "metrics": "SELECT t.* FROM metrics t WHERE t.initiative_id = :i",
    "sessions": "SELECT t.* FROM sessions t WHERE t.initiative_id = :i",
    "decisions": "SELECT t.* FROM decisions t WHERE t.initiative_id = :i",
    "action_items": "SELECT t.* FROM action_items t WHERE t.initiative_id = :i",
    "readiness": "SELECT t.* FROM readiness t WHERE t.initiative_id = :i",
    "checklist_ticks": "SELECT t.* FROM checklist_ticks t WHERE t.initiative_id = :i",
    **{
        table: f"SELECT t.* FROM {table} t WHERE t.initiative_id = :i"
        for table in ("remark_links", "comm_items", "learning_paths", "check_ins")
    },
    "readings": "SELECT t.* FROM readings t JOIN metrics m ON m.id = t.metric_id "
    "WHERE m.initiative_id = :i",
    **{
        table: f"SELECT t.* FROM {table} t JOIN sessions s ON s.id = t.session_id "
        "WHERE s.initiative_id = :i"
        for table in (
            "session_participants",
            "agenda_items",
            "proposals",
            "feedback",
            "device_remarks",
            "fill_ins",
        )
    },
    **{
        table: f"SELECT t.* FROM {table} t JOIN proposals p ON p.id = t.proposal_id "
        "JOIN sessions s ON s.id = p.session_id WHERE s.initiative_id = :i"
        for table in ("ballots", "ballot_receipts")
    },
    "fill_in_values": "SELECT t.* FROM fill_in_values t JOIN fill_ins f ON f.id = t.fill_in_id "
    "JOIN sessions s ON s.id = f.session_id WHERE s.initiative_id = :i",
}

#: Where the initiative's rows name a person: (table, column).
PERSON_COLUMNS = (
    ("sessions", "facilitator_id"),
    ("session_participants", "person_id"),
    ("feedback", "person_id"),
    ("device_remarks", "person_id"),
    ("ballots", "person_id"),
    ("ballot_receipts", "person_id"),
    ("action_items", "owner_id"),
    ("learning_paths", "owner_id"),
    ("check_ins", "person_id"),
)


def connect(path: Path) -> sqlite3.Connection:
    """A plain read of a closed file, as a colleague's tool would read it (immutable: a
    read-only connection to a WAL file would otherwise make a log and shared memory)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def owned_rows(conn: sqlite3.Connection, initiative_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every row the initiative owns, table by table, sorted (row order is not compared)."""
    return {
        table: sorted((dict(row) for row in conn.execute(sql, {"i": initiative_id})), key=_sort_key)
        for table, sql in OWNED.items()
    }


def all_rows(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    return sorted((dict(row) for row in conn.execute(f"SELECT * FROM {table}")), key=_sort_key)


def referenced_people(rows: dict[str, list[dict[str, Any]]]) -> set[str]:
    return {
        row[column]
        for table, column in PERSON_COLUMNS
        for row in rows[table]
        if row[column] is not None
    }


def meta(conn: sqlite3.Connection) -> dict[str, str]:
    return {row[0]: row[1] for row in conn.execute("SELECT key, value FROM meta")}


def assert_whole(path: Path) -> None:
    """The file alone is a sound database: nothing beside it, nothing broken in it."""
    for suffix in ("-wal", "-shm", "-journal"):
        assert not path.with_name(path.name + suffix).exists(), suffix
    with connect(path) as conn:
        assert [tuple(r) for r in conn.execute("PRAGMA integrity_check")] == [("ok",)]
        assert [tuple(r) for r in conn.execute("PRAGMA foreign_key_check")] == []
    conn.close()


def _sort_key(row: dict[str, Any]) -> str:
    return repr(sorted(row.items()))
