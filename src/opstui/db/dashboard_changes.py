"""Which initiatives changed since the dashboard last looked: rows added, edited, deleted.

The dashboard keeps every initiative's summary and computes again only the initiatives
whose rows changed, by this app or by another process writing to the file. A
``ChangeMark`` is where the file stood when the summaries were computed; comparing it
with the file now finds:

- rows added, by rowid (every table here is a rowid table, and a new row takes a rowid
  above the largest there is);
- rows edited, by their edit stamp (``updated_at``, which schema 5's triggers set on every
  update): a range read of schema 8's partial indexes (``speed_schema``);
- rows deleted, by the tombstones (schema 5) they leave; a deleted row's initiative cannot
  be told from what is left, so any new tombstone answers "every initiative".

The tables are those ``DashboardQueries.dashboard_facts`` reads (a test holds the two
lists together), each with the way from one of its rows to its initiative. People are
read only for initiatives with a process map: an edited person changes those.

A merge writes the other file's stamps, which may be older than the mark: every merge
transaction leaves a new ``meta.merged`` value (``merge_batches``), and a changed one
answers "every initiative", whichever process merged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from opstui.db.database import Database

#: Every table the dashboard's summaries read, with the SQL naming the initiative of its
#: row ``t`` (None for people: see the module's docstring).
INITIATIVE_OF: dict[str, str | None] = {
    "initiatives": "t.id",
    "sessions": "t.initiative_id",
    "session_participants": "(SELECT s.initiative_id FROM sessions s WHERE s.id = t.session_id)",
    "proposals": "(SELECT s.initiative_id FROM sessions s WHERE s.id = t.session_id)",
    "feedback": "(SELECT s.initiative_id FROM sessions s WHERE s.id = t.session_id)",
    "remark_links": "t.initiative_id",
    "metrics": "t.initiative_id",
    "readings": "(SELECT m.initiative_id FROM metrics m WHERE m.id = t.metric_id)",
    "metric_events": "(SELECT m.initiative_id FROM metrics m WHERE m.id = t.metric_id)",
    "capability_checks": "(SELECT m.initiative_id FROM metrics m WHERE m.id = t.metric_id)",
    "affected_groups": "t.initiative_id",
    "pilot_cohorts": "t.initiative_id",
    "action_items": "t.initiative_id",
    "comm_items": "t.initiative_id",
    "learning_paths": "t.initiative_id",
    "check_ins": "t.initiative_id",
    "prototypes": "t.initiative_id",
    "process_maps": "t.initiative_id",
    "process_map_lines": ("(SELECT p.initiative_id FROM process_maps p WHERE p.id = t.map_id)"),
    "people": None,
}


@dataclass(frozen=True)
class TableMark:
    """Where one table stood: its largest rowid, its latest edit stamp and the rows
    edited at that very stamp (seen already, though a later edit may share it)."""

    rowid: int
    stamp: str | None
    at_stamp: frozenset[int]


@dataclass(frozen=True)
class ChangeMark:
    """Where the file stood when the dashboard's summaries were computed."""

    tables: dict[str, TableMark]
    #: How many tombstones there were, and the latest deletion (a merge adds older ones).
    tombstones: tuple[int, str | None]
    #: The mark the last merge transaction left (``meta.merged``).
    merged: str | None = None


@dataclass(frozen=True)
class Changes:
    """What changed since a mark, and the mark to compare with next time."""

    #: The initiatives whose rows changed; None when every one must be computed again.
    initiatives: set[str] | None
    mark: ChangeMark


def change_mark(database: Database) -> ChangeMark:
    """Where the file stands now (a few index reads per table)."""
    with _snapshot(database):
        return _mark(database)


def changes_since(database: Database, mark: ChangeMark) -> Changes:
    """The initiatives changed since ``mark``, read in one snapshot with the new mark."""
    with _snapshot(database):
        now = _mark(database)
        if now.tombstones != mark.tombstones or now.merged != mark.merged:
            return Changes(None, now)
        changed: set[str] = set()
        for table, initiative_of in INITIATIVE_OF.items():
            before, after = mark.tables[table], now.tables[table]
            if before == after:
                continue
            if initiative_of is None:  # people: the initiatives with a process map
                changed.update(
                    row[0]
                    for row in database.fetch("SELECT DISTINCT initiative_id FROM process_maps")
                )
                continue
            added = database.fetch(
                f"SELECT t.rowid, {initiative_of} FROM {table} t WHERE t.rowid > ?",
                (before.rowid,),
            )
            if before.stamp is None:
                edited = database.fetch(
                    f"SELECT t.rowid, {initiative_of} FROM {table} t WHERE t.updated_at IS NOT NULL"
                )
            else:
                # One statement may stamp many rows alike: their rowids go as one value.
                edited = database.fetch(
                    f"SELECT t.rowid, {initiative_of} FROM {table} t "
                    "WHERE t.updated_at >= ? AND NOT (t.updated_at = ? AND t.rowid IN "
                    "(SELECT value FROM json_each(?)))",
                    (before.stamp, before.stamp, json.dumps(sorted(before.at_stamp))),
                )
            # A row whose parent is gone names no initiative: the parent's deletion did.
            changed.update(initiative for _, initiative in (*added, *edited) if initiative)
        return Changes(changed, now)


class _snapshot:
    """One read transaction, so that the changes found and the new mark agree."""

    def __init__(self, database: Database) -> None:
        self.conn = database.conn
        self.began = False

    def __enter__(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            self.began = True

    def __exit__(self, *exc: object) -> None:
        if self.began and self.conn.in_transaction:
            self.conn.execute("COMMIT")


def _mark(database: Database) -> ChangeMark:
    tables: dict[str, TableMark] = {}
    for table in INITIATIVE_OF:
        ((rowid,),) = database.fetch(f"SELECT coalesce(max(rowid), 0) FROM {table}")
        ((stamp,),) = database.fetch(
            f"SELECT max(updated_at) FROM {table} WHERE updated_at IS NOT NULL"
        )
        at_stamp = (
            frozenset(
                r[0]
                for r in database.fetch(f"SELECT rowid FROM {table} WHERE updated_at = ?", (stamp,))
            )
            if stamp is not None
            else frozenset()
        )
        tables[table] = TableMark(rowid, stamp, at_stamp)
    ((count, latest),) = database.fetch("SELECT count(*), max(deleted_at) FROM tombstones")
    merged = database.fetch("SELECT value FROM meta WHERE key = 'merged'")
    return ChangeMark(tables, (count, latest), merged[0][0] if merged else None)
