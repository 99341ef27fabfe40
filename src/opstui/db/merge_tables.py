"""Merging one table of an attached source into the target, set by set.

The source's rows are first read once into ``temp.merge_in``, cleaned (``merge_text``),
person ids mapped (``merge_people``), a reference to a missing optional parent made
NULL and a missing required parent noted. Then, in SQL: rows a deletion beats are set
aside, rows new to the target go in with one ``INSERT … SELECT``, and rows held by
both are compared column against column, so that only those that differ come back to
Python, where the domain's order of versions (``domain.merging``) picks the one kept.
Merging a file into a copy of itself therefore costs a join per table and nothing more.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from opstui.db.merge_people import PERSON_COLUMNS, mapped_sql
from opstui.db.merge_schema import INITIATIVE_LEVEL_TABLES, row_key_sql
from opstui.db.merge_text import cleaning_update, kind_of
from opstui.domain.merging import (
    CLASHES,
    PARENT_DELETED,
    PARENT_MISSING,
    FieldDifference,
    NotTaken,
    SourceReport,
    TableCounts,
    deleted_in,
    incoming_wins,
    tombstone_beats,
)
from opstui.domain.text import shorten

#: The column that names a row to a person reading the report.
LABELS = {
    "people": "name",
    "initiatives": "title",
    "affected_groups": "grp",
    "pilot_cohorts": "name",
    "metrics": "name",
    "sessions": "title",
    "session_participants": "person_id",
    "agenda_items": "title",
    "proposals": "title",
    "ballots": "value",
    "ballot_receipts": "person_id",
    "feedback": "text",
    "device_remarks": "text",
    "fill_ins": "title",
    "fill_in_values": "field_key",
    "decisions": "statement",
    "action_items": "text",
    "readings": "taken_on",
    "readiness": "assessed_on",
    "checklist_ticks": "item_key",
    "remark_links": "change",
    "comm_items": "channel",
    "learning_paths": "title",
    "check_ins": "about",
    "prototypes": "title",
}
#: The words a report uses for a parent table ("its session was deleted").
_PARENT_WORDS = {
    "initiatives": "initiative",
    "sessions": "session",
    "people": "person",
    "metrics": "metric",
    "proposals": "vote",
    "fill_ins": "template",
    "agenda_items": "agenda item",
    "decisions": "decision",
    "action_items": "action",
    "feedback": "remark",
    "pilot_cohorts": "cohort",
    "process_maps": "process map",
    "readings": "reading",
}
#: Unique keys SQLite keeps with a condition (a partial index), and that condition.
_PARTIAL_UNIQUES = {"proposals": (("session_id",), "{a}.status = 'open'")}
_STAMPS = ("updated_at", "updated_site")


def q(column: str) -> str:
    """A column's name quoted: ``metrics.primary`` is a keyword."""
    return f'"{column}"'


@dataclass(frozen=True)
class Parent:
    """A reference from one of the table's columns to another table's row."""

    column: str
    table: str
    to: str
    required: bool


@dataclass(frozen=True)
class Shape:
    """What the merge needs to know of one table, read from the target's schema."""

    table: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    text: frozenset[str]
    parents: tuple[Parent, ...]
    uniques: tuple[tuple[tuple[str, ...], str], ...]
    has_rowid: bool

    @property
    def compared(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.key)


def shape_of(
    conn: sqlite3.Connection, table: str, key: tuple[str, ...], *, skip: str = ""
) -> Shape:
    """The table as the target's schema has it (``skip``: a column left out of the merge)."""
    info = conn.execute(f"PRAGMA main.table_info({table})").fetchall()
    columns = tuple(row[1] for row in info if row[1] != skip)
    not_null = {row[1]: bool(row[3]) for row in info}
    parents = tuple(
        Parent(row[3], row[2], row[4], not_null[row[3]])
        for row in conn.execute(f"PRAGMA main.foreign_key_list({table})").fetchall()
    )
    uniques: list[tuple[tuple[str, ...], str]] = []
    for _seq, name, unique, origin, partial in conn.execute(f"PRAGMA main.index_list({table})"):
        if unique and origin == "u" and not partial:
            cols = tuple(r[2] for r in conn.execute(f"PRAGMA main.index_info({name})"))
            uniques.append((cols, ""))
    if table in _PARTIAL_UNIQUES:
        uniques.append(_PARTIAL_UNIQUES[table])
    without_rowid = conn.execute(
        "SELECT sql LIKE '%WITHOUT ROWID%' FROM main.sqlite_master WHERE name = ?", (table,)
    ).fetchone()[0]
    return Shape(
        table=table,
        columns=columns,
        key=key,
        text=frozenset(row[1] for row in info if row[2].upper() == "TEXT" and row[1] != skip),
        parents=parents,
        uniques=tuple(uniques),
        has_rowid=not without_rowid,
    )


@dataclass
class Context:
    """One source being merged: the connection, who is who, and what is reported."""

    conn: sqlite3.Connection
    source: str
    source_file: str
    target_file: str
    report: SourceReport
    site_labels: dict[str, str] = field(default_factory=dict)

    def label_of_site(self, site: str | None) -> str | None:
        if site is None:
            return None
        return self.site_labels.get(site, site[:8])

    def counts(self, table: str) -> TableCounts:
        return self.report.counts.setdefault(table, TableCounts())

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]


def _key_text(shape: Shape, row: dict[str, Any]) -> str:
    if shape.key == ("id",):
        return str(row["id"])
    return json.dumps([row[k] for k in shape.key], separators=(",", ":"))


def _label(shape: Shape, row: dict[str, Any]) -> str:
    value = row.get(LABELS.get(shape.table, ""))
    return shorten(str(value if value is not None else _key_text(shape, row)), 80)


def _same_key(shape: Shape, a: str, b: str) -> str:
    return " AND ".join(f"{a}.{q(k)} = {b}.{q(k)}" for k in shape.key)


_NOT_SKIPPED = "NOT EXISTS (SELECT 1 FROM temp.merge_skip k WHERE k.key = {key})"


def build_incoming(ctx: Context, shape: Shape, restrict: str = "") -> None:
    """Read the source's rows of the table once into ``temp.merge_in``, made safe."""
    persons = PERSON_COLUMNS.get(shape.table, ())
    exprs = []
    for column in shape.columns:
        expr = f"s.{q(column)}"
        if column in persons:
            expr = mapped_sql(expr)
        exprs.append(f"{expr} AS {q(column)}")
    order = "s.rowid" if shape.has_rowid else "0"
    where = f"WHERE {restrict}" if restrict else ""
    ctx.conn.execute(
        f"CREATE TEMP TABLE merge_in AS SELECT {', '.join(exprs)}, "
        f"CAST(NULL AS TEXT) AS _missing, {order} AS _order "
        f"FROM {ctx.source}.{shape.table} s {where}"
    )
    text = [(column, kind_of(shape.table, column)) for column in shape.text]
    if text:
        ctx.conn.execute(cleaning_update("temp.merge_in", text))
    ctx.conn.execute(
        f"CREATE INDEX temp.merge_in_key ON merge_in ({', '.join(q(k) for k in shape.key)})"
    )
    ctx.conn.execute("CREATE TEMP TABLE merge_skip (key TEXT PRIMARY KEY) WITHOUT ROWID")
    for parent in shape.parents:
        exists = (
            f"EXISTS (SELECT 1 FROM main.{parent.table} x "
            f"WHERE x.{q(parent.to)} = merge_in.{q(parent.column)})"
        )
        if parent.table == shape.table:
            # A row naming another of its table (a leading indicator, the outcome it
            # predicts): the other may come in with it (``fix_self_references`` after).
            exists = (
                f"({exists} OR EXISTS (SELECT 1 FROM temp.merge_in y "
                f"WHERE y.{q(parent.to)} = merge_in.{q(parent.column)}))"
            )
        if parent.required:
            ctx.conn.execute(
                f"UPDATE temp.merge_in SET _missing = '{parent.table} ' || {q(parent.column)} "
                f"WHERE _missing IS NULL AND NOT {exists}"
            )
        else:
            ctx.conn.execute(
                f"UPDATE temp.merge_in SET {q(parent.column)} = NULL "
                f"WHERE {q(parent.column)} IS NOT NULL AND NOT {exists}"
            )


def drop_incoming(ctx: Context) -> None:
    ctx.conn.execute("DROP TABLE IF EXISTS temp.merge_in")
    ctx.conn.execute("DROP TABLE IF EXISTS temp.merge_skip")


def _skip(ctx: Context, keys: Iterable[str]) -> None:
    ctx.conn.executemany(
        "INSERT OR IGNORE INTO temp.merge_skip (key) VALUES (?)", ((k,) for k in keys)
    )


def skip_deleted(ctx: Context, shape: Shape) -> None:
    """Set aside the source's rows that a deletion (either file's) beats; report them."""
    stamped = "i.updated_at" if "updated_at" in shape.columns else "NULL"
    found = ctx.rows(
        f"SELECT i.*, {stamped} AS _edited, t.deleted_at AS _deleted_at, t.site AS _site "
        f"FROM temp.merge_in i JOIN main.tombstones t "
        f"ON t.tbl = ? AND t.row_key = {row_key_sql(shape.table, 'i')}",
        (shape.table,),
    )
    beaten = [row for row in found if tombstone_beats(row["_deleted_at"], row["_edited"])]
    _skip(ctx, (_key_text(shape, row) for row in beaten))
    for row in beaten:
        site = ctx.label_of_site(row["_site"]) or "another file"
        _not_taken(ctx, shape, row, None, deleted_in(site))


def skip_orphans(ctx: Context, shape: Shape) -> None:
    """Report the source's rows whose required parent is in neither file (kept out)."""
    for row in ctx.rows(
        "SELECT * FROM temp.merge_in i WHERE _missing IS NOT NULL AND "
        + _NOT_SKIPPED.format(key=row_key_sql(shape.table, "i"))
    ):
        parent_table, _, parent_id = str(row["_missing"]).partition(" ")
        deleted = ctx.conn.execute(
            "SELECT 1 FROM main.tombstones WHERE tbl = ? AND row_key = ?",
            (parent_table, parent_id),
        ).fetchone()
        word = _PARENT_WORDS.get(parent_table, parent_table)
        reason = (PARENT_DELETED if deleted else PARENT_MISSING).format(parent=word)
        _not_taken(ctx, shape, row, None, reason)
        _skip(ctx, [_key_text(shape, row)])


def _owner_sql(shape: Shape, alias: str) -> str:
    if shape.table not in INITIATIVE_LEVEL_TABLES:
        return "NULL"
    if shape.table == "initiatives":
        return f"{alias}.origin_site"
    return f"(SELECT origin_site FROM main.initiatives WHERE id = {alias}.initiative_id)"


def _split(shape: Shape, row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    incoming = {c: row[f"i_{c}"] for c in shape.columns}
    kept = {c: row[f"t_{c}"] for c in shape.columns}
    return incoming, kept


def _pairs_sql(shape: Shape, join: str, where: str) -> str:
    cols = ", ".join(f"i.{q(c)} AS {q('i_' + c)}, t.{q(c)} AS {q('t_' + c)}" for c in shape.columns)
    return (
        f"SELECT {cols}, {_owner_sql(shape, 't')} AS _owner FROM temp.merge_in i "
        f"JOIN main.{shape.table} t ON {join} WHERE i._missing IS NULL AND "
        + _NOT_SKIPPED.format(key=row_key_sql(shape.table, "i"))
        + f" AND {where}"
    )


def _decide(shape: Shape, row: dict[str, Any]) -> tuple[bool, str, dict[str, Any], dict[str, Any]]:
    incoming, kept = _split(shape, row)
    wins, reason = incoming_wins(
        incoming,
        kept,
        owner_site=row["_owner"],
        initiative_level=shape.table in INITIATIVE_LEVEL_TABLES,
    )
    return wins, reason, incoming, kept


def resolve_clashes(ctx: Context, shape: Shape) -> None:
    """Rows new to the target that take the place of another (same group of an
    initiative, same agenda position, a second open vote): the version order decides."""
    for columns, condition in shape.uniques:
        join = " AND ".join(f"t.{q(c)} = i.{q(c)}" for c in columns)
        if condition:
            join += " AND " + condition.format(a="i") + " AND " + condition.format(a="t")
        fresh = (
            f"NOT EXISTS (SELECT 1 FROM main.{shape.table} n WHERE {_same_key(shape, 'n', 'i')})"
        )
        what = ", ".join(columns)
        for row in ctx.rows(_pairs_sql(shape, join, fresh)):
            wins, _reason, incoming, kept = _decide(shape, row)
            if wins:
                ctx.conn.execute(
                    f"DELETE FROM main.{shape.table} WHERE "
                    + " AND ".join(f"{q(k)} = ?" for k in shape.key),
                    [kept[k] for k in shape.key],
                )
                ctx.counts(shape.table).deleted += 1
                _not_taken(ctx, shape, kept, incoming, CLASHES.format(what=what), ours=True)
            else:
                _skip(ctx, [_key_text(shape, incoming)])
                _not_taken(ctx, shape, incoming, kept, CLASHES.format(what=what))


def insert_new(ctx: Context, shape: Shape) -> None:
    """Every row the target does not hold yet, in one statement, in the source's order."""
    cols = ", ".join(q(c) for c in shape.columns)
    cursor = ctx.conn.execute(
        f"INSERT INTO main.{shape.table} ({cols}) SELECT {cols} FROM temp.merge_in i "
        f"WHERE i._missing IS NULL AND "
        + _NOT_SKIPPED.format(key=row_key_sql(shape.table, "i"))
        + f" AND NOT EXISTS (SELECT 1 FROM main.{shape.table} t WHERE {_same_key(shape, 't', 'i')})"
        " ORDER BY i._order"
    )
    ctx.counts(shape.table).added += max(cursor.rowcount, 0)


def update_differing(ctx: Context, shape: Shape) -> set[str]:
    """Rows held by both that differ: the winner kept, the loser reported. Returns the
    keys of the rows the source's version replaced."""
    compared = shape.compared
    if not compared:
        return set()
    differ = (
        f"({', '.join(f'i.{q(c)}' for c in compared)}) IS NOT "
        f"({', '.join(f't.{q(c)}' for c in compared)})"
    )
    replaced: set[str] = set()
    setting = ", ".join(f"{q(c)} = ?" for c in compared)
    where = " AND ".join(f"{q(k)} = ?" for k in shape.key)
    sql = f"UPDATE main.{shape.table} SET {setting} WHERE {where}"
    updates: list[list[Any]] = []
    for row in ctx.rows(_pairs_sql(shape, _same_key(shape, "t", "i"), differ)):
        wins, reason, incoming, kept = _decide(shape, row)
        if not wins:
            _not_taken(ctx, shape, incoming, kept, reason)
            continue
        params = [incoming[c] for c in compared] + [incoming[k] for k in shape.key]
        if shape.uniques:
            try:
                ctx.conn.execute(sql, params)
            except sqlite3.IntegrityError:
                _not_taken(ctx, shape, incoming, kept, CLASHES.format(what="a unique key"))
                continue
        else:
            updates.append(params)
        replaced.add(_key_text(shape, incoming))
        _not_taken(ctx, shape, kept, incoming, reason, ours=True)
    if updates:
        ctx.conn.executemany(sql, updates)
    ctx.counts(shape.table).updated += len(replaced)
    return replaced


def _not_taken(
    ctx: Context,
    shape: Shape,
    dropped: dict[str, Any],
    kept: dict[str, Any] | None,
    reason: str,
    *,
    ours: bool = False,
) -> None:
    """Report one version not taken: the source's, or (``ours``) the target's own."""
    differences = []
    if kept is not None:
        differences = [
            FieldDifference(field=c, kept=kept.get(c), dropped=dropped.get(c))
            for c in shape.columns
            if c not in _STAMPS and kept.get(c) != dropped.get(c)
        ]
    source, target = ctx.source_file, ctx.target_file
    ctx.report.not_taken.append(
        NotTaken(
            table=shape.table,
            row_key=_key_text(shape, dropped),
            label=_label(shape, kept or dropped),
            reason=reason,
            differences=differences,
            kept_from=None if kept is None else (source if ours else target),
            kept_site=None if kept is None else ctx.label_of_site(kept.get("updated_site")),
            dropped_from=target if ours else source,
            dropped_site=ctx.label_of_site(dropped.get("updated_site")),
        )
    )


def merge_table(ctx: Context, shape: Shape, restrict: str = "") -> set[str]:
    """Merge one table of the source (``restrict``: only the rows this condition selects);
    the keys of the target's rows the source's version replaced."""
    build_incoming(ctx, shape, restrict)
    try:
        skip_deleted(ctx, shape)
        skip_orphans(ctx, shape)
        resolve_clashes(ctx, shape)
        replaced = update_differing(ctx, shape)
        insert_new(ctx, shape)
        fix_self_references(ctx, shape)
    finally:
        drop_incoming(ctx)
    return replaced


def fix_self_references(ctx: Context, shape: Shape) -> None:
    """A reference to a row of the same table that did not come in after all (a deletion
    beat it) is made NULL, as its ON DELETE SET NULL would have."""
    for parent in shape.parents:
        if parent.table == shape.table and not parent.required:
            column, to = q(parent.column), q(parent.to)
            ctx.conn.execute(
                f"UPDATE main.{shape.table} SET {column} = NULL WHERE {column} IS NOT NULL "
                f"AND {column} NOT IN (SELECT {to} FROM main.{shape.table})"
            )
