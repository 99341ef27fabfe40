"""Merging one table of an attached source into the target, set by set, span by span.

The source's rows are first read once into ``temp.merge_in_<table>`` (in the source's
order, so that a span of its rowids is a slice of the source), cleaned
(``merge_text``), person ids mapped (``merge_people``): reads and temporary writes
only, no lock on the target. Then each span of those rows is merged in one short write
transaction (``merge_span``), which compares with the target *as it is then*, so that
whatever the app wrote between two spans is seen: a reference to a missing optional
parent made NULL and a missing required parent noted, rows a deletion beats set aside,
rows held by both compared column against column (only those that differ come back to
Python, where the domain's order of versions, ``domain.merging``, picks the one kept),
and rows new to the target put in with one ``INSERT … SELECT``. Merging a file into a
copy of itself therefore costs a join per span and nothing more.
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


def incoming(shape: Shape) -> str:
    """The temporary table holding the source's rows of the table, cleaned and mapped."""
    return f"temp.merge_in_{shape.table}"


def _skipped(shape: Shape) -> str:
    return f"temp.merge_skip_{shape.table}"


def _not_skipped(shape: Shape) -> str:
    key = row_key_sql(shape.table, "i")
    return f"NOT EXISTS (SELECT 1 FROM {_skipped(shape)} k WHERE k.key = {key})"


@dataclass(frozen=True)
class Span:
    """The rows of ``temp.merge_in_<table>`` from rowid ``lo`` to ``hi`` that ``restrict``
    (a condition on alias ``i``) selects: what one write transaction merges."""

    lo: int
    hi: int
    restrict: str = ""

    def sql(self) -> str:
        where = f"i.rowid BETWEEN {int(self.lo)} AND {int(self.hi)}"
        return f"({where} AND {self.restrict})" if self.restrict else f"({where})"


def build_incoming(ctx: Context, shape: Shape) -> int:
    """Read the source's rows of the table once into ``incoming(shape)``, made safe, in
    the source's order; how many there are. Reads the source, writes temporary tables."""
    persons = PERSON_COLUMNS.get(shape.table, ())
    exprs = []
    for column in shape.columns:
        expr = f"s.{q(column)}"
        if column in persons:
            expr = mapped_sql(expr)
        exprs.append(f"{expr} AS {q(column)}")
    order = "ORDER BY s.rowid" if shape.has_rowid else ""
    table = incoming(shape)
    ctx.conn.execute(
        f"CREATE TEMP TABLE {table.removeprefix('temp.')} AS SELECT {', '.join(exprs)}, "
        f"CAST(NULL AS TEXT) AS _missing FROM {ctx.source}.{shape.table} s {order}"
    )
    text = [(column, kind_of(shape.table, column)) for column in shape.text]
    if text:
        ctx.conn.execute(cleaning_update(table, text))
    ctx.conn.execute(
        f"CREATE INDEX {table}_key ON {table.removeprefix('temp.')} "
        f"({', '.join(q(k) for k in shape.key)})"
    )
    ctx.conn.execute(
        f"CREATE TEMP TABLE {_skipped(shape).removeprefix('temp.')} "
        "(key TEXT PRIMARY KEY) WITHOUT ROWID"
    )
    return int(ctx.conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0])


def check_parents(ctx: Context, shape: Shape, span: Span) -> None:
    """The span's references checked against the target as it is now: one to a missing
    optional parent made NULL, a missing required parent noted (``skip_orphans``)."""
    table = incoming(shape)
    for parent in shape.parents:
        exists = (
            f"EXISTS (SELECT 1 FROM main.{parent.table} x "
            f"WHERE x.{q(parent.to)} = i.{q(parent.column)})"
        )
        if parent.table == shape.table:
            # A row naming another of its table (a leading indicator, the outcome it
            # predicts): the other may come in with it, in a later span
            # (``null_self_references``, then ``restore_self_references``).
            exists = (
                f"({exists} OR EXISTS (SELECT 1 FROM {table} y "
                f"WHERE y.{q(parent.to)} = i.{q(parent.column)}))"
            )
        if parent.required:
            ctx.conn.execute(
                f"UPDATE {table} AS i SET _missing = '{parent.table} ' || {q(parent.column)} "
                f"WHERE {span.sql()} AND _missing IS NULL AND NOT {exists}"
            )
        else:
            ctx.conn.execute(
                f"UPDATE {table} AS i SET {q(parent.column)} = NULL "
                f"WHERE {span.sql()} AND {q(parent.column)} IS NOT NULL AND NOT {exists}"
            )


def drop_incoming(conn: sqlite3.Connection, shape: Shape) -> None:
    conn.execute(f"DROP TABLE IF EXISTS {incoming(shape)}")
    conn.execute(f"DROP TABLE IF EXISTS {_skipped(shape)}")


def _skip(ctx: Context, shape: Shape, keys: Iterable[str]) -> None:
    ctx.conn.executemany(
        f"INSERT OR IGNORE INTO {_skipped(shape)} (key) VALUES (?)", ((k,) for k in keys)
    )


def skip_deleted(ctx: Context, shape: Shape, span: Span) -> None:
    """Set aside the span's rows that a deletion (either file's) beats; report them."""
    stamped = "i.updated_at" if "updated_at" in shape.columns else "NULL"
    found = ctx.rows(
        f"SELECT i.*, {stamped} AS _edited, t.deleted_at AS _deleted_at, t.site AS _site "
        f"FROM {incoming(shape)} i JOIN main.tombstones t "
        f"ON t.tbl = ? AND t.row_key = {row_key_sql(shape.table, 'i')} "
        f"WHERE {span.sql()} AND {_not_skipped(shape)}",
        (shape.table,),
    )
    beaten = [row for row in found if tombstone_beats(row["_deleted_at"], row["_edited"])]
    _skip(ctx, shape, (_key_text(shape, row) for row in beaten))
    for row in beaten:
        site = ctx.label_of_site(row["_site"]) or "another file"
        _not_taken(ctx, shape, row, None, deleted_in(site))


def skip_orphans(ctx: Context, shape: Shape, span: Span) -> None:
    """Report the span's rows whose required parent is in neither file (kept out)."""
    for row in ctx.rows(
        f"SELECT * FROM {incoming(shape)} i WHERE {span.sql()} AND _missing IS NOT NULL "
        f"AND {_not_skipped(shape)}"
    ):
        parent_table, _, parent_id = str(row["_missing"]).partition(" ")
        deleted = ctx.conn.execute(
            "SELECT 1 FROM main.tombstones WHERE tbl = ? AND row_key = ?",
            (parent_table, parent_id),
        ).fetchone()
        word = _PARENT_WORDS.get(parent_table, parent_table)
        reason = (PARENT_DELETED if deleted else PARENT_MISSING).format(parent=word)
        _not_taken(ctx, shape, row, None, reason)
        _skip(ctx, shape, [_key_text(shape, row)])


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


def _pairs_sql(shape: Shape, span: Span, join: str, where: str) -> str:
    cols = ", ".join(f"i.{q(c)} AS {q('i_' + c)}, t.{q(c)} AS {q('t_' + c)}" for c in shape.columns)
    return (
        f"SELECT {cols}, {_owner_sql(shape, 't')} AS _owner FROM {incoming(shape)} i "
        f"JOIN main.{shape.table} t ON {join} WHERE {span.sql()} AND i._missing IS NULL "
        f"AND {_not_skipped(shape)} AND {where}"
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


def resolve_clashes(ctx: Context, shape: Shape, span: Span) -> None:
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
        for row in ctx.rows(_pairs_sql(shape, span, join, fresh)):
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
                _skip(ctx, shape, [_key_text(shape, incoming)])
                _not_taken(ctx, shape, incoming, kept, CLASHES.format(what=what))


def insert_new(ctx: Context, shape: Shape, span: Span) -> None:
    """The span's rows the target does not hold yet, in one statement, in the source's
    order."""
    cols = ", ".join(q(c) for c in shape.columns)
    cursor = ctx.conn.execute(
        f"INSERT INTO main.{shape.table} ({cols}) SELECT {cols} FROM {incoming(shape)} i "
        f"WHERE {span.sql()} AND i._missing IS NULL AND {_not_skipped(shape)} "
        f"AND NOT EXISTS (SELECT 1 FROM main.{shape.table} t WHERE {_same_key(shape, 't', 'i')})"
        " ORDER BY i.rowid"
    )
    ctx.counts(shape.table).added += max(cursor.rowcount, 0)


def update_differing(ctx: Context, shape: Shape, span: Span) -> set[str]:
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
    for row in ctx.rows(_pairs_sql(shape, span, _same_key(shape, "t", "i"), differ)):
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


def likely_writes(ctx: Context, shape: Shape, restrict: str = "") -> list[int]:
    """The rowids of the incoming rows the target does not hold as they are, read now
    (no lock): what sizes the spans. Each span compares again when it writes."""
    same = " AND ".join(f"t.{q(c)} IS i.{q(c)}" for c in shape.compared)
    where = f" AND {restrict}" if restrict else ""
    return [
        row[0]
        for row in ctx.conn.execute(
            f"SELECT i.rowid FROM {incoming(shape)} i WHERE NOT EXISTS (SELECT 1 FROM "
            f"main.{shape.table} t WHERE {_same_key(shape, 't', 'i')} AND {same or '1'})"
            f"{where} ORDER BY i.rowid"
        )
    ]


def merge_span(ctx: Context, shape: Shape, span: Span) -> set[str]:
    """Merge one span of the table's incoming rows, inside the caller's write
    transaction, against the target as it is now; the keys of the target's rows the
    source's version replaced."""
    check_parents(ctx, shape, span)
    skip_deleted(ctx, shape, span)
    skip_orphans(ctx, shape, span)
    resolve_clashes(ctx, shape, span)
    replaced = update_differing(ctx, shape, span)
    insert_new(ctx, shape, span)
    null_self_references(ctx, shape, span)
    return replaced


def _self_parents(shape: Shape) -> list[Parent]:
    return [p for p in shape.parents if p.table == shape.table and not p.required]


def null_self_references(ctx: Context, shape: Shape, span: Span) -> None:
    """A reference the span wrote to a row of the same table that is not there (yet: it
    comes in a later span; or never: a deletion beat it) is made NULL, so that the
    transaction ends with every reference whole; ``restore_self_references`` puts back
    the first kind once the whole table is in."""
    for parent in _self_parents(shape):
        column, to = q(parent.column), q(parent.to)
        keys = ", ".join(q(k) for k in shape.key)
        ctx.conn.execute(
            f"UPDATE main.{shape.table} SET {column} = NULL WHERE {column} IS NOT NULL "
            f"AND ({keys}) IN (SELECT {keys} FROM {incoming(shape)} i WHERE {span.sql()}) "
            f"AND {column} NOT IN (SELECT {to} FROM main.{shape.table})"
        )


def restore_self_references(ctx: Context, shape: Shape, span: Span) -> None:
    """The span's references to rows of the same table that ``null_self_references``
    left out, written now that the rows named are in; not in a row edited meanwhile."""
    for parent in _self_parents(shape):
        column, to = q(parent.column), q(parent.to)
        same = " AND ".join(f"t.{q(c)} IS i.{q(c)}" for c in _STAMPS if c in shape.columns)
        ctx.conn.execute(
            f"UPDATE main.{shape.table} AS t SET {column} = i.{column} "
            f"FROM {incoming(shape)} i WHERE {span.sql()} AND {_same_key(shape, 't', 'i')} "
            f"AND t.{column} IS NULL AND i.{column} IS NOT NULL AND i._missing IS NULL "
            f"AND {same or '1'} "
            f"AND EXISTS (SELECT 1 FROM main.{shape.table} x WHERE x.{to} = i.{column})"
        )


def has_self_references(shape: Shape) -> bool:
    return bool(_self_parents(shape))
