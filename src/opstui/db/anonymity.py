"""Anonymous votes in the file: nothing on disk joins a value to the person who cast it.

An anonymous vote's ballot is stored without a name; who has voted is a receipt of its
own (``ballot_receipts``: proposal, round, person), which keeps one vote per person and
"n of m voted". While the vote is open, the order the rows were written in could still
pair a receipt with a value (page layout, the write-ahead log), so closing the vote
*seals* it: its ballots and receipts are deleted with ``secure_delete`` on (SQLite
zeroes the freed bytes) and written again, the ballots ordered by what they say with
ids drawn from that order and one shared time, the receipts by person; then the write-ahead log is
checkpointed and truncated, so the frames of the earlier writes are gone too.
"""

from __future__ import annotations

import json
import sqlite3
import uuid


def seal(conn: sqlite3.Connection, proposal_id: str) -> None:
    """Rewrite one anonymous vote's ballots and receipts so that no order links them.

    Runs inside the caller's write transaction. Ballots still carrying a name (written
    before version 3) give up the name for a receipt.
    """
    created = conn.execute(
        "SELECT created_at FROM proposals WHERE id = ?", (proposal_id,)
    ).fetchone()
    if created is None:
        return
    ballots = conn.execute(
        "SELECT round, method, value, dots FROM ballots WHERE proposal_id = ?", (proposal_id,)
    ).fetchall()
    receipts = set(
        conn.execute(
            "SELECT round, person_id FROM ballot_receipts WHERE proposal_id = ?", (proposal_id,)
        ).fetchall()
    )
    receipts.update(
        conn.execute(
            "SELECT round, person_id FROM ballots WHERE proposal_id = ? AND person_id IS NOT NULL",
            (proposal_id,),
        ).fetchall()
    )
    previous = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute("PRAGMA secure_delete = ON")
    # The ids the ballots had while open must not stay behind as tombstones (schema 5):
    # the rewrite replays, and a merge takes a sealed vote's ballots as one whole.
    replaying = conn.execute("SELECT 1 FROM meta WHERE key = 'replaying'").fetchone()
    if replaying is None:
        conn.execute("INSERT INTO meta (key, value) VALUES ('replaying', '1')")
    try:
        conn.execute("DELETE FROM ballots WHERE proposal_id = ?", (proposal_id,))
        conn.execute("DELETE FROM ballot_receipts WHERE proposal_id = ?", (proposal_id,))
        rows = sorted(ballots, key=_by_what_it_says)
        conn.executemany(
            "INSERT INTO ballots (id, proposal_id, round, person_id, method, value, dots, cast_at)"
            " VALUES (?, ?, ?, NULL, ?, ?, ?, ?)",
            [
                (_sealed_id(proposal_id, n), proposal_id, r, method, value, _dots(dots), created[0])
                for n, (r, method, value, dots) in enumerate(rows)
            ],
        )
        conn.executemany(
            "INSERT INTO ballot_receipts (proposal_id, round, person_id) VALUES (?, ?, ?)",
            [(proposal_id, round_, person) for round_, person in sorted(receipts)],
        )
    finally:
        if replaying is None:
            conn.execute("DELETE FROM meta WHERE key = 'replaying'")
        conn.execute(f"PRAGMA secure_delete = {int(previous)}")


def _sealed_id(proposal_id: str, position: int) -> str:
    """A sealed ballot's id: from its vote and its place in the sorted order, nothing else."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"opstui:sealed-ballot:{proposal_id}:{position}"))


def _by_what_it_says(row: tuple[int, str, str | None, str]) -> tuple[int, str, str]:
    round_, _method, value, dots = row
    return (round_, value or "", _dots(dots))


def _dots(dots: str) -> str:
    """The dots as canonical JSON: equal ballots are equal bytes, whatever their history."""
    try:
        return json.dumps(json.loads(dots), sort_keys=True)
    except (TypeError, ValueError):
        return "{}"


def seal_all(conn: sqlite3.Connection) -> None:
    """Seal every anonymous vote in the file (upgrading a file written before version 3)."""
    for (proposal_id,) in conn.execute(
        "SELECT id FROM proposals WHERE anonymous = 1 ORDER BY rowid"
    ).fetchall():
        seal(conn, proposal_id)


def truncate_log(conn: sqlite3.Connection) -> bool:
    """Checkpoint the write-ahead log into the file and truncate it to nothing.

    Returns False when another connection's read kept some frames in the log (they go
    at the next checkpoint nobody blocks, at the latest when the last connection closes).
    """
    busy, _log, _moved = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy
