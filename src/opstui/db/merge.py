"""Merging another facilitator's opstui file into this one, with SQLite as the engine.

The source is checked first, as the hostile file it may be (``check_source``), then
attached read-only and copied in one ``BEGIN IMMEDIATE`` transaction on the target,
replaying (the edit-stamp triggers stay out: rows keep the stamps they came with), its
foreign keys checked at the end, parents before children (``TABLES_IN_ORDER``):

1. sites: the source's own, labelled, and those it has merged before;
2. tombstones: the union of both files' (the later deletion of a row kept);
3. each table (``merge_tables``), people first, mapped to the colleagues the target
   already knows (``merge_people``); an anonymous vote's ballots taken whole with it;
4. the deletions applied: every target row a tombstone beats is deleted, cascading.

Which version of a row is kept, and when a deletion wins, is the domain's to say
(``opstui.domain.merging``). ``exports`` is one machine's history: never merged.
"""

from __future__ import annotations

import shlex
import sqlite3
import stat
from pathlib import Path

from opstui.db import schema
from opstui.db.connection import attach_uri, connect
from opstui.db.errors import ReadOnlyError, StoreError
from opstui.db.merge_people import map_people, record_aliases
from opstui.db.merge_schema import ROW_KEYS, TABLES_IN_ORDER
from opstui.db.merge_tables import Context, Shape, merge_table, shape_of
from opstui.db.merge_text import LINE, clean, cleaned_sql, register
from opstui.db.records import Records
from opstui.domain.merging import (
    VOTE_KEPT_WHOLE,
    NotTaken,
    SourceReport,
    later_deletion,
    tombstone_beats,
)

#: The schema name the source is attached under.
SOURCE = "merge_src"
#: Tables whose layout must be the target's own, column for column, before anything is read.
_CHECKED_TABLES = (*TABLES_IN_ORDER, "meta", "sites", "tombstones", "person_aliases")


class MergeRefused(StoreError):
    """A file that cannot be merged, or a merge that would leave the target inconsistent."""


class _DryRun(Exception):
    """Raised at the end of a dry run, so that its transaction is rolled back."""


def check_source(path: Path, target: Path | None = None) -> None:
    """Refuse, in one line, a file that is not another opstui file of this schema.

    A file received from someone else may be anything: a folder, a pipe, a device, a
    file that is not SQLite, someone else's SQLite, an older or newer opstui file, or one
    carrying triggers or views of its own (which would run inside our transaction).
    """
    name = path.name
    try:
        found = path.stat()  # follows a symlink: only one to a regular file passes
    except FileNotFoundError:
        raise MergeRefused(f"{path} does not exist") from None
    except OSError as exc:
        raise MergeRefused(f"cannot read {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(found.st_mode):
        what = "a folder" if stat.S_ISDIR(found.st_mode) else "not a regular file"
        raise MergeRefused(f"{path} is {what}; only an opstui database file can be merged")
    if target is not None and target.exists():
        mine = target.stat()
        if (mine.st_dev, mine.st_ino) == (found.st_dev, found.st_ino):
            raise MergeRefused(f"{path} is the file being merged into; nothing to merge")
    conn = connect(path, read_only=True)
    try:
        version = schema.check_version(conn, path)
        if schema.table_count(conn) == 0:
            raise MergeRefused(f"{path} is empty: there is no opstui database in it")
        if version < schema.CURRENT_VERSION:
            raise MergeRefused(
                f"{name} is schema {version}, this opstui writes schema "
                f"{schema.CURRENT_VERSION}: open it once with `opstui --db "
                f"{shlex.quote(str(path))}` to bring it up to date (a backup is kept), "
                "then merge again"
            )
        reference = _reference_layout()
        for table in _CHECKED_TABLES:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            if columns != reference[table]:
                raise MergeRefused(f"{path} has a {table} table that opstui did not make")
    except sqlite3.Error as exc:
        raise MergeRefused(f"{path} cannot be read as an opstui database ({exc})") from None
    finally:
        conn.close()


def check_rehearsal_target(path: Path) -> None:
    """Refuse a dry run into a file that opening would upgrade: a dry run writes nothing."""
    conn = connect(path, read_only=True)
    try:
        version = schema.check_version(conn, path)
        if 0 < version < schema.CURRENT_VERSION:
            raise MergeRefused(
                f"{path.name} is schema {version}: a dry run cannot merge into it without "
                "upgrading it; merge without --dry-run (a backup is kept first)"
            )
    except sqlite3.Error as exc:
        raise MergeRefused(f"{path} cannot be read as an opstui database ({exc})") from None
    finally:
        conn.close()


_LAYOUT: dict[str, list[str]] = {}


def _reference_layout() -> dict[str, list[str]]:
    """Each checked table's columns as this version's migrations make them."""
    if not _LAYOUT:
        scratch = sqlite3.connect(":memory:", isolation_level=None)
        try:
            for migration in schema.MIGRATIONS:
                migration.apply(scratch)
            for table in _CHECKED_TABLES:
                _LAYOUT[table] = [r[1] for r in scratch.execute(f"PRAGMA table_info({table})")]
        finally:
            scratch.close()
    return _LAYOUT


class Merger:
    """Merges files into the target store, one transaction per file."""

    def __init__(self, records: Records, *, private_notes: bool = False) -> None:
        if records.read_only:
            raise ReadOnlyError("this database is open read-only; nothing can be merged into it")
        self.records = records
        self.private_notes = private_notes

    @property
    def conn(self) -> sqlite3.Connection:
        return self.records.conn

    def merge(self, path: Path, *, dry_run: bool = False) -> SourceReport:
        """Merge one file (checked first); in a dry run, everything is rolled back."""
        check_source(path, self.records.path)
        register(self.conn)
        # Read as a review reads a file (``attach_uri``): immutable when nobody writes it,
        # beside its writer's log when someone does, so nothing is left beside it.
        review = connect(path, read_only=True)
        try:
            self.conn.execute(f"ATTACH DATABASE ? AS {SOURCE}", (attach_uri(review),))
        except sqlite3.Error as exc:
            review.close()
            raise MergeRefused(f"{path} cannot be opened to merge ({exc})") from None
        try:
            report = SourceReport(path=str(path), site_id="", site_label="")
            try:
                with self.records.replaying():
                    self._merge_all(path, report)
                    if dry_run:
                        raise _DryRun
            except _DryRun:
                pass
            return report
        finally:
            self.conn.execute(f"DETACH DATABASE {SOURCE}")
            review.close()

    # -- the steps ----------------------------------------------------------------

    def _merge_all(self, path: Path, report: SourceReport) -> None:
        self.conn.execute("PRAGMA defer_foreign_keys = ON")
        ctx = Context(
            self.conn, SOURCE, str(path), str(self.records.path), report, self._sites(path, report)
        )
        self._union_tombstones()
        report.people_matched = map_people(self.conn, SOURCE)
        try:
            for table in TABLES_IN_ORDER:
                self._merge_table(ctx, table)
                if table == "people":
                    record_aliases(self.conn)
        finally:
            self.conn.execute("DROP TABLE IF EXISTS temp.merge_people")
            self.conn.execute("DROP TABLE IF EXISTS temp.merge_anon")
        self._apply_tombstones(ctx)
        broken = self.conn.execute("PRAGMA main.foreign_key_check").fetchall()
        if broken:
            table = broken[0][0]
            raise MergeRefused(
                f"merging {path.name} would leave {len(broken)} row(s) of {table} pointing at "
                "rows that are not there; nothing was merged"
            )
        report.counts = {t: c for t, c in report.counts.items() if c.total}

    def _shape(self, table: str) -> Shape:
        skip = "notes" if table == "sessions" and not self.private_notes else ""
        return shape_of(self.conn, table, ROW_KEYS[table], skip=skip)

    def _merge_table(self, ctx: Context, table: str) -> None:
        shape = self._shape(table)
        if table == "proposals":
            # An anonymous vote held by both files: its ballots go with the version kept.
            self.conn.execute(
                "CREATE TEMP TABLE merge_anon AS SELECT s.id AS id, s.status AS status, "
                f"0 AS take FROM {SOURCE}.proposals s JOIN main.proposals t ON t.id = s.id "
                "WHERE s.anonymous = 1 OR t.anonymous = 1"
            )
            replaced = merge_table(ctx, shape)
            self.conn.executemany(
                "UPDATE temp.merge_anon SET take = 1 WHERE id = ? AND status = 'closed'",
                ((key,) for key in replaced),
            )
            return
        if table not in ("ballots", "ballot_receipts"):
            merge_table(ctx, shape)
            return
        merge_table(ctx, shape, "s.proposal_id NOT IN (SELECT id FROM temp.merge_anon)")
        taken = [r[0] for r in self.conn.execute("SELECT id FROM temp.merge_anon WHERE take = 1")]
        for proposal_id in taken:
            gone = self.conn.execute(
                f"DELETE FROM main.{table} WHERE proposal_id = ?", (proposal_id,)
            ).rowcount
            ctx.counts(table).deleted += gone
        merge_table(ctx, shape, "s.proposal_id IN (SELECT id FROM temp.merge_anon WHERE take = 1)")
        if table == "ballots":
            self._report_votes_kept(ctx)

    def _report_votes_kept(self, ctx: Context) -> None:
        """An anonymous vote whose target version was kept: its source ballots stay out."""
        for proposal_id, title in self.conn.execute(
            "SELECT a.id, p.title FROM temp.merge_anon a JOIN main.proposals p ON p.id = a.id "
            "WHERE a.take = 0 AND EXISTS ("
            f"SELECT id, value, dots FROM {SOURCE}.ballots WHERE proposal_id = a.id "
            "EXCEPT SELECT id, value, dots FROM main.ballots WHERE proposal_id = a.id)"
        ).fetchall():
            ctx.report.not_taken.append(
                NotTaken(
                    table="ballots",
                    row_key=proposal_id,
                    label=title,
                    reason=VOTE_KEPT_WHOLE,
                    kept_from=ctx.target_file,
                    dropped_from=ctx.source_file,
                )
            )

    def _sites(self, path: Path, report: SourceReport) -> dict[str, str]:
        """Record the source's site (and those it knows); every site's label, for reports."""
        own = self.records.site_id

        def meta(schema_name: str, key: str) -> str | None:
            row = self.conn.execute(
                f"SELECT value FROM {schema_name}.meta WHERE key = ?", (key,)
            ).fetchone()
            return None if row is None else str(clean(row[0], LINE))

        site = meta(SOURCE, "site_id") or ""
        label = meta(SOURCE, "site_label") or clean(path.stem, LINE) or site[:8]
        report.site_id, report.site_label = site, label
        now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
        if site and site != own:
            self.conn.execute(
                "INSERT OR IGNORE INTO main.sites (id, label, first_merged_at) "
                f"VALUES (?, ?, {now})",
                (site, label),
            )
        self.conn.execute(
            "INSERT OR IGNORE INTO main.sites (id, label, first_merged_at) "
            f"SELECT {cleaned_sql('s.id', LINE)}, {cleaned_sql('s.label', LINE)}, {now} "
            f"FROM {SOURCE}.sites s WHERE s.id IS NOT ?",
            (own,),
        )
        labels = dict(self.conn.execute("SELECT id, label FROM main.sites").fetchall())
        labels[own] = meta("main", "site_label") or self.records.path.stem
        return labels

    def _union_tombstones(self) -> None:
        """Both files' deletions: for a row deleted in both, the later deletion is kept."""
        tables = tuple(TABLES_IN_ORDER)
        marks = ", ".join("?" * len(tables))
        key = cleaned_sql("s.row_key", LINE)
        for row_key, tbl, theirs, ours, site in self.conn.execute(
            f"SELECT s.row_key, s.tbl, s.deleted_at, t.deleted_at, s.site "
            f"FROM {SOURCE}.tombstones s JOIN main.tombstones t "
            f"ON t.tbl = s.tbl AND t.row_key = s.row_key WHERE s.deleted_at IS NOT t.deleted_at"
        ).fetchall():
            if later_deletion(ours, theirs) != ours:
                self.conn.execute(
                    "UPDATE main.tombstones SET deleted_at = ?, site = ? "
                    "WHERE tbl = ? AND row_key = ?",
                    (theirs, site, tbl, row_key),
                )
        self.conn.execute(
            "INSERT OR IGNORE INTO main.tombstones (tbl, row_key, deleted_at, site) "
            f"SELECT s.tbl, {key}, s.deleted_at, {cleaned_sql('s.site', LINE)} "
            f"FROM {SOURCE}.tombstones s WHERE s.tbl IN ({marks})",
            tables,
        )

    def _apply_tombstones(self, ctx: Context) -> None:
        """Delete every target row a deletion beats; cascades take their children."""
        for table in TABLES_IN_ORDER:
            key = ROW_KEYS[table]
            match = (
                "r.id = t.row_key"
                if key == ("id",)
                else " AND ".join(
                    f"r.\"{c}\" = json_extract(t.row_key, '$[{n}]')" for n, c in enumerate(key)
                )
            )
            stamped = "r.updated_at" if table != "ballot_receipts" else "NULL"
            cols = ", ".join(f'r."{c}"' for c in key)
            found = self.conn.execute(
                f"SELECT {cols}, {stamped}, t.deleted_at FROM main.tombstones t "
                f"JOIN main.{table} r ON {match} WHERE t.tbl = ?",
                (table,),
            ).fetchall()
            doomed = [row[: len(key)] for row in found if tombstone_beats(row[-1], row[-2])]
            if doomed:
                where = " AND ".join(f'"{c}" = ?' for c in key)
                self.conn.executemany(f"DELETE FROM main.{table} WHERE {where}", doomed)
                ctx.counts(table).deleted += len(doomed)
